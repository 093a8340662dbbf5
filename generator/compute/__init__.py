"""Stage 3: every derived figure (totals, shares, changes, rates, scores) is computed here and only here."""

from .budget import compute_budget
from .final import compute_final

__all__ = ["compute_budget", "compute_final"]
