"""Fit to page, as offices print a 绩效 table from a spreadsheet: a table block that would overflow its page by a
little is set in a smaller type (down to ``MIN_RATIO`` of its size, never under ``MIN_PT``) so it stays on one page.

Heights are estimated from the same text widths as the column widths (render/widths.py): each cell's lines are
its text width over its column width, a row is as tall as its tallest cell, the block adds its title lines and
notes. Only blocks that hold one table (or a 绩效 table's two stacked parts) and start a page (``perf-block``,
``table-block``) are fitted; a table much longer than a page is left to break (render/breaks.py keeps its end
together).
"""

from __future__ import annotations

import math
import re

from .measure import MM, Cell, Geometry, indent_em, text_em, text_lines
from .pagination import kept_above
from .widths import tables_by_block

MIN_RATIO = 0.75  # smallest size relative to the CSS size (9pt → 6.75pt) …
MIN_PT = 7.0  # … and never under 7pt: a table set smaller is hard to read in print (表2 at 5.6pt was)
STEP = 0.25  # pt


def smallest_size(size_pt: float) -> float:
    """The smallest size a table block of CSS size *size_pt* is set in to stay on its page (its own size when that
    is already 7pt or less)."""
    return min(size_pt, max(size_pt * MIN_RATIO, MIN_PT))


# line-height and top + bottom padding with one border (pt) of table rows, as print.css sets them
ROW_METRICS = {"perf-block": (1.25, 3.5), "table-block": (1.3, 4.5)}
# a table block estimated to overflow its page at its CSS size but not set smaller (the smallest size would not do,
# by this estimate) is marked data-fill: the estimate is WeasyPrint's and rough; the Typst writer measures such
# blocks in its own layout and sets them smaller when that keeps them on one page (10 of jincheng's 自评表)
NEAR_FULL = 1.0
FAR_OVER = 1.8  # beyond this even the smallest size (3/4: about 0.56 of the height) cannot keep it on one page
SAFETY = 0.95  # estimates are rough: fit into this share of the page
TAIL = 0.3  # share of a page a continued table carries onto its last page at least

_FITTED = re.compile(r"font-size:\s*([\d.]+)pt")
BLOCK_TITLES = ("table-title", "table-subtitle", "table-no")
PART_TITLE_PT = 40.0  # a part title sharing the block's page
HEADING_PT = 34.0  # an h2/h3 heading of a lead-in kept with its block (16 pt, its spacing)
LEAD_PT, LEAD_LINE = 12.0, 1.8  # a lead-in paragraph: body size and line height (an estimate, rounded up)


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


def _plain(el, name: str) -> bool:
    """*el* is a <p> whose only attribute is class="*name*" (what the estimate counts as a title or note)."""
    return el.tag == "p" and el.get("class") == name and len(el.attrib) == 1


def kept_above_pt(block, width_pt: float) -> float:
    """Height of what is kept on *block*'s page above it (render/pagination.py): a part title, or a lead-in
    paragraph and its heading, in pt; 0 when the block begins its page."""
    total = 0.0
    for el in kept_above(block):
        if el.tag == "h1":
            total += PART_TITLE_PT
        elif el.tag in ("h2", "h3"):
            total += HEADING_PT
        else:  # the first line indented 2 em
            lines = math.ceil((text_em("".join(el.itertext()).strip()) + 2) * LEAD_PT / width_pt)
            total += lines * LEAD_PT * LEAD_LINE + 8
    return total


def _block_extra(block, first_table, last_table, width_pt: float) -> float:
    """Height of the block's titles (before its first table) and notes (after its last), in pt."""
    total = kept_above_pt(block, width_pt)
    for el in block.iter():
        if el is first_table:
            break
        name = el.get("class") if isinstance(el.tag, str) else None
        if name in BLOCK_TITLES and _plain(el, name):
            size = 12.0 if name == "table-no" else 14.0
            text = "".join(text_lines(el))
            total += math.ceil(text_em(text) * size / width_pt) * size * 1.6 + 4
    for el in last_table.itersiblings():
        if el.tag == "div":
            break
        if _plain(el, "note"):
            for line in text_lines(el):
                total += math.ceil(text_em(line) * 7.5 / width_pt + 0.01) * 7.5 * 1.3
            total += 3
    return total


def fit_tables(
    block,
    tables: list,
    parts: list[tuple[list[Cell], list[float]]],
    width_pt: float,
    size_pt: float,
    block_classes: list[str],
    geometry: Geometry,
) -> tuple[float | None, int, float]:
    """(a smaller font size that keeps the table block on one page or None, rows to keep together at its end,
    the estimated share of the page the block fills at its CSS size).

    *block* holds the *tables* (every <table> of it, in order) and *parts* [(cells, column fractions)] are those of
    them the widths pass laid out, the last one last: stacked tables (a 绩效 table is its info part and its
    indicator part, so the indicator header repeats on a continued page) get one font size; the rows to keep are
    the last table's. A table that must continue keeps at least a ``TAIL`` share of a page of rows together at its
    end, so its last page is not a near-empty one (render/breaks.py)."""
    if not ({"perf-block", "table-block"} & set(block_classes)) or not parts or block is None:
        return None, 0, 0.0
    if len(tables) != len(parts):
        return None, 0, 0.0
    page = (geometry.landscape_height_mm if "wide" in block_classes else geometry.portrait_height_mm) * MM
    room = page * SAFETY - _block_extra(block, tables[0], tables[-1], width_pt)
    metrics = ROW_METRICS["perf-block" if "perf-block" in block_classes else "table-block"]

    def height(size: float) -> float:
        return sum(table_height(c, f, width_pt, size, geometry.padding_pt, metrics) for c, f in parts)

    full = height(size_pt)
    fill = (page * SAFETY - room + full) / page
    if full <= room:
        return None, 0, fill
    # rows kept together at the end in case it breaks after all: the estimate is rough, and a writer that measures
    # (Typst) keeps the CSS size when even the smallest one does not fit
    rows = row_heights(*parts[-1], width_pt, size_pt, geometry.padding_pt, metrics)
    tail, keep = 0.0, 0
    for row in reversed(rows):
        if tail >= TAIL * page or keep >= len(rows) // 2:
            break
        tail += row
        keep += 1
    size = size_pt - STEP
    while size >= smallest_size(size_pt) - 1e-9:
        if height(size) <= room:
            return size, keep, fill
        size -= STEP
    return None, keep, fill


def apply_fit(document) -> None:
    """Pass: a table block estimated to spill a little over its page gets a smaller font size (``style``) on its
    tables; one far over a page high keeps ``data-keep`` rows together at its end; one near a page high
    (``data-fill``) is left for the Typst writer to measure. Reads the layouts the widths pass left."""
    for block, tables in tables_by_block(document.root).items():
        group = [document.notes[t] for t in tables if t in document.notes]
        if not group:
            continue
        end = group[-1]
        counted = tables[: tables.index(end.table) + 1]
        parts = [(t.cells, t.fractions) for t in group]
        geometry = document.geometry
        size, keep, fill = fit_tables(block, counted, parts, end.width_pt, end.size_pt, end.block_classes, geometry)
        for i, t in enumerate(group):
            if size is not None:
                t.table.set("style", f"font-size:{size:g}pt")
            elif NEAR_FULL <= fill <= FAR_OVER and i == 0:
                t.table.set("data-fill", f"{fill:.2f}")
            if keep and i + 1 == len(group):
                t.table.set("data-keep", str(keep))
