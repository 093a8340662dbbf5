"""Comparisons shared by the check rules: a computed figure against a stated or quoted one (with the rounding
tolerance of 0.01 per addend), stated totals of a table, and codes against the built-in catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .. import catalog
from ..compute.rounding import q2
from ..errors import Location
from ..load import Source
from .registry import Finding

CENT = Decimal("0.01")


def compare(
    rule_id: str,
    what: str,
    expected: Decimal,
    actual: Decimal,
    where: Location,
    table: str,
    n: int = 1,
    rounding_id: str | None = None,
) -> list[Finding]:
    """One equality between two figures. A difference within 0.01 per addend is display rounding of 元-precise
    amounts: a warning (``rounding_id``, default ``<rule_id>-舍入``); anything larger is an error.
    Between tables (``表间`` rules) there is no tolerance: one figure must print the same in both places."""
    if expected == actual:
        return []
    if "表间" in rule_id:
        if q2(expected) == q2(actual):
            return []
        return [
            Finding(
                rule_id,
                "错误",
                f"{what}：同一数字在两处印出不同，一处 {q2(expected)}，另一处 {q2(actual)}"
                f"（相差 {q2(actual) - q2(expected)}）；请把两处改为公布的同一数字（可填写合计数）",
                where,
                table,
                expected,
                actual,
                Decimal("0"),
            )
        ]
    diff = actual - expected
    tol = CENT * max(n, 1)
    if abs(diff) <= tol:
        return [
            Finding(
                rounding_id or rule_id + "-舍入",
                "警告",
                f"{what}：应为 {expected}，实为 {actual}，相差 {diff}，"
                f"在四舍五入容差（每个加数 0.01，共 {max(n, 1)} 个）之内",
                where,
                table,
                expected,
                actual,
                tol,
            )
        ]
    return [
        Finding(
            rule_id,
            "错误",
            f"{what}：应为 {expected}，实为 {actual}，相差 {diff}，超出容差 {tol}",
            where,
            table,
            expected,
            actual,
            tol,
        )
    ]


def stated_total(what: str, computed: Decimal, stated: Decimal, where: Location, table: str, n: int) -> list[Finding]:
    """A total typed in the input (as published) against the sum of its parts; the typed figure is printed."""
    return compare(
        "合计-不符",
        f"{what}（应为明细之和，实为填写数，报告按填写数印出）",
        computed,
        stated,
        where,
        table,
        n,
        rounding_id="合计-舍入",
    )


# depth of a row kind in a printed table: a row's parts are the rows of the next depth printed under it
DEPTH = {"total": 0, "unit": 1, "class": 2, "section": 3, "item": 4, "project": 4}


def printed_parts(rows: list, k: int) -> list:
    """The rows printed right under rows[k] one level down (a 类 row's 款 rows, a unit row's 类 rows …)."""
    depth = DEPTH.get(rows[k].kind, 4)
    under = []
    for row in rows[k + 1 :]:
        d = DEPTH.get(row.kind, 4)
        if d <= depth:
            break
        under.append((d, row))
    if not under:
        return []
    top = min(d for d, _ in under)
    return [row for d, row in under if d == top]


def nonblank_addends(rows: list, k: int, col: str) -> int:
    """How many addends the table added up for rows[k]'s *col*, counting only the non-blank ones: the rounding
    tolerance is 0.01 for each of them (a blank row carries no rounding). A 类/款 subtotal is the sum of its leaf
    rows, a 类/款/项 table's 总计 the sum of its 类 rows, a project table's 总计 (表7, 表11) the sum of its projects;
    a leaf row made of several input rows keeps its own count."""
    parts = printed_parts(rows, k)
    if not parts:
        return rows[k].addends.get(col, 1)
    if not (rows[k].kind == "total" and parts[0].kind == "class"):
        depth = DEPTH[rows[k].kind]
        parts = []
        for row in rows[k + 1 :]:
            if DEPTH.get(row.kind, 4) <= depth:
                break
            if row.kind in ("item", "project"):
                parts.append(row)
    return max(1, sum(1 for p in parts if p.values.get(col)))


def stated_vs_computed(table_name: str, table: Any, source: Source) -> list[Finding]:
    """Every total or subtotal typed in a table (``Row.stated``) against the sum the table computes."""
    out: list[Finding] = []
    for k, row in enumerate(table.rows):
        for col, stated in row.stated.items():
            computed = row.computed.get(col)
            if computed is not None:
                label = row.name or row.code or "总计"
                out += stated_total(
                    f"{table_name}“{label}”的“{col}”",
                    computed,
                    stated,
                    source.locate(row.path),
                    table_name,
                    nonblank_addends(table.rows, k, col),
                )
    return out


def code_findings(
    rows: Iterable[tuple[str, str, Any]], year: int, source: Source, prefix: str = "科目"
) -> list[Finding]:
    """(table, 功能分类|经济分类, Row) → unknown codes (warning ``<prefix>-未知``) and wrong names (``<prefix>-名称`` or
    ``<prefix>``). Shared by the budget tables and the 决算表."""
    out: list[Finding] = []
    for table, kind, row in rows:
        known = catalog.trusted_name(row.code, year, kind)
        where = source.locate(row.path)
        unverified = catalog.unverified_name(row.code, kind)
        if known is None and unverified and row.given_name in (None, "", unverified):
            continue  # printed with the name of the unverified list (see catalog/*-未核对.yaml), or typed as it
        if known is None:
            out.append(
                Finding(
                    f"{prefix}-未知",
                    "警告",
                    f"{table}的{kind}科目“{row.code}”不在内置{year}年科目目录中，"
                    f"按填写的名称“{row.given_name or ''}”印出；请核对编码",
                    where,
                    table,
                )
            )
        elif row.given_name and row.given_name != known:
            out.append(
                Finding(
                    prefix + "-名称" if prefix == "科目" else prefix,
                    "错误",
                    f"{table}科目“{row.code}”的名称应为“{known}”，填写的是“{row.given_name}”",
                    where,
                    table,
                    known,
                    row.given_name,
                )
            )
    return out
