"""Rounding, shares and year-on-year changes with the conventions of the published reports.

* ROUND_HALF_UP to 2 decimals (what Excel/WPS ROUND does; truncation is ruled out by the seeds).
* Rates are computed from the exact amounts and rounded once.
* prior = 0 and current > 0 → 增长100.00%; prior = 0 and current = 0 → 增加0.00万元，增长0.00%;
  current = 0 and prior > 0 → 下降100.00% (falls out of the formula).
* A change whose printed amount and rate are both 0.00 has the direction 持平: the phrases print 持平 wording for
  it (the seeds' "增加0.00万元，增长0.00%" is a per-report 措辞, see their 报告.版式).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def q2(value: Decimal) -> Decimal:
    """Round to 2 decimals, half up."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole`` (2 decimals); 0 when the whole is 0."""
    if not whole:
        return q2(ZERO)
    return q2(Decimal(part) / Decimal(whole) * HUNDRED)


def budget_diff(actual: Decimal, budget: Decimal) -> Decimal:
    """预决算差异率 (signed percent): (决算 − 预算) / 预算; 0 when both are 0, 100 for an unbudgeted amount."""
    if not budget:
        return q2(ZERO if not actual else HUNDRED)
    return q2((actual - budget) / budget * HUNDRED)


def budget_done(actual: Decimal, budget: Decimal | None) -> Decimal | None:
    """完成（年初/全年）预算的 x%: 决算 / 预算; None when there is no budget to compare with."""
    if not budget:
        return None
    return q2(actual / budget * HUNDRED)


@dataclass(frozen=True)
class Change:
    """Current vs prior: the absolute change, the rate and the words that carry the sign."""

    current: Decimal
    prior: Decimal
    delta: Decimal  # signed, exact
    amount: Decimal  # |delta| rounded
    rate: Decimal  # percent, rounded, >= 0
    up: bool

    @property
    def same(self) -> bool:  # 与上年相同 / 持平
        return self.current == self.prior

    @property
    def dropped(self) -> bool:  # fell to zero: 下降100%
        return self.current == 0 and self.prior > 0

    @property
    def verb(self) -> str:  # 增加 / 减少
        return "增加" if self.up else "减少"

    @property
    def trend(self) -> str:  # 增长 / 下降
        return "增长" if self.up else "下降"

    @property
    def flat(self) -> bool:
        """Nothing to print as a change: the printed amount and rate are both 0.00 (持平 wording)."""
        return self.amount == 0 and self.rate == 0

    @property
    def direction(self) -> str:
        """The direction word the report prints: 持平 when :attr:`flat`, else 增加 / 减少. Phrases choose by it and
        the sentence checks compare typed reasons with it."""
        return "持平" if self.flat else self.verb


def change(current: Decimal, prior: Decimal) -> Change:
    current, prior = Decimal(current), Decimal(prior)
    delta = current - prior
    up = delta >= 0
    if prior == 0:
        rate = HUNDRED if current > 0 else ZERO
    else:
        rate = abs(delta) / abs(prior) * HUNDRED
    return Change(current, prior, delta, q2(abs(delta)), q2(rate), up)
