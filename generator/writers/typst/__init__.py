"""The PDF by Typst: the HTML document → Typst markup → PDF, compiled in-process by the ``typst`` package.

Same supported subset as the DOCX writer (``h1 h2 h3 p span a br div nav table colgroup col thead tbody tr th
td`` with the classes the base templates use); anything else is a render error.
"""

from .writer import release_caches, typst_source, write

__all__ = ["release_caches", "typst_source", "write"]
