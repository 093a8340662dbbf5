"""HTML tables (colgroup, thead, colspan/rowspan) → Typst ``table`` with repeated header rows.

Column widths come from ``<colgroup><col style="width:NN%">`` when the document has them (the shared column-width
step); otherwise equal columns for ``table.fixed``/``#ft9`` and a content-length heuristic for the rest.
"""

from __future__ import annotations

import re

from ...errors import RenderError
from .markup import length

ALIGN = {"num": "right", "code": "center", "center": "center", "meta-right": "right", "meta-left": "left"}
INDENT_EM = {"lvl1": 1.2, "lvl2": 2.4, "lvl3": 3.6}
KEEP_ROWS = 3  # a page never holds fewer of a table's last rows (issue 14)
_WIDTH = re.compile(r"width\s*:\s*([\d.]+)\s*%")


def _rows(table_el):
    """[(tr, header)] in document order, plus the colgroup widths (percent) if any."""
    rows, widths = [], []
    for part in table_el:
        if not isinstance(part.tag, str):
            continue
        if part.tag == "colgroup":
            for col in part:
                if isinstance(col.tag, str):
                    m = _WIDTH.search(col.get("style", ""))
                    widths.append(float(m.group(1)) if m else None)
            continue
        if part.tag == "col":
            m = _WIDTH.search(part.get("style", ""))
            widths.append(float(m.group(1)) if m else None)
            continue
        if part.tag not in ("thead", "tbody", "tfoot", "tr"):
            raise RenderError(f"Typst：表格中不支持 <{part.tag}>")
        header = part.tag == "thead"
        for tr in part if part.tag != "tr" else [part]:
            if isinstance(tr.tag, str):
                if tr.tag != "tr":
                    raise RenderError(f"Typst：表格中不支持 <{tr.tag}>")
                rows.append((tr, header))
    return rows, widths


def _grid(rows):
    """Column count and, per row, how many grid slots stay empty at its end (short HTML rows)."""
    taken: set[tuple[int, int]] = set()
    ends = []
    for r, (tr, _) in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str):
                continue
            if cell.tag not in ("td", "th"):
                raise RenderError(f"Typst：表格行中不支持 <{cell.tag}>")
            while (r, c) in taken:
                c += 1
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
        while (r, c) in taken:
            c += 1
        ends.append(c)
    ncols = max([c for (_, c) in taken] + [-1]) + 1
    return ncols, [ncols - e for e in ends]


def _span(cell, attr: str) -> int:
    try:
        return max(1, int(cell.get(attr, 1)))
    except ValueError:
        raise RenderError(f"Typst：{attr}=“{cell.get(attr)}”不是整数") from None


def _heuristic(rows, ncols: int, th_nowrap: bool = False) -> list[str]:
    """Relative widths from text lengths (as the DOCX writer): code columns as narrow as their codes, headers
    may wrap but not to one character per line, other columns by their longest single-column text."""
    w = [0.0] * ncols
    codes, others = [0] * ncols, [False] * ncols  # codes: longest code in the column
    taken: set[tuple[int, int]] = set()
    for r, (tr, header) in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str):
                continue
            while (r, c) in taken:
                c += 1
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            if cs == 1 and c < ncols and "meta" not in tr.get("class", "").split():
                text = "".join(cell.itertext()).strip()
                if (header or cell.tag == "th") and not th_nowrap:
                    w[c] = max(w[c], min(len(text) * 0.5, 6.0))
                elif cell.tag == "th":  # table.perf th: white-space: nowrap in print.css
                    w[c] = max(w[c], min(len(text) * 0.9, 14.0))
                else:
                    if "code" in cell.get("class", "").split():
                        codes[c] = max(codes[c], len(text), 1)
                    elif text:
                        others[c] = True
                    w[c] = max(w[c], min(len(text) * 0.9, 14.0))
            c += cs
    # a code column is as wide as its codes (digits are about 0.55em) plus the cell padding
    return [
        f"{codes[i] * 0.55 + 0.2:g}em + 6pt" if codes[i] and not others[i] and w[i] <= 3 else f"{max(w[i], 5.0):g}fr"
        for i in range(ncols)
    ]


def columns(table_el, rows, widths, ncols: int) -> str:
    classes = table_el.get("class", "").split()
    block = table_el.getparent()
    if len(widths) == ncols and all(w is not None for w in widths):
        cols = [f"{w:g}%" for w in widths]
    elif "fixed" in classes or (block is not None and block.get("id") == "ft9"):
        cols = ["1fr"] * ncols
    else:
        cols = _heuristic(rows, ncols, th_nowrap="perf" in classes and "sx" not in classes)
    return "(" + ", ".join(cols) + ",)"


