"""The 预算 sections read back (to be written)."""

from __future__ import annotations


def read_budget(rd, out) -> None:
    return None
