"""disclose — generator of 预决算公开 reports: YAML inputs → computed figures → one HTML document → PDF and DOCX."""

from .pipeline import prepare, render

__all__ = ["prepare", "render"]
