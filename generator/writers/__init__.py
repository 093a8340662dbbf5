"""Stage 6: writers. Each takes the one HTML document and writes one format. Registry by name, as Pandoc's."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import DiscloseError


PDF_ENGINES = ("weasyprint", "typst")


def _pdf(html: str, region, target: Path) -> None:
    """The PDF engine named by the region setting PDF引擎 (``--pdf-engine`` overrides it); PDF/A-3u with PDF归档."""
    engine = str(region.settings.get("PDF引擎") or "weasyprint").strip().lower()
    pdf_a = region.settings.get("PDF归档", "否") == "是"
    if engine == "typst":
        from .typst import write_typst_pdf
        write_typst_pdf(html, region, target, pdf_a=pdf_a)
    elif engine == "weasyprint":
        from .pdf import write_pdf
        write_pdf(html, region, target, pdf_a=pdf_a)
    else:
        raise DiscloseError(f"不支持的 PDF 引擎“{engine}”（地区设置 PDF引擎），可用：{'、'.join(PDF_ENGINES)}")


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
