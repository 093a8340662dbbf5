"""The figures of the assembled 决算 tables (表1, 表4, 表9) that the input holds as narrative figures: the carry-overs
and totals of 收入支出决算总体 and 财政拨款收支, and 三公经费 全年预算 / 决算 per item. The other figures of those
tables (收入 lines, 类 lines) are computed from 表2, 表3, 表5, 表7, 表8 and only compared afterwards."""

from __future__ import annotations

from decimal import Decimal

from ..excel.apply import node_at, set_amount
from ..excel.cells import Problems
from ..excel.rows import layout_paths
from ..numtext import dec_text
from .align import Aligned, row_key
from .recognise import norm

T1 = {  # (label, side) -> 收入支出决算总体 key
    ("本年收入合计", 0): "本年收入合计",
    ("使用非财政拨款结余", 0): "使用非财政拨款结余",
    ("年初结转和结余", 0): "年初结转和结余",
    ("总计", 0): "收入总计",
    ("本年支出合计", 1): "本年支出合计",
    ("结余分配", 1): "结余分配",
    ("年末结转和结余", 1): "年末结转和结余",
    ("总计", 1): "支出总计",
}
T4 = {  # (label, layout value column index) -> 财政拨款收支 key
    ("本年收入合计", 0): "本年收入",
    ("年初财政拨款结转和结余", 0): "年初结转和结余",
    ("本年支出合计", 1): "本年支出",
    ("年末财政拨款结转和结余", 1): "年末结转和结余",
}
T9_ITEMS = {
    "因公出国(境)费": "因公出国",
    "公务用车购置费": "公务用车购置",
    "公务用车运行费": "公务用车运行维护",
    "公务接待费": "公务接待",
}
CARRY_LINES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def _entries(al: Aligned, layout) -> list[tuple[str, int, Decimal, str]]:
    """(label, index of the layout value column, amount, where) of every amount of the body."""
    _lpaths, lvalue = layout_paths(layout)
    order = {lc: i for i, lc in enumerate(lvalue)}
    cols = set(al.value_columns)
    out = []
    g = al.grid
    for r in range(al.start, len(g.values)):
        row = g.values[r]
        for c in sorted(al.columns):
            v = row[c] if c < len(row) else None
            if not isinstance(v, Decimal):
                continue
            _code, label = row_key(row, c, cols)
            out.append((label, order[al.columns[c]], v, g.addr(r, c)))
    return out


def _labels(al: Aligned, c: int) -> list[tuple[int, str]]:
    cols = set(al.value_columns)
    return [(r, row_key(al.grid.values[r], c, cols)[1]) for r in range(al.start, len(al.grid.values))]


def apply_final_t1(data: dict, al: Aligned, layout, origin: dict) -> None:
    node = node_at(data, ("收入支出决算总体",))
    sides: dict[str, int] = {}
    for label, index, value, where in _entries(al, layout):
        side = 0 if index == 0 else 1
        key = T1.get((label, side))
        if key is None:
            continue
        if key in ("收入总计", "支出总计"):
            sides[key] = sides.get(key, 0) + 1
        node[key] = dec_text(value)
        origin[("收入支出决算总体", key)] = where
    for key in ("本年收入合计", "本年支出合计", "使用非财政拨款结余", "年初结转和结余", "结余分配", "年末结转和结余"):
        node.setdefault(key, "0")
    # a printed 总计 is kept only when it is not the sum of its lines (a stated total, checked within 0.01)
    for total, parts in (
        ("收入总计", ("本年收入合计", "使用非财政拨款结余", "年初结转和结余")),
        ("支出总计", ("本年支出合计", "结余分配", "年末结转和结余")),
    ):
        if total in node and Decimal(node[total]) == sum(Decimal(str(node.get(p) or 0)) for p in parts):
            del node[total]


def apply_final_t4(data: dict, al: Aligned, layout, origin: dict) -> None:
    _lpaths, lvalue = layout_paths(layout)
    sides = [next((c for c, lc in al.columns.items() if lc == lvalue[k]), None) for k in (0, 1)]
    cols = set(al.value_columns)
    g = al.grid
    found: dict[str, tuple[Decimal, str]] = {}
    carry, carry_where, in_carry = Decimal("0"), "", False
    for r in range(al.start, len(g.values)):
        row = g.values[r]
        for side, c in enumerate(sides):
            if c is None:
                continue
            label = row_key(row, c, cols)[1]
            v = row[c]
            if side == 0 and label:
                if label == "年初财政拨款结转和结余":
                    in_carry = True
                elif in_carry and label in CARRY_LINES:
                    if isinstance(v, Decimal):  # the carry-over given per fund, on the lines under its heading
                        carry += v
                        carry_where = carry_where or g.addr(r, c)
                else:
                    in_carry = False
            key = T4.get((label, side))
            if key is not None and isinstance(v, Decimal) and key not in found:
                found[key] = (v, g.addr(r, c))
    if "年初结转和结余" not in found and carry_where:
        found["年初结转和结余"] = (carry, carry_where)
    node = node_at(data, ("财政拨款收支",))
    for key in ("年初结转和结余", "本年收入", "年末结转和结余", "本年支出"):
        if key in found:
            node[key] = dec_text(found[key][0])
            origin[("财政拨款收支", key)] = found[key][1]
        else:
            node.setdefault(key, "0")


def apply_final_t9(data: dict, al: Aligned, layout, origin: dict, problems: Problems) -> None:
    lpaths, _lvalue = layout_paths(layout)
    node = node_at(data, ("三公经费",))
    g = al.grid
    for r in range(al.start, len(g.values)):
        for c, lc in al.columns.items():
            v = g.values[r][c]
            words = [norm(p) for p in lpaths[lc]]
            item = next((T9_ITEMS[w] for w in words if w in T9_ITEMS), None)
            kind = "全年预算" if "预算数" in words else "决算" if "决算数" in words else None
            if item is None or kind is None:
                continue  # 合计, 小计: computed
            entry = node.get(item)
            if not isinstance(entry, dict):
                entry = node[item] = {}
            value = v if isinstance(v, Decimal) else Decimal("0")
            if v is not None and not isinstance(v, Decimal):
                problems.add(g.addr(r, c), f"“{v}”不是金额")
                continue
            set_amount(entry, kind, value)
            if isinstance(v, Decimal):
                origin[("三公经费", item, kind)] = g.addr(r, c)


def apply_final_t6(data: dict, al: Aligned, layout, origin: dict) -> None:
    """基本支出 人员经费 / 公用经费 as 表6's 人员经费合计 / 公用经费合计 rows print them (六 may say it again)."""
    node = node_at(data, ("基本支出",))
    for label, _index, value, where in _entries(al, layout):
        key = {"人员经费合计": "人员经费", "公用经费合计": "公用经费"}.get(label)
        if key is not None:
            node[key] = dec_text(value)
            origin[("基本支出", key)] = where
