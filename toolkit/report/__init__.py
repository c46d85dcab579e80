"""Stage 6, the report: the Word template and its placeholders (template, variables), the official
tables' layouts both copies are built from (layout), filling it (fill: the template checked by
validate, the narrative by narrative), the web copy (html), the PDF copy (pdf) and the docx helpers
they share (docx)."""
