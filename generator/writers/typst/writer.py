"""Compile the Typst source in-process (the compiler is inside the ``typst`` wheel; nothing is fetched)."""
from __future__ import annotations

from pathlib import Path

import lxml.html

from ...errors import RenderError
from ..fonts import check_glyphs, font_file
from .builder import build


def _families(region) -> list[str]:
    fonts = region.settings.get("字体", {})
    return [fonts.get("正文", "Noto Serif CJK SC"), fonts.get("标题", "Noto Sans CJK SC"),
            fonts.get("表格", "Noto Sans CJK SC")]


def typst_source(html: str, region) -> str:
    """The Typst markup of the document (exposed for tests and for debugging a layout)."""
    return build(lxml.html.document_fromstring(html), region)


def write_typst_pdf(html: str, region, target: Path, pdf_a: bool = False) -> None:
    import typst

    families = _families(region)
    check_glyphs(html, families)
    source = typst_source(html, region)
    # only the folders of the fonts fontconfig resolved (the glyph guard checked those files); not scanning every
    # system font saves time and keeps Typst from picking another font of the same name
    font_dirs = sorted({str(Path(font_file(f)[0]).parent) for f in families})
    try:
        _, warnings = typst.compile_with_warnings(source.encode("utf-8"), output=str(target), font_paths=font_dirs,
                                                  ignore_system_fonts=True,
                                                  pdf_standards=["a-3u"] if pdf_a else [])
    except typst.TypstError as exc:
        raise RenderError(f"Typst 排版失败：{exc.message}\n{exc.diagnostic}".rstrip()) from None
    unknown = [w.message for w in warnings if "font" in w.message]
    if unknown:
        Path(target).unlink(missing_ok=True)
        raise RenderError("Typst 找不到字体：" + "；".join(unknown))
