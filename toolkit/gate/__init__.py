"""Stage 1, the gate: everything an input passes before a parser touches it — the files and zip attachments
a command is given (inputs), the zip container's limits, and the sheet-extent check that refuses a
workbook before calamine or openpyxl would allocate for it (workbook)."""
