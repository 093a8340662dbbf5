"""PDF writer: WeasyPrint with print CSS, fonts embedded (subset), no network, glyph guard first."""
from __future__ import annotations

import logging
from pathlib import Path

from ..errors import RenderError
from .fonts import check_glyphs

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _no_fetch(url: str, *args, **kwargs):
    # documents are self-contained; a template or input must not pull files or URLs while rendering
    raise RenderError(f"模板试图读取外部资源“{url}”，已拒绝")


def write_pdf(html: str, region, target: Path, pdf_a: bool = False) -> None:
    from weasyprint import HTML

    fonts = region.settings.get("字体", {})
    check_glyphs(html, [fonts.get("正文", "Noto Serif CJK SC"), fonts.get("标题", "Noto Sans CJK SC"),
                        fonts.get("表格", "Noto Sans CJK SC")])
    doc = HTML(string=html, base_url=None, url_fetcher=_no_fetch)
    doc.write_pdf(str(target), **({"pdf_variant": "pdf/a-3u"} if pdf_a else {}))
