"""All figures of a 部门/单位预算 report, from the input model: the 公开表 (compute/tables.py for the 科目表,
compute/budget_tables.py for the others), then the 情况说明 one section at a time.

The result is a tree of plain objects the templates only format: no template adds, divides or compares amounts.
"""

from __future__ import annotations

from types import SimpleNamespace as NS

from .. import catalog
from ..model.budget import BudgetReport
from ..tables import Registry, builtin
from .budget_tables import (
    carry_table,
    class_panel,
    fiscal_table,
    income_panel,
    project_table,
    sangong_table,
)
from .figures import BudgetFigures
from .indicators import merged_grid
from .rounding import ZERO, change, share
from .tables import Table, described, extra_tables, subject_tables

# 第三部分 二: the income sources (label, key of 收入预算说明, a fiscal source?)
INCOME_SOURCES = [
    ("一般公共预算", "一般公共预算", True),
    ("上级一般公共预算安排的转移支付资金", "上级一般公共预算转移支付", True),
    ("政府性基金预算", "政府性基金预算", True),
    ("上级政府性基金安排的转移支付资金", "上级政府性基金转移支付", True),
    ("国有资本经营预算", "国有资本经营预算", True),
    ("上级国有资本经营预算安排的转移支付资金", "上级国有资本经营转移支付", True),
    ("单位资金", "单位资金", False),
    ("财政拨款结转", "财政拨款结转", False),
    ("非财政拨款结转结余", "非财政拨款结转结余", False),
]


def _sum(values):
    return sum(values, ZERO)


def _ordered(items: list, how: str, typed: list[str]) -> list:
    """Order setting 编码 (by code), 金额 (largest first, then code) or 填写 (the order the codes were typed)."""
    if how == "金额":
        return sorted(items, key=lambda i: (-i.amount, i.code))
    if how == "填写":
        rank = {c: n for n, c in enumerate(dict.fromkeys(typed))}
        return sorted(items, key=lambda i: (rank.get(i.code, len(rank)), i.code))
    return sorted(items, key=lambda i: i.code)


def _change(note, amount, path: tuple, **extra) -> NS:
    """An amount with its change against the typed 上年 and the typed reason (a Change note, or None)."""
    return NS(
        amount=amount,
        change=change(amount, note.上年) if note is not None and note.上年 is not None else None,
        reason=note.原因 if note else "",
        path=path,
        **extra,
    )


def income_section(r: BudgetReport, t1: NS, settings: dict) -> NS:
    """二: every income source with its share of 收入总计 and its change; the kinds present."""
    p = r.收支总表
    amounts = {
        "一般公共预算": p.一般财力,
        "上级一般公共预算转移支付": p.上级一般公共预算转移支付,
        "政府性基金预算": p.政府性基金收入,
        "上级政府性基金转移支付": p.上级政府性基金转移支付,
        "国有资本经营预算": p.国有资本经营收入,
        "上级国有资本经营转移支付": p.上级国有资本经营转移支付,
        "单位资金": t1.unit,
        "财政拨款结转": t1.carry_fiscal,
        "非财政拨款结转结余": t1.carry_other,
    }
    items = []
    for label, key, fiscal in INCOME_SOURCES:
        amount = amounts[key] or ZERO
        note = getattr(r.收入预算说明, key)
        prior = note.上年 if note is not None and note.上年 is not None else ZERO
        if amount == 0 and prior == 0:
            # setting 二零项: 财政列出 (fiscal sources say 未安排, other zero items are left out), 列出, 省略
            zero = settings.get("二零项", "财政列出")
            show = fiscal if zero == "财政列出" else zero == "列出"
            items.append(NS(label=label, key=key, absent=True, show=show, amount=amount))
            continue
        item = _change(note, amount, ("收入预算说明", key), label=label, key=key, absent=False, show=True)
        item.share = share(amount, t1.total)
        items.append(item)
    kinds = [
        name
        for name, amount in (
            ("一般公共预算", t1.general),
            ("政府性基金预算", t1.fund),
            ("国有资本经营预算", t1.soe),
            ("财政专户管理资金", p.财政专户核拨),
            ("单位资金", t1.unit),
            ("财政拨款结转结余", t1.carry_fiscal),
            ("非财政拨款结转结余", t1.carry_other),
        )
        if amount
    ]
    return NS(items=items, kinds=kinds)


def spending_section(r: BudgetReport, t3: Table) -> list[NS]:
    """三: 基本支出 and 项目支出 with their shares of 支出总计 and changes."""
    total = t3.total.v("合计")
    out = []
    for key in ("基本支出", "项目支出"):
        amount = t3.total.v(key)
        item = _change(getattr(r.支出预算说明, key), amount, ("支出预算说明", key), label=key)
        item.share = share(amount, total)
        out.append(item)
    return out


