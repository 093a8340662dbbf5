"""Field types shared by every report model: exact money, codes, counts, text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError

_MONEY = re.compile(r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$")
MAX_INT_DIGITS = 12  # 万元: 10¹² 万元 is far above any budget; bounds Decimal work (a 31-digit amount was a traceback)
MAX_DECIMALS = 6  # 元 precision is 4 decimals of 万元
MAX_COUNT_DIGITS = 9
MAX_NAME_CHARS = 100  # 单位名称: the longest real one has about 30 characters; 10,000 stalled a PDF/A render
YEARS = (2000, 2100)  # 年度
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _fullwidth_hint(text: str) -> str:
    return "（含全角数字，请改用半角数字 0–9）" if text != text.translate(_FULLWIDTH) else ""


def parse_money(value: Any, what: str = "金额", example: str = "1744.68 或 1,744.68") -> Decimal:
    """An exact amount from YAML text, int or Decimal (never a float); thousands separators allowed."""
    if value is None or value == "":
        return Decimal("0")
    if isinstance(value, bool) or isinstance(value, float):
        # floats cannot carry 0.01 exactly; the YAML reader never produces them, API callers must not either
        raise PydanticCustomError("money_float", "{what}不能是浮点数，请写成文字或 Decimal", {"what": what})
    if isinstance(value, (int, Decimal)):
        return parse_money(str(value), what, example)  # same digit limits as typed text
    if isinstance(value, str):
        text = value.strip().replace("，", ",")
        if not _MONEY.match(text):
            raise PydanticCustomError(
                "money_text",
                "“{text}”不是{what}（应为数字，如 {example}）{hint}",
                {"text": value, "what": what, "example": example, "hint": _fullwidth_hint(text)},
            )
        whole, _, frac = text.replace(",", "").lstrip("+-").partition(".")
        if len(whole.lstrip("0")) > MAX_INT_DIGITS or len(frac) > MAX_DECIMALS:
            raise PydanticCustomError(
                "money_digits",
                "“{text}”位数过多（{what}整数部分最多 {i} 位、小数最多 {d} 位）",
                {"text": value, "what": what, "i": MAX_INT_DIGITS, "d": MAX_DECIMALS},
            )
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - regex guards it
            raise PydanticCustomError("money_text", "“{text}”不是金额", {"text": value}) from None
    raise PydanticCustomError("money_type", "{what}应为数字", {"what": what})


def _nonneg(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("money_negative", "金额不能为负数（{value}）", {"value": str(value)})
    return value


def _signed_count(value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or isinstance(value, float):
        raise PydanticCustomError("count_type", "应为整数")
    text = str(value).strip().replace(",", "")
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise PydanticCustomError(
            "count_type", "“{text}”不是整数{hint}", {"text": str(value), "hint": _fullwidth_hint(text)}
        )
    if len(text.lstrip("+-").lstrip("0")) > MAX_COUNT_DIGITS:
        raise PydanticCustomError(
            "count_digits", "“{text}”位数过多（最多 {n} 位）", {"text": str(value), "n": MAX_COUNT_DIGITS}
        )
    return int(text)


def _count(value: Any) -> int:
    n = _signed_count(value)
    if n < 0:
        raise PydanticCustomError("count_negative", "人数、个数不能为负数（{n}）", {"n": n})
    return n


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise PydanticCustomError("text_type", "应为文字")
    text = str(value).strip()
    bad = _CONTROL.search(text)
    if bad:  # reachable through escapes such as "\0" in a double-quoted YAML string
        raise PydanticCustomError(
            "text_control", "文字中含有控制字符 U+{code}，请删除", {"code": f"{ord(bad.group()):04X}"}
        )
    return text


def _required_text(value: Any) -> str:
    text = _text(value)
    if not text:
        raise PydanticCustomError("text_empty", "不能为空")
    return text


def unit_name_problem(text: str) -> str | None:
    """Why *text* cannot be a 单位名称 (one line, not empty, at most :data:`MAX_NAME_CHARS`), or None."""
    if not text.strip():
        return "不能为空"
    if "\n" in text or "\r" in text or _CONTROL.search(text):
        return "单位名称应为一行文字，不能含换行或控制字符"
    if len(text) > MAX_NAME_CHARS:
        return f"单位名称过长（{len(text):,} 字，上限 {MAX_NAME_CHARS} 字）"
    return None


def _unit_name(value: Any) -> str:
    text = _required_text(value)
    problem = unit_name_problem(text)
    if problem:
        raise PydanticCustomError("name_text", problem)
    return text


def _code(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"[0-9]{3}([0-9]{2}){0,2}", text):
        raise PydanticCustomError(
            "code_format",
            "科目编码“{text}”格式不对（类3位、款5位、项7位数字）{hint}",
            {"text": text, "hint": _fullwidth_hint(text)},
        )
    return text


Money = Annotated[Decimal, BeforeValidator(parse_money)]
Amount = Annotated[Decimal, BeforeValidator(lambda v: _nonneg(parse_money(v)))]  # money that cannot be negative
Score = Annotated[Decimal, BeforeValidator(lambda v: parse_money(v, "分值", "10 或 7.5"))]  # weights, scores
Count = Annotated[int, BeforeValidator(_count)]  # head counts, numbers of items: never negative
SignedCount = Annotated[int, BeforeValidator(_signed_count)]  # changes of head counts (在职变动 …)
Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_required_text)]  # names and texts a report cannot do without
Code = Annotated[str, BeforeValidator(_code)]
UnitName = Annotated[str, BeforeValidator(_unit_name)]  # one line, bounded: it is also the outputs' file name
ZERO = Decimal("0")


class Model(BaseModel):
    """Base of every input model: YAML keys are the (Chinese) aliases, unknown keys are errors."""

    # defer_build: a model is made ready at its first use (a budget run never builds the 决算 models)
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, frozen=False, str_strip_whitespace=True, defer_build=True
    )


def row_model(name: str, columns: list[str], stated: list[str]) -> type[Model]:
    """A table row: 科目 code, optional name, an amount per column and optional stated totals (as published)."""
    fields: dict[str, Any] = {"科目": (Code, ...), "名称": (Optional[Text], None)}
    fields.update({c: (Amount, ZERO) for c in columns})
    fields.update({c: (Optional[Amount], None) for c in stated})
    return create_model(name, __base__=Model, **fields)


def table_model(name: str, row: type[Model], columns: list[str]) -> type[Model]:
    """A typed table: its rows (``行``) and an optional stated ``总计`` per column."""
    total = create_model(name + "Total", __base__=Model, **{c: (Optional[Amount], None) for c in columns})
    return create_model(name, __base__=Model, 总计=(Optional[total], None), 行=(list[row], []))


def described_table(d: Any, name: str) -> type[Model]:
    """The input model of a 科目表 description (generator/tables): rows of its typed columns, its derived columns
    stated where a row or 总计 gives them as published."""
    row = row_model(name + "Row", list(d.输入列), d.derived)
    return table_model(name, row, list(d.输入列) + d.derived)


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
