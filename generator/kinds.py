"""The two kinds of report, each one record: its input model, its computation, its rules, templates, phrases and
tables. Code that differs between 预算 and 决算 reads the record instead of branching on the kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .compute import compute_budget, compute_final
from .model.budget import BudgetReport
from .model.final import FinalReport


@dataclass(frozen=True)
class ReportKind:
    name: str  # 报告.类型: 预算 | 决算; also the phrase file (phrases/预算.yml) and the table file (tables/预算.yml)
    key: str  # budget | final: the template folder, the rules' kind and figures.kind
    model: type
    compute: Callable[..., Any]  # (report, settings, registry) → figures
    skeleton: str  # folder of the blank input (scaffold/skeleton/<name>)


KINDS = {
    "预算": ReportKind("预算", "budget", BudgetReport, compute_budget, "预算"),
    "决算": ReportKind("决算", "final", FinalReport, compute_final, "决算"),
}


def kind_of(name: object) -> ReportKind:
    """The record of 报告.类型 *name* (anything else is read as 预算; the model then reports the bad value)."""
    return KINDS.get(str(name), KINDS["预算"])
