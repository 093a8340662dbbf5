"""Texts of a published report into the input's text fields, section by section, by the region's own phrases read
backwards (phrasing.py): a sentence the template prints from a reason, a purpose or a prior-year figure gives that
reason, purpose or figure back ("比上年增加X万元" → 上年 = this year − X). Figures the sentences repeat from the
tables are recorded for the audit, not typed a second time. A paragraph no phrase explains is listed with its page.

The section readers are final_sections.py, final_texts.py and budget_texts.py, called by place.py; this module
holds what they share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..numtext import dec_text
from .document import Block, Table, Unplaced, compact
from .outline import Section, flat, heading_level
from .phrasing import Phrasebook

_MONEY = re.compile(r"^-?[\d,]+(\.\d+)?$")


@dataclass
class Matched:
    """A paragraph explained by a phrase: which one, its placeholder values, where it is printed."""

    section: str
    phrase: str
    values: dict[str, str]
    where: str
    index: int = 0  # occurrence of this phrase in its section (items of a list)
    text: str = ""


@dataclass
class Deferred:
    """A prior-year figure given as a change against a figure the tables compute (上年 = current − change)."""

    path: tuple
    change: Decimal  # signed
    current: Any  # figures -> Decimal
    where: str


@dataclass
class Reader:
    out: Any  # to_input.Imported
    book: Phrasebook
    data: dict
    docx: bool
    matched: list[Matched] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    names: list[tuple[str, str, str]] = field(default_factory=list)  # (where, placeholder 单位|年, value)

    # ---- paragraphs -------------------------------------------------------------------------------------
    def paragraphs(self, section: Section) -> list[Block]:
        """The section's paragraphs, its (一)(二) sub-headings and tables left out."""
        return [b for b in section.items if isinstance(b, Block) and heading_level(b) != 3]

    def where(self, block: Block) -> str:
        return block.where(self.docx)

    def unplaced(self, block: Block, section: Section, why: str = "没有对应的输入项") -> None:
        self.out.unplaced.append(Unplaced(f"{self.where(block)} {section.title}", block.text, why))

    # ---- matching ---------------------------------------------------------------------------------------
    def match(self, section: Section, block: Block, *names: str) -> dict[str, str] | None:
        """Values of the first of phrases *names* that explains the whole paragraph (recorded for the audit)."""
        texts = [block.text] + ([compact(block.text)] if compact(block.text) != block.text else [])
        for text in texts:  # as printed, then without a space between figures and words (264.87 万元)
            for name in names:
                got = self.book.match(name, text)
                if got is not None:
                    self._record(section, name, got, block)
                    return got
        return None

    def _record(self, section: Section, name: str, got: dict, block: Block) -> None:
        index = sum(1 for m in self.matched if m.section == section.id and m.phrase == name)
        self.matched.append(Matched(section.id, name, got, self.where(block), index, block.text))
        for key in ("单位", "年"):
            if got.get(key):
                self.names.append((self.where(block), key, got[key]))

    def series(
        self, section: Section, block: Block, head: str, item: str, sep: str, end: str, accept=None
    ) -> tuple[dict, list[dict]] | None:
        """A paragraph of one head phrase and several item phrases between separators (本年收入…，其中：A…；B…。)."""
        text = block.text
        heads = self.book.patterns(head) if self.book.text(head) else []
        starts = [0]
        if heads:
            starts = [m.end() for p in heads for m in [p.regex.match(text)] if m] or []
            starts = sorted(set(starts))
        for start in starts:
            got_head = self.book.match(head, text[:start]) if heads else {}
            if got_head is None:
                continue
            items = self._items(text, start, item, sep, end, accept)
            if items is not None:
                self._record(section, head, got_head, block)
                for values in items:
                    self._record(section, item, values, block)
                return got_head, items
        return None

    def _items(self, text: str, pos: int, item: str, sep: str, end: str, accept=None) -> list[dict] | None:
        """Items from *pos* to the paragraph's end: the shortest item that fits, backtracking when the rest does
        not parse (items printed without a separator between them end where the next one begins)."""
        sep_text, end_text = self.book.text(sep), self.book.text(end)
        tail = text[pos:]
        if tail == end_text or (not tail and not end_text):
            return []
        for stop in range(pos + 1, len(text) + 1):
            rest = text[stop:]
            last = rest == end_text or (rest == "" and not end_text)
            if not last and not (sep_text and rest.startswith(sep_text)) and sep_text:
                continue
            got = self.book.match(item, text[pos:stop])
            if got is None or (accept is not None and not accept(got)):
                continue
            if last:
                return [got]
            more = self._items(text, stop + len(sep_text), item, sep, end, accept)
            if more:
                return [got] + more
        return None

    # ---- values -----------------------------------------------------------------------------------------
    @staticmethod
    def money(text: str | None) -> Decimal | None:
        if text is None or not _MONEY.match(text.strip()):
            return None
        try:
            return Decimal(text.strip().replace(",", ""))
        except InvalidOperation:
            return None

    def change(self, values: dict, key: str, phrase: str = "") -> Decimal | None:
        """The signed change a 变动 placeholder prints (增加 +, 减少 −; 与上年相同 0); None when none is printed."""
        inner = self.book.inner(key, values.get(key, ""), phrase=phrase)
        if inner is None:
            return None
        if "增减" not in inner:  # 与上年相同, 与上年持平
            return Decimal("0")
        amount = self.money(inner.get("金额"))
        if amount is None:
            return None
        return amount if inner["增减"] == "增加" else -amount

    def reason(self, values: dict, key: str = "原因句") -> str | None:
        """A reason as typed (the template removes its final 。): from 原因句 (a nested phrase) or 原因 itself."""
        if key in self.book.nested:
            inner = self.book.inner(key, values.get(key, ""))
            if inner is None:
                return None
            return (inner.get("原因") or "").strip()
        text = values.get(key)
        return text.strip() if text is not None else None

    def put(self, path: tuple, value, where: str = "") -> None:
        """Set *value* at *path* of the data (mappings created on the way)."""
        node: Any = self.data
        for key in path[:-1]:
            if isinstance(key, int):
                node = node[key]
                continue
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        node[path[-1]] = _as_text(value)
        if where:
            self.out.origin[path] = where

    def prior(self, path: tuple, values: dict, key: str, current, where: str) -> None:
        """上年 at *path* from the change printed at *key*: now when *current* is a figure, after computing when it
        is a function of the figures (收入总计 … come from the tables)."""
        delta = self.change(values, key)
        if delta is None:
            return
        if callable(current):
            self.deferred.append(Deferred(path, delta, current, where))
        elif current is not None:
            self.put(path, current - delta, where)