def general_section(r: BudgetReport, t5: Table, year: int, settings: dict) -> NS:
    """五: the 一般公共预算 split, its 类 with shares, its 项 with changes, ordered as the settings say."""
    total = t5.total.v("合计")
    notes = r.一般公共预算拨款说明
    split = [
        _change(getattr(notes, key), t5.total.v(key), ("一般公共预算拨款说明", key), label=key)
        for key in ("基本支出", "项目支出")
    ]
    typed = [row.科目 for row in r.一般公共预算支出.行]
    classes = _ordered(
        [
            NS(code=row.code, name=row.name, amount=row.v("合计"), share=share(row.v("合计"), total))
            for row in t5.body
            if row.kind == "class"
        ],
        settings.get("五类排序", "编码"),
        [c[:3] for c in typed],
    )
    codes = sorted({row.code for row in t5.body if row.kind == "item"} | {c for c, ch in notes.项.items() if ch.上年})
    items = []
    for code in codes:
        row = t5.find(code)
        amount = row.v("合计") if row else ZERO
        note = notes.项.get(code)
        if amount == 0 and settings.get("五零项", "列出") == "省略":
            continue
        typed_name = (note.名称 if note else None) or (row.given_name if row else None)
        items.append(
            _change(
                note,
                amount,
                ("一般公共预算拨款说明", "项", code),
                code=code,
                class_name=catalog.function_name(code[:3], year) or "",
                section_name=catalog.function_name(code[:5], year) or "",
                name=catalog.function_name(code, year, typed_name) or "",
            )
        )
    items = _ordered(items, settings.get("五项排序", "编码"), typed + list(notes.项))
    return NS(total=total, split=split, classes=classes, items=items)


def basic_section(t6: Table) -> NS:
    """六: 基本支出, 人员经费 and 公用经费 with the 款 that make them up."""
    return NS(
        total=t6.total.v("合计"),
        personnel=t6.total.v("人员经费"),
        public=t6.total.v("公用经费"),
        personnel_items=[row.name for row in t6.body if row.kind == "item" and row.v("人员经费")],
        public_items=[row.name for row in t6.body if row.kind == "item" and row.v("公用经费")],
    )


# the 七 texts of a project, in printed order (phrase s7.<key>)
NOTE_TEXTS = {"政策依据": "basis", "承担单位": "owner", "资金分配": "allocation", "执行时间": "period"}


def project_section(r: BudgetReport, t7: NS) -> list[NS]:
    """七: one block per project row of 表7 (one fact, one source), its amount as 表7 prints it, in the narrative
    order. Only the descriptive texts come from the project's 说明; a project without them is listed all the same
    (rule 七-说明 names it), never left out — 七 must not say "没有安排" while 表7 lists projects."""
    projects = []
    for row in t7.rows:
        if row.kind != "project":
            continue
        i = row.path[1]
        p = r.一般公共预算项目支出[i]
        note = p.说明
        texts = {attr: (getattr(note, key) if note else "") for key, attr in NOTE_TEXTS.items()}
        projects.append(
            NS(
                order=note.序号 if note and note.序号 is not None else 10_000 + i,
                name=(note.项目名称 if note else "") or p.项目名称,
                amount=row.v("合计"),
                unit=p.单位,
                code=p.科目,
                missing=[key for key, attr in NOTE_TEXTS.items() if not texts[attr]],
                path=row.path,
                **texts,
            )
        )
    return sorted(projects, key=lambda n: n.order)


def assets_section(r: BudgetReport, year: int) -> NS:
    """十二: 国有资产 and the vehicles by kind."""
    a = r.国有资产
    vehicles = [("一般公务用车", a.一般公务用车), ("执法执勤用车", a.执法执勤用车), ("其他车辆", a.其他车辆)]
    return NS(
        raw=a,
        as_of=a.截至 or f"{year - 1}年底",
        vehicle_count=sum(v.数量 for _, v in vehicles),
        vehicle_value=_sum(v.价值 for _, v in vehicles),
        vehicles=[NS(label=k, count=v.数量, value=v.价值) for k, v in vehicles],
    )


