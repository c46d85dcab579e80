"""Stage 2, reading: a workbook, JSON table or document becomes the official tables (stats) or case rows
(log). Readers return data and the findings of what they could not read; they never decide whether the
figures agree."""
