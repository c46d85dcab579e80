"""Stage 6, the report: the Word template and its placeholders (template, variables), the official
tables' layout both copies are built from (layout), filling it (fill: the template checked by validate,
each part filled once by render, the narrative checked by narrative), the web copy (html), the PDF copy
(pdf) and the docx helpers they share (docx)."""
