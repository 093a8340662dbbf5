"""Rules of a 决算 report (registered with kind="final"). Each rule is listed in docs/checks.md."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from types import SimpleNamespace as NS

from .. import catalog
from ..compute.rounding import ZERO
from ..compute.scoring import percent_text
from ..load import Source
from ..model.final import ClassLine, FinalReport, ItemLine
from .compare import compare, stated_total
from .registry import Finding, rule


def _loc(source, *path):
    return source.locate(path)


@rule("决算-合计", "错误", "决算填写的合计与明细之和一致（0.01/加数的舍入差为警告）", kind="final")
def final_sums(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out = []
    t = f.totals
    x = t.src
    if x.收入总计 is not None:
        out += stated_total(
            "收入总计（本年收入合计 + 使用非财政拨款结余 + 年初结转和结余）",
            t.income_total_computed,
            x.收入总计,
            _loc(source, "收入支出决算总体", "收入总计"),
            "一",
            3,
        )
    if x.支出总计 is not None:
        out += stated_total(
            "支出总计（本年支出合计 + 结余分配 + 年末结转和结余）",
            t.expense_total_computed,
            x.支出总计,
            _loc(source, "收入支出决算总体", "支出总计"),
            "一",
            3,
        )
    if report.收入决算:
        out += compare(
            "决算-合计",
            "本年收入合计（收入决算各项之和）",
            sum(report.收入决算.values(), ZERO),
            x.本年收入合计,
            _loc(source, "收入支出决算总体", "本年收入合计"),
            "二",
            len(report.收入决算),
            "决算-合计-舍入",
        )
    if report.支出决算:
        out += compare(
            "决算-合计",
            "本年支出合计（支出决算各项之和）",
            sum(report.支出决算.values(), ZERO),
            x.本年支出合计,
            _loc(source, "收入支出决算总体", "本年支出合计"),
            "三",
            len(report.支出决算),
            "决算-合计-舍入",
        )
    g = f.general
    if g.stated_total is not None and g.classes:
        out += stated_total(
            "一般公共预算财政拨款支出合计（各类之和）",
            g.computed_total,
            g.stated_total,
            _loc(source, "一般公共预算支出", "合计"),
            "五",
            len(g.classes),
        )
    src = report.一般公共预算支出
    if src.类 and src.项:
        for c in src.类:
            items = [i.金额 for i in src.项 if i.编码.startswith(c.编码)]
            if items:
                out += compare(
                    "决算-合计",
                    f"“{c.编码}”类金额（所属各项之和）",
                    sum(items, ZERO),
                    c.金额,
                    _loc(source, "一般公共预算支出", "类"),
                    "五",
                    len(items),
                    "决算-合计-舍入",
                )
    if src.年初预算 is not None and src.类 and all(c.年初预算 is not None for c in src.类):
        out += stated_total(
            "一般公共预算年初预算（各类年初预算之和）",
            sum((c.年初预算 or ZERO for c in src.类), ZERO),
            src.年初预算,
            _loc(source, "一般公共预算支出", "年初预算"),
            "五",
            len(src.类),
        )
    b = report.基本支出
    if b.合计 is not None:
        out += stated_total(
            "基本支出（人员经费 + 公用经费）",
            b.人员经费 + b.公用经费,
            b.合计,
            _loc(source, "基本支出", "合计"),
            "六",
            2,
        )
    pr = f.procurement
    if report.政府采购.总额 is not None:
        out += stated_total(
            "政府采购支出总额（货物 + 工程 + 服务）",
            pr.computed_total,
            report.政府采购.总额,
            _loc(source, "政府采购", "总额"),
            "十",
            3,
        )
    a = f.assets
    if report.国有资产.车辆总数 is not None and a.vehicle_count != a.vehicle_sum:
        out.append(
            Finding(
                "决算-合计",
                "错误",
                f"车辆总数{a.vehicle_count}辆，各类车辆之和为{a.vehicle_sum}辆",
                _loc(source, "国有资产", "车辆总数"),
                "十",
                Decimal(a.vehicle_sum),
                Decimal(a.vehicle_count),
            )
        )
    return out


@rule("决算-平衡", "错误", "收入总计 = 支出总计；财政拨款收入总计 = 财政拨款支出总计", kind="final")
def balances(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    t, fz = f.totals, f.fiscal
    return compare(
        "决算-平衡",
        "支出总计应等于收入总计",
        t.income_total,
        t.expense_total,
        _loc(source, "收入支出决算总体", "支出总计"),
        "一",
        1,
    ) + compare(
        "决算-平衡",
        "财政拨款支出总计（年末结转和结余 + 本年支出）应等于收入总计（年初结转和结余 + 本年收入）",
        fz.total_in,
        fz.total_out,
        _loc(source, "财政拨款收支"),
        "四",
        2,
    )


@rule("决算-表间", "错误", "同一数字在不同章节一致，部分不大于整体", kind="final")
def cross(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out = []
    income = report.收入决算
    if "财政拨款收入" in income:
        out += compare(
            "决算-表间",
            "本年财政拨款收入应等于收入决算中的财政拨款收入",
            income["财政拨款收入"],
            report.财政拨款收支.本年收入,
            _loc(source, "财政拨款收支", "本年收入"),
            "四",
            1,
        )
    fz_out = report.财政拨款收支.本年支出
    if f.general.total > fz_out:
        out.append(
            Finding(
                "决算-表间",
                "错误",
                f"一般公共预算财政拨款支出{f.general.total}万元大于本年财政拨款支出{fz_out}万元",
                _loc(source, "一般公共预算支出", "合计"),
                "五",
                fz_out,
                f.general.total,
            )
        )
    pr = report.政府采购
    total = f.procurement.total
    if pr.中小企业 > total:
        out.append(
            Finding(
                "决算-表间",
                "错误",
                f"授予中小企业合同金额{pr.中小企业}万元大于政府采购支出总额{total}万元",
                _loc(source, "政府采购", "中小企业"),
                "十",
                total,
                pr.中小企业,
            )
        )
    if pr.小微企业 > pr.中小企业:
        out.append(
            Finding(
                "决算-表间",
                "错误",
                f"授予小微企业合同金额{pr.小微企业}万元大于授予中小企业合同金额{pr.中小企业}万元",
                _loc(source, "政府采购", "小微企业"),
                "十",
                pr.中小企业,
                pr.小微企业,
            )
        )
    if f.checks.running_equals_public and f.running is not None and f.running.amount != f.basic.public:
        out.append(
            Finding(
                "决算-表间",
                "警告",
                f"机关运行经费{f.running.amount}万元不等于基本支出中的公用经费{f.basic.public}万元"
                "（行政单位和参公单位两者相等；含事业单位的部门请在地区设置中关闭此项）",
                _loc(source, "机关运行经费", "金额"),
                "十",
                f.basic.public,
                f.running.amount,
            )
        )
    sg = report.三公经费
    held = sg.公务用车运行维护.保有量
    if sg.固定资产车辆 is not None and sg.固定资产车辆 != held and not sg.车辆差异原因:
        out.append(
            Finding(
                "决算-表间",
                "错误",
                f"固定资产车辆{sg.固定资产车辆}辆与公务用车保有量{held}辆不同，未说明差异原因",
                _loc(source, "三公经费", "固定资产车辆"),
                "九",
            )
        )
    u = f.perf.unit
    if u is not None:
        out += compare(
            "决算-表间",
            "单位整体支出绩效自评表的全年预算合计应等于收入总计",
            f.totals.income_total,
            u.plan,
            _loc(source, "单位整体支出绩效自评表", "资金"),
            "十一",
            len(u.src.资金),
        )
        out += compare(
            "决算-表间",
            "单位整体支出绩效自评表的全年执行合计应等于本年支出合计",
            f.totals.src.本年支出合计,
            u.done,
            _loc(source, "单位整体支出绩效自评表", "资金"),
            "十一",
            len(u.src.资金),
        )
    pn = report.预算绩效
    if pn.一般公共预算项目支出 is not None and pn.一般公共预算项目支出 > f.perf.compiled:
        out.append(
            Finding(
                "决算-表间",
                "错误",
                f"预算绩效中“其中一般公共预算项目支出{pn.一般公共预算项目支出}万元”大于"
                f"项目资金合计{f.perf.compiled}万元（各项目支出绩效自评表预算编制数之和）",
                _loc(source, "预算绩效", "一般公共预算项目支出"),
                "预算绩效",
                f.perf.compiled,
                pn.一般公共预算项目支出,
            )
        )
    return out


def _needs_reason(what, change, reason, where, table):
    if change is not None and not change.same and not reason:
        return [
            Finding("决算-原因", "错误", f"{what}比上年{change.verb}{change.amount}万元，未填写主要原因", where, table)
        ]
    return []


def _needs_budget_reason(what, vs, where, table, required=True):
    if required and vs is not None and vs.diff != 0 and not vs.reason:
        return [
            Finding(
                "决算-原因", "错误", f"{what}与预算相差{vs.diff}%，未填写预决算差异原因（预算差异原因）", where, table
            )
        ]
    return []


@rule("决算-原因", "错误", "每个与上年或与预算不同的数字都有主要原因", kind="final")
def reasons(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out = []
    out += _needs_reason(
        "收入支出总计", f.totals.change, f.totals.reason, _loc(source, "收入支出决算总体", "上年"), "一"
    )
    out += _needs_reason(
        "财政拨款收入支出总计", f.fiscal.change, f.fiscal.reason, _loc(source, "财政拨款收支", "上年"), "四"
    )
    need = f.checks.budget_reason_required
    out += _needs_budget_reason("财政拨款支出", f.fiscal.budget, _loc(source, "财政拨款收支", "年初预算"), "四", need)
    g = f.general
    out += _needs_reason("一般公共预算财政拨款支出", g.change, g.reason, _loc(source, "一般公共预算支出", "上年"), "五")
    out += _needs_budget_reason(
        "一般公共预算财政拨款支出", g.budget, _loc(source, "一般公共预算支出", "年初预算"), "五", need
    )
    for c in g.classes:
        out += _needs_reason(f"“{c.name}”", c.change, c.reason, source.locate(c.path), "五")
    for i in g.items:
        out += _needs_reason(f"“{i.name}”（{i.code}）", i.change, i.reason, source.locate(i.path), "五")
    sg = f.sangong
    out += _needs_reason("“三公”经费", sg.change, sg.reason, _loc(source, "三公经费", "原因"), "九")
    cars_reason = report.三公经费.公务用车.原因
    for it in sg.four:
        shared = cars_reason if it in (sg.buy, sg.run) else ""
        out += _needs_reason(it.label, it.change, it.reason or shared, source.locate(it.path), "九")
        if need and it.budget and it.diff != 0 and not it.budget_reason:
            out.append(
                Finding(
                    "决算-原因",
                    "错误",
                    f"{it.label}与全年预算相差{it.diff}%，未填写预算差异原因",
                    source.locate(it.path),
                    "九",
                )
            )
    if f.running is not None:
        out += _needs_reason(
            "机关运行经费", f.running.change, f.running.reason, _loc(source, "机关运行经费", "上年"), "十"
        )
    return out


@rule("决算-科目", "错误", "一般公共预算支出的科目编码在本年度目录中存在，填写的名称与编码一致", kind="final")
def final_codes(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out = []
    src = report.一般公共预算支出
    groups: list[tuple[str, Sequence[ClassLine | ItemLine]]] = [("类", src.类), ("项", src.项)]
    for key, lines in groups:
        for n, line in enumerate(lines):
            known = catalog.trusted_name(line.编码, f.year)
            where = _loc(source, "一般公共预算支出", key, n)
            unverified = catalog.unverified_name(line.编码)
            if known is None and unverified and line.名称 in (None, "", unverified):
                continue  # named from the unverified list (catalog/功能分类-未核对.yaml), or typed as it
            if known is None:
                out.append(
                    Finding(
                        "决算-科目-未知",
                        "警告",
                        f"功能分类科目“{line.编码}”不在内置{f.year}年科目目录中，"
                        f"按填写的名称“{line.名称}”印出；请核对编码",
                        where,
                        "五",
                    )
                )
            elif line.名称 and line.名称 != known:
                out.append(
                    Finding(
                        "决算-科目",
                        "错误",
                        f"科目“{line.编码}”的名称应为“{known}”，填写的是“{line.名称}”",
                        where,
                        "五",
                        known,
                        line.名称,
                    )
                )
    return out


@rule("绩效-权重", "错误", "每张自评表的指标分值之和等于地区规定的总分值（默认 90，另加资金 10）", kind="final")
def weights(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out = []
    pf = f.perf
    for p in pf.projects:
        if p.weights != pf.weight_total:
            out.append(
                Finding(
                    "绩效-权重",
                    "错误",
                    f"项目支出绩效自评表“{p.src.项目名称}”的指标分值合计为{p.weights}，应为{pf.weight_total}",
                    source.locate(p.path + ("指标",)),
                    "项目支出绩效自评表",
                    pf.weight_total,
                    p.weights,
                )
            )
    u = pf.unit
    if u is not None:
        total = sum((i.分值 for i in u.src.指标), ZERO)
        if total != pf.weight_total:
            out.append(
                Finding(
                    "绩效-权重",
                    "错误",
                    f"单位整体支出绩效自评表的指标分值合计为{total}，应为{pf.weight_total}",
                    _loc(source, "单位整体支出绩效自评表", "指标"),
                    "单位整体支出绩效自评表",
                    pf.weight_total,
                    total,
                )
            )
    return out


@rule("绩效-得分", "错误", "指标得分在 0 与分值之间", kind="final")
def score_range(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out = []
    for p in f.perf.projects:
        if p.layout != "shanxi":
            continue
        for k, i in enumerate(p.src.指标):
            if not ZERO <= i.得分 <= i.分值:
                out.append(
                    Finding(
                        "绩效-得分",
                        "错误",
                        f"“{p.src.项目名称}”指标“{i.三级}”得分{i.得分}不在 0～{i.分值} 之间",
                        source.locate(p.path + ("指标", k, "得分")),
                        "项目支出绩效自评表",
                        i.分值,
                        i.得分,
                    )
                )
    u = f.perf.unit
    if u is not None:
        for k, row in enumerate(u.rows):
            if not ZERO <= row.score <= row.item.分值:
                out.append(
                    Finding(
                        "绩效-得分",
                        "错误",
                        f"整体自评表指标“{row.item.三级}”得分{row.score}不在 0～{row.item.分值} 之间",
                        _loc(source, "单位整体支出绩效自评表", "指标", k),
                        "单位整体支出绩效自评表",
                    )
                )
    return out


@rule(
    "绩效-公布值", "警告", "公布的得分、完成率、总分、等级与按规则计算的值一致（不一致时报告印出计算值）", kind="final"
)
def published(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out = []

    def differs(what, computed, published_value, where, table):
        if published_value is None or published_value == "":
            return
        if isinstance(published_value, str):
            pv = percent_text(published_value.replace("分", ""))
            if pv is None:
                if published_value != computed:
                    out.append(
                        Finding(
                            "绩效-公布值",
                            "警告",
                            f"{what}：公布为“{published_value}”，计算为“{computed}”；报告印出计算值",
                            where,
                            table,
                            str(computed),
                            published_value,
                        )
                    )
                return
            published_value = pv
        if Decimal(published_value) != Decimal(computed):
            out.append(
                Finding(
                    "绩效-公布值",
                    "警告",
                    f"{what}：公布为{published_value}，按规则计算为{computed}；报告印出计算值",
                    where,
                    table,
                    Decimal(computed),
                    Decimal(published_value),
                )
            )

    for p in f.perf.projects:
        x = p.src
        name = f"“{x.项目名称}”"
        t = "项目支出绩效自评表"
        if p.layout == "xinjiang":
            differs(f"{name}资金得分", p.fund.score, x.公布资金得分, source.locate(p.path + ("公布资金得分",)), t)
            differs(f"{name}执行率", p.fund.rate, x.公布执行率, source.locate(p.path + ("公布执行率",)), t)
            for k, row in enumerate(p.rows):
                i = row.item
                differs(f"{name}指标“{i.三级}”完成率", row.rate, i.公布完成率, source.locate(p.path + ("指标", k)), t)
                differs(f"{name}指标“{i.三级}”得分", row.score, i.公布得分, source.locate(p.path + ("指标", k)), t)
            differs(f"{name}总分", p.total, x.公布总分, source.locate(p.path + ("公布总分",)), t)
        else:
            differs(
                f"{name}资金得分",
                p.fund.score,
                x.资金[0].公布得分 if len(x.资金) == 1 else None,
                source.locate(p.path + ("资金",)),
                t,
            )
            differs(f"{name}总分", p.total, x.公布总分, source.locate(p.path + ("公布总分",)), t)
            differs(f"{name}等级", p.grade, x.公布等级, source.locate(p.path + ("公布等级",)), t)
    u = f.perf.unit
    if u is not None:
        differs(
            "单位整体支出绩效自评表资金得分",
            u.fund_score,
            u.src.公布得分,
            _loc(source, "单位整体支出绩效自评表", "公布得分"),
            "单位整体支出绩效自评表",
        )
        differs(
            "单位整体支出绩效自评表执行率",
            u.rate,
            u.src.公布执行率,
            _loc(source, "单位整体支出绩效自评表", "公布执行率"),
            "单位整体支出绩效自评表",
        )
    return out


@rule("绩效-偏差原因", "警告", "未完成（完成率不为 100% 或扣分）的指标写明偏差原因", kind="final")
def deviation(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out = []
    for p in f.perf.projects:
        for k, row in enumerate(p.rows):
            i = row.item
            short = (row.rate is not None and row.rate != 100) if p.layout == "xinjiang" else i.得分 < i.分值
            if short and not i.偏差原因:
                out.append(
                    Finding(
                        "绩效-偏差原因",
                        "警告",
                        f"“{p.src.项目名称}”指标“{i.三级}”未完全完成，未填写偏差原因分析及改进措施",
                        source.locate(p.path + ("指标", k)),
                        "项目支出绩效自评表",
                    )
                )
    return out
