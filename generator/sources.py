"""Where an input comes from: a YAML file or folder (generator/load), or a workbook (generator/excel), read into one
:class:`~generator.load.Source` — above both, so neither reads the other.

A workbook input is imported into a temporary folder exactly as ``disclose import-xlsx`` would (nothing is written
beside it); its positions are the cells the figures and texts were typed in, so every finding names ``表3!E7``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .load import Source, load_input
from .pipeline import Prepared, prepare_source

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def load(path: str | Path, templates: str | Path | None = None) -> Source:
    """The input at *path*: a YAML file or folder, or a workbook (every finding then located at its cells)."""
    if not is_workbook(path):
        return load_input(path)
    from .excel.importer import import_xlsx

    positions: dict = {}
    with tempfile.TemporaryDirectory(prefix="disclose-") as tmp:
        import_xlsx(path, None, Path(tmp) / "输入", templates=templates, positions=positions)
        source = load_input(Path(tmp) / "输入")
    positions.setdefault((), next(iter(positions.values()), None) or source.locate(()))
    return Source(source.data, positions, str(path), Path(path).parent)


def prepare(path: str | Path, templates: str | Path | None = None, catalog: str | Path | None = None) -> Prepared:
    """:func:`generator.pipeline.prepare` of any input *path* (YAML or workbook)."""
    return prepare_source(load(path, templates), templates, catalog)
