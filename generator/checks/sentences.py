"""Sentences against the figures they describe: the typed texts (原因, 用途, 说明 …) read against the words the report
prints around them and against the computed figures.

The generator decides the direction of every change (``Change.direction``: 增加 / 减少 / 持平) and the phrases
choose their words by it, so the printed direction words agree with the figures by construction. What a user
types is checked here:

* ``文字-重复``: a typed text that repeats the words the phrase prints around it ("主要用于" typed after the
  skeleton's hint prints "主要用于主要用于…");
* ``原因-方向``: a reason that speaks only of a decrease for a figure that increased (or the reverse), or that
  explains an increase or decrease of a figure that is 持平;
* ``原因-支出性质``: a 五(三) reason calling a 项 基本支出 (项目支出) while 表5 books it only as 项目支出 (基本支出);
* ``文字-金额``: an amount written in a typed text that matches no figure of the report (after a totalling word:
  共计, 合计, 总计 …) or matches one but is written otherwise than the report prints it (2281.18 for 2,281.18);
* ``绩效-见下表``: the 预算绩效 sentence says 见下表 and no 绩效目标表 follows;
* ``文字-占位``: a text still holding a template placeholder (XX, ××, 某某, ……, （单位名称））.
Each finding is a warning located at the typed text. The final (决算) variants carry the prefix ``决算-``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace as NS
from typing import Any

from pydantic import BaseModel

from ..compute.rounding import q2
from ..load import Source
from ..model.budget import BudgetReport
from ..model.final import FinalReport
from .draft_rules import DRAFT
from .registry import Finding, rule, wording

# a typed text: (YAML path, the text, phrase that prints it, placeholder it fills)
Typed = tuple[tuple, str, str, str]

PUNCT = "，。；：、,.;:！？!?（）()“”\"' \u3000"
UP = ("增加", "增长", "新增", "上涨", "提高", "增多", "加大", "上升", "追加")
DOWN = ("减少", "下降", "压减", "缩减", "降低", "减小", "削减", "压缩", "核减", "减", "下调")
FLAT = ("持平", "未发生变化", "无变化", "没有变化", "不变", "相同", "一致", "均未安排", "均无")
TOTAL_WORDS = ("共计", "合计", "总计", "总额", "累计", "共")
AMOUNT = re.compile(r"(\d[\d,，]*(?:\.\d+)?)\s*万元")


def _words(f: NS):
    return wording()


# ---------- the words around a placeholder ----------


def _literal_around(text: str, placeholder: str) -> tuple[str, str]:
    """The literal text a phrase prints right before and right after ``{placeholder}`` (Jinja tags and other
    placeholders cut the literal)."""
    mark = "{" + placeholder + "}"
    i = text.find(mark)
    if i < 0:
        return "", ""
    before = re.split(r"\{[^{}]*\}|\{%.*?%\}|\}", text[:i])[-1]
    after = re.split(r"\{[^{}]*\}|\{%.*?%\}|\{", text[i + len(mark) :])[0]
    return before, after


def _context(book: dict, phrase: str, placeholder: str) -> tuple[str, str]:
    text = book.get(phrase, "")
    if "{" + placeholder + "}" not in text and placeholder == "原因" and "{原因句}" in text:
        text = book.get("通用.原因句", "")  # 决算: the reason clause is its own phrase
    return _literal_around(text, placeholder)


def _repeat(typed: str, before: str, after: str) -> str:
    """The words the typed text repeats: the end of *before* it starts with, or the start of *after* it ends with.
    Printed side by side ("主要用于主要用于") two characters are a repetition; across the phrase's punctuation
    ("主要原因是：主要原因是") it takes four ("政策依据：依据《…》" reads as Chinese)."""
    t = typed.strip()
    b = before.rstrip()
    for k in range(len(b), 1, -1):
        piece = b[-k:].strip(PUNCT)
        apart = b[-k:] != b[-k:].rstrip(PUNCT)
        if len(piece) >= (4 if apart else 2) and t.startswith(piece):
            return piece
    a = after.strip()
    for k in range(len(a), 1, -1):
        piece = a[:k].strip(PUNCT)
        apart = a[:k] != a[:k].lstrip(PUNCT) or t != t.rstrip(PUNCT)
        if len(piece) >= (4 if apart else 2) and t.rstrip(PUNCT).endswith(piece):
            return piece
    return ""


def repeated_words(rule_id: str, typed: Iterable[Typed], f: NS, source: Source) -> list[Finding]:
    w = _words(f)
    if w is None:
        return []
    out = []
    for path, text, phrase, placeholder in typed:
        if not text or str(text).startswith(DRAFT):
            continue  # a draft (rollover) is named by rule 草稿文字 until it is rewritten
        before, after = _context(w.say.book, phrase, placeholder)
        piece = _repeat(text, before, after)
        if piece:
            out.append(
                Finding(
                    rule_id,
                    "警告",
                    f"填写的文字“{_short(text)}”与报告在它{'前' if piece in before else '后'}"
                    f"印出的“{piece}”重复（印成“…{piece}…{piece}…”）：请删去文字中的“{piece}”",
                    source.locate(path),
                    phrase.split(".")[0],
                )
            )
    return out


def _short(text: str, n: int = 24) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n] + "…"


# ---------- reasons against directions ----------


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _down(text: str) -> bool:
    # "减" alone is a decrease unless it is part of an increase word or of 减排/减免 (names, not directions)
    cleaned = re.sub(r"减排|减免|减负|减税|减碳|减量化|增减", "", text)
    return _has(cleaned, DOWN)


def _up(text: str) -> bool:
    return _has(re.sub(r"增减", "", text), UP)


def direction_findings(
    rule_id: str, items: Iterable[tuple[str, Any, str, tuple]], source: Source, table: str = ""
) -> list[Finding]:
    """(what, Change, reason, YAML path) → a warning when the reason's direction words contradict the change."""
    out = []
    for what, ch, reason, path in items:
        if ch is None or not reason or str(reason).startswith(DRAFT):
            continue
        d = ch.direction
        text = str(reason)
        up, down, flat = _up(text), _down(text), _has(text, FLAT)
        wrong = ""
        if d == "持平" and (up or down) and not flat:
            wrong = "印出“持平”（变动0.00万元），原因却说明" + (
                "增加" if up and not down else "减少" if down and not up else "增减"
            )
        elif d == "增加" and down and not up and not flat:
            wrong = f"比上年增加{q2(ch.amount)}万元，原因却只说明减少"
        elif d == "减少" and up and not down and not flat:
            wrong = f"比上年减少{q2(ch.amount)}万元，原因却只说明增加"
        if wrong:
            out.append(
                Finding(
                    rule_id,
                    "警告",
                    f"{what}{wrong}：“{_short(text, 40)}”；请核对原因与上年数",
                    source.locate(path),
                    table,
                    ch.direction,
                    text,
                )
            )
    return out


