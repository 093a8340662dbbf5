"""Our own rendered HTML as a :class:`Document` (headings, paragraphs; tables left out): what the report would say
from the figures it was read into, read back with the same phrases to compare sentence by sentence."""

from __future__ import annotations

import re

import lxml.html

from .document import Block, Document, clean

_SKIP = (
    "ancestor::nav or ancestor::table or ancestor::div[contains(@class,'table-block') or contains(@class,'perf-block')]"
)


def read_html(html: str) -> Document:
    doc = Document("<本报告>", "docx", 0)
    root = lxml.html.fromstring(html)
    n = 0
    for el in root.iter("h1", "h2", "h3", "p"):
        if el.xpath(_SKIP):
            continue
        text = clean(el.text_content())
        if not text:
            continue
        n += 1
        level = int(el.tag[1]) if re.fullmatch(r"h\d", el.tag) else 0
        doc.items.append(Block(text, n, 0.0, level, bool(level), False))
    return doc
