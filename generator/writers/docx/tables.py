"""HTML tables (colspan/rowspan, thead, colgroup) → Word tables built directly as WordprocessingML.

Every row is kept whole (w:cantSplit); the header rows repeat on each page (w:tblHeader). The header rows are the
``<thead>`` rows, or, when a table has none (a 绩效 table's info part), its leading rows made only of ``<th>``
cells, or else its first row when that row starts with a ``<th>`` label (项目名称/预算单位 identifies the table on a
continued page).
Column widths come from ``<colgroup><col style="width:NN%">`` when present, else from a content heuristic.
"""

from __future__ import annotations

import math
import re

from lxml import etree

from ...render.grid import Grid
from .ooxml import sub, w

INDENT = {"lvl1": 1, "lvl2": 2, "lvl3": 3}
_JC = {"num": "right", "center": "center", "code": "center", "meta-right": "right"}
CODE_TWIPS = 510  # 9 mm: a narrow code column
CELL_MARGIN_TWIPS = {"top": 28, "bottom": 28, "left": 70, "right": 70}  # 1.4 pt above/below, 3.5 pt beside
# print.css sets code and amount cells ``white-space: nowrap``: one line in the PDF, so one line in the DOCX too.
# Their width is estimated for the widest Latin face a reader may get for the table font (DejaVu Sans, which
# LibreOffice substitutes for 宋体 without the font; SimSun's half-width digits are narrower): a cell whose text would
# not fit between the usual margins gets narrow margins, then its characters scaled (w:w) to fit.
NOWRAP = {"code", "num"}
NARROW_MARGIN_TWIPS = 40  # 2 pt: an amount never touches the cell's border (0.7 pt did: issue 24), it is scaled instead
LATIN_EM = {False: 0.64, True: 0.70}  # DejaVu Sans (Bold) digits; "," and "." are narrower, counted the same
MIN_SCALE = 60  # percent


def _cells(tr):
    return [c for c in tr if isinstance(c.tag, str)]


def header_count(rows) -> int:
    """How many leading rows repeat on each page (see the module docstring)."""
    n = 0
    while n < len(rows) and rows[n][1]:
        n += 1
    if n:
        return n
    meta = 0
    while meta < len(rows) and "meta" in rows[meta][0].get("class", "").split():
        meta += 1
    n = meta
    while n < len(rows) and _cells(rows[n][0]) and all(c.tag == "th" for c in _cells(rows[n][0])):
        n += 1
    if n > meta:
        return n
    first = _cells(rows[meta][0]) if meta < len(rows) else []
    return meta + 1 if first and first[0].tag == "th" and len(rows) > meta + 1 else 0


def _weights(placed, rows, ncols):
    """Column weights: code columns narrow, other columns by their longest single-column text (numbers ≥ 4)."""
    wgt = [0.0] * ncols
    codes, others = [False] * ncols, [False] * ncols  # body cells seen: code cells, other non-empty cells
    for r, c, _rs, cs, el in placed:
        if cs != 1 or rows[r][0].get("class", "") in ("meta", "colno"):
            continue
        text = "".join(el.itertext()).strip()
        if rows[r][1]:  # a header may wrap, but not to one character per line
            wgt[c] = max(wgt[c], min(len(text) * 0.5, 6.0))
            continue
        if "code" in el.get("class", "").split():
            codes[c] = True
        elif text:
            others[c] = True
        wgt[c] = max(wgt[c], min(len(text) * 0.9, 14.0))
    # negative weight = code column: fixed narrow width (an all-empty amount column is not a code column)
    return [-1.0 if codes[i] and not others[i] and wgt[i] <= 3 else max(wgt[i], 5.0) for i in range(ncols)]


_WIDTH = re.compile(r"width\s*:\s*([\d.]+)\s*%")


def colgroup_percents(table_el, ncols: int) -> list[float] | None:
    """Percent widths from ``<colgroup><col style="width:NN%">`` (span honoured), or None when absent/incomplete."""
    cols = [col for group in table_el if group.tag == "colgroup" for col in group if col.tag == "col"]
    cols += [col for col in table_el if col.tag == "col"]
    out = []
    for col in cols:
        m = _WIDTH.search(col.get("style", "") or "")
        if m is None:
            return None
        out += [float(m.group(1))] * int(col.get("span", 1))
    return out if len(out) == ncols and sum(out) > 0 else None


