"""disclose — generator of 预决算公开 reports: YAML inputs → computed figures → one HTML document → PDF and DOCX."""

import gc

# A report is one short run that builds many small objects (the input's data, the model, the document tree, the
# imported modules) and frees few: the cyclic collector's default, a pass every 700 allocations, costs about 4 % of
# a render for nothing it finds. A pass every 50,000 allocations instead (set before the imports below).
gc.set_threshold(50_000, 20, 20)

from .pipeline import prepare, render  # noqa: E402

__all__ = ["prepare", "render"]
