"""All figures of a 部门/单位决算 report, from the input model and the region's scoring settings.

Like compute/budget.py, the result is a tree of plain objects; templates only format. Conventions
(../shared/research/final-format.md §3, §8): shares of 本年收入合计 / 本年支出合计, 类 shares of the 一般公共预算
total, 三公 item shares of the 三公 total, 中小/小微 shares of the procurement total; 预决算差异率 =
(决算 − 预算) / 预算; 完成预算 = 决算 / 预算; changes from the prior-year amount (rate of |Δ| / prior).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace as NS

from .. import catalog
from ..model.final import EXPENSE_KINDS, INCOME_KINDS, VEHICLE_KINDS, FinalReport
from ..model.self_eval import SxProject
from . import final_extras, scoring
from .figures import FinalFigures
from .final_tables import compute_tables
from .indicators import merged_grid
from .rounding import ZERO, budget_diff, budget_done, change, share
from .tables import extra_tables


def _sum(values) -> Decimal:
    return sum(values, ZERO)


def _kinds(amounts: dict, kinds: list[str], total: Decimal) -> list[NS]:
    """收入/支出 by kind with the share of 本年收入合计 / 本年支出合计."""
    return [NS(label=k, amount=amounts.get(k, ZERO), share=share(amounts.get(k, ZERO), total)) for k in kinds]


def _vs_budget(actual, budget, reason="") -> NS | None:
    if budget is None:
        return None
    return NS(budget=budget, diff=budget_diff(actual, budget), done=budget_done(actual, budget), reason=reason)


def _general(r: FinalReport, year: int, expense_year: Decimal) -> NS:
    g = r.一般公共预算支出
    fn = lambda code, given=None: catalog.function_name(code, year, given)  # noqa: E731
    items = [
        NS(
            code=i.编码,
            class_name=fn(i.编码[:3]) or "",
            section_name=fn(i.编码[:5]) or "",
            name=fn(i.编码, i.名称) or "",
            given_name=i.名称,
            amount=i.金额,
            change=change(i.金额, i.上年) if i.上年 is not None else None,
            reason=i.原因,
            path=("一般公共预算支出", "项", n),
        )
        for n, i in enumerate(g.项)
    ]
    if g.类:
        classes = [
            NS(
                code=c.编码,
                name=fn(c.编码, c.名称) or "",
                given_name=c.名称,
                amount=c.金额,
                change=change(c.金额, c.上年) if c.上年 is not None else None,
                reason=c.原因,
                budget=_vs_budget(c.金额, c.年初预算),
                path=("一般公共预算支出", "类", n),
            )
            for n, c in enumerate(g.类)
        ]
    else:  # 类 amounts are the exact sums of their 项 (Xinjiang publishes both and they agree)
        order: dict[str, Decimal] = {}
        for i in items:
            order[i.code[:3]] = order.get(i.code[:3], ZERO) + i.amount
        classes = [
            NS(
                code=c,
                name=fn(c) or "",
                given_name="",
                amount=a,
                change=None,
                reason="",
                budget=None,
                path=("一般公共预算支出", "项"),
            )
            for c, a in order.items()
        ]
    computed = _sum(c.amount for c in classes)
    total = g.合计 if g.合计 is not None else computed
    for c in classes:
        c.share = share(c.amount, total)
        c.short = c.name[:-2] if c.name.endswith("支出") and len(c.name) > 4 else c.name  # 节能环保支出 → 节能环保
    return NS(
        total=total,
        computed_total=computed,
        stated_total=g.合计,
        share=share(total, expense_year),
        change=change(total, g.上年),
        reason=g.原因,
        budget=_vs_budget(total, g.年初预算, g.预算差异原因),
        classes=classes,
        items=items,
        shown_classes=[c for c in classes if c.amount],
    )


def _sangong(r: FinalReport) -> NS:
    s = r.三公经费
    a, b1, b2, c = s.因公出国, s.公务用车购置, s.公务用车运行维护, s.公务接待
    total = a.决算 + b1.决算 + b2.决算 + c.决算
    total_budget = a.全年预算 + b1.全年预算 + b2.全年预算 + c.全年预算
    prior = a.上年 + b1.上年 + b2.上年 + c.上年

    def item(label, x, path):
        return NS(
            label=label,
            amount=x.决算,
            share=share(x.决算, total),
            change=change(x.决算, x.上年),
            reason=x.原因,
            budget=x.全年预算,
            diff=budget_diff(x.决算, x.全年预算),
            done=budget_done(x.决算, x.全年预算),
            budget_reason=x.预算差异原因,
            content=x.开支内容,
            src=x,
            path=("三公经费", path),
        )

    cars_amount = b1.决算 + b2.决算
    cars = NS(
        label="公务用车购置及运行维护费",
        amount=cars_amount,
        share=share(cars_amount, total),
        change=change(cars_amount, b1.上年 + b2.上年),
        reason=s.公务用车.原因,
        path=("三公经费", "公务用车"),
    )
    abroad = item("因公出国（境）费", a, "因公出国")
    buy = item("公务用车购置费", b1, "公务用车购置")
    run = item("公务用车运行维护费", b2, "公务用车运行维护")
    reception = item("公务接待费", c, "公务接待")
    return NS(
        total=total,
        budget=total_budget,
        change=change(total, prior),
        reason=s.原因,
        diff=budget_diff(total, total_budget),
        done=budget_done(total, total_budget),
        budget_reason=s.预算差异原因,
        abroad=abroad,
        buy=buy,
        run=run,
        reception=reception,
        cars=cars,
        three=[abroad, cars, reception],
        four=[abroad, buy, run, reception],
        fixed_vehicles=s.固定资产车辆,
        vehicle_reason=s.车辆差异原因,
        src=s,
    )


def _self_eval(r: FinalReport, rules: dict) -> NS:
    """Scores of every 自评表 by the region's rules (settings 绩效自评)."""
    weight_total = Decimal(str(rules.get("指标总分值", "90")))
    fund_weight = Decimal(str(rules.get("资金分值", "10")))
    bands = [(Decimal(str(b["下限"])), b["等级"]) for b in rules.get("等级", [])]
    bands.sort(key=lambda b: b[0], reverse=True)
    fund_rule = rules.get("项目资金得分", "执行率")
    threshold = Decimal(str(rules["满分执行率"])) if rules.get("满分执行率") else None

    projects = []
    for n, p in enumerate(r.项目支出绩效自评表):
        path = ("项目支出绩效自评表", n)
        if isinstance(p, SxProject):
            funds = []
            for k, row in enumerate(p.资金):
                rate = scoring.execution_rate(row.全年预算, row.全年执行)
                funds.append(
                    NS(
                        src=row,
                        balance=row.全年预算 - row.全年执行,
                        rate=rate,
                        score=scoring.fund_score(fund_rule, row.全年预算, row.全年执行, fund_weight),
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
                score=scoring.fund_score(fund_rule, plan, done, fund_weight),
            )
            rows = [NS(item=i, score=i.得分, rate=None, path=path + ("指标", k)) for k, i in enumerate(p.指标)]
            weights = _sum(i.分值 for i in p.指标)
            total = _sum(x.score for x in rows) + fund_total.score
            projects.append(
                NS(
                    layout="shanxi",
                    src=p,
                    funds=funds,
                    fund=fund_total,
                    rows=rows,
                    grid=merged_grid(p.指标),
                    weights=weights,
                    total=total,
                    grade=scoring.grade(total, bands),
                    budget=plan,
                    executed=done,
                    compiled=fund_total.compiled if fund_total.compiled is not None else plan,
                    no=n + 1,
                    path=path,
                )
            )
        else:
            f1, f2 = p.资金.当年财政拨款, p.资金.其他资金
            opening = (f1.年初预算 or ZERO) + (f2.年初预算 or ZERO)
            plan, done = f1.全年预算 + f2.全年预算, f1.全年执行 + f2.全年执行
            rate = scoring.execution_rate(plan, done)
            if fund_rule == "输入" and p.资金得分 is not None:
                fscore = p.资金得分
            else:
                fscore = scoring.fund_score(
                    fund_rule if fund_rule != "输入" else "执行率", plan, done, fund_weight, threshold
                )
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
            weights = _sum(i.权重 for i in p.指标)
            total = _sum(x.score for x in rows) + fscore
            projects.append(
                NS(
                    layout="xinjiang",
                    src=p,
                    fund=NS(opening=opening, plan=plan, done=done, rate=rate, score=fscore),
                    rows=rows,
                    grid=merged_grid(p.指标),
                    weights=weights,
                    total=total,
                    grade=scoring.grade(total, bands),
                    budget=plan,
                    executed=done,
                    compiled=plan,
                    no=n + 1,
                    path=path,
                )
            )

    unit = None
    u = r.单位整体支出绩效自评表
    if u is not None:
        plan, done = _sum(x.全年预算 for x in u.资金), _sum(x.全年执行 for x in u.资金)
        opening = _sum(x.年初预算 or ZERO for x in u.资金)
        unit_rule = rules.get("整体资金得分", "执行率")
        score = (
            u.资金得分
            if (unit_rule == "输入" and u.资金得分 is not None)
            else scoring.fund_score(unit_rule if unit_rule != "输入" else "执行率", plan, done, fund_weight)
        )
        rows = [NS(item=i, score=i.得分 if i.得分 is not None else (i.公布得分 or ZERO)) for i in u.指标]
        unit = NS(
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

    grades = {name: 0 for _, name in bands}
    for project in projects:
        grades[project.grade] = grades.get(project.grade, 0) + 1
    return NS(
        unit=unit,
        projects=projects,
        weight_total=weight_total,
        fund_weight=fund_weight,
        count=len(projects),
        plan=_sum(p.budget for p in projects),
        executed=_sum(p.executed for p in projects),
        compiled=_sum(p.compiled for p in projects),
        grades=grades,
        show_grade=rules.get("显示等级") == "是",
    )


def compute_final(r: FinalReport, settings: dict | None = None, registry=None) -> FinalFigures:
    """Every figure of a 决算 report; *registry*: the region's table descriptions (default: the built-in ones)."""
    settings = settings or {}
    meta = r.报告
    year = meta.年度
    t = r.收入支出决算总体
    income_total_computed = t.本年收入合计 + t.使用非财政拨款结余 + t.年初结转和结余
    expense_total_computed = t.本年支出合计 + t.结余分配 + t.年末结转和结余
    income_total = t.收入总计 if t.收入总计 is not None else income_total_computed
    expense_total = t.支出总计 if t.支出总计 is not None else expense_total_computed
    totals = NS(
        src=t,
        income_total=income_total,
        expense_total=expense_total,
        income_total_computed=income_total_computed,
        expense_total_computed=expense_total_computed,
        change=change(income_total, t.上年),
        expense_change=change(expense_total, t.上年),
        reason=t.原因,
    )

    income_items = _kinds(r.收入决算, INCOME_KINDS, t.本年收入合计)
    expense_items = _kinds(r.支出决算, EXPENSE_KINDS, t.本年支出合计)

    fz = r.财政拨款收支
    fiscal_in = fz.年初结转和结余 + fz.本年收入
    fiscal_out = fz.年末结转和结余 + fz.本年支出
    fiscal = NS(
        src=fz,
        total_in=fiscal_in,
        total_out=fiscal_out,
        change=change(fiscal_in, fz.上年),
        out_change=change(fiscal_out, fz.上年),
        reason=fz.原因,
        budget=_vs_budget(fz.本年支出, fz.年初预算, fz.预算差异原因),
    )

    general = _general(r, year, t.本年支出合计)
    final_extras.add_item_budgets(general, r.一般公共预算支出, year)
    b = r.基本支出
    basic = NS(
        total=b.合计 if b.合计 is not None else b.人员经费 + b.公用经费,
        computed_total=b.人员经费 + b.公用经费,
        personnel=b.人员经费,
        public=b.公用经费,
        personnel_items=b.人员经费科目,
        public_items=b.公用经费科目,
    )

    running = None
    if r.机关运行经费 is not None:
        m = r.机关运行经费
        running = NS(amount=m.金额, change=change(m.金额, m.上年), reason=m.原因)

    pr = r.政府采购
    p_total_computed = pr.货物 + pr.工程 + pr.服务
    p_total = pr.总额 if pr.总额 is not None else p_total_computed
    procurement = NS(
        total=p_total,
        computed_total=p_total_computed,
        goods=pr.货物,
        works=pr.工程,
        services=pr.服务,
        sme=pr.中小企业,
        small=pr.小微企业,
        sme_share=share(pr.中小企业, p_total),
        small_share=share(pr.小微企业, p_total),
    )
    final_extras.add_setasides(procurement, pr)

    a = r.国有资产
    vehicles = [NS(label=k, count=a.车辆.get(k, 0)) for k in VEHICLE_KINDS]
    v_sum = sum(a.车辆.values())
    assets = NS(
        src=a,
        vehicle_count=a.车辆总数 if a.车辆总数 is not None else v_sum,
        vehicle_sum=v_sum,
        vehicles=vehicles,
        shown_vehicles=[v for v in vehicles if v.count],
    )

    perf = _self_eval(r, settings.get("绩效自评") or {})

    staff = r.概况.人员
    overview = None
    if staff is not None:
        overview = NS(
            actual=staff.实有人数 if staff.实有人数 is not None else staff.在职 + staff.离休 + staff.退休,
            changes=[
                NS(label=k + "人员", count=getattr(staff, k), delta=getattr(staff, k + "变动"))
                for k in ("在职", "离休", "退休")
            ],
        )

    checks = NS(
        running_equals_public=settings.get("机关运行经费等于公用经费", "是") == "是",
        budget_reason_required=settings.get("预决算差异须说明原因", "是") == "是",
        tables_in_body=settings.get("决算报表") == "正文",
    )
    sangong = _sangong(r)
    final_extras.add_sangong_budgets(sangong)
    order = str(settings.get("决算表") or "").split()
    tables = compute_tables(r, NS(totals=totals, sangong=sangong, order=order), registry)
    # typed once: without 收入决算 / 支出决算, sections 二 and 三 quote the 合计 row of 表2 / 表3
    if tables is not None and not r.收入决算 and tables.t2 is not None:
        income_items = _kinds({k: tables.t2.total.v(k) for k in INCOME_KINDS}, INCOME_KINDS, t.本年收入合计)
    if tables is not None and not r.支出决算 and tables.t3 is not None:
        expense_items = _kinds({k: tables.t3.total.v(k) for k in EXPENSE_KINDS}, EXPENSE_KINDS, t.本年支出合计)
    if tables is not None and tables.t6 is not None:  # 六 names the 款 of 表6 unless they are typed
        t6 = tables.t6
        if not b.人员经费科目:
            basic.personnel_items = [x.name for x in t6.personnel if x.kind == "item" and x.v("决算数")]
        if not b.公用经费科目:
            basic.public_items = [x.name for x in t6.public if x.kind == "item" and x.v("决算数")]
    return FinalFigures(
        kind="final",
        year=year,
        unit=meta.单位名称,
        level=meta.级次,
        extra=extra_tables(r.附加表),
        subject={} if tables is None else tables.subject,
        described=[] if tables is None else tables.described,
        checks=checks,
        totals=totals,
        income_items=income_items,
        expense_items=expense_items,
        fiscal=fiscal,
        general=general,
        basic=basic,
        gov_fund=r.政府性基金,
        soe=r.国有资本经营,
        sangong=sangong,
        running=running,
        procurement=procurement,
        assets=assets,
        perf=perf,
        overview=overview,
        tables=tables,
        management=final_extras.performance_management(r, perf, settings),
        units=final_extras.units(r),
        fund_items=NS(
            gov=final_extras.fund_items(r.政府性基金, "政府性基金", year),
            soe=final_extras.fund_items(r.国有资本经营, "国有资本经营", year),
        ),
    )
