"""Pass: exact amounts onto their table cells. The templates' ``cell`` filter writes an amount as
``<data value="1744.6812">1,744.68</data>``; here the value becomes the cell's ``data-value`` (the XLSX writer
reads it) and the ``<data>`` element gives way to its text, so no writer meets it."""

from __future__ import annotations

CELLS = ("td", "th")


def _append_text(parent, prev, text: str) -> None:
    """*text* after *prev* (a child of *parent*), or at the start of *parent* when *prev* is None."""
    if not text:
        return
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _unwrap(data, parent) -> None:
    """*data* gives way to its content: its text, child elements and tail take its place in *parent*."""
    prev = data.getprevious()
    _append_text(parent, prev, data.text or "")
    children = list(data)
    at = parent.index(data)
    tail = data.tail or ""
    parent.remove(data)
    for i, child in enumerate(children):
        parent.insert(at + i, child)
    _append_text(parent, children[-1] if children else prev, tail)


def cell_values(document) -> None:
    for data in list(document.root.iter("data")):
        parent = data.getparent()
        value = data.get("value")
        if parent.tag in CELLS and value is not None:
            parent.set("data-value", value)
        _unwrap(data, parent)
