"""Rules of the nine 决算表 (input key 决算表): sums inside each table, codes, and every table figure against the
narrative figure that quotes it (final-format.md §2: §3.1–3.3 ← 表1–3, §3.4 ← 表4, §3.5 ← 表5, §3.6 ← 表6,
§3.7 ← 表7/8).
"""

from __future__ import annotations

from types import SimpleNamespace as NS

from ..compute.rounding import ZERO
from ..load import Source
from ..model.final import FinalReport
from ..model.final_tables import EXPENSE_COLUMNS, INCOME_COLUMNS
from .compare import code_findings, compare, stated_vs_computed
from .registry import Finding, rule

BASE = ("决算表",)
NAMES = {
    "t2": ("表2", "收入决算表"),
    "t3": ("表3", "支出决算表"),
    "t5": ("表5", "一般公共预算财政拨款支出决算表"),
    "t7": ("表7", "政府性基金决算表"),
    "t8": ("表8", "国有资本经营决算表"),
}


@rule("决算表-合计", "错误", "决算表内的类、款小计和合计与所属各行相加一致", kind="final")
def table_sums(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    T = f.tables
    if T is None:
        return []
    out = []
    for t in T.described:
        out += stated_vs_computed(t.name, t.table, source)
    if T.t6 is not None:
        out += stated_vs_computed("表6", T.t6.table, source)
    return out


@rule("决算表-科目", "错误", "决算表的科目编码在本年度目录中存在，填写的名称与编码一致（表6 为经济分类）", kind="final")
def table_codes(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    T = f.tables
    if T is None:
        return []
    rows = [(t.name, t.d.科目, r) for t in T.described for r in t.table.body]
    if T.t6 is not None:
        rows += [("表6", "经济分类", r) for r in T.t6.table.body]
    return code_findings(rows, f.year, source, prefix="决算表-科目")


@rule("决算表-表间", "错误", "决算表的数字与情况说明引用的同一数字一致，部分不大于整体", kind="final")
def tables_vs_text(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    T = f.tables
    if T is None:
        return []
    out = []

    def same(what, text_value, table_value, path, table, n=1):
        out.extend(
            compare(
                "决算表-表间", what, text_value, table_value, source.locate(BASE + path), table, n, "决算表-表间-舍入"
            )
        )

    totals = report.收入支出决算总体
    for table, no, name, total_key, columns, typed, title in (
        (T.t2, "表2", "收入决算表", "本年收入合计", INCOME_COLUMNS, report.收入决算, "二"),
        (T.t3, "表3", "支出决算表", "本年支出合计", EXPENSE_COLUMNS, report.支出决算, "三"),
    ):
        if table is None:
            continue
        same(
            f"{no} {total_key}应等于情况说明的{total_key}",
            getattr(totals, total_key),
            table.total.v("合计"),
            (name,),
            no,
        )
        for col in columns:
            if col in typed:
                same(f"{no} “{col}”合计应等于情况说明{title}的{col}", typed[col], table.total.v(col), (name,), no)
    if T.t5 is not None:
        out += _general(T, f, source, same)
    if T.t6 is not None:
        b = report.基本支出
        same("表6 人员经费合计应等于情况说明六的人员经费", b.人员经费, T.t6.personnel_total, ("基本支出决算表",), "表6")
        same("表6 公用经费合计应等于情况说明六的公用经费", b.公用经费, T.t6.public_total, ("基本支出决算表",), "表6")
    for key, narrative, title in (("t7", report.政府性基金, "七"), ("t8", report.国有资本经营, "八")):
        no, name = NAMES[key]
        table = getattr(T, key)
        if narrative is None:
            if not table.empty:
                out.append(
                    Finding(
                        "决算表-表间",
                        "错误",
                        f"{no}有数字，情况说明{title}却按空表说明（未填写{name[:-3]}）",
                        source.locate(BASE + (name,)),
                        no,
                    )
                )
            continue
        for field, col in (
            ("年初结转和结余", "年初结转和结余"),
            ("本年收入", "本年收入"),
            ("本年支出", "合计"),
            ("年末结转和结余", "年末结转和结余"),
        ):
            same(
                f"{no} “{field}”合计应等于情况说明{title}的{field}",
                getattr(narrative, field),
                table.total.v(col),
                (name,),
                no,
            )
    out += _parts_within(T, source)
    split = T.fiscal_split
    for label, value in (
        ("年初", split.carry_in.general),
        ("年末", split.carry_out.general),
        ("本年收入", split.general),
    ):
        if value < 0:
            out.append(
                Finding(
                    "决算表-表间",
                    "错误",
                    f"表4 一般公共预算财政拨款{label}为{value}万元（财政拨款减去政府性基金和"
                    "国有资本经营两表的数字后为负）：请核对表7、表8与财政拨款收支",
                    source.locate(BASE),
                    "表4",
                )
            )
    if T.t4 is not None:
        same(
            "表4 本年支出合计（表5、表7、表8 合计之和）应等于情况说明四的本年财政拨款支出",
            report.财政拨款收支.本年支出,
            T.t4.out["合计"],
            (),
            "表4",
            3,
        )
    return out


def _general(T, f, source, same) -> list:
    """表5 against 五 (total, 类, 项) and 六 (基本支出)."""
    out = []
    g = f.general
    t5 = T.t5
    same(
        "表5 合计应等于情况说明五的一般公共预算财政拨款支出",
        g.total,
        t5.total.v("合计"),
        ("一般公共预算财政拨款支出决算表",),
        "表5",
        len(g.classes),
    )
    same(
        "表5 基本支出合计应等于情况说明六的基本支出",
        f.basic.total,
        t5.total.v("基本支出"),
        ("一般公共预算财政拨款支出决算表",),
        "表5",
    )
    listed = [(c.code, c.name, c.amount, c.path) for c in g.classes if len(c.code) == 3 and c.given_name is not None]
    listed += [(i.code, i.name, i.amount, i.path) for i in g.items]
    for code, name, amount, path in listed:
        row = t5.find(code)
        shown = row.v("合计") if row is not None else ZERO
        if shown != amount:
            out += compare(
                "决算表-表间",
                f"情况说明五“{name}”（{code}）应等于表5 同一科目的合计",
                shown,
                amount,
                source.locate(path),
                "表5",
                1,
                "决算表-表间-舍入",
            )
    listed_items = {i.code for i in g.items}
    if listed_items:  # Xinjiang 五(三) lists every 项 of 表5
        for row in t5.body:
            if row.kind == "item" and row.v("合计") and row.code not in listed_items:
                out.append(
                    Finding(
                        "决算表-表间",
                        "错误",
                        f"表5 有“{row.name}”（{row.code}）{row.v('合计')}万元，情况说明五(三)未列出",
                        source.locate(row.path),
                        "表5",
                    )
                )
    return out


def _parts_within(T, source) -> list:
    """一般公共预算 (表5) and 政府性基金 / 国有资本经营 (表7/8) spending is part of all spending (表3), per 科目."""
    out: list[Finding] = []
    if T.t3 is None:
        return out
    for key in ("t5", "t7", "t8"):
        part = getattr(T, key)
        if part is None:
            continue
        no = NAMES[key][0]
        for row in part.body:
            whole = T.t3.find(row.code)
            for col in ("合计", "基本支出", "项目支出"):
                value = row.v(col)
                limit = whole.v(col) if whole is not None else ZERO
                if value > limit:
                    label = "本年支出" if col == "合计" else col
                    out.append(
                        Finding(
                            "决算表-表间",
                            "错误",
                            f"{no}“{row.name}”（{row.code}）的{label}{value}万元大于表3 同一科目的{label}{limit}万元",
                            source.locate(row.path),
                            no,
                            limit,
                            value,
                        )
                    )
                    break
    return out


@rule("决算表-缺失", "警告", "地区要求在正文印出决算表时，输入提供了全部表的数据", kind="final")
def missing(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    T = f.tables
    if not f.checks.tables_in_body:
        return []
    if T is None:
        return [
            Finding(
                "决算表-缺失",
                "警告",
                "地区设置“决算报表: 正文”，但输入没有“决算表”：报告只列出九张表的表名",
                source.locate(("报告",)),
                "报表",
            )
        ]
    absent = [
        name
        for name, t in (
            ("收入决算表", T.t2),
            ("支出决算表", T.t3),
            ("一般公共预算财政拨款支出决算表", T.t5),
            ("基本支出决算表", T.t6),
        )
        if t is None
    ]
    if absent:
        return [
            Finding(
                "决算表-缺失",
                "警告",
                f"决算表缺少{'、'.join(absent)}：这些表（及由它们生成的表1、表4）不印出",
                source.locate(BASE),
                "报表",
            )
        ]
    return []
