"""``disclose export-xlsx``: the whole input as one workbook, written all or nothing: the 公开表 as printed (the
xlsx writer, from the rendered document) and form sheets for everything else (excel/input_book.py).

Separate from the xlsx writer (which ``render --format xlsx`` uses inside the pipeline) so that the pipeline and
this command do not import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..kinds import kind_of
from ..load.store import Store
from ..tables import region_registry
from .input_book import add_form_sheets


def export_xlsx(path: str | Path, out: str | Path, templates=None) -> Path:
    """Write the workbook of input *path* to *out* (written beside, then moved: no half-written file)."""
    from ..output import file_target, staged_file
    from ..pipeline import prepare
    from ..render import render_document
    from ..writers.xlsx.workbook import build_workbook

    target = file_target(out, "输出的工作簿")
    p = prepare(path, templates)
    wb = build_workbook(render_document(p.report, p.figures, p.region))
    kind = kind_of(p.report.报告.类型)
    registry = region_registry(kind.name, p.region.dirs)
    add_form_sheets(wb, kind.name, kind.model, Store(path).data, registry, p.figures)
    with staged_file(target) as tmp:
        wb.save(tmp)
    return Path(out)


def blank_workbook(templates=None) -> Callable[[Path], list[str]]:
    """For ``init --xlsx``: writes the workbook of the input being made into its (staged) folder, so the new input
    and its workbook appear together or not at all. Returns the names it wrote."""

    def write(folder: Path) -> list[str]:
        export_xlsx(folder, folder / "公开表.xlsx", templates)
        return ["公开表.xlsx"]

    return write
