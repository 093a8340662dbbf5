"""Pass: exact amounts onto their table cells. The templates' ``cell`` filter writes an amount as
``<data value="1744.6812">1,744.68</data>``; here the value becomes the cell's ``data-value`` (the XLSX writer
reads it) and the ``<data>`` element gives way to its text, so no writer meets it."""

from __future__ import annotations

CELLS = ("td", "th")


def cell_values(document) -> None:
    for data in list(document.root.iter("data")):
        parent = data.getparent()
        value = data.get("value")
        if parent is not None and parent.tag in CELLS and value is not None:
            parent.set("data-value", value)
        data.drop_tag()
