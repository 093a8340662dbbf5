"""The 公开表 as grids of cells, laid out by the report's own table templates, with the computed figures.

The templates are the one place a table's layout (titles, multi-level headers, row order) is written, so the
workbook follows whatever a region or overlay prints. The document is rendered once with the ``cell``/``money``
filters replaced by a marker carrying the exact computed ``Decimal`` (not its printed text), and the tables are
read back from that HTML into :class:`Sheet` grids. No figure is parsed from formatted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import lxml.html
from markupsafe import Markup

from ..render.document import environment, template_context
from ..render.page import page_setup

_MARK = re.compile(r"^⟦(-?[0-9.E+-]+)⟧$")


@dataclass
class Cell:
    value: object = None  # str | Decimal | None
    colspan: int = 1
    rowspan: int = 1
    css: str = ""


@dataclass
class Sheet:
    """One 公开表: header rows and body rows of cells (None where a merged cell covers the position)."""

    id: str
    no: str
    title: str
    meta_left: str
    unit: str
    width: int
    wide: bool
    header: list[list[Cell | None]] = field(default_factory=list)
    body: list[list[Cell | None]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # body row classes (total, class, section, item, unit …)
    notes: list[str] = field(default_factory=list)  # 表注 / 说明 printed under the table


def _marker(value) -> Markup:
    if value is None:
        return Markup("")
    return Markup(f"⟦{Decimal(value)}⟧")


def tables_html(report, figures, region) -> str:
    """The report document rendered with exact figures in the table cells."""
    env = environment(region)
    env.filters["cell"] = _marker
    env.filters["money"] = _marker
    return env.get_template("report.html.j2").render(
        **template_context(report, figures, region, page_setup(region.settings))
    )


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def _value(el):
    text = _text(el)
    m = _MARK.match(text)
    if m:
        return Decimal(m.group(1))
    return text.replace("⟦", "").replace("⟧", "") or None


def _grid(rows, width: int) -> list[list[Cell | None]]:
    """Place the cells of *rows* (lxml <tr>) on a grid, honouring colspan/rowspan."""
    grid: list[list[Cell | None]] = [[None] * width for _ in rows]
    taken = [[False] * width for _ in rows]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while c < width and taken[r][c]:
                c += 1
            if c >= width:
                break
            cs, rs = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
            rs = min(rs, len(rows) - r)
            grid[r][c] = Cell(_value(td), cs, rs, td.get("class", ""))
            for i in range(r, r + rs):
                for j in range(c, min(c + cs, width)):
                    taken[i][j] = True
            c += cs
    return grid


def sheets(report, figures, region) -> list[Sheet]:
    """Every 公开表 of the report (附加表 included), in printed order."""
    doc = lxml.html.fromstring(tables_html(report, figures, region))
    out = []
    for block in doc.xpath('//div[contains(concat(" ", @class, " "), " table-block ")]'):
        table = block.find(".//table")
        if table is None:
            continue
        no = block.xpath('./p[@class="table-no"]')
        title = block.xpath('./p[@class="table-title"]')
        width = int(table.get("data-cols"))
        meta = table.xpath('./thead/tr[@class="meta"]')
        left = unit = ""
        if meta:
            cells = meta[0].findall("td")
            left, unit = _text(cells[0]), _text(cells[-1])
        head_rows = [tr for tr in table.xpath("./thead/tr") if tr.get("class") != "meta"]
        body_rows = table.xpath("./tbody/tr")
        sheet = Sheet(
            block.get("id", ""),
            _text(no[0]) if no else "",
            _text(title[0]) if title else "",
            left,
            unit,
            width,
            "wide" in block.get("class", "").split(),
        )
        sheet.header = _grid(head_rows, width)
        sheet.body = _grid(body_rows, width)
        sheet.kinds = [tr.get("class", "") for tr in body_rows]
        sheet.notes = [str(_value(p) or "") for p in block.xpath('./p[@class="note"]')]
        out.append(sheet)
    return out
