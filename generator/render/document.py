"""Render the report's one HTML document from the region's templates.

Templates may come from a user overlay shared between units and vendors, so they run contained: files only from
the region's folders (real paths inside them), the Jinja sandbox with bounded ``range``, repetition and powers,
a bounded output size and a time limit, and no reference to files or URLs in the document.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, PrefixLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from ..compute.figures import Figures
from ..errors import DiscloseError, RenderError
from ..formats import FILTERS
from ..paths import MAX_TEMPLATE_BYTES, read_regular
from ..phrases import Phrases, phrase_book
from ..regions import Region
from ..sandbox import LimitedSandbox
from ..tables import KIND_NAMES, figure_of, region_registry
from .page import page_setup
from .passes import run_passes
from .serialize import parse
from .table_attrs import check_table_attributes
from .tree import Document

MAX_OUTPUT_CHARS = 64 * 1024 * 1024  # the largest real report is about 3 MB of HTML
TIME_LIMIT = 120  # seconds for Jinja; real reports take about one


class ContainedLoader(BaseLoader):
    """FileSystemLoader that reads a template only when its real path lies inside the folder it was found in."""

    def __init__(self, roots: list[Path]):
        self.roots = [Path(r) for r in roots]

    def get_source(self, environment, template):
        pieces = split_template_path(template)  # refuses ".." segments
        for i, root in enumerate(self.roots):
            candidate = root.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            data = read_regular(candidate, root, "模板文件", MAX_TEMPLATE_BYTES, "模板")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise RenderError(f"模板文件 {candidate} 不是 UTF-8 编码") from None
            stamp = _stamp(candidate)
            before = [r.joinpath(*pieces) for r in self.roots[:i]]  # an override added there later shadows it
            return text, str(candidate), lambda c=candidate, s=stamp, b=before: _current(c, s, b)
        raise TemplateNotFound(template)

    def list_templates(self):
        found = set()
        for root in self.roots:
            for path in root.rglob("*"):
                if path.is_file():
                    found.add("/".join(path.relative_to(root).parts))
        return sorted(found)


class _Sandbox(LimitedSandbox):
    """The bounded sandbox of :mod:`generator.sandbox` (repetition, powers, integer size)."""


def _stamp(path: Path) -> tuple[int, int] | None:
    """(mtime, size) of *path*, None when it is gone: a template compiled from it is reused while this holds."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _current(path: Path, stamp: tuple | None, shadows: list[Path]) -> bool:
    """A template compiled from *path* still holds: same mtime and size, and no override added before it."""
    return _stamp(path) == stamp and not any(os.path.lexists(s) for s in shadows)


def environment(region: Region) -> SandboxedEnvironment:
    """The Jinja environment of the region's folders, one per process and folder list: its compiled templates are
    reused by the next render (``disclose watch``, a batch worker) while their files keep their mtime and size."""
    return _environment(tuple(region.dirs), region.base_dir)


@lru_cache(maxsize=16)
def _environment(dirs: tuple[Path, ...], base_dir: Path) -> SandboxedEnvironment:
    # "base/x" always names the base template, so an override can extend what it replaces
    loader = ChoiceLoader([ContainedLoader(list(dirs)), PrefixLoader({"base": ContainedLoader([base_dir])})])
    env = _Sandbox(loader=loader, undefined=StrictUndefined, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: int):
    """SIGALRM-based limit (main thread only; elsewhere, e.g. in a thread pool, no limit is set)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _Timeout

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def report_phrases(figures, region: Region) -> Phrases:
    """The phrase book of the report's kind, with the placeholders every phrase may use."""
    kind = figures.kind
    level = figures.level
    common = {
        "单位": figures.unit,
        "年": figures.year,
        "上年": figures.year - 1,
        "级次": level,
        "本级": "本" + level,
        "设置": region.settings,
    }
    return Phrases(phrase_book(region, kind), common)  # the book knows where each phrase was written


def template_context(report: BaseModel, figures: Figures, region: Region, page: dict) -> dict:
    """What every template sees: the report, its figures, settings, page setup, the phrase book and the table
    descriptions (``tables``; ``figure(d)`` gives the figures of description *d*)."""
    say = report_phrases(figures, region)
    kind = KIND_NAMES[figures.kind]
    return dict(
        tables=region_registry(kind, region.dirs),
        figure=lambda d: figure_of(figures, d.figure),
        r=report,
        f=figures,
        s=region.settings,
        region=region.name,
        page=page,
        say=say,
        para=say.para,
        paras=say.paras,
        label=say.label,
    )


def template_output(
    report: BaseModel, figures: Figures, region: Region, page: dict, entry: str = "report.html.j2"
) -> str:
    """The templates' output: the report's HTML as Jinja writes it, bounded in size and time."""
    env = environment(region)
    try:
        with _time_limit(TIME_LIMIT):
            template = env.get_template(entry)
            parts, size = [], 0
            context = template_context(report, figures, region, page)
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise RenderError(
                        context["say"].blame(size)
                        or (f"模板输出超过 {MAX_OUTPUT_CHARS // 1024 // 1024} MB，已停止（模板中可能有失控的循环）")
                    )
                parts.append(chunk)
    except _Timeout:
        raise RenderError(f"模板运行超过 {TIME_LIMIT} 秒，已停止（模板中可能有失控的循环）") from None
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        where = f"{getattr(exc, 'filename', '')}:{lineno}" if lineno else (getattr(exc, "name", "") or "")
        raise RenderError(f"模板错误 {where}：{exc.message}") from None
    except DiscloseError:
        raise
    except OverflowError as exc:  # range(10**8) in the sandbox
        raise RenderError(f"模板运行出错（{_template_frame(exc)}）：循环范围或数值过大（range 上限 100,000）") from None
    except (RecursionError, MemoryError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
        # range(10**8) raises OverflowError in the sandbox; other Python errors of a template land here too
        raise RenderError(f"模板运行出错（{_template_frame(exc)}）：{type(exc).__name__}：{exc}") from None
    return "".join(parts)


def render_document(report: BaseModel, figures: Figures, region: Region, entry: str = "report.html.j2") -> Document:
    """The report's one document: the templates' HTML parsed once, finished by the passes (render/passes.py)."""
    page = page_setup(region.settings)
    html = template_output(report, figures, region, page, entry)
    check_table_attributes(html)  # spans and widths in range before anything places a cell
    document = Document(
        parse(html),
        dict(region.settings, 字体=page["字体"]),  # the installed families, for the writers' glyph guard
        page,
        list(region.dirs),
        region.name,
        figures.kind,
        figures.unit,
        figures.year,
    )
    return run_passes(document)


def render_html(report: BaseModel, figures: Figures, region: Region, entry: str = "report.html.j2") -> str:
    """The finished document as HTML text (what ``--format html`` writes)."""
    return render_document(report, figures, region, entry).html


def _template_frame(exc: BaseException) -> str:
    """file:line of the innermost template frame of *exc* (Jinja maps template lines into tracebacks)."""
    tb, where = exc.__traceback__, "位置未知"
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html", ".css")):
            where = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
