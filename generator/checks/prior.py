"""``disclose check INPUT --prior LAST_YEAR``: every 上年 figure of this report against last year's report.

Budget: 上年预算 against last year's budget (收入/支出预算说明, 一般公共预算拨款说明 and its 项, 机关运行经费,
三公经费).
Final accounts: 上年决算 against last year's final accounts (收入支出决算总体, 财政拨款收支, 一般公共预算支出 and its
类/项, 三公经费, 机关运行经费). Each difference is a finding located in this year's input that names both files.
"""

from __future__ import annotations

from decimal import Decimal

from .registry import Finding

ZERO = Decimal("0")


def _budget_prior(r) -> list[tuple[str, tuple, Decimal]]:
    """(label, YAML path, 上年 figure) of every prior-year figure typed in a budget input."""
    out: list[tuple[str, tuple, Decimal]] = []
    for key, note in r.收入预算说明:
        if note is not None:
            out.append((f"收入 {key}", ("收入预算说明", key, "上年"), note.上年))
    for key, note in r.支出预算说明:
        if note is not None:
            out.append((f"支出 {key}", ("支出预算说明", key, "上年"), note.上年))
    g = r.一般公共预算拨款说明
    for key in ("基本支出", "项目支出"):
        note = getattr(g, key)
        if note is not None:
            out.append((f"一般公共预算 {key}", ("一般公共预算拨款说明", key, "上年"), note.上年))
    for code, note in g.项.items():
        out.append((f"一般公共预算 项 {code}", ("一般公共预算拨款说明", "项", code, "上年"), note.上年))
    if r.机关运行经费 is not None:
        out.append(("机关运行经费", ("机关运行经费", "上年"), r.机关运行经费.上年))
    for key, item in r.三公经费:
        if item.上年 is not None:
            out.append((f"三公 {key}", ("三公经费", key, "上年"), item.上年))
    return out


def _budget_current(r, f) -> dict[str, Decimal]:
    """The same labels with last year's own (current-year) figure, as its report printed it."""
    out = {f"收入 {i.key}": i.amount for i in f.income_items}
    out.update({f"支出 {i.label}": i.amount for i in f.spend})
    out.update({f"一般公共预算 {i.label}": i.amount for i in f.general_split})
    for row in f.t5.body:
        if row.kind == "item":
            out[f"一般公共预算 项 {row.code}"] = row.v("合计")
    out["机关运行经费"] = f.basic.public
    out.update({f"三公 {n.key}": n.amount for n in f.sangong.items})
    return out


def _final_prior(r) -> list[tuple[str, tuple, Decimal]]:
    out: list[tuple[str, tuple, Decimal]] = [
        ("收入支出决算总计", ("收入支出决算总体", "上年"), r.收入支出决算总体.上年),
        ("财政拨款收入支出决算总计", ("财政拨款收支", "上年"), r.财政拨款收支.上年),
    ]
    g = r.一般公共预算支出
    out.append(("一般公共预算财政拨款支出", ("一般公共预算支出", "上年"), g.上年))
    for i, c in enumerate(g.类):
        if c.上年 is not None:
            out.append((f"一般公共预算 类 {c.编码}", ("一般公共预算支出", "类", i, "上年"), c.上年))
    for i, c in enumerate(g.项):
        if c.上年 is not None:
            out.append((f"一般公共预算 项 {c.编码}", ("一般公共预算支出", "项", i, "上年"), c.上年))
    s = r.三公经费
    for key in ("因公出国", "公务用车购置", "公务用车运行维护", "公务接待"):
        out.append((f"三公 {key}", ("三公经费", key, "上年"), getattr(s, key).上年))
    if r.机关运行经费 is not None:
        out.append(("机关运行经费", ("机关运行经费", "上年"), r.机关运行经费.上年))
    return out


def final_current(r, f) -> dict[str, Decimal]:
    t = r.收入支出决算总体
    income_total = t.收入总计 if t.收入总计 is not None else t.本年收入合计 + t.使用非财政拨款结余 + t.年初结转和结余
    fz = r.财政拨款收支
    out = {"收入支出决算总计": income_total, "财政拨款收入支出决算总计": fz.年初结转和结余 + fz.本年收入}
    g = r.一般公共预算支出
    out["一般公共预算财政拨款支出"] = (
        g.合计
        if g.合计 is not None
        else (sum((c.金额 for c in g.类), ZERO) if g.类 else sum((c.金额 for c in g.项), ZERO))
    )
    out.update({f"一般公共预算 类 {c.编码}": c.金额 for c in g.类})
    out.update({f"一般公共预算 项 {c.编码}": c.金额 for c in g.项})
    s = r.三公经费
    for key in ("因公出国", "公务用车购置", "公务用车运行维护", "公务接待"):
        out[f"三公 {key}"] = getattr(s, key).决算
    if r.机关运行经费 is not None:
        out["机关运行经费"] = r.机关运行经费.金额
    return out


def compare_prior(this, last, this_path, last_path) -> list[Finding]:
    """*this* and *last* are pipeline.Prepared of this year's and last year's input."""
    from ..errors import DiscloseError

    a, b = this.report.报告, last.report.报告
    if a.类型 != b.类型:
        raise DiscloseError(f"--prior 应为同类报告：{this_path} 是{a.类型}，{last_path} 是{b.类型}")
    out = []
    if b.年度 != a.年度 - 1:
        out.append(
            Finding(
                "上年数-年度",
                "警告",
                f"{last_path} 是 {b.年度} 年的{b.类型}，不是 {a.年度 - 1} 年的",
                this.source.locate(("报告", "年度")),
            )
        )
    if a.类型 == "预算":
        prior, current = _budget_prior(this.report), _budget_current(last.report, last.figures)
    else:
        prior, current = _final_prior(this.report), final_current(last.report, last.figures)
    for label, path, value in prior:
        have = current.get(label, ZERO)
        if value != have:
            out.append(
                Finding(
                    "上年数",
                    "错误",
                    f"上年数 {label} 为 {value}，上一年的报告 {last_path} 中为 {have}，相差 {value - have}",
                    this.source.locate(path),
                    "",
                    have,
                    value,
                )
            )
    return out
