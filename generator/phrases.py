"""Wording as data: every sentence, title, numbering style and separator of a report is a named phrase.

One file per report kind (``phrases/预算.yml``, ``phrases/决算.yml``) in ``templates/base``; a region folder or a user
overlay may hold the same file with only the phrases it changes, and ``region.yml`` or a report's ``报告.版式`` may
override single phrases under the key ``措辞``. Later wins: base → parent regions → region → overlay → 措辞 of
region.yml → 报告.版式.措辞.

A phrase is a small Jinja text rendered sandboxed with StrictUndefined. ``{名}`` is shorthand for ``{{ 名 }}``
(a name, or a dotted name such as ``{设置.占比措辞}``: anything else between single braces — a filter, an
expression — is a located error, never printed literally); ``{% if 名 %}…{% endif %}`` makes a piece optional and
compares figures (``{% if 差额 > 0 %}``). Templates pass the values already formatted (amounts as "1,234.56", the
region's 金额格式 applied here), the same placeholder names in every region. An empty phrase prints nothing (the
sentence is omitted).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import ChainableUndefined, StrictUndefined, TemplateError, meta, nodes
from jinja2.sandbox import SecurityError
from markupsafe import Markup, escape

from .errors import InputError, Location, Problem, RenderError
from .numtext import amount_style, styled
from .sandbox import LimitedSandbox

KINDS = {"budget": "预算", "final": "决算"}
# placeholders every phrase may use; templates supply them from the report
COMMON = ("单位", "年", "上年", "级次", "本级", "设置")
_NAME = r"[^\W\d][\w]*(?:\.[^\W\d][\w]*)*"
_SHORT = re.compile(r"(?<!\{)\{(" + _NAME + r")\}(?!\})")
# a single brace that opens neither a Jinja tag ({{ {% {#) nor a shorthand placeholder
_STRAY = re.compile(r"(?<![{])\{(?![{%#])([^{}]*)\}?")
MAX_PHRASE_CHARS = 2000  # the text of one phrase (the longest built-in one has about 150 characters)
MAX_PHRASE_OUTPUT = 1_000_000  # characters one phrase prints (a sentence; the whole document is bounded apart)
MAX_PHRASE_REPEAT = 10_000  # "x" * n in a phrase
# the format-only filters of generator/formats (not "headers": it turns its text into markup) and a few of
# Jinja's that cannot grow their input
PHRASE_FILTERS = {
    *("raw", "zmoney", "trim", "clause", "signed", "money", "cell", "pct", "number", "cn"),
    *("default", "d", "upper", "lower", "string", "length", "count", "first", "last", "join", "abs", "round", "int"),
}
PHRASE_TESTS = {"defined", "undefined", "none", "number", "string", "true", "false", "eq", "ne", "equalto", "in"}
# what a phrase is made of: text, placeholders (also {设置.X}), {% if %}, comparisons, simple arithmetic
_ALLOWED = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Filter,
    nodes.Test,
    nodes.Keyword,
    nodes.If,
    nodes.CondExpr,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Pos,
    nodes.Concat,
    nodes.Add,
    nodes.Sub,
    nodes.Mul,
    nodes.Div,
    nodes.FloorDiv,
    nodes.Pow,
)
_REFUSED = {
    nodes.For: "循环 {% for %}",
    nodes.Macro: "宏 {% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.Call: "函数或方法调用",
    nodes.Assign: "赋值 {% set %}",
    nodes.AssignBlock: "赋值 {% set %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.With: "{% with %}",
    nodes.Mod: "% 运算",
    nodes.Slice: "切片",
    nodes.List: "列表",
    nodes.Dict: "字典",
    nodes.Tuple: "元组",
    nodes.Include: "引用其他模板",
    nodes.Import: "引用其他模板",
    nodes.FromImport: "引用其他模板",
    nodes.Extends: "引用其他模板",
    nodes.Block: "{% block %}",
}


class PhraseError(Exception):
    """A phrase that cannot be used: its message says why (syntax, a construct phrases may not use, a limit)."""


class PhraseLimit(PhraseError):
    """A phrase reached a limit (repetition, power, output size): wrong whatever the placeholders' values."""


def expand(text: str) -> str:
    """``{名}`` → ``{{ 名 }}`` (leaves ``{{ … }}`` and ``{% … %}`` alone)."""
    return _SHORT.sub(r"{{ \1 }}", text)


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """Nested groups → dotted names: {二: {开头: x}} → {"二.开头": x}."""
    out: dict[str, str] = {}
    for k, v in (tree or {}).items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, name + "."))
        elif isinstance(v, list):
            raise InputError(Problem(f"措辞“{name}”应为一段文字，不是列表", Location(), "措辞"))
        else:
            out[name] = "" if v is None else str(v)
    return out


