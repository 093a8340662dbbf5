"""A sheet's columns (matched to the layout by their header texts) and its rows (code, name, figures)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from .. import catalog
from .cells import CODE, ZERO, Grid, Problems, amount, flat_text, is_colno_row, is_number
from .specs import SUBTOTAL_LABELS, TOTAL_LABELS, Spec


@dataclass
class Columns:
    code: list = field(default_factory=list)  # one column, or three (类, 款, 项)
    name: int | None = None
    label: int | None = None  # 项目名称
    values: dict = field(default_factory=dict)  # sheet column -> key


def layout_paths(sheet) -> tuple[list[list[str]], list[int]]:
    """Header paths of the layout sheet and its value columns (columns holding Decimals in the body)."""
    width = sheet.width
    spread = [[None] * width for _ in sheet.header]
    for r, row in enumerate(sheet.header):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for i in range(r, r + cell.rowspan):
                for j in range(c, c + cell.colspan):
                    spread[i][j] = cell.value
    paths = []
    for c in range(width):
        path: list[str] = []
        for r in range(len(spread)):
            if is_colno_row(spread[r]):
                continue
            t = flat_text(spread[r][c])
            if t and (not path or path[-1] != t):
                path.append(t)
        paths.append(path)
    value_cols = sorted(
        {
            c
            for row in sheet.body
            for c, cell in enumerate(row)
            if cell is not None and isinstance(cell.value, Decimal) and cell.colspan == 1
        }
    )
    if not value_cols:  # an empty table (its statement row only): every column that is not a code or a name
        value_cols = [
            c
            for c, p in enumerate(paths)
            if p and p[-1] not in ("类", "款", "项", "项目名称") and "编码" not in p[-1] and "名称" not in p[-1]
        ]
    return paths, value_cols


def map_columns(spec: Spec, layout, paths: list[list[str]], g: Grid, top: int, problems: Problems) -> Columns:
    lpaths, lvalue = layout_paths(layout)
    known = {}  # layout path tuple -> key
    for i, c in enumerate(lvalue):
        if i < len(spec.keys):
            known[tuple(lpaths[c])] = spec.keys[i]
    labels = {tuple(p) for c, p in enumerate(lpaths) if c not in lvalue and p}
    cols = Columns()
    split = {}
    for c, path in enumerate(paths):
        if not path:
            continue
        bottom = path[-1]
        if bottom in ("类", "款", "项"):
            split[bottom] = c
        elif "编码" in bottom or bottom in ("科目", "科目代码"):
            cols.code = [c]
        elif bottom == "项目名称":
            cols.label = c
        elif "名称" in bottom:
            cols.name = c
        else:
            key = known.get(tuple(path))
            if key is None:  # same bottom text, the sheet's upper headers a subset of the layout's
                cands = [k for p, k in known.items() if p and p[-1] == bottom and set(path[:-1]) <= set(p)]
                if len(cands) == 1:
                    key = cands[0]
            if key is not None:
                cols.values[c] = key
            elif tuple(path) in labels:
                continue  # a label column of a fixed-row table (表10 支出内容 …)
            else:
                problems.add(g.addr(top, c), f"列标题“{'/'.join(path)}”不是{layout.title}的列")
    if split:
        cols.code = [split[k] for k in ("类", "款", "项") if k in split]
    return cols


@dataclass
class Line:
    r: int  # 0-based sheet row
    kind: str  # total | subtotal | code | unit | label | statement
    code: str = ""
    name: str = ""
    label: str = ""
    values: dict = field(default_factory=dict)  # key -> Decimal
    cells: dict = field(default_factory=dict)  # key -> address
    shown: str = ""  # the name / 项目名称 as written (spaces kept) for rows new to the input
    blank: set = field(default_factory=set)  # keys whose cell is empty

    def typed(self, key: str) -> Decimal | None:
        """A typed column's amount: a blank cell is zero."""
        return self.values.get(key, ZERO if key in self.blank else None)


def shown_text(v) -> str:
    return re.sub(r"\s+", " ", str(v)).strip().strip("\u3000") if v is not None else ""


def _code_of(g: Grid, r: int, cols: Columns) -> str:
    row = g.values[r]
    parts = []
    for i, c in enumerate(cols.code):
        v = row[c]
        if v is None or flat_text(v) == "":
            continue
        t = flat_text(v)
        if isinstance(v, (int, float)) and i > 0:
            t = t.zfill(2)
        parts.append(t)
    if len(cols.code) > 1:
        # split columns print 211 | 01 | 01 (or the full code in the last filled one)
        if parts and all(p.isdigit() for p in parts):
            if len(parts) > 1 and len(parts[-1]) > 2:
                return parts[-1]
            return "".join(parts)
        return ""
    return parts[0] if parts else ""


