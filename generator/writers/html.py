"""The HTML format: the finished document as text (what WeasyPrint prints)."""

from __future__ import annotations

from pathlib import Path

from ..render.tree import Document
from .options import Options


def write(document: Document, options: Options, target: Path) -> None:
    target.write_text(document.html, encoding="utf-8")
