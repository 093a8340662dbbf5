"""Render the report's one HTML document from the region's templates."""
from __future__ import annotations

from types import SimpleNamespace

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from ..errors import RenderError
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


def render_html(report: BaseModel, figures: SimpleNamespace, region: Region, entry: str = "report.html.j2") -> str:
    env = environment(region)
    try:
        template = env.get_template(entry)
        return template.render(r=report, f=figures, s=region.settings, region=region.name)
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        where = f"{getattr(exc, 'filename', '')}:{lineno}" if lineno else (getattr(exc, "name", "") or "")
        raise RenderError(f"模板错误 {where}：{exc.message}") from None
