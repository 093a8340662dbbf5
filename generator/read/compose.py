"""Sections a region lays out by data (决算章节结构, templates/base/compose.html.j2) read back.

The layout lists the section's paragraphs: a phrase, several pieces printed one after another (phrases, and lists
of items with their separators), or one paragraph per item of a list. A paragraph of the report is matched against
each form the layout gives, piece by piece with backtracking (an item ends where what follows it parses), and
gives its phrases and their values in printed order.
"""

from __future__ import annotations

from collections.abc import Callable

from .document import Block, compact
from .outline import Section
from .texts import Reader

Found = list[tuple[str, dict[str, str]]]  # (phrase, its values) in printed order; a list gives one per item


def layout_of(rd: Reader, sid: str, setting: str = "决算章节结构") -> list | None:
    """The region's layout of section *sid* (None: the section follows its template)."""
    layout = (rd.book.settings.get(setting) or {}).get(sid)
    return layout if isinstance(layout, list) and layout else None


def forms(layout: list) -> list[list]:
    """The paragraph forms of a layout, each a list of pieces."""
    out = []
    for block in layout:
        if isinstance(block, dict) and "标题" in block:
            out.append([block["标题"]])  # a heading that reads as a paragraph (one ending in 。 is not taken for one)
        elif isinstance(block, str):
            out.append([block])
        elif isinstance(block, dict) and "每项" in block:
            out.append(list(block.get("段") or []))
        elif isinstance(block, list):
            out.append(block)
    return out


def read_paragraph(rd: Reader, sec: Section, b: Block, paragraph_forms: list[list]) -> Found | None:
    """The phrases of the first form that explains the whole paragraph (recorded for the audit), else None; the
    text is tried as printed, then without the spaces a publisher left between figures and words (264.87 万元)."""
    texts = [b.text] + ([compact(b.text)] if compact(b.text) != b.text else [])
    for text in texts:
        for pieces in paragraph_forms:
            found = _at(rd, text, pieces, 0, 0)
            if found is not None:
                for name, values in found:
                    rd._record(sec, name, values, b)
                return found
    return None


def _at(rd: Reader, text: str, pieces: list, i: int, pos: int) -> Found | None:
    if i == len(pieces):
        return [] if pos == len(text) else None
    piece = pieces[i]
    if isinstance(piece, dict):
        return _list_at(rd, text, piece, pos, lambda p: _at(rd, text, pieces, i + 1, p))
    if not rd.book.text(piece):  # an empty phrase prints nothing
        return _at(rd, text, pieces, i + 1, pos)
    stops = [len(text)] if i == len(pieces) - 1 else range(pos, len(text) + 1)
    for stop in stops:
        got = rd.book.match(piece, text[pos:stop])
        if got is None:
            continue
        rest = _at(rd, text, pieces, i + 1, stop)
        if rest is not None:
            return [(piece, got)] + rest
    return None


def _list_at(rd: Reader, text: str, spec: dict, pos: int, then: Callable[[int], Found | None]) -> Found | None:
    """A list's items from *pos* (开头 before them, 分隔 or 末分隔 between, 结尾 after), then what follows; an empty
    list prints nothing at all."""
    start = pos
    head = rd.book.text(spec.get("开头", "")) if spec.get("开头") else ""
    if head:
        if not text.startswith(head, pos):
            return then(pos)
        start = pos + len(head)
    seps = [s for s in (rd.book.text(spec.get(k, "")) if spec.get(k) else "" for k in ("分隔", "末分隔")) if s]
    end = rd.book.text(spec.get("结尾", "")) if spec.get("结尾") else ""
    items = _items(rd, text, spec.get("项", ""), seps, end, start, then)
    if items is not None:
        return items
    return then(pos)


def _items(rd, text: str, item: str, seps: list[str], end: str, pos: int, then) -> Found | None:
    for stop in range(pos + 1, len(text) + 1):
        got = rd.book.match(item, text[pos:stop])
        if got is None:
            continue
        for sep in seps or [""]:  # another item follows (items printed without a separator: right after it)
            if stop < len(text) and text.startswith(sep, stop):
                more = _items(rd, text, item, seps, end, stop + len(sep), then)
                if more is not None:
                    return [(item, got)] + more
        if text.startswith(end, stop):  # the last item
            rest = then(stop + len(end))
            if rest is not None:
                return [(item, got)] + rest
    return None
