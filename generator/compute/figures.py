"""The computed figures of a report, typed: what templates format and rules compare.

Each field is a figure or a small tree of figures (tables, sections); nothing here is computed. The 科目表 of the
report's table descriptions are in ``subject`` by id (``t3``), a table a region adds included; the built-in ones
also have a field of their own, for the sections that quote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace as NS
from typing import Any


@dataclass(frozen=True)
class Figures:
    """What every report kind has: kind (budget | final), year, unit, level and the tables."""

    kind: str
    year: int
    unit: str
    level: str
    extra: list  # 附加表
    subject: dict  # the 科目表 by figure name (t3 …), from their descriptions
    described: list  # compute.tables.Described: 科目表 with their description and printed name


@dataclass(frozen=True)
class BudgetFigures(Figures):
    prior_given: bool  # any 上年 figure in the input (a first published report has none)
    t1: NS  # 收支总表
    t2: Any
    t3: Any
    t4: NS  # 财政拨款收支总表
    t5: Any
    t6: Any
    t7: NS  # 项目支出表
    t8: Any
    t9: Any
    t10: NS  # 三公经费表
    t11: NS  # 上年结转结余表
    income_total: Decimal
    income_items: list
    income_kinds: list
    expense_kinds: list
    spend_total: Decimal
    spend: list
    fiscal_classes: list
    fiscal_only_general: bool
    general_total: Decimal
    general_split: list
    general_classes: list
    general_items: list
    basic: NS
    projects: list
    sangong: NS
    carry: NS
    running: NS
    procurement: NS
    assets: NS
    perf: NS
    overview: NS


@dataclass(frozen=True)
class FinalFigures(Figures):
    checks: NS  # switches of the rules from the settings
    totals: NS
    income_items: list
    expense_items: list
    fiscal: NS
    general: NS
    basic: NS
    gov_fund: Any
    soe: Any
    sangong: NS
    running: NS | None
    procurement: NS
    assets: NS
    perf: NS
    overview: NS | None
    tables: NS | None  # the nine 决算表, when the input has them
    # compute/final_extras.py: 十 预算绩效管理 (None without it), the units of the 决算, the 项 of 八/九
    management: NS | None = None
    units: list = field(default_factory=list)
    fund_items: NS | None = None
