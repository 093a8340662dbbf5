"""The nine 决算 公开表 (final-format.md §2), from the ``决算表`` input and the narrative figures.

Typed tables (表2, 3, 5, 6, 7, 8) go through :func:`tables.hier_table` (类/款 subtotals, stated totals kept);
表1, 表4 and 表9 are assembled: 表1 from 表2/表3 and 收入支出决算总体, 表4 from 表5/表7/表8 and 财政拨款收支, 表9
from 三公经费. A table whose data is not given is None and is not printed; checks/final_rules.py compares every
table figure with the narrative one.
"""

from __future__ import annotations

from types import SimpleNamespace as NS

from .. import catalog
from ..model.final import FinalReport
from ..model.final_tables import INCOME_COLUMNS, PERSONNEL_CLASSES
from ..tables import Registry, builtin
from .budget_tables import Line
from .rounding import ZERO
from .tables import described, hier_table, subject_tables


def _class_values(year: int, table, col: str) -> dict:
    """{类 code: value of *col*} for the 类 rows of *table* (None → {})."""
    if table is None:
        return {}
    return {row.code: row.v(col) for row in table.body if len(row.code) == 3}


def class_lines(d, year: int) -> list[tuple[str, str]]:
    """The 类 (code, name) a 表1/表4 prints: its description's 类目录 for *year*, else the catalogue's list."""
    codes = d.class_codes(year) if d is not None else None
    if codes is None:
        return catalog.class_list(year)
    return [(c, catalog.function_name(c, year) or "") for c in codes]


def _form_rows(rows: list, listed: list[str]) -> list:
    """The input rows plus a zero row for every 款 of the form's list (行目录) the input leaves out."""
    typed = {r.科目 for r in rows}
    extra = [NS(科目=c, 名称=None, 决算数=ZERO) for c in listed if len(c) == 5 and c not in typed]
    return list(rows) + extra


def _basic(rows, year: int, d=None):
    if rows is None:
        return None
    en = lambda code, given=None: catalog.economic_name(code, year, given)  # noqa: E731
    listed = list(d.行目录) if d is not None else []
    lines = _form_rows(rows.行, listed) if listed else rows.行
    t = hier_table(
        lines, ("决算表", "基本支出决算表", "行"), ["决算数"], None, en, levels=(3, 5), keep_zero=bool(listed)
    )
    personnel = [r for r in t.body if r.code[:3] in PERSONNEL_CLASSES]
    public = [r for r in t.body if r.code[:3] not in PERSONNEL_CLASSES]

    def total(rows_):
        return sum((r.v("决算数") for r in rows_ if len(r.code) == 3), ZERO)

    return NS(
        table=t,
        personnel=personnel,
        public=public,
        personnel_total=total(personnel),
        public_total=total(public),
        total=t.total.v("决算数"),
    )


