"""Render the report's one HTML document from the region's templates."""
from __future__ import annotations

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import RenderError
from ..phrases import Phrases, phrase_book
from ..regions import Region
from .filters import FILTERS


def environment(region: Region) -> SandboxedEnvironment:
    # "base/x" always names the base template, so an override can extend what it replaces
    loader = ChoiceLoader([FileSystemLoader([str(d) for d in region.dirs]),
                           PrefixLoader({"base": FileSystemLoader(str(region.base_dir))})])
    env = SandboxedEnvironment(loader=loader, undefined=StrictUndefined, autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


def _phrases(figures, region: Region) -> Phrases:
    """The phrase book of the report's kind, with the placeholders every phrase may use."""
    kind = getattr(figures, "kind", "budget")
    level = getattr(figures, "level", "")
    common = {"单位": getattr(figures, "unit", ""), "年": getattr(figures, "year", ""), "级次": level,
              "本级": "本" + level, "设置": region.settings}
    return Phrases(phrase_book(region, kind), common)


def render_html(report, figures, region: Region, entry: str = "report.html.j2") -> str:
    env = environment(region)
    try:
        template = env.get_template(entry)
        say = _phrases(figures, region)
        return template.render(r=report, f=figures, s=region.settings, region=region.name, say=say, para=say.para,
                               paras=say.paras, label=say.label)
    except TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}" if getattr(exc, "lineno", None) else (getattr(exc, "name", "") or "")
        raise RenderError(f"模板错误 {where}：{exc.message}") from None