def read_lines(
    spec: Spec,
    g: Grid,
    start: int,
    cols: Columns,
    factor: int,
    problems: Problems,
    names: dict,
    projects: Collection[str] = frozenset(),
) -> list[Line]:
    """The body rows of a 类/款/项 or project table: code (one or split columns, or looked up by name), name,
    项目名称 and figures; 合计/小计 rows recognised; a row that fits nothing is a located problem."""
    lines = []
    stack: dict[int, str] = {}  # level -> code of the last row at that level (for rows given by name only)
    for r in range(start, len(g.values)):
        row = g.values[r]
        if not any(flat_text(v) for v in row):
            continue
        values, cells, blank = {}, {}, set()
        for c, key in cols.values.items():
            if flat_text(row[c]) in ("", "-", "—", "－"):
                blank.add(key)  # zero in a typed column; not given in a computed one (合计, subtotal rows)
                continue
            d = amount(row[c], factor, g.addr(r, c), problems)
            if d is not None:
                values[key] = d
                cells[key] = g.addr(r, c)
        text_cells = [(c, flat_text(v)) for c, v in enumerate(row) if flat_text(v) and c not in cols.values]
        stray = [(c, v) for c, v in enumerate(row) if c not in cols.values and is_number(v) and c not in cols.code]
        for c, v in stray:
            problems.add(g.addr(r, c), f"数字 {v} 所在的列没有可识别的列标题")
        code = _code_of(g, r, cols) if cols.code else ""
        if code and not code.isdigit():
            code = ""  # 合计 / 小计 written in the code column
        name = flat_text(row[cols.name]) if cols.name is not None else ""
        label = flat_text(row[cols.label]) if cols.label is not None else ""
        first = text_cells[0][1] if text_cells else ""
        shown = shown_text(row[cols.label]) if cols.label is not None else ""
        line = Line(
            r,
            "",
            code,
            name,
            label,
            values,
            cells,
            shown or (shown_text(row[cols.name]) if cols.name is not None else ""),
            blank,
        )
        if code and not CODE.match(code):
            problems.add(g.addr(r, cols.code[0]), f"“{code}”不是科目编码（类3位、款5位、项7位）")
            continue
        if not code and first in TOTAL_LABELS:
            line.kind = "total"
        elif not code and (first in SUBTOTAL_LABELS or first.startswith("其中")):
            line.kind = "subtotal"
        elif code:
            line.kind = "code"
        elif spec.kind in ("projects", "carry") and (name or label) and not label:
            line.kind = "unit"
            line.label = name
        elif spec.kind == "carry" and label:
            # a unit row: a known unit name, or a row not indented where project rows are (the export indents them)
            raw_label = g.values[r][cols.label]
            flat = g.indents[r][cols.label] == 0 and not str(raw_label).startswith((" ", "\u3000"))
            indented = any(g.indents[i][cols.label] > 0 for i in range(start, len(g.values)))
            line.kind = "unit" if label in names or (flat and indented and label not in projects) else "label"
        elif name and spec.kind == "hier" and cols.name is not None:
            found = _lookup(name, stack, names, spec.leaf)
            if found is None:
                problems.add(g.addr(r, cols.name), f"“{name}”不是已知的科目名称，无法确定科目编码（请填写编码列）")
                continue
            line.kind, line.code = "code", found
        elif "空表" in first or (not values and not any(values.values())):
            line.kind = "statement"
        else:
            problems.add(g.addr(r, 0), "无法确定这一行属于哪个科目或项目")
            continue
        if line.kind == "code":
            stack[len(line.code)] = line.code
            for n in list(stack):
                if n > len(line.code):
                    del stack[n]
        lines.append(line)
    return lines


def _lookup(name: str, stack: dict, names: dict, leaf: int) -> str | None:
    """The code of *name* among the children of the last row above (a 类, then its 款, then their 项)."""
    for parent_len in sorted(stack, reverse=True):
        parent = stack[parent_len]
        for code in names.get(name, []):
            if code.startswith(parent) and len(code) == parent_len + 2:
                return code
    for code in names.get(name, []):
        if len(code) == 3:
            return code
    cands = names.get(name, [])
    return cands[0] if len(cands) == 1 else None


def catalogue_names(year: int, econ: bool, extra_rows) -> dict:
    out: dict[str, list[str]] = {}
    for code in catalog.known_codes("经济分类" if econ else "功能分类"):
        n = (catalog.economic_name if econ else catalog.function_name)(code, year)
        if n:
            out.setdefault(re.sub(r"\s+", "", n), []).append(code)
    for row in extra_rows:
        if isinstance(row, dict) and row.get("名称") and row.get("科目"):
            lst = out.setdefault(re.sub(r"\s+", "", row["名称"]), [])
            if row["科目"] not in lst:
                lst.append(row["科目"])
    return out
