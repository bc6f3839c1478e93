"""The plan as an Excel workbook (`plan.plan_workbook_bytes`): summary, allocation, marginal
values, why-not lines, drafts and print setup. Output only: scenario workbooks are read and
written by `optimizer.io` (excel_reader, excel_template)."""
