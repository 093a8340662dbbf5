"""Pass: where pages begin and which pages are landscape, decided once and written into the tree as markers that
every writer obeys (print.css for WeasyPrint, the Typst builder, the DOCX writer) instead of deciding itself.

Markers (attributes; a template may also set them itself to ask for a break):

``data-break="page"``
    a new page begins with this element: every part title (``h1``) but one right under the 决算 title lines, the
    目录 (``nav``), every 公开表/绩效 block (``div.table-block``, ``div.perf-block``) but the one a part title heads,
    and whatever follows the cover or the 目录.
``data-page="wide"``
    the element is set on landscape pages: every ``div.wide``, and a part title whose first block is landscape (it
    heads that block's page, so it does not stand alone on a portrait page: seed 001 第五部分 附件). Consecutive
    landscape elements share the orientation; a landscape element with ``data-break`` begins a new landscape page.
    A short closing section right after a landscape block, before the next part (``十二、其他需说明的事项`` after the
    last 自评表: a heading and a sentence), is set on that landscape page too rather than alone on a portrait page
    of its own (WeasyPrint did so by itself; now every writer does).
``data-keep-with-next="true"``
    a part title that shares its page with the block after it (the block has no ``data-break``); the fit pass and
    the Typst writer leave room for it on the block's page. Also a block's lead-in: a short paragraph ending in a
    colon right before a block that begins a page ("……具体情况见下表："), with the heading right above it — the page
    then begins with the heading, so the words that announce a table are never left at the foot of the page before
    it, nor alone on a page of their own (the DOCX in LibreOffice: "（四）预算绩效情况" and its paragraph alone).

The last rows of a table kept together are marked by the table-ends pass (render/breaks.py, ``tr.keep``).
"""

from __future__ import annotations

BREAK = "data-break"
PAGE = "data-page"
WITH_NEXT = "data-keep-with-next"
BLOCKS = ("table-block", "perf-block")


def classes(el) -> list[str]:
    return (el.get("class") or "").split() if el is not None and isinstance(el.tag, str) else []


def previous(el):
    """The element before *el* among its siblings (comments and text are not elements, as in CSS ``+``)."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    return prev


def following(el):
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    return nxt


def is_block(el) -> bool:
    return el is not None and el.tag == "div" and bool(set(BLOCKS) & set(classes(el)))


def is_part_title(el) -> bool:
    return el is not None and el.tag == "h1" and "part" in classes(el)


def starts_page(el) -> bool:
    prev = previous(el)
    if prev is not None and (prev.tag == "nav" or "cover" in classes(prev)):
        return True  # the cover and the 目录 are pages of their own
    if el.tag == "h1":
        return not ("part" in classes(el) and prev is not None and "final-title" in classes(prev))
    if el.tag == "nav":
        return True
    return is_block(el) and not is_part_title(prev)


def on_landscape(el) -> bool:
    if el.tag == "div" and "wide" in classes(el):
        return True
    nxt = following(el)
    return is_part_title(el) and is_block(nxt) and "wide" in classes(nxt)


LEAVES = ("nav", "table", "p", "h1", "h2", "h3")  # no page begins inside these


def _candidates(parent):
    for child in parent:
        if isinstance(child.tag, str):
            yield child
            if child.tag not in LEAVES:
                yield from _candidates(child)


CLOSING_ELEMENTS = 4  # a closing section kept on the landscape page before it: at most this many elements …
CLOSING_CHARS = 300  # … and this many characters (a heading and a sentence or two)


def closing_run(el) -> list:
    """The short run of headings and paragraphs after the landscape block *el* up to the next page break (or the
    end of the document), when it is short enough to close that page; [] otherwise."""
    run: list = []
    nxt = following(el)
    while nxt is not None and nxt.get(BREAK) is None and nxt.get(PAGE) is None:
        if nxt.tag not in ("h2", "h3", "p") or len(run) == CLOSING_ELEMENTS:
            return []
        run.append(nxt)
        nxt = following(nxt)
    if sum(len("".join(e.itertext())) for e in run) > CLOSING_CHARS:
        return []
    return run


LEAD_CHARS = 300  # a lead-in kept with its block: at most this many characters (a sentence or two)


def lead_in(block) -> list:
    """The lead-in of *block* (a block that begins a portrait page): the paragraph right before it when it is short
    and ends in a colon, with the heading right before that paragraph (a part title too: it must not be left alone
    on its page); [] when there is none. A paragraph that begins a page itself keeps the heading where it is."""
    if not is_block(block) or block.get(BREAK) != "page" or block.get(PAGE) == "wide":
        return []
    para = previous(block)
    if para is None or para.tag != "p" or para.get(PAGE) is not None:
        return []
    text = "".join(para.itertext()).strip()
    if not text.endswith(("：", ":")) or len(text) > LEAD_CHARS:
        return []
    head = previous(para)
    if para.get(BREAK) is None and head is not None and head.tag in ("h1", "h2", "h3") and head.get(PAGE) is None:
        return [head, para]
    return [para]


def mark_pages(document) -> None:
    body = document.body
    if body is None:
        return
    for el in _candidates(body):
        if starts_page(el) and el.get(BREAK) is None:
            el.set(BREAK, "page")
        if on_landscape(el) and el.get(PAGE) is None:
            el.set(PAGE, "wide")
        nxt = following(el)
        if is_part_title(el) and is_block(nxt) and nxt.get(BREAK) is None and not starts_page(nxt):
            el.set(WITH_NEXT, "true")
    for el in _candidates(body):
        if el.get(PAGE) == "wide" and is_block(el):
            for closing in closing_run(el):
                closing.set(PAGE, "wide")
        lead = lead_in(el)
        if lead:  # the page begins with the lead-in, which keeps with its block
            lead[0].set(BREAK, "page")
            del el.attrib[BREAK]
            for e in lead:
                e.set(WITH_NEXT, "true")


def kept_above(el) -> list:
    """The elements kept on *el*'s page above it: a part title, or a lead-in and its heading (in order)."""
    run: list = []
    prev = previous(el)
    while prev is not None and prev.get(WITH_NEXT) == "true":
        run.insert(0, prev)
        if prev.get(BREAK) is not None:
            break
        prev = previous(prev)
    return run
