"""Figures of a sentence checked against each other, in the forms every report uses whatever its wording (a
sentence our phrases do not explain): shares (X万元，占 p%), completion of a budget (预算为 A 万元，支出决算为 B
万元，完成…预算的 p%) and changes (增加 X 万元，增长 p%)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..compute.rounding import HUNDRED, q2
from .document import compact

AMOUNT = r"([\d,]+(?:\.\d+)?)"
_BASE = re.compile(AMOUNT + r"万元[，,：:]?(?:其中|主要用于|包括)")
_SHARE = re.compile(r"([^，；。：、]{1,30}?)" + AMOUNT + r"万元，占(?:比)?" + r"(\d+(?:\.\d+)?)%")
_BUDGET = re.compile(r"(年初预算|全年预算)(?:数)?为?" + AMOUNT + "万元")
_ACTUAL = re.compile(r"支出决算(?:数)?为?" + AMOUNT + "万元")
_DONE = re.compile(r"完成(年初预算|全年预算)(?:数)?的(\d+(?:\.\d+)?)%")
_CHANGE = re.compile(r"(增加|减少)" + AMOUNT + r"万元，(增长|下降)(\d+(?:\.\d+)?)%")
_ANY = re.compile(AMOUNT + "万元")


def _d(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def forms(text: str, out=None) -> list[tuple[str, str, str]]:
    """(rule, severity, message) for every figure of *text* its own other figures contradict."""
    text = compact(text)
    return _shares(text) + _completion(text) + _changes(text)


def _shares(text: str) -> list[tuple[str, str, str]]:
    base = _BASE.search(text)
    if base is None:
        return []
    total = _d(base.group(1))
    found = []
    items = list(_SHARE.finditer(text, base.end()))
    printed_sum = sum((_d(m.group(3)) for m in items), Decimal("0"))
    for m in items:
        if not total:
            continue
        expected = q2(_d(m.group(2)) / total * HUNDRED)
        printed = _d(m.group(3))
        if printed == expected:
            continue
        label = m.group(1).strip()
        diff = abs(printed - expected)
        if diff <= Decimal("0.01") and printed_sum == HUNDRED:
            found.append(
                (
                    "文字-占比",
                    "警告",
                    f"“{label}”占比印为 {printed}%，{m.group(2)}÷{base.group(1)} 为 {expected}%（相差 0.01，"
                    f"各项占比被凑成合计 100%）",
                )
            )
        else:
            found.append(
                ("文字-占比", "错误", f"“{label}”占比印为 {printed}%，{m.group(2)}÷{base.group(1)} 为 {expected}%")
            )
    return found


def _completion(text: str) -> list[tuple[str, str, str]]:
    budgets = {m.group(1): m.group(2) for m in _BUDGET.finditer(text)}
    actual = _ACTUAL.search(text)
    found = []
    for m in _DONE.finditer(text):
        kind, printed = m.group(1), _d(m.group(2))
        if actual is None or kind not in budgets:
            continue
        budget = _d(budgets[kind])
        if not budget:
            others = [f"{k}{v}万元" for k, v in budgets.items() if k != kind and _d(v)]
            hint = f"（{printed}% 是支出决算对{others[0]}的完成率）" if others and _ok(actual, others, printed) else ""
            found.append(
                ("文字-完成率", "错误", f"印为“完成{kind}的{printed}%”，而{kind}为 {budgets[kind]} 万元{hint}")
            )
            continue
        expected = q2(_d(actual.group(1)) / budget * HUNDRED)
        if expected != printed:
            found.append(
                (
                    "文字-完成率",
                    "错误",
                    f"完成{kind}的比例印为 {printed}%，"
                    f"支出决算 {actual.group(1)} ÷ {kind} {budgets[kind]} 为 {expected}%",
                )
            )
    return found


def _ok(actual, others: list[str], printed: Decimal) -> bool:
    amount = _d(re.search(AMOUNT, others[0]).group(1))  # type: ignore[union-attr]
    return bool(amount) and q2(_d(actual.group(1)) / amount * HUNDRED) == printed


def _changes(text: str) -> list[tuple[str, str, str]]:
    """A change against last year, when exactly one amount before it can be the figure it changes."""
    found = []
    changes = list(_CHANGE.finditer(text))
    inside = {a.start(2) for a in changes}
    for m in changes:
        before = [a for a in _ANY.finditer(text, 0, m.start()) if a.start(1) not in inside]
        if len(before) != 1:
            continue
        current = _d(before[-1].group(1))
        delta = _d(m.group(2)) * (1 if m.group(1) == "增加" else -1)
        prior = current - delta
        if prior < 0:
            continue
        expected = q2(abs(delta) / prior * HUNDRED) if prior else (HUNDRED if current else Decimal("0"))
        printed = _d(m.group(4))
        if printed != expected and abs(printed - expected) > Decimal("0.01"):
            found.append(
                (
                    "文字-增幅",
                    "错误",
                    f"增幅印为 {printed}%，按 {before[-1].group(1)} 万元与变动 {m.group(2)} 万元为 {expected}%",
                )
            )
    return found
