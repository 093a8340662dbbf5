"""The pipeline, one function per stage: load → model → compute → check → render → write."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType, SimpleNamespace

from .checks import Finding, run_checks
from .compute.figures import Figures
from .errors import CheckError
from .kinds import KINDS, ReportKind, kind_of
from .load import Source, load_input
from .model import build_report
from .model.budget import BudgetReport, Meta
from .model.final import FinalReport
from .output import report_stem, staged
from .phrases import check_phrases
from .regions import Region, load_region
from .render import render_document
from .render.document import report_phrases
from .render.page import font_warnings
from .tables import region_registry
from .writers import in_order, resolve_options
from .writers.pagemap import page_map


@dataclass
class Prepared:
    source: Source
    report: BudgetReport | FinalReport
    figures: Figures
    findings: list[Finding]
    region: Region


def prepare(path: str | Path, templates: str | Path | None = None, catalog: str | Path | None = None) -> Prepared:
    """Load, validate, compute and check one input. Raises InputError on unreadable input.

    *catalog*: a YAML file of code names (功能分类/经济分类: code → name) for codes the built-in catalogue lacks."""
    return prepare_source(load_input(path), templates, catalog)


def prepare_source(source: Source, templates: str | Path | None = None, catalog: str | Path | None = None) -> Prepared:
    """:func:`prepare` of input data already loaded (an import builds its data in memory)."""
    from . import catalog as codes

    region, kind = _region_of(source, templates)
    registry = region_registry(kind.name, region.dirs)
    report = build_report(source, registry)
    # before compute: settings drive rules too
    # resolved once (region, overlay, 报告.版式) and read-only from here on: no stage may change what another reads
    region.settings = MappingProxyType(apply_layout(region.settings, report, source, region.dirs))
    layout_origins(region, source)
    check_report_phrases(region, report)
    _check_table_order(region.settings, registry, report, source)
    names = (region.settings.get("科目名称"), _catalog_file(catalog), report.科目名称.model_dump())
    with codes.supplied_names(*names):
        figures = kind.compute(report, region.settings, registry)
        # the sentence checks read the words the report prints around a typed text (phrases of this region)
        words = SimpleNamespace(say=report_phrases(figures, region), settings=region.settings)
        findings = run_checks(report, figures, source, words)
    return Prepared(source, report, figures, findings, region)


def _check_table_order(settings: Mapping, registry, report, source: Source) -> None:
    """Every id of the setting 决算表 names a described table (a located error, not a template error later)."""
    from .errors import InputError, Location, Problem

    if report.报告.类型 != "决算":
        return
    ids = str(settings.get("决算表") or "").split()
    known = [d.id for d in registry]
    bad = [i for i in ids if i not in known]
    titles = settings.get("决算表名")
    untitled = [i for i in ids if i not in titles] if isinstance(titles, dict) else []
    if not bad and not untitled and (isinstance(titles, dict) or len(titles or []) >= len(ids)):
        return
    where = source.locate(("报告", "版式", "决算表")) if "决算表" in report.报告.版式 else Location(path=("决算表",))
    if bad:
        why = f"设置“决算表”中的“{'、'.join(bad)}”不是已描述的表；可用：{' '.join(known)}"
    elif untitled:
        why = f"设置“决算表名”没有给出“{'、'.join(untitled)}”的标题"
    else:
        why = f"设置“决算表名”只有 {len(titles or [])} 个标题，“决算表”列了 {len(ids)} 张表"
    raise InputError(Problem(why, where, "版式"))


def _region_of(source: Source, templates: str | Path | None) -> tuple[Region, ReportKind]:
    """The region and kind the input names, read before the whole model: a region's tables shape the model. An
    unreadable 报告 is reported by the model, located, as every other input error."""
    meta = source.data.get("报告")
    if not isinstance(meta, dict) or meta.get("类型") not in KINDS:
        build_report(source)  # raises the located problems of 报告
    assert isinstance(meta, dict)
    name = meta.get("地区", Meta.model_fields["地区"].default)
    return load_region(name, templates, where=source.locate(("报告", "地区"))), kind_of(meta.get("类型"))


def layout_origins(region: Region, source: Source) -> None:
    """Where the report's 报告.版式 settings were given (报告.yaml lines), on top of the region's own."""
    for path, loc in source.positions.items():
        if path[:2] == ("报告", "版式") and len(path) > 2:
            region.origins[path[2:]] = loc


def check_report_phrases(region: Region, report: BudgetReport | FinalReport) -> None:
    """Every phrase this report will print, compiled and tried once (grammar, limits), located at its phrase file
    or 措辞 override: a broken phrase stops ``check`` as it would stop the render."""
    from .errors import InputError

    problems = check_phrases(region, "final" if report.报告.类型 == "决算" else "budget")
    if problems:
        raise InputError(problems)


def _catalog_file(path: str | Path | None) -> dict | None:
    """--catalog FILE: {功能分类: {code: name}, 经济分类: {code: name}}, read with the input's YAML limits."""
    if not path:
        return None
    from .catalog import KINDS
    from .errors import InputError, Location, Problem
    from .load import read_mapping
    from .settings_schema import SCHEMA

    path = Path(path)
    source = read_mapping(path, path.parent, "科目名称文件")
    data = source.data
    if set(data) - set(KINDS) or any(not isinstance(v, dict) for v in data.values()):
        raise InputError(
            Problem(
                "科目名称文件应为“功能分类: {编码: 名称}”和/或“经济分类: {编码: 名称}”", Location(str(path)), "科目名称"
            )
        )
    # each code 3/5/7 digits, each name one short line: located in this file, never blamed on the input later
    found = SCHEMA["科目名称"].check(data)
    if found:
        raise InputError(
            [Problem(f"“{'.'.join(map(str, p))}”{message}", source.locate(p), "科目名称") for p, message in found]
        )
    return data


