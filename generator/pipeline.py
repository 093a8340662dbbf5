"""The pipeline, one function per stage: load → model → compute → check → render → write."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .compute import compute_budget, compute_final
from .errors import CheckError
from .load import load_input
from .model import build_report
from .output import staged
from .regions import load_region
from .render import render_html
from .writers import get_writer


@dataclass
class Prepared:
    source: object
    report: object
    figures: object
    findings: list
    region: object


def prepare(path: str | Path, templates: str | Path | None = None, catalog: str | Path | None = None) -> Prepared:
    """Load, validate, compute and check one input. Raises InputError on unreadable input.

    *catalog*: a YAML file of code names (功能分类/经济分类: code → name) for codes the built-in catalogue lacks."""
    from . import catalog as codes
    source = load_input(path)
    report = build_report(source)
    region = load_region(report.报告.地区, templates)
    # before compute: settings drive rules too
    region.settings = _apply_layout(region.settings, report, source, region.dirs)
    names = (region.settings.get("科目名称"), _catalog_file(catalog), report.科目名称.model_dump())
    with codes.supplied_names(*names):
        if report.报告.类型 == "决算":
            figures = compute_final(report, region.settings)
        else:
            figures = compute_budget(report, region.settings)
        findings = run_checks(report, figures, source)
    return Prepared(source, report, figures, findings, region)


def _catalog_file(path) -> dict | None:
    """--catalog FILE: {功能分类: {code: name}, 经济分类: {code: name}}."""
    if not path:
        return None
    import yaml
    from .errors import InputError, Location, Problem
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=yaml.BaseLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(Problem(f"科目名称文件无法读取：{exc}", Location(str(path)), "科目名称")) from None
    from .catalog import KINDS
    if not isinstance(data, dict) or set(data) - set(KINDS) or any(not isinstance(v, dict) for v in data.values()):
        raise InputError(Problem("科目名称文件应为“功能分类: {编码: 名称}”和/或“经济分类: {编码: 名称}”",
                                 Location(str(path)), "科目名称"))
    return data


def _apply_layout(region_settings: dict, report, source, dirs=()) -> dict:
    """Region settings with the report's own 报告.版式 overrides; an unknown key is an input error."""
    from .errors import InputError, Problem
    settings = dict(region_settings)
    unknown = [k for k in report.报告.版式 if k not in settings]
    if unknown:
        raise InputError([Problem(f"版式设置“{k}”不存在；可用：{'、'.join(k2 for k2 in settings if k2 != 'extends')}",
                                  source.locate(("报告", "版式", k)), "版式") for k in unknown])
    layout = dict(report.报告.版式)
    if "名词解释" in layout and getattr(report, "名词解释", None) is not None:
        raise InputError(Problem("名词解释写了两处：顶层“名词解释”（旧写法）和“报告.版式.名词解释”；请只保留后者",
                                 source.locate(("名词解释",)), "版式"))
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
        raise InputError([Problem(f"措辞“{n}”不存在；运行 disclose templates phrases 查看全部措辞名",
                                  source.locate(("报告", "版式", "措辞", n)), "版式") for n in bad])
    return {**flatten(settings.get("措辞") or {}), **flatten(phrases)}


def output_stem(report) -> str:
    m = report.报告
    return f"{m.单位名称}-{m.年度}年{m.级次}{m.类型}公开"


def render(path: str | Path, outdir: str | Path, formats=("pdf", "docx"), templates=None,
           prepared: Prepared | None = None, catalog: str | Path | None = None) -> list[Path]:
    """Render one input to *outdir*; refuses (CheckError) when a check reports an error. Returns written paths."""
    p = prepared or prepare(path, templates, catalog)
    errors = [f for f in p.findings if f.severity == "错误" and not f.waived]
    if errors:
        shown = "\n".join(f"  {f.location}：[{f.rule}] {f.message}" for f in errors[:20])
        more = f"\n  ……另有 {len(errors) - 20} 个错误" if len(errors) > 20 else ""
        raise CheckError(f"{path}：检查发现 {len(errors)} 个错误，未生成任何文件：\n{shown}{more}\n"
                         "（运行 disclose check 可同时看到警告）")
    html = render_html(p.report, p.figures, p.region)
    writers = [(fmt, get_writer(fmt)) for fmt in formats]
    stem = output_stem(p.report)
    outdir = Path(outdir)
    written = []
    with staged(outdir) as tmp:
        for fmt, write in writers:
            write(html, p.region, tmp / f"{stem}.{fmt}")
            written.append(outdir / f"{stem}.{fmt}")
    return written