def _as_text(value):
    """Amounts as the input writes them (text, never a float), inside mappings and lists too."""
    if isinstance(value, Decimal):
        return dec_text(value)
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value


def split_list(text: str, sep: str) -> list[str]:
    return [t for t in (x.strip() for x in text.split(sep)) if t] if text else []


def sections_by_id(out) -> dict[str, Section]:
    return {s.id: s for s in out.sections if s.id}


def leftovers(reader: Reader, section: Section, used: set[int]) -> None:
    """Paragraphs of *section* no phrase explained: listed with their page."""
    for b in reader.paragraphs(section):
        if id(b) not in used:
            reader.unplaced(b, section)


def tables_in(section: Section) -> list[Table]:
    return [t for t in section.items if isinstance(t, Table)]


def glossary(rd: Reader, out, setting: str, sep: str, continued: bool) -> None:
    """名词解释 entries ("名词：解释", numbered or not); written into 报告.版式.名词解释 when they differ from the
    region's *setting*. *sep*: the separator when the phrase 名词解释.分隔 gives none. *continued*: a paragraph without
    the separator continues the entry before it (a 决算; a budget's 落款 lines follow its last entry)."""
    sec = next((s for s in out.sections if s.level == 1 and "名词解释" in flat(s.title)), None)
    if sec is None:
        return
    sep = rd.book.text("名词解释.分隔") or sep
    entries: list[dict] = []
    for b in rd.paragraphs(sec):
        text = re.sub(r"^([一二三四五六七八九十]+、|\d+[.、．])", "", b.text)
        if sep in text:
            term, _, body = text.partition(sep)
            entries.append({term.strip(): body.strip()})
        elif entries and continued:
            key = next(iter(entries[-1]))
            entries[-1][key] += b.text
        else:
            rd.unplaced(b, sec, "不是“名词：解释”的形式")
    if entries and [dict(e) for e in (rd.book.settings.get(setting) or [])] != entries:
        rd.data["报告"].setdefault("版式", {})["名词解释"] = entries
