"""HTML tables (colgroup, thead, colspan/rowspan) → Typst ``table`` with repeated header rows.

Column widths come from ``<colgroup><col style="width:NN%">`` when the document has them (the shared column-width
step); otherwise equal columns for ``table.fixed``/``#ft9`` and a content-length heuristic for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...render.grid import Grid, elements, span
from .markup import length

ALIGN = {"num": "right", "code": "center", "center": "center", "meta-right": "right", "meta-left": "left"}
INDENT_EM = {"lvl1": 1.2, "lvl2": 2.4, "lvl3": 3.6}
_WIDTH = re.compile(r"width\s*:\s*([\d.]+)\s*%")


def _col_widths(table_el) -> list[float | None]:
    """The colgroup widths (percent) of the table, if any; None for a <col> without one."""
    widths: list[float | None] = []
    for part in table_el:
        cols = [part] if part.tag == "col" else [c for c in part if c.tag == "col"] if part.tag == "colgroup" else []
        for col in cols:
            m = _WIDTH.search(col.get("style", ""))
            widths.append(float(m.group(1)) if m else None)
    return widths


def _heuristic(grid: Grid, th_nowrap: bool = False) -> list[str]:
    """Relative widths from text lengths (as the DOCX writer): code columns as narrow as their codes, headers
    may wrap but not to one character per line, other columns by their longest single-column text."""
    ncols = grid.ncols
    w = [0.0] * ncols
    codes, others = [0] * ncols, [False] * ncols  # codes: longest code in the column
    for p in grid.cells:
        row = grid.rows[p.row]
        cell = p.el
        if p.colspan == 1 and p.col < ncols and "meta" not in row.tr.get("class", "").split():
            text = "".join(cell.itertext()).strip()
            if (row.header or cell.tag == "th") and not th_nowrap:
                w[p.col] = max(w[p.col], min(len(text) * 0.5, 6.0))
            elif cell.tag == "th":  # table.perf th: white-space: nowrap in print.css
                w[p.col] = max(w[p.col], min(len(text) * 0.9, 14.0))
            else:
                if "code" in cell.get("class", "").split():
                    codes[p.col] = max(codes[p.col], len(text), 1)
                elif text:
                    others[p.col] = True
                w[p.col] = max(w[p.col], min(len(text) * 0.9, 14.0))
    # a code column is as wide as its codes (digits are about 0.55em) plus the cell padding
    return [
        f"{codes[i] * 0.55 + 0.2:g}em + 6pt" if codes[i] and not others[i] and w[i] <= 3 else f"{max(w[i], 5.0):g}fr"
        for i in range(ncols)
    ]


def columns(table_el, grid: Grid) -> str:
    classes = table_el.get("class", "").split()
    block = table_el.getparent()
    widths, ncols = _col_widths(table_el), grid.ncols
    if len(widths) == ncols and all(w is not None for w in widths):
        cols = [f"{w:g}%" for w in widths]
    elif "fixed" in classes or (block is not None and block.get("id") == "ft9"):
        cols = ["1fr"] * ncols
    else:
        cols = _heuristic(grid, th_nowrap="perf" in classes and "sx" not in classes)
    return "(" + ", ".join(cols) + ",)"


def cell(el, tr_classes: list[str], inline, pad_y: str = "2pt + 0.15em") -> str:
    """One cell as Typst: ``th(...)``, ``meta(...)`` or ``table.cell(...)`` with its content."""
    classes = el.get("class", "").split()
    args = []
    rs, cs = span(el, "rowspan"), span(el, "colspan")
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


def table(table_el, grid: Grid, inline, size: str, notes: Sequence[str] = ()) -> str:
    """The table (its cells placed on *grid*) as Typst markup set at *size* (a Typst length expression, e.g.
    "7.5pt" or a variable); *notes* (arguments of ``note-cell``) close its footer, each a row of its own."""
    rows = grid.rows
    if not rows:
        return ""
    missing = [grid.ncols - end for end in grid.ends]
    reach = grid.reach()
    cols = columns(table_el, grid)
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
    body_reach: list[int] = []  # per body row: the last body row its cells span to
    kept: list[bool] = []  # per body row: marked to keep with the row before (tr.keep)
    for i, row in enumerate(rows):
        tr_classes = row.tr.get("class", "").split()
        cells = [cell(c, tr_classes, inline, pad_y) for c in elements(row.tr)]
        cells.extend(["[]"] * missing[i])  # a short HTML row must not pull the next row's cells up
        if row.header:
            head_cells.extend(cells)
        else:
            body_reach.append(len(body_rows) + reach[i] - i)
            kept.append("keep" in tr_classes)
            body_rows.append(cells)
    if head_cells:
        out.append("table.header(" + ", ".join(head_cells) + "),")
    split = _keep_from(kept, body_reach)
    out.append(",\n".join(c for row in body_rows[:split] for c in row))
    tail = [c for row in body_rows[split:] for c in row] + [f"note-cell({grid.ncols}, {n})" for n in notes]
    if tail:
        # the last rows and the notes as a footer printed once: Typst keeps them together and with a row before
        # them, and moves them to the next page under the repeated header (print.css tr.keep, render/breaks.py)
        out.append(f", table.footer(repeat: false, {', '.join(tail)})")
    out.append(close)
    return "\n".join(out)


def _keep_from(kept: list[bool], reach: list[int]) -> int:
    """The body row from which the table's end is set as a footer printed once: the row before the first row the
    table-ends pass marked ``keep`` (each keeps with the row before it: render/breaks.py), so the footer holds the
    rows print.css and the DOCX keep together. A footer cannot begin inside a rowspan, so it begins earlier when a
    cell above spans into it, or later when the rows above it all hang on one rowspan (a 绩效 table's 绩效指标 column
    spans every indicator row: the footer then begins at its 项目绩效分析 rows); the whole body stays a body (no
    footer) when fewer than two rows would precede it."""
    n = len(reach)
    first = next((i for i, k in enumerate(kept) if k), None)
    if first is None:
        return n

    def clear(split: int) -> bool:  # no cell above the split spans into the rows from it
        return max(reach[:split]) < split

    split = first - 1
    while split > 1 and not clear(split):
        split -= 1
    if split > 1:
        return split
    later = next((i for i in range(max(first - 1, 2), n) if clear(i)), None)
    return later if later is not None else n
