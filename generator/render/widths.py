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
- a header may wrap, but not to one character per line (at most three lines, at least two characters);
- the rest of the width goes to the columns whose text would otherwise wrap most (label and name columns),
  in proportion to how much wider they would like to be; empty and code columns stay narrow.
The grid is colspan/rowspan-aware; a spanning cell only asks that its columns together hold its value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import lxml.html

from .measure import Cell, Geometry, indent_em, text_em

# a table block estimated to overflow its page at its CSS size but not set smaller (the smallest size would not do,
# by this estimate) is marked data-fill: the estimate is WeasyPrint's and rough; the Typst writer measures such
# blocks in its own layout and sets them smaller when that keeps them on one page (10 of jincheng's 自评表)
NEAR_FULL = 1.0
FAR_OVER = 1.8  # beyond this even the smallest size (3/4: about 0.56 of the height) cannot keep it on one page
SLACK = 0.3  # em added to every column: estimates are not exact, and a value one hair too wide would wrap

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_OPEN = re.compile(r"<table\b[^>]*>")
_CLASS = re.compile(r'\bclass="([^"]*)"')
_WORD = re.compile(r"[\x21-\x7e\u00a0-\u024f≥≤＞＜%‰℃·]+")  # runs a line never breaks inside (digits, Latin, ≥90%)


def _cell_lines(el) -> list[str]:
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [line.strip() for line in el.text_content().split("\n") if line.strip()]


def grid(table) -> tuple[list[Cell], int]:
    """Cells placed on the table's grid (rowspan/colspan aware) and the number of grid columns."""
    cells: list[Cell] = []
    taken: dict[tuple[int, int], bool] = {}
    ncols = 0
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        row_classes = (tr.get("class") or "").split()
        for el in tr:
            if el.tag not in ("td", "th"):
                continue
            while taken.get((r, c)):
                c += 1
            cs = max(1, int(el.get("colspan") or 1))
            rs = max(1, int(el.get("rowspan") or 1))
            for i in range(rs):
                for j in range(cs):
                    taken[(r + i, c + j)] = True
            cells.append(
                Cell(r, c, cs, rs, _cell_lines(el), el.tag == "th", (el.get("class") or "").split(), row_classes)
            )
            c += cs
            ncols = max(ncols, c)
    return cells, ncols


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
    if cell.header:  # up to four characters on one line, longer ones in at most three lines, preferably two
        least = max(longest_word, min(full, max(4.0, full / 3)))
        return least + indent, max(least, min(full, full / 2 + 1)) + indent
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


def _colgroup(fractions: list[float]) -> str:
    pcts = [round(f * 100, 2) for f in fractions]
    if pcts:
        pcts[-1] = round(100 - sum(pcts[:-1]), 2)
    return "<colgroup>" + "".join(f'<col style="width:{p:.2f}%">' for p in pcts) + "</colgroup>"


def _block_of(html: str, pos: int) -> tuple[list[str], str]:
    """Classes and id of the nearest <div> opened before *pos* (the table's block)."""
    start = html.rfind("<div", 0, pos)
    if start < 0:
        return [], ""
    tag = html[start : html.index(">", start) + 1]
    m = _CLASS.search(tag)
    i = re.search(r'\bid="([^"]*)"', tag)
    return (m.group(1).split() if m else []), (i.group(1) if i else "")


def _fixed_open_tag(tag: str) -> str:
    m = _CLASS.search(tag)
    if m:
        classes = m.group(1).split()
        if "fixed" in classes:
            return tag
        return tag[: m.start()] + f'class="{" ".join(classes + ["fixed"])}"' + tag[m.end() :]
    return tag[:-1] + ' class="fixed">'


@dataclass
class _Table:
    match: re.Match
    open_tag: str
    cells: list[Cell]
    ncols: int
    fractions: list[float]
    block_classes: list[str]
    width_pt: float
    size_pt: float
    block: int  # where its block (the nearest <div> before it) starts


def apply_widths(html: str, geometry: Geometry | None = None, fit: bool = True) -> str:
    """*html* with a <colgroup> of computed widths and class ``fixed`` on every table that has none yet.

    With *fit*, a table that would spill a little over its page gets a smaller font size (render/fit.py)."""
    geometry = geometry or Geometry()
    todo: list[_Table] = []
    for m in _TABLE.finditer(html):
        source = m.group(0)
        if "<colgroup" in source[:200]:  # a template that chose its own widths keeps them
            continue
        opened = _OPEN.match(source)
        table = lxml.html.fragment_fromstring(source)
        cells, ncols = grid(table)
        block_classes, block_id = _block_of(html, m.start())
        width_pt, size_pt = geometry.context(block_classes, block_id, (table.get("class") or "").split())
        open_tag = opened.group(0) if opened else "<table>"
        block = html.rfind("<div", 0, m.start())
        todo.append(_Table(m, open_tag, cells, ncols, [], block_classes, width_pt, size_pt, block))
    blocks: dict[int, list[_Table]] = {}
    for t in todo:
        blocks.setdefault(t.block, []).append(t)
    for group in blocks.values():
        _share_widths(group, geometry)
    fitted: dict[int, tuple[float | None, int, float]] = {}  # block start → (font size, rows kept, page share)
    if fit:
        from .fit import fit_tables

        for block, group in blocks.items():  # a block's tables are fitted together
            end = group[-1]
            parts = [(t.cells, t.fractions) for t in group]
            fitted[block] = fit_tables(
                html, end.match.end(), parts, end.width_pt, end.size_pt, end.block_classes, geometry
            )
    out, last = [], 0
    for i, t in enumerate(todo):
        size, keep, fill = fitted.get(t.block, (None, 0, 0.0))
        new_tag = _fixed_open_tag(t.open_tag)
        if size is not None:
            new_tag = new_tag[:-1] + f' style="font-size:{size:g}pt">'
        elif NEAR_FULL <= fill <= FAR_OVER and (i == 0 or todo[i - 1].block != t.block):  # the block's first table
            new_tag = new_tag[:-1] + f' data-fill="{fill:.2f}">'  # the Typst writer measures such blocks
        if keep and (i + 1 == len(todo) or todo[i + 1].block != t.block):  # the block's last table
            new_tag = new_tag[:-1] + f' data-keep="{keep}">'
        out.append(html[last : t.match.start()])
        out.append(new_tag + _colgroup(t.fractions) + t.match.group(0)[len(t.open_tag) :])
        last = t.match.end()
    out.append(html[last:])
    return "".join(out)


def _share_widths(group: list[_Table], geometry: Geometry) -> None:
    """Column widths of a block's tables; stacked tables of one grid (a 绩效 table's info and indicator parts)
    share them, decided from all their rows, so that their columns line up as in one table."""
    shared = len(group) > 1 and len({(t.ncols, t.width_pt, t.size_pt) for t in group}) == 1
    runs = [group] if shared else [[t] for t in group]
    for run in runs:
        cells: list[Cell] = []
        offset = 0
        for t in run:
            cells.extend(replace(c, row=c.row + offset) for c in t.cells)
            offset += max((c.row + c.rowspan for c in t.cells), default=0)
        first = run[0]
        fractions = column_widths(
            cells, first.ncols, first.width_pt / first.size_pt, geometry.padding_pt / first.size_pt
        )
        for t in run:
            t.fractions = fractions
