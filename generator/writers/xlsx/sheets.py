"""The 公开表 as grids of cells, read from the document's table blocks, with the exact computed figures.

The templates are the one place a table's layout (titles, multi-level headers, row order) is written, so the
workbook follows whatever a region or overlay prints. An amount cell carries its exact computed ``Decimal`` in
``data-value`` (the ``cell`` filter writes it, render/values.py puts it on the cell), not only its printed text;
no figure is parsed from formatted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ...errors import RenderError
from ...render.grid import Grid


@dataclass
class Cell:
    value: object = None  # str | Decimal | None
    colspan: int = 1
    rowspan: int = 1
    css: str = ""


@dataclass
class Sheet:
    """One 公开表: header rows and body rows of cells (None where a merged cell covers the position)."""

    id: str
    no: str
    title: str
    meta_left: str
    unit: str
    width: int
    wide: bool
    header: list[list[Cell | None]] = field(default_factory=list)
    body: list[list[Cell | None]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # body row classes (total, class, section, item, unit …)
    notes: list[str] = field(default_factory=list)  # 表注 / 说明 printed under the table


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _value(el):
    """The exact amount of a cell with ``data-value``, else its text (None when empty)."""
    exact = el.get("data-value")
    if exact is not None:
        try:
            return Decimal(exact)
        except InvalidOperation:
            raise RenderError(f"表格单元格的 data-value=“{exact}”不是数字") from None
    return _text(el) or None


def _grid(placed: Grid, rows: list, width: int) -> list[list[Cell | None]]:
    """The cells of *rows* (lxml <tr>, in order) on a sheet grid *width* columns wide, as the table's grid *placed*
    them (render/grid.py); a cell beyond *width* is left out, a span cut to it."""
    index = {id(row.tr): r for r, row in enumerate(placed.rows)}
    at = {index[id(tr)]: i for i, tr in enumerate(rows)}
    grid: list[list[Cell | None]] = [[None] * width for _ in rows]
    for p in placed.cells:
        if p.row in at and p.col < width:
            colspan, rowspan = min(p.colspan, width - p.col), min(p.rowspan, len(rows) - at[p.row])
            grid[at[p.row]][p.col] = Cell(_value(p.el), colspan, rowspan, p.el.get("class", ""))
    return grid


def sheets(document) -> list[Sheet]:
    """Every 公开表 of the document (附加表 included), in printed order."""
    out = []
    for block in document.root.xpath('//div[contains(concat(" ", @class, " "), " table-block ")]'):
        table = block.find(".//table")
        if table is None:
            continue
        no = block.xpath('./p[@class="table-no"]')
        title = block.xpath('./p[@class="table-title"]')
        width = int(table.get("data-cols") or document.grid(table).ncols)
        meta = table.xpath('./thead/tr[@class="meta"]')
        left = unit = ""
        if meta:
            cells = meta[0].findall("td")
            left, unit = _text(cells[0]), _text(cells[-1])
        head_rows = [tr for tr in table.xpath("./thead/tr") if tr.get("class") != "meta"]
        body_rows = table.xpath("./tbody/tr")
        sheet = Sheet(
            block.get("id", ""),
            _text(no[0]) if no else "",
            _text(title[0]) if title else "",
            left,
            unit,
            width,
            "wide" in block.get("class", "").split(),
        )
        placed = document.grid(table)
        sheet.header = _grid(placed, head_rows, width)
        sheet.body = _grid(placed, body_rows, width)
        sheet.kinds = [tr.get("class", "") for tr in body_rows]
        sheet.notes = [str(_value(p) or "") for p in block.xpath('./p[@class="note"]')]
        out.append(sheet)
    return out
