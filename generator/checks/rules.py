"""The rules. Minimal set for the budget issue; the check issue extends it."""
from __future__ import annotations

from decimal import Decimal

from .registry import Finding, rule

CENT = Decimal("0.01")


def _stated_vs_computed(table_name: str, table, source):
    out = []
    for row in table.rows:
        for col, stated in row.stated.items():
            computed = row.computed.get(col)
            if computed is None or stated == computed:
                continue
            n = row.addends.get(col, 1)
            tol = CENT * n
            diff = stated - computed
            label = row.name or row.code or "总计"
            where = source.locate(row.path)
            if abs(diff) <= tol:
                out.append(Finding("合计-舍入", "警告",
                                   f"{table_name}“{label}”的“{col}”填写为 {stated}，由明细相加为 {computed}，相差 {diff}，"
                                   f"在四舍五入容差（每个加数 0.01，共 {n} 个）之内；报告按填写数印出",
                                   where, table_name, computed, stated, tol))
            else:
                out.append(Finding("合计-不符", "错误",
                                   f"{table_name}“{label}”的“{col}”填写为 {stated}，但由明细相加为 {computed}，相差 {diff}，"
                                   f"超出四舍五入容差 {tol}", where, table_name, computed, stated, tol))
    return out


@rule("合计", "错误", "表内合计、小计与明细相加一致")
def table_sums(report, f, source):
    out = []
    for name, table in (("表2", f.t2), ("表3", f.t3), ("表5", f.t5), ("表6", f.t6), ("表8", f.t8), ("表9", f.t9)):
        out += _stated_vs_computed(name, table, source)
    t1 = f.t1
    if t1.stated_total is not None and t1.stated_total != t1.computed_total:
        diff = t1.stated_total - t1.computed_total
        tol = CENT * 2
        sev, rid = ("警告", "合计-舍入") if abs(diff) <= tol else ("错误", "合计-不符")
        out.append(Finding(rid, sev, f"表1 收入总计填写为 {t1.stated_total}，本年收入加上年结转结余为 {t1.computed_total}，相差 {diff}",
                           source.locate(("收支总表", "总计")), "表1", t1.computed_total, t1.stated_total, tol))
    return out


def _rows_with_codes(f):
    for name, table in (("表2", f.t2), ("表3", f.t3), ("表5", f.t5), ("表8", f.t8), ("表9", f.t9)):
        for row in table.body:
            yield name, "功能分类", row
    for row in f.t6.body:
        yield "表6", "经济分类", row
    for row in f.t7.rows:
        if row.kind == "project":
            yield "表7", "功能分类", row


@rule("科目", "错误", "科目编码在本年度目录中存在，填写的名称与编码一致")
def codes(report, f, source):
    from .. import catalog
    out = []
    year = f.year
    for table, kind, row in _rows_with_codes(f):
        known = (catalog.economic_name if kind == "经济分类" else catalog.function_name)(row.code, year)
        where = source.locate(row.path)
        if known is None:
            out.append(Finding("科目-未知", "警告", f"{table}的{kind}科目“{row.code}”不在内置{year}年科目目录中，"
                               f"按填写的名称“{row.given_name or ''}”印出；请核对编码", where, table))
        elif row.given_name and row.given_name != known:
            out.append(Finding("科目-名称", "错误", f"{table}科目“{row.code}”的名称应为“{known}”，填写的是“{row.given_name}”",
                               where, table, known, row.given_name))
    return out


@rule("表7合计", "错误", "表7项目行填写的合计与各经济分类列相加一致")
def project_totals(report, f, source):
    from ..model.budget import PROJECT_COLUMNS
    out = []
    for i, p in enumerate(report.一般公共预算项目支出):
        if p.合计 is None:
            continue
        parts = sum((getattr(p, c) for c in PROJECT_COLUMNS), Decimal("0"))
        n = sum(1 for c in PROJECT_COLUMNS if getattr(p, c))
        tol = CENT * max(n, 1)
        diff = p.合计 - parts
        if diff:
            sev, rid = ("警告", "合计-舍入") if abs(diff) <= tol else ("错误", "合计-不符")
            out.append(Finding(rid, sev, f"表7“{p.项目名称}”合计填写为 {p.合计}，各列相加为 {parts}，相差 {diff}",
                               source.locate(("一般公共预算项目支出", i, "合计")), "表7", parts, p.合计, tol))
    return out
