"""Turn loaded data into a report model; map pydantic errors to located Chinese messages."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional, get_args

from pydantic import BaseModel, ValidationError, create_model
from pydantic_core import ErrorDetails

from ..errors import InputError, Problem
from ..load import Source
from .budget import BudgetReport
from .common import described_table
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


def _previous(data, loc: tuple):
    """(key, value) typed just before the last key of *loc* in the input, if any."""
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(node, dict):
        return None
    keys = list(node)
    i = keys.index(loc[-1]) if loc[-1] in keys else 0
    return (keys[i - 1], node[keys[i - 1]]) if i > 0 else None


def _split_text_message(key: str, before) -> str:
    """An unknown key without a value is nearly always the tail of a text split at an unquoted "," in a {…} line."""
    prev_key, prev = before if before and isinstance(before[1], str) else ("三级", "……")
    return (
        f"“{key}”不是可用的键：多半是前一项文字里的英文逗号“,”把文字截断了，逗号后的“{key}”被当成了键。"
        f'在 {{…}} 写法里，含英文逗号“,”或冒号“:”的文字要加引号，例如 {prev_key}: "{prev}, {key}"；'
        "或改用中文逗号“，”"
    )


def with_tables(model: type[BaseModel], registry: Any) -> type[BaseModel]:
    """*model* with a field for every 科目表 of *registry* whose input path it lacks (a table a region or overlay
    adds by its description alone)."""
    if registry is None:
        return model
    added = [d for d in registry.of_form("科目表") if not _has_path(model, d.path)]
    if not added:
        return model
    key = (model, tuple(d.model_dump_json() for d in added))
    if key not in _EXTENDED:
        for d in added:
            model = _add_field(model, d.path, described_table(d, f"Table_{d.id}"))
        _EXTENDED[key] = model
    return _EXTENDED[key]


_EXTENDED: dict = {}  # (model, descriptions) → extended model: one class per table set, as pydantic likes it


def _has_path(model: Any, path: tuple) -> bool:
    for key in path:
        field = getattr(model, "model_fields", {}).get(key)
        if field is None:
            return False
        model = _inner(field.annotation)
    return True


def _inner(annotation: Any) -> Any:
    """X of Optional[X] (or X itself)."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    return args[0] if args else annotation


def _add_field(model: type[BaseModel], path: tuple, table: type) -> type[BaseModel]:
    if len(path) == 1:
        return create_model(model.__name__, __base__=model, **{path[0]: (Optional[table], None)})
    field = model.model_fields[path[0]]
    inner = _add_field(_inner(field.annotation), path[1:], table)
    return create_model(model.__name__, __base__=model, **{path[0]: (Optional[inner], field.default)})


def _clean_loc(loc: tuple) -> tuple:
    # drop pydantic's internal segments (union branches, function validators)
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))


def build_report(source: Source, registry: Any = None) -> BudgetReport | FinalReport:
    """The report model of *source* (BudgetReport or FinalReport by 报告.类型), extended by the 科目表 that
    *registry* (the region's table descriptions) adds beyond the built-in ones. Raises a located InputError."""
    data = source.data
    kind = (data.get("报告") or {}).get("类型") if isinstance(data.get("报告"), dict) else None
    model = with_tables(FinalReport if kind == "决算" else BudgetReport, registry)
    try:
        return model.model_validate(data)  # type: ignore[return-value]  # a subclass of the kind's model
    except ValidationError as exc:
        problems = []
        seen = set()
        for err in exc.errors():
            loc = _clean_loc(err["loc"])
            where = source.locate(loc)
            where = replace(where, path=loc)
            msg = _message(err)
            if err["type"] == "extra_forbidden" and err.get("input") is None and loc:
                msg = _split_text_message(str(loc[-1]), _previous(data, loc))
            key = (str(where), msg)
            if key in seen:
                continue
            seen.add(key)
            problems.append(Problem(msg, where, "模型"))
        raise InputError(problems) from None
