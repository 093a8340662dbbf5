"""Formatting filters. They format; they never compute a figure."""

from __future__ import annotations

import re
from decimal import Decimal

from markupsafe import Markup, escape

from ..compute.rounding import q2
from ..numtext import NumText

DIGITS = "零一二三四五六七八九"


def money(value) -> str:
    """1744.68 → "1,744.68" (always two decimals); the text keeps its value (a phrase may compare it, and the
    region's 金额格式 is applied where a phrase prints it: generator/numtext.py)."""
    v = q2(Decimal(value))
    return NumText(f"{v:,.2f}", v)


def cell(value) -> str:
    """Table cell: zero is an empty cell."""
    if value is None or Decimal(value) == 0:
        return ""
    return money(value)


def pct(value) -> str:
    v = q2(Decimal(value))
    return NumText(f"{v:.2f}", v, "比率")


def number(value) -> str:
    """Counts: 1010 → "1,010"."""
    return NumText(f"{int(value):,}", int(value), "数量")


def cn(n: int, ten_prefix: bool = False) -> str:
    """1 → 一, 10 → 十 (or 一十 when *ten_prefix*), 21 → 二十一. Up to 99."""
    n = int(n)
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    head = ("一十" if ten_prefix else "十") if tens == 1 else DIGITS[tens] + "十"
    return head + (DIGITS[ones] if ones else "")


def zmoney(value) -> str:
    """An amount that prints a bare 0 when zero (Shanxi 三公 sentences): 0 → "0", 3.05 → "3.05"."""
    return NumText("0", 0) if Decimal(value) == 0 else money(value)


def raw(value) -> str:
    """An amount exactly as typed, with separators: 79.891 → "79.891", 1090 → "1,090" (Shanxi 自评表 cells)."""
    if value is None:
        return ""
    if Decimal(value) == 0:
        return "0"
    return f"{Decimal(value):,f}"


def trim(value) -> str:
    """Scores and rates as the 自评表 print them: 12.00 → "12", 6.40 → "6.4", 4.77 → "4.77"."""
    text = f"{q2(Decimal(value)):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def clause(text) -> str:
    """A reason typed with or without its final punctuation, ready for the template's own "。"."""
    return str(text or "").rstrip().rstrip("。；;，,.")


def signed(value) -> str:
    """A signed percentage: -5.00 stays "-5.00", 99.65 → "99.65"."""
    v = q2(Decimal(value))
    return NumText(f"{v:.2f}", v, "比率")


def headers(html, names) -> Markup:
    """Rename column titles: every <th> whose whole text is a key of *names* (setting 列名) gets its value."""
    if not names:
        return html

    def swap(m):
        text = m.group(2)
        return m.group(1) + (str(escape(names[text])) if text in names else text) + m.group(3)

    return Markup(re.sub(r"(<th\b[^>]*>)([^<]*)(</th>)", swap, str(html)))


FILTERS = {
    "headers": headers,
    "raw": raw,
    "zmoney": zmoney,
    "trim": trim,
    "clause": clause,
    "signed": signed,
    "money": money,
    "cell": cell,
    "pct": pct,
    "number": number,
    "cn": cn,
}
