"""HTML tables (colspan/rowspan, thead) → Word tables with merged cells and repeated header rows."""
from __future__ import annotations

from collections.abc import Callable

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Cell  # _Cell: python-docx has no public name for a cell built from XML
from lxml.html import HtmlElement

ALIGN = {"num": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER, "code": WD_ALIGN_PARAGRAPH.CENTER}
INDENT = {"lvl1": 1, "lvl2": 2, "lvl3": 3}


def _grid(rows):
    """Place cells on a grid: returns [(r, c, rowspan, colspan, element, header)] and the column count."""
    placed, taken = [], set()
    ncols = 0
    for r, (tr, header) in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                raise ValueError(f"表格行中不支持 <{cell.tag}>")
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for i in range(rs):
                for j in range(cs):
                    taken.add((r + i, c + j))
            placed.append((r, c, rs, cs, cell, header))
            c += cs
            ncols = max(ncols, c)
    return placed, ncols


# CT_TcPr child order required by the OOXML schema (Word rejects files that break it)
_TCPR_ORDER = {qn("w:" + n): i for i, n in enumerate(
    ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
     "tcFitText", "vAlign", "hideMark"])}


def _order(tcpr):
    children = sorted(tcpr, key=lambda e: _TCPR_ORDER.get(e.tag, 99))
    for child in children:
        tcpr.append(child)


def _no_borders(cell):
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tcpr.append(borders)


def _shade(cell, fill="F2F2F2"):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def _weights(placed, ncols):
    """Column weights: code columns narrow, other columns by their longest single-column text (numbers ≥ 4)."""
    w = [0.0] * ncols
    codes, others = [False] * ncols, [False] * ncols  # body cells seen: code cells, other non-empty cells
    for _r, c, _rs, cs, el, header in placed:
        if cs != 1 or el.getparent().get("class", "") in ("meta", "colno"):
            continue
        text = "".join(el.itertext()).strip()
        if header:  # a header may wrap, but not to one character per line
            w[c] = max(w[c], min(len(text) * 0.5, 6.0))
            continue
        if "code" in el.get("class", "").split():
            codes[c] = True
        elif text:
            others[c] = True
        w[c] = max(w[c], min(len(text) * 0.9, 14.0))
    # negative weight = code column: fixed narrow width (an all-empty amount column is not a code column)
    return [-1.0 if codes[i] and not others[i] and w[i] <= 3 else max(w[i], 5.0) for i in range(ncols)]


def _fill(doc, cell, el, tr, font_size, add_run):
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    classes = el.get("class", "").split()
    tr_classes = tr.get("class", "").split()
    para = cell.paragraphs[0]
    para.style = doc.styles["表格文字"]
    bold = el.tag == "th" or "total" in tr_classes or "unit" in tr_classes or "strong" in classes
    if el.tag == "th" or "colno" in tr_classes:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cls in classes:
        if cls in ALIGN:
            para.alignment = ALIGN[cls]
        if cls in INDENT:
            para.paragraph_format.left_indent = Pt(font_size * INDENT[cls])
        if cls == "meta-right":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if "meta" in tr_classes:
        _no_borders(cell)
    elif el.tag == "th":
        _shade(cell)
    add_run(para, el, bold=bold, size=font_size)


def add_table(doc: DocxDocument, table_el: HtmlElement, width_emu: int, font_size: float,
              add_run: Callable[..., None]) -> Table:
    rows = []
    for part in table_el:
        header = part.tag == "thead"
        for tr in (part if part.tag in ("thead", "tbody") else [part]):
            rows.append((tr, header))
    placed, ncols = _grid(rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    weights = _weights(placed, ncols)
    code_w = int(Mm(9))
    rest = width_emu - code_w * sum(1 for w in weights if w < 0)
    total = sum(w for w in weights if w > 0) or 1
    widths = [Emu(code_w) if w < 0 else Emu(int(rest * w / total)) for w in weights]
    for col, wdt in zip(table.columns, widths, strict=True):
        col.width = wdt
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(int(width_emu / 635)))
    tblw.set(qn("w:type"), "dxa")
    for r, (_tr, header) in enumerate(rows):
        if header:
            _repeat_header(table.rows[r])
    # merge at XML level (python-docx's cell()/merge() rescan the whole grid each call: quadratic)
    starts = {(r, c): (rs, cs, el, header) for r, c, rs, cs, el, header in placed}
    covered = {}
    for r, c, rs, cs, _el, _header in placed:
        for i in range(1, rs):
            covered[(r + i, c)] = cs
    for r, row in enumerate(table.rows):
        tcs = list(row._tr.tc_lst)
        c = 0
        while c < ncols:
            tc = tcs[c]
            if (r, c) in starts:
                rs, cs, el, header = starts[(r, c)]
            elif (r, c) in covered:
                rs, cs, el = 0, covered[(r, c)], None
            else:
                rs, cs, el = 1, 1, None
            for extra in tcs[c + 1:c + cs]:
                row._tr.remove(extra)
            tcpr = tc.get_or_add_tcPr()
            if cs > 1:
                span = OxmlElement("w:gridSpan")
                span.set(qn("w:val"), str(cs))
                tcpr.append(span)
            if rs != 1:
                vm = OxmlElement("w:vMerge")
                if rs > 1:
                    vm.set(qn("w:val"), "restart")
                tcpr.append(vm)
            width = tcpr.find(qn("w:tcW"))
            if width is None:
                width = OxmlElement("w:tcW")
                tcpr.append(width)
            width.set(qn("w:w"), str(int(sum(widths[c:c + cs]) / 635)))  # EMU -> twentieths of a point
            width.set(qn("w:type"), "dxa")
            if el is not None:
                _fill(doc, _Cell(tc, table), el, rows[r][0], font_size, add_run)
            _order(tcpr)
            c += cs
    return table
