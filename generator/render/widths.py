"""Column widths decided from the content, once, for every writer.

After Jinja, every ``<table>`` gets a first child ``<colgroup>`` with one ``<col style="width:NN.NN%">`` per grid
column and the class ``fixed`` (CSS ``table-layout: fixed``). Why: WeasyPrint's automatic table layout measures a
cell's min-content width by laying its text out once per line-break opportunity, and Chinese text breaks after
almost every character, so long cells cost O(n²) and most of the PDF time; its choice is also poor for these tables
(三级指标 wrapped to 5–7 lines while short-valued columns stayed wide, "≥90%" broken after "≥"). The DOCX writer
reads the same ``<col>`` widths, so both outputs agree.

The rules, in em of the table's font size (text widths estimated by character class, no font files read):
- a value (amount, percentage, code, "≥90%", a short 指标值) is never broken: its column is at least as wide;
- a text cell may wrap, but a word of up to four characters stays on one line;
- a header may wrap, but only between words (render/words.py: never "部门联系/人"), in at most three lines; when it
  must wrap, its lines end where the words do (``<br>``);
- the rest of the width goes to the columns whose text would otherwise wrap most (label and name columns),
  in proportion to how much wider they would like to be; empty and code columns stay narrow.
The grid is colspan/rowspan-aware; a spanning cell only asks that its columns together hold its value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from .grid import Grid, table_grid
from .measure import Cell, Geometry, indent_em, text_em, text_lines
from .words import least_width, split_lines

SLACK = 0.3  # em added to every column: estimates are not exact, and a value one hair too wide would wrap

_WORD = re.compile(r"[\x21-\x7e\u00a0-\u024f≥≤＞＜%‰℃·]+")  # runs a line never breaks inside (digits, Latin, ≥90%)


def _cell_lines(el) -> list[str]:
    """The cell's text lines (a <br> ends a line), stripped, empty ones left out; the tree is not changed."""
    return [line.strip() for line in text_lines(el) if line.strip()]


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def grid(table, placed: Grid | None = None) -> tuple[list[Cell], int]:
    """Cells placed on the table's grid (render/grid.py; *placed* when known) with their text lines, and the number
    of grid columns."""
    g = placed or table_grid(table)
    cells = []
    for p in g.cells:
        row_classes = _classes(g.rows[p.row].tr)
        cells.append(Cell(p.row, p.col, p.colspan, p.rowspan, _cell_lines(p.el), p.header, _classes(p.el), row_classes))
    return cells, g.ncols


def _is_value(cell: Cell) -> bool:
    """A value printed whole: an amount, code or column number, or a short entry of a centred column."""
    if cell.header:
        return False
    if {"num", "code"} & set(cell.classes) or "colno" in cell.row_classes:
        return True
    text = cell.text
    if not re.search(r"[\u3400-\u9fff]", text):
        return text_em(text) <= 12
    return "center" in cell.classes and text_em(text) <= 6


def _needs(cell: Cell) -> tuple[float, float]:
    """(minimum, preferred) content width in em of one cell."""
    if not cell.lines:
        return 0.0, 0.0
    full = max(text_em(line) for line in cell.lines)
    indent = indent_em(cell)
    if _is_value(cell):
        return full + indent, full + indent
    longest_word = max((text_em(w) for line in cell.lines for w in _WORD.findall(line)), default=0.0)
    if cell.header:  # broken between words only (render/words.py): in at most three lines, preferably two
        least = max(longest_word, max(least_width(line, 3) for line in cell.lines))
        return least + indent, max(least, min(full, max(least_width(line, 2) for line in cell.lines))) + indent
    return max(longest_word, min(full, 4.0)) + indent, full + indent


def _interpolate(low: list[float], high: list[float], width: float, weight: list[float] | None = None) -> list[float]:
    """Widths between *low* and *high* adding up to *width*, each column moved in proportion to its gap
    (times its *weight*)."""
    gaps = [(h - lo) * (weight[i] if weight else 1) for i, (lo, h) in enumerate(zip(low, high, strict=False))]
    share = (width - sum(low)) / (sum(gaps) or 1)
    return [min(h, lo + g * share) if weight else lo + g * share for lo, h, g in zip(low, high, gaps, strict=False)]


