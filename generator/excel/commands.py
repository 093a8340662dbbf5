"""``disclose export-xlsx``: the workbook of an input, written all or nothing.

Separate from :mod:`.export` (which the xlsx writer uses inside the pipeline) so that the pipeline and this
command do not import each other.
"""

from __future__ import annotations

from pathlib import Path

from .export import build_workbook


def export_xlsx(path: str | Path, out: str | Path, templates=None) -> Path:
    """Write the workbook of input *path* to *out* (written beside, then moved: no half-written file)."""
    from ..output import file_target, staged_file
    from ..pipeline import prepare

    target = file_target(out, "输出的工作簿")
    p = prepare(path, templates)
    wb = build_workbook(p.report, p.figures, p.region)
    with staged_file(target) as tmp:
        wb.save(tmp)
    return Path(out)
