"""``disclose init``: a commented blank input (every key with its meaning and unit) and, optionally, the blank
workbook of its 公开表 to type the figures into (read back with ``disclose import-xlsx``)."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from string import Template

from ..errors import DiscloseError, InputError
from ..model.common import YEARS, unit_name_problem
from ..output import folder_target, replace_folder, staging_beside

SKELETON = Path(__file__).parent / "skeleton"


def skeleton_tables(kind: str, region: str, templates=None) -> str:
    """The input sections of the region's 科目表 (generator/tables), one commented entry each: a table added by
    its description alone gets its place in a blank input too."""
    from ..regions import load_region
    from ..tables import region_registry

    prof = load_region(region, templates)
    registry = region_registry(kind, prof.dirs)
    order = str(prof.settings.get("预算表", "")).split() if kind == "预算" else [d.id for d in registry]
    lines = []
    for d in registry:
        if not d.输入 or (kind == "预算" and d.形式 != "科目表"):
            continue
        no = f"表{order.index(d.id) + 1}" if d.id in order else d.id
        example = "30101" if d.科目 == "经济分类" else "2110101"
        row = f'{{科目: "{example}", ' + ", ".join(f"{c}: 0" for c in d.输入列) + "}"
        if len(d.path) == 1:
            lines += [f"{d.输入}:  # {no}：{d.说明}", f"  行: []  # 每行 {row}"]
        else:
            lines.append(f"  {d.path[-1]}: {{行: []}}  # {no}：{d.说明}；每行 {row}")
    return "\n".join(lines)


def _yaml_text(text: str) -> str:
    """*text* inside the skeleton's double-quoted YAML scalar: a JSON string body is a valid YAML one."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def check_name_and_year(name: str, year: int | None) -> None:
    """The unit name and the year as a report accepts them, refused before anything is written."""
    problem = unit_name_problem(name)
    if problem:
        raise DiscloseError(f"--name“{name[:40]}{'…' if len(name) > 40 else ''}”无效：{problem}")
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        raise DiscloseError(f"--year {year} 无效：年度应为 {YEARS[0]}–{YEARS[1]} 之间的四位年份")


def init(
    outdir: str | Path,
    kind: str = "预算",
    level: str = "部门",
    region: str = "xinjiang",
    name: str = "（单位名称）",
    year: int | None = None,
    also: Callable[[Path], list[str]] | None = None,
    force: bool = False,
    templates: str | Path | None = None,
) -> list[Path]:
    """Write the skeleton into *outdir* (all or nothing; an existing non-empty folder needs *force*). *also*: writes
    more files into the new folder before it replaces *outdir* and returns their names (``init --xlsx``: the blank
    workbook, excel.commands.blank_workbook) — given by the caller, so that scaffold needs no workbook code."""
    from ..regions import available

    if region not in available() and region != "base":
        raise DiscloseError(f"地区版式“{region}”不存在；可用：{'、'.join(available())}")
    check_name_and_year(name, year)
    target = folder_target(outdir, "输出文件夹", force=force)
    if year is None:  # a budget is prepared for next year, final accounts for the year just closed
        today = datetime.date.today().year
        year = today + 1 if kind == "预算" else today - 1
    values = {"year": year, "prev": year - 1, "level": level, "region": region, "name": _yaml_text(name)}
    values["subject_tables"] = skeleton_tables(kind, region, templates)
    tmp = staging_beside(target)
    try:
        written = []
        for src in sorted((SKELETON / kind).glob("*.yaml")):
            text = Template(src.read_text(encoding="utf-8")).substitute(values)
            (tmp / src.name).write_text(text, encoding="utf-8")
            written.append(Path(outdir) / src.name)
        _must_load(tmp, kind, region, templates)
        if also is not None:
            written += [Path(outdir) / name for name in also(tmp)]
        replace_folder(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return written


def _must_load(folder: Path, kind: str, region: str, templates=None) -> None:
    """The written skeleton loads as an input (a guard: a value that breaks it is refused, never written), with the
    tables its region and overlay describe."""
    from ..load import load_input
    from ..model import build_report
    from ..regions import load_region
    from ..tables import region_registry

    try:
        build_report(load_input(folder), region_registry(kind, load_region(region, templates).dirs))
    except InputError as exc:  # pragma: no cover - the values are checked above; kept as the last guard
        raise DiscloseError(f"生成的空白输入无法读取，未写入：{exc.format_message()}") from None