def column_widths(cells: list[Cell], ncols: int, width_em: float, padding_em: float) -> list[float]:
    """Fractions of the table width, one per grid column (they add up to 1).

    Three levels per column: the least width (values whole, headers in at most three lines), the body's
    preferred width (text unwrapped, capped) and the headers' preferred width (two lines). The width is shared
    level by level, so a long header never takes room a label column needs."""
    if ncols == 0:
        return []
    least = [1.5] * ncols  # an empty column still shows its borders and a dash
    body = [0.0] * ncols
    head = [0.0] * ncols
    wrapping = [0] * ncols  # body cells that wrap at the least width: a column many rows need comes first
    cap = 0.45 * width_em
    spanning = []
    for cell in cells:
        if "meta" in cell.row_classes:
            continue
        lo, hi = _needs(cell)
        if cell.colspan > 1:
            spanning.append((cell, lo))
            continue
        least[cell.col] = max(least[cell.col], lo)
        if hi > lo and not cell.header:
            wrapping[cell.col] += 1
        wants = head if cell.header else body
        wants[cell.col] = max(wants[cell.col], min(hi, cap))
    for cell, lo in spanning:  # the columns of a spanning value hold it together
        cols = range(cell.col, min(ncols, cell.col + cell.colspan))
        have = sum(least[c] + padding_em for c in cols) - padding_em
        if lo > have:
            for c in cols:
                least[c] += (lo - have) / len(cols)
    padding_em += SLACK
    level0 = [x + padding_em for x in least]
    level1 = [max(lo, b + padding_em) for lo, b in zip(level0, body, strict=False)]
    level2 = [max(b, h + padding_em) for b, h in zip(level1, head, strict=False)]
    if sum(level0) >= width_em:  # no room: keep the proportions of the minimum widths
        widths = level0
    elif sum(level1) >= width_em:
        widths = _interpolate(level0, level1, width_em, [max(1, n) ** 0.5 for n in wrapping])
        if sum(widths) < width_em - 1e-6:  # columns capped at their preferred width leave some over
            widths = _interpolate(widths, level1, width_em)
    elif sum(level2) >= width_em:
        widths = _interpolate(level1, level2, width_em)
    else:  # everything fits: share the rest in proportion
        widths = [w * width_em / sum(level2) for w in level2]
    total = sum(widths)
    return [w / total for w in widths]


def _colgroup(table, fractions: list[float]) -> None:
    """A <colgroup> of the *fractions* (percent, two decimals, adding up to 100) as the table's first child."""
    pcts = [round(f * 100, 2) for f in fractions]
    if pcts:
        pcts[-1] = round(100 - sum(pcts[:-1]), 2)
    group = table.makeelement("colgroup", {})
    for p in pcts:
        group.append(table.makeelement("col", {"style": f"width:{p:.2f}%"}))
    group.tail, table.text = table.text, None  # the white space after <table> now follows the colgroup
    table.insert(0, group)


@dataclass
class TableLayout:
    """What the widths pass learnt of a table, for the fit pass: its cells, grid width, column fractions, the block
    it is in (the nearest <div> opened before it) and its width and font size in pt."""

    table: Any
    cells: list[Cell]
    ncols: int
    block: Any
    block_classes: list[str]
    width_pt: float
    size_pt: float
    fractions: list[float] = field(default_factory=list)


def tables_by_block(root) -> dict[Any, list]:
    """Every <table> under the nearest <div> opened before it (its block), in document order; None for none."""
    blocks: dict[Any, list] = {}
    block = None
    for el in root.iter("div", "table"):
        if el.tag == "div":
            block = el
        else:
            blocks.setdefault(block, []).append(el)
    return blocks


def apply_widths(document) -> None:
    """Pass: a <colgroup> of computed widths and the class ``fixed`` on every table that has no colgroup yet (a
    template that chose its own widths keeps them). Leaves a :class:`TableLayout` per table in ``document.notes``
    for the fit pass (render/fit.py)."""
    geometry = document.geometry
    for block, tables in tables_by_block(document.root).items():
        classes = _classes(block) if block is not None else []
        block_id = (block.get("id") or "") if block is not None else ""
        group = []
        for table in tables:
            if any(child.tag == "colgroup" for child in table):
                continue
            cells, ncols = grid(table, document.grid(table))
            width_pt, size_pt = geometry.context(classes, block_id, _classes(table))
            group.append(TableLayout(table, cells, ncols, block, classes, width_pt, size_pt))
        _share_widths(group, geometry)
        for t in group:
            _break_headers(document.grid(t.table), t, geometry)
            table_classes = _classes(t.table)
            if "fixed" not in table_classes:
                t.table.set("class", " ".join(table_classes + ["fixed"]))
            _colgroup(t.table, t.fractions)
            document.notes[t.table] = t


def _break_headers(placed: Grid, t: TableLayout, geometry: Geometry) -> None:
    """A header (``th``) too wide for its column(s) ends each line between two words (``<br>``): the engines would
    break it after any character ("部门联系/人"). Only a header of plain text (no markup inside) is broken."""
    padding_em = (geometry.padding_pt / t.size_pt) + 0.05
    width_em = t.width_pt / t.size_pt
    for p in placed.cells:
        el = p.el
        if el.tag != "th" or len(el) or not (el.text or "").strip():
            continue
        room = sum(t.fractions[p.col : p.col + p.colspan]) * width_em - padding_em
        lines = split_lines(el.text.strip(), room)
        if not lines:
            continue
        el.text = lines[0]
        for line in lines[1:]:
            br = el.makeelement("br", {})
            br.tail = line
            el.append(br)


def _share_widths(group: list[TableLayout], geometry: Geometry) -> None:
    """Column widths of a block's tables; stacked tables of one grid (a 绩效 table's info and indicator parts)
    share them, decided from all their rows, so that their columns line up as in one table."""
    shared = len(group) > 1 and len({(t.ncols, t.width_pt, t.size_pt) for t in group}) == 1
    runs = [group] if shared else [[t] for t in group]
    for run in runs:
        cells: list[Cell] = []
        offset = 0
        for t in run:
            cells.extend(t.cells if not offset else (replace(c, row=c.row + offset) for c in t.cells))
            offset += max((c.row + c.rowspan for c in t.cells), default=0)
        first = run[0]
        fractions = column_widths(
            cells, first.ncols, first.width_pt / first.size_pt, geometry.padding_pt / first.size_pt
        )
        for t in run:
            t.fractions = fractions
