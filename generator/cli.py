"""Command line: ``disclose render``, ``disclose check``. Thin: the work is in :mod:`generator.pipeline`."""
from __future__ import annotations

import os
import sys

import click

from . import pipeline


def _formats(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="disclose", message="disclose %(version)s")
def main():
    """预决算公开报告生成器：YAML 输入 → PDF（公开件）与 DOCX（可编辑稿）。"""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--outdir", default="out", show_default=True, type=click.Path(), help="输出目录")
@click.option("--format", "fmt", default="pdf,docx", show_default=True, help="输出格式，逗号分隔：pdf,docx,html")
@click.option("--templates", type=click.Path(), default=None, help="自定义模板目录（覆盖地区版式）")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(0),
              help="同时生成的报告数（各用一个进程）；0 为 CPU 核数")
def render(inputs, outdir, fmt, templates, jobs, **options):
    """检查并生成报告。有错误时不生成该报告的任何文件。

    多个输入时，某份报告出错不影响其余报告，最后汇总；有报告失败时退出码非零。"""
    # options: every further option of this command, passed to pipeline.render unchanged (also in the workers)
    formats = _formats(fmt)
    if len(inputs) == 1:
        for w in pipeline.render(inputs[0], outdir, formats, templates, **options):
            click.echo(f"已生成 {w}")
        return
    from . import batch
    sys.exit(batch.run(list(inputs), outdir, formats, templates, jobs or os.cpu_count() or 1, options))


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--templates", type=click.Path(), default=None)
def check(inputs, fmt, templates):
    """只检查，不生成。退出码：0 无错误，1 有错误，2 输入无法读取。"""
    import json

    worst = 0
    records = []
    for path in inputs:
        p = pipeline.prepare(path, templates)
        for f in p.findings:
            records.append(dict(f.as_dict(), input=str(path)))
            if f.severity == "错误" and not f.waived:
                worst = 1
        if fmt == "text":
            errors = sum(1 for f in p.findings if f.severity == "错误" and not f.waived)
            warnings = sum(1 for f in p.findings if f.severity == "警告" and not f.waived)
            waived = sum(1 for f in p.findings if f.waived)
            for f in p.findings:
                tag = f"已确认（{f.waived}）" if f.waived else f.severity
                click.echo(f"{f.location}：{tag} [{f.rule}] {f.message}")
            click.echo(f"{path}：{errors} 个错误，{warnings} 个警告，{waived} 个已确认")
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    sys.exit(worst)


@main.group()
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
    from .checks.registry import RULES
    from .checks import final_rules, rules as _r  # noqa: F401 - registers the rules
    for r in RULES.values():
        click.echo(f"{r.id}\t{r.severity}\t{'预算' if r.kind == 'budget' else '决算'}\t{r.title}")
