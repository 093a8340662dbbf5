"""Hierarchical tables: leaf rows in, 类/款 subtotals and the 总计 row out.

A row given at 类/款 level, or a table's ``总计`` mapping, is a *stated* total (as published). The computed sum is
always kept next to it; the display value is the stated one when given. :mod:`generator.checks` compares the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from ..model.extra import ExtraTable

ZERO = Decimal("0")


@dataclass
class Row:
    """One printed row: codes split per level, name, display values, and what they were computed from."""

    kind: str  # total | class | section | item | unit | project
    code: str = ""
    name: str = ""
    values: dict = field(default_factory=dict)  # display values (Decimal)
    computed: dict = field(default_factory=dict)  # sums of parts
    stated: dict = field(default_factory=dict)  # as given in the input (stated totals only)
    addends: dict = field(default_factory=dict)  # number of parts behind each computed value
    path: tuple = ()  # YAML path of the input row (for findings)
    given_name: str | None = None
    label: str = ""  # 项目名称 / unit name for grouped tables

    @property
    def codes(self) -> tuple[str, str, str]:
        c = self.code
        return (c[:3], c[3:5], c[5:7]) if c else ("", "", "")

    @property
    def level(self) -> int:
        return {3: 0, 5: 1, 7: 2}.get(len(self.code), 0)

    def v(self, col: str) -> Decimal:
        return self.values.get(col, ZERO)


@dataclass
class Table:
    rows: list[Row]  # total row first, then pre-order 类 → 款 → 项
    columns: list[str]

    @property
    def total(self) -> Row:
        return self.rows[0]

    @property
    def body(self) -> list[Row]:
        return self.rows[1:]

    @property
    def empty(self) -> bool:
        return not any(self.total.values.get(c) for c in self.columns)

    def find(self, code: str) -> Row | None:
        return next((r for r in self.body if r.code == code), None)


def _display(computed: dict, stated: dict, columns: list[str], derive) -> dict:
    """Printed values: stated where given; derived columns (合计 …) follow the printed parts unless stated too."""
    values = dict(computed)
    values.update(stated)
    if stated and columns and all(c in values for c in columns):
        for col, val in derive({c: values[c] for c in columns}).items():
            if col not in stated:
                values[col] = val
    return values


def _get(obj, col):
    return getattr(obj, col, None)


def hier_table(
    inputs: list,
    base_path: tuple,
    columns: list[str],
    stated_total: Any,
    namer: Callable[[str, str | None], str | None],
    derive: Callable[[dict], dict] | None = None,
    levels: tuple[int, ...] = (3, 5, 7),
    keep_zero: bool = False,
    stated_columns: tuple[str, ...] | list[str] = ("合计", "总计", "财政拨款小计", "基本支出"),
) -> Table:
    """Build a 类/款/项 table from input rows (leaves plus optional stated subtotal rows).

    ``columns`` are the input columns; ``derive`` adds computed columns (合计, 小计 …) from a value dict.
    Leaves are rows whose code has the deepest length; other rows are stated subtotals.
    """
    derive = derive or (lambda vals: {})
    leaf_len = levels[-1]
    leaves: dict[str, list] = {}
    stated_rows: dict[str, tuple] = {}
    for i, item in enumerate(inputs):
        path = base_path + (i,)
        if len(item.科目) == leaf_len:
            leaves.setdefault(item.科目, []).append((item, path))
        elif len(item.科目) in levels:
            stated_rows[item.科目] = (item, path)

    def values_of(item):
        vals = {c: _get(item, c) or ZERO for c in columns}
        vals.update(derive(vals))
        return vals

    # group codes by prefix
    codes = set(leaves) | set(stated_rows)
    prefixes = set()
    for code in codes:
        for n in levels:
            if len(code) >= n:
                prefixes.add(code[:n])
    rows: list[Row] = []
    for code in sorted(prefixes, key=lambda c: c.ljust(leaf_len, " ")):
        parts = [(it, p) for c, lst in leaves.items() if c.startswith(code) for it, p in lst]
        computed: dict = {}
        for it, _ in parts:
            for col, val in values_of(it).items():
                computed[col] = computed.get(col, ZERO) + val
        stated_item = stated_rows.get(code)
        stated = {}
        path = ()
        given = None
        if stated_item:
            item, path = stated_item
            given = item.名称
            stated = {c: v for c, v in values_of(item).items()}
            # stated explicit derived columns (e.g. 合计 on a stated row) override derived
            for extra in stated_columns:
                if _get(item, extra) is not None:
                    stated[extra] = _get(item, extra)
        elif len(code) == leaf_len and parts:
            item, path = parts[0]
            given = item.名称
            if len(parts) == 1:  # a leaf may state its derived columns (e.g. 总计) as published
                stated = {c: _get(item, c) for c in stated_columns if c not in columns and _get(item, c) is not None}
        values = _display(computed, stated, columns, derive)
        addends = {c: max(1, len(parts)) for c in computed}
        if len(code) < leaf_len:
            # the number of addends of a subtotal is its number of direct children
            child_len = levels[levels.index(len(code)) + 1]
            n_children = len({c[:child_len] for c in codes if c.startswith(code) and len(c) >= child_len})
            addends = {c: max(1, n_children) for c in computed}
        # the deepest level is always "item" (项 of 功能分类, 款 of 经济分类)
        kind = "item" if len(code) == leaf_len else ("class" if len(code) == levels[0] else "section")
        row = Row(kind, code, "", values, computed, stated, addends, path, given)
        row.name = namer(code, given) or ""  # the namer prefers a trusted catalogue name to the typed one
        if keep_zero or any(values.values()):
            rows.append(row)
    # total row: sum of 类 rows (their display values, i.e. what the reader adds up)
    top = [r for r in rows if len(r.code) == levels[0]]
    computed = {}
    for r in top:
        for col, val in r.values.items():
            computed[col] = computed.get(col, ZERO) + val
    if not computed:
        computed = {c: ZERO for c in columns}
        computed.update(derive(dict(computed)))
    stated = {}
    if stated_total is not None:
        stated = {k: v for k, v in stated_total.model_dump().items() if v is not None}
    values = _display(computed, stated, columns, derive)
    total = Row(
        "total",
        "",
        "总计",
        values,
        computed,
        stated,
        {c: max(1, len(top)) for c in computed},
        base_path[:-1] + ("总计",) if stated else base_path,
    )
    return Table([total] + rows, list(values))


def subject_table(d: Any, report: Any, year: int) -> Table | None:
    """A 科目表 from its description (generator/tables) alone: the input rows at its YAML path, its typed and derived
    columns, 功能分类 or 经济分类 names. None when the report has no such table (an optional 决算表)."""
    from .. import catalog

    node = report
    for key in d.path:
        node = getattr(node, key, None)
        if node is None:
            return None
    lookup = catalog.function_name if d.科目 == "功能分类" else catalog.economic_name

    def namer(code: str, given: str | None = None) -> str | None:
        return lookup(code, year, given)

    return hier_table(
        node.行, d.path + ("行",), list(d.输入列), node.总计, namer, d.derive, levels=d.levels, stated_columns=d.derived
    )


def subject_tables(registry: Any, report: Any, year: int) -> dict[str, Any]:
    """Every 科目表 of *registry*, by the attribute name of its figures (``t3``; ``t2`` of ``tables.t2``)."""
    return {d.figure.rsplit(".", 1)[-1]: subject_table(d, report, year) for d in registry.of_form("科目表")}


@dataclass(frozen=True)
class Described:
    """A 科目表 with its description and the name findings give it (表3 as printed)."""

    d: Any
    name: str
    table: Table


def described(registry: Any, tables: dict, order: list[str]) -> list[Described]:
    """The 科目表 that have figures, named by their printed number in *order* (ids as the settings list them)."""
    out = []
    for d in registry.of_form("科目表"):
        table = tables.get(d.figure.rsplit(".", 1)[-1])
        if table is not None:
            name = f"表{order.index(d.id) + 1}" if d.id in order else f"表（{d.id}）"
            out.append(Described(d, name, table))
    return out


def extra_tables(tables: list[ExtraTable]) -> list[SimpleNamespace]:
    """附加表 with the totals of their amount columns."""
    out = []
    for t in tables:
        idx = [t.列.index(c) for c in t.金额列]
        totals = {i: sum((row[i] for row in t.行), ZERO) for i in idx}
        out.append(
            SimpleNamespace(
                src=t,
                title=t.标题,
                columns=t.列,
                money=set(idx),
                rows=t.行,
                total=[totals.get(i) for i in range(len(t.列))] if t.合计 and idx else None,
            )
        )
    return out