def column_widths(table_el, placed, rows, ncols: int, width_twips: int) -> list[int]:
    pct = colgroup_percents(table_el, ncols)
    if pct is not None:
        total = sum(pct)
        return [int(width_twips * p / total) for p in pct]
    weights = _weights(placed, rows, ncols)
    rest = width_twips - CODE_TWIPS * sum(1 for x in weights if x < 0)
    total = sum(x for x in weights if x > 0) or 1
    return [CODE_TWIPS if x < 0 else int(rest * x / total) for x in weights]


def text_em(text: str, bold: bool) -> float:
    """Width of *text* in em, wide characters 1 em, the others as :data:`LATIN_EM` (an upper estimate)."""
    return sum(1.0 if ord(ch) > 0x2E7F else LATIN_EM[bold] for ch in text)


def _keep_on_one_line(tcpr, p, text: str, bold: bool, font_size: float, width_twips: int) -> None:
    """Narrow margins, then a character scale, so that *text* does not wrap in a cell *width_twips* wide."""
    need = text_em(text, bold) * font_size * 20 + 10  # twips, with a little slack for rounding
    if need <= width_twips - CELL_MARGIN_TWIPS["left"] - CELL_MARGIN_TWIPS["right"]:
        return
    mar = tcpr.makeelement(w("tcMar"), {})
    for side in ("left", "right"):
        sub(mar, side, w=NARROW_MARGIN_TWIPS, type="dxa")
    tcpr.find(w("vAlign")).addprevious(mar)  # tcMar precedes vAlign in CT_TcPr
    room = width_twips - 2 * NARROW_MARGIN_TWIPS
    if need <= room:
        return
    scale = max(MIN_SCALE, int(100 * room / need))
    for rpr in p.iter(w("rPr")):
        size = rpr.find(w("sz"))
        scaled = rpr.makeelement(w("w"), {w("val"): str(scale)})
        if size is not None:
            size.addprevious(scaled)  # w:w precedes w:sz in CT_RPr
        else:
            rpr.append(scaled)


