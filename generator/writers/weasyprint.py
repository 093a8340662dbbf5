"""The PDF by WeasyPrint: the document's HTML with its print CSS, fonts embedded (subset), no network, the glyph
guard first."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from ..errors import RenderError
from ..fonts import check_glyphs
from ..render.page import pdf_fonts
from ..render.tree import Document
from .options import PDF_VARIANTS, Options

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _no_fetch(url: str, *args, **kwargs):
    # documents are self-contained; a template or input must not pull files or URLs while rendering
    raise RenderError(f"模板试图读取外部资源“{url}”，已拒绝")


_no_fetch._fail_on_errors = False  # type: ignore[attr-defined]  # WeasyPrint ≥ 70 reads it: a refusal is skipped


def write(document: Document, options: Options, target: Path) -> None:
    """Write the PDF; ``options.variant`` (e.g. "pdf/a-3u") makes an archival file: XMP metadata, fonts embedded.

    Title, author (the unit) and language come from the HTML (<title>, <meta name=author>, lang); the creation
    date is the time of rendering."""
    from weasyprint import HTML

    variant = options.variant
    if variant and variant not in PDF_VARIANTS:
        raise RenderError(f"不支持的 PDF 版本“{variant}”，可用：{'、'.join(PDF_VARIANTS)}")
    html = document.html
    check_glyphs(html, pdf_fonts(document.settings))
    rendered = HTML(string=html, base_url=None, url_fetcher=_no_fetch).render()
    if not rendered.metadata.created:
        rendered.metadata.created = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    if variant:
        rendered.write_pdf(str(target), pdf_variant=variant)
    else:
        rendered.write_pdf(str(target))
