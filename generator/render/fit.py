"""Fit to page, as offices print a 绩效 table from a spreadsheet: a table block that would overflow its page by a
little is set in a smaller type (down to ``MIN_RATIO`` of its size) so it stays on one page.

Heights are estimated from the same text widths as the column widths (render/widths.py): each cell's lines are
its text width over its column width, a row is as tall as its tallest cell, the block adds its title lines and
notes. Only blocks that hold one table (or a 绩效 table's two stacked parts) and start a page (``perf-block``,
``table-block``) are fitted; a table much longer than a page is left to break (render/breaks.py keeps its end
together).
"""

from __future__ import annotations

import math
import re

from .measure import MM, Cell, Geometry, indent_em, text_em

MIN_RATIO = 0.75  # smallest size relative to the CSS size: 7.5pt → 5.6pt, 8.5pt → 6.4pt, 9pt → 6.75pt
STEP = 0.25  # pt
# line-height and top + bottom padding with one border (pt) of table rows, as print.css sets them
ROW_METRICS = {"perf-block": (1.25, 3.5), "table-block": (1.3, 4.5)}
SAFETY = 0.95  # estimates are rough: fit into this share of the page
TAIL = 0.3  # share of a page a continued table carries onto its last page at least

_FITTED = re.compile(r"font-size:\s*([\d.]+)pt")
_NOTE = re.compile(r'<p class="note">(.*?)</p>', re.S)
_TITLE = re.compile(r'<p class="table-(?:title|subtitle|no)">(.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]+>")


def fitted_size(table) -> float | None:
    """The smaller font size this module gave *table* (an lxml element; render/widths.py writes it into the
    table's style), for the writers that do not read print.css."""
    m = _FITTED.search(table.get("style") or "")
    return float(m.group(1)) if m else None


def table_height(
    cells: list[Cell],
    fractions: list[float],
    width_pt: float,
    size_pt: float,
    padding_pt: float,
    metrics: tuple[float, float] = ROW_METRICS["perf-block"],
) -> float:
    """Estimated height in pt of a table whose columns are *fractions* of *width_pt*, set at *size_pt*."""
    return sum(row_heights(cells, fractions, width_pt, size_pt, padding_pt, metrics))


def row_heights(
    cells: list[Cell],
    fractions: list[float],
    width_pt: float,
    size_pt: float,
    padding_pt: float,
    metrics: tuple[float, float] = ROW_METRICS["perf-block"],
) -> list[float]:
    """Estimated height in pt of each row (a row spanned by a taller cell takes what the others leave)."""
    col_em = [f * width_pt / size_pt for f in fractions]
    pad_em = padding_pt / size_pt
    nrows = max((c.row + c.rowspan for c in cells), default=0)
    rows = [0.0] * nrows
    spanning = []
    for cell in cells:
        room = sum(col_em[cell.col : cell.col + cell.colspan]) - pad_em - indent_em(cell)
        lines = sum(max(1, math.ceil(text_em(line) / max(room, 1.0) - 0.02)) for line in cell.lines) or 1
        need = lines * metrics[0] * size_pt + metrics[1]
        if cell.rowspan == 1:
            rows[cell.row] = max(rows[cell.row], need)
        else:
            spanning.append((cell, need))
    for cell, need in spanning:
        have = sum(rows[cell.row : cell.row + cell.rowspan])
        if need > have:
            rows[cell.row + cell.rowspan - 1] += need - have
    return rows


def _block_extra(html: str, table_end: int, width_pt: float, block_start: int) -> float:
    """Height of the block's titles (before the table) and notes (after it), in pt."""
    head = html[block_start : html.index("<table", block_start)]
    tail_end = html.find("</div>", table_end)
    tail = html[table_end : tail_end if tail_end >= 0 else table_end]
    total = 0.0
    if html[:block_start].rstrip().endswith("</h1>"):  # a part title shares the page (render/breaks.py)
        total += 40.0
    for m in _TITLE.finditer(head):
        size = 14.0 if "title" in m.group(0)[:25] else 12.0
        total += math.ceil(text_em(_TAG.sub("", m.group(1))) * size / width_pt) * size * 1.6 + 4
    for m in _NOTE.finditer(tail):
        for line in re.split(r"<br\s*/?>", m.group(1)):
            total += math.ceil(text_em(_TAG.sub("", line)) * 7.5 / width_pt + 0.01) * 7.5 * 1.3
        total += 3
    return total


def fit_table(
    html: str,
    table_end: int,
    cells: list[Cell],
    fractions: list[float],
    width_pt: float,
    size_pt: float,
    block_classes: list[str],
    geometry: Geometry,
) -> tuple[float | None, int, float]:
    """(a smaller font size that keeps the table's block on one page or None, rows to keep together at its end,
    the estimated share of the page the block fills at its CSS size).

    A table that must continue keeps at least a ``TAIL`` share of a page of rows together at its end, so its
    last page is not a near-empty one (render/breaks.py)."""
    return fit_tables(html, table_end, [(cells, fractions)], width_pt, size_pt, block_classes, geometry)


def fit_tables(
    html: str,
    table_end: int,
    tables: list[tuple[list[Cell], list[float]]],
    width_pt: float,
    size_pt: float,
    block_classes: list[str],
    geometry: Geometry,
) -> tuple[float | None, int, float]:
    """As ``fit_table`` for a block of stacked *tables* [(cells, column fractions)] that ends at *table_end* (a 绩效
    table is its info part and its indicator part, so the indicator header repeats on a continued page): one
    font size for all of them; the rows to keep are the last table's."""
    if not ({"perf-block", "table-block"} & set(block_classes)) or not tables:
        return None, 0, 0.0
    block_start = html.rfind("<div", 0, table_end)
    if html.count("<table", block_start, table_end) != len(tables):
        return None, 0, 0.0
    page = (geometry.landscape_height_mm if "wide" in block_classes else geometry.portrait_height_mm) * MM
    room = page * SAFETY - _block_extra(html, table_end, width_pt, block_start)
    metrics = ROW_METRICS["perf-block" if "perf-block" in block_classes else "table-block"]

    def height(size: float) -> float:
        return sum(table_height(c, f, width_pt, size, geometry.padding_pt, metrics) for c, f in tables)

    full = height(size_pt)
    fill = (page * SAFETY - room + full) / page
    if full <= room:
        return None, 0, fill
    size = size_pt - STEP
    while size >= size_pt * MIN_RATIO - 1e-9:
        if height(size) <= room:
            return size, 0, fill
        size -= STEP
    rows = row_heights(*tables[-1], width_pt, size_pt, geometry.padding_pt, metrics)
    tail, keep = 0.0, 0
    for row in reversed(rows):
        if tail >= TAIL * page or keep >= len(rows) // 2:
            break
        tail += row
        keep += 1
    return None, keep, fill
