"""What a writer is told besides the document: the PDF engine and variant, the 目录 page map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import DiscloseError

PDF_ENGINES = ("weasyprint", "typst")
PDF_VARIANTS = ("pdf/a-3u", "pdf/a-2u", "pdf/a-3b", "pdf/a-2b", "pdf/ua-1")


@dataclass(frozen=True)
class Options:
    engine: str = "typst"  # the PDF engine: typst (default) or weasyprint
    variant: str | None = None  # an archival PDF (pdf/a-3u …), or None
    page_map: Mapping[str, int] | None = None  # 目录 anchor id → printed page, from the PDF of the same run
    # keep the engine's state for the next render of this process (disclose watch): Typst reuses its compiler,
    # whose caches make a re-render after a small edit several times faster; the output is the same
    warm: bool = False


def resolve_options(settings: Mapping, engine: str | None = None, variant: str | None = None) -> Options:
    """Options for a report: *engine* (``--pdf-engine``) over the setting PDF引擎, *variant* (``--pdf-variant``)
    over PDF归档 (是 → pdf/a-3u). An engine that does not exist is an error here, before anything is written."""
    engine = (engine or str(settings.get("PDF引擎") or "typst")).strip().lower()
    if engine not in PDF_ENGINES:
        raise DiscloseError(f"不支持的 PDF 引擎“{engine}”（地区设置 PDF引擎），可用：{'、'.join(PDF_ENGINES)}")
    variant = variant or ("pdf/a-3u" if settings.get("PDF归档", "否") == "是" else None)
    return Options(engine, variant)