# ---------- amounts inside typed texts ----------


# figures that are no amounts of money (rates, shares, scores, weights, counts, areas): not what 万元 refers to
NOT_MONEY = {"rate", "share", "weight", "weights", "dept_weight", "grid", "dept_grid", "score", "fund_score", "diff"}
NOT_MONEY |= {"done", "weight_total", "fund_weight", "grades", "rate_computed", "item", "wording", "checks"}
NOT_MONEY_FIELDS = ("权重", "分值", "得分", "完成率", "执行率", "指标", "总分", "等级", "人次", "批次", "团组", "面积")


def _amounts(obj, out: set, depth: int = 0, seen: set | None = None) -> None:
    """Every amount of money reachable from the figures (rounded to the cent): what the report can print."""
    seen = set() if seen is None else seen
    if depth > 12 or id(obj) in seen:
        return
    if isinstance(obj, Decimal):
        out.add(q2(obj))
        return
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return
    seen.add(id(obj))
    if isinstance(obj, dict):
        children: Iterable = [v for k, v in obj.items() if k not in NOT_MONEY]
    elif isinstance(obj, (list, tuple, set)):
        children = obj
    elif isinstance(obj, BaseModel):
        children = [getattr(obj, k) for k in type(obj).model_fields if not any(w in k for w in NOT_MONEY_FIELDS)]
    elif isinstance(obj, NS):
        children = [v for k, v in vars(obj).items() if k not in NOT_MONEY]
    elif dataclasses.is_dataclass(obj):
        children = [getattr(obj, fl.name) for fl in dataclasses.fields(obj) if fl.name not in NOT_MONEY]
    else:
        return
    for child in children:
        _amounts(child, out, depth + 1, seen)


def _money(value: Decimal) -> str:
    return f"{q2(value):,.2f}"


