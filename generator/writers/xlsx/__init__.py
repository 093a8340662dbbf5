"""The XLSX format: the 公开表 of the document as a workbook (``disclose render --format xlsx``, ``export-xlsx``).

The tables are read from the document itself (sheets.py), so the workbook has the rows, headers and titles the PDF
prints, with the exact amounts of the cells' ``data-value``; workbook.py lays them out with openpyxl.
"""

from __future__ import annotations

from pathlib import Path

from ...render.tree import Document
from ..options import Options
from .sheets import Cell, Sheet, sheets
from .workbook import build_workbook

__all__ = ["Cell", "Sheet", "build_workbook", "sheets", "write"]


def write(document: Document, options: Options, target: Path) -> None:
    build_workbook(document).save(target)
