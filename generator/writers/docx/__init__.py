"""DOCX writer: walks the one HTML document into python-docx.

Supported subset (anything else is an error, so a template change cannot silently drop content):
``h1 h2 h3 p span a div nav table thead tbody tr th td`` with the classes the base templates use.
Word styles: Heading 1–3 (navigation pane), Title, Normal, plus the table styles; East-Asian fonts are set on
styles and runs; thead rows repeat on every page; ``div.wide`` blocks get a landscape section.
"""
from .writer import write_docx

__all__ = ["write_docx"]
