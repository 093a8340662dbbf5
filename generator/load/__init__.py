"""Stage 1: read YAML inputs into plain data plus a map of source positions; and the input folder written back
(store.py: every command that writes an input — import-xlsx, import-report, rollover — writes through one Store,
all or nothing, comments kept by roundtrip.py)."""

from .reader import Source, load_input, read_mapping

__all__ = ["Source", "load_input", "read_mapping"]
