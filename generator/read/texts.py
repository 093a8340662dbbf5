"""Texts of the report into the input's text fields (to be written)."""

from __future__ import annotations


def place_texts(out, report, figures, region) -> None:
    return None
