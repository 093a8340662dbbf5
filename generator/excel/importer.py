"""``disclose import-xlsx``: the figures of a workbook into the YAML input, keeping every text of the base input.

Reads the export layout and the variants budget systems produce: amounts in 元 or 万元 (单位 line or ``unit``),
codes in one column or split 类/款/项, names without codes (looked up under the row above), blank cells for zero,
extra subtotal rows. Every cell is placed or reported with its sheet and address (``表5!C14``).

How figures land in the input: leaf rows (项 of 功能分类, 款 of 经济分类, projects) set the typed columns; then the
input is computed and every other figure of the sheet (subtotals, totals, derived columns) is compared with the
computed one: a published figure that differs becomes a stated figure where the input has one (类/款 rows, 总计,
a row's 合计), anything else is a located error. Money goes text → Decimal, never through float arithmetic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .. import catalog
from ..errors import DiscloseError, InputError, Location, Problem
from ..model.budget import INCOME_COLUMNS, PROJECT_COLUMNS
from ..model import final_tables as FT
from .layout import sheets as layout_sheets
from .yamlstore import Store

ZERO = Decimal("0")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_NUM = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
TOTAL_LABELS = ("总计", "合计")
SUBTOTAL_LABELS = ("小计",)


# ---- what each table holds -------------------------------------------------------------------------------------

@dataclass
class Spec:
    kind: str  # hier | projects | carry | sangong | panel | econ_panels | derived
    target: tuple = ()  # YAML path of the table in the input
    keys: list = field(default_factory=list)  # value columns in printed order
    inputs: list = field(default_factory=list)  # the typed columns (others are derived)
    leaf: int = 7
    figure: str = ""  # attribute of the computed figures


BUDGET = {
    "t1": Spec("panel", ("收支总表",), ["金额"], figure="t1"),
    "t2": Spec("hier", ("收入总表",), ["总计", "财政拨款小计"] + INCOME_COLUMNS, INCOME_COLUMNS, figure="t2"),
    "t3": Spec("hier", ("支出总表",), ["合计", "基本支出", "项目支出"], ["基本支出", "项目支出"], figure="t3"),
    "t4": Spec("derived", figure="t4"),
    "t5": Spec("hier", ("一般公共预算支出",), ["合计", "基本支出", "项目支出"], ["基本支出", "项目支出"], figure="t5"),
    "t6": Spec("hier", ("基本支出",), ["合计", "人员经费", "公用经费"], ["人员经费", "公用经费"], 5, "t6"),
    "t7": Spec("projects", ("一般公共预算项目支出",), ["合计"] + PROJECT_COLUMNS, PROJECT_COLUMNS, figure="t7"),
    "t8": Spec("hier", ("政府性基金支出",), ["合计", "人员经费", "公用经费", "项目支出"],
               ["人员经费", "公用经费", "项目支出"], figure="t8"),
    "t9": Spec("hier", ("国有资本经营支出",), ["合计", "人员经费", "公用经费", "项目支出"],
               ["人员经费", "公用经费", "项目支出"], figure="t9"),
    "t10": Spec("sangong", ("三公经费",), ["合计", "一般公共预算", "政府性基金", "国有资本经营预算"],
                ["一般公共预算", "政府性基金", "国有资本经营预算"], figure="t10"),
    "t11": Spec("carry", ("上年结转结余",), ["总计", "财政合计", "财政人员经费", "财政公用经费", "财政项目支出",
                                         "非财政合计", "非财政人员经费", "非财政公用经费", "非财政项目支出"],
                figure="t11"),
}
_FUND = ["年初结转和结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和结余"]
FINAL = {
    "ft1": Spec("derived"), "ft4": Spec("derived"), "ft9": Spec("derived"),
    "ft2": Spec("hier", ("决算表", "收入决算表"), ["合计"] + FT.INCOME_COLUMNS, FT.INCOME_COLUMNS, figure="t2"),
    "ft3": Spec("hier", ("决算表", "支出决算表"), ["合计"] + FT.EXPENSE_COLUMNS, FT.EXPENSE_COLUMNS, figure="t3"),
    "ft5": Spec("hier", ("决算表", "一般公共预算财政拨款支出决算表"), ["合计"] + FT.GENERAL_COLUMNS,
                FT.GENERAL_COLUMNS, figure="t5"),
    "ft6": Spec("econ_panels", ("决算表", "基本支出决算表"), ["决算数"], ["决算数"], 5, "t6"),
    "ft7": Spec("hier", ("决算表", "政府性基金决算表"), _FUND, FT.FUND_COLUMNS, figure="t7"),
    "ft8": Spec("hier", ("决算表", "国有资本经营决算表"), _FUND, FT.FUND_COLUMNS, figure="t8"),
}
# 表1 收入 lines → 收支总表 keys, by label (the 上年结转 part after its heading)
T1_THIS_YEAR = {"一般财力": "一般财力", "上级一般公共预算安排转移支付": "上级一般公共预算转移支付",
                "政府性基金收入": "政府性基金收入", "上级政府性基金安排转移支付": "上级政府性基金转移支付",
                "国有资本经营收入": "国有资本经营收入", "上级国有资本经营预算安排转移支付": "上级国有资本经营转移支付",
                "财政专户核拨": "财政专户核拨", "事业收入": "事业收入", "上级补助收入": "上级补助收入",
                "附属单位上缴收入": "附属单位上缴收入", "事业单位经营收入": "事业单位经营收入", "其他收入": "其他收入"}
T1_CARRY = {"一般公共预算拨款": "结转_一般公共预算", "政府性基金预算拨款": "结转_政府性基金", "基金预算拨款": "结转_政府性基金",
            "国有资本经营预算拨款": "结转_国有资本经营", "财政专户核拨": "结转_财政专户", "单位资金": "结转_单位资金"}
SANGONG_ROWS = {"因公出国（境）费": "因公出国境费", "因公出国(境)费": "因公出国境费", "因公出国境费": "因公出国境费",
                "公务接待费": "公务接待费", "公务用车购置费": "公务用车购置费", "公务用车运行费": "公务用车运行费"}


# ---- reading cells ---------------------------------------------------------------------------------------------

class Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(Problem(message, Location(where), "Excel"))


def amount(value, factor: int, where: str, problems: Problems) -> Decimal | None:
    """A cell's amount in 万元, exactly: floats via their shortest repr, 元 ÷ 10000 after rounding to the fen."""
    if value is None:
        return ZERO
    if isinstance(value, bool):
        problems.add(where, "不是金额")
        return None
    if isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        d = Decimal(value)
    else:
        text = str(value).strip().replace("，", ",").replace(" ", "")
        if text in ("", "-", "—", "－", "/"):
            return ZERO
        if not _NUM.match(text):
            problems.add(where, f"“{value}”不是金额")
            return None
        d = Decimal(text.replace(",", ""))
    if factor == 10000:
        d = d.quantize(Decimal("0.01"), ROUND_HALF_UP) / 10000
    else:
        d = d.quantize(Decimal("0.000001"), ROUND_HALF_UP)
    return d


