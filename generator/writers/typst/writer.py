"""Compile the Typst source in-process (the compiler is inside the ``typst`` wheel; nothing is fetched)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, cast

from ...errors import RenderError
from ...fonts import check_glyphs, font_file
from ...render.page import pdf_fonts
from ...render.tree import Document
from ..options import Options
from .builder import build

TYPST_STANDARDS = ("a-2b", "a-2u", "a-3b", "a-3u")  # archival variants offered on both engines (pdf_standards)
EVICT_AGE = 10  # typst-py evicts, after each compile, what the last ten compiles did not use


@cache
def _typst_families(font_dir: str) -> dict[tuple[str, int], str]:
    import typst

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[font_dir]).fonts()
    return {(str(f.path), f.index): f.family for f in fonts}


@cache
def _compiler(font_dirs: tuple[str, ...]):
    """A Typst compiler kept for this process (``Options.warm``): its caches hold the last compiles' layouts (Typst
    evicts what ten compiles did not use)."""
    import typst

    return typst.Compiler(font_paths=list(font_dirs), ignore_system_fonts=True)


def typst_family(family: str) -> str:
    """The name Typst knows fontconfig's *family* by: Typst reads the family from the font file and drops style
    words ("AR PL UKai CN" is "AR PL UKai" to Typst: CN reads as condensed)."""
    path, index = font_file(family)
    return _typst_families(str(Path(path).parent)).get((path, index), family)


def typst_source(document: Document, family=lambda name: name) -> str:
    """The Typst markup of the document (exposed for tests and for debugging a layout); *family* maps a
    fontconfig family to Typst's name for it."""
    return build(document, family)


def _standards(variant: str | None) -> list[str]:
    """Typst's name of an archival *variant* ("pdf/a-3u" → "a-3u"); one it does not know is an error."""
    if not variant:
        return []
    name = variant.lower().removeprefix("pdf/")
    if name not in TYPST_STANDARDS:
        raise RenderError(
            f"Typst 引擎不支持 PDF 版本“{variant}”，可用：{'、'.join('pdf/' + s for s in TYPST_STANDARDS)}"
        )
    return [name]


def write(document: Document, options: Options, target: Path) -> None:
    """The PDF by Typst; ``options.variant`` an archival standard Typst offers (pdf/a-2b … pdf/a-3u)."""
    import typst

    families = pdf_fonts(document.settings)
    check_glyphs(document.html, families)
    source = typst_source(document, typst_family)
    variant = options.variant
    # only the folders of the fonts fontconfig resolved (the glyph guard checked those files); not scanning every
    # system font saves time and keeps Typst from picking another font of the same name
    font_dirs = sorted({str(Path(font_file(f)[0]).parent) for f in families})
    standards = cast(Any, _standards(variant))
    try:
        if options.warm:  # one compiler per font set, kept: Typst reuses what an edit did not change
            compiler = _compiler(tuple(font_dirs))
            _, warnings = compiler.compile_with_warnings(
                input=source.encode("utf-8"), output=str(target), pdf_standards=standards
            )
        else:
            _, warnings = typst.compile_with_warnings(  # type: ignore[misc]
                source.encode("utf-8"),
                output=str(target),
                font_paths=font_dirs,
                ignore_system_fonts=True,
                pdf_standards=standards,
            )
    except typst.TypstError as exc:
        raise RenderError(f"Typst 排版失败：{exc.message}\n{exc.diagnostic}".rstrip()) from None
    unknown = [w.message for w in warnings if "font" in w.message]
    if unknown:
        Path(target).unlink(missing_ok=True)
        raise RenderError("Typst 找不到字体：" + "；".join(unknown))


def release_caches() -> None:
    """Let Typst forget the layouts it memoized for the reports compiled so far in this process. typst-py keeps,
    after each compile, what the last ten compiles used, so a process that renders report after report (a batch, or
    a batch worker) held the layouts of up to ten reports: six seed reports in one process grew to 1.5 GB, with this
    after each report they stay at 0.7 GB, the largest report's own. Eleven compiles of an empty document age the
    layouts out (a few ms, plus the freeing). Not for ``disclose watch``: there the kept layouts are the point."""
    import typst

    for _ in range(EVICT_AGE + 1):
        typst.compile(b"", font_paths=[], ignore_system_fonts=True)
