"""Stage 1: read YAML inputs into plain data plus a map of source positions."""

from .reader import Source, load_input, read_mapping

__all__ = ["Source", "load_input", "read_mapping"]
