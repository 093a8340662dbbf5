"""The one document every writer reads: the parsed HTML tree (lxml) with what the writers need beside it.

Built once after Jinja (:func:`generator.render.document.render_document`) and finished by the passes
(:mod:`generator.render.passes`); the writers read it and never change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .grid import Grid, table_grid
from .measure import Geometry
from .page import page_setup
from .serialize import parse, to_html
from .toc import TocEntry, toc_entries


@dataclass
class Document:
    root: Any  # the <html> element
    settings: dict  # the region's settings with the report's 版式, fonts resolved to installed families (字体)
    page: dict  # render.page.page_setup of the settings: paper, margins, sizes, fonts, geometry
    dirs: list[Path] = field(default_factory=list)  # the region's template folders (a reference.docx among them)
    region: str = ""
    kind: str = "budget"  # budget | final
    unit: str = ""
    year: Any = ""
    # what a pass leaves for a later one, by element (the widths pass: a table's cells and column fractions)
    notes: dict = field(default_factory=dict, repr=False, compare=False)
    grids: dict = field(default_factory=dict, repr=False, compare=False)  # table element → its Grid

    @property
    def body(self):
        return self.root.find("body")

    @property
    def geometry(self) -> Geometry:
        return self.page["geometry"]

    @property
    def fonts(self) -> dict[str, str]:
        """Font role (正文, 标题, 表格 …) → the installed family the PDF is set in."""
        return self.page["字体"]

    @property
    def title(self) -> str:
        return (self.root.findtext(".//title") or "").strip()

    @property
    def author(self) -> str:
        meta = self.root.find(".//meta[@name='author']")
        return meta.get("content", "") if meta is not None else ""

    def grid(self, table) -> Grid:
        """The cells of *table* placed on its grid (render/grid.py), computed once for every pass and writer."""
        found = self.grids.get(table)
        if found is None:
            found = self.grids[table] = table_grid(table)
        return found

    @cached_property
    def html(self) -> str:
        """The finished document as HTML text (what WeasyPrint and the HTML writer take); read after the passes."""
        return to_html(self.root)

    @cached_property
    def toc(self) -> list[TocEntry]:
        """The 目录 entries of the document's <nav>, in order."""
        return toc_entries(self.root)


def document_from_html(html: str, settings: dict | None = None, dirs=(), installed=None, **meta) -> Document:
    """A Document of an HTML text, without templates (tests, and tools that hold HTML). No pass has run on it."""
    settings = dict(settings or {})
    page = page_setup(settings, installed)
    return Document(parse(html), dict(settings, 字体=page["字体"]), page, list(dirs), **meta)
