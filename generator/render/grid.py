"""One placement of a table's cells on its grid (rowspan/colspan), for every pass and writer.

The column widths, the fit estimate, the table ends kept together, the DOCX and Typst tables and the workbook all
read a table through :func:`table_grid` (or :func:`place` for a chosen run of rows), so a spanning cell lands on the
same grid position everywhere. As in HTML, a rowspan ends with its row group (``thead``/``tbody``/``tfoot``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import RenderError

ROW_GROUPS = ("thead", "tbody", "tfoot")
NOT_ROWS = ("colgroup", "col", "caption")


@dataclass(frozen=True)
class Row:
    tr: Any  # the <tr> element
    header: bool  # inside <thead>
    group: int  # index of its row group: a rowspan never crosses into the next


@dataclass(frozen=True)
class Placed:
    """A cell on the grid: its top-left slot, its spans (rowspan cut at the end of its row group), its element."""

    row: int
    col: int
    rowspan: int
    colspan: int
    el: Any  # the <td>/<th> element

    @property
    def header(self) -> bool:
        return self.el.tag == "th"


@dataclass
class Grid:
    rows: list[Row]
    cells: list[Placed] = field(default_factory=list)
    ncols: int = 0
    ends: list[int] = field(default_factory=list)  # per row: the slot after its last cell (short rows end early)

    def starts(self) -> dict[tuple[int, int], Placed]:
        """Cell by its top-left slot."""
        return {(c.row, c.col): c for c in self.cells}

    def reach(self) -> list[int]:
        """Per row: the last row a cell starting in it spans to."""
        out = list(range(len(self.rows)))
        for c in self.cells:
            out[c.row] = max(out[c.row], c.row + c.rowspan - 1)
        return out


def elements(parent) -> list:
    """Element children (comments and processing instructions left out)."""
    return [child for child in parent if isinstance(child.tag, str)]


def table_rows(table) -> list[Row]:
    """The rows of *table* in document order; ``colgroup``/``col``/``caption`` are not rows. Anything else in a
    table is an error (the vocabulary pass refuses it earlier with the template's construct named)."""
    rows: list[Row] = []
    group = 0
    for part in elements(table):
        if part.tag in NOT_ROWS:
            continue
        if part.tag in ROW_GROUPS:
            for tr in elements(part):
                if tr.tag != "tr":
                    raise RenderError(f"表格的 <{part.tag}> 中不支持 <{tr.tag}>")
                rows.append(Row(tr, part.tag == "thead", group))
            group += 1
        elif part.tag == "tr":
            rows.append(Row(part, False, group))
        else:
            raise RenderError(f"表格中不支持 <{part.tag}>")
    return rows


def span(cell, attr: str) -> int:
    value = cell.get(attr)
    try:
        return max(1, int(value or 1))
    except ValueError:
        raise RenderError(f"表格单元格的 {attr}=“{value}”不是整数") from None


def place(rows: list[Row], width: int | None = None) -> Grid:
    """Cells of *rows* on a grid; with *width*, cells beyond that many columns are left out and spans cut to it."""
    grid = Grid(rows)
    taken: set[tuple[int, int]] = set()
    group_end = [0] * len(rows)  # per row: the first row after its row group
    for r in range(len(rows) - 1, -1, -1):
        last = r + 1 == len(rows) or rows[r + 1].group != rows[r].group
        group_end[r] = r + 1 if last else group_end[r + 1]
    for r, row in enumerate(rows):
        c = 0
        for el in elements(row.tr):
            if el.tag not in ("td", "th"):
                raise RenderError(f"表格行中不支持 <{el.tag}>")
            while (r, c) in taken:
                c += 1
            if width is not None and c >= width:
                break
            rs = min(span(el, "rowspan"), group_end[r] - r)
            cs = span(el, "colspan") if width is None else min(span(el, "colspan"), width - c)
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            grid.cells.append(Placed(r, c, rs, cs, el))
            c += cs
            grid.ncols = max(grid.ncols, c)
        while (r, c) in taken:
            c += 1
        grid.ends.append(c)
    return grid


def table_grid(table) -> Grid:
    """The grid of a whole ``<table>`` element."""
    return place(table_rows(table))