def amount_findings(rule_id: str, typed: Iterable[Typed], f: NS, source: Source) -> list[Finding]:
    known: set[Decimal] = set()
    _amounts(f, known)
    out = []
    for path, text, phrase, _ in typed:
        if not text or str(text).startswith(DRAFT):
            continue
        unknown, other = [], []
        for m in AMOUNT.finditer(str(text)):
            written = m.group(1).replace("，", ",")
            try:
                value = Decimal(written.replace(",", ""))
            except InvalidOperation:
                continue
            lead = str(text)[max(0, m.start() - 4) : m.start()]
            if q2(value) in known:
                if written != _money(value):
                    other.append(f"{written}万元（报告印作{_money(value)}万元）")
            elif any(lead.endswith(w) or (w + "金额") in lead for w in TOTAL_WORDS):
                unknown.append(f"{lead.lstrip(PUNCT)}{written}万元")
        if unknown:
            out.append(
                Finding(
                    rule_id,
                    "警告",
                    f"填写的文字“{_short(text)}”中的{'、'.join(unknown)}不是报告中的任何数字：请核对它与表中的合计",
                    source.locate(path),
                    phrase.split(".")[0],
                )
            )
        if other:
            out.append(
                Finding(
                    rule_id + "-格式",
                    "警告",
                    f"填写的文字“{_short(text)}”中的{'、'.join(other)}写法与报告不同：请按报告的格式"
                    "（千分位、两位小数）书写",
                    source.locate(path),
                    phrase.split(".")[0],
                )
            )
    return out


# ---------- budget ----------


def budget_texts(r: BudgetReport) -> Iterator[Typed]:
    """Every typed text of a budget report with the phrase and placeholder that print it."""
    for key in type(r.收入预算说明).model_fields:
        c = getattr(r.收入预算说明, key)
        if c is not None:
            yield ("收入预算说明", key, "原因"), c.原因, "s2.项", "原因"
    for key in ("基本支出", "项目支出"):
        c = getattr(r.支出预算说明, key)
        if c is not None:
            yield ("支出预算说明", key, "原因"), c.原因, "s3.项", "原因"
        c = getattr(r.一般公共预算拨款说明, key)
        if c is not None:
            yield ("一般公共预算拨款说明", key, "原因"), c.原因, "s5.规模", "原因"
    for code, c in r.一般公共预算拨款说明.项.items():
        yield ("一般公共预算拨款说明", "项", code, "原因"), c.原因, "s5.项", "原因"
    for code, text in r.财政拨款支出用途.items():
        yield ("财政拨款支出用途", code), text, "s4.类", "用途"
    for key in type(r.三公经费).model_fields:
        yield ("三公经费", key, "原因"), getattr(r.三公经费, key).原因, "s10.变动项", "原因"
    if r.机关运行经费 is not None:
        yield ("机关运行经费", "原因"), r.机关运行经费.原因, "s12.运行经费", "原因"
    for i, p in enumerate(r.一般公共预算项目支出):
        if p.说明 is not None:
            for key in ("政策依据", "承担单位", "资金分配", "执行时间"):
                yield ("一般公共预算项目支出", i, "说明", key), getattr(p.说明, key), f"s7.{key}", "内容"
    for i, c in enumerate(r.上年结转结余):
        if c.说明 is not None:
            yield ("上年结转结余", i, "说明", "用途"), c.说明.用途, "s11.项", "用途"
    for i, text in enumerate(r.其他需说明事项):
        yield ("其他需说明事项", i), text, "s12.其他项", "内容"


def _budget_changes(f: NS) -> Iterator[tuple[str, Any, str, tuple]]:
    for it in f.income_items:
        if not it.absent:
            yield f"二 收入预算“{it.label}”", it.change, it.reason, ("收入预算说明", it.key, "原因")
    for it in f.spend:
        yield f"三 支出预算“{it.label}”", it.change, it.reason, ("支出预算说明", it.label, "原因")
    for it in f.general_split:
        yield f"五(一)“{it.label}”", it.change, it.reason, ("一般公共预算拨款说明", it.label, "原因")
    for it in f.general_items:
        yield f"五(三)“{it.name}（项）”", it.change, it.reason, it.path + ("原因",)
    for it in f.sangong.items:
        yield f"十“{it.label}”", it.change, it.reason, ("三公经费", it.key, "原因")
    if f.running.change is not None:
        yield "十二(一)机关运行经费", f.running.change, f.running.reason, ("机关运行经费", "原因")


