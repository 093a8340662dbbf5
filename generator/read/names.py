"""What the tables of a published report say beyond their figures: the names of codes our catalogue lacks (or names
otherwise), and the 类 of 一般公共预算 when the report's 五 prints no line the region's phrases read."""

from __future__ import annotations

import re
from decimal import Decimal

from .. import catalog
from ..numtext import dec_text
from .align import row_key


def code_names(out) -> None:
    """科目名称: every code a 公开表 prints with a name the built-in catalogue does not give for the year."""
    year = int(out.meta.year or 0)
    names: dict[str, dict[str, str]] = {"功能分类": {}, "经济分类": {}}
    for al, lay in out.aligned.values():
        econ = lay.id in ("ft6", "t6")
        kind = "经济分类" if econ else "功能分类"
        lookup = catalog.economic_name if econ else catalog.function_name
        cols = set(al.value_columns)
        for r in range(al.start, len(al.grid.values)):
            row = al.grid.values[r]
            for c in sorted(cols) or [len(row)]:
                code, label = row_key(row, c, cols)
                shown = _shown(row, code, c, cols)
                if code and shown and catalog.trusted_name(code, year, kind) is None and lookup(code, year) != shown:
                    names[kind][code] = shown
    found = {k: v for k, v in names.items() if v}
    if found:
        mine = out.data.setdefault("科目名称", {})
        for kind, entries in found.items():
            mine.setdefault(kind, {}).update(entries)


def _shown(row: list, code: str, c: int, cols: set[int]) -> str:
    """The name printed with *code* in the panel left of column *c* (spaces kept as printed, but none around)."""
    for cc in range(c - 1, -1, -1):
        if cc in cols:
            break
        v = row[cc]
        if isinstance(v, str) and v.strip() and not re.fullmatch(r"\d{2,7}", v.strip()):
            text = re.sub(r"^\d{3,7}\s*", "", v.strip())
            return text if text and text != code else ""
    return ""


def general_from_table(out) -> None:
    """一般公共预算支出 类 from 表5 when 五 printed none of its lines in the region's words (another report's 五(三)
    has no prior-year figure per 项): the amounts are the table's, no 上年 is invented."""
    g = out.data.get("一般公共预算支出")
    tables = out.data.get("决算表") or {}
    rows = (tables.get("一般公共预算财政拨款支出决算表") or {}).get("行") or []
    if not isinstance(g, dict) or g.get("项") or g.get("类") or not rows:
        return
    classes: dict[str, Decimal] = {}
    stated = {}
    for row in rows:
        code = str(row.get("科目", ""))
        amount = sum((Decimal(str(row.get(k) or 0)) for k in ("基本支出", "项目支出")), Decimal("0"))
        if len(code) == 3:
            stated[code] = amount
        elif len(code) == 7:
            classes[code[:3]] = classes.get(code[:3], Decimal("0")) + amount
    classes.update(stated)
    g["类"] = [{"编码": code, "金额": dec_text(v)} for code, v in sorted(classes.items())]
    out.notes.append("五：各项的上年数未按本地区措辞印出，一般公共预算支出按表5的类列出（无上年数）")