def dec_text(d: Decimal) -> str:
    d = d.normalize()
    return format(d, "f") if d != 0 else "0"


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", "", str(v)).replace("\u3000", "")


def _is_number(v) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


@dataclass
class Grid:
    """A worksheet's values with merged ranges spread over every cell they cover (for headers)."""

    name: str
    values: list  # rows of values (1-based addresses via addr())
    indents: list

    def addr(self, r: int, c: int) -> str:
        return f"{self.name}!{get_column_letter(c + 1)}{r + 1}"


def read_grid(ws) -> tuple[Grid, Grid]:
    """(raw values, values with merged cells spread)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    indents = [[0] * width for _ in rows]
    for r, row in enumerate(ws.iter_rows()):
        for c, cell in enumerate(row):
            if cell.alignment is not None and cell.alignment.indent:
                indents[r][c] = int(cell.alignment.indent)
    spread = [list(r) for r in rows]
    for rng in ws.merged_cells.ranges:
        v = rows[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row - 1, rng.max_row):
            for c in range(rng.min_col - 1, rng.max_col):
                spread[r][c] = v
    return Grid(ws.title, rows, indents), Grid(ws.title, spread, indents)


def _unit_factor(grid: Grid, override: str | None) -> int:
    if override:
        return 10000 if override == "元" else 1
    for row in grid.values[:6]:
        for v in row:
            t = _text(v)
            m = re.search(r"单位[:：]([万千]?元)", t)
            if m:
                return 1 if m.group(1) == "万元" else 10000 if m.group(1) == "元" else 0
    return 1


def _colno_row(row) -> bool:
    vals = [_text(v) for v in row if _text(v)]
    if not vals:
        return False
    nums = [v for v in vals if v != "※"]
    return bool(nums) and all(v.isdigit() for v in nums) and [int(v) for v in nums] == list(range(1, len(nums) + 1))


def _body_start(g: Grid, title_rows: int) -> int:
    """First row that holds figures, a code or a total label."""
    for r in range(title_rows, len(g.values)):
        row = g.values[r]
        if _colno_row(row):
            continue
        texts = [_text(v) for v in row if _text(v)]
        if any(_is_number(v) for v in row) or any(_CODE.match(t) for t in texts) or \
                (texts and texts[0] in TOTAL_LABELS + ("收入总计",) and len(texts) <= 2) or \
                any("空表" in t for t in texts):
            return r
    return len(g.values)


def _header_paths(spread: Grid, top: int, start: int) -> list[list[str]]:
    width = len(spread.values[0]) if spread.values else 0
    paths = []
    for c in range(width):
        path = []
        for r in range(top, start):
            if _colno_row(spread.values[r]):
                continue
            t = _text(spread.values[r][c])
            if t and (not path or path[-1] != t):
                path.append(t)
        paths.append(path)
    return paths


def _header_top(g: Grid) -> int:
    """The row after the 编制/单位 line (or after the title when there is none)."""
    for r, row in enumerate(g.values[:8]):
        if any(re.search(r"单位[:：]|编制", _text(v)) for v in row):
            return r + 1
    return 1


# ---- columns ---------------------------------------------------------------------------------------------------

@dataclass
class Columns:
    code: list = field(default_factory=list)  # one column, or three (类, 款, 项)
    name: int | None = None
    label: int | None = None  # 项目名称
    values: dict = field(default_factory=dict)  # sheet column -> key


def _layout_paths(sheet) -> tuple[list[list[str]], list[int]]:
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
        path = []
        for r in range(len(spread)):
            if _colno_row(spread[r]):
                continue
            t = _text(spread[r][c])
            if t and (not path or path[-1] != t):
                path.append(t)
        paths.append(path)
    value_cols = sorted({c for row in sheet.body for c, cell in enumerate(row)
                         if cell is not None and isinstance(cell.value, Decimal) and cell.colspan == 1})
    if not value_cols:  # an empty table (its statement row only): every column that is not a code or a name
        value_cols = [c for c, p in enumerate(paths) if p and p[-1] not in ("类", "款", "项", "项目名称")
                      and "编码" not in p[-1] and "名称" not in p[-1]]
    return paths, value_cols


def map_columns(spec: Spec, layout, paths: list[list[str]], g: Grid, top: int, problems: Problems) -> Columns:
    lpaths, lvalue = _layout_paths(layout)
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


# ---- rows ------------------------------------------------------------------------------------------------------

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


def _shown(v) -> str:
    return re.sub(r"\s+", " ", str(v)).strip().strip("\u3000") if v is not None else ""


def _code_of(g: Grid, r: int, cols: Columns) -> str:
    row = g.values[r]
    parts = []
    for i, c in enumerate(cols.code):
        v = row[c]
        if v is None or _text(v) == "":
            continue
        t = _text(v)
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


def read_lines(spec: Spec, g: Grid, start: int, cols: Columns, factor: int, year: int, problems: Problems,
               names: dict, projects: set = frozenset()) -> list[Line]:
    lines = []
    stack: dict[int, str] = {}  # level -> code of the last row at that level (for rows given by name only)
    for r in range(start, len(g.values)):
        row = g.values[r]
        if not any(_text(v) for v in row):
            continue
        values, cells, blank = {}, {}, set()
        for c, key in cols.values.items():
            if _text(row[c]) in ("", "-", "—", "－"):
                blank.add(key)  # zero in a typed column; not given in a computed one (合计, subtotal rows)
                continue
            d = amount(row[c], factor, g.addr(r, c), problems)
            if d is not None:
                values[key] = d
                cells[key] = g.addr(r, c)
        text_cells = [(c, _text(v)) for c, v in enumerate(row) if _text(v) and c not in cols.values]
        stray = [(c, v) for c, v in enumerate(row) if c not in cols.values and _is_number(v) and c not in cols.code]
        for c, v in stray:
            problems.add(g.addr(r, c), f"数字 {v} 所在的列没有可识别的列标题")
        code = _code_of(g, r, cols) if cols.code else ""
        if code and not code.isdigit():
            code = ""  # 合计 / 小计 written in the code column
        name = _text(row[cols.name]) if cols.name is not None else ""
        label = _text(row[cols.label]) if cols.label is not None else ""
        first = text_cells[0][1] if text_cells else ""
        shown = _shown(row[cols.label]) if cols.label is not None else ""
        line = Line(r, "", code, name, label, values, cells,
                    shown or (_shown(row[cols.name]) if cols.name is not None else ""), blank)
        if code and not _CODE.match(code):
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
        elif name and spec.kind == "hier":
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


def _names(year: int, econ: bool, extra_rows) -> dict:
    out: dict[str, list[str]] = {}
    data = catalog._load("经济分类.yaml" if econ else "功能分类.yaml")
    for code in data:
        n = (catalog.economic_name if econ else catalog.function_name)(code, year)
        if n:
            out.setdefault(re.sub(r"\s+", "", n), []).append(code)
    for row in extra_rows:
        if isinstance(row, dict) and row.get("名称") and row.get("科目"):
            lst = out.setdefault(re.sub(r"\s+", "", row["名称"]), [])
            if row["科目"] not in lst:
                lst.append(row["科目"])
    return out


# ---- writing into the input ------------------------------------------------------------------------------------

def _set(d: dict, key: str, value: Decimal) -> None:
    """Set *key* to *value* unless it already holds the same amount (keeps the base's own text)."""
    old = d.get(key)
    if old not in (None, ""):
        try:
            if Decimal(str(old).replace(",", "")) == value:
                return
        except Exception:  # noqa: BLE001 - replaced below
            pass
    elif value == 0:
        return
    d[key] = dec_text(value)


def _node(data: dict, path: tuple, create_list=False):
    node = data
    for i, key in enumerate(path):
        last = i == len(path) - 1
        if not isinstance(node.get(key), (dict, list)) or (node.get(key) == [] and not create_list):
            node[key] = [] if (last and create_list) else {}
        node = node[key]
    return node


def apply_hier(data: dict, spec: Spec, lines: list[Line]) -> None:
    if not any(line.kind == "code" for line in lines):
        cur = data
        for key in spec.target:
            cur = cur.get(key) if isinstance(cur, dict) else None
        if not isinstance(cur, dict) or not cur.get("行"):
            return  # nothing typed before, nothing now: the base stays as it is ([] stays [])
    table = _node(data, spec.target)
    rows = table.setdefault("行", []) if isinstance(table, dict) else None
    if rows is None:
        return
    by_code = {}
    for row in rows:
        if isinstance(row, dict) and row.get("科目"):
            by_code.setdefault(str(row["科目"]), row)
    seen = set()
    for line in lines:
        if line.kind != "code":
            continue
        seen.add(line.code)
        row = by_code.get(line.code)
        if row is None:
            if len(line.code) != spec.leaf:
                continue  # a subtotal: compared with the computed one later
            row = {"科目": line.code}
            if line.name:
                row["名称"] = line.name
            rows.append(row)
            by_code[line.code] = row
        for key in spec.inputs:
            if line.typed(key) is not None:
                _set(row, key, line.typed(key))
        for key in set(spec.keys) - set(spec.inputs):
            if key in row and key in line.values:
                _set(row, key, line.values[key])
    for code, row in by_code.items():
        if code not in seen and len(code) == spec.leaf:
            for key in spec.inputs:
                if key in row:
                    _set(row, key, ZERO)


def apply_projects(data: dict, spec: Spec, lines: list[Line], default_unit: str) -> None:
    items = data.setdefault(spec.target[0], [])
    if not isinstance(items, list):
        items = data[spec.target[0]] = []
    used = set()
    unit = ""
    for line in lines:
        if line.kind == "unit":
            unit = line.shown
            continue
        if line.kind != "code" or len(line.code) != 7:
            continue
        match = None
        for i, p in enumerate(items):
            if i in used or not isinstance(p, dict):
                continue
            if str(p.get("科目")) == line.code and _text(p.get("项目名称")) == line.label and \
                    (not unit or _text(p.get("单位") or default_unit) == _text(unit)):
                match = i
                break
        if match is None:
            p = {"单位": unit} if unit and _text(unit) != _text(default_unit) else {}
            p.update({"科目": line.code, "项目名称": line.shown})
            items.append(p)
            match = len(items) - 1
        used.add(match)
        p = items[match]
        for key in spec.inputs:
            if line.typed(key) is not None:
                _set(p, key, line.typed(key))
        if "合计" in line.values:  # a stated 项目支出合计 (published rounding) when it differs from the columns
            parts = sum((Decimal(str(p[k]).replace(",", "")) for k in spec.inputs if p.get(k) not in (None, "")), ZERO)
            if "合计" in p or line.values["合计"] != parts:
                _set(p, "合计", line.values["合计"])
    for i, p in enumerate(items):
        if i not in used and isinstance(p, dict):
            for key in spec.inputs:
                if key in p:
                    _set(p, key, ZERO)


_CARRY = {"财政人员经费": ("财政拨款", "人员经费"), "财政公用经费": ("财政拨款", "公用经费"),
          "财政项目支出": ("财政拨款", "项目支出"), "非财政人员经费": ("非财政拨款", "人员经费"),
          "非财政公用经费": ("非财政拨款", "公用经费"), "非财政项目支出": ("非财政拨款", "项目支出")}


def apply_carry(data: dict, spec: Spec, lines: list[Line], default_unit: str) -> None:
    items = data.setdefault(spec.target[0], [])
    if not isinstance(items, list):
        items = data[spec.target[0]] = []
    used = set()
    unit = ""
    for line in lines:
        if line.kind == "unit":
            unit = line.shown
            continue
        if line.kind != "label":
            continue
        match = next((i for i, c in enumerate(items) if i not in used and isinstance(c, dict)
                      and _text(c.get("项目名称")) == line.label), None)
        if match is None:
            c = {"单位": unit} if unit and _text(unit) != _text(default_unit) else {}
            c["项目名称"] = line.shown
            items.append(c)
            match = len(items) - 1
        used.add(match)
        c = items[match]
        for key, (group, part) in _CARRY.items():
            value = line.typed(key)
            if value is not None:
                g = c.get(group)
                if not isinstance(g, dict):
                    if value == 0:
                        continue
                    g = c[group] = {}
                _set(g, part, value)
    for i, c in enumerate(items):
        if i not in used and isinstance(c, dict):
            for group in ("财政拨款", "非财政拨款"):
                if isinstance(c.get(group), dict):
                    for part in list(c[group]):
                        _set(c[group], part, ZERO)


def apply_panel_t1(data: dict, g: Grid, start: int, factor: int, problems: Problems) -> dict:
    """表1 收入 side: label column 0, amount column 1. Returns {label position: value} of the derived lines."""
    panel = _node(data, ("收支总表",))
    carry = False
    derived = {}
    total = None
    for r in range(start, len(g.values)):
        row = g.values[r]
        label = _text(row[0]) if row else ""
        if not label:
            continue
        value = amount(row[1] if len(row) > 1 else None, factor, g.addr(r, 1), problems)
        if value is None:
            continue
        bare = re.sub(r"^(其中[:：])?([0-9]+\.|[一二三四五六七八九十]+、)?", "", label)
        if label.startswith("二、") or "上年结转" in label:
            carry = True
        key = (T1_CARRY if carry else T1_THIS_YEAR).get(bare)
        if key:
            _set(panel, key, value)
        elif label == "收入总计":
            total = value  # stated when the base states it or when it differs from the sum of the lines
        else:
            derived[bare] = (value, g.addr(r, 1))
    if total is not None:
        parts = sum((Decimal(str(v).replace(",", "")) for k, v in panel.items() if k != "总计" and v not in (None, "")),
                    ZERO)
        if panel.get("总计") is not None or total != parts:
            _set(panel, "总计", total)
    return derived


def apply_sangong(data: dict, spec: Spec, g: Grid, start: int, cols: Columns, factor: int,
                  problems: Problems) -> None:
    node = _node(data, spec.target)
    label_col = 0
    for r in range(start, len(g.values)):
        row = g.values[r]
        label = re.sub(r"^其中[:：]", "", _text(row[label_col]))
        key = SANGONG_ROWS.get(label)
        if key is None:
            continue
        item = node.get(key)
        if not isinstance(item, dict):
            item = node[key] = {}
        for c, col in cols.values.items():
            if col in spec.inputs:
                v = amount(row[c], factor, g.addr(r, c), problems)
                if v is not None:
                    _set(item, col, v)


def apply_econ_panels(data: dict, spec: Spec, g: Grid, start: int, paths, factor: int, problems: Problems) -> None:
    table = _node(data, spec.target)
    rows = table.setdefault("行", [])
    by_code = {str(row.get("科目")): row for row in rows if isinstance(row, dict)}
    code_cols = [c for c, p in enumerate(paths) if p and "编码" in p[-1]]
    seen = set()
    for r in range(start, len(g.values)):
        row = g.values[r]
        for c in code_cols:
            code = _text(row[c])
            if not code or not _CODE.match(code):
                continue
            v = amount(row[c + 2] if c + 2 < len(row) else None, factor, g.addr(r, c + 2), problems)
            if v is None:
                continue
            seen.add(code)
            target = by_code.get(code)
            if target is None:
                if len(code) != spec.leaf:
                    continue
                target = {"科目": code}
                name = _text(row[c + 1])
                if name:
                    target["名称"] = name
                rows.append(target)
                by_code[code] = target
            _set(target, "决算数", v)
    for code, row in by_code.items():
        if code not in seen and len(code) == spec.leaf:
            _set(row, "决算数", ZERO)


# ---- the computed comparison -----------------------------------------------------------------------------------

def _row_values(figures, spec: Spec):
    fig = getattr(figures, spec.figure, None) if spec.figure else None
    if spec.figure and hasattr(figures, "tables") and figures.tables is not None and spec.target[:1] == ("决算表",):
        fig = getattr(figures.tables, spec.figure, None)
        if spec.kind == "econ_panels" and fig is not None:
            fig = fig.table
    return fig


def reconcile(data: dict, spec: Spec, lines: list[Line], figures, mismatches: list) -> bool:
    """Stated figures where the sheet's subtotal/total/derived figure differs from the computed one.

    Returns True when something was added (compute again); differences that cannot be stated go to *mismatches*.
    """
    fig = _row_values(figures, spec)
    if fig is None or spec.kind != "hier":
        return False
    changed = False
    cur = data
    for key in spec.target:
        cur = cur.get(key) if isinstance(cur, dict) else None
    rows = cur.get("行", []) if isinstance(cur, dict) else []
    by_code = {str(r.get("科目")): r for r in rows if isinstance(r, dict)}
    for line in lines:
        if line.kind == "total":
            computed = fig.total
        elif line.kind == "code":
            computed = fig.find(line.code)
        else:
            continue
        for key, value in line.values.items():
            have = computed.v(key) if computed is not None else ZERO
            if have == value:
                continue
            table = _node(data, spec.target)  # created only when a figure has to be stated
            rows = table.setdefault("行", [])
            if line.kind == "total":
                total = table.get("总计")
                if not isinstance(total, dict):
                    total = table["总计"] = {}
                if total.get(key) is None or Decimal(str(total[key]).replace(",", "")) != value:
                    total[key] = dec_text(value)
                    changed = True
                    continue
            elif len(line.code) < spec.leaf:
                row = by_code.get(line.code)
                if row is None:
                    row = {"科目": line.code}
                    if line.name:
                        row["名称"] = line.name
                    rows.append(row)
                    by_code[line.code] = row
                    for k in spec.inputs:  # a stated row states every typed column
                        if line.values.get(k):
                            row[k] = dec_text(line.values[k])
                    changed = True
                    continue
                if key not in spec.inputs and row.get(key) is None:
                    row[key] = dec_text(value)
                    changed = True
                    continue
            elif key not in spec.inputs:
                row = by_code.get(line.code)
                if row is not None and row.get(key) is None:
                    row[key] = dec_text(value)
                    changed = True
                    continue
            mismatches.append((line.cells.get(key, ""), key, value, have))
    return changed


def _compare_layout(sheet_grid: Grid, start: int, layout, factor: int, problems: Problems, warn: list) -> None:
    """A computed table (表4 …): every figure of the sheet against the one computed from the imported input."""
    body = layout.body
    sheet_rows = list(range(start, min(start + len(body), len(sheet_grid.values))))
    rest = [r for r in range(start + len(body), len(sheet_grid.values)) if any(_text(v) for v in sheet_grid.values[r])]
    if len(sheet_rows) != len(body) or rest:
        warn.append(f"{sheet_grid.name}：{layout.title}由其他表计算，行数与计算结果不同，未逐格核对")
        return
    for r, lrow in zip(sheet_rows, body):
        for c, cell in enumerate(lrow):
            if cell is None or not isinstance(cell.value, Decimal) or c >= len(sheet_grid.values[r]):
                continue
            if _text(sheet_grid.values[r][c]) == "":
                continue  # a blank cell of a computed table is left to the computation
            v = amount(sheet_grid.values[r][c], factor, sheet_grid.addr(r, c), problems)
            if v is not None and v != cell.value:
                problems.add(sheet_grid.addr(r, c), f"{layout.title}由其他表计算，此格 {dec_text(v)} 与计算结果 "
                                                    f"{dec_text(cell.value)} 不符")


# ---- the command -----------------------------------------------------------------------------------------------

def _match_sheet(ws_title: str, g: Grid, layouts: list) -> object | None:
    texts = {_text(v) for row in g.values[:4] for v in row if _text(v)}
    for lay in layouts:
        if _text(lay.title) in texts:
            return lay
    for lay in layouts:
        if _text(lay.no) == _text(ws_title):
            return lay
    return None


def _prepare_data(data: dict, templates):
    """Model, figures and region of in-memory input data (InputError when it does not fit)."""
    from ..checks import run_checks  # noqa: F401
    from ..compute import compute_budget, compute_final
    from ..load.reader import Source
    from ..model import build_report
    from ..pipeline import _apply_layout
    from ..regions import load_region
    source = Source(data, {}, "<导入结果>")
    report = build_report(source)
    region = load_region(report.报告.地区, templates)
    region.settings = _apply_layout(region.settings, report, source)
    figures = compute_final(report, region.settings) if report.报告.类型 == "决算" else compute_budget(report)
    return report, figures, region


def _skeleton_for(wb, year: int | None, tmp: Path) -> Path:
    """A blank input (disclose init) for a workbook imported without --base: kind from the sheet titles, unit
    name from the 编制部门/编制单位 line."""
    from ..scaffold.init import init
    texts = [_text(v) for ws in wb.worksheets for row in ws.iter_rows(max_row=4, values_only=True) for v in row]
    kind = "决算" if any("决算" in t for t in texts) else "预算"
    name = next((re.split(r"[:：]", t, 1)[1] for t in texts if re.match(r"^编制(部门|单位)[:：].+", t)), "（单位名称）")
    init(tmp, kind, "部门", "xinjiang", name, year)
    return tmp


def import_xlsx(xlsx: str | Path, base: str | Path | None, outdir: str | Path, unit: str | None = None,
                force: bool = False, templates=None, year: int | None = None) -> tuple[list[Path], list[str]]:
    """Import *xlsx* over the input *base* (None: a blank input) into *outdir*. Returns (written files, notes)."""
    import tempfile
    try:
        wb = load_workbook(xlsx, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is a user error
        raise DiscloseError(f"{xlsx}：无法读取工作簿（{exc.__class__.__name__}）") from None
    if base is None:
        with tempfile.TemporaryDirectory(prefix="disclose-") as tmp:
            written, notes = _import(wb, xlsx, _skeleton_for(wb, year, Path(tmp) / "skeleton"), outdir, unit, force,
                                     templates)
            return written, notes + ["未给 --base：以 disclose init 的空白输入为底，请核对 报告.yaml 中的年度、地区、单位名称"]
    return _import(wb, xlsx, base, outdir, unit, force, templates)


def _import(wb, xlsx, base, outdir, unit, force, templates) -> tuple[list[Path], list[str]]:
    store = Store(base)
    data = store.data
    report, figures, region = _prepare_data(data, templates)
    year = report.报告.年度
    specs = FINAL if report.报告.类型 == "决算" else BUDGET
    layouts = layout_sheets(report, figures, region)
    default_unit = report.报告.单位名称
    problems = Problems()
    notes: list[str] = []
    parsed = []  # (spec, lines, grid, start, layout, factor)
    for ws in wb.worksheets:
        raw, spread = read_grid(ws)
        if not any(_text(v) for row in raw.values for v in row):
            continue
        lay = _match_sheet(ws.title, raw, layouts)
        if lay is None and ws.title == "说明":
            continue  # the note of a workbook exported without tables
        if lay is None:
            problems.add(f"{ws.title}!A1", "无法识别这是哪张公开表（标题或工作表名应与导出的一致，如“表5”）")
            continue
        spec = specs.get(lay.id)
        factor = _unit_factor(raw, unit)
        if factor == 0:
            problems.add(f"{ws.title}!A2", "单位只能是元或万元（或用 --unit 指定）")
            continue
        top = _header_top(raw)
        start = _body_start(raw, top)
        frozen = ws.freeze_panes and ws[ws.freeze_panes].row - 1
        if frozen and top < frozen <= start:  # the header as the workbook freezes it (the export does)
            start = frozen
        if spec is None:
            notes.append(f"{ws.title}：{lay.title}不是公开表的数据表，未读取")
            continue
        if spec.kind == "derived":
            parsed.append((spec, [], raw, start, lay, factor))
            continue
        paths = _header_paths(spread, top, start)
        if spec.kind == "panel":
            derived = apply_panel_t1(data, raw, start, factor, problems)
            parsed.append((spec, derived, raw, start, lay, factor))
            continue
        if spec.kind == "econ_panels":
            apply_econ_panels(data, spec, raw, start, paths, factor, problems)
            parsed.append((spec, [], raw, start, lay, factor))
            continue
        cols = map_columns(spec, lay, paths, raw, top, problems)
        if spec.kind == "sangong":
            apply_sangong(data, spec, raw, start, cols, factor, problems)
            parsed.append((spec, [], raw, start, lay, factor))
            continue
        cur = data
        for key in spec.target:
            cur = cur.get(key) if isinstance(cur, dict) else None
        rows_for_names = cur.get("行", []) if isinstance(cur, dict) else []
        names = _names(year, spec.leaf == 5, rows_for_names) if spec.kind == "hier" else {}
        projects: set = set()
        if spec.kind == "carry":  # unit rows and project rows both only have a name: known unit names decide
            items = data.get("上年结转结余") or []
            projects = {_text(c.get("项目名称")) for c in items if isinstance(c, dict)}
            names = {_text(u): [] for u in {default_unit} | {c.get("单位") for c in items if isinstance(c, dict)}
                     if u and _text(u) not in projects}
        lines = read_lines(spec, raw, start, cols, factor, year, problems, names, projects)
        if spec.kind == "hier":
            apply_hier(data, spec, lines)
        elif spec.kind == "projects":
            apply_projects(data, spec, lines, default_unit)
        elif spec.kind == "carry":
            apply_carry(data, spec, lines, default_unit)
        parsed.append((spec, lines, raw, start, lay, factor))
    if problems:
        raise InputError(problems)
    # compute, state the published subtotals that differ, compute again; what still differs is an error
    for _ in range(3):
        report, figures, region = _prepare_data(data, templates)
        mismatches: list = []
        changed = False
        for spec, lines, *_ in parsed:
            if spec.kind == "hier":
                changed |= reconcile(data, spec, lines, figures, mismatches)
        if not changed:
            break
    report, figures, region = _prepare_data(data, templates)
    for where, key, value, have in mismatches:
        problems.add(where, f"{key} {dec_text(value)} 与由明细计算的 {dec_text(have)} 不符，且该行不能写成列明的合计")
    after = {lay.id: lay for lay in layout_sheets(report, figures, region)}
    for spec, lines, raw, start, lay, factor in parsed:
        if spec.kind in ("derived", "projects", "carry", "sangong", "panel", "econ_panels") and lay.id in after:
            _compare_layout(raw, start, after[lay.id], factor, problems, notes)
    if problems:
        raise InputError(problems)
    written = store.write(outdir, force, note=f"数字由 disclose import-xlsx 从 {Path(xlsx).name} 写入")
    return written, notes
