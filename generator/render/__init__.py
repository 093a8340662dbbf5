"""Stage 5: templates → one document: the HTML Jinja writes, parsed once and finished by ordered passes."""

from .document import render_document, render_html
from .tree import Document

__all__ = ["Document", "render_document", "render_html"]
