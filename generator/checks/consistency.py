"""One fact, one source: a fact the report states in two places must be the same fact in both.

The generator builds most sentences from the tables (七 from 表7, 四/五 from 表4/表5, 六 from 表6, 十 from 表10,
机关运行经费 from 表6), so those agree by construction. These rules cover what is still typed twice or read from two
lists: the projects of 表7 against the texts of 七 and the 预算绩效 figures of the 绩效目标表, the 表8/表9 fund tables
against 表2, the 三公 vehicle money against the vehicles of 国有资产, 政府采购 parts against their total, a stated 表7
总计, and (决算) the 款 named in 六 against 表6.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace as NS

from ..compute.rounding import ZERO, q2
from ..load import Source
from ..model.budget import BudgetReport
from ..model.final import FinalReport
from .compare import compare, stated_total
from .registry import Finding, rule, wording

NOTE_LABELS = {
    "政策依据": "设立的政策依据",
    "承担单位": "项目承担单位",
    "资金分配": "资金分配情况",
    "执行时间": "资金执行时间",
}


@rule("七-说明", "错误", "表7 的每个项目在七中都有政策依据、承担单位、资金分配、执行时间（七按表7逐项列出）")
def project_texts(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    out = []
    for p in f.projects:
        if not p.missing:
            continue
        i = p.path[1]
        out.append(
            Finding(
                "七-说明",
                "错误",
                f"表7 项目“{p.name}”（{p.code}，{q2(p.amount)}万元，第{i + 1}个项目）在七中缺少"
                f"{'、'.join(NOTE_LABELS[k] for k in p.missing)}：七逐项列出表7的项目，"
                f"请在 一般公共预算项目支出[{i}].说明 中填写",
                source.locate(p.path + (("说明",) if report.一般公共预算项目支出[i].说明 else ())),
                "表7/七",
            )
        )
    return out


@rule("表7总计", "错误", "表7 填写的总计行（如公开表所印）与各项目行相加一致（0.01/非空加数的舍入差为警告）")
def project_grand_total(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    total = f.t7.total
    projects = [r for r in f.t7.rows if r.kind == "project"]
    out = []
    for col, stated in total.stated.items():
        out += stated_total(
            f"表7“总计”的“{col}”",
            total.computed.get(col, ZERO),
            stated,
            source.locate(("一般公共预算项目支出总计", col)),
            "表7",
            sum(1 for r in projects if r.v(col)),
        )
    return out


def _printed_sentence(f: NS) -> str:
    """The text of the 预算绩效 phrase this report prints ('' when the checks run without the wording)."""
    w = wording()
    if w is None:
        return ""
    name = "s12.绩效详" if w.settings.get("绩效说明样式") == "详" else "s12.绩效简"
    return w.say.book.get(name, "")


@rule("绩效-表7", "错误", "预算绩效情况中的财政拨款项目金额与表7项目支出一致（不少于表7总计）")
def performance_vs_projects(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    """The projects of 表7 are the projects of 十二(四): its 财政拨款 amount (Σ 绩效目标表 财政拨款 + projects whose
    tables are not published) covers every 表7 project, and at most adds projects funded from 表8/表9 or from
    money carried over (表11 财政拨款 项目支出: a carried-over project has a 绩效目标表 too)."""
    pf = f.perf
    t7_total = f.t7.total.v("合计")
    low = q2(t7_total)
    high = q2(t7_total + f.t8.total.v("项目支出") + f.t9.total.v("项目支出") + f.t11.total.v("财政项目支出"))
    amount = q2(pf.fiscal_amount)
    if low <= amount <= high:
        return []
    n = sum(1 for r in f.t7.rows if r.kind == "project")
    where = "少于" if amount < low else "多于"
    return [
        Finding(
            "绩效-表7",
            "错误",
            f"十二(四)预算绩效印出财政拨款项目{pf.fiscal_count}个、涉及预算金额{amount}万元"
            f"（{len(pf.targets)}张项目支出绩效目标表“财政拨款”之和 + 未公开项目金额），"
            f"{where}表7的{n}个项目共{low}万元"
            + (f"（加上政府性基金、国有资本经营和上年结转的项目支出最多{high}万元）" if amount > low else "")
            + "：同一批项目在两处不一致；请为表7每个项目填写项目支出绩效目标表，"
            "或在 预算绩效.未公开项目数/未公开项目金额 中填写不公开绩效目标表的项目",
            source.locate(("预算绩效",)),
            "表7/十二(四)",
            low,
            amount,
        )
    ]


@rule("绩效-个数", "错误", "预算绩效情况不印出“0个”项目却有涉及金额")
def performance_counts(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    pf = f.perf
    text = _printed_sentence(f)
    checks = [
        ("项目个数", "当年预算安排项目", pf.project_count, pf.fiscal_amount + pf.other_amount),
        ("财政拨款个数", "当年财政拨款项目", pf.fiscal_count, pf.fiscal_amount),
        ("非财政拨款个数", "当年非财政拨款项目", pf.other_count, pf.other_amount),
    ]
    out = []
    for placeholder, label, count, amount in checks:
        if text and "{" + placeholder + "}" not in text:
            continue  # this count is not printed by the region's sentence
        if count == 0 and q2(amount) != 0:
            out.append(
                Finding(
                    "绩效-个数",
                    "错误",
                    f"十二(四)预算绩效印出“{label}0个”，却印出涉及预算金额{q2(amount)}万元：个数按绩效目标表计"
                    "（非财政拨款项目指只有“其他资金”的项目），金额为各表相应资金之和；请核对绩效目标表的资金",
                    source.locate(("项目支出绩效目标表",)),
                    "十二(四)",
                    Decimal(0),
                    Decimal(count),
                )
            )
    return out


@rule("绩效-整体金额", "警告", "部门整体绩效目标表的年度预算等于表1收入总计或本年收入")
def dept_target_amount(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    pf = f.perf
    if pf.dept is None:
        return []
    amount = q2(pf.dept_total)
    if amount in (q2(f.t1.total), q2(f.t1.this_year)):
        return []
    return [
        Finding(
            "绩效-整体金额",
            "警告",
            f"部门整体绩效目标表年度预算{amount}万元（上级安排 + 本级安排 + 其他），"
            f"既不等于表1收入总计{q2(f.t1.total)}万元，也不等于本年收入{q2(f.t1.this_year)}万元",
            source.locate(("部门整体绩效目标表", "资金")),
            "部门整体绩效目标表/表1",
            q2(f.t1.total),
            amount,
        )
    ]


@rule("表间-基金表", "错误", "表8/表9 各科目的支出与表2 政府性基金、国有资本经营预算各列一致")
def fund_tables(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    out = []
    for no, t, cols, key in (
        ("表8", f.t8, ("政府性基金预算", "上级政府性基金转移支付"), "政府性基金支出"),
        ("表9", f.t9, ("国有资本经营预算", "上级国有资本经营转移支付"), "国有资本经营支出"),
    ):
        rule_id = f"表间-表2{no}"
        out += compare(
            rule_id,
            f"表2“{'+'.join(cols)}”总计与{no}合计",
            sum((f.t2.total.v(c) for c in cols), ZERO),
            t.total.v("合计"),
            source.locate((key,)),
            no,
        )
        codes = {r.code for r in t.body if r.kind == "item"} | {
            r.code for r in f.t2.body if r.kind == "item" and any(r.v(c) for c in cols)
        }
        for code in sorted(codes):
            row, r2 = t.find(code), f.t2.find(code)
            out += compare(
                rule_id,
                f"表2“{code}”{'+'.join(cols)}与{no}同一科目合计",
                sum((r2.v(c) for c in cols), ZERO) if r2 else ZERO,
                row.v("合计") if row else ZERO,
                source.locate(row.path if row else (r2.path if r2 else (key,))),
                no,
            )
    return out


@rule("车辆", "警告", "“三公”经费的公务用车购置费、运行费与国有资产的车辆、本年购置车辆一致")
def vehicles(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    items = {it.key: it.amount for it in f.sangong.items}
    buy, run = items["公务用车购置费"], items["公务用车运行费"]
    bought = report.国有资产.本年购置车辆
    out = []
    if buy and not bought:
        out.append(
            Finding(
                "车辆",
                "警告",
                f"十“三公”经费安排公务用车购置费{q2(buy)}万元，十二(三)却印出“未安排购置车辆经费”（本年购置车辆为0）",
                source.locate(("国有资产", "本年购置车辆")),
                "十/十二(三)",
            )
        )
    if bought and not buy:
        out.append(
            Finding(
                "车辆",
                "警告",
                f"十二(三)印出本年安排购置车辆{bought}辆，十“三公”经费的公务用车购置费却为0",
                source.locate(("国有资产", "本年购置车辆")),
                "十/十二(三)",
            )
        )
    if run and not f.assets.vehicle_count:
        out.append(
            Finding(
                "车辆",
                "警告",
                f"十“三公”经费安排公务用车运行费{q2(run)}万元，十二(三)却印出车辆0辆",
                source.locate(("国有资产",)),
                "十/十二(三)",
            )
        )
    return out


@rule("采购", "错误", "政府采购预算中面向中小企业的不大于合计，小微企业的不大于中小企业")
def procurement(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    pr = f.procurement
    out = []
    for part, label, whole, whole_label, key in (
        (pr.sme, "面向中小企业预留", pr.total, "政府采购预算合计", "中小企业"),
        (pr.small, "小微企业预留", pr.sme, "面向中小企业预留", "小微企业"),
    ):
        if part > whole:
            out.append(
                Finding(
                    "采购",
                    "错误",
                    f"十二(二){label}{q2(part)}万元大于{whole_label}{q2(whole)}万元",
                    source.locate(("政府采购", key)),
                    "十二(二)",
                    whole,
                    part,
                )
            )
    return out


@rule(
    "决算-六科目",
    "错误",
    "六列举的人员经费、公用经费科目与表6 有金额的款一致（不列空款，不漏有金额的款）",
    kind="final",
)
def basic_items(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    T = f.tables
    if T is None or T.t6 is None:
        return []
    out = []
    b = report.基本支出
    for typed, rows, label, key in (
        (b.人员经费科目, T.t6.personnel, "人员经费", "人员经费科目"),
        (b.公用经费科目, T.t6.public, "公用经费", "公用经费科目"),
    ):
        if not typed:
            continue  # 六 names the 款 of 表6 itself (one source)
        with_amount = {r.name: r for r in rows if r.kind == "item" and r.v("决算数")}
        blank = {r.name for r in rows if r.kind == "item" and not r.v("决算数")}
        for n, name in enumerate(typed):
            if name not in with_amount:
                why = "在表6中金额为空" if name in blank else "不是表6的款"
                out.append(
                    Finding(
                        "决算-六科目",
                        "错误",
                        f"六的{label}列举了“{name}”，它{why}",
                        source.locate(("基本支出", key, n)),
                        "六/表6",
                    )
                )
        missing = [f"“{name}”{q2(r.v('决算数'))}万元" for name, r in with_amount.items() if name not in typed]
        if missing:
            out.append(
                Finding(
                    "决算-六科目",
                    "错误",
                    f"表6的{'、'.join(missing)}有金额，六的{label}没有列举（或删去 {key}，由表6生成）",
                    source.locate(("基本支出", key)),
                    "六/表6",
                )
            )
    return out
