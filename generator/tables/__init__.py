"""The 公开表 described once (id, input, columns, header, layout): what the model, compute, checks, workbook and
templates of every table read. See :mod:`generator.tables.describe`."""

from .describe import FORMS, Registry, TableDef, figure_of, table_setting
from .header import HeaderCell, header_rows
from .registry import builtin, load_registry, region_registry

# report kind of the figures (compute) → kind of the descriptions
KIND_NAMES = {"budget": "预算", "final": "决算"}

__all__ = [
    "FORMS",
    "figure_of",
    "HeaderCell",
    "Registry",
    "TableDef",
    "builtin",
    "header_rows",
    "load_registry",
    "region_registry",
    "table_setting",
    "KIND_NAMES",
]
