"""Which 公开表 a table read from a published file is: by its header structure and column names, compared with the
layouts the report's own templates print (excel/layout.py, one description per table), the title only a hint.

Titles differ between regions and years (部门收支总体情况表 / 收入支出决算总表 / 部门收支预算总表 …), and a table may be
printed without its title, split over pages or with its header repeated; its column names and the labels of its
fixed rows (一、一般公共预算财政拨款收入 …) are what a report cannot change without changing the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..excel.cells import body_start, flat_text, header_top, is_colno_row
from ..excel.layout import Sheet
from .document import Table
from .grids import TableGrid, grids, title_of

MIN_SCORE = 0.45  # below this a table is not taken for any 公开表 (a 绩效 table, a list of units …)


def norm(text) -> str:
    """A header or label text compared across reports: no spaces, numbering, brackets of one width, 运行维护费 as
    运行费, the 功能分类/经济分类 prefix of a code column dropped."""
    t = flat_text(text)
    t = t.replace("（", "(").replace("）", ")").replace("“", "").replace("”", "").replace("\u3000", "")
    t = re.sub(r"^([一二三四五六七八九十]+、|\d+[.、．]|\([一二三四五六七八九十]+\))", "", t)
    t = t.replace("运行维护费", "运行费").replace("(含专用结余)", "")
    t = re.sub(r"^(功能分类|经济分类)(?=科目)", "", t)
    return t


@dataclass
class Signature:
    id: str
    title: str
    heads: set[str]
    labels: set[str]  # texts of the body's label cells (fixed rows)


def layout_signature(sheet: Sheet) -> Signature:
    heads: set[str] = set()
    for row in sheet.header:
        values = [c.value if c is not None else None for c in row]
        if is_colno_row(values):
            continue
        heads |= {norm(v) for v in values if v not in (None, "") and norm(v)}
    labels = set()
    for row in sheet.body:
        for c in row:
            if c is not None and isinstance(c.value, str) and not re.match(r"^\d", c.value) and len(c.value) < 30:
                labels.add(norm(c.value))
    return Signature(sheet.id, norm(sheet.title), heads, labels)


def table_signature(table: Table) -> tuple[Signature, TableGrid]:
    raw, spread = grids(table)
    top = header_top(raw)
    start = body_start(raw, top)
    heads: set[str] = set()
    for r in range(top, start):
        if is_colno_row(spread.values[r]):
            continue
        heads |= {norm(v) for v in spread.values[r] if v not in (None, "") and norm(v)}
    labels = set()
    for r in range(start, min(len(raw.values), start + 60)):
        for v in raw.values[r]:
            if isinstance(v, str) and not re.match(r"^\d", v) and len(v) < 30:
                labels.add(norm(v))
    return Signature("", norm(title_of(table)), heads, labels), raw


def _overlap(a: set[str], b: set[str]) -> float:
    """Share of texts in common (a text inside another counts: 功能分类科目名称 ~ 科目名称)."""
    if not a or not b:
        return 0.0
    hits = sum(1 for x in a if x in b or any(len(x) >= 2 and len(y) >= 2 and (x in y or y in x) for y in b))
    return hits / max(len(a), len(b))


def score(found: Signature, layout: Signature) -> float:
    s = _overlap(found.heads, layout.heads)
    if found.labels and layout.labels:
        s += 0.5 * _overlap(found.labels & _fixed(layout.labels), _fixed(layout.labels))
    if found.title and layout.title:
        if found.title == layout.title:
            s += 0.5
        elif found.title in layout.title or layout.title in found.title:
            s += 0.25
    return s


def _fixed(labels: set[str]) -> set[str]:
    """Labels of fixed rows (more than 合计/总计), the ones that say which table it is."""
    return {x for x in labels if x not in ("合计", "总计", "小计") and len(x) > 2}


def recognise(tables: list[Table], layouts: list[Sheet]) -> dict[int, tuple[Sheet, float]]:
    """{table number: (layout, score)} for the tables taken for a 公开表; each layout at most once, best pairs first."""
    sigs = {lay.id: layout_signature(lay) for lay in layouts}
    found = {t.number: table_signature(t)[0] for t in tables}
    pairs = sorted(
        ((score(found[t.number], sigs[lay.id]), t.number, lay.id) for t in tables for lay in layouts),
        key=lambda p: -p[0],
    )
    by_id = {lay.id: lay for lay in layouts}
    out: dict[int, tuple[Sheet, float]] = {}
    used: set[str] = set()
    for s, number, lid in pairs:
        if s < MIN_SCORE or number in out or lid in used:
            continue
        out[number] = (by_id[lid], s)
        used.add(lid)
    return out
