"""Stage 6: writers. Each takes the one HTML document and writes one format. Registry by name, as Pandoc's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import DiscloseError
from ..regions import Region

PDF_ENGINES = ("weasyprint", "typst")


def _pdf(html: str, region: Region, target: Path, variant: str | None = None) -> None:
    """The PDF engine named by the region setting PDF引擎 (``--pdf-engine`` overrides it); an archival *variant*
    (``--pdf-variant``), else PDF/A-3u when the setting PDF归档 is 是."""
    engine = str(region.settings.get("PDF引擎") or "weasyprint").strip().lower()
    variant = variant or ("pdf/a-3u" if region.settings.get("PDF归档", "否") == "是" else None)
    if engine == "typst":
        from .typst import write_typst_pdf

        write_typst_pdf(html, region, target, variant=variant)
    elif engine == "weasyprint":
        from .pdf import write_pdf

        write_pdf(html, region, target, variant=variant)
    else:
        raise DiscloseError(f"不支持的 PDF 引擎“{engine}”（地区设置 PDF引擎），可用：{'、'.join(PDF_ENGINES)}")


def _docx(html: str, region: Region, target: Path, pdf: Path | None = None) -> None:
    from .docx import write_docx

    write_docx(html, region, target, pdf=pdf)  # pdf: the same document's PDF, for the 目录 page numbers


def _html(html: str, region: Region, target: Path) -> None:
    target.write_text(html, encoding="utf-8")


def _xlsx(prepared, target: Path) -> None:
    """The 公开表 workbook (generator/excel): made from the computed figures, not from the HTML."""
    from ..excel.export import build_workbook

    build_workbook(prepared.report, prepared.figures, prepared.region).save(target)


_xlsx.from_figures = True  # type: ignore[attr-defined]  # pipeline.render passes the prepared report, not the HTML

# A writer: (the one HTML document, region, target file, **options) → the file written
Writer = Callable[..., None]

WRITERS: dict[str, Writer] = {"pdf": _pdf, "docx": _docx, "html": _html, "xlsx": _xlsx}


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[name]
    except KeyError:
        raise DiscloseError(f"不支持的输出格式“{name}”，可用：{'、'.join(WRITERS)}") from None
