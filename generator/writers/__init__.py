"""Stage 6: writers. Each takes the one HTML document and writes one format. Registry by name, as Pandoc's."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import DiscloseError


def _pdf(html: str, region, target: Path, variant: str | None = None) -> None:
    from .pdf import write_pdf
    write_pdf(html, region, target, variant=variant)


def _docx(html: str, region, target: Path) -> None:
    from .docx import write_docx
    write_docx(html, region, target)


def _html(html: str, region, target: Path) -> None:
    target.write_text(html, encoding="utf-8")


WRITERS: dict[str, Callable] = {"pdf": _pdf, "docx": _docx, "html": _html}


def get_writer(name: str) -> Callable:
    try:
        return WRITERS[name]
    except KeyError:
        raise DiscloseError(f"不支持的输出格式“{name}”，可用：{'、'.join(WRITERS)}") from None