def apply_layout(region_settings: Mapping, report: BudgetReport | FinalReport, source: Source, dirs=()) -> dict:
    """Region settings with the report's own 报告.版式 overrides; an unknown key, or a value that does not fit the
    setting's type (:mod:`generator.settings_schema`), is a located input error."""
    from .errors import InputError, Problem
    from .settings_schema import check_settings

    settings = dict(region_settings)
    problems = []
    for key in report.报告.版式:
        if key not in settings or key == "extends":
            problems.append(
                Problem(
                    f"版式设置“{key}”不存在；可用：{'、'.join(k2 for k2 in settings if k2 != 'extends')}",
                    source.locate(("报告", "版式", key)),
                    "版式",
                )
            )
    known = {k: v for k, v in report.报告.版式.items() if k in settings and k != "extends"}
    problems += check_settings(known, source.locate, ("报告", "版式"), settings)
    if problems:
        raise InputError(problems)
    layout = dict(report.报告.版式)
    if "名词解释" in layout and getattr(report, "名词解释", None) is not None:
        raise InputError(
            Problem(
                "名词解释写了两处：顶层“名词解释”（旧写法）和“报告.版式.名词解释”；请只保留后者",
                source.locate(("名词解释",)),
                "版式",
            )
        )
    phrases = layout.pop("措辞", None)
    settings.update(layout)
    if phrases:
        settings["措辞"] = _phrase_overrides(settings, phrases, report, source, dirs)
    return settings


def _phrase_overrides(settings: dict, phrases, report, source, dirs) -> dict:
    """报告.版式.措辞 on top of the region's 措辞; a name that is no phrase of this report kind is an input error."""
    from .errors import InputError, Problem
    from .phrases import flatten, unknown_overrides
    from .regions import Region

    if not isinstance(phrases, dict):
        raise InputError(Problem("版式.措辞 应为“措辞名: 文字”的映射", source.locate(("报告", "版式", "措辞")), "版式"))
    kind = "final" if report.报告.类型 == "决算" else "budget"
    region = Region("", list(dirs), settings)
    bad = unknown_overrides(region, kind, phrases)
    if bad:
        raise InputError(
            [
                Problem(
                    f"措辞“{n}”不存在；运行 disclose templates phrases 查看全部措辞名",
                    source.locate(("报告", "版式", "措辞", n)),
                    "版式",
                )
                for n in bad
            ]
        )
    return {**flatten(settings.get("措辞") or {}), **flatten(phrases)}


def output_stem(report: BudgetReport | FinalReport) -> str:
    """The outputs' file name without extension, safe to use inside OUTDIR (see :func:`output.report_stem`)."""
    m = report.报告
    return report_stem(m.单位名称, f"-{m.年度}年{m.级次}{m.类型}公开")


def render(
    path: str | Path,
    outdir: str | Path,
    formats: Sequence[str] = ("pdf", "docx"),
    templates: str | Path | None = None,
    prepared: Prepared | None = None,
    pdf_variant: str | None = None,
    pdf_engine: str | None = None,
    catalog: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    warm: bool = False,
) -> list[Path]:
    """Render one input to *outdir*; refuses (CheckError) when a check reports an error. Returns written paths.

    *pdf_engine* (``typst`` or ``weasyprint``) overrides the region setting PDF引擎; *pdf_variant* (``pdf/a-3u`` …)
    the setting PDF归档; *catalog* is a YAML file of code names (see :func:`prepare`); *warm* keeps the writers' state
    for the next render of this process (``disclose watch``)."""
    p = prepared or prepare(path, templates, catalog)
    options = replace(resolve_options(p.region.settings, pdf_engine, pdf_variant), warm=warm)
    writers = in_order(formats)  # an unknown format is refused before anything is rendered
    errors = [f for f in p.findings if f.severity == "错误" and not f.waived]
    if errors:
        shown = "\n".join(f"  {f.location}：[{f.rule}] {f.message}" for f in errors[:20])
        more = f"\n  ……另有 {len(errors) - 20} 个错误" if len(errors) > 20 else ""
        raise CheckError(
            f"{path}：检查发现 {len(errors)} 个错误，未生成任何文件：\n{shown}{more}\n"
            "（运行 disclose check 可同时看到警告）"
        )
    say = progress or (lambda stage: None)
    say("排版文档")
    document = render_document(p.report, p.figures, p.region)
    for line in font_warnings(document.page, formats):
        print(line, file=sys.stderr)
    stem = output_stem(p.report)
    outdir = Path(outdir)
    with staged(outdir) as tmp:
        for i, writer in enumerate(writers):
            target = tmp / f"{stem}.{writer.name}"
            say(f"写出 {writer.name.upper()}")
            writer.write(document, options, target)
            if (
                writer.paginated
                and options.page_map is None
                and any(w.wants_page_map(document) for w in writers[i + 1 :])
            ):
                # the DOCX numbers its 目录 with the pages of the PDF of the same run
                options = replace(options, page_map=page_map(target, document))
        written = [outdir / f"{stem}.{fmt}" for fmt in formats]
    return written