def cell(el, tr_classes: list[str], inline, pad_y: str = "2pt + 0.15em") -> str:
    """One cell as Typst: ``th(...)``, ``meta(...)`` or ``table.cell(...)`` with its content."""
    classes = el.get("class", "").split()
    args = []
    rs, cs = _span(el, "rowspan"), _span(el, "colspan")
    if cs > 1:
        args.append(f"colspan: {cs}")
    if rs > 1:
        args.append(f"rowspan: {rs}, breakable: true")
    align = next((ALIGN[c] for c in classes if c in ALIGN), None)
    if align is None and "colno" in tr_classes and el.tag == "td":
        align = "center"
    bold = el.tag == "td" and ("strong" in classes or "total" in tr_classes or "unit" in tr_classes)
    body = inline(el, bold=bold)
    if "meta" in tr_classes:
        if align:
            args.append(f"align: {align} + horizon")
        return f"meta({', '.join(args)})[{body}]"
    if el.tag == "th":
        return f"th({', '.join(args)})[{body}]"
    if align:
        args.append(f"align: {align} + horizon")
    indent = next((INDENT_EM[c] for c in classes if c in INDENT_EM), None)
    if indent:
        args.append(f"inset: (left: 3pt + {length(indent, 'em')}, right: 3pt, y: {pad_y})")
    elif "statement" in classes:
        args.append("inset: 8pt")
    return f"table.cell({', '.join(args)})[{body}]" if args else f"[{body}]"


def table(table_el, inline, size: str) -> str:
    """The table as Typst markup set at *size* (a Typst length expression, e.g. "7.5pt" or a variable)."""
    rows, widths = _rows(table_el)
    if not rows:
        return ""
    ncols, missing = _grid(rows)
    cols = columns(table_el, rows, widths, ncols)
    if "perf" in table_el.get("class", "").split():
        # print.css table.perf: line-height 1.25, padding 1.5pt (a line box is 1em: half-leading 0.125em each side)
        pad_y = "1.5pt + 0.125em"
        out = [
            f"#text(size: {size})[#set par(leading: 0.25em)",
            f"#table(inset: (x: 3pt, y: {pad_y}), columns: {cols},",
        ]
        close = ")]"
    else:
        pad_y = "2pt + 0.15em"
        out = [f"#text(size: {size}, table(columns: {cols},"]
        close = "))"
    head_cells: list[str] = []
    body_rows: list[list[str]] = []
    reach: list[int] = []  # per body row: the last body row its cells span to
    for i, (tr, header) in enumerate(rows):
        tr_classes = tr.get("class", "").split()
        cells = [cell(c, tr_classes, inline, pad_y) for c in tr if isinstance(c.tag, str)]
        cells.extend(["[]"] * missing[i])  # a short HTML row must not pull the next row's cells up
        if header:
            head_cells.extend(cells)
        else:
            spans = [_span(c, "rowspan") for c in tr if isinstance(c.tag, str)]
            reach.append(len(body_rows) + max(spans, default=1) - 1)
            body_rows.append(cells)
    if head_cells:
        out.append("table.header(" + ", ".join(head_cells) + "),")
    split = _keep_from(table_el, reach)
    out.append(",\n".join(c for row in body_rows[:split] for c in row))
    if split < len(body_rows):
        # the last rows as a footer printed once: Typst keeps them together and with a row before them, and moves
        # them to the next page under the repeated header (print.css tr.keep, render/breaks.py)
        tail = ", ".join(c for row in body_rows[split:] for c in row)
        out.append(f", table.footer(repeat: false, {tail})")
    out.append(close)
    return "\n".join(out)


def _keep_from(table_el, reach: list[int]) -> int:
    """The body row from which the table's end keeps together: its last three rows (the 合计/总分 row among them) or
    the rows render/fit.py asks a continued table to carry onto its last page (``data-keep``); earlier when a
    rowspan would cross into them; the whole body (no split) for a short table."""
    try:
        keep = max(KEEP_ROWS, int(table_el.get("data-keep") or 0))
    except ValueError:
        keep = KEEP_ROWS
    n = len(reach)
    if n <= keep + 1:
        return n
    split = n - keep
    while split > 1 and max(reach[:split]) >= split:  # a cell above the split spans into the kept rows
        split -= 1
    return split if split > 1 else n
