"""Stage 6: writers. Each takes the one finished document and writes one format: ``write(document, options, target)``.

One registry by format name, as Pandoc's: :data:`WRITERS`. A writer module is imported when it is first used (the
engines are large); it reads the document and never changes it. :class:`Options` carries what the command line
and the run decide: the PDF engine and archival variant (already resolved against the region settings) and the
目录 page map that the pipeline reads from a paginated output of the same run (the PDF) for a writer that cannot
lay out pages itself (the DOCX).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DiscloseError
from ..render.tree import Document
from .options import PDF_ENGINES, PDF_VARIANTS, Options, resolve_options

__all__ = ["PDF_ENGINES", "PDF_VARIANTS", "WRITERS", "Options", "Writer", "get_writer", "in_order", "resolve_options"]

WriteFunction = Callable[[Document, Options, Path], None]


def _never(document: Document) -> bool:
    return False


def _module(name: str) -> WriteFunction:
    """The ``write`` of module generator.writers.<name>, imported at the first call."""

    def write(document: Document, options: Options, target: Path) -> None:
        importlib.import_module(f"{__name__}.{name}").write(document, options, target)

    return write


@dataclass(frozen=True)
class Writer:
    name: str  # the format, which is also the file suffix
    write: WriteFunction
    what: str
    paginated: bool = False  # its output has pages the 目录 page map can be read from
    wants_page_map: Callable[[Document], bool] = _never  # it needs options.page_map for this document


def _docx_toc(document: Document) -> bool:
    """A 目录 to number with the pages of the PDF of the same run: the setting Word目录页码 asks for them (PDF), or
    for the DOCX's own layout (LibreOffice, the default) where LibreOffice is not installed."""
    from .pagemap import soffice

    mode = document.settings.get("Word目录页码", "LibreOffice")
    return bool(document.toc) and (mode == "PDF" or (mode == "LibreOffice" and soffice() is None))


WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer("pdf", _module("pdf"), "PDF by the engine options.engine names", paginated=True),
        Writer("docx", _module("docx"), "Word, 目录 numbered by options.page_map", wants_page_map=_docx_toc),
        Writer("html", _module("html"), "the document as HTML text"),
        Writer("xlsx", _module("xlsx"), "the 公开表 as a workbook, exact amounts from data-value"),
    )
}


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[name]
    except KeyError:
        raise DiscloseError(f"不支持的输出格式“{name}”，可用：{'、'.join(WRITERS)}") from None


def in_order(names: Sequence[str]) -> list[Writer]:
    """The writers of *names*, those with pages first: a later one may need the page map read from them."""
    writers = [get_writer(n) for n in names]
    return sorted(writers, key=lambda w: not w.paginated)
