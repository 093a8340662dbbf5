"""Figures in and out through Excel: export the 公开表 as a workbook, import a workbook into the YAML input."""
