"""Command line: ``disclose render``, ``disclose check``. Thin: the work is in :mod:`generator.pipeline`."""

from __future__ import annotations

import os
import sys

import click

from . import pipeline, sources
from .cli_zh import ChineseGroup
from .model.common import YEARS
from .watch import finding_lines


def _formats(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _check_formats(ctx, param, value: str) -> str:
    """--format: at least one known format (an empty list would render nothing and still exit 0)."""
    from .writers import WRITERS

    formats = _formats(value or "")
    if not formats:
        raise click.BadParameter(f"至少给出一种输出格式：{'、'.join(WRITERS)}")
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise click.BadParameter(f"不认识的格式“{'、'.join(unknown)}”；可用：{'、'.join(WRITERS)}")
    return value


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="disclose", message="disclose %(version)s", help="显示版本号并退出。")
def main():
    """预决算公开报告生成器：YAML 输入 → PDF（公开件）与 DOCX（可编辑稿）。"""
    from .output import terminate_cleanly

    terminate_cleanly()  # SIGTERM removes the staging folder like any other failure


class Progress:
    """One line per stage on a terminal, once a render has taken a few seconds (a quick one prints nothing)."""

    AFTER = 2.0  # seconds

    def __init__(self, enabled: bool):
        import time

        self.enabled, self.clock, self.start = enabled, time.monotonic, time.monotonic()

    def __call__(self, stage: str) -> None:
        elapsed = self.clock() - self.start
        if self.enabled and elapsed >= self.AFTER:
            click.echo(f"……{stage}（已用 {elapsed:.0f} 秒）", err=True)


def _warnings(findings) -> None:
    """After a render: the warnings it was made with, and their number (they do not stop a render)."""
    shown = [f for f in findings if f.severity == "警告" and not f.waived]
    for f in shown:
        click.echo(f"{f.location}：警告 [{f.rule}] {f.message}", err=True)
    if shown:
        click.echo(f"共 {len(shown)} 个警告（不影响生成，请逐条核对；disclose check 列出全部检查结果）", err=True)


def _output_options(default_format: str, templates_help: str):
    """The options ``render`` and ``watch`` share: where, which formats, which templates, which PDF."""
    options = [
        click.option("-o", "--outdir", default="out", show_default=True, type=click.Path(), help="输出目录"),
        click.option(
            "--format",
            "fmt",
            default=default_format,
            show_default=True,
            callback=_check_formats,
            help="输出格式，逗号分隔：pdf,docx,html,xlsx",
        ),
        click.option("--templates", type=click.Path(), default=None, help=templates_help),
        click.option(
            "--pdf-variant",
            default=None,
            type=click.Choice(["pdf/a-3u", "pdf/a-2u", "pdf/a-3b", "pdf/a-2b"]),
            help="归档用 PDF/A 版本（元数据与全部字体嵌入），如 pdf/a-3u；地区设置 PDF归档: 是 即 pdf/a-3u",
        ),
        click.option(
            "--pdf-engine",
            type=click.Choice(["weasyprint", "typst"]),
            default=None,
            help="PDF 排版引擎（默认取地区设置 PDF引擎，即 typst）",
        ),
        click.option(
            "--catalog", type=click.Path(), default=None, help="科目名称文件（YAML：功能分类/经济分类: {编码: 名称}）"
        ),
    ]

    def decorate(f):
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@_output_options("pdf,docx", "自定义模板目录（覆盖地区版式）")
@click.option(
    "-j",
    "--jobs",
    default=1,
    show_default=True,
    type=click.IntRange(0),
    help="同时生成的报告数（各用一个进程）；0 为 CPU 核数",
)
@click.option("-q", "--quiet", is_flag=True, help="只报告生成的文件和错误（不显示警告和进度）")
def render(inputs, outdir, fmt, templates, jobs, quiet, **options):
    """检查并生成报告。有错误时不生成该报告的任何文件。

    多个输入时，某份报告出错不影响其余报告，最后汇总；有报告失败时退出码非零。"""
    # options: every further option of this command, passed to pipeline.render unchanged (also in the workers)
    formats = _formats(fmt)
    if len(inputs) == 1:
        progress = Progress(enabled=not quiet and sys.stderr.isatty())
        progress("读取输入并检查")
        prepared = sources.prepare(inputs[0], templates, options.get("catalog"))
        written = pipeline.render(
            inputs[0], outdir, formats, templates, prepared=prepared, progress=progress, **options
        )
        for w in written:
            click.echo(f"已生成 {w}")
        if not quiet:
            _warnings(prepared.findings)
        return
    from . import batch

    sys.exit(batch.run(list(inputs), outdir, formats, templates, jobs or os.cpu_count() or 1, options))


