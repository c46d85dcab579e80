"""Stage 1, the gate: everything an input passes before a parser touches it — the files and zip attachments
a command is given (inputs), the one zip container gate for workbooks, attachments and report templates
(zips), the sheet-extent check that refuses a workbook before calamine would allocate for it (sheets), the
workbook gate that runs them all (workbook), and which part holds which sheet (parts)."""
