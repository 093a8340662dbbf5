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

from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .errors import InputError, Location, Problem, RenderError
from .numtext import amount_style, styled

KINDS = {"budget": "预算", "final": "决算"}
# placeholders every phrase may use; templates supply them from the report
COMMON = ("单位", "年", "上年", "级次", "本级", "设置")
_NAME = r"[^\W\d][\w]*(?:\.[^\W\d][\w]*)*"
_SHORT = re.compile(r"(?<!\{)\{(" + _NAME + r")\}(?!\})")
# a single brace that opens neither a Jinja tag ({{ {% {#) nor a shorthand placeholder
_STRAY = re.compile(r"(?<![{])\{(?![{%#])([^{}]*)\}?")


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


def _read_located(folder: Path, kind: str) -> tuple[dict[str, str], dict[str, Location]]:
    """One phrase file, read like every other settings file (inside its folder, bounded, located errors), with
    where each phrase is written."""
    from .load import read_mapping

    f = folder / "phrases" / f"{KINDS[kind]}.yml"
    if not os.path.lexists(f):
        return {}, {}
    source = read_mapping(f, folder, "措辞文件")
    texts = flatten(source.data)
    where: dict[str, Location] = {}

    def walk(tree: dict, path: tuple) -> None:
        for k, v in tree.items():
            if isinstance(v, dict):
                walk(v, path + (k,))
            else:
                where[".".join(str(p) for p in path + (k,))] = source.locate(path + (k,))

    walk(source.data, ())
    return texts, where


def _read(folder: Path, kind: str) -> dict[str, str]:
    return _read_located(folder, kind)[0]


def base_phrases(region, kind: str) -> dict[str, str]:
    """The phrase files of the region's search path merged, without 措辞 overrides from settings."""
    out: dict[str, str] = {}
    for folder in reversed(region.dirs):  # base first, overlay last
        out.update(_read(Path(folder), kind))
    return out


def phrase_origins(region, kind: str) -> dict[str, Location]:
    """Where the phrase in effect is written (the last phrases file of the search path that names it)."""
    out: dict[str, Location] = {}
    for folder in reversed(region.dirs):
        out.update(_read_located(Path(folder), kind)[1])
    return out


def syntax_problem(text: str) -> str | None:
    """Why *text* cannot be a phrase (a Chinese sentence), or None. Single braces hold a placeholder name only."""
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
    try:
        _env().parse(expand(text))
    except TemplateError as exc:
        return f"写法有误：{exc.message}"
    return None


def check_phrases(region, kind: str, report_overrides: dict | None = None, locate=None) -> None:
    """Every phrase in effect for *region* parses and uses only names between single braces; a located
    InputError otherwise (file:line of the phrase, or the 措辞 key in region.yml / 报告.版式)."""
    origins = phrase_origins(region, kind)
    book = phrase_book(region, kind)
    from_report = set(flatten(report_overrides or {}))
    from_settings = set(flatten(region.settings.get("措辞") or {})) - from_report
    problems = []
    for name, text in book.items():
        why = syntax_problem(text) if text else None
        if why is None:
            continue
        if name in from_report and locate is not None:
            nested, flat = locate(("报告", "版式", "措辞", *name.split("."))), locate(("报告", "版式", "措辞", name))
            where = nested if len(nested.path) >= len(flat.path) else flat
        elif name in from_settings:
            where = Location(path=("措辞", name))
        else:
            where = origins.get(name, Location())
        problems.append(Problem(f"措辞“{name}”{why}", where, "措辞"))
    if problems:
        raise InputError(problems)


def phrase_book(region, kind: str) -> dict[str, str]:
    """All phrases of *kind* for *region*, with the settings' ``措辞`` overrides applied (unknown names ignored here:
    :func:`unknown_overrides` reports them with their location)."""
    book = base_phrases(region, kind)
    for name, text in flatten(region.settings.get("措辞") or {}).items():
        if name in book:
            book[name] = text
    return book


def unknown_overrides(region, kind: str, overrides: dict) -> list[str]:
    names = set(base_phrases(region, kind))
    return [n for n in flatten(overrides or {}) if n not in names]


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    from .render.filters import FILTERS

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=4096)
def _compile(text: str):
    return _env().from_string(expand(text))


def placeholders(text: str) -> list[str]:
    """Names a phrase text uses (shorthand or Jinja), in first-use order."""
    found = meta.find_undeclared_variables(_env().parse(expand(text)))
    order = [
        m.group(1).split("|")[0].split(".")[0]
        for m in re.finditer(r"[{%]\s*(?:if\s+|not\s+)?([^\s{}%|]+)", expand(text))
    ]
    return [n for n in dict.fromkeys(order) if n in found] + sorted(found - set(order))


class Phrases:
    """``say(name, **values)`` for the templates: the phrase rendered, as Markup (values are escaped)."""

    def __init__(self, book: dict[str, str], common: dict, origins: dict[str, Location] | None = None):
        self.book = book
        self.common = common
        self.origins = origins or {}
        self.style = amount_style(common.get("设置"))

    def __call__(self, name: str, **values) -> Markup:
        if name not in self.book:
            raise RenderError(f"模板引用了不存在的措辞“{name}”")
        text = self.book[name]
        if not text:
            return Markup("")
        values = {k: styled(v, *self.style) for k, v in values.items()}
        try:
            return Markup(_compile(text).render({**self.common, **values}))
        except TemplateError as exc:
            given = "、".join(list(values) + list(COMMON))
            where = self.origins.get(name)
            at = f"（{where}）" if where and where.file else ""
            raise RenderError(f"措辞“{name}”{at}无法生成：{exc.message}（可用占位符：{given}）") from None

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
