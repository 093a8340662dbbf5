"""Figures of the 决算 layouts that publish more than the national one (the Shanghai template): each 项 of 五(三)
and of a fund's 支出 against its budget, the 三公 items against theirs, the set-asides of 政府采购, the counts of
十 预算绩效管理 and the units of the 决算 (概况).

Conventions as in compute/final.py: 完成率 = 决算 / 预算, 差异率 = (决算 − 预算) / 预算, each rounded once; a 项
compares with its 全年预算 when given, else with its 年初预算 (the Shanghai template asks for 年初预算; a unit set up
during the year types 全年预算).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace as NS

from .. import catalog
from .rounding import ZERO, budget_diff, budget_done, q2


def versus(actual: Decimal, budget: Decimal | None, reason: str = "") -> NS | None:
    """决算 against a budget: the budget, the gap (决算 − 预算), 大于/小于/等于, 完成率, 差异率 and the reason."""
    if budget is None:
        return None
    gap = actual - budget
    return NS(
        budget=budget,
        gap=gap,
        word="大于" if gap > 0 else ("小于" if gap < 0 else "等于"),
        same=gap == 0,
        done=budget_done(actual, budget),
        diff=budget_diff(actual, budget),
        reason=reason,
    )


def budget_item(line, path: tuple, year: int) -> NS:
    """One 项 with its names, amount, budgets, use and the comparison with its budget."""
    fn = lambda code, given=None: catalog.function_name(code, year, given)  # noqa: E731
    basis = line.全年预算 if line.全年预算 is not None else line.年初预算
    return NS(
        code=line.编码,
        class_name=fn(line.编码[:3]) or "",
        section_name=fn(line.编码[:5]) or "",
        name=fn(line.编码, line.名称) or "",
        amount=line.金额,
        opening=line.年初预算,
        plan=line.全年预算,
        use=line.用途,
        vs=versus(line.金额, basis, line.预算差异原因),
        vs_opening=versus(line.金额, line.年初预算, line.预算差异原因),
        vs_plan=versus(line.金额, line.全年预算, line.预算差异原因),
        path=path,
    )


def add_item_budgets(general: NS, g, year: int) -> None:
    """五(三): every 项 of *general* gets its budgets and comparison; the totals get Σ年初预算, Σ全年预算 and the
    comparison of the whole with its 全年预算 (stated, or Σ项 when every 项 gives one)."""
    for item, line in zip(general.items, g.项, strict=True):
        extra = budget_item(line, item.path, year)
        for key in ("opening", "plan", "use", "vs", "vs_opening", "vs_plan"):
            setattr(item, key, getattr(extra, key))
    openings = [line.年初预算 for line in g.项]
    plans = [line.全年预算 for line in g.项]
    general.opening_sum = sum(openings, ZERO) if g.项 and None not in openings else None
    general.plan_sum = sum(plans, ZERO) if g.项 and None not in plans else None
    general.plan = g.全年预算 if g.全年预算 is not None else general.plan_sum
    general.plan_vs = versus(general.total, general.plan, g.预算差异原因)
    # the whole against its 全年预算 when known, else its 年初预算 (as each 项)
    general.vs = general.plan_vs or versus(general.total, g.年初预算, g.预算差异原因)


def fund_items(fund, key: str, year: int) -> list[NS]:
    """八/九: the 项 of a fund's 支出 with their budgets ([] without the fund or its 项)."""
    if fund is None:
        return []
    return [budget_item(line, (key, "项", n), year) for n, line in enumerate(fund.项)]


def add_sangong_budgets(sg: NS) -> None:
    """七: every item, the 公务用车 pair as one, and the whole against their 预算数 (the 三公 table's 预算数)."""
    sg.cars.budget = sg.buy.budget + sg.run.budget
    sg.cars.done = budget_done(sg.cars.amount, sg.cars.budget)
    sg.cars.diff = budget_diff(sg.cars.amount, sg.cars.budget)
    for it in (sg.abroad, sg.buy, sg.run, sg.reception):
        it.vs = versus(it.amount, it.budget, it.budget_reason)
    sg.cars.vs = versus(sg.cars.amount, sg.cars.budget, "")
    sg.vs = versus(sg.total, sg.budget, sg.budget_reason)
    sg.none = not sg.total and not sg.budget and not sg.change.prior


def add_setasides(procurement: NS, pr) -> None:
    """十一(二): the budgets reserved for SMEs and small/micro firms and what such firms won (None: not given)."""
    procurement.sme_reserved = pr.面向中小企业预留
    procurement.small_reserved = pr.面向小微企业预留
    procurement.sme_won = pr.预留中小企业中标
    procurement.small_won = pr.预留小微企业中标
    procurement.sme_won_other = pr.其他中小企业中标


def performance_management(r, perf: NS, settings: dict) -> NS | None:
    """十 预算绩效管理: the counts as typed, 绩效自评's taken from the 自评表 when the input has them and leaves
    them out. Grades in the order of the setting 绩效自评.等级."""
    m = r.预算绩效管理
    if m is None:
        return None
    ev = m.绩效自评
    tables = perf.count > 0
    average = q2(sum((p.total for p in perf.projects), ZERO) / perf.count) if tables else None
    computed = NS(count=perf.count, amount=perf.plan, average=average, grades=perf.grades) if tables else None
    count = ev.项目数 if ev.项目数 is not None else (perf.count if tables else None)
    bands = [b.get("等级") for b in (settings.get("绩效自评") or {}).get("等级") or [] if isinstance(b, dict)]
    given = ev.等级 or (perf.grades if tables else {})
    names = [str(b) for b in bands if b] + [k for k in given if k not in bands]
    return NS(
        src=m,
        targets=m.绩效目标,
        tracked=m.跟踪评价,
        count=count,
        amount=ev.金额 if ev.金额 is not None else (perf.plan if tables else None),
        average=ev.平均得分 if ev.平均得分 is not None else average,
        grades=[NS(name=n, count=given.get(n, 0)) for n in names],
        bands=[str(b) for b in bands if b],
        grade_sum=sum(given.values()),
        typed_grades=bool(ev.等级),
        computed=computed,
        issues=m.问题,
    )


def units(r) -> list[NS]:
    """概况 二: the units of the 决算, numbered."""
    return [NS(no=n + 1, name=u.名称, note=u.备注) for n, u in enumerate(r.概况.决算单位)]
