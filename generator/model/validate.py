"""Turn loaded data into a report model; map pydantic errors to located Chinese messages."""
from __future__ import annotations

from dataclasses import replace

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..errors import InputError, Problem
from ..load import Source
from .budget import BudgetReport
from .final import FinalReport

# pydantic error type -> Chinese message (custom errors already carry Chinese text)
MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的键（请检查拼写；预算见 docs/input-format.md，决算见 docs/final-input.md）",
    "literal_error": "取值不在允许范围内：{expected}",
    "string_type": "应为文字",
    "list_type": "应为列表（每项以“- ”开头）",
    "dict_type": "应为“键: 值”映射",
    "model_type": "应为“键: 值”映射",
    "model_attributes_type": "应为“键: 值”映射",
    "int_parsing": "应为整数",
    "decimal_parsing": "应为数字",
    "value_error": "{msg}",
}


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    if kind in MESSAGES:
        ctx = dict(err.get("ctx") or {})
        ctx.setdefault("msg", err.get("msg", ""))
        if "error" in ctx:
            ctx["msg"] = str(ctx["error"])
        try:
            return MESSAGES[kind].format(**ctx)
        except (KeyError, IndexError):
            return MESSAGES[kind]
    return err["msg"]


def _clean_loc(loc: tuple) -> tuple:
    # drop pydantic's internal segments (union branches, function validators)
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))


def build_report(source: Source) -> BudgetReport | FinalReport:
    data = source.data
    kind = (data.get("报告") or {}).get("类型") if isinstance(data.get("报告"), dict) else None
    model = FinalReport if kind == "决算" else BudgetReport
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        seen = set()
        for err in exc.errors():
            loc = _clean_loc(err["loc"])
            where = source.locate(loc)
            where = replace(where, path=loc)
            msg = _message(err)
            key = (str(where), msg)
            if key in seen:
                continue
            seen.add(key)
            problems.append(Problem(msg, where, "模型"))
        raise InputError(problems) from None