def performance_section(r: BudgetReport) -> NS:
    """预算绩效 and the 绩效目标表: counts and amounts from the tables themselves."""
    targets = r.项目支出绩效目标表
    dept = r.部门整体绩效目标表
    return NS(
        dept=dept,
        dept_total=(dept.资金.上级安排 + dept.资金.本级安排 + dept.资金.其他) if dept else ZERO,
        dept_grid=merged_grid(dept.指标) if dept else [],
        dept_weight=_sum(i.权重 for i in dept.指标) if dept else ZERO,
        targets=[
            NS(src=t, total=t.财政拨款 + t.其他资金, weight=_sum(i.权重 for i in t.指标), grid=merged_grid(t.指标))
            for t in targets
        ],
        # figures of the 绩效目标表 themselves (a project funded from carried-over money has one too), plus the
        # projects whose tables are not published (预算绩效.未公开项目数/金额)
        project_count=len(targets) + r.预算绩效.未公开项目数,
        fiscal_amount=_sum(t.财政拨款 for t in targets) + r.预算绩效.未公开项目金额,
        fiscal_count=len([t for t in targets if t.财政拨款]) + r.预算绩效.未公开项目数,
        other_count=len([t for t in targets if not t.财政拨款 and t.其他资金]),
        other_amount=_sum(t.其他资金 for t in targets),
    )


def overview_section(r: BudgetReport) -> NS:
    """第一部分: staff counts and changes, units and offices."""
    staff = r.概况.人员
    return NS(
        actual=staff.在职 + staff.退休 + staff.离休,
        changes=[
            NS(label=k, count=getattr(staff, k), delta=getattr(staff, k + "变动")) for k in ("在职", "退休", "离休")
        ],
        units=r.概况.机构设置.下属单位,
        offices=r.概况.机构设置.内设机构,
    )


def prior_given(r: BudgetReport) -> bool:
    """Whether the input gives any 上年 figure at all (a unit's first published budget has none)."""
    notes = [getattr(r.收入预算说明, k) for k in type(r.收入预算说明).model_fields]
    notes += [r.支出预算说明.基本支出, r.支出预算说明.项目支出, r.一般公共预算拨款说明.基本支出]
    notes += [r.一般公共预算拨款说明.项目支出, r.机关运行经费, *r.一般公共预算拨款说明.项.values()]
    notes += [getattr(r.三公经费, k) for k in type(r.三公经费).model_fields]
    return any(n is not None and n.上年 is not None for n in notes)


def compute_budget(r: BudgetReport, settings: dict | None = None, registry: Registry | None = None) -> BudgetFigures:
    """Every figure of a budget report; *registry*: the region's table descriptions (default: the built-in ones)."""
    settings = settings or {}
    registry = registry or builtin("预算")
    year, unit = r.报告.年度, r.报告.单位名称
    tables = subject_tables(registry, r, year)
    t2, t3, t5, t6 = (tables[k] for k in ("t2", "t3", "t5", "t6"))
    t1 = income_panel(r, year)
    t1.classes = class_panel(year, t3, {"金额": "合计"})  # 表1 支出: 表3 合计 per 类
    t1.expense_total = t3.total.v("合计")
    t4 = fiscal_table(t1, t2, year)
    t10, t11 = sangong_table(r), carry_table(r, unit)
    t7 = project_table(r, year, unit)
    income = income_section(r, t1, settings)
    general = general_section(r, t5, year, settings)
    basic = basic_section(t6)
    running = r.机关运行经费
    pr = r.政府采购
    return BudgetFigures(
        prior_given=prior_given(r),
        kind="budget",
        year=year,
        unit=unit,
        level=r.报告.级次,
        extra=extra_tables(r.附加表),
        subject=tables,
        described=described(registry, tables, str(settings.get("预算表", "")).split()),
        t1=t1,
        t2=t2,
        t3=t3,
        t4=t4,
        t5=t5,
        t6=t6,
        t7=t7,
        t8=tables["t8"],
        t9=tables["t9"],
        t10=t10,
        t11=t11,
        income_total=t1.total,
        income_items=income.items,
        income_kinds=income.kinds,
        expense_kinds=[line.label.split(" ", 1)[1] for line in t1.classes if line.v()],
        spend_total=t3.total.v("合计"),
        spend=spending_section(r, t3),
        fiscal_classes=[
            NS(code=c, name=n, amount=line.v("合计"), purpose=r.财政拨款支出用途.get(c, ""))
            for line in t4.classes
            if line.v("合计")
            for c, n in [line.label.split(" ", 1)]
        ],
        fiscal_only_general=(t1.fund == 0 and t1.soe == 0),
        general_total=general.total,
        general_split=general.split,
        general_classes=general.classes,
        general_items=general.items,
        basic=basic,
        projects=project_section(r, t7),
        sangong=t10,
        carry=t11,
        running=_change(running, basic.public, ("机关运行经费",)),
        procurement=NS(
            total=pr.货物 + pr.工程 + pr.服务,
            goods=pr.货物,
            works=pr.工程,
            services=pr.服务,
            sme=pr.中小企业,
            small=pr.小微企业,
        ),
        assets=assets_section(r, year),
        perf=performance_section(r),
        overview=overview_section(r),
    )
