"""The PDF format: written by the engine ``options.engine`` names (writers/weasyprint.py or writers/typst/)."""

from __future__ import annotations

import importlib
from pathlib import Path

from ..render.tree import Document
from .options import PDF_ENGINES, Options


def write(document: Document, options: Options, target: Path) -> None:
    assert options.engine in PDF_ENGINES  # resolve_options refused any other
    importlib.import_module(f"{__package__}.{options.engine}").write(document, options, target)
