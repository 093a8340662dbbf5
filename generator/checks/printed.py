"""Print against print: every printed total against its printed parts, and shares of one list against 100.00%.

The other sum rules compare a *typed* total with the sum the table computes from its leaves. An inspector reads the
printed page instead: a 总计 row whose printed columns do not add up to its printed 合计, a 类 row that is not the sum
of the 款 rows printed under it, shares that do not add up to 100%. These rules read the figures as printed (rounded
to the cent, blank cells are zero) and count only the non-blank addends for the rounding tolerance.

* A printed total nobody typed that differs from its printed parts is an error (``印出合计``): the report would
  print a table that does not add up. The cure is to state the published figure (a 类/款 row, ``总计``) or, when
  the published report prints it so, an acknowledgement (``已知问题``) with the reason.
* A typed (stated, as published) total that differs from its printed parts by at most 0.01 per non-blank addend, or
  a total computed from 元-precise amounts (more than two decimals), is a warning (``印出合计-舍入``) that says so.
* Shares: printed as computed (each rounded on its own, as the seeds print them: seed 003 五(二) adds up to
  100.01%); a list whose printed shares do not add up to 100.00% is a warning within 0.01 per share
  (``占比-舍入``), an error beyond (``占比``: the parts do not add up to the whole they are shares of).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from types import SimpleNamespace as NS

from ..compute.rounding import ZERO, q2
from ..load import Source
from ..model.budget import BudgetReport
from ..model.final import FinalReport
from ..tables import builtin
from .compare import CENT, DEPTH, printed_parts
from .registry import Finding, rule

HUNDRED = Decimal("100")


def identities(d) -> list[tuple[str, list[str]]]:
    """The horizontal identities of a described table: each derived column and the columns it sums (its ``计算``)."""
    return [(col, d.addends(col)) for col in d.计算]


def _printed(value) -> Decimal:
    return q2(value) if value else ZERO


def _fine(value) -> bool:
    """More than two decimals: an amount typed to the 元 (its total is rounded once, as the publisher did)."""
    return bool(value) and Decimal(value) != q2(value)


def _label(row) -> str:
    if row.kind == "total":
        return "总计"
    if row.kind in ("unit", "project") or not row.code:
        return row.label or row.name
    return f"{row.code} {row.name}"


def _path(rows: list, k: int) -> tuple:
    """The YAML path of a printed row; a unit/类/款 row of 表7 or 表11 (computed from its projects) points at the
    first project printed under it."""
    if rows[k].path:
        return rows[k].path
    depth = DEPTH.get(rows[k].kind, 4)
    for row in rows[k + 1 :]:
        if DEPTH.get(row.kind, 4) <= depth:
            break
        if row.path:
            return row.path
    return ()


def _where(row, rows: list, k: int, unit_of: dict) -> str:
    unit = unit_of.get(k)
    return f"“{unit}”下" if unit and row.kind not in ("unit", "total") else ""


def _units(rows: list) -> dict[int, str]:
    """Row index → the unit row it is printed under (表7, 表11 group rows per unit)."""
    out, unit = {}, ""
    for k, row in enumerate(rows):
        if row.kind == "unit":
            unit = row.label or row.name
        elif row.kind == "total":
            unit = ""
        out[k] = unit
    return out


def _finding(rule_id, what, total, parts_sum, n, stated, fine, where, table) -> Finding | None:
    diff = total - parts_sum
    if diff == 0:
        return None
    tol = CENT * max(n, 1)
    if (stated or fine) and abs(diff) <= tol:
        why = "填写的合计如公开表所印" if stated else "金额按元录入，合计由精确金额相加后舍入"
        return Finding(
            rule_id + "-舍入",
            "警告",
            f"{what}：印出 {total}，各项印出数相加为 {parts_sum}，相差 {diff}（{why}；"
            f"容差每个非空加数 0.01，共 {max(n, 1)} 个）",
            where,
            table,
            parts_sum,
            total,
            tol,
        )
    hint = (
        "与所属各项相差超出舍入容差，请核对"
        if stated
        else "请填写公开表所印的合计（类/款行、总计），或在“已知问题”中说明公开表如此印出的原因"
    )
    return Finding(
        rule_id,
        "错误",
        f"{what}：印出 {total}，各项印出数相加为 {parts_sum}，相差 {diff}；{hint}",
        where,
        table,
        parts_sum,
        total,
        tol,
    )


def typed_cell(row, col: str) -> bool:
    """The printed figure came from the input (a stated total), not from the table's own sum: it is in
    ``row.stated``, or it differs from what the table computed for it (a unit row printing a stated 总计)."""
    return col in row.stated or (col in row.computed and row.values.get(col) != row.computed.get(col))


def printed_sums(
    name: str,
    rows: list,
    identities: list[tuple[str, list[str]]],
    columns: Iterable[str],
    source: Source,
    rule_id: str,
    typed: Callable[[object, str], bool] = typed_cell,
) -> Iterator[Finding]:
    """Every printed row of one table: its total columns against its printed part columns (horizontal), and each
    total/subtotal row against the rows printed under it (vertical)."""
    units = _units(rows)
    derived = {total for total, _ in identities}
    for k, row in enumerate(rows):
        where = source.locate(_path(rows, k))
        place = f"{name}{_where(row, rows, k, units)}“{_label(row)}”行"
        for total_col, part_cols in identities:
            if row.kind == "project" and typed(row, total_col):
                continue  # a project's typed 合计 against its columns: rule 表7合计
            if not any(row.values.get(c) for c in [total_col, *part_cols]):
                continue
            total = _printed(row.values.get(total_col))
            addends = [_printed(row.values.get(c)) for c in part_cols]
            fine = any(_fine(row.values.get(c)) for c in [total_col, *part_cols])
            f = _finding(
                rule_id,
                f"{place}的“{total_col}”（同行{'、'.join(c for c in part_cols)}之和）",
                total,
                sum(addends, ZERO),
                sum(1 for a in addends if a),
                typed(row, total_col),
                fine,
                where,
                name,
            )
            if f:
                yield f
        parts = printed_parts(rows, k)
        if not parts:
            continue
        for col in columns:
            stated = typed(row, col)
            if col in derived and not stated:
                continue  # a derived column follows its printed row parts: checked horizontally above
            shown = [_printed(p.values.get(col)) for p in parts]
            total = _printed(row.values.get(col))
            if stated and sum(shown, ZERO) == row.computed.get(col):
                continue  # the typed total against these same parts: rule 合计 (合计-舍入 / 合计-不符)
            fine = any(_fine(p.values.get(col)) for p in parts) or _fine(row.values.get(col))
            f = _finding(
                rule_id,
                f"{place}的“{col}”（其下各行之和）",
                total,
                sum(shown, ZERO),
                sum(1 for a in shown if a),
                stated,
                fine,
                where,
                name,
            )
            if f:
                yield f


def _budget_tables(f: NS) -> Iterator[tuple[str, list, list[tuple[str, list[str]]], list[str]]]:
    """(printed name, rows, identities, columns) of every printed table with rows: the 科目表 of the region's
    descriptions, 表7 and 表11 (their 计算 from the built-in descriptions: their forms fix them)."""
    for t in f.described:
        yield t.name, t.table.rows, identities(t.d), t.table.columns
    budget = builtin("预算")
    yield "表7", f.t7.rows, identities(budget.table("t7")), f.t7.columns
    yield "表11", f.t11.rows, identities(budget.table("t11")), f.t11.columns


@rule("印出合计", "错误", "每一印出的合计、小计与同行各列、其下各行的印出数相加一致（只计非空加数）")
def budget_printed_sums(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    projects = report.一般公共预算项目支出

    def typed(row, col: str) -> bool:  # a 表7 project row's 合计 is typed when the input states it
        if row.kind == "project" and col == "合计" and row.path[:1] == ("一般公共预算项目支出",):
            return projects[row.path[1]].合计 is not None
        return typed_cell(row, col)

    out: list[Finding] = []
    for name, rows, ident, columns in _budget_tables(f):
        out += printed_sums(name, rows, ident, columns, source, "印出合计", typed)
    return out


@rule("决算表-印出合计", "错误", "决算表每一印出的合计、小计与同行各列、其下各行的印出数相加一致", kind="final")
def final_printed_sums(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    T = f.tables
    if T is None:
        return []
    out: list[Finding] = []
    for t in T.described:
        out += printed_sums(t.name, t.table.rows, identities(t.d), t.table.columns, source, "决算表-印出合计")
    if T.t6 is not None:
        out += printed_sums("表6", T.t6.table.rows, [], ["决算数"], source, "决算表-印出合计")
    return out


def share_lists(rule_id: str, lists: Iterable[tuple[str, list[Decimal], tuple]], source: Source) -> list[Finding]:
    """(what, printed shares, YAML path) → a finding when the shares of one list do not add up to 100.00%."""
    out = []
    for what, shares, path in lists:
        shown = [q2(s) for s in shares if s]
        if len(shown) < 2:
            continue
        total = sum(shown, ZERO)
        if total == HUNDRED:
            continue
        # each share is rounded on its own: at most 0.005 off, so n shares at most 0.005·n (rounded up to the cent)
        tol = q2(Decimal("0.005") * len(shown))
        within = abs(total - HUNDRED) <= tol
        out.append(
            Finding(
                rule_id + "-舍入" if within else rule_id,
                "警告" if within else "错误",
                f"{what}：印出的{len(shown)}个占比相加为 {total}%"
                + (
                    f"（各占比分别四舍五入，容差 {tol}%；按公开表的做法印出计算值，不调整）"
                    if within
                    else f"，与 100.00% 相差超出舍入容差 {tol}%：各项金额之和不等于计算占比所用的总数"
                ),
                source.locate(path),
                what,
                HUNDRED,
                total,
                tol,
            )
        )
    return out


@rule("占比", "错误", "同一列举中印出的占比相加为 100.00%（各自舍入的差为警告，不调整）")
def budget_shares(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    return share_lists(
        "占比",
        [
            ("二 收入预算各项占比", [it.share for it in f.income_items if not it.absent], ("收入预算说明",)),
            ("三 支出预算各项占比", [it.share for it in f.spend], ("支出预算说明",)),
            ("五(二) 一般公共预算各类占比", [c.share for c in f.general_classes], ("一般公共预算支出",)),
        ],
        source,
    )


@rule("决算-占比", "错误", "同一列举中印出的占比相加为 100.00%（各自舍入的差为警告，不调整）", kind="final")
def final_shares(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    sg = f.sangong
    return share_lists(
        "决算-占比",
        [
            ("二 本年收入各项占比", [it.share for it in f.income_items], ("收入决算",)),
            ("三 本年支出各项占比", [it.share for it in f.expense_items], ("支出决算",)),
            ("五(二) 一般公共预算财政拨款支出各类占比", [c.share for c in f.general.classes], ("一般公共预算支出",)),
            ("九 “三公”经费各项占比", [it.share for it in sg.four], ("三公经费",)),
        ],
        source,
    )
