"""Stage 6: writers. Each takes the one HTML document and writes one format. Registry by name, as Pandoc's."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import DiscloseError


def _pdf(html: str, region, target: Path) -> None:
    from .pdf import write_pdf
    write_pdf(html, region, target)


def _docx(html: str, region, target: Path) -> None:
    from .docx import write_docx
    write_docx(html, region, target)


def _html(html: str, region, target: Path) -> None:
    target.write_text(html, encoding="utf-8")


def _xlsx(prepared, target: Path) -> None:
    """The 公开表 workbook (generator/excel): made from the computed figures, not from the HTML."""
    from ..excel.export import build_workbook
    build_workbook(prepared.report, prepared.figures, prepared.region).save(target)


_xlsx.from_figures = True  # pipeline.render passes the prepared report instead of the HTML

WRITERS: dict[str, Callable] = {"pdf": _pdf, "docx": _docx, "html": _html, "xlsx": _xlsx}


def get_writer(name: str) -> Callable:
    try:
        return WRITERS[name]
    except KeyError:
        raise DiscloseError(f"不支持的输出格式“{name}”，可用：{'、'.join(WRITERS)}") from None
