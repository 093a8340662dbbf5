"""The workbook: one worksheet per 公开表 of the document, laid out as published, amounts as numbers."""

from __future__ import annotations

import math
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .sheets import Sheet, sheets

MONEY_FORMAT = "#,##0.00"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_ROW, META_ROW, HEAD_ROW = 1, 2, 3  # the table number goes in the sheet name; the header starts on row 3


def _sheet_name(sheet: Sheet, used: set) -> str:
    name = (sheet.no or sheet.title or sheet.id)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[:28]}-{n}"
        n += 1
    used.add(name)
    return name


def _widths(sheet: Sheet) -> list[float]:
    """Column widths in characters: code columns narrow, name/label columns wide, amounts 14."""
    widths = [6.0] * sheet.width
    for row in sheet.body:
        for c, cell in enumerate(row):
            if cell is None or cell.colspan > 1:
                continue
            if isinstance(cell.value, Decimal):
                widths[c] = max(widths[c], 14.0)
            elif cell.value:
                widths[c] = max(widths[c], min(40.0, 2.2 * len(str(cell.value)) + 2))
    for row in sheet.header:
        for c, cell in enumerate(row):
            if cell is not None and cell.colspan == 1 and cell.value:
                widths[c] = max(widths[c], min(16.0, len(str(cell.value)) + 4.0))
    return widths


LINE_PT = 15.0  # the row height of one line of 11 pt text, as Excel and Calc set it


def _text_units(text: str) -> float:
    """Width of *text* in column-width units (the width of a "0"): a Chinese character takes about two."""
    return sum(1.0 if ord(ch) < 0x2E80 else 2.0 for ch in text)


def _row_heights(ws, grid, top: int, widths: list[float]) -> None:
    """Rows whose wrapped text needs more than one line get the height for it: neither Excel nor Calc grows a row
    for a merged cell (an empty table's statement, a name over several columns), so the text would be cut off."""
    for r, row in enumerate(grid):
        lines = 1
        for c, cell in enumerate(row):
            if cell is None or cell.rowspan > 1 or isinstance(cell.value, Decimal) or not cell.value:
                continue
            room = max(1.0, sum(widths[c : c + cell.colspan]) - 1.0)
            need = sum(max(1, math.ceil(_text_units(part) / room)) for part in str(cell.value).split("\n"))
            lines = max(lines, need)
        if lines > 1:
            ws.row_dimensions[top + r].height = lines * LINE_PT


def _write_cells(ws, grid, top: int, header: bool) -> None:
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = ws.cell(row=top + r, column=c + 1)
            value = cell.value
            if isinstance(value, Decimal):
                if value != 0:
                    target.value = value
                target.number_format = MONEY_FORMAT
                target.alignment = Alignment(horizontal="right", vertical="center")
            else:
                target.value = value
                target.number_format = "@"  # codes stay text: 01 stays 01
                indent = 0
                if "lvl" in cell.css:
                    level = next((int(x[3:]) for x in cell.css.split() if x.startswith("lvl") and x[3:].isdigit()), 0)
                    indent = level
                center = header or "center" in cell.css.split() or "code" in cell.css.split()
                target.alignment = Alignment(
                    horizontal="center" if center else "left",
                    vertical="center",
                    wrap_text=True,
                    indent=0 if center else indent,
                )
            if cell.colspan > 1 or cell.rowspan > 1:
                ws.merge_cells(
                    start_row=top + r,
                    start_column=c + 1,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
    for r in range(len(grid)):
        for c in range(len(grid[0]) if grid else 0):
            ws.cell(row=top + r, column=c + 1).border = _BORDER


def add_sheet(wb: Workbook, sheet: Sheet, used: set) -> None:
    ws = wb.create_sheet(_sheet_name(sheet, used))
    last = get_column_letter(sheet.width)
    ws.cell(row=TITLE_ROW, column=1, value=sheet.title).font = Font(bold=True, size=14)
    ws.cell(row=TITLE_ROW, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.cell(row=META_ROW, column=1, value=sheet.meta_left)
    unit = ws.cell(row=META_ROW, column=sheet.width, value=sheet.unit)
    unit.alignment = Alignment(horizontal="right")
    _write_cells(ws, sheet.header, HEAD_ROW, header=True)
    for row in ws.iter_rows(min_row=HEAD_ROW, max_row=HEAD_ROW + len(sheet.header) - 1):
        for cell in row:
            cell.font = Font(bold=True)
    body_top = HEAD_ROW + len(sheet.header)
    _write_cells(ws, sheet.body, body_top, header=False)
    for i, note in enumerate(sheet.notes):  # 表注 under the table, outside the grid the importer reads
        ws.cell(row=body_top + len(sheet.body) + 1 + i, column=1, value=note)
    for r, kind in enumerate(sheet.kinds):
        if "total" in kind.split() or "unit" in kind.split():
            for cell in ws[body_top + r]:
                cell.font = Font(bold=True)
    widths = _widths(sheet)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _row_heights(ws, sheet.header, HEAD_ROW, widths)
    _row_heights(ws, sheet.body, body_top, widths)
    ws.freeze_panes = ws.cell(row=body_top, column=1)
    ws.print_title_rows = f"{HEAD_ROW}:{body_top - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.wide or sheet.width > 8 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def build_workbook(document) -> Workbook:
    """The 公开表 of *document* (a finished render.tree.Document) as a workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set = set()
    found = sheets(document)
    for sheet in found:
        add_sheet(wb, sheet, used)
    if not found:
        ws = wb.create_sheet("说明")
        ws["A1"] = "本输入没有可导出的公开表（决算报告的九张表来自输入的“决算表”，见 docs/final-input.md）。"
    return wb
