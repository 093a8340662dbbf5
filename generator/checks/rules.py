"""The rules. Minimal set for the budget issue; the check issue extends it."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace as NS

from ..load import Source
from ..model.budget import BudgetReport
from .compare import code_findings, compare, stated_total, stated_vs_computed
from .registry import Finding, rule


@rule("合计", "错误", "表内合计、小计与明细相加一致")
def table_sums(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    out = []
    for t in f.described:
        out += stated_vs_computed(t.name, t.table, source)
    out += stated_vs_computed("表11", f.t11, source)
    t1 = f.t1
    if t1.stated_total is not None:
        out += stated_total(
            "表1 收入总计（本年收入 + 上年结转结余）",
            t1.computed_total,
            t1.stated_total,
            source.locate(("收支总表", "总计")),
            "表1",
            2,
        )
    return out


def _rows_with_codes(f):
    for t in f.described:
        for row in t.table.body:
            yield t.name, t.d.科目, row
    for row in f.t7.rows:
        if row.kind == "project":
            yield "表7", "功能分类", row


@rule("科目", "错误", "科目编码在本年度目录中存在，填写的名称与编码一致")
def codes(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    return code_findings(_rows_with_codes(f), f.year, source)


@rule("科目-说明", "警告", "五(三)说明的项科目在目录中（或在科目名称中给出）")
def narrative_codes(report, f, source):
    from .. import catalog

    out = []
    for it in f.general_items:
        missing = [c for c in (it.code[:3], it.code[:5], it.code) if catalog.function_name(c, f.year) is None]
        if missing:
            out.append(
                Finding(
                    "科目-说明",
                    "警告",
                    f"五(三)的科目“{'”“'.join(missing)}”不在内置{f.year}年科目目录中，印出为“{it.name or it.code}”"
                    "（缺的类/款名称省略）；可在输入或地区设置的“科目名称”中给出名称",
                    source.locate(it.path),
                    "五(三)",
                )
            )
    return out


@rule("表7合计", "错误", "表7项目行填写的合计与各经济分类列相加一致")
def project_totals(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    from ..model.budget import PROJECT_COLUMNS

    out = []
    for i, p in enumerate(report.一般公共预算项目支出):
        if p.合计 is None:
            continue
        parts = sum((getattr(p, c) for c in PROJECT_COLUMNS), Decimal("0"))
        n = sum(1 for c in PROJECT_COLUMNS if getattr(p, c))
        out += stated_total(
            f"表7“{p.项目名称}”项目支出合计",
            parts,
            p.合计,
            source.locate(("一般公共预算项目支出", i, "合计")),
            "表7",
            n,
        )
    return out


@rule("表间", "错误", "表与表之间的同一数字一致")
def between_tables(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    out = []
    t1, t2, t3, t5, t6, t7 = f.t1, f.t2, f.t3, f.t5, f.t6, f.t7
    p = report.收支总表
    loc = source.locate
    out += compare(
        "表间-表1收支", "表1 收入总计与支出总计（表3合计）", t1.total, t3.total.v("合计"), loc(("支出总表",)), "表1", 2
    )
    # (表1 line, its amount, the 表1 key to point at, 表2 column)
    for label, panel, key, col in (
        ("一般财力", p.一般财力, "一般财力", "一般公共预算"),
        (
            "上级一般公共预算安排转移支付",
            p.上级一般公共预算转移支付,
            "上级一般公共预算转移支付",
            "上级一般公共预算转移支付",
        ),
        ("政府性基金收入", p.政府性基金收入, "政府性基金收入", "政府性基金预算"),
        ("财政专户核拨", p.财政专户核拨, "财政专户核拨", "财政专户"),
        ("单位资金", t1.unit, "事业收入", "单位资金"),
        ("财政拨款结转", t1.carry_fiscal, "结转_一般公共预算", "财政拨款结转"),
        ("非财政拨款结转结余", t1.carry_other, "结转_单位资金", "非财政拨款结转结余"),
    ):
        out += compare(
            "表间-表1表2", f"表1“{label}”与表2“{col}”总计", t2.total.v(col), panel, loc(("收支总表", key)), "表1"
        )
    for row in t2.body:
        other = t3.find(row.code)
        b = other.v("合计") if other else Decimal("0")
        out += compare(
            "表间-表2表3",
            f"表2“{row.name}”总计与表3合计",
            row.v("总计"),
            b,
            loc(other.path if other else ("支出总表",)),
            "表3",
        )
        general = row.v("一般公共预算") + row.v("上级一般公共预算转移支付")
        r5 = t5.find(row.code)
        out += compare(
            "表间-表2表5",
            f"表2“{row.name}”一般公共预算（含上级转移支付）与表5合计",
            general,
            r5.v("合计") if r5 else Decimal("0"),
            loc(r5.path if r5 else ("一般公共预算支出",)),
            "表5",
        )
    out += compare(
        "表间-表5表6",
        "表5基本支出总计与表6合计",
        t5.total.v("基本支出"),
        t6.total.v("合计"),
        loc(("基本支出",)),
        "表6",
        2,
    )
    out += compare(
        "表间-表5表7",
        "表5项目支出总计与表7总计",
        t5.total.v("项目支出"),
        t7.total.v("合计"),
        loc(("一般公共预算项目支出",)),
        "表7",
        2,
    )
    by_item: dict = {}
    for row in t7.rows:
        if row.kind == "project":
            by_item[row.code] = by_item.get(row.code, Decimal("0")) + row.v("合计")
    for row in t5.body:
        if row.kind == "item":
            out += compare(
                "表间-表5表7",
                f"表5“{row.name}”项目支出与表7该项项目合计",
                row.v("项目支出"),
                by_item.get(row.code, Decimal("0")),
                loc(row.path),
                "表7",
            )
    if f.level == "部门" and report.上年结转结余:
        out += compare(
            "表间-表1表11",
            "表1上年结转结余与表11总计",
            t1.carry,
            f.t11.amount,
            loc(("上年结转结余",)),
            "表11",
            len(report.上年结转结余),
        )
    return out


@rule("原因", "错误", "每个增减变化都说明主要原因；每项比较都有上年数")
def reasons(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    out = []
    if not f.prior_given:
        # a first report (or 上年 not yet typed): said once, and no per-item noise about changes nobody computed
        return [
            Finding(
                "上年数-未填",
                "警告",
                "没有填写任何上年数：与上年比较的句子不印出。如本年是首次公开，可忽略；否则请填写上年数"
                "（工作簿“上年与原因”表，或情况说明中各项的“上年”）",
                source.locate(("收入预算说明",)),
            )
        ]

    def need(item, what, path):
        ch = getattr(item, "change", None)
        if ch is None:
            out.append(Finding("上年数-缺少", "错误", f"{what}缺少上年数（上年），无法计算增减", source.locate(path)))
        elif ch.amount != 0 and not item.reason:
            out.append(
                Finding(
                    "原因-缺少",
                    "错误",
                    f"{what}比上年{ch.verb}{ch.amount}万元，但没有说明主要原因（原因）",
                    source.locate(path),
                )
            )

    for it in f.income_items:
        if not it.absent:
            need(it, f"收入预算“{it.label}”", ("收入预算说明", it.key))
    for it in f.spend:
        need(it, f"支出预算“{it.label}”", ("支出预算说明", it.label))
    for it in f.general_split:
        need(it, f"一般公共预算当年拨款“{it.label}”", ("一般公共预算拨款说明", it.label))
    for it in f.general_items:
        need(it, f"五(三)“{it.name}（项）”", ("一般公共预算拨款说明", "项", it.code))
    for it in f.sangong.items:
        need(it, f"“三公”经费“{it.label}”", ("三公经费", it.key))
    if f.running.change is None:
        out.append(Finding("上年数-缺少", "错误", "机关运行经费缺少上年数", source.locate(("机关运行经费",))))
    elif f.running.change.amount != 0 and not f.running.reason:
        out.append(
            Finding("原因-缺少", "错误", "机关运行经费有增减，但没有说明主要原因", source.locate(("机关运行经费",)))
        )
    return out


@rule("绩效权重", "错误", "每张绩效目标表的分值权重合计等于地区规定（新疆预算表为 90）")
def weights(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    out = []
    total = Decimal("90")
    if f.perf.dept is not None and f.perf.dept.指标 and f.perf.dept_weight != total:
        out.append(
            Finding(
                "绩效权重",
                "错误",
                f"部门整体绩效目标表分值权重合计为 {f.perf.dept_weight}，应为 {total}",
                source.locate(("部门整体绩效目标表", "指标")),
                "部门整体绩效目标表",
                total,
                f.perf.dept_weight,
            )
        )
    for i, t in enumerate(f.perf.targets):
        if t.weight != total:
            out.append(
                Finding(
                    "绩效权重",
                    "错误",
                    f"项目支出绩效目标表“{t.src.项目名称}”分值权重合计为 {t.weight}，应为 {total}",
                    source.locate(("项目支出绩效目标表", i, "指标")),
                    "项目支出绩效目标表",
                    total,
                    t.weight,
                )
            )
    return out


@rule("绩效金额", "错误", "预算绩效情况中的非财政拨款项目金额等于各项目支出绩效目标表“其他资金”之和")
def performance_amounts(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    published = report.预算绩效.公布非财政拨款项目金额
    if published is None or published == f.perf.other_amount:
        return []
    return [
        Finding(
            "绩效金额",
            "错误",
            f"十二(四)非财政拨款项目金额公布为 {published}，"
            f"各项目支出绩效目标表“其他资金”合计为 {f.perf.other_amount}，"
            f"相差 {published - f.perf.other_amount}；报告印出计算值",
            source.locate(("预算绩效", "公布非财政拨款项目金额")),
            "十二(四)",
            f.perf.other_amount,
            published,
        )
    ]


# 三公 items and the 经济分类 款 that carry them in 表6 (basic spending); 表6 can only hold part of an item
SANGONG_ECON = {"因公出国境费": "30212", "公务接待费": "30217", "公务用车运行费": "30231", "公务用车购置费": "31013"}


@rule("表10经济", "错误", "表6 中 30212/30217/30231/31013 各款不大于表10 对应的“三公”经费")
def sangong_vs_econ(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    out = []
    items = {it.key: it for it in f.t10.items}
    for key, code in SANGONG_ECON.items():
        row = f.t6.find(code)
        if row is None:
            continue
        basic = row.v("合计")
        item = items[key]
        if basic > item.amount:
            out.append(
                Finding(
                    "表10经济",
                    "错误",
                    f"表6“{code} {row.name}”{basic}万元大于表10 {item.label}{item.amount}万元"
                    "（基本支出中的“三公”经费不能超过“三公”经费总额）",
                    source.locate(row.path),
                    "表6/表10",
                    item.amount,
                    basic,
                )
            )
    return out


@rule("级次用语", "警告", "报告级次（部门/单位）与下属单位情况一致")
def level_wording(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    meta = report.报告
    units = report.概况.机构设置.下属单位
    if meta.级次 == "单位" and units:
        return [
            Finding(
                "级次用语",
                "警告",
                f"级次为“单位”，但填写了{len(units)}个下属单位；汇总下属单位的报告应为“部门”级次",
                source.locate(("报告", "级次")),
                "报告",
            )
        ]
    return []
