"""JSON Schema of the input, for editors (yaml-language-server, VS Code, …): key completion and misspelt keys
flagged while typing. The input model stays the one source; this only exports it.

An input is a folder of YAML files merged at the top level, so by default the top-level ``required`` list is
dropped (each file holds some of the sections); nested requirements stay. ``disclose check`` remains the
authority (it also runs the cross-figure rules no schema can express).
"""

from __future__ import annotations

from .budget import BudgetReport
from .common import Model
from .final import FinalReport

KINDS: dict[str, type[Model]] = {"预算": BudgetReport, "决算": FinalReport}


def json_schema(kind: str, whole: bool = False) -> dict:
    schema = KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"disclose {kind} input"
    if not whole:
        schema.pop("required", None)
    return schema
