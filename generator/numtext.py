"""Numbers as text: a formatted figure that remembers its value, and the region's style for amounts in sentences.

Templates format every figure before handing it to a phrase (``1,234.56``). The text keeps its value so that

* a phrase may compare it (``{% if 差额 > 0 %}大于{% elif 差额 < 0 %}小于{% endif %}``), and
* the region's amount style (setting ``金额格式``: ``千分位`` 是/否, ``零`` "0.00"/"0") is applied once, where the
  phrase is rendered, instead of a filter in every phrase (Shanghai writes ``2995.39万元`` and ``0万元``).

Only amounts (``kind == "金额"``) follow the amount style; rates and counts print as formatted.

:func:`dec_text` is the other direction: an exact amount written as the plain text an input holds (``1744.6812``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from numbers import Number


class NumText(str):
    """A figure as printed (``"1,234.56"``) with its value (``Decimal("1234.56")``) for comparisons."""

    value: Decimal
    kind: str

    def __new__(cls, text: str, value, kind: str = "金额") -> NumText:
        obj = super().__new__(cls, text)
        obj.value = Decimal(value)
        obj.kind = kind
        return obj

    # comparisons with a number compare the value; with a text, the text (as a str would)
    def _other(self, other):
        if isinstance(other, NumText):
            return other.value
        if isinstance(other, Number) and not isinstance(other, bool):
            return Decimal(str(other))
        if isinstance(other, Decimal):
            return other
        return None

    def __lt__(self, other):
        o = self._other(other)
        return self.value < o if o is not None else str.__lt__(self, other)

    def __le__(self, other):
        o = self._other(other)
        return self.value <= o if o is not None else str.__le__(self, other)

    def __gt__(self, other):
        o = self._other(other)
        return self.value > o if o is not None else str.__gt__(self, other)

    def __ge__(self, other):
        o = self._other(other)
        return self.value >= o if o is not None else str.__ge__(self, other)

    def __eq__(self, other):
        o = self._other(other) if not isinstance(other, str) or isinstance(other, NumText) else None
        return self.value == o if o is not None else str.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


def amount_style(settings: dict | None) -> tuple[bool, str]:
    """(thousands separators, the text of a zero amount) from the setting 金额格式 (defaults: 是, "0.00")."""
    style = (settings or {}).get("金额格式") or {}
    if not isinstance(style, dict):
        return True, ""
    return str(style.get("千分位", "是")) != "否", str(style.get("零", "") or "")


def styled(value, separators: bool, zero: str):
    """*value* as the amount style prints it in a sentence (anything but an amount is returned as it is)."""
    if not isinstance(value, NumText) or value.kind != "金额":
        return value
    text = str(value)
    if zero and value.value == 0:
        text = zero
    elif not separators:
        text = text.replace(",", "")
    return NumText(text, value.value, value.kind)


def as_number(text) -> Decimal | None:
    """The value of a figure given as text (``"1,234.56"``), or None."""
    if isinstance(text, NumText):
        return text.value
    try:
        return Decimal(str(text).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def dec_text(d: Decimal) -> str:
    """An exact amount as the plain text an input file holds: no exponent, no trailing zeros (``20``, ``1744.6812``,
    ``0``)."""
    d = d.normalize()
    return format(d, "f") if d != 0 else "0"
