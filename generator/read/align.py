"""A published table's columns and rows matched to the layout's: which column is which figure (by header texts,
whatever their order and wording — 合计 / 小计, 功能分类科目编码 / 科目编码, 预算数 above or below the item), and
which row is which (its code, or its label with numbering removed), so that every figure read can be placed into
the input or compared with the figure computed from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..excel.cells import CODE, body_start, flat_text, header_paths, header_top, is_colno_row
from ..excel.layout import Sheet
from ..excel.rows import layout_paths
from .grids import TableGrid
from .recognise import norm

# header words that say nothing about which figure a column holds
GENERIC = {"项目", "科目", "金额", "财政拨款三公经费", "三公经费", "资金来源", "决算数"}
SYNONYMS = {"小计": "合计", "本年收入合计": "合计", "本年支出合计": "合计", "总计": "合计", "项目支出合计": "合计"}
_CODE_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\S.*)?$")
_LABEL_COLUMN = re.compile(r"(编码|名称|^类$|^款$|^项$|^科目$|^项目$|支出内容|功能分类)")


def _bottom(path: list[str]) -> str:
    b = norm(path[-1]) if path else ""
    return SYNONYMS.get(b, b)


def _words(path: list[str]) -> set[str]:
    return {norm(p) for p in path} - GENERIC - {""}


def _pair_score(read: list[str], lay: list[str]) -> float:
    p, q = _words(read), _words(lay)
    if read and lay and _bottom(read) == _bottom(lay):
        return 2 + len(p & q)
    if p and q and (p <= q or q <= p):
        return 1 + len(p & q)
    return 0.5 * len(p & q)


@dataclass
class Aligned:
    """A read table matched to its layout."""

    grid: TableGrid
    top: int  # first header row of the grid
    start: int  # first body row
    paths: list[list[str]]  # header path of each read column, a matched value column given the layout's path
    columns: dict[int, int]  # read value column -> layout column
    value_columns: list[int]  # read columns holding figures


def value_columns(grid: TableGrid, start: int, paths: list[list[str]]) -> list[int]:
    """Columns with an amount in the body, or whose header is not a code, name or label column."""
    width = len(grid.values[0]) if grid.values else 0
    out = []
    for c in range(width):
        has_money = any(isinstance(grid.values[r][c], Decimal) for r in range(start, len(grid.values)))
        head = paths[c][-1] if paths[c] else ""
        if has_money or (head and not _LABEL_COLUMN.search(norm(head)) and not is_colno_row([head])):
            out.append(c)
    return out


def align(grid: TableGrid, spread: TableGrid, layout: Sheet) -> Aligned:
    top = header_top(grid)
    start = body_start(grid, top)
    paths = header_paths(spread, top, start)
    lpaths, lvalue = layout_paths(layout)
    mine = value_columns(grid, start, paths)
    pairs = sorted(
        (
            (_pair_score(paths[c], lpaths[lc]), -abs(i - j), c, lc)
            for i, c in enumerate(mine)
            for j, lc in enumerate(lvalue)
        ),
        reverse=True,
    )
    columns: dict[int, int] = {}
    taken: set[int] = set()
    for s, _dist, c, lc in pairs:
        if s < 1 or c in columns or lc in taken:
            continue
        columns[c] = lc
        taken.add(lc)
    rest = [c for c in mine if c not in columns]
    lrest = [lc for lc in lvalue if lc not in taken]
    if rest and len(rest) == len(lrest):  # the same number of unnamed columns left: in printed order
        columns.update(zip(rest, lrest, strict=True))
    aligned_paths = [list(lpaths[columns[c]]) if c in columns else _label_path(p) for c, p in enumerate(paths)]
    mine = [
        c
        for c in mine
        if c in columns or not _LABEL_COLUMN.search(norm(aligned_paths[c][-1] if aligned_paths[c] else ""))
    ]
    return Aligned(grid, top, start, aligned_paths, columns, mine)


def _label_path(path: list[str]) -> list[str]:
    """A code or name column's header path, without a 合计 that a total row merged into the header leaves under it."""
    out = [flat_text(x) for x in path]
    while len(out) > 1 and out[-1] in ("合计", "总计", "小计"):
        out.pop()
    return out


def row_key(values: list, c: int, value_cols: set[int]) -> tuple[str, str]:
    """(code, label) of the figure in column *c* of a body row: the code and label cells left of it, over the
    figure columns of its own panel, back to the previous panel (表1, 表4, 表6 print two side by side)."""
    texts: list[str] = []
    for cc in range(c - 1, -1, -1):
        if cc in value_cols:
            if texts:
                break  # the panel to the left (表1, 表4, 表6 print two side by side)
            continue
        v = values[cc]
        if v is not None and not isinstance(v, Decimal) and flat_text(v):
            texts.insert(0, flat_text(v))
    code = ""
    label = ""
    for t in texts:
        m = _CODE_NAME.match(t)
        if m and (len(t) <= 7 or m.group(2)):
            code += m.group(1)
            label = label or (m.group(2) or "")
        elif t.isdigit() and len(t) == 2 and code:  # 款 / 项 of split code columns
            code += t
        elif not label:
            label = t
    if code and not CODE.match(code):
        code = ""
    return code, norm(label)


def keyed(values_rows: list[list], start: int, value_cols: set[int], paths: list[list[str]]) -> dict:
    """{(code or label, occurrence, column words): (value, row, column)} of every amount in the body rows."""
    out: dict = {}
    seen: dict = {}
    for r in range(start, len(values_rows)):
        row = values_rows[r]
        for c in sorted(value_cols):
            if c >= len(row):
                continue
            code, label = row_key(row, c, value_cols)
            ident = code or label or f"#{r - start}"  # a row without code or label (表9): its place
            col = frozenset(_words(paths[c])) | {_bottom(paths[c])}
            n = seen.get((ident, col), 0)
            seen[(ident, col)] = n + 1  # counted also when blank: a zero the other side prints keeps the order
            if isinstance(row[c], Decimal):
                out[(ident, n, col)] = (row[c], r, c)
    return out


def layout_keyed(layout: Sheet) -> dict:
    """:func:`keyed` of the computed layout sheet (amounts are exact Decimals there)."""
    lpaths, lvalue = layout_paths(layout)
    rows = [[c.value if c is not None else None for c in row] for row in layout.body]
    return keyed(rows, 0, set(lvalue), lpaths)
