"""A table read from a published file as the worksheet grid the Excel importer reads (excel/cells.Grid): two rows of
caption (title; 编制单位 … 单位：万元) above the table's own rows, amounts as exact Decimals, and every address named
as the reader of the file finds it (``第5页 表3 第7行第2列``) instead of ``表3!E7``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..excel.cells import Grid
from .document import Table

CAPTION_ROWS = 2
_MONEY = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.\d+$|^-?\d{1,3}(,\d{3})+$")
_UNIT = re.compile(r"单位[:：]\s*([万千]?元)")


@dataclass
class TableGrid(Grid):
    """A :class:`Grid` whose addresses are the page, table and row of the published file."""

    table: Table | None = None
    head: int = CAPTION_ROWS

    def addr(self, r: int, c: int) -> str:
        t = self.table
        if t is None or not t.rows:
            return super().addr(r, c)
        if r < self.head:
            where = t.name if t.docx else f"第{t.page}页 {t.name}"
            return f"{where} 表题"
        r = min(r - self.head, len(t.rows) - 1)
        return t.where(r, c)


def cell_value(text: str):
    """A cell's text as the worksheet value: an amount (1,234.56) as an exact Decimal, other text as is, "" as None."""
    text = text.strip()
    if not text:
        return None
    if _MONEY.match(text):
        return Decimal(text.replace(",", ""))
    return text


def title_of(table: Table) -> str:
    """The table's title among its caption lines (not 表N, not 编制单位/单位, not the year line)."""
    for line in table.caption:
        t = re.sub(r"\s+", "", line)
        if re.match(r"^(表\d+|（\d{4}年度?）|\(\d{4}年度?\))$", t) or re.match(r"^(编制|单位[:：])", t):
            continue
        t = re.sub(r"^表\d+", "", t)
        return re.sub(r"(编制(单位|部门)[:：].*|单位[:：].*)$", "", t)
    return ""


def label_of(table: Table, title: str) -> str:
    """The name a location gives a recognised table: the 表号 printed above it (表6), else its title."""
    for line in table.caption:
        m = re.match(r"^(?:附)?表\s*(\d+)", re.sub(r"\s+", "", line))
        if m:
            return f"表{m.group(1)}"
    return f"《{title_of(table) or title}》"


def unit_of(table: Table) -> str:
    """The 单位 its caption or notes state (万元 when none does: the reader reports that assumption)."""
    for line in table.caption + table.notes:
        m = _UNIT.search(re.sub(r"\s+", "", line))
        if m:
            return m.group(1)
    return ""


def grids(table: Table) -> tuple[TableGrid, TableGrid]:
    """(raw, spread): cell values at their top-left position only, and spread over every position a cell spans."""
    width = max(table.width, 2)
    meta = [c for c in table.caption if re.match(r"^编制(单位|部门)", re.sub(r"\s+", "", c))]
    unit = unit_of(table) or "万元"
    head_rows: list[list] = [
        [title_of(table)] + [None] * (width - 1),
        [meta[0] if meta else None] + [None] * (width - 2) + [f"单位：{unit}"],
    ]
    raw_rows = [list(r) for r in head_rows]
    spread_rows = [list(r) for r in head_rows]
    for row in table.rows:
        raw = [None] * width
        for cell in row:
            if cell is not None:
                raw[cell.col] = cell_value(cell.text)
        raw_rows.append(raw)
        spread_rows.append([None] * width)
    for row in table.rows:
        for cell in row:
            if cell is None:
                continue
            value = cell_value(cell.text)
            for r in range(cell.row, min(cell.row + cell.rowspan, len(table.rows))):
                for c in range(cell.col, min(cell.col + cell.colspan, width)):
                    spread_rows[CAPTION_ROWS + r][c] = value
    indents = [[0] * width for _ in raw_rows]
    for c in range(width):  # a cell whose text starts further right than its column's others is indented (a level)
        cells = [x for row in table.rows if c < len(row) for x in [row[c]] if x is not None and x.text]
        least = min((x.indent for x in cells), default=0.0)
        for x in cells:
            if x.indent > least + 4:
                indents[CAPTION_ROWS + x.row][c] = 1
    name = table.name
    return (
        TableGrid(name, raw_rows, indents, table, CAPTION_ROWS),
        TableGrid(name, spread_rows, indents, table, CAPTION_ROWS),
    )


@dataclass
class Counted:
    """Figures of the tables: read, and placed (typed into the input or equal to the figure computed from it)."""

    read: int = 0
    placed: int = 0
    differing: list = field(default_factory=list)  # (where, read, computed)
    unplaced: list = field(default_factory=list)  # (where, read)
