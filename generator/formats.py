"""How figures are printed: the filters of the templates and of the phrases (money, pct, cn …). They format;
they never compute a figure. Below both the renderer and the phrase book, which each register them."""

from __future__ import annotations

import re
from decimal import Decimal

from markupsafe import Markup, escape

from .compute.rounding import q2
from .numtext import NumText

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


def _exact(value, text: str) -> Markup:
    """*text* with the exact *value* in canonical form (20, 20.00 and 2E+1 all "20"; no exponent). Both are digits,
    signs, "." and "," only (Decimal and :func:`money` write nothing else), so nothing needs escaping."""
    return Markup(f'<data value="{format(Decimal(value).normalize(), "f")}">{text}</data>')


def exact_cell(value) -> Markup | str:
    """The ``cell`` filter of the templates: the cell text (:func:`cell`) inside ``<data value="exact">``, so that
    the document keeps the exact computed amount beside the printed one; the values pass (render/values.py) moves it
    onto the table cell as ``data-value`` for the workbook. For a table cell's content (not an attribute)."""
    return "" if value is None else _exact(value, cell(value))


def exact_amount(value) -> Markup | str:
    """The ``amount`` filter: an amount cell printed as :func:`money` (zero as 0.00), exact value kept as
    :func:`exact_cell` keeps it."""
    return "" if value is None else _exact(value, money(value))


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


_DATE = re.compile(r"\s*(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*日?\s*")


def date_parts(text) -> dict:
    """The parts of a date typed as 2024年03月01日, 2024-3-1, 2024.03.01 or 2024/3/1, for the phrase 通用.落款日期:
    {落款年} {落款月} {落款日} as numbers (3, not 03) and {落款月两位} {落款日两位} zero-padded; an empty mapping
    when *text* is no such date (the template prints it as typed)."""
    m = _DATE.fullmatch(str(text or ""))
    if not m:
        return {}
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return {}
    return {
        "落款年": str(year),
        "落款月": str(month),
        "落款日": str(day),
        "落款月两位": f"{month:02d}",
        "落款日两位": f"{day:02d}",
    }


FILTERS = {
    "date_parts": date_parts,
    "headers": headers,
    "raw": raw,
    "zmoney": zmoney,
    "trim": trim,
    "clause": clause,
    "signed": signed,
    "money": money,
    "cell": exact_cell,
    "amount": exact_amount,
    "pct": pct,
    "number": number,
    "cn": cn,
}
