"""Reading worksheet cells: exact amounts, texts, merged headers, where the header ends, the unit line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import Location, Problem
from ..model.common import MAX_INT_DIGITS
from .specs import TOTAL_LABELS

ZERO = Decimal("0")


CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


NUM = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


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
        if not NUM.match(text):
            problems.add(where, f"“{value}”不是金额")
            return None
        d = Decimal(text.replace(",", ""))
    if not d.is_finite() or d.adjusted() >= MAX_INT_DIGITS + (4 if factor == 10000 else 0):
        # 1e300 from a cell: the model's digit limit (万元), before any arithmetic on it
        problems.add(where, f"“{value}”位数过多（金额整数部分最多 {MAX_INT_DIGITS} 位万元）")
        return None
    if d < 0:
        problems.add(where, f"金额不能为负数（{value}）")
        return None
    if factor == 10000:
        d = d.quantize(Decimal("0.01"), ROUND_HALF_UP) / 10000
    else:
        d = d.quantize(Decimal("0.000001"), ROUND_HALF_UP)
    return d


def flat_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", "", str(v)).replace("\u3000", "")


def is_number(v) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


@dataclass
class Grid:
    """A worksheet's values with merged ranges spread over every cell they cover (for headers)."""

    name: str
    values: list  # rows of values (1-based addresses via addr())
    indents: list

    def addr(self, r: int, c: int) -> str:
        return f"{self.name}!{get_column_letter(c + 1)}{r + 1}"


def read_grid(ws: Worksheet) -> tuple[Grid, Grid]:
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


def unit_factor(grid: Grid, override: str | None) -> int:
    if override:
        return 10000 if override == "元" else 1
    for row in grid.values[:6]:
        for v in row:
            t = flat_text(v)
            m = re.search(r"单位[:：]([万千]?元)", t)
            if m:
                return 1 if m.group(1) == "万元" else 10000 if m.group(1) == "元" else 0
    return 1


def is_colno_row(row) -> bool:
    vals = [flat_text(v) for v in row if flat_text(v)]
    if not vals:
        return False
    nums = [v for v in vals if v != "※"]
    return bool(nums) and all(v.isdigit() for v in nums) and [int(v) for v in nums] == list(range(1, len(nums) + 1))


def body_start(g: Grid, title_rows: int) -> int:
    """First row that holds figures, a code or a total label."""
    for r in range(title_rows, len(g.values)):
        row = g.values[r]
        if is_colno_row(row):
            continue
        texts = [flat_text(v) for v in row if flat_text(v)]
        if (
            any(is_number(v) for v in row)
            or any(CODE.match(t) for t in texts)
            or (texts and texts[0] in TOTAL_LABELS + ("收入总计",) and len(texts) <= 2)
            or any("空表" in t for t in texts)
        ):
            return r
    return len(g.values)


def header_paths(spread: Grid, top: int, start: int) -> list[list[str]]:
    width = len(spread.values[0]) if spread.values else 0
    paths = []
    for c in range(width):
        path: list[str] = []
        for r in range(top, start):
            if is_colno_row(spread.values[r]):
                continue
            t = flat_text(spread.values[r][c])
            if t and (not path or path[-1] != t):
                path.append(t)
        paths.append(path)
    return paths


def header_top(g: Grid) -> int:
    """The row after the 编制/单位 line (or after the title when there is none)."""
    for r, row in enumerate(g.values[:8]):
        if any(re.search(r"单位[:：]|编制", flat_text(v)) for v in row):
            return r + 1
    return 1
