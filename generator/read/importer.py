"""``disclose import-report``: a published report (PDF or DOCX) into an input folder, all or nothing, with a record
of what was read and of everything that found no place (导入记录.md beside the YAML files)."""

from __future__ import annotations

from pathlib import Path

from ..errors import DiscloseError
from ..load.reader import LIST_KEYS
from . import read_file
from .to_input import Imported, read_report, temporary

RECORD = "导入记录.md"
OWNERS = {  # a key the skeleton has no file for goes to the file that holds its neighbours
    "决算表": "决算表.yaml",
    "项目支出绩效自评表": "绩效自评.yaml",
    "单位整体支出绩效自评表": "绩效自评.yaml",
    "部门整体绩效目标表": "绩效.yaml",
    "项目支出绩效目标表": "绩效.yaml",
    "附加表": "附加表.yaml",
}


def import_report(
    path: str | Path,
    outdir: str | Path,
    like: str | Path | None = None,
    templates: str | Path | None = None,
    region: str | None = None,
    year: int | None = None,
    name: str | None = None,
    force: bool = False,
) -> tuple[list[Path], Imported]:
    """Read *path* and write the input folder *outdir*; DiscloseError (nothing written) when the result would not
    be an input that ``check`` and ``render`` accept."""
    doc = read_file(path)
    with temporary() as tmp:
        out = read_report(doc, Path(tmp), like, templates, region, year, name)
        if out.report is None:
            problems = "\n".join(f"  {u.where}：{u.why}" for u in out.unplaced[:30])
            raise DiscloseError(f"{path}：读出的内容不能组成有效的输入，未写入任何文件：\n{problems}")
        _owners(out)
        from .audit import check_findings

        out.checked = [f for f in check_findings(out) if f.severity in ("错误", "警告")]
        (out.folder / RECORD).write_text(record(out, Path(path).name), encoding="utf-8")
        written = out.store.write(outdir, force, note=f"由 disclose import-report 从 {Path(path).name} 读取")
        extra = [Path(outdir) / f.name for f in out.folder.iterdir() if f.is_file() and f.suffix != ".yaml"]
    return written + extra, out


def _owners(out: Imported) -> None:
    """Every top-level key in a file of its own kind (new files are created beside the skeleton's)."""
    store = out.store
    by_name = {f.name: f for f in store.files}
    for key in out.data:
        if key in store.owner:
            continue
        target = OWNERS.get(key, "情况说明.yaml")
        f = by_name.get(target) or store.path / target
        if f not in store.files:
            store.files.append(f)
            store.per_file[f] = {}
            by_name[target] = f
        value = out.data[key]
        store.owner[key] = [f] * len(value) if key in LIST_KEYS and isinstance(value, list) else [f]


def record(out: Imported, source: str) -> str:
    """The import's record in Chinese: what was read, what was placed, and every piece that found no place."""
    m = out.meta
    t = out.tally
    lines = [
        f"# 导入记录：{source}",
        "",
        f"- 报告：{m.unit} {m.year}年度{m.level}{m.kind}"
        f"（读取用时 {out.doc.seconds:.1f} 秒，共 {out.doc.pages or '—'} 页）",
        f"- 地区版式：{out.data.get('报告', {}).get('地区', '')}",
        f"- 公开表：识别 {sum(1 for i, _ in out.tables.values() if i not in ('绩效', '附加表'))} 张；"
        f"表中金额 {t.read} 个，放入输入（或与由输入计算的数字一致）{t.placed} 个",
        "",
        "## 识别的表格",
        "",
    ]
    for number, (lid, title) in sorted(out.tables.items()):
        table = next((x for x in out.doc.tables if x.number == number), None)
        page = f"第{table.page}页 " if table is not None and not table.docx else ""
        printed = f"（印为{table.label}）" if table is not None and table.label.startswith("表") else ""
        lines.append(f"- {page}第{number}张表{printed}：{title}（{lid}）")
    if t.findings:
        lines += ["", "## 与由各表计算的数字不同的金额", ""]
        lines += [f"- {f.where}：{f.message()}" for f in t.findings]
    if out.unplaced:
        lines += ["", "## 未能放入输入的内容（按位置）", ""]
        for u in out.unplaced:
            text = f"：{u.text}" if u.text else ""
            lines.append(f"- {u.where}{text}（{u.why}）")
    if out.notes:
        lines += ["", "## 请核对", ""]
        lines += [f"- {n}" for n in out.notes]
    if out.checked:
        lines += ["", "## 检查发现的问题（公开件本身如此）", ""]
        lines += [f"- {f.where}：{f.severity} [{f.rule}] {f.message}" for f in out.checked]
        lines += [
            "",
            "有错误时 `disclose render` 不会生成报告：请改正，或在 已知问题 中写明规则、位置和原因（照公开件保留时）。",
        ]
    lines += [
        "",
        "数字与文字已写入同一文件夹的 YAML 文件；运行 `disclose check` 检查，`disclose render` 生成报告，"
        "`disclose rollover` 生成下一年度的草稿。",
    ]
    return "\n".join(lines) + "\n"
