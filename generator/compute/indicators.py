"""Indicator grids of the 绩效 tables (budget 绩效目标表, 决算 自评表): neighbouring equal 一级/二级 cells merged."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace as NS
from typing import Any


def merged_grid(indicators: Sequence[Any]) -> list[NS]:
    """Indicator rows with row spans for equal neighbouring 一级 / 二级 cells (0 = covered by the cell above)."""
    rows = [NS(item=i, span1=1, span2=1) for i in indicators]
    for level, attr in ((1, "一级"), (2, "二级")):
        start = 0
        for k in range(1, len(rows) + 1):
            same = (
                k < len(rows)
                and getattr(rows[k].item, attr) == getattr(rows[start].item, attr)
                and (level == 1 or rows[k].item.一级 == rows[start].item.一级)
            )
            if not same:
                setattr(rows[start], f"span{level}", k - start)
                for j in range(start + 1, k):
                    setattr(rows[j], f"span{level}", 0)
                start = k
    return rows
