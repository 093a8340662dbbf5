"""The passes that finish the document after Jinja, in their order (as docutils' transforms): each does one thing
to the one tree, and the writers only read the finished tree.

A pass is a function of the :class:`~generator.render.tree.Document`; it changes the tree in place or refuses the
document with a RenderError. A later pass may read what an earlier one decided (the fit pass reads the widths
pass's table layouts in ``document.notes``), never the reverse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .breaks import keep_table_ends
from .contained import check_self_contained
from .fit import apply_fit
from .outline import mark_outline
from .pagination import mark_pages
from .tree import Document
from .values import cell_values
from .vocabulary import check_vocabulary
from .widths import apply_widths


class Pass(NamedTuple):
    name: str
    run: Callable[[Document], None]
    what: str


PASSES: tuple[Pass, ...] = (
    Pass("contained", check_self_contained, "no file or URL named anywhere in the document"),
    Pass("values", cell_values, "exact amounts of the cell filter onto their cells (data-value)"),
    Pass("vocabulary", check_vocabulary, "only elements, attributes, classes and markers every writer knows"),
    Pass("widths", apply_widths, "column widths of every table (<colgroup>, class fixed)"),
    Pass("pages", mark_pages, "where pages begin, landscape pages, part titles kept with their first block"),
    Pass("outline", mark_outline, "every table block's title a bookmark under the heading before it"),
    Pass("fit", apply_fit, "table blocks set smaller to stay on a page; rows a long table keeps at its end"),
    Pass("table-ends", keep_table_ends, "the last rows of every table keep together (tr.keep)"),
)


def run_passes(document: Document, passes: tuple[Pass, ...] = PASSES) -> Document:
    for p in passes:
        p.run(document)
    document.notes.clear()  # the writers read the tree, not what the passes left each other
    return document
