"""Stage 5, writing workbooks: the blank templates (templates, log_workbook, stats_workbook), next year's
台账 from this year's pending cases (carry_over), the 统计表's provenance and R11 sheets (provenance,
previous_year), annotated copies of the inputs (annotate), and the xlsx helpers they share (xlsx,
textrows for the 明细's bulk rows)."""
