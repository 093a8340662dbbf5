"""``disclose export-xlsx``: the workbook of an input (the XLSX writer, generator/writers/xlsx), written all or
nothing to the file the user names."""

from __future__ import annotations

from pathlib import Path


def export_xlsx(path: str | Path, out: str | Path, templates=None) -> Path:
    """Write the workbook of input *path* to *out* (written beside, then moved: no half-written file)."""
    import os
    import tempfile

    from ..pipeline import prepare
    from ..render import render_document
    from ..writers import Options, get_writer

    p = prepare(path, templates)
    document = render_document(p.report, p.figures, p.region)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".disclose-", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        get_writer("xlsx").write(document, Options(), Path(tmp))
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return out
