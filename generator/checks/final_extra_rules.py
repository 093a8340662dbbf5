"""Rules over the figures of compute/final_extras.py (the Shanghai 决算 layout publishes them): the budgets of the
五(三) 项 and of a fund's 项, the set-asides of 政府采购, the counts of 预算绩效管理, the units of the 决算.
Each rule is listed in docs/checks.md."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace as NS

from ..load import Source
from ..model.final import FinalReport
from .compare import compare
from .registry import Finding, rule


def _loc(source: Source, *path):
    return source.locate(path)


@rule("决算-项目预算", "错误", "五(三)各项的年初/全年预算之和等于填写的合计，与预算不同的项写明原因", kind="final")
def item_budgets(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    out: list[Finding] = []
    g, src = f.general, report.一般公共预算支出
    n = len(src.项)
    if g.opening_sum is not None and src.年初预算 is not None:
        out += compare(
            "决算-项目预算",
            "各项年初预算之和应等于一般公共预算财政拨款支出的年初预算",
            g.opening_sum,
            src.年初预算,
            _loc(source, "一般公共预算支出", "年初预算"),
            "五",
            n,
        )
    if g.plan_sum is not None and src.全年预算 is not None:
        out += compare(
            "决算-项目预算",
            "各项全年预算之和应等于一般公共预算财政拨款支出的全年预算",
            g.plan_sum,
            src.全年预算,
            _loc(source, "一般公共预算支出", "全年预算"),
            "五",
            n,
        )
    need = f.checks.budget_reason_required
    items = [(i, "五") for i in g.items] + [(i, "八") for i in f.fund_items.gov] + [(i, "九") for i in f.fund_items.soe]
    for i, section in items:
        if need and i.vs is not None and not i.vs.same and not i.vs.reason:
            out.append(
                Finding(
                    "决算-项目预算",
                    "错误",
                    f"“{i.name}”（{i.code}）决算{i.amount}万元{i.vs.word}预算{i.vs.budget}万元，未填写预算差异原因",
                    source.locate(i.path),
                    section,
                )
            )
    for fund, key, section in ((report.政府性基金, "政府性基金", "八"), (report.国有资本经营, "国有资本经营", "九")):
        if fund is not None and fund.项:
            out += compare(
                "决算-项目预算",
                f"{key}各项支出之和应等于本年支出",
                sum((x.金额 for x in fund.项), Decimal(0)),
                fund.本年支出,
                _loc(source, key, "本年支出"),
                section,
                len(fund.项),
            )
    return out


@rule("决算-采购预留", "错误", "面向中小企业、小微企业预留和中标的金额不超过其所属的整体", kind="final")
def setasides(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    p = f.procurement
    pairs = [
        ("面向小微企业预留", p.small_reserved, "面向中小企业预留", p.sme_reserved),
        ("预留小微企业中标", p.small_won, "预留中小企业中标", p.sme_won),
        ("预留中小企业中标", p.sme_won, "政府采购金额", p.total),
        ("其他中小企业中标", p.sme_won_other, "政府采购金额", p.total),
    ]
    out = []
    for part_name, part, whole_name, whole in pairs:
        if part is not None and whole is not None and part > whole:
            out.append(
                Finding(
                    "决算-采购预留",
                    "错误",
                    f"{part_name}{part}万元大于{whole_name}{whole}万元",
                    _loc(source, "政府采购", part_name),
                    "十一",
                    whole,
                    part,
                )
            )
    return out


@rule("决算-绩效管理", "错误", "预算绩效管理的项目个数、等级与整改个数相互一致，与自评表一致", kind="final")
def management(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    m = f.management
    if m is None:
        return []
    out = []
    where = _loc(source, "预算绩效管理", "绩效自评")
    known = m.bands
    unknown = [k for k in m.src.绩效自评.等级 if k not in known]
    if unknown:
        out.append(
            Finding(
                "决算-绩效管理",
                "错误",
                f"绩效评级“{'、'.join(unknown)}”不是设置“绩效自评.等级”中的等级（{'、'.join(known)}）",
                _loc(source, "预算绩效管理", "绩效自评", "等级"),
                "十",
            )
        )
    if m.typed_grades and m.count is not None and m.grade_sum != m.count:
        out.append(
            Finding(
                "决算-绩效管理",
                "错误",
                f"各绩效评级的项目个数之和{m.grade_sum}个不等于绩效自评项目{m.count}个",
                _loc(source, "预算绩效管理", "绩效自评", "等级"),
                "十",
                m.count,
                m.grade_sum,
            )
        )
    issues = m.issues
    if issues.已整改 is not None and issues.整改中 is not None and issues.已整改 + issues.整改中 != issues.发现:
        out.append(
            Finding(
                "决算-绩效管理",
                "错误",
                f"已经完成整改{issues.已整改}个与正在整改{issues.整改中}个之和不等于发现问题{issues.发现}个",
                _loc(source, "预算绩效管理", "问题"),
                "十",
                issues.发现,
                issues.已整改 + issues.整改中,
            )
        )
    for stage, label in ((m.tracked, "绩效跟踪评价"), (m.src.绩效自评, "绩效自评")):
        top = m.targets.项目数
        if stage.项目数 is not None and top is not None and stage.项目数 > top:
            out.append(
                Finding(
                    "决算-绩效管理",
                    "警告",
                    f"{label}的项目{stage.项目数}个多于编报绩效目标的项目{top}个",
                    _loc(source, "预算绩效管理"),
                    "十",
                )
            )
    c = m.computed
    if c is not None:
        ev = m.src.绩效自评
        for typed, computed, what in (
            (ev.项目数, c.count, "绩效自评项目个数"),
            (ev.金额, c.amount, "绩效自评项目涉及预算金额（各自评表全年预算之和）"),
            (ev.平均得分, c.average, "绩效自评平均得分（各自评表总分的平均）"),
        ):
            if typed is not None and typed != computed:
                out.append(
                    Finding(
                        "决算-绩效管理",
                        "警告",
                        f"{what}填写{typed}，按自评表为{computed}",
                        where,
                        "十",
                        computed,
                        typed,
                    )
                )
    return out


@rule("决算-单位构成", "错误", "概况所列决算单位不重复", kind="final")
def unit_list(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    seen: set[str] = set()
    out = []
    for u in f.units:
        if u.name in seen:
            out.append(
                Finding(
                    "决算-单位构成",
                    "错误",
                    f"决算单位“{u.name}”列了两次",
                    _loc(source, "概况", "决算单位", u.no - 1),
                    "概况",
                )
            )
        seen.add(u.name)
    return out
