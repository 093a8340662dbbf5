"""The 目录 as the templates' ``<nav>`` lists it: which element each entry points at and the text to find it by.

The DOCX writer fills its TOC field from these entries, and the page map (``{anchor id: printed page}``) that the
pipeline reads from the PDF of the same run looks the entries' target texts up page by page.
"""

from __future__ import annotations

from typing import NamedTuple


class TocEntry(NamedTuple):
    anchor: str  # the id the entry's link points at
    level: int  # 1, or 2 for p.toc-2
    text: str  # the entry as printed in the 目录
    target: str  # the text of its target's title (a heading, or a table block's table title)


def _text(el) -> str:
    return "".join(el.itertext()).strip()


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def toc_entries(root) -> list[TocEntry]:
    """Entries of the document's first ``<nav>`` whose link points at an element of the document."""
    nav = root.find(".//nav")
    if nav is None:
        return []
    ids = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    out = []
    for p in nav.iter("p"):
        a = p.find("a")
        href = a.get("href", "") if a is not None else ""
        if not href.startswith("#"):
            continue
        anchor = href[1:]
        target = ids.get(anchor)
        if target is None:
            continue
        if target.tag not in ("h1", "h2", "h3"):
            title = next((q for q in target.iter("p") if "table-title" in _classes(q)), None)
            target = title if title is not None else target
        out.append(TocEntry(anchor, 2 if "toc-2" in _classes(p) else 1, _text(p), _text(target)))
    return out
