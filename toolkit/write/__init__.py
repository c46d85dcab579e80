"""Stage 5, writing workbooks: the blank templates, the 统计表 with its checks and provenance sheets,
annotated copies of the inputs, and the xlsx helpers they share."""
