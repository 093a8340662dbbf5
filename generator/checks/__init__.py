"""Stage 4: rules over the input and its figures. Each finding is located in the YAML.

Each rule module registers its rules with :mod:`.registry` when imported; importing them here (and nowhere else)
makes the rule set complete whichever part of the package is imported first. A new rule module is added here.
"""

from . import (  # noqa: F401  (imported for their @rule registrations)
    consistency,
    draft_rules,
    final_extra_rules,
    final_rules,
    final_table_rules,
    printed,
    rules,
    sentences,
)
from .registry import RULES, Finding, run_checks

__all__ = ["RULES", "Finding", "run_checks"]