@rule("文字-重复", "警告", "填写的文字不重复报告在它前后印出的词（如“主要用于主要用于”）")
def budget_repeats(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    return repeated_words("文字-重复", budget_texts(report), f, source)


@rule("原因-方向", "警告", "增减原因与计算的增减方向一致（持平不附增减原因，增加不只说明减少）")
def budget_directions(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    return direction_findings("原因-方向", _budget_changes(f), source)


def nature_findings(rule_id: str, items: Iterable[tuple[str, str, Any, tuple]], source: Source) -> list[Finding]:
    """(what, reason, 表5 row, YAML path) → a warning when the reason names the other kind of spending."""
    out = []
    for what, reason, row, path in items:
        if row is None or not reason or str(reason).startswith(DRAFT):
            continue
        basic, project = row.v("基本支出"), row.v("项目支出")
        for word, other, mine, theirs in (
            ("基本支出", "项目支出", basic, project),
            ("项目支出", "基本支出", project, basic),
        ):
            if word in reason and other not in reason and not mine and theirs:
                out.append(
                    Finding(
                        rule_id,
                        "警告",
                        f"{what}的原因说的是“{word}”，表5 却只在“{other}”列有{q2(theirs)}万元：“{_short(reason, 40)}”",
                        source.locate(path),
                        "五(三)/表5",
                    )
                )
    return out


@rule("原因-支出性质", "警告", "五(三)各项的原因与表5 的基本支出、项目支出列一致")
def budget_nature(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    return nature_findings(
        "原因-支出性质",
        ((f"五(三)“{it.name}（项）”", it.reason, f.t5.find(it.code), it.path + ("原因",)) for it in f.general_items),
        source,
    )


@rule("文字-金额", "警告", "填写的文字中的金额是报告中的数字，并按报告的格式书写（千分位、两位小数）")
def budget_amounts(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    return amount_findings("文字-金额", budget_texts(report), f, source)


@rule("绩效-见下表", "警告", "预算绩效情况说“见下表”时后面有绩效目标表")
def see_below(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    w = _words(f)
    pf = f.perf
    if w is None or pf.dept is not None or pf.targets:
        return []
    name = "s12.绩效详" if w.settings.get("绩效说明样式") == "详" else "s12.绩效简"
    values = dict(
        整体个数=0,
        整体金额="0.00",
        项目个数=pf.project_count,
        财政拨款个数=pf.fiscal_count,
        财政拨款金额=str(pf.fiscal_amount),
        非财政拨款个数=pf.other_count,
        非财政拨款金额=str(pf.other_amount),
        有表=False,
    )
    try:
        text = str(w.say(name, **values))
    except Exception:  # noqa: BLE001 - a region phrase with other placeholders: nothing to check here
        return []
    if "见下表" not in text:
        return []
    return [
        Finding(
            "绩效-见下表",
            "警告",
            f"十二(四)预算绩效的句子（措辞“{name}”）印出“见下表”，但报告没有绩效目标表：请填写绩效目标表，"
            "或在措辞中用 {% if 有表 %}…{% endif %} 只在有表时印出“见下表”",
            source.locate(("项目支出绩效目标表",)),
            "十二(四)",
        )
    ]


# ---------- final (决算) ----------


def final_texts(r: FinalReport) -> Iterator[Typed]:
    yield ("收入支出决算总体", "原因"), r.收入支出决算总体.原因, "s1.变动", "原因"
    yield ("财政拨款收支", "原因"), r.财政拨款收支.原因, "s4.变动", "原因"
    g = r.一般公共预算支出
    yield ("一般公共预算支出", "原因"), g.原因, "s5.总体", "原因"
    for n, c in enumerate(g.类):
        yield ("一般公共预算支出", "类", n, "原因"), c.原因, "s5.类明细", "原因"
    for n, i in enumerate(g.项):
        yield ("一般公共预算支出", "项", n, "原因"), i.原因, "s5.项", "原因"
    s = r.三公经费
    yield ("三公经费", "原因"), s.原因, "s9.总述", "原因"
    for key in ("因公出国", "公务用车购置", "公务用车运行维护", "公务接待"):
        yield ("三公经费", key, "原因"), getattr(s, key).原因, "s9.项", "原因"
    if r.机关运行经费 is not None:
        yield ("机关运行经费", "原因"), r.机关运行经费.原因, "s10.运行经费", "原因"
    for k, text in enumerate(r.其他需说明事项):
        yield ("其他需说明事项", k), text, "s12.项", "内容"


def _final_changes(r: FinalReport, f: NS) -> Iterator[tuple[str, Any, str, tuple]]:
    yield "一 收入支出总计", f.totals.change, f.totals.reason, ("收入支出决算总体", "原因")
    yield "四 财政拨款收入支出总计", f.fiscal.change, f.fiscal.reason, ("财政拨款收支", "原因")
    g = f.general
    yield "五 一般公共预算财政拨款支出", g.change, g.reason, ("一般公共预算支出", "原因")
    for c in g.classes:
        yield f"五“{c.name}”", c.change, c.reason, c.path + ("原因",) if len(c.path) == 3 else c.path
    for i in g.items:
        yield f"五(三)“{i.name}”", i.change, i.reason, i.path + ("原因",)
    sg = f.sangong
    yield "九“三公”经费", sg.change, sg.reason, ("三公经费", "原因")
    for it in sg.four:
        yield f"九“{it.label}”", it.change, it.reason, it.path + ("原因",)
    if f.running is not None:
        yield "十 机关运行经费", f.running.change, f.running.reason, ("机关运行经费", "原因")


@rule("决算-文字-重复", "警告", "填写的文字不重复报告在它前后印出的词（如“主要原因是主要原因是”）", kind="final")
def final_repeats(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    return repeated_words("决算-文字-重复", final_texts(report), f, source)


@rule("决算-原因-方向", "警告", "增减原因与计算的增减方向一致（持平不附增减原因）", kind="final")
def final_directions(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    return direction_findings("决算-原因-方向", _final_changes(report, f), source)


@rule("决算-原因-支出性质", "警告", "五(三)各项的原因与表5 的基本支出、项目支出列一致", kind="final")
def final_nature(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    T = f.tables
    if T is None or T.t5 is None:
        return []
    return nature_findings(
        "决算-原因-支出性质",
        ((f"五(三)“{i.name}”", i.reason, T.t5.find(i.code), i.path + ("原因",)) for i in f.general.items),
        source,
    )


@rule("决算-文字-金额", "警告", "填写的文字中的金额是报告中的数字，并按报告的格式书写", kind="final")
def final_amounts(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    return amount_findings("决算-文字-金额", final_texts(report), f, source)


# ---------- placeholder words ----------

PLACEHOLDERS = ("XX", "xx", "××", "某某", "○○", "……", "（单位名称）")


def placeholder_findings(rule_id: str, typed: Iterable[tuple[tuple, str]], source: Source) -> list[Finding]:
    """(YAML path, text) → a warning for each text still holding a template placeholder (XX, ××, 某某, ……)."""
    out = []
    for path, text in typed:
        found = [p for p in PLACEHOLDERS if p in str(text or "")]
        if found and not str(text).startswith(DRAFT):
            out.append(
                Finding(
                    rule_id,
                    "警告",
                    f"文字“{_short(text)}”含模板占位符“{'”“'.join(found)}”：请改为实际内容",
                    source.locate(path),
                    "文字",
                )
            )
    return out


def _common_texts(r: BudgetReport | FinalReport) -> Iterator[tuple[tuple, str]]:
    yield ("报告", "单位名称"), r.报告.单位名称
    yield ("概况", "主要职能"), r.概况.主要职能


@rule("文字-占位", "警告", "文字中没有残留的模板占位符（XX、××、某某、……、（单位名称））")
def budget_placeholders(report: BudgetReport, f: NS, source: Source) -> list[Finding]:
    texts = [(path, text) for path, text, _, _ in budget_texts(report)]
    texts += [(("概况", "主要职能引言"), report.概况.主要职能引言)]
    return placeholder_findings("文字-占位", [*_common_texts(report), *texts], source)


@rule("决算-文字-占位", "警告", "文字中没有残留的模板占位符（XX、××、某某、……、（单位名称））", kind="final")
def final_placeholders(report: FinalReport, f: NS, source: Source) -> list[Finding]:
    texts = [(path, text) for path, text, _, _ in final_texts(report)]
    texts += [(("概况", "机构设置", "说明"), report.概况.机构设置.说明)]
    return placeholder_findings("决算-文字-占位", [*_common_texts(report), *texts], source)
