"""The report's outline: its title (unit, year, 预算 or 决算, 部门 or 单位), the 目录 left out, and its text split
into parts and sections matched to the headings our templates print for the same unit and year (so a region's
or overlay's own titles are found, and another report's titles by their wording, whatever their numbering)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import lxml.html

from .document import Block, Document, Table

_TITLE = re.compile(r"^(?P<unit>.+?)(?P<year>20\d\d)年度?(?P<level>部门|单位)(?P<kind>预算|决算)")
_LEADER = re.compile(r"[.·…．。\s]{3,}\d*$|\s\d+$")
_NUMBERING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])\s*"
)


@dataclass
class Meta:
    unit: str = ""
    year: int | None = None
    level: str = ""  # 部门 | 单位
    kind: str = ""  # 预算 | 决算
    where: str = ""


@dataclass
class Section:
    """A part (level 1) or a section (level 2) of the report with the blocks under its heading."""

    id: str  # the template's id (p1, s5, p1-2 …), "" when no heading of ours matched
    title: str  # as printed
    level: int
    heading: Block | None
    items: list[Block | Table] = field(default_factory=list)
    score: float = 0.0

    @property
    def blocks(self) -> list[Block]:
        return [b for b in self.items if isinstance(b, Block)]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def toc_entry(text: str) -> str:
    """A 目录 line without its dot leader and page number."""
    return flat(_LEADER.sub("", text))


def body_items(doc: Document) -> tuple[list[Block | Table], list[Block]]:
    """(items after the cover and the 目录, the cover blocks). The 目录 ends where its first entry is printed again
    as a heading; a report without 目录 starts at its first part heading."""
    items = doc.items
    toc = next(
        (i for i, it in enumerate(items[:80]) if isinstance(it, Block) and flat(it.text) in ("目录", "目次")), None
    )
    if toc is not None:
        cover = [b for b in items[:toc] if isinstance(b, Block)]
        first = next((toc_entry(it.text) for it in items[toc + 1 :] if isinstance(it, Block) and it.text.strip()), "")
        for j in range(toc + 2, len(items)):
            it = items[j]
            if isinstance(it, Block) and first and toc_entry(it.text) == first and not _LEADER.search(it.text):
                if j > toc + 1 and _looks_like_heading(it):
                    return items[j:], cover
        return items[toc + 1 :], cover
    start = next(
        (
            i
            for i, it in enumerate(items)
            if isinstance(it, Block) and re.match(r"^第[一二三四五六七八九十]+部分", flat(it.text))
        ),
        0,
    )
    return items[start:], [b for b in items[:start] if isinstance(b, Block)]


def _looks_like_heading(b: Block) -> bool:
    return bool(b.heading or b.emphasis or b.centered)


def report_meta(doc: Document, cover: list[Block]) -> Meta:
    """Unit, year, level and kind from the title (the cover lines joined), else from the first lines that say it."""
    candidates = ["".join(flat(b.text) for b in cover)] + [flat(b.text) for b in cover]
    candidates += [flat(b.text) for b in doc.blocks[:60]]
    for text in candidates:
        m = _TITLE.search(text)
        if m and not re.search(r"[.·…]{3,}", text):  # not a 目录 line
            unit = re.sub(r"^(第[一二三四五六七八九十]+部分)", "", m.group("unit"))
            if not unit:
                continue  # 第二部分 2025年单位预算公开表: no unit in it
            where = cover[0].where(doc.kind == "docx") if cover else ""
            return Meta(unit, int(m.group("year")), m.group("level"), m.group("kind"), where)
    meta = Meta()
    for b in doc.blocks[:200]:  # no title: the part headings say the year and the kind (第二部分 2025年单位预算公开表)
        t = flat(b.text)
        m = re.search(r"(20\d\d)年度?(部门|单位)(预算|决算)", t)
        if m and not meta.kind:
            meta.year, meta.level, meta.kind = int(m.group(1)), m.group(2), m.group(3)
    for tb in doc.tables:  # the unit from the 编制单位 line of a table
        for line in tb.caption:
            m = re.match(r"^编制(单位|部门)[:：](.+?)(单位[:：].*)?$", flat(line))
            if m and not meta.unit:
                meta.unit = m.group(2)
    if not meta.kind:
        for b in doc.blocks[:200]:
            t = flat(b.text)
            if "决算" in t or "预算" in t:
                meta.kind = "决算" if "决算" in t else "预算"
                break
    if meta.year is None:
        y = next(
            (re.search(r"(20\d\d)年", flat(b.text)) for b in doc.blocks[:200] if re.search(r"20\d\d年", b.text)), None
        )
        meta.year = int(y.group(1)) if y else None
    return meta


def expected_headings(html: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of every part and section heading of a rendered report (our own titles for this unit)."""
    doc = lxml.html.fromstring(html)
    out = []
    for el in doc.iter("h1", "h2"):
        if el.xpath("ancestor::nav"):
            continue
        out.append((int(el.tag[1]), el.get("id") or "", flat(el.text_content())))
    return out


