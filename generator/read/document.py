"""What a reader gives: a published report as blocks of text and tables of cells, every piece located.

The same result for a PDF (pages, positions in points) and a DOCX (no pages: paragraph and table numbers), so that
recognising tables and placing texts never depends on the file format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CJK_DIGIT = re.compile(r"(?<=[\d%.])\s+(?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=\d)")


def compact(text: str) -> str:
    """*text* without the spaces a file may show between Chinese and digits (2024 年, 264.87 万元): for reading the
    figures of a sentence in any report's words."""
    return _CJK_DIGIT.sub("", text)


def clean(text: str) -> str:
    """Text as a sentence: runs of spaces and line breaks as one space, none at either end."""
    return re.sub(r"[ \t\r\n\u00a0]+", " ", text).strip()


@dataclass
class Block:
    """A paragraph or a heading."""

    text: str
    page: int  # 1-based; for a DOCX the paragraph's number in the body (there are no pages)
    top: float = 0.0  # points from the page top (PDF); 0 for a DOCX
    heading: int = 0  # 1, 2, 3 … when the file marks it a heading (DOCX style, PDF font), 0 for body text
    emphasis: bool = False  # set in another font or size than the body text (PDF)
    centered: bool = False

    def where(self, docx: bool = False) -> str:
        return f"第{self.page}段" if docx else f"第{self.page}页"


@dataclass
class Cell:
    text: str
    row: int  # position in the table's grid (0-based)
    col: int
    rowspan: int = 1
    colspan: int = 1
    indent: float = 0.0  # how far its text starts right of the cell's left edge (points; a DOCX: its left indent)


@dataclass
class Table:
    """A table as a grid of cells with spans; every grid row knows the page it was printed on and its number on
    that page (header rows counted), so that a figure can be named as the reader of the file would find it."""

    number: int  # the table's number in the file (1-based, continued parts counted once)
    rows: list[list[Cell | None]]  # None where a spanning cell covers the position
    pages: list[int]  # page of each grid row
    lines: list[int]  # 1-based row number on its page (or in the DOCX table)
    caption: list[str] = field(default_factory=list)  # lines printed above it (表N, title, 编制单位, 单位)
    notes: list[str] = field(default_factory=list)  # lines printed under it (注：, 说明：)
    page: int = 0  # where it starts
    top: float = 0.0
    docx: bool = False
    continued: int = 0  # pages it was joined from beyond the first
    label: str = ""  # how a location names it once recognised: its printed 表号, else its title in 《》

    @property
    def name(self) -> str:
        return self.label or f"第{self.number}张表"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def text_at(self, r: int, c: int) -> str:
        """The text covering grid position (r, c), spanning cells included."""
        for rr in range(r, -1, -1):
            row = self.rows[rr]
            for cc in range(min(c, len(row) - 1), -1, -1):
                cell = row[cc]
                if cell is not None and cell.row + cell.rowspan > r and cell.col + cell.colspan > c:
                    return cell.text
        return ""

    def row_texts(self, r: int) -> list[str]:
        return [c.text for c in self.rows[r] if c is not None]

    def where(self, r: int, c: int | None = None) -> str:
        """``第5页 表3 第7行第2列`` (a DOCX: ``表3 第7行第2列``; a table not recognised: ``第4张表``)."""
        head = self.name if self.docx else f"第{self.pages[r]}页 {self.name}"
        col = f"第{c + 1}列" if c is not None else ""
        return f"{head} 第{self.lines[r]}行{col}"


@dataclass
class Document:
    """A published report read from a file: blocks and tables in reading order."""

    source: str
    kind: str  # pdf | docx
    pages: int
    items: list[Block | Table] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def tables(self) -> list[Table]:
        return [i for i in self.items if isinstance(i, Table)]

    @property
    def blocks(self) -> list[Block]:
        return [i for i in self.items if isinstance(i, Block)]


@dataclass
class Unplaced:
    """What a reader could not place in the input: where it is printed, its text, why."""

    where: str
    text: str
    why: str
