"""All figures of a 部门/单位预算 report, from the input model.

The result is a tree of plain objects the templates only format: no template adds, divides or compares amounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace as NS
from typing import Any

from .. import catalog
from ..model.budget import CARRY_COLUMNS, PROJECT_COLUMNS, SANGONG_ITEMS, BudgetReport
from ..tables import Registry, builtin
from .rounding import ZERO, change, share
from .tables import Row, Table, described, extra_tables, subject_tables

SANGONG_LABELS = {
    "因公出国境费": "因公出国（境）费",
    "公务接待费": "公务接待费",
    "公务用车购置费": "公务用车购置费",
    "公务用车运行费": "公务用车运行费",
}


def _sum(values) -> Decimal:
    return sum(values, ZERO)


def _project_total(p) -> Decimal:
    return _sum(getattr(p, c) for c in PROJECT_COLUMNS)


@dataclass
class Line:
    """A labelled amount of a fixed-row table (表1, 表4, 表10)."""

    label: str
    values: dict = field(default_factory=dict)
    level: int = 0  # indentation
    strong: bool = False

    def v(self, col: str = "金额") -> Decimal:
        return self.values.get(col, ZERO)


def _t1_income(r: BudgetReport, year: int) -> NS:
    p = r.收支总表
    general = p.一般财力 + p.上级一般公共预算转移支付
    fund = p.政府性基金收入 + p.上级政府性基金转移支付
    soe = p.国有资本经营收入 + p.上级国有资本经营转移支付
    unit = p.事业收入 + p.上级补助收入 + p.附属单位上缴收入 + p.事业单位经营收入 + p.其他收入
    this_year = general + fund + soe + p.财政专户核拨 + unit
    carry_fiscal = p.结转_一般公共预算 + p.结转_政府性基金 + p.结转_国有资本经营
    carry_other = p.结转_财政专户 + p.结转_单位资金
    carry = carry_fiscal + carry_other
    computed_total = this_year + carry
    total = p.总计 if p.总计 is not None else computed_total
    fund_label = "政府性基金预算" if year >= 2025 else "基金预算"
    L = Line
    lines = [
        L("一、本年收入", {"金额": this_year}, 0, True),
        L("1.一般公共预算拨款", {"金额": general}, 0),
        L("其中：一般财力", {"金额": p.一般财力}, 1),
        L("上级一般公共预算安排转移支付", {"金额": p.上级一般公共预算转移支付}, 2),
        L(f"2.{fund_label}拨款", {"金额": fund}, 0),
        L("其中：政府性基金收入", {"金额": p.政府性基金收入}, 1),
        L("上级政府性基金安排转移支付", {"金额": p.上级政府性基金转移支付}, 2),
        L("3.国有资本经营预算拨款", {"金额": soe}, 0),
        L("其中：国有资本经营收入", {"金额": p.国有资本经营收入}, 1),
        L("上级国有资本经营预算安排转移支付", {"金额": p.上级国有资本经营转移支付}, 2),
        L("4.财政专户核拨", {"金额": p.财政专户核拨}, 0),
        L("5.单位资金", {"金额": unit}, 0),
        L("其中：事业收入", {"金额": p.事业收入}, 1),
        L("上级补助收入", {"金额": p.上级补助收入}, 2),
        L("附属单位上缴收入", {"金额": p.附属单位上缴收入}, 2),
        L("事业单位经营收入", {"金额": p.事业单位经营收入}, 2),
        L("其他收入", {"金额": p.其他收入}, 2),
        L("二、上年结转结余", {"金额": carry}, 0, True),
        L("1.财政拨款结转", {"金额": carry_fiscal}, 0),
        L("其中：一般公共预算拨款", {"金额": p.结转_一般公共预算}, 1),
        L(f"{fund_label}拨款", {"金额": p.结转_政府性基金}, 2),
        L("国有资本经营预算拨款", {"金额": p.结转_国有资本经营}, 2),
        L("2.非财政拨款结转结余", {"金额": carry_other}, 0),
        L("其中：财政专户核拨", {"金额": p.结转_财政专户}, 1),
        L("单位资金", {"金额": p.结转_单位资金}, 2),
    ]
    return NS(
        lines=lines,
        total=total,
        computed_total=computed_total,
        this_year=this_year,
        general=general,
        fund=fund,
        soe=soe,
        unit=unit,
        carry=carry,
        carry_fiscal=carry_fiscal,
        carry_other=carry_other,
        stated_total=p.总计,
    )


def _class_panel(year: int, table: Table, cols: dict) -> list[Line]:
    """表1/表4 expenditure panel: every 类 of the year's fixed list, amounts from *table*'s 类 rows."""
    out = []
    for code, name in catalog.class_list(year):
        row = table.find(code)
        vals = {k: (row.v(src) if row else ZERO) for k, src in cols.items()}
        out.append(Line(f"{code} {name}", vals))
    return out


def _grouped_projects(r: BudgetReport, year: int, unit_default: str) -> NS:
    """表7: 总计 → per unit: unit row → 类 → 款 → project rows (项 code + 项 name + 项目名称)."""
    cols = ["合计"] + PROJECT_COLUMNS
    units: dict[str, list] = {}
    for i, p in enumerate(r.一般公共预算项目支出):
        units.setdefault(p.单位 or unit_default, []).append((i, p))

    def vals(p):
        d = {c: getattr(p, c) for c in PROJECT_COLUMNS}
        d["合计"] = p.合计 if p.合计 is not None else _project_total(p)
        return d

    def add(into: dict, d: dict):
        for k, v in d.items():
            into[k] = into.get(k, ZERO) + v

    rows: list[Row] = []
    grand: dict = {}
    for unit, items in units.items():
        unit_vals: dict = {}
        for _, p in items:
            add(unit_vals, vals(p))
        add(grand, unit_vals)
        rows.append(Row("unit", "", unit, unit_vals, dict(unit_vals), label=unit))
        prefixes = sorted({p.科目[:n] for _, p in items for n in (3, 5)})
        for code in prefixes:
            sub: dict = {}
            for _, p in items:
                if p.科目.startswith(code):
                    add(sub, vals(p))
            rows.append(
                Row(
                    "class" if len(code) == 3 else "section",
                    code,
                    catalog.function_name(code, year) or "",
                    sub,
                    dict(sub),
                )
            )
            if len(code) == 5:
                for i, p in items:
                    if p.科目[:5] == code:
                        rows.append(
                            Row(
                                "project",
                                p.科目,
                                catalog.function_name(p.科目, year, p.名称) or "",
                                vals(p),
                                vals(p),
                                path=("一般公共预算项目支出", i),
                                given_name=p.名称,
                                label=p.项目名称,
                            )
                        )
    if not grand:
        grand = {c: ZERO for c in cols}
    total = _stated_total_row(grand, r.一般公共预算项目支出总计, ("一般公共预算项目支出总计",))
    return NS(rows=[total] + rows, total=total, columns=cols, count=len(r.一般公共预算项目支出))


# the 七 texts of a project, in printed order (phrase s7.<key>)
NOTE_TEXTS = {"政策依据": "basis", "承担单位": "owner", "资金分配": "allocation", "执行时间": "period"}


def project_notes(r: BudgetReport, t7: NS) -> list[NS]:
    """第三部分 七: one block per project row of 表7 (one fact, one source), its amount as 表7 prints it. Only the
    descriptive texts come from the project's 说明; a project without them is listed all the same (rule 七-说明
    names it), never left out — 七 must not say "没有安排" while 表7 lists projects."""
    out = []
    for row in t7.rows:
        if row.kind != "project":
            continue
        i = row.path[1]
        p = r.一般公共预算项目支出[i]
        note = p.说明
        texts = {attr: (getattr(note, key) if note else "") for key, attr in NOTE_TEXTS.items()}
        out.append(
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
    out.sort(key=lambda n: n.order)
    return out


def _stated_total_row(computed: dict, stated_model: Any, path: tuple) -> Row:
    """A 总计 row: the computed sums, with the figures a published table states in their place (the checks compare
    the two: rule 合计, and 印出合计 for the printed row against its printed parts)."""
    stated = {k: v for k, v in (stated_model.model_dump() if stated_model else {}).items() if v is not None}
    return Row("total", "", "总计", {**computed, **stated}, dict(computed), stated, path=path if stated else ())


def _carry_table(r: BudgetReport, unit_default: str) -> NS:
    cols = list(CARRY_COLUMNS)

    def vals(c):
        f, n = c.财政拨款, c.非财政拨款
        d = {
            "财政人员经费": f.人员经费,
            "财政公用经费": f.公用经费,
            "财政项目支出": f.项目支出,
            "非财政人员经费": n.人员经费,
            "非财政公用经费": n.公用经费,
            "非财政项目支出": n.项目支出,
        }
        d["财政合计"] = f.人员经费 + f.公用经费 + f.项目支出
        d["非财政合计"] = n.人员经费 + n.公用经费 + n.项目支出
        d["总计"] = d["财政合计"] + d["非财政合计"]
        return d

    units: dict[str, list] = {}
    for i, c in enumerate(r.上年结转结余):
        units.setdefault(c.单位 or unit_default, []).append((i, c))
    rows = []
    grand = {k: ZERO for k in cols}
    for unit, items in units.items():
        uv = {k: ZERO for k in cols}
        for _, c in items:
            for k, v in vals(c).items():
                uv[k] += v
        for k in cols:
            grand[k] += uv[k]
        rows.append(Row("unit", "", unit, uv, dict(uv), label=unit))
        for i, c in items:
            rows.append(Row("project", "", c.项目名称, vals(c), vals(c), path=("上年结转结余", i), label=c.项目名称))
    # a stated 表11 总计 (as published) is printed in the 总计 row and, with one unit, in its unit row; the checks
    # compare it with the sum of the rows (rounding) and with 表1 (one figure, one print)
    stated = {k: v for k, v in (r.上年结转结余总计.model_dump() if r.上年结转结余总计 else {}).items() if v is not None}
    n = {k: len(r.上年结转结余) for k in stated}
    total = Row("total", "", "总计", {**grand, **stated}, dict(grand), dict(stated), n, path=("上年结转结余总计",))
    if stated and len(units) == 1:
        rows[0].values.update(stated)
    # 第三部分 十一: items in their narrative order
    notes = []
    for i, c in enumerate(r.上年结转结余):
        note = c.说明
        order = note.序号 if note and note.序号 is not None else 10_000 + i
        notes.append(
            NS(
                order=order,
                name=(note.项目名称 if note and note.项目名称 else c.项目名称),
                amount=vals(c)["总计"],
                purpose=note.用途 if note else "",
                path=("上年结转结余", i),
            )
        )
    notes.sort(key=lambda n: n.order)
    return NS(
        rows=[total] + rows,
        total=total,
        columns=cols,
        notes=notes,
        fiscal=total.v("财政合计"),
        other=total.v("非财政合计"),
        amount=total.v("总计"),
    )


def _sangong(r: BudgetReport) -> NS:
    s = r.三公经费
    items = {k: getattr(s, k) for k in SANGONG_ITEMS}

    def src(item):
        d = {
            "一般公共预算": item.一般公共预算,
            "政府性基金": item.政府性基金,
            "国有资本经营预算": item.国有资本经营预算,
        }
        d["合计"] = _sum(d.values())
        return d

    def add(*ds):
        out = {}
        for d in ds:
            for k, v in d.items():
                out[k] = out.get(k, ZERO) + v
        return out

    v = {k: src(it) for k, it in items.items()}
    cars = add(v["公务用车购置费"], v["公务用车运行费"])
    total = add(*v.values())
    rows = [
        Line("合计", total, 0, True),
        Line("因公出国（境）费", v["因公出国境费"]),
        Line("公务接待费", v["公务接待费"]),
        Line("公务用车购置及运行费（小计）", cars),
        Line("其中：公务用车购置费", v["公务用车购置费"], 1),
        Line("公务用车运行费", v["公务用车运行费"], 2),
    ]
    narrative = []
    prior_total = ZERO
    has_prior = True
    for key in ("因公出国境费", "公务用车购置费", "公务用车运行费", "公务接待费"):  # the narrative's order
        item = items[key]
        cur = v[key]["合计"]
        if item.上年 is None:
            has_prior = False
        prior = item.上年 or ZERO
        prior_total += prior
        narrative.append(
            NS(
                key=key,
                label=SANGONG_LABELS[key],
                amount=cur,
                change=change(cur, prior) if item.上年 is not None else None,
                reason=item.原因,
                path=("三公经费", key),
            )
        )
    return NS(
        rows=rows,
        total=total["合计"],
        items=narrative,
        change=change(total["合计"], prior_total) if has_prior else None,
    )


def merged_grid(indicators: Sequence[Any]) -> list[NS]:
    """Indicator rows with row spans for equal neighbouring 一级 / 二级 cells (0 = covered by the cell above)."""
    rows = [NS(item=i, span1=1, span2=1) for i in indicators]
    for level, attr in ((1, "一级"), (2, "二级")):
        start = 0
        for k in range(1, len(rows) + 1):
            same = (
                k < len(rows)
                and getattr(rows[k].item, attr) == getattr(rows[start].item, attr)
                and (level == 1 or rows[k].item.一级 == rows[start].item.一级)
            )
            if not same:
                setattr(rows[start], f"span{level}", k - start)
                for j in range(start + 1, k):
                    setattr(rows[j], f"span{level}", 0)
                start = k
    return rows


def _ordered(items: list, how: str, typed: list[str]) -> list:
    """Order setting 编码 (by code), 金额 (largest first, then code) or 填写 (the order the codes were typed)."""
    if how == "金额":
        return sorted(items, key=lambda i: (-i.amount, i.code))
    if how == "填写":
        rank = {c: n for n, c in enumerate(dict.fromkeys(typed))}
        return sorted(items, key=lambda i: (rank.get(i.code, len(rank)), i.code))
    return sorted(items, key=lambda i: i.code)


def compute_budget(r: BudgetReport, settings: dict | None = None, registry: Registry | None = None) -> NS:
    """Every figure of a budget report; *registry*: the region's table descriptions (default: the built-in ones)."""
    settings = settings or {}
    registry = registry or builtin("预算")
    meta = r.报告
    year = meta.年度
    fn = lambda code, given=None: catalog.function_name(code, year, given)  # noqa: E731
    unit_name = meta.单位名称

    t1 = _t1_income(r, year)
    tables = subject_tables(registry, r, year)
    t2, t3, t5, t6, t8, t9 = (tables[k] for k in ("t2", "t3", "t5", "t6", "t8", "t9"))
    t7 = _grouped_projects(r, year, unit_name)
    t10 = _sangong(r)
    t11 = _carry_table(r, unit_name)

    # 表1 expenditure panel: 表3 合计 per 类; 表4: 表2 fiscal columns per 类, by fund
    t1.classes = _class_panel(year, t3, {"金额": "合计"})
    t1.expense_total = t3.total.v("合计")

    def t2_fund(row, a, b):
        return row.v(a) + row.v(b)

    t4_classes = []
    for code, name in catalog.class_list(year):
        row = t2.find(code)
        g = t2_fund(row, "一般公共预算", "上级一般公共预算转移支付") if row else ZERO
        f = t2_fund(row, "政府性基金预算", "上级政府性基金转移支付") if row else ZERO
        s = t2_fund(row, "国有资本经营预算", "上级国有资本经营转移支付") if row else ZERO
        t4_classes.append(
            Line(
                f"{code} {name}",
                {
                    "合计": row.v("财政拨款小计") if row else ZERO,
                    "一般公共预算": g,
                    "政府性基金预算": f,
                    "国有资本经营预算": s,
                },
            )
        )
    t4_total = t2.total.v("财政拨款小计")
    t4_income_total = t1.general + t1.fund + t1.soe
    t4 = NS(
        classes=t4_classes,
        income=[
            Line("一、财政拨款（补助）", {"金额": t4_income_total}, 0, True),
            Line("一般公共预算", {"金额": t1.general}, 1),
            Line("政府性基金预算", {"金额": t1.fund}, 1),
            Line("国有资本经营预算", {"金额": t1.soe}, 1),
        ],
        total=t4_total,
        income_total=t4_income_total,
        fund_total={
            "一般公共预算": t2_fund(t2.total, "一般公共预算", "上级一般公共预算转移支付"),
            "政府性基金预算": t2_fund(t2.total, "政府性基金预算", "上级政府性基金转移支付"),
            "国有资本经营预算": t2_fund(t2.total, "国有资本经营预算", "上级国有资本经营转移支付"),
        },
    )

    # ---- 第三部分 ----
    total_in = t1.total
    notes = r.收入预算说明
    income_items = []
    spec = [
        ("一般公共预算", "一般公共预算", r.收支总表.一般财力, True),
        ("上级一般公共预算安排的转移支付资金", "上级一般公共预算转移支付", r.收支总表.上级一般公共预算转移支付, True),
        ("政府性基金预算", "政府性基金预算", r.收支总表.政府性基金收入, True),
        ("上级政府性基金安排的转移支付资金", "上级政府性基金转移支付", r.收支总表.上级政府性基金转移支付, True),
        ("国有资本经营预算", "国有资本经营预算", r.收支总表.国有资本经营收入, True),
        (
            "上级国有资本经营预算安排的转移支付资金",
            "上级国有资本经营转移支付",
            r.收支总表.上级国有资本经营转移支付,
            True,
        ),
        ("单位资金", "单位资金", t1.unit, False),
        ("财政拨款结转", "财政拨款结转", t1.carry_fiscal, False),
        ("非财政拨款结转结余", "非财政拨款结转结余", t1.carry_other, False),
    ]
    for label, key, amount, fiscal in spec:
        amount = amount or ZERO
        note = getattr(notes, key)
        prior = note.上年 if note else ZERO
        if amount == 0 and prior == 0:
            # setting 二零项: 财政列出 (fiscal sources say 未安排, other zero items are left out), 列出, 省略
            zero = settings.get("二零项", "财政列出")
            show = fiscal if zero == "财政列出" else zero == "列出"
            income_items.append(NS(label=label, key=key, absent=True, show=show, amount=amount))
            continue
        income_items.append(
            NS(
                label=label,
                key=key,
                absent=False,
                show=True,
                amount=amount,
                share=share(amount, total_in),
                change=change(amount, prior) if note else None,
                reason=note.原因 if note else "",
                path=("收入预算说明", key),
            )
        )
    income_kinds = [
        name
        for name, amount in (
            ("一般公共预算", t1.general),
            ("政府性基金预算", t1.fund),
            ("国有资本经营预算", t1.soe),
            ("财政专户管理资金", r.收支总表.财政专户核拨),
            ("单位资金", t1.unit),
            ("财政拨款结转结余", t1.carry_fiscal),
            ("非财政拨款结转结余", t1.carry_other),
        )
        if amount
    ]
    expense_kinds = [line.label.split(" ", 1)[1] for line in t1.classes if line.v()]

    spend_total = t3.total.v("合计")
    spend = []
    for key in ("基本支出", "项目支出"):
        note = getattr(r.支出预算说明, key)
        amount = t3.total.v(key)
        spend.append(
            NS(
                label=key,
                amount=amount,
                share=share(amount, spend_total),
                change=change(amount, note.上年) if note else None,
                reason=note.原因 if note else "",
                path=("支出预算说明", key),
            )
        )

    fiscal_classes = [
        NS(
            code=line.label.split(" ")[0],
            name=line.label.split(" ", 1)[1],
            amount=line.v("合计"),
            purpose=r.财政拨款支出用途.get(line.label.split(" ")[0], ""),
        )
        for line in t4.classes
        if line.v("合计")
    ]

    g_total = t5.total.v("合计")
    gnotes = r.一般公共预算拨款说明
    general_split = []
    for key in ("基本支出", "项目支出"):
        note = getattr(gnotes, key)
        amount = t5.total.v(key)
        general_split.append(
            NS(
                label=key,
                amount=amount,
                change=change(amount, note.上年) if note else None,
                reason=note.原因 if note else "",
                path=("一般公共预算拨款说明", key),
            )
        )
    typed = [row.科目 for row in r.一般公共预算支出.行]
    general_classes = _ordered(
        [
            NS(code=row.code, name=row.name, amount=row.v("合计"), share=share(row.v("合计"), g_total))
            for row in t5.body
            if row.kind == "class"
        ],
        settings.get("五类排序", "编码"),
        [c[:3] for c in typed],
    )
    item_codes = sorted(
        {row.code for row in t5.body if row.kind == "item"} | {code for code, ch in gnotes.项.items() if ch.上年}
    )
    general_items = []
    for code in item_codes:
        row = t5.find(code)
        amount = row.v("合计") if row else ZERO
        note = gnotes.项.get(code)
        if amount == 0 and settings.get("五零项", "列出") == "省略":
            continue
        typed_name = (note.名称 if note else None) or (row.given_name if row else None)
        general_items.append(
            NS(
                code=code,
                class_name=fn(code[:3]) or "",
                section_name=fn(code[:5]) or "",
                name=fn(code, typed_name) or "",
                amount=amount,
                change=change(amount, note.上年) if note else None,
                reason=note.原因 if note else "",
                path=("一般公共预算拨款说明", "项", code),
            )
        )
    general_items = _ordered(general_items, settings.get("五项排序", "编码"), typed + list(gnotes.项))

    basic = NS(
        total=t6.total.v("合计"),
        personnel=t6.total.v("人员经费"),
        public=t6.total.v("公用经费"),
        personnel_items=[row.name for row in t6.body if row.kind == "item" and row.v("人员经费")],
        public_items=[row.name for row in t6.body if row.kind == "item" and row.v("公用经费")],
    )

    projects = project_notes(r, t7)

    running = None
    if r.机关运行经费 is not None:
        running = NS(amount=basic.public, change=change(basic.public, r.机关运行经费.上年), reason=r.机关运行经费.原因)
    else:
        running = NS(amount=basic.public, change=None, reason="")
    pr = r.政府采购
    procurement = NS(
        total=pr.货物 + pr.工程 + pr.服务,
        goods=pr.货物,
        works=pr.工程,
        services=pr.服务,
        sme=pr.中小企业,
        small=pr.小微企业,
    )
    a = r.国有资产
    vehicles = [("一般公务用车", a.一般公务用车), ("执法执勤用车", a.执法执勤用车), ("其他车辆", a.其他车辆)]
    assets = NS(
        raw=a,
        as_of=a.截至 or f"{year - 1}年底",
        vehicle_count=sum(v.数量 for _, v in vehicles),
        vehicle_value=_sum(v.价值 for _, v in vehicles),
        vehicles=[NS(label=k, count=v.数量, value=v.价值) for k, v in vehicles],
    )

    targets = r.项目支出绩效目标表
    target_rows = [
        NS(src=t, total=t.财政拨款 + t.其他资金, weight=_sum(i.权重 for i in t.指标), grid=merged_grid(t.指标))
        for t in targets
    ]
    dept = r.部门整体绩效目标表
    dept_total = (dept.资金.上级安排 + dept.资金.本级安排 + dept.资金.其他) if dept else ZERO
    perf = NS(
        dept=dept,
        dept_total=dept_total,
        dept_grid=merged_grid(dept.指标) if dept else [],
        dept_weight=_sum(i.权重 for i in dept.指标) if dept else ZERO,
        targets=target_rows,
        # figures of the 绩效目标表 themselves (a project funded from carried-over money has one too), plus the
        # projects whose tables are not published (预算绩效.未公开项目数/金额)
        project_count=len(targets) + r.预算绩效.未公开项目数,
        fiscal_amount=_sum(t.财政拨款 for t in targets) + r.预算绩效.未公开项目金额,
        fiscal_count=len([t for t in targets if t.财政拨款]) + r.预算绩效.未公开项目数,
        other_count=len([t for t in targets if not t.财政拨款 and t.其他资金]),
        other_amount=_sum(t.其他资金 for t in targets),
    )

    staff = r.概况.人员
    overview = NS(
        actual=staff.在职 + staff.退休 + staff.离休,
        changes=[
            NS(label=k, count=getattr(staff, k), delta=getattr(staff, k + "变动")) for k in ("在职", "退休", "离休")
        ],
        units=r.概况.机构设置.下属单位,
        offices=r.概况.机构设置.内设机构,
    )

    return NS(
        **tables,
        described=described(registry, tables, str(settings.get("预算表", "")).split()),
        kind="budget",
        extra=extra_tables(r.附加表),
        year=year,
        unit=unit_name,
        level=meta.级次,
        t1=t1,
        t4=t4,
        t7=t7,
        t10=t10,
        t11=t11,
        income_total=total_in,
        income_items=income_items,
        income_kinds=income_kinds,
        expense_kinds=expense_kinds,
        spend_total=spend_total,
        spend=spend,
        fiscal_classes=fiscal_classes,
        fiscal_only_general=(t1.fund == 0 and t1.soe == 0),
        general_total=g_total,
        general_split=general_split,
        general_classes=general_classes,
        general_items=general_items,
        basic=basic,
        projects=projects,
        sangong=t10,
        carry=t11,
        running=running,
        procurement=procurement,
        assets=assets,
        perf=perf,
        overview=overview,
    )