# other reports' titles for what our templates call otherwise (the section holds the same input)
SAME_AS = {
    "部门决算单位构成": "机构设置及人员情况",
    "部门预算单位构成": "机构设置及人员情况",
    "单位构成": "机构设置及人员情况",
}


def title_core(text: str, unit: str = "", year: int | None = None) -> str:
    """A title's wording: no numbering, and neither the unit's name nor the year (any report may add them)."""
    t = _NUMBERING.sub("", flat(text))
    t = SAME_AS.get(t, t)
    if unit:
        t = t.replace(flat(unit), "")
    if year:
        t = re.sub(rf"{year}年度?", "", t)
    return t


def heading_level(b: Block) -> int:
    """1 for 第X部分, 2 for 一、…, 3 for （一）…, when the block is set as a heading (font, style) and short."""
    t = flat(b.text)
    if len(t) > 60 or re.search(r"[。；]$", t):
        return 0
    if re.match(r"^第[一二三四五六七八九十]+部分", t):
        return 1
    if not (_looks_like_heading(b) or b.heading):
        return 0
    if re.match(r"^[一二三四五六七八九十]+、", t):
        return 2
    if re.match(r"^（[一二三四五六七八九十]+）", t):
        return 3
    return b.heading if b.heading in (1, 2) else 0


def split_sections(
    items: list[Block | Table], expected: list[tuple[int, str, str]], meta: Meta | None = None
) -> list[Section]:
    """Parts and sections in printed order, each matched to the closest heading of ours of the same level (by its
    wording without numbering; a close match is enough: 预算绩效管理情况 ~ 预算绩效的情况说明)."""
    sections: list[Section] = [Section("", "", 0, None)]
    for it in items:
        level = heading_level(it) if isinstance(it, Block) else 0
        if isinstance(it, Block) and level in (1, 2):
            sections.append(Section("", it.text, level, it))
        else:
            sections[-1].items.append(it)
    # match headings to ours: best pairs first, each of ours once
    pairs = []
    for i, sec in enumerate(sections):
        if sec.heading is None:
            continue
        for level, hid, text in expected:
            if level != sec.level or not hid:
                continue
            unit, year = (meta.unit, meta.year) if meta else ("", None)
            a, b = title_core(sec.title, unit, year), title_core(text, unit, year)
            ratio = 1.0 if a == b else difflib.SequenceMatcher(None, a, b).ratio()
            if ratio >= 0.55:
                pairs.append((ratio, i, hid))
    taken: set[str] = set()
    for ratio, i, hid in sorted(pairs, reverse=True):
        if sections[i].id or hid in taken:
            continue
        sections[i].id = hid
        sections[i].score = ratio
        taken.add(hid)
    return sections
