"""The 公开表 of a budget report that are not plain 科目表: 表1 (收入 lines beside the 支出 of every 类), 表4 (财政拨款
by fund), 表7 (projects grouped by unit and 类/款), 表10 (三公经费), 表11 (上年结转结余). The 科目表 come from their
descriptions (compute/tables.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace as NS

from .. import catalog
from ..model.budget import CARRY_COLUMNS, PROJECT_COLUMNS, SANGONG_ITEMS, BudgetReport
from .rounding import ZERO, change
from .tables import Row, Table

SANGONG_LABELS = {
    "因公出国境费": "因公出国（境）费",
    "公务接待费": "公务接待费",
    "公务用车购置费": "公务用车购置费",
    "公务用车运行费": "公务用车运行费",
}


def _sum(values) -> Decimal:
    return sum(values, ZERO)


def project_total(p) -> Decimal:
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


def income_panel(r: BudgetReport, year: int) -> NS:
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


def class_panel(year: int, table: Table, cols: dict) -> list[Line]:
    """表1/表4 expenditure panel: every 类 of the year's fixed list, amounts from *table*'s 类 rows."""
    out = []
    for code, name in catalog.class_list(year):
        row = table.find(code)
        vals = {k: (row.v(src) if row else ZERO) for k, src in cols.items()}
        out.append(Line(f"{code} {name}", vals))
    return out


def project_table(r: BudgetReport, year: int, unit_default: str) -> NS:
    """表7: 总计 → per unit: unit row → 类 → 款 → project rows (项 code + 项 name + 项目名称)."""
    cols = ["合计"] + PROJECT_COLUMNS
    units: dict[str, list] = {}
    for i, p in enumerate(r.一般公共预算项目支出):
        units.setdefault(p.单位 or unit_default, []).append((i, p))

    def vals(p):
        d = {c: getattr(p, c) for c in PROJECT_COLUMNS}
        d["合计"] = p.合计 if p.合计 is not None else project_total(p)
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
    total = stated_total_row(grand, r.一般公共预算项目支出总计, ("一般公共预算项目支出总计",))
    return NS(rows=[total] + rows, total=total, columns=cols, count=len(r.一般公共预算项目支出))


def stated_total_row(computed: dict, stated_model, path: tuple) -> Row:
    """A 总计 row: the computed sums, with the figures a published table states in their place (the checks compare
    the two: rule 表7总计, and 印出合计 for the printed row against its printed parts)."""
    stated = {k: v for k, v in (stated_model.model_dump() if stated_model else {}).items() if v is not None}
    return Row("total", "", "总计", {**computed, **stated}, dict(computed), stated, path=path if stated else ())


def carry_table(r: BudgetReport, unit_default: str) -> NS:
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


def sangong_table(r: BudgetReport) -> NS:
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


def fiscal_table(t1: NS, t2: Table, year: int) -> NS:
    """表4: 财政拨款收入 (表1) beside the 财政拨款 columns of 表2 per 类, by fund."""

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
    return NS(
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
