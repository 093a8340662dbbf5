"""Phrases read backwards: a phrase of the region's phrase book (templates/base/phrases/*.yml, a region's or an
overlay's own, 报告.版式.措辞) becomes the patterns of the sentences it prints, with a named group per placeholder.

The phrase is rendered by Jinja itself with a marker for each placeholder, once for every combination of its
``{% if %}`` conditions, so any wording a region or a report writes is read back the way it is printed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..formats import FILTERS
from ..phrases import expand, placeholders

NUMBER = r"-?[\d,]+(?:\.\d+)?"
# what a placeholder's printed value looks like (anything else: free text, as short as the sentence allows)
PATTERNS = {
    "增减": "增加|减少",
    "趋势": "增长|下降",
    "年": r"\d{4}",
    "级次": "部门|单位",
    "本级": "本部门|本单位",
    "序号": "[一二三四五六七八九十]+",
    "数字": r"\d+",
    "编码": r"\d{3}(?:\d{2}){0,2}",
    "大小": "大于|小于|等于",
}
# a category or subject name: no sentence punctuation inside (so that items printed one after another split right)
LABEL = r"[^，。；：,;:]+?"
for _name in ("项目", "类名", "款名", "项名", "类别", "简称", "基金", "等级"):
    PATTERNS[_name] = LABEL
TEXT = {
    "原因", "原因句", "预算原因句", "说明", "内容", "用途", "类名", "款名", "项名", "项目", "名称", "单位", "处室",
    "下属单位", "人员明细", "公用明细", "明细", "车辆明细", "等级明细", "等级", "其他用车", "成效", "问题", "改进措施",
    "部门评价", "中差改进措施", "类别", "基金", "科目", "变动", "收入变动", "支出变动", "出国内容", "购置内容",
    "运行内容", "接待内容", "车辆差异原因", "国内说明", "国外说明", "种类", "截至", "简称", "标题", "表名", "引言",
    "预算原因", "制度", "机制",
}  # fmt: skip
BOOLEAN = {"分项", "整体", "有差异", "有明细", "持平", "降为零", "国内", "国外", "外事", "与预算持平"}
MAX_CONDITIONS = 6
_MARK = re.compile("\x01([^\x02]+)\x02")
_IF = re.compile(r"\{%-?\s*(?:el)?if\s+(.+?)\s*-?%\}")
# a condition comparing a placeholder with a text ({% if 键 != '出国' %}): that text is one more value to try
_EQUALS = re.compile(r"([^\W\d]\w*)\s*(?:==|!=)\s*(['\"])(.*?)\2")


class _Marker(Markup):
    """A placeholder's marker in a condition: compared with a number ({% if 完成率 >= 90 %}) it answers the truth
    of the combination being rendered."""

    truth = True

    def __bool__(self) -> bool:
        return self.truth

    def _versus(self, other, op):
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return self.truth
        return op(other)

    def __ge__(self, other):
        return self._versus(other, super().__ge__)

    def __gt__(self, other):
        return self._versus(other, super().__gt__)

    def __le__(self, other):
        return self._versus(other, super().__le__)

    def __lt__(self, other):
        return self._versus(other, super().__lt__)

    __hash__ = Markup.__hash__


class _Falsy(_Marker):
    """A marker that a condition takes for false (a placeholder whose value is 0 or empty)."""

    truth = False


@dataclass
class Pattern:
    regex: re.Pattern
    names: tuple[str, ...]  # placeholders captured, in order
    literal: int  # characters of fixed text (more is more specific)


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


def _group(name: str, seen: set[str]) -> str:
    if name in seen:
        return f"(?P={_ident(name)})"
    seen.add(name)
    if name in PATTERNS:
        body = PATTERNS[name]
    elif name in TEXT:
        body = ".*?"
    else:
        body = NUMBER
    return f"(?P<{_ident(name)}>{body})"


def _ident(name: str) -> str:
    """A regex group name for a placeholder (Chinese letters are identifiers; anything else is spelt out)."""
    return name if name.isidentifier() else "g" + "".join(f"{ord(ch):x}" for ch in name)


def compile_phrase(text: str, settings: dict, fixed: dict | None = None, inner=None) -> list[Pattern]:
    """The patterns of phrase *text*: one per combination of its conditions, most fixed text first. *settings*: the
    region's settings ({设置.X} prints them); *fixed*: placeholders whose value is known (级次 …), the others are
    read as groups; *inner*: name -> pattern (no named groups) of a placeholder that holds another phrase (变动 is
    通用.变动, 原因句 is 通用.原因句)."""
    if not text:
        return []
    fixed = fixed or {}
    source = expand(text)
    try:
        template = _env().from_string(source)
        names = placeholders(text)
    except TemplateError:
        return []
    exprs = _IF.findall(source)
    conditions = sorted({n for expr in exprs for n in re.findall(r"[^\W\d]\w*", expr) if n in names})
    conditions = conditions[:MAX_CONDITIONS]
    texts = {n: sorted({m[2] for e in exprs for m in _EQUALS.findall(e) if m[0] == n}) for n in conditions}
    out: dict[str, Pattern] = {}
    for truth in itertools.product(*[[True, False, *texts[n]] for n in conditions]):
        values: dict = {"设置": settings}
        for n in names:
            if n != "设置":
                values[n] = fixed[n] if n in fixed else Markup(f"\x01{n}\x02")
        for n, t in zip(conditions, truth, strict=True):
            if isinstance(t, str):
                values[n] = t
            elif not t:  # false, yet printed where the phrase uses it outside the condition (项目数 0)
                values[n] = False if n in BOOLEAN else _Falsy(f"\x01{n}\x02") if n not in fixed else ""
            elif n in BOOLEAN:
                values[n] = True
            elif n not in fixed:
                values[n] = _Marker(f"\x01{n}\x02")
        try:
            printed = template.render(values)
        except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError):
            continue
        if printed not in out:
            pattern = _pattern(printed, inner or {})
            if pattern is not None:
                out[printed] = pattern
    return sorted(out.values(), key=lambda p: -p.literal)


def _pattern(printed: str, inner: dict[str, str]) -> Pattern | None:
    parts = _MARK.split(printed)
    seen: set[str] = set()
    regex, captured, literal = "", [], 0
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex += re.escape(part)
            literal += len(part)
        elif part in inner and part not in seen:
            seen.add(part)
            regex += f"(?P<{_ident(part)}>(?:{inner[part]})?)"
            captured.append(part)
        else:
            regex += _group(part, seen)
            captured.append(part)
    try:
        return Pattern(re.compile(regex, re.DOTALL), tuple(dict.fromkeys(captured)), literal)
    except re.error:
        return None


def _anonymous(patterns: list[Pattern]) -> str:
    """The alternatives of *patterns* as one pattern without named groups (to sit inside another phrase's)."""
    alts = []
    for p in patterns:
        body = re.sub(r"\(\?P<[^>]+>", "(?:", p.regex.pattern)
        alts.append(re.sub(r"\(\?P=[^)]+\)", ".*?", body))
    return "|".join(alts) if alts else ".*?"


class Phrasebook:
    """The phrases of one report kind and region, compiled on first use. *nested*: placeholder -> the phrases it
    holds, outermost first (budget: 变动 is 通用.比上年, whose own 变动 is 通用.变动)."""

    def __init__(
        self,
        book: dict[str, str],
        settings: dict,
        fixed: dict | None = None,
        nested: dict | None = None,
        own: dict | None = None,
    ):
        self.book = book
        self.settings = settings
        self.fixed = fixed or {}
        self.nested = nested or {}
        self.own = own or {}  # phrase -> its own nesting where it differs (预算 十's 变动项 prints a bare 通用.变动)
        self._cache: dict[tuple, list[Pattern]] = {}

    def patterns(self, name: str, nested: dict | None = None) -> list[Pattern]:
        nested = {**self.nested, **self.own.get(name, {})} if nested is None else nested
        key = (name, tuple(sorted((k, tuple(v)) for k, v in nested.items())))
        if key not in self._cache:
            inner = {}
            for placeholder, chain in nested.items():
                if chain:
                    rest = {**nested, placeholder: chain[1:]}
                    inner[placeholder] = _anonymous(self.patterns(chain[0], rest))
            self._cache[key] = compile_phrase(self.book.get(name, ""), self.settings, self.fixed, inner)
        return self._cache[key]

    def inner(self, placeholder: str, text: str, depth: int = 0, phrase: str = "") -> dict[str, str] | None:
        """The values inside a nested placeholder's text (变动 → 增减, 金额, 趋势, 比率); *phrase*: the phrase it was
        read from, when that phrase nests it its own way."""
        nested = {**self.nested, **self.own.get(phrase, {})}
        chain = nested.get(placeholder, [])
        if depth >= len(chain) or not text:
            return None
        rest = {**nested, placeholder: chain[depth + 1 :]}
        got = match(self.patterns(chain[depth], rest), text)
        if got is not None and placeholder in got and depth + 1 < len(chain):
            deeper = self.inner(placeholder, got[placeholder], depth + 1, phrase)
            if deeper:
                got.update(deeper)
        return got

    def text(self, name: str) -> str:
        return self.book.get(name, "")

    def match(self, name: str, text: str) -> dict[str, str] | None:
        return match(self.patterns(name), text)


def match(patterns: list[Pattern], text: str) -> dict[str, str] | None:
    """Placeholder values of the first pattern (most fixed text first) that matches the whole *text*."""
    for p in patterns:
        m = p.regex.fullmatch(text)
        if m:
            return {n: m.group(_ident(n)) for n in p.names}
    return None


def match_prefix(patterns: list[Pattern], text: str, pos: int, ends: list[int]) -> tuple[dict[str, str], int] | None:
    """Values and end of the shortest piece of *text* from *pos* that one of *patterns* matches whole, the piece
    ending at one of *ends* (where a separator or the paragraph's end follows)."""
    for end in ends:
        if end <= pos:
            continue
        got = match(patterns, text[pos:end])
        if got is not None:
            return got, end
    return None
