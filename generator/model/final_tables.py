"""Input model of the nine 决算 公开表 (key ``决算表`` of a 决算 report).

Only the tables with rows of their own are typed in: 收入决算表 (表2), 支出决算表 (表3), 一般公共预算财政拨款支出决算表
(表5), 基本支出决算表 (表6), 政府性基金 / 国有资本经营 (表7/表8). 表1, 表4 and 表9 are assembled from them and from
the narrative figures (收入支出决算总体, 财政拨款收支, 三公经费), so nothing is typed twice inside the tables.
Rows are 项 (7-digit 功能分类) or 款 (5-digit 经济分类) leaves; a 类/款 row or a ``总计`` mapping is a stated total.
"""

from __future__ import annotations

from typing import Optional, TypeAlias

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from ..tables import builtin
from .common import ZERO, Amount, Code, Model, Text, described_table

_T = builtin("决算")
INCOME_COLUMNS = list(_T.table("ft2").输入列)
EXPENSE_COLUMNS = list(_T.table("ft3").输入列)
# 经济分类 类 counted as 人员经费 in 表6; every other 类 is 公用经费
PERSONNEL_CLASSES = ("301", "303")

# Tables built at run time from their descriptions (templates/base/tables/决算.yml). `TypeAlias` lets mypy take
# them as Any in annotations.
IncomeTable: TypeAlias = described_table(_T.table("ft2"), "FinalIncomeTable")
ExpenseTable: TypeAlias = described_table(_T.table("ft3"), "FinalExpenseTable")
GeneralTable: TypeAlias = described_table(_T.table("ft5"), "FinalGeneralTable")
FundTable: TypeAlias = described_table(_T.table("ft7"), "FinalFundTable")
SoeTable: TypeAlias = described_table(_T.table("ft8"), "FinalSoeTable")


class EconRow(Model):
    """One 表6 row: an 经济分类 款 (5 digits) with its 决算数; a 3-digit 类 row is a stated subtotal."""

    科目: Code
    名称: Optional[Text] = None
    决算数: Amount = ZERO

    @field_validator("科目")
    @classmethod
    def _econ(cls, v: str) -> str:
        if len(v) == 7:
            raise PydanticCustomError(
                "econ_code", "表6 的经济分类科目为类3位或款5位，“{v}”是7位的功能分类编码", {"v": v}
            )
        return v


class BasicTable(Model):
    行: list[EconRow] = []


class FinalTables(Model):
    收入决算表: Optional[IncomeTable] = None
    支出决算表: Optional[ExpenseTable] = None
    一般公共预算财政拨款支出决算表: Optional[GeneralTable] = None
    基本支出决算表: Optional[BasicTable] = None
    # absent or empty (`国有资本经营决算表:`): printed as an empty table with its statement
    政府性基金决算表: Optional[FundTable] = FundTable()
    国有资本经营决算表: Optional[SoeTable] = SoeTable()

    @field_validator("政府性基金决算表", "国有资本经营决算表", mode="before")
    @classmethod
    def _empty(cls, v):
        return {} if v in (None, [], "") else v
