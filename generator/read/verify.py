"""Every amount of the published tables against the tables computed from the imported input: an amount is placed
when the input holds it (typed) or computes it to the same figure; otherwise it differs (a published figure that
its own table or another table contradicts) or was not placed (a row or column the input has no place for).
Amounts the computed tables print and the published ones leave out are reported too."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..excel.layout import Sheet
from ..numtext import dec_text
from .align import Aligned, keyed, layout_keyed


@dataclass
class Finding:
    where: str  # page, table, row and column in the published file
    table: str  # title of the 公开表
    kind: str  # 不符 | 未放置 | 缺少
    read: Decimal | None
    computed: Decimal | None
    row: str = ""  # code or label of the row

    def message(self) -> str:
        if self.kind == "不符":
            return (
                f"{self.table}“{self.row}”印为 {dec_text(self.read)}，由本报告各表数据计算为 {dec_text(self.computed)}"  # type: ignore[arg-type]
            )
        if self.kind == "缺少":
            return f"{self.table}“{self.row}”应为 {dec_text(self.computed)}，公开件此处为空"  # type: ignore[arg-type]
        return f"{self.table}“{self.row}”的 {dec_text(self.read)} 在输入中没有对应的位置"  # type: ignore[arg-type]


@dataclass
class Tally:
    read: int = 0
    placed: int = 0
    findings: list[Finding] = field(default_factory=list)


def verify_table(al: Aligned, computed: Sheet, tally: Tally) -> None:
    """Compare one read table (columns already matched to *computed*'s) with the table computed from the input."""
    g = al.grid
    mine = keyed(g.values, al.start, set(al.value_columns), al.paths)
    theirs = layout_keyed(computed)
    title = computed.title
    for key, (value, r, c) in mine.items():
        tally.read += 1
        ident = key[0]
        got = theirs.get(key)
        if got is not None:
            if got[0] == value:
                tally.placed += 1
            else:
                tally.findings.append(Finding(g.addr(r, c), title, "不符", value, got[0], ident))
        elif value == 0:
            tally.placed += 1  # a zero printed where the computed table leaves the row out or the cell blank
        else:
            tally.findings.append(Finding(g.addr(r, c), title, "未放置", value, None, ident))
    for key, (value, _r, _c) in theirs.items():
        if key not in mine and value != 0:
            where = f"{g.addr(al.start, 0).rsplit(' 第', 1)[0]}" if len(g.values) > al.start else g.addr(0, 0)
            tally.findings.append(Finding(where, title, "缺少", None, value, key[0]))
