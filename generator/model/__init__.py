"""Stage 2: validate plain data into typed report models, with located Chinese errors."""

from .validate import build_report

__all__ = ["build_report"]