class Book(dict):
    """Phrase name → text, plus where each text was given (``where``: name → Location)."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.where: dict[str, Location] = {}


def _read(folder: Path, kind: str) -> Book:
    """One phrase file, read like every other settings file: inside its folder, bounded, located errors."""
    from .load import read_mapping

    f = folder / "phrases" / f"{KINDS[kind]}.yml"
    book = Book()
    if not os.path.lexists(f):
        return book
    source = read_mapping(f, folder, "措辞文件")
    book.update(flatten(source.data))
    book.where.update({name: source.locate(tuple(name.split("."))) for name in book})
    return book


def base_phrases(region, kind: str) -> Book:
    """The phrase files of the region's search path merged, without 措辞 overrides from settings."""
    out = Book()
    for folder in reversed(region.dirs):  # base first, overlay last
        book = _read(Path(folder), kind)
        out.update(book)
        out.where.update(book.where)
    return out


def override_origin(region, name: str) -> Location:
    """Where the settings' ``措辞`` override *name* was given (region.yml or 报告.yaml), as nearly as known."""
    origins = getattr(region, "origins", {}) or {}
    for path in (("措辞", *name.split(".")), ("措辞", name)):
        while len(path) > 1:
            if path in origins:
                return origins[path]
            path = path[:-1]
    return Location(path=("措辞", name))


def phrase_book(region, kind: str) -> Book:
    """All phrases of *kind* for *region*, with the settings' ``措辞`` overrides applied (unknown names ignored here:
    :func:`unknown_overrides` reports them with their location)."""
    book = base_phrases(region, kind)
    for name, text in flatten(region.settings.get("措辞") or {}).items():
        if name in book:
            book[name] = text
            book.where[name] = override_origin(region, name)
    return book


def unknown_overrides(region, kind: str, overrides: dict) -> list[str]:
    names = set(base_phrases(region, kind))
    return [n for n in flatten(overrides or {}) if n not in names]


class _PhraseSandbox(LimitedSandbox):
    max_repeat = MAX_PHRASE_REPEAT
    what = "措辞"


