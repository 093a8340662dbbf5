"""Typst source building blocks. Text from the inputs never becomes Typst markup: it is emitted as string literals.

In Typst markup nearly every ASCII sign means something (``# $ * _ [ ] \\ < > @ ` = - + / ~ "`` and more), so
escaping markup character by character is fragile. A string literal ``#"…"`` needs only ``\\`` and ``"`` escaped,
and a string is set as plain text (no smart quotes, no shorthands, no links).
"""

from __future__ import annotations

import re

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPECIAL = re.compile(r'[\\"\n\r\t]')


def string(text: str) -> str:
    """A Typst string literal for *text* (usable in code and, prefixed with ``#``, in markup)."""
    return '"' + _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def text(value: str) -> str:
    """Markup that prints *value* literally; empty string for empty text."""
    return "#" + string(value) if value else ""


def length(value: float, unit: str = "pt") -> str:
    return f"{value:g}{unit}"


class Labels:
    """Maps HTML ids to generated Typst labels ``<l1>``, ``<l2>``… (an id may hold any character)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, html_id: str) -> str:
        if html_id not in self.names:
            self.names[html_id] = f"l{len(self.names) + 1}"
        return "<" + self.names[html_id] + ">"
