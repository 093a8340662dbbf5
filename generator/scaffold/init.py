"""``disclose init``: a commented blank input (every key with its meaning and unit) and, optionally, the blank
workbook of its 公开表 to type the figures into (read back with ``disclose import-xlsx``)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from string import Template

from ..errors import DiscloseError
from ..output import replace_folder, staging_beside

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


def init(
    outdir: str | Path,
    kind: str = "预算",
    level: str = "部门",
    region: str = "xinjiang",
    name: str = "（单位名称）",
    year: int | None = None,
    xlsx: bool = False,
    force: bool = False,
    templates: str | Path | None = None,
) -> list[Path]:
    """Write the skeleton into *outdir* (all or nothing; an existing non-empty folder needs *force*)."""
    from ..regions import available

    if region not in available() and region != "base":
        raise DiscloseError(f"地区版式“{region}”不存在；可用：{'、'.join(available())}")
    outdir = Path(outdir)
    if outdir.exists() and any(outdir.iterdir()) and not force:
        raise DiscloseError(f"{outdir} 已存在且不为空；加 --force 覆盖")
    if year is None:  # a budget is prepared for next year, final accounts for the year just closed
        today = datetime.date.today().year
        year = today + 1 if kind == "预算" else today - 1
    values = {"year": year, "prev": year - 1, "level": level, "region": region, "name": name}
    values["subject_tables"] = skeleton_tables(kind, region, templates)
    tmp = staging_beside(outdir)
    try:
        written = []
        for src in sorted((SKELETON / kind).glob("*.yaml")):
            text = Template(src.read_text(encoding="utf-8")).substitute(values)
            (tmp / src.name).write_text(text, encoding="utf-8")
            written.append(outdir / src.name)
        if xlsx:
            from ..excel.commands import export_xlsx

            export_xlsx(tmp, tmp / "公开表.xlsx", templates)
            written.append(outdir / "公开表.xlsx")
        replace_folder(tmp, outdir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return written
