"""A table of the 报表 part that is neither a 公开表 nor a 绩效 table (政府购买服务支出决算表 …) as a 附加表 of the
input: its title, its column names, its rows as printed, amounts where a column holds only amounts; a printed 合计 row
is computed again, not typed."""

from __future__ import annotations

import re

from .document import Table
from .grids import cell_value, title_of
from .outline import flat


def extra_table(table: Table) -> dict | None:
    """The 附加表 of *table*, or None when it has no title or no header row of names."""
    title = title_of(table)
    if not title or not table.rows or not re.search(r"表$", flat(title)):
        return None
    width = table.width
    header = [table.text_at(0, c) for c in range(width)]
    if not all(header) or len(set(header)) != len(header):
        return None
    rows: list[list] = []
    total = False
    for r in range(1, len(table.rows)):
        texts = [table.text_at(r, c) for c in range(width)]
        if flat(texts[0]) in ("合计", "总计"):
            total = True
            continue
        if len(table.rows) == 2 and len({t for t in texts}) == 1:
            continue  # the statement of an empty table, spanning the row
        rows.append(texts)
    money = [
        header[c]
        for c in range(width)
        if rows
        and all(cell_value(row[c]) is None or not isinstance(cell_value(row[c]), str) for row in rows)
        and any(row[c] for row in rows)
    ]
    out: dict = {"标题": title, "列": header, "行": [], "合计": total}
    if money:
        out["金额列"] = money
    for row in rows:
        out["行"].append([row[c].replace(",", "") if header[c] in money else row[c] for c in range(width)])
    if table.notes:
        out["说明"] = " ".join(table.notes)
    return out
