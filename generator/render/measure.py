"""Text measures shared by the width and fit passes: character widths in em, page geometry, the table grid cell.

No font files are read: widths are estimated by character class (Noto CJK: proportional Latin, full-width Han).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

MM = 72 / 25.4  # points per millimetre

_NARROW = {
    ".": 0.28,
    ",": 0.28,
    ":": 0.28,
    ";": 0.28,
    "!": 0.3,
    "|": 0.3,
    "'": 0.25,
    '"': 0.4,
    "(": 0.35,
    ")": 0.35,
    "[": 0.35,
    "]": 0.35,
    "-": 0.36,
    " ": 0.27,
    "%": 0.9,
    "/": 0.4,
    "i": 0.27,
    "l": 0.27,
    "j": 0.27,
    "I": 0.3,
    "f": 0.35,
    "t": 0.36,
    "r": 0.38,
    "m": 0.85,
    "w": 0.75,
    "M": 0.85,
    "W": 0.95,
}


@cache
def char_em(ch: str) -> float:
    """Advance width of *ch* in em of a CJK sans/serif face (Noto CJK: proportional Latin, full-width Han)."""
    if ch in _NARROW:
        return _NARROW[ch]
    if ch.isascii():
        if ch.isdigit():
            return 0.56
        if ch.isupper():
            return 0.66
        return 0.53
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    return 0.6


@lru_cache(maxsize=65536)
def text_em(text: str) -> float:
    """Width of *text* in em (cached: table texts repeat, and fitting measures each cell several times)."""
    return sum(map(char_em, text))


@dataclass
class Geometry:
    """Printable widths and the table font sizes the print CSS uses (from the region's 版面 settings)."""

    portrait_mm: float = 170.0
    landscape_mm: float = 267.0
    portrait_height_mm: float = 250.0  # printable heights, for the fit-to-page estimate (render/fit.py)
    landscape_height_mm: float = 174.0
    data_pt: float = 9.0
    dense_pt: float = 7.5  # tables on landscape pages and the dense portrait tables
    perf_pt: float = 8.5
    padding_pt: float = 6.5  # left + right cell padding and one border
    dense_ids: frozenset = field(default_factory=lambda: frozenset({"ft4"}))

    def context(self, block_classes: list[str], block_id: str, table_classes: list[str]) -> tuple[float, float]:
        """(table width in pt, font size in pt) for a table inside the block with these classes and id."""
        wide = "wide" in block_classes
        width = (self.landscape_mm if wide else self.portrait_mm) * MM
        return width, self.table_size(wide, block_id, table_classes)

    def table_size(self, wide: bool, block_id: str | None, table_classes: list[str]) -> float:
        """The font size print.css gives a table: dense on landscape pages and in the dense blocks (表4), the 绩效
        size for 绩效 tables, else the data size. The writers that do not read print.css ask here."""
        if wide or block_id in self.dense_ids:
            return self.dense_pt
        return self.perf_pt if "perf" in table_classes else self.data_pt


@dataclass
class Cell:
    row: int
    col: int
    colspan: int
    rowspan: int
    lines: list[str]
    header: bool
    classes: list[str]
    row_classes: list[str]

    @property
    def text(self) -> str:
        return "".join(self.lines)


def indent_em(cell: Cell) -> float:
    """Left indent of a cell's text (classes lvl1, lvl2 …), in em."""
    for cls in cell.classes:
        if cls.startswith("lvl") and cls[3:].isdigit():
            return 1.2 * int(cls[3:])
    return 0.0


def text_lines(el) -> list[str]:
    """The text of *el* split at its <br> elements, white space kept (the estimate counts it)."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if child.tag == "br":
                parts.append("\n")
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts).split("\n")