def _lines(el) -> list[str]:
    """The text lines of a cell (a ``<br>`` ends a line)."""
    lines, current = [], [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag == "br":
            lines.append("".join(current))
            current = []
        elif isinstance(child.tag, str):
            current.append("".join(child.itertext()))
        current.append(child.tail or "")
    lines.append("".join(current))
    return [line.strip() for line in lines]


def header_heights(placed, nhead: int, widths: list[int], font_size: float, line_twips: int) -> list[int]:
    """The least height (twips) of each repeated header row, so that its cells' lines fit in the rows they span.

    LibreOffice repeats a header row at the height it gives the row itself, not the height a vertically merged
    cell needs: on a continued page "工资福利支出" in a cell spanning two header rows was cut in half (表7). An
    explicit height on each row (``w:trHeight``, at least) holds the merged cell's lines on every page."""
    need_rows = [0] * nhead
    spanning = []
    for r, c, rs, cs, el in placed:
        if r >= nhead:
            continue
        room = max(1, sum(widths[c : c + cs]) - CELL_MARGIN_TWIPS["left"] - CELL_MARGIN_TWIPS["right"])
        lines = sum(max(1, math.ceil(text_em(line, True) * font_size * 20 / room - 0.02)) for line in _lines(el))
        need = lines * line_twips + CELL_MARGIN_TWIPS["top"] + CELL_MARGIN_TWIPS["bottom"] + 20
        if rs <= 1:
            need_rows[r] = max(need_rows[r], need)
        else:
            spanning.append((r, min(rs, nhead - r), need))
    for r, rs, need in spanning:
        have = sum(need_rows[r : r + rs])
        if need > have:
            for i in range(r, r + rs):
                need_rows[i] += math.ceil((need - have) / rs)
    return need_rows


class TableBuilder:
    """Builds w:tbl elements; style ids and sizes are fixed per document, so nothing is looked up per cell."""

    def __init__(self, grid_style_id: str, text_style_id: str, add_runs):
        self.grid_style_id = grid_style_id
        self.text_style_id = text_style_id
        self.add_runs = add_runs  # (w:p, html element, bold, half_points) -> None

    def build(self, table_el, grid: Grid, width_twips: int, font_size: float) -> etree._Element:
        """The w:tbl of *table_el*, its cells placed on *grid* (render/grid.py)."""
        rows = [(row.tr, row.header) for row in grid.rows]
        if not rows:
            raise ValueError("表格没有行")
        placed = [(c.row, c.col, c.rowspan, c.colspan, c.el) for c in grid.cells]
        ncols = grid.ncols
        widths = column_widths(table_el, placed, rows, ncols, width_twips)
        half_points = int(round(font_size * 2))
        indent_unit = int(font_size * 20)
        # print.css line-height: 1.25 in 绩效 tables (table.perf), 1.3 elsewhere
        line_height = 1.25 if "perf" in (table_el.get("class") or "").split() else 1.3
        line_twips = int(round(font_size * line_height * 20))
        nhead = header_count(rows)

        tbl = etree.Element(w("tbl"))
        tblpr = sub(tbl, "tblPr")
        sub(tblpr, "tblStyle", val=self.grid_style_id)
        sub(tblpr, "tblW", w=sum(widths), type="dxa")
        sub(tblpr, "jc", val="center")
        sub(tblpr, "tblLayout", type="fixed")
        mar = sub(tblpr, "tblCellMar")
        for side, value in CELL_MARGIN_TWIPS.items():
            sub(mar, side, w=value, type="dxa")
        sub(
            tblpr,
            "tblLook",
            val="04A0",
            firstRow="1",
            lastRow="0",
            firstColumn="1",
            lastColumn="0",
            noHBand="0",
            noVBand="1",
        )
        grid = sub(tbl, "tblGrid")
        for wd in widths:
            sub(grid, "gridCol", w=wd)

        heights = header_heights(placed, nhead, widths, font_size, line_twips)
        starts = {(r, c): (rs, cs, el) for r, c, rs, cs, el in placed}
        covered = {}
        for r, c, rs, cs, _el in placed:
            for i in range(1, rs):
                covered[(r + i, c)] = cs
        for r, (tr_el, _header) in enumerate(rows):
            tr = sub(tbl, "tr")
            trpr = sub(tr, "trPr")
            sub(trpr, "cantSplit")
            if r < nhead:
                sub(trpr, "trHeight", val=heights[r], hRule="atLeast")  # after cantSplit, as CT_TrPr orders them
                sub(trpr, "tblHeader")
            tr_classes = tr_el.get("class", "").split()
            meta = "meta" in tr_classes
            strong_row = "total" in tr_classes or "unit" in tr_classes
            c = 0
            while c < ncols:
                if (r, c) in starts:
                    rs, cs, el = starts[(r, c)]
                elif (r, c) in covered:
                    rs, cs, el = 0, covered[(r, c)], None
                else:
                    rs, cs, el = 1, 1, None
                tc = sub(tr, "tc")
                tcpr = sub(tc, "tcPr")
                sub(tcpr, "tcW", w=sum(widths[c : c + cs]), type="dxa")
                if cs > 1:
                    sub(tcpr, "gridSpan", val=cs)
                if rs > 1:
                    sub(tcpr, "vMerge", val="restart")
                elif rs == 0:
                    sub(tcpr, "vMerge")
                if meta:
                    borders = sub(tcpr, "tcBorders")
                    for side in ("top", "left", "bottom", "right"):
                        sub(borders, side, val="nil")
                elif el is not None and el.tag == "th":
                    sub(tcpr, "shd", val="clear", color="auto", fill="F2F2F2")
                sub(tcpr, "vAlign", val="center")
                p = sub(tc, "p")
                ppr = sub(p, "pPr")
                sub(ppr, "pStyle", val=self.text_style_id)
                sub(ppr, "spacing", line=line_twips, lineRule="exact")  # print.css line-height
                if el is not None:
                    classes = el.get("class", "").split()
                    level = next((INDENT[k] for k in classes if k in INDENT), 0)
                    if level:
                        sub(ppr, "ind", left=indent_unit * level)
                    jc = "center" if el.tag == "th" or "colno" in tr_classes else None
                    for k in classes:
                        jc = _JC.get(k, jc)
                    if jc:
                        sub(ppr, "jc", val=jc)
                    bold = el.tag == "th" or strong_row or "strong" in classes
                    self.add_runs(p, el, bold, half_points)
                    if NOWRAP & set(classes):
                        text = "".join(el.itertext()).strip()
                        _keep_on_one_line(tcpr, p, text, bold, font_size, sum(widths[c : c + cs]))
                c += cs
        # a row the table-ends pass marked keep (render/breaks.py) keeps with the row before it: keep-with-next on
        # that row, as print.css's tr.keep, so a page never holds only the table's last row(s)
        trs = tbl.findall(w("tr"))
        for r, (tr_el, _header) in enumerate(rows):
            if r and "keep" in (tr_el.get("class") or "").split():
                for ppr in trs[r - 1].iter(w("pPr")):
                    ppr.insert(1, ppr.makeelement(w("keepNext"), {}))  # after pStyle, as the schema orders it
        return tbl
