"""Table attributes the writers compute with, checked once in the rendered document.

colspan, rowspan, span and data-keep become integers and a ``<col>``'s ``width: NN%`` a number in every writer
(column widths, the DOCX grid, the Typst table); a template (an overlay's) that writes ``colspan="abc"`` or
``width: 1.2.3%`` is named here, with the text around it, instead of failing inside a writer. The bounds keep a
table's grid small: ``colspan="999999999"`` would make every writer build a billion cells.
"""

from __future__ import annotations

import re

from ..errors import RenderError

MAX_SPAN = 1000  # the HTML limit for colspan; rowspan is held to the same
_TAG = re.compile(r"<(?:td|th|col|colgroup|table)\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(
    r"""\s(colspan|rowspan|span|data-keep|style)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE
)
_WIDTH = re.compile(r"width\s*:\s*([^;%]*)%", re.IGNORECASE)
_PERCENT = re.compile(r"\s*[0-9]{1,3}(\.[0-9]+)?\s*")


def check_table_attributes(html: str) -> None:
    """RenderError naming the first table attribute no writer could use."""
    for tag in _TAG.finditer(html):
        for m in _ATTR.finditer(tag.group(0)):
            name = m.group(1).lower()
            value = next(g for g in m.groups()[1:] if g is not None)
            problem = None
            if name == "style":
                width = _WIDTH.search(value) if tag.group(0)[1:4].lower() == "col" else None
                if width and (not _PERCENT.fullmatch(width.group(1)) or float(width.group(1)) > 100):
                    problem = f"列宽“{width.group(1).strip()}%”无效（应为 0–100 的百分数）"
            elif (
                not value.strip().isdigit()
                or not 0 <= int(value) <= MAX_SPAN
                or (name != "data-keep" and int(value) == 0)
            ):
                problem = f"{name}=“{value}”无效（应为 1–{MAX_SPAN} 的整数）"
            if problem:
                start = max(0, tag.start() - 40)
                context = html[start : tag.end() + 20].replace("\n", " ")
                raise RenderError(f"模板生成的表格属性有误：{problem}。出现在：…{context}…")
