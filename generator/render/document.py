"""Render the report's one HTML document from the region's templates."""
from __future__ import annotations

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import RenderError
from ..regions import Region
from .filters import FILTERS
from .breaks import keep_table_ends, part_title_with_first_block
from .page import page_setup
from .widths import apply_widths


def environment(region: Region) -> SandboxedEnvironment:
    # "base/x" always names the base template, so an override can extend what it replaces
    loader = ChoiceLoader([FileSystemLoader([str(d) for d in region.dirs]),
                           PrefixLoader({"base": FileSystemLoader(str(region.base_dir))})])
    env = SandboxedEnvironment(loader=loader, undefined=StrictUndefined, autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


def render_html(report, figures, region: Region, entry: str = "report.html.j2") -> str:
    env = environment(region)
    page = page_setup(region.settings)
    region.settings = dict(region.settings, 字体=page["字体"])  # the installed families, for the writers' guard
    try:
        template = env.get_template(entry)
        html = template.render(r=report, f=figures, s=region.settings, region=region.name, page=page)
    except TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}" if getattr(exc, "lineno", None) else (getattr(exc, "name", "") or "")
        raise RenderError(f"模板错误 {where}：{exc.message}") from None
    return keep_table_ends(part_title_with_first_block(apply_widths(html, page["geometry"])))
