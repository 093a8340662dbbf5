"""Stage 5: templates → one semantic HTML document (the tree both writers walk)."""

from .document import render_html

__all__ = ["render_html"]
