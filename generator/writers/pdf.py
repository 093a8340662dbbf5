"""PDF writer: WeasyPrint with print CSS, fonts embedded (subset), no network, glyph guard first."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from ..errors import RenderError
from ..fonts import check_glyphs
from ..regions import Region
from ..render.page import pdf_fonts

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _no_fetch(url: str, *args, **kwargs):
    # documents are self-contained; a template or input must not pull files or URLs while rendering
    raise RenderError(f"模板试图读取外部资源“{url}”，已拒绝")


_no_fetch._fail_on_errors = False  # type: ignore[attr-defined]  # WeasyPrint ≥ 70 reads it: a refusal is skipped


VARIANTS = ("pdf/a-3u", "pdf/a-2u", "pdf/a-3b", "pdf/a-2b", "pdf/ua-1")


def write_pdf(html: str, region: Region, target: Path, variant: str | None = None) -> None:
    """Write the PDF; *variant* (e.g. "pdf/a-3u") makes an archival file: XMP metadata, fonts embedded.

    Title, author (the unit) and language come from the HTML (<title>, <meta name=author>, lang); the creation
    date is the time of rendering."""
    from weasyprint import HTML

    if variant and variant not in VARIANTS:
        raise RenderError(f"不支持的 PDF 版本“{variant}”，可用：{'、'.join(VARIANTS)}")
    check_glyphs(html, pdf_fonts(region.settings))
    document = HTML(string=html, base_url=None, url_fetcher=_no_fetch).render()
    if not document.metadata.created:
        document.metadata.created = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    if variant:
        document.write_pdf(str(target), pdf_variant=variant)
    else:
        document.write_pdf(str(target))
