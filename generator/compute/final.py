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
from . import final_extras
from .figures import FinalFigures
from .final_tables import compute_tables
from .rounding import ZERO, budget_diff, budget_done, change, share
from .self_eval import self_eval
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


def totals_section(t) -> NS:
    """一: 收入总计 and 支出总计 (stated or the sum of their parts) and their change."""
    income_total_computed = t.本年收入合计 + t.使用非财政拨款结余 + t.年初结转和结余
    expense_total_computed = t.本年支出合计 + t.结余分配 + t.年末结转和结余
    income_total = t.收入总计 if t.收入总计 is not None else income_total_computed
    expense_total = t.支出总计 if t.支出总计 is not None else expense_total_computed
    return NS(
        src=t,
        income_total=income_total,
        expense_total=expense_total,
        income_total_computed=income_total_computed,
        expense_total_computed=expense_total_computed,
        change=change(income_total, t.上年),
        expense_change=change(expense_total, t.上年),
        reason=t.原因,
    )


def fiscal_section(fz) -> NS:
    """四: 财政拨款 收入/支出 总计, change and the difference from the 年初预算."""
    fiscal_in = fz.年初结转和结余 + fz.本年收入
    fiscal_out = fz.年末结转和结余 + fz.本年支出
    return NS(
        src=fz,
        total_in=fiscal_in,
        total_out=fiscal_out,
        change=change(fiscal_in, fz.上年),
        out_change=change(fiscal_out, fz.上年),
        reason=fz.原因,
        budget=_vs_budget(fz.本年支出, fz.年初预算, fz.预算差异原因),
    )


def basic_section(b) -> NS:
    """六: 基本支出, 人员经费 and 公用经费 with the 款 named (typed, or from 表6)."""
    return NS(
        total=b.合计 if b.合计 is not None else b.人员经费 + b.公用经费,
        computed_total=b.人员经费 + b.公用经费,
        personnel=b.人员经费,
        public=b.公用经费,
        personnel_items=b.人员经费科目,
        public_items=b.公用经费科目,
    )


def procurement_section(pr) -> NS:
    """十(二) 政府采购: the total (stated or the sum) and the shares of 中小/小微企业."""
    computed = pr.货物 + pr.工程 + pr.服务
    total = pr.总额 if pr.总额 is not None else computed
    procurement = NS(
        total=total,
        computed_total=computed,
        goods=pr.货物,
        works=pr.工程,
        services=pr.服务,
        sme=pr.中小企业,
        small=pr.小微企业,
        sme_share=share(pr.中小企业, total),
        small_share=share(pr.小微企业, total),
    )
    final_extras.add_setasides(procurement, pr)
    return procurement


def assets_section(a) -> NS:
    """十(三) 国有资产: the vehicles by kind and their number."""
    vehicles = [NS(label=k, count=a.车辆.get(k, 0)) for k in VEHICLE_KINDS]
    v_sum = sum(a.车辆.values())
    return NS(
        src=a,
        vehicle_count=a.车辆总数 if a.车辆总数 is not None else v_sum,
        vehicle_sum=v_sum,
        vehicles=vehicles,
        shown_vehicles=[v for v in vehicles if v.count],
    )


def overview_section(staff) -> NS | None:
    """第一部分: staff counts and changes."""
    if staff is None:
        return None
    return NS(
        actual=staff.实有人数 if staff.实有人数 is not None else staff.在职 + staff.离休 + staff.退休,
        changes=[
            NS(label=k + "人员", count=getattr(staff, k), delta=getattr(staff, k + "变动"))
            for k in ("在职", "离休", "退休")
        ],
    )


def _from_tables(r: FinalReport, tables: NS | None, basic: NS) -> tuple[list, list]:
    """二/三 quote the 合计 rows of 表2/表3 when 收入决算/支出决算 are not typed; 六 names the 款 of 表6 unless they
    are typed (one figure typed once)."""
    t = r.收入支出决算总体
    income_items = _kinds(r.收入决算, INCOME_KINDS, t.本年收入合计)
    expense_items = _kinds(r.支出决算, EXPENSE_KINDS, t.本年支出合计)
    if tables is None:
        return income_items, expense_items
    if not r.收入决算 and tables.t2 is not None:
        income_items = _kinds({k: tables.t2.total.v(k) for k in INCOME_KINDS}, INCOME_KINDS, t.本年收入合计)
    if not r.支出决算 and tables.t3 is not None:
        expense_items = _kinds({k: tables.t3.total.v(k) for k in EXPENSE_KINDS}, EXPENSE_KINDS, t.本年支出合计)
    if tables.t6 is not None:
        t6 = tables.t6
        if not r.基本支出.人员经费科目:
            basic.personnel_items = [x.name for x in t6.personnel if x.kind == "item" and x.v("决算数")]
        if not r.基本支出.公用经费科目:
            basic.public_items = [x.name for x in t6.public if x.kind == "item" and x.v("决算数")]
    return income_items, expense_items


def compute_final(r: FinalReport, settings: dict | None = None, registry=None) -> FinalFigures:
    """Every figure of a 决算 report; *registry*: the region's table descriptions (default: the built-in ones)."""
    settings = settings or {}
    year = r.报告.年度
    totals = totals_section(r.收入支出决算总体)
    general = _general(r, year, r.收入支出决算总体.本年支出合计)
    final_extras.add_item_budgets(general, r.一般公共预算支出, year)
    basic = basic_section(r.基本支出)
    m = r.机关运行经费
    running = NS(amount=m.金额, change=change(m.金额, m.上年), reason=m.原因) if m is not None else None
    perf = self_eval(r, settings.get("绩效自评") or {})
    sangong = _sangong(r)
    final_extras.add_sangong_budgets(sangong)
    order = str(settings.get("决算表") or "").split()
    tables = compute_tables(r, NS(totals=totals, sangong=sangong, order=order), registry)
    income_items, expense_items = _from_tables(r, tables, basic)
    return FinalFigures(
        kind="final",
        year=year,
        unit=r.报告.单位名称,
        level=r.报告.级次,
        extra=extra_tables(r.附加表),
        subject={} if tables is None else tables.subject,
        described=[] if tables is None else tables.described,
        checks=NS(
            running_equals_public=settings.get("机关运行经费等于公用经费", "是") == "是",
            budget_reason_required=settings.get("预决算差异须说明原因", "是") == "是",
            tables_in_body=settings.get("决算报表") == "正文",
        ),
        totals=totals,
        income_items=income_items,
        expense_items=expense_items,
        fiscal=fiscal_section(r.财政拨款收支),
        general=general,
        basic=basic,
        gov_fund=r.政府性基金,
        soe=r.国有资本经营,
        sangong=sangong,
        running=running,
        procurement=procurement_section(r.政府采购),
        assets=assets_section(r.国有资产),
        perf=perf,
        overview=overview_section(r.概况.人员),
        tables=tables,
        management=final_extras.performance_management(r, perf, settings),
        units=final_extras.units(r),
        fund_items=NS(
            gov=final_extras.fund_items(r.政府性基金, "政府性基金", year),
            soe=final_extras.fund_items(r.国有资本经营, "国有资本经营", year),
        ),
    )