@main.command()
@click.argument("input_path", metavar="输入", type=click.Path())
@_output_options("pdf", "自定义模板目录（其中的文件改动也会重新生成）")
def watch(input_path, outdir, fmt, templates, **options):
    """边改边看：生成一次，此后每次保存输入（YAML 文件、文件夹或工作簿）都重新检查并生成。

    每次列出检查结果（同 disclose check）和生成的文件与用时。

    输入有误时指出文件与行，输出目录中保留上次生成的文件，继续监视。按 Ctrl-C 结束。"""
    from . import watch as watching
    from .interrupts import Terminated

    watcher = watching.Watcher(input_path, outdir, _formats(fmt), templates, options, say=click.echo)
    click.echo(f"监视 {input_path}（保存即重新生成到 {outdir}；按 Ctrl-C 结束）")
    try:
        watching.watch(watcher)
    except KeyboardInterrupt as exc:
        why = "收到终止信号" if isinstance(exc, Terminated) else "Ctrl-C"
        click.echo(f"已停止监视（{why}）；{outdir} 中是最后一次成功生成的文件。")
    sys.exit(0)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--templates", type=click.Path(), default=None)
@click.option(
    "--prior",
    type=click.Path(exists=True),
    default=None,
    help="上一年度的输入：逐一核对本报告的上年数（预算对上年预算，决算对上年决算）",
)
@click.option(
    "--catalog", type=click.Path(), default=None, help="科目名称文件（YAML：功能分类/经济分类: {编码: 名称}）"
)
def check(inputs, fmt, templates, prior, catalog):
    """只检查，不生成。退出码：0 无错误，1 有错误，2 输入无法读取。"""
    import json

    from .errors import DiscloseError

    worst = 0
    records: list[dict] = []
    try:
        last = sources.prepare(prior, templates) if prior else None
    except DiscloseError as exc:
        if fmt != "json":
            raise
        click.echo(json.dumps(_error_records(prior, exc), ensure_ascii=False, indent=2))
        sys.exit(exc.exit_code)
    for path in inputs:
        try:
            p = sources.prepare(path, templates, catalog)
        except DiscloseError as exc:  # unreadable input: an error object in JSON, the message otherwise
            if fmt != "json":
                raise
            records += _error_records(path, exc)
            worst = max(worst, exc.exit_code)
            continue
        if last is not None:
            from .checks.prior import compare_prior

            p.findings.extend(compare_prior(p, last, path, prior))
        for f in p.findings:
            records.append(dict(f.as_dict(), input=str(path)))
            if f.severity == "错误" and not f.waived:
                worst = 1
        if fmt == "text":
            for line in finding_lines(p.findings, path):
                click.echo(line)
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    sys.exit(worst)


def _error_records(path, exc) -> list[dict]:
    """The records ``check --format json`` prints for an input that cannot be read: one per located problem, with
    the keys of a finding (severity 错误, rule of the problem) and ``exit_code``."""
    problems = getattr(exc, "problems", None) or [None]
    out = []
    for problem in problems:
        loc = getattr(problem, "location", None)
        out.append(
            {
                "rule": (problem.rule if problem else "") or "输入",
                "severity": "错误",
                "message": problem.message if problem else exc.format_message(),
                "file": loc.file if loc else str(path),
                "line": loc.line if loc else None,
                "column": loc.column if loc else None,
                "path": loc.yaml_path() if loc else "",
                "input": str(path),
                "exit_code": exc.exit_code,
            }
        )
    return out


@main.group(cls=ChineseGroup)
def templates():
    """地区版式与模板：列出、复制（作为自定义模板目录的起点）。"""


@templates.command("list")
def templates_list():
    """列出内置地区版式和可覆盖的模板文件。"""
    from .regions import TEMPLATES, available

    click.echo("地区版式：" + "、".join(["base"] + available()))
    for path in sorted((TEMPLATES / "base").rglob("*")):
        if path.is_file():
            click.echo(f"  {path.relative_to(TEMPLATES / 'base')}")


@templates.command("copy")
@click.argument("name")
@click.argument("dest", type=click.Path())
@click.option("--region", default="base", show_default=True, help="从哪个地区版式复制（按其查找顺序取文件）")
def templates_copy(name, dest, region):
    """复制内置模板 NAME（文件如 final/sections/s9.html.j2，目录如 final，或 region.yml）到 DEST，保留相对路径。

    DEST 即可作为 --templates 的自定义模板目录；已存在的文件不会被覆盖。"""
    from .regions import copy_templates

    for path in copy_templates(name, dest, region):
        click.echo(f"已复制 {path}")


