"""附加表: a table a region or county adds to the standard set (e.g. 政府购买服务预算表), with its data.

Text cells print as typed; the cells of the columns listed in 金额列 are exact amounts, and their 合计 row is
computed (templates never add).
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from .common import Model, Text, parse_money


class ExtraTable(Model):
    标题: Text
    列: list[Text]
    金额列: list[Text] = []
    行: list[list[Any]] = []
    合计: bool = True
    说明: Text = ""  # printed under the table; for an empty table, the statement why it is empty

    @model_validator(mode="after")
    def _cells(self):
        unknown = [c for c in self.金额列 if c not in self.列]
        if unknown:
            raise PydanticCustomError("extra_cols", "金额列“{c}”不在列中", {"c": "、".join(unknown)})
        money_at = {self.列.index(c) for c in self.金额列}
        rows = []
        for n, row in enumerate(self.行, 1):
            if len(row) != len(self.列):
                raise PydanticCustomError(
                    "extra_row",
                    "第{n}行有{k}个单元格，应为{m}个（与“列”一致）",
                    {"n": n, "k": len(row), "m": len(self.列)},
                )
            rows.append([parse_money(v) if i in money_at else ("" if v is None else str(v)) for i, v in enumerate(row)])
        self.行 = rows
        return self
