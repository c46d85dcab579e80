"""Stage 2, reading: a workbook or JSON table becomes case rows or the official tables. The 台账 reader: log
(the entry), log_sheets (sheets, rows, header, merges), log_values (one cell), log_cases (申请台账),
log_other (单位信息, 复议诉讼, 主动公开). The 统计表 reader works on plain grids: stats (the entry),
stats_grid, stats_locate, stats_tables (which copy of a table), stats_labels (R20), stats_numbers
(R5–R7), stats_sections (表二, 表三, 表四), levels (the unit's level, for R8). Published reports:
document (the shape), report_docx, report_pdf, report_html, report_text. cells parses one value; formulas
finds uncached formulas.
Readers return data and the findings of what they could not read; they never decide whether the figures
agree."""