@templates.command("phrases")
@click.option("--region", default="base", show_default=True, help="地区版式（base、xinjiang、shanxi …）")
@click.option("--kind", type=click.Choice(["预算", "决算", "全部"]), default="全部", show_default=True)
@click.option(
    "--templates", "overlay", type=click.Path(), default=None, help="自定义模板目录（其 phrases/ 与 region.yml）"
)
def templates_phrases(region, kind, overlay):
    """列出每条措辞的名称、当前文字和占位符（可在 region.yml 或 报告.版式 的“措辞:”下按名称改写）。"""
    from .errors import InputError, Location
    from .phrases import COMMON, KINDS, check_phrases, listing
    from .regions import load_region

    prof = load_region(region, overlay, where=Location(path=("--region",)))  # "base": the base (+ overlay) alone
    found = [p for k in KINDS if kind in ("全部", KINDS[k]) for p in check_phrases(prof, k)]
    if found:  # an override named in both kinds' books is one problem
        raise InputError(list({str(p): p for p in found}.values()))
    click.echo(f"# 每条措辞都可用的占位符：{'、'.join('{' + c + '}' for c in COMMON)}")
    for k, label in KINDS.items():
        if kind not in ("全部", label):
            continue
        click.echo(f"# ---- {label} ----")
        for name, text, names in listing(prof, k):
            shown = text if text else "（空：不印出）"
            ph = f"    [{'、'.join(names)}]" if names else ""
            click.echo(f"{name}: {shown}{ph}")
        if label == "决算":  # titles of a 决算 are settings ({单位} {年} {级次}), listed for completeness
            st = prof.settings
            click.echo("# 决算标题与章节名是设置（region.yml / 报告.版式），占位符 {单位}{年}{级次}：")
            click.echo(f"设置.决算标题: {st.get('决算标题', '')}")
            for part, title in (st.get("决算部分标题") or {}).items():
                click.echo(f"设置.决算部分标题.{part}: {title}")
            for entry in st.get("决算章节") or []:
                for sid, title in entry.items():
                    click.echo(f"设置.决算章节.{sid}: {title}")
            click.echo(f"设置.决算概况标题: {'、'.join(st.get('决算概况标题') or [])}")
            click.echo(f"设置.决算表名: {'、'.join(st.get('决算表名') or [])}")


@main.command()
@click.argument("kind", type=click.Choice(["预算", "决算"]))
@click.option("--whole", is_flag=True, help="整份输入写在一个文件里时使用（保留顶层必填项）")
def schema(kind, whole):
    """输出输入文件的 JSON Schema，供编辑器补全与校验键名。"""
    import json

    from .model.schema import json_schema

    click.echo(json.dumps(json_schema(kind, whole), ensure_ascii=False, indent=1))


@main.command()
def rules():
    """列出 disclose check 的全部规则。"""
    from .checks import RULES

    for r in RULES.values():
        click.echo(f"{r.id}\t{r.severity}\t{'预算' if r.kind == 'budget' else '决算'}\t{r.title}")


@main.command("export-xlsx")
@click.argument("input_path", metavar="输入", type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(), help="输出的 .xlsx 文件")
@click.option("--templates", type=click.Path(), default=None)
def export_xlsx(input_path, output, templates):
    """把公开表导出为 Excel 工作簿（每张表一个工作表，版式同公开件）。"""
    from .excel.commands import export_xlsx as run

    click.echo(f"已生成 {run(input_path, output, templates)}")


@main.command("import-xlsx")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("--base", type=click.Path(exists=True), default=None, help="保留其全部文字的原输入（缺省为空白骨架）")
@click.option("-o", "--outdir", required=True, type=click.Path(), help="写入的输入文件夹")
@click.option("--unit", type=click.Choice(["元", "万元"]), default=None, help="金额单位（缺省从“单位：”行识别）")
@click.option("--force", is_flag=True, help="输出文件夹已存在时整体替换")
@click.option("--year", type=click.IntRange(*YEARS), default=None, help="未给 --base 时新输入的年度")
@click.option("--templates", type=click.Path(), default=None)
def import_xlsx(workbook, base, outdir, unit, force, year, templates):
    """把 Excel 工作簿中的数字写入 YAML 输入；无法对应的单元格逐一报告（如 表5!C14），全部成功才写入。"""
    from .excel.importer import import_xlsx as run

    written, notes = run(workbook, base, outdir, unit, force, templates, year)
    for n in notes:
        click.echo(f"注意：{n}")
    for w in written:
        click.echo(f"已写入 {w}")


