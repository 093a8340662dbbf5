"""Scores of the 绩效自评表 of a 决算 (项目 and 单位整体), by the region's rules (setting 绩效自评): indicator scores,
fund scores by execution rate, 总分 and grade (research/final-audit.md: scoring)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace as NS

from ..model.final import FinalReport
from ..model.self_eval import SxProject
from . import scoring
from .indicators import merged_grid
from .rounding import ZERO


def _sum(values) -> Decimal:
    return sum(values, ZERO)


@dataclass(frozen=True)
class Rules:
    """The region's scoring rules (setting 绩效自评)."""

    weight_total: Decimal
    fund_weight: Decimal
    bands: list
    fund_rule: str
    threshold: Decimal | None
    unit_rule: str
    show_grade: bool

    @classmethod
    def of(cls, rules: dict) -> Rules:
        bands = sorted(((Decimal(str(b["下限"])), b["等级"]) for b in rules.get("等级", [])), reverse=True)
        return cls(
            Decimal(str(rules.get("指标总分值", "90"))),
            Decimal(str(rules.get("资金分值", "10"))),
            bands,
            rules.get("项目资金得分", "执行率"),
            Decimal(str(rules["满分执行率"])) if rules.get("满分执行率") else None,
            rules.get("整体资金得分", "执行率"),
            rules.get("显示等级") == "是",
        )


def shanxi_project(p: SxProject, n: int, rules: Rules) -> NS:
    """A Shanxi 项目 自评表: its 资金来源 rows, their execution and fund score, the typed indicator scores."""
    path = ("项目支出绩效自评表", n)
    funds = []
    for k, row in enumerate(p.资金):
        funds.append(
            NS(
                src=row,
                balance=row.全年预算 - row.全年执行,
                rate=scoring.execution_rate(row.全年预算, row.全年执行),
                score=scoring.fund_score(rules.fund_rule, row.全年预算, row.全年执行, rules.fund_weight),
                path=path + ("资金", k),
            )
        )
    plan = _sum(x.src.全年预算 for x in funds)
    done = _sum(x.src.全年执行 for x in funds)
    declared = [x.src.目标申报数 for x in funds if x.src.目标申报数 is not None]
    compiled = [x.src.预算编制数 for x in funds if x.src.预算编制数 is not None]
    fund_total = NS(
        declared=_sum(declared) if declared else None,
        compiled=_sum(compiled) if compiled else None,
        plan=plan,
        done=done,
        balance=plan - done,
        rate=scoring.execution_rate(plan, done),
        score=scoring.fund_score(rules.fund_rule, plan, done, rules.fund_weight),
    )
    rows = [NS(item=i, score=i.得分, rate=None, path=path + ("指标", k)) for k, i in enumerate(p.指标)]
    total = _sum(x.score for x in rows) + fund_total.score
    return NS(
        layout="shanxi",
        src=p,
        funds=funds,
        fund=fund_total,
        rows=rows,
        grid=merged_grid(p.指标),
        weights=_sum(i.分值 for i in p.指标),
        total=total,
        grade=scoring.grade(total, rules.bands),
        budget=plan,
        executed=done,
        compiled=fund_total.compiled if fund_total.compiled is not None else plan,
        no=n + 1,
        path=path,
    )


def xinjiang_project(p, n: int, rules: Rules) -> NS:
    """A Xinjiang 项目 自评表: 当年财政拨款 and 其他资金, the fund score, each indicator scored by its rule."""
    path = ("项目支出绩效自评表", n)
    f1, f2 = p.资金.当年财政拨款, p.资金.其他资金
    opening = (f1.年初预算 or ZERO) + (f2.年初预算 or ZERO)
    plan, done = f1.全年预算 + f2.全年预算, f1.全年执行 + f2.全年执行
    if rules.fund_rule == "输入" and p.资金得分 is not None:
        fscore = p.资金得分
    else:
        rule = rules.fund_rule if rules.fund_rule != "输入" else "执行率"
        fscore = scoring.fund_score(rule, plan, done, rules.fund_weight, rules.threshold)
    rows = []
    for k, i in enumerate(p.指标):
        comp = scoring.completion(i.目标值, i.业绩值, i.完成率, i.公布完成率)
        rows.append(
            NS(
                item=i,
                rate=comp.rate,
                rate_computed=comp.computed,
                score=scoring.indicator_score(i.赋分规则, i.权重, comp.rate),
                path=path + ("指标", k),
            )
        )
    total = _sum(x.score for x in rows) + fscore
    return NS(
        layout="xinjiang",
        src=p,
        fund=NS(opening=opening, plan=plan, done=done, rate=scoring.execution_rate(plan, done), score=fscore),
        rows=rows,
        grid=merged_grid(p.指标),
        weights=_sum(i.权重 for i in p.指标),
        total=total,
        grade=scoring.grade(total, rules.bands),
        budget=plan,
        executed=done,
        compiled=plan,
        no=n + 1,
        path=path,
    )


def unit_self_eval(u, rules: Rules) -> NS | None:
    """The 单位整体 自评表: its funds, fund score and total."""
    if u is None:
        return None
    plan, done = _sum(x.全年预算 for x in u.资金), _sum(x.全年执行 for x in u.资金)
    opening = _sum(x.年初预算 or ZERO for x in u.资金)
    score = (
        u.资金得分
        if (rules.unit_rule == "输入" and u.资金得分 is not None)
        else scoring.fund_score(
            rules.unit_rule if rules.unit_rule != "输入" else "执行率", plan, done, rules.fund_weight
        )
    )
    rows = [NS(item=i, score=i.得分 if i.得分 is not None else (i.公布得分 or ZERO)) for i in u.指标]
    return NS(
        src=u,
        opening=opening,
        plan=plan,
        done=done,
        rate=scoring.execution_rate(plan, done),
        fund_score=score,
        rows=rows,
        grid=merged_grid(u.指标),
        total=_sum(x.score for x in rows) + score,
    )


def self_eval(r: FinalReport, settings: dict) -> NS:
    """Scores of every 自评表 by the region's rules (settings 绩效自评)."""
    rules = Rules.of(settings)
    projects = [
        shanxi_project(p, n, rules) if isinstance(p, SxProject) else xinjiang_project(p, n, rules)
        for n, p in enumerate(r.项目支出绩效自评表)
    ]
    grades = {name: 0 for _, name in rules.bands}
    for project in projects:
        grades[project.grade] = grades.get(project.grade, 0) + 1
    return NS(
        unit=unit_self_eval(r.单位整体支出绩效自评表, rules),
        projects=projects,
        weight_total=rules.weight_total,
        fund_weight=rules.fund_weight,
        count=len(projects),
        plan=_sum(p.budget for p in projects),
        executed=_sum(p.executed for p in projects),
        compiled=_sum(p.compiled for p in projects),
        grades=grades,
        show_grade=rules.show_grade,
    )
