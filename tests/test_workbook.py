"""The whole input in one workbook: every seed input and example exports to a workbook that imports into an empty
folder and renders byte-identical HTML (no YAML file needed on the way)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.excel.commands import export_xlsx
from generator.excel.importer import import_xlsx
from generator.render import render_html

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "changji-2025-budget": (ROOT / "inputs/changji-2025-budget", None),
    "xinjiang-2024-budget": (ROOT / "inputs/xinjiang-2024-budget", None),
    "changji-2024-final": (ROOT / "inputs/changji-2024-final", None),
    "jincheng-2024-final": (ROOT / "inputs/jincheng-2024-final", None),
    "final-tables": (ROOT / "examples/final-tables/input", None),
    "county-overlay": (ROOT / "examples/county-overlay/input", ROOT / "examples/county-overlay/templates"),
    "unit-budget": (ROOT / "examples/unit-budget/input", ROOT / "examples/unit-budget/settings"),
    "new-table": (ROOT / "examples/new-table/input", ROOT / "examples/new-table/settings"),
}


def _html(src, overlay) -> str:
    p = pipeline.prepare(src, overlay)
    return render_html(p.report, p.figures, p.region)


@pytest.mark.parametrize("name", sorted(CASES))
def test_workbook_into_an_empty_folder_renders_the_same_report(tmp_path, name):
    src, overlay = CASES[name]
    book = export_xlsx(src, tmp_path / f"{name}.xlsx", overlay)
    written, _notes = import_xlsx(book, None, tmp_path / "new", templates=overlay)
    assert written
    assert _html(tmp_path / "new", overlay) == _html(src, overlay)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
