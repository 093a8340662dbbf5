"""绩效自评 scoring: completion rates, indicator scores, fund scores, totals and grades.

The rules are chosen by the region (settings ``绩效自评`` in region.yml). What the seeds show
(../shared/research/final-audit.md, final-format.md §6):

* Xinjiang (seed 000) scores indicators mechanically from the completion rate r = 业绩值 / 目标值 (not inverted for
  a ``<=`` target; both 0 → 100%): 按照完成比例赋分 gives w at r = 1, w·(2 − r) above (over-achievement is
  penalised) and w·(r − 0.6)/0.4 below, floored at 0; 满意度赋分 gives w for r ≥ 1; 直接赋分 and 按评判等级赋分 give
  w when the target is met. Every score is rounded half-up to 2 decimals.
* Shanxi (seed 001) indicator scores are the assessor's and are inputs, checked 0 ≤ 得分 ≤ 分值.
* Fund score: Shanxi min(10, 执行率 / 10); Xinjiang project tables print 10.00 down to 97.50%, the 整体 table prints
  the truncated rate × 10 (9.63 at 96.386%). Which rule applies is a setting; the rule names are below.
* 总分 = Σ指标得分 + 资金得分; grade bands 90/80/60 → 优/良/中/差 by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from .rounding import HUNDRED, ZERO, q2

ONE = Decimal("1")
TEN = Decimal("10")

# "op number unit" with a unit that carries no digit: =1次, >=95%, <=2.98万元, ≥90%, ＜=30天
_TARGET = re.compile(r"^\s*(?:[=＝]|[<>＜＞]=?|[≤≥≦≧])?\s*(\d+(?:\.\d+)?)\s*([^\d]*)$")


def target_number(text: str) -> Decimal | None:
    """The number of a quantitative target or actual value, or None for a qualitative one (dates, words)."""
    m = _TARGET.match(text or "")
    return Decimal(m.group(1)) if m else None


def percent_text(text: str) -> Decimal | None:
    """'105.26%' / '100' → Decimal percent; None when not a number."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%?\s*", text or "")
    return Decimal(m.group(1)) if m else None


@dataclass(frozen=True)
class Completion:
    rate: Decimal  # percent, 2 decimals
    computed: bool  # False: a qualitative target, the rate is the assessed (given) one


def completion(target: str, actual: str, given: str = "", published: str = "") -> Completion:
    """完成率 of one indicator: actual / target for numeric values, else the given (or published) assessment."""
    t, a = target_number(target), target_number(actual)
    if t is not None and a is not None:
        if t == 0:  # both 0 (e.g. =0% accidents): met; a non-zero actual against 0 has no ratio
            return Completion(q2(HUNDRED), a == 0)
        return Completion(q2(a / t * HUNDRED), True)
    for text in (given, published):
        p = percent_text(text)
        if p is not None:
            return Completion(q2(p), False)
    return Completion(q2(HUNDRED), False)


def indicator_score(rule: str, weight: Decimal, rate: Decimal) -> Decimal:
    """Xinjiang 指标得分 from the 赋分规则 text, the weight and the completion rate (percent)."""
    r = rate / HUNDRED
    if "满意度" in rule:
        score = weight if r >= ONE else _ramp(weight, r)
    elif "比例" in rule:
        if r == ONE:
            score = weight
        elif r > ONE:
            score = weight * (2 - r)
        else:
            score = _ramp(weight, r)
    else:  # 直接赋分, 按评判等级赋分 and anything else: full marks when met, proportional otherwise
        score = weight if r >= ONE else weight * r
    return q2(max(score, ZERO))


def _ramp(weight: Decimal, r: Decimal) -> Decimal:
    """0 points at 60%, full marks at 100%, linear between."""
    return max(weight * (r - Decimal("0.6")) / Decimal("0.4"), ZERO)


def execution_rate(budget: Decimal, executed: Decimal) -> Decimal:
    """执行率 (percent, 2 decimals); 0 when nothing was budgeted."""
    if not budget:
        return q2(ZERO)
    return q2(Decimal(executed) / Decimal(budget) * HUNDRED)


def fund_score(
    rule: str, budget: Decimal, executed: Decimal, weight: Decimal = TEN, threshold: Decimal | None = None
) -> Decimal:
    """资金得分 by the named rule.

    * ``执行率`` — national: weight × 执行率 (rate rounded first, as printed), capped at weight, half-up.
    * ``执行率截断`` — the same, truncated to 2 decimals (seed 000's 整体 table).
    * ``阈值满分`` — full marks at or above *threshold* percent, else ``执行率截断`` (fits all 19 seed-000
      project tables; inferred, not a published rule).
    """
    if not budget:
        return q2(ZERO)
    exact = Decimal(executed) / Decimal(budget) * HUNDRED
    if rule == "执行率":
        return min(weight, q2(q2(exact) * weight / HUNDRED))
    truncated = min(weight, (exact * weight / HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_DOWN))
    if rule == "执行率截断":
        return truncated
    if rule == "阈值满分":
        return weight if q2(exact) >= (threshold if threshold is not None else HUNDRED) else truncated
    raise ValueError(f"未知的资金得分规则“{rule}”")


def grade(total: Decimal, bands: list[tuple[Decimal, str]]) -> str:
    """The grade of *total*: the first band whose lower bound it reaches (bands sorted high → low)."""
    for low, name in bands:
        if total >= low:
            return name
    return bands[-1][1] if bands else ""
