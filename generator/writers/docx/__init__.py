"""The DOCX format: walks the document's tree into WordprocessingML (python-docx for the package, styles, sections).

Supported subset (anything else is an error, so a template change cannot silently drop content):
``h1 h2 h3 p span a br div nav table colgroup col thead tbody tr th td`` with the classes the base templates use.
Word styles: Heading 1–3 (navigation pane), Title, Body Text, toc 1/2, plus the table styles, with named East-Asian
and Latin fonts; header rows repeat and rows stay whole; pages begin and turn landscape where the document's
markers say (render/pagination.py); the 目录 is a TOC field filled with the page map the pipeline read from the PDF
of the same run (``options.page_map``, writers/pagemap.py).
"""

from .writer import write

__all__ = ["write"]
