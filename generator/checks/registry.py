"""Rule registry and findings. Rule modules register with :func:`rule`; the package ``__init__`` imports them, so
this module never imports a rule module (no import circle)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..compute.figures import Figures
from ..errors import Location
from ..load import Source

# A rule: (report model, computed figures, source for locations) → findings
RuleFunc = Callable[[Any, Any, Source], Iterable["Finding"]]

RULES: dict[str, Rule] = {}


@dataclass
class Rule:
    id: str
    severity: str  # 错误 | 警告
    title: str
    func: RuleFunc
    kind: str = "budget"  # report kind the rule applies to: budget | final


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    location: Location = field(default_factory=Location)
    table: str = ""
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    tolerance: Decimal | None = None
    waived: str = ""  # reason from 已知问题 when acknowledged

    @property
    def difference(self) -> Decimal | None:
        if isinstance(self.expected, Decimal) and isinstance(self.actual, Decimal):
            return self.actual - self.expected
        return None

    def as_dict(self) -> dict:
        loc = self.location
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "path": loc.yaml_path(),
            "table": self.table,
            "expected": None if self.expected is None else str(self.expected),
            "actual": None if self.actual is None else str(self.actual),
            "difference": None if self.difference is None else str(self.difference),
            "tolerance": None if self.tolerance is None else str(self.tolerance),
            "waived": self.waived or None,
        }


def rule(rule_id: str, severity: str, title: str, kind: str = "budget") -> Callable[[RuleFunc], RuleFunc]:
    def deco(func: RuleFunc) -> RuleFunc:
        RULES[rule_id] = Rule(rule_id, severity, title, func, kind)
        return func

    return deco


# the words the report prints (``say``: its phrase book, ``settings``: its region settings) while run_checks runs;
# the sentence rules compare typed texts with them (None: checks run without them, those rules stay silent)
_WORDING: ContextVar[Any] = ContextVar("wording", default=None)


def wording() -> Any:
    """The phrases and settings of the report being checked (see :func:`run_checks`), or None."""
    return _WORDING.get()


def run_checks(report: Any, figures: Figures, source: Source, words: Any = None) -> list[Finding]:
    """Every registered rule of the report's kind (budget | final), with acknowledged findings marked waived.
    *words*: the report's phrases and settings (``say``, ``settings``) for the rules on typed texts."""
    kind = figures.kind
    findings: list[Finding] = []
    token = _WORDING.set(words)
    try:
        for r in RULES.values():
            if r.kind != kind:
                continue
            for f in r.func(report, figures, source) or []:
                findings.append(f)
    finally:
        _WORDING.reset(token)
    # acknowledged findings (报告 已知问题): matched by rule id and, when given, a substring of the finding's
    # YAML path, table or message (e.g. a project name)
    for f in findings:
        for w in report.已知问题:
            if w.规则 == f.rule and (
                not w.位置 or w.位置 in f.location.yaml_path() or w.位置 in f.table or w.位置 in f.message
            ):
                f.waived = w.原因
    return findings
