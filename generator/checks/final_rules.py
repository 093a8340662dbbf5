"""Rules of a 决算 report (registered with kind="final")."""
from __future__ import annotations
