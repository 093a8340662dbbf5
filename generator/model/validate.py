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
            if err["type"] == "extra_forbidden" and err.get("input") is None and loc:
                msg = _split_text_message(str(loc[-1]), _previous(data, loc))
            key = (str(where), msg)
            if key in seen:
                continue
            seen.add(key)
            problems.append(Problem(msg, where, "模型"))
        raise InputError(problems) from None