@lru_cache(maxsize=1)
def _env() -> LimitedSandbox:
    from .formats import FILTERS

    env = _PhraseSandbox(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


def _check_grammar(node: nodes.Node) -> None:
    """Refuse what a phrase may not contain (loops, calls, assignments …): with text, placeholders, conditions and
    bounded arithmetic only, no phrase can run long or grow large."""
    for cls, what in _REFUSED.items():
        if isinstance(node, cls):
            raise PhraseError(f"不能使用{what}（只能用占位符 {{名}}、条件 {{% if %}} 和格式过滤器）")
    if not isinstance(node, _ALLOWED):
        raise PhraseError(f"不能使用 {type(node).__name__}（只能用占位符 {{名}}、条件 {{% if %}} 和格式过滤器）")
    if isinstance(node, nodes.Name) and node.ctx != "load":
        raise PhraseError("不能给占位符赋值")
    if isinstance(node, nodes.Filter):
        if node.name not in PHRASE_FILTERS:
            raise PhraseError(f"不能使用过滤器“{node.name}”；可用：{'、'.join(sorted(PHRASE_FILTERS))}")
        if isinstance(node.node, nodes.Const):
            raise PhraseError(f"过滤器“{node.name}”只能用在占位符上")
    if isinstance(node, nodes.Test) and node.name not in PHRASE_TESTS:
        raise PhraseError(f"不能使用测试“{node.name}”")
    if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
        raise PhraseError("下标只能是常量")
    for child in node.iter_child_nodes():
        _check_grammar(child)


_SYNTAX = (
    (r"(?i)unexpected end of template", "标签没有结束（缺少 }}、%} 或 {% endif %}）"),
    (r"Encountered unknown tag '([^']*)'", "不认识的标签“{0}”（措辞只能用 {% if %}、{% else %}、{% endif %}）"),
    (r"unexpected '([^']*)'", "多余或错位的“{0}”"),
    (r"expected token 'end of print statement', got '([^']*)'", "{{ … }} 中多出了“{0}”"),
    (r"expected token '([^']*)', got '([^']*)'", "此处应为“{0}”，却是“{1}”"),
    (r"unexpected char '([^']*)'", "不能使用的字符“{0}”"),
)


def _syntax(message: str) -> str:
    """Jinja's syntax message in Chinese (the common ones; the original kept in parentheses otherwise)."""
    for pattern, chinese in _SYNTAX:
        m = re.search(pattern, message)
        if m:
            for i, group in enumerate(m.groups()):
                chinese = chinese.replace(f"{{{i}}}", group)
            return chinese
    return f"标签写法不对（{message}）"


@lru_cache(maxsize=4096)
def _compile(text: str):
    """The phrase compiled: checked against the phrase grammar, its own text HTML-escaped (a phrase is text, never
    markup: ``<script>`` in an override prints as text), its placeholders escaped by autoescape as before."""
    if len(text) > MAX_PHRASE_CHARS:
        raise PhraseError(f"文字过长（{len(text):,} 字，上限 {MAX_PHRASE_CHARS:,} 字）")
    env = _env()
    try:
        tree = env.parse(expand(text))
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"（第 {line} 行）" if line and line > 1 else ""
        raise PhraseError(f"语法错误{where}：{_syntax(exc.message or '')}") from None
    _check_grammar(tree)
    # the grammar binds no name (no loop, no assignment): every name a phrase reads is a placeholder it is given
    names = {n.name for n in tree.find_all(nodes.Name)}
    for data in tree.find_all(nodes.TemplateData):
        data.data = str(escape(data.data))
    template = env.template_class.from_code(env, env.compile(tree), env.make_globals(None), None)
    template.placeholders = names  # type: ignore[attr-defined]
    return template


def render_phrase(text: str, values: dict) -> Markup:
    """*text* rendered with *values*, at most :data:`MAX_PHRASE_OUTPUT` characters; PhraseError otherwise."""
    template = _compile(text)
    parts, size = [], 0
    try:
        for chunk in template.generate(values):
            size += len(chunk)
            if size > MAX_PHRASE_OUTPUT:
                raise PhraseLimit(f"生成的文字超过 {MAX_PHRASE_OUTPUT:,} 字，已停止")
            parts.append(chunk)
    except SecurityError as exc:
        unsafe = re.search(r"access to attribute '([^']*)'", exc.message or "")
        raise PhraseLimit(f"不能访问“{unsafe.group(1)}”" if unsafe else (exc.message or "超出限制")) from None
    except (OverflowError, RecursionError, MemoryError) as exc:
        raise PhraseLimit(f"数值或结果过大（{type(exc).__name__}）") from None
    except TemplateError as exc:  # SecurityError (a limit), an undefined placeholder …
        raise PhraseError(exc.message or type(exc).__name__) from None
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
        raise PhraseError(f"{type(exc).__name__}：{exc}") from None
    return Markup("".join(parts))


class _Truthy(ChainableUndefined):
    """A stand-in placeholder for :func:`check_phrases`: prints nothing, takes any attribute, counts as given."""

    def __bool__(self) -> bool:
        return True


class _Falsy(ChainableUndefined):
    pass


def brace_problem(text: str) -> str | None:
    """Why a single-brace piece of *text* is no placeholder (a filter, an expression, a space), or None: such a
    piece would otherwise be printed literally."""
    for m in _STRAY.finditer(text):
        inner = m.group(1)
        if m.group(0).endswith("}") and re.fullmatch(_NAME, inner.strip()) and inner == inner.strip():
            continue
        shown = m.group(0) if m.group(0).endswith("}") else m.group(0) + "…"
        return (
            f"“{shown}”不是占位符：单花括号里只能写占位符的名称（如 {{金额}}、{{设置.占比措辞}}），"
            "不能写过滤器、算式或空格；上年请用 {上年}，金额的千分位与零的写法用设置“金额格式”，"
            "条件用 {% if 名 %}…{% endif %}"
        )
    return None


@lru_cache(maxsize=4096)
def phrase_problem(text: str) -> str | None:
    """Why *text* cannot be a phrase (a stray brace, syntax, grammar, a limit reached with stand-in values), or
    None. Rendered once with every placeholder given and once with none, so both branches of a condition are
    tried."""
    stray = brace_problem(text)
    if stray:
        return stray
    try:
        names = _compile(text).placeholders
    except PhraseError as exc:
        return str(exc)
    for stand_in in (_Truthy, _Falsy):
        try:
            render_phrase(text, {n: stand_in(name=n) for n in names})
        except PhraseLimit as exc:  # wrong whatever the values
            return str(exc)
        except PhraseError:  # depends on the real values (a stand-in is no number): left to the render
            pass
    return None


def check_phrases(region, kind: str) -> list[Problem]:
    """Every phrase of the region's book for *kind* (files, region.yml 措辞, 报告.版式.措辞) compiled and tried once,
    so that ``disclose check`` reports a broken phrase at its file:line before any render."""
    book = phrase_book(region, kind)
    problems = []
    for name, text in book.items():
        if text:
            problem = phrase_problem(text)
            if problem:
                problems.append(Problem(f"措辞“{name}”：{problem}", book.where.get(name, Location()), "措辞"))
    return problems


def placeholders(text: str) -> list[str]:
    """Names a phrase text uses (shorthand or Jinja), in first-use order (none when it does not parse)."""
    try:
        found = meta.find_undeclared_variables(_env().parse(expand(text)))
    except TemplateError:
        return []
    order = [
        m.group(1).split("|")[0].split(".")[0]
        for m in re.finditer(r"[{%]\s*(?:if\s+|not\s+)?([^\s{}%|]+)", expand(text))
    ]
    return [n for n in dict.fromkeys(order) if n in found] + sorted(found - set(order))


class Phrases:
    """``say(name, **values)`` for the templates: the phrase rendered, as Markup (values are escaped)."""

    def __init__(self, book: dict[str, str], common: dict):
        self.book = book
        self.common = common
        self.produced: dict[str, int] = {}  # characters each phrase printed in this document
        self.style = amount_style(common.get("设置"))  # the region's 金额格式 (thousands separator, zero)

    def blame(self, total: int) -> str | None:
        """When the document grew too large: the phrase that printed most of it (more than half), located."""
        if not self.produced:
            return None
        name, size = max(self.produced.items(), key=lambda item: item[1])
        if size * 2 < total:
            return None
        return (
            f"{self.where(name)}措辞“{name}”共生成 {size:,} 字，使文档超过上限，已停止（请缩短该措辞或检查其中的重复）"
        )

    def where(self, name: str) -> str:
        loc = getattr(self.book, "where", {}).get(name)
        return f"{loc}：" if loc and loc.file else ""

    def __call__(self, name: str, **values) -> Markup:
        if name not in self.book:
            raise RenderError(f"模板引用了不存在的措辞“{name}”")
        text = self.book[name]
        if not text:
            return Markup("")
        values = {k: styled(v, *self.style) for k, v in values.items()}
        try:
            out = render_phrase(text, {**self.common, **values})
            # its own share: a phrase printing another one's output (a Markup value) is not blamed for it
            own = len(out) - sum(len(v) for v in values.values() if isinstance(v, Markup))
            self.produced[name] = self.produced.get(name, 0) + max(0, own)
            return out
        except PhraseError as exc:
            given = "、".join(list(values) + list(COMMON))
            raise RenderError(f"{self.where(name)}措辞“{name}”无法生成：{exc}（可用占位符：{given}）") from None

    def label(self, text: str, group: str = "名称"):
        """A category name computed by the generator (收入 source, 三公 item, 车辆 kind …), renamed when the phrase
        ``<group>.<text>`` exists (phrases file group 名称); otherwise the text itself."""
        name = f"{group}.{text}"
        return self(name) if name in self.book else text

    def para(self, name: str, cls: str = "", **values) -> Markup:
        """The phrase as a paragraph; nothing at all when the phrase is empty (the sentence is omitted)."""
        text = self(name, **values)
        if not text:
            return Markup("")
        attr = Markup(' class="{}"').format(cls) if cls else ""
        return Markup("<p{}>{}</p>").format(attr, text)

    def paras(self, names: list[str], **values) -> Markup:
        """Several phrases with the same values, one paragraph each, empty ones left out (one per line)."""
        return Markup("\n").join(p for p in (self.para(n, **values) for n in names) if p)


def documented_placeholders(kind: str) -> dict[str, list[str]]:
    """Placeholders named ``{名}`` in the comment lines right above a phrase of the base file: values a template
    passes that the default text does not use (e.g. {行政单位数} for 运行经费)."""
    from .regions import TEMPLATES

    f = TEMPLATES / "base" / "phrases" / f"{KINDS[kind]}.yml"
    out: dict[str, list[str]] = {}
    if not f.is_file():
        return out
    stack: list[tuple[int, str]] = []
    pending: list[str] = []
    for line in f.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped:
            pending = []
            continue
        if stripped.startswith("#"):
            pending += re.findall(r"\{([^{}%#\s.]+)[^{}]*\}", stripped)
            continue
        m = re.match(r"^(\s*)([^\s#:][^:]*):", line)
        if not m:
            continue
        indent = len(m.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, m.group(2).strip()))
        name = ".".join(k for _, k in stack)
        if pending:
            out[name] = list(dict.fromkeys(pending))
        pending = []
    return out


def listing(region, kind: str) -> list[tuple[str, str, list[str]]]:
    """(name, current text, placeholders) of every phrase of *kind*, in file order."""
    book = phrase_book(region, kind)
    base = base_phrases(region, kind)
    extra = documented_placeholders(kind)
    rows = []
    for name in base:
        names = placeholders(base[name]) if base[name] else []
        for group in (name, name.rsplit(".", 1)[0]):
            names += [n for n in extra.get(group, []) if n not in names and n not in COMMON]
        rows.append((name, book[name], [n for n in names if n not in COMMON]))
    return rows