def compute_tables(r: FinalReport, f: NS, registry: Registry | None = None) -> NS | None:
    """*f* is the narrative part already computed (totals, fiscal, sangong); *registry* the region's table
    descriptions (default: the built-in ones)."""
    d = r.决算表
    if d is None:
        return None
    year = r.报告.年度
    registry = registry or builtin("决算")
    tables = subject_tables(registry, r, year)
    t2, t3, t5, t7, t8 = (tables[k] for k in ("t2", "t3", "t5", "t7", "t8"))
    t6 = _basic(d.基本支出决算表, year, registry.get("ft6"))

    # 财政拨款 by budget: 政府性基金 and 国有资本经营 from their tables, 一般公共预算 the rest of the 财政拨款
    fz = r.财政拨款收支
    fund_in, soe_in = t7.total.v("本年收入"), t8.total.v("本年收入")
    fiscal_in = t2.total.v("财政拨款收入") if t2 is not None else fz.本年收入
    general_in = fiscal_in - fund_in - soe_in
    carry_in = NS(fund=t7.total.v("年初结转和结余"), soe=t8.total.v("年初结转和结余"), total=fz.年初结转和结余)
    carry_in.general = carry_in.total - carry_in.fund - carry_in.soe
    carry_out = NS(fund=t7.total.v("年末结转和结余"), soe=t8.total.v("年末结转和结余"), total=fz.年末结转和结余)
    carry_out.general = carry_out.total - carry_out.fund - carry_out.soe

    t1 = None
    if t3 is not None:
        tot = f.totals
        src = tot.src
        income = t2.total if t2 is not None else None

        def inc(kind):
            return income.v(kind) if income is not None else r.收入决算.get(kind, ZERO)

        labels = ["四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入"]
        lines = [
            Line("一、一般公共预算财政拨款收入", {"金额": general_in}),
            Line("二、政府性基金预算财政拨款收入", {"金额": fund_in}),
            Line("三、国有资本经营预算财政拨款收入", {"金额": soe_in}),
        ]
        lines += [Line(label, {"金额": inc(kind)}) for label, kind in zip(labels, INCOME_COLUMNS[1:], strict=True)]
        year_in = income.v("合计") if income is not None else src.本年收入合计
        by_class = _class_values(year, t3, "合计")
        # every 类 of the year's list, numbered by the template (一、一般公共服务支出 …)
        classes = [
            Line(name, {"金额": by_class.get(code, ZERO)}) for code, name in class_lines(registry.get("ft1"), year)
        ]
        footer = [
            (
                Line("本年收入合计", {"金额": year_in}, strong=True),
                Line("本年支出合计", {"金额": t3.total.v("合计")}, strong=True),
            ),
            (
                Line("使用非财政拨款结余（含专用结余）", {"金额": src.使用非财政拨款结余}),
                Line("结余分配", {"金额": src.结余分配}),
            ),
            (
                Line("年初结转和结余", {"金额": src.年初结转和结余}),
                Line("年末结转和结余", {"金额": src.年末结转和结余}),
            ),
            (
                Line("总计", {"金额": year_in + src.使用非财政拨款结余 + src.年初结转和结余}, strong=True),
                Line("总计", {"金额": t3.total.v("合计") + src.结余分配 + src.年末结转和结余}, strong=True),
            ),
        ]
        t1 = NS(income=lines, classes=classes, footer=footer)

    t4 = None
    if t5 is not None:
        g, fu, so = (_class_values(year, t, "合计") for t in (t5, t7, t8))
        classes = []
        for code, name in class_lines(registry.get("ft4"), year):
            vals = {
                "一般公共预算": g.get(code, ZERO),
                "政府性基金": fu.get(code, ZERO),
                "国有资本经营": so.get(code, ZERO),
            }
            vals["合计"] = vals["一般公共预算"] + vals["政府性基金"] + vals["国有资本经营"]
            classes.append(Line(name, vals))
        out = {"一般公共预算": t5.total.v("合计"), "政府性基金": t7.total.v("合计"), "国有资本经营": t8.total.v("合计")}
        out["合计"] = sum(out.values(), ZERO)
        end = {
            "一般公共预算": carry_out.general,
            "政府性基金": carry_out.fund,
            "国有资本经营": carry_out.soe,
            "合计": carry_out.total,
        }
        income = [
            Line("一、一般公共预算财政拨款", {"金额": general_in}),
            Line("二、政府性基金预算财政拨款", {"金额": fund_in}),
            Line("三、国有资本经营预算财政拨款", {"金额": soe_in}),
        ]
        in_total = general_in + fund_in + soe_in
        carry = [
            Line("一般公共预算财政拨款", {"金额": carry_in.general}, 1),
            Line("政府性基金预算财政拨款", {"金额": carry_in.fund}, 1),
            Line("国有资本经营预算财政拨款", {"金额": carry_in.soe}, 1),
        ]
        t4 = NS(
            income=income,
            classes=classes,
            in_total=in_total,
            out=out,
            carry_in=carry_in,
            carry=carry,
            end=end,
            total_in=in_total + carry_in.total,
            total_out={k: out[k] + end[k] for k in out},
        )

    s = f.sangong
    items = [s.abroad, s.buy, s.run, s.reception]
    budget = [s.budget, s.abroad.budget, s.buy.budget + s.run.budget, s.buy.budget, s.run.budget, s.reception.budget]
    actual = [s.total, s.abroad.amount, s.buy.amount + s.run.amount, s.buy.amount, s.run.amount, s.reception.amount]
    keys = ["合计", "出国", "车辆小计", "购置", "运行", "接待"]
    t9 = NS(
        columns=["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行费", "公务接待费"],
        budget=budget,
        actual=actual,
        # by the column keys of its description (预算合计 … 决算接待), so a region may order and group them
        values={
            **{"预算" + k: v for k, v in zip(keys, budget, strict=True)},
            **{"决算" + k: v for k, v in zip(keys, actual, strict=True)},
        },
        empty=not any(budget + actual),
        items=items,
    )

    return NS(
        **tables,
        subject=tables,
        described=described(registry, tables, getattr(f, "order", None) or [d.id for d in registry]),
        t1=t1,
        t4=t4,
        t6=t6,
        t9=t9,
        fiscal_split=NS(general=general_in, fund=fund_in, soe=soe_in, carry_in=carry_in, carry_out=carry_out),
    )
