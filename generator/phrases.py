"""Wording as data: every sentence, title, numbering style and separator of a report is a named phrase.

One file per report kind (``phrases/预算.yml``, ``phrases/决算.yml``) in ``templates/base``; a region folder or a user
overlay may hold the same file with only the phrases it changes, and ``region.yml`` or a report's ``报告.版式`` may
override single phrases under the key ``措辞``. Later wins: base → parent regions → region → overlay → 措辞 of
region.yml → 报告.版式.措辞.

A phrase is a small Jinja text rendered sandboxed with StrictUndefined. ``{名}`` is shorthand for ``{{ 名 }}``;
``{% if 名 %}…{% endif %}`` makes a piece optional. Templates pass the values already formatted (amounts as
"1,234.56"), the same placeholder names in every region. An empty phrase prints nothing (the sentence is omitted).
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

KINDS = {"budget": "预算", "final": "决算"}
# placeholders every phrase may use; templates supply them from the report
COMMON = ("单位", "年", "级次", "本级", "设置")
_SHORT = re.compile(r"(?<!\{)\{([^{}%#\s]+)\}(?!\})")


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


def _read(folder: Path, kind: str) -> dict[str, str]:
    """One phrase file, read like every other settings file: inside its folder, bounded, located errors."""
    from .load import read_mapping

    f = folder / "phrases" / f"{KINDS[kind]}.yml"
    if not os.path.lexists(f):
        return {}
    return flatten(read_mapping(f, folder, "措辞文件").data)


def base_phrases(region, kind: str) -> dict[str, str]:
    """The phrase files of the region's search path merged, without 措辞 overrides from settings."""
    out: dict[str, str] = {}
    for folder in reversed(region.dirs):  # base first, overlay last
        out.update(_read(Path(folder), kind))
    return out


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

    def __init__(self, book: dict[str, str], common: dict):
        self.book = book
        self.common = common

    def __call__(self, name: str, **values) -> Markup:
        if name not in self.book:
            raise RenderError(f"模板引用了不存在的措辞“{name}”")
        text = self.book[name]
        if not text:
            return Markup("")
        try:
            return Markup(_compile(text).render({**self.common, **values}))
        except TemplateError as exc:
            given = "、".join(list(values) + list(COMMON))
            raise RenderError(f"措辞“{name}”无法生成：{exc.message}（可用占位符：{given}）") from None

    def label(self, text: str):
        """A category name computed by the generator (收入 source, 三公 item, 车辆 kind …), renamed when the phrase
        ``名称.<text>`` exists (phrases file group 名称); otherwise the text itself."""
        name = f"名称.{text}"
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
