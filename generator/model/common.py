"""Field types shared by every report model: exact money, codes, counts, text."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

_MONEY = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _money(value: Any, what: str = "金额", example: str = "1744.68 或 1,744.68") -> Decimal:
    if value is None or value == "":
        return Decimal("0")
    if isinstance(value, bool) or isinstance(value, float):
        # floats cannot carry 0.01 exactly; the YAML reader never produces them, API callers must not either
        raise PydanticCustomError("money_float", "{what}不能是浮点数，请写成文字或 Decimal", {"what": what})
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip().replace("，", ",")
        if not _MONEY.match(text):
            raise PydanticCustomError("money_text", "“{text}”不是{what}（应为数字，如 {example}）",
                                      {"text": value, "what": what, "example": example})
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - regex guards it
            raise PydanticCustomError("money_text", "“{text}”不是金额", {"text": value}) from None
    raise PydanticCustomError("money_type", "{what}应为数字", {"what": what})


def _nonneg(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("money_negative", "金额不能为负数（{value}）", {"value": str(value)})
    return value


def _count(value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or isinstance(value, float):
        raise PydanticCustomError("count_type", "应为整数")
    text = str(value).strip().replace(",", "")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise PydanticCustomError("count_type", "“{text}”不是整数", {"text": str(value)})
    return int(text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise PydanticCustomError("text_type", "应为文字")
    return str(value).strip()


def _code(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"\d{3}(\d{2}){0,2}", text):
        raise PydanticCustomError("code_format", "科目编码“{text}”格式不对（类3位、款5位、项7位数字）", {"text": text})
    return text


Money = Annotated[Decimal, BeforeValidator(_money)]
Amount = Annotated[Decimal, BeforeValidator(lambda v: _nonneg(_money(v)))]  # money that cannot be negative
Score = Annotated[Decimal, BeforeValidator(lambda v: _money(v, "分值", "10 或 7.5"))]  # weights, scores
Count = Annotated[int, BeforeValidator(_count)]
Text = Annotated[str, BeforeValidator(_text)]
Code = Annotated[str, BeforeValidator(_code)]
ZERO = Decimal("0")


class Model(BaseModel):
    """Base of every input model: YAML keys are the (Chinese) aliases, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False, str_strip_whitespace=True)


def F(alias: str, default: Any = ..., **kw) -> Any:  # noqa: N802 - short on purpose, used in every model
    """A field whose YAML key is *alias*."""
    if default is ... and "default_factory" in kw:
        return Field(alias=alias, **kw)
    return Field(default, alias=alias, **kw)


def paragraphs(text: str) -> list[str]:
    """Split a multi-line text block into paragraphs (one per non-empty line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class CodeNames(Model):
    """Names of codes the built-in catalogue lacks (or names a report prints differently): code → name."""
    功能分类: dict[Code, Text] = {}
    经济分类: dict[Code, Text] = {}
