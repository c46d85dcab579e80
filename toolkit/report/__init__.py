"""Stage 6, the report: the Word template and its placeholders (template, variables), filling it (fill),
the web copy (html) and the docx helpers they share."""