@main.command()
@click.argument("input_path", metavar="输入", type=click.Path(exists=True))
@click.option("-o", "--outdir", required=True, type=click.Path(), help="下一年度输入的文件夹")
@click.option("--force", is_flag=True, help="输出文件夹已存在时整体替换")
@click.option("--templates", type=click.Path(), default=None, help="自定义模板目录（其中新增的表也随之结转）")
@click.option(
    "--catalog",
    type=click.Path(),
    default=None,
    help="本年生成报告时所用的科目名称文件（YAML：功能分类/经济分类: {编码: 名称}）；其中的名称随编码写入下一年度输入",
)
def rollover(input_path, outdir, force, templates, catalog):
    """由本年输入生成下一年度输入：本年数变为上年数，本年数清空，文字保留为带“【待修改】”标记的草稿。"""
    from .scaffold.rollover import rollover as run

    for w in run(input_path, outdir, force, templates, catalog):
        click.echo(f"已写入 {w}")


@main.command()
@click.option("--kind", type=click.Choice(["预算", "决算"]), default="预算", show_default=True)
@click.option("--level", type=click.Choice(["部门", "单位"]), default="部门", show_default=True)
@click.option("--region", default="xinjiang", show_default=True, help="地区版式")
@click.option("--name", default="（单位名称）", help="单位名称")
@click.option("--year", type=click.IntRange(*YEARS), default=None, help="年度（缺省：预算为明年，决算为去年）")
@click.option("-o", "--outdir", required=True, type=click.Path(), help="新输入的文件夹")
@click.option("--xlsx", is_flag=True, help="同时生成空白的公开表工作簿（填好后用 import-xlsx 导入）")
@click.option("--force", is_flag=True, help="输出文件夹已存在时整体替换")
def init(kind, level, region, name, year, outdir, xlsx, force):
    """生成带注释的空白输入（每个键的含义与单位写在注释里）。"""
    from .excel.commands import blank_workbook
    from .scaffold.init import init as run

    also = blank_workbook() if xlsx else None
    for w in run(outdir, kind, level, region, name, year, also=also, force=force):
        click.echo(f"已写入 {w}")


@main.command("import-report")
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("-o", "--outdir", required=True, type=click.Path(), help="写入的输入文件夹")
@click.option("--like", type=click.Path(exists=True), default=None, help="同类报告的输入：按其地区与版式（措辞）读取")
@click.option("--region", default=None, help="地区版式（缺省 xinjiang；给了 --like 时取其地区）")
@click.option("--templates", type=click.Path(), default=None, help="自定义模板目录（报告按其措辞印制时）")
@click.option("--year", type=int, default=None, help="年度（报告的标题读不出时）")
@click.option("--name", default=None, help="单位名称（报告的标题读不出时）")
@click.option("--force", is_flag=True, help="输出文件夹已存在时整体替换")
def import_report(report, outdir, like, region, templates, year, name, force):
    """读取已公开的部门预算或部门决算（PDF 或 DOCX），写成输入文件夹（check、render、rollover 可直接使用）。

    公开表按表头结构识别，金额逐格放入；文字按本地区措辞放入各章节的输入项。读不出或放不进输入的内容逐条列出
    （页、表、行），同时写入输出文件夹的 导入记录.md。文件读不出时退出码为 2。"""
    from .read.importer import RECORD
    from .read.importer import import_report as run

    written, out = run(report, outdir, like, templates, region, year, name, force)
    t = out.tally
    m = out.meta
    click.echo(f"已读取 {report}：{m.unit} {m.year}年度{m.level}{m.kind}，用时 {out.doc.seconds:.1f} 秒")
    click.echo(f"公开表金额 {t.read} 个，放入 {t.placed} 个；未能放入的内容 {len(out.unplaced)} 处（见 {RECORD}）")
    errors = sum(1 for f in out.checked if f.severity == "错误")
    if out.checked:
        click.echo(f"检查发现公开件本身的问题 {errors} 个错误、{len(out.checked) - errors} 个警告（见 {RECORD}）")
    for w in written:
        click.echo(f"已写入 {w}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--like", type=click.Path(exists=True), default=None, help="同类报告的输入：按其地区与版式（措辞）读取")
@click.option("--region", default=None, help="地区版式（缺省 xinjiang）")
@click.option("--templates", type=click.Path(), default=None, help="自定义模板目录")
def audit(files, fmt, like, region, templates):
    """核对已公开的报告（PDF 或 DOCX）：表内与表间的数字、文字中的数字与表、缺少的公开表与章节、年度与单位名称。

    每条问题注明在公开件中的位置（页、表、行）。可一次核对多份，最后汇总。
    退出码：0 无错误，1 有错误，2 有文件无法读取。"""
    from .errors import DiscloseError
    from .read.audit import Audited, as_json, as_text
    from .read.audit import audit as run

    results = []
    for path in files:
        try:
            results.append(run(path, like, templates, region))
        except DiscloseError as exc:
            results.append(Audited(str(path), [], 0.0, 0, error=exc.format_message()))
    click.echo(as_json(results) if fmt == "json" else "\n".join(as_text(results)))
    if any(r.error for r in results):
        sys.exit(2)
    sys.exit(1 if any(r.errors for r in results) else 0)
