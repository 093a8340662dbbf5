"""The 公开表 grids the importer compares a workbook with: now read from the rendered document by the XLSX writer
(generator/writers/xlsx/sheets.py); this module keeps the importer's call ``sheets(report, figures, region)``."""

from __future__ import annotations

from ..render import render_document
from ..writers.xlsx.sheets import Cell, Sheet
from ..writers.xlsx.sheets import sheets as document_sheets

__all__ = ["Cell", "Sheet", "sheets"]


def sheets(report, figures, region) -> list[Sheet]:
    """Every 公开表 of the report (附加表 included), in printed order, with exact amounts."""
    return document_sheets(render_document(report, figures, region))
