"""Errors the user sees: located, in Chinese, never a traceback.

Every error of the pipeline is a :class:`DiscloseError` (a ``click.ClickException``), so the CLI prints
``错误：…`` and exits non-zero without a per-command try/except.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import click


@dataclass(frozen=True)
class Location:
    """Where in the input a problem is: file, line, column (1-based) and YAML path."""

    file: str = ""
    line: int | None = None
    column: int | None = None
    path: tuple = ()
    cell: str = ""  # sheet!cell of a workbook input (表3!E7): where the clerk typed the figure

    def yaml_path(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out

    def __str__(self) -> str:
        where = self.file or "<输入>"
        if self.cell:
            where += f" {self.cell}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.path and not self.cell:  # a clerk working in the workbook never sees the YAML path
            where += f"（{self.yaml_path()}）"
        return where


@dataclass
class Problem:
    """One located problem in an input (syntax, type, missing key …)."""

    message: str
    location: Location = field(default_factory=Location)
    rule: str = ""

    def __str__(self) -> str:
        rule = f"[{self.rule}] " if self.rule else ""
        return f"{self.location}：{rule}{self.message}"


class DiscloseError(click.ClickException):
    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # noqa: D401 - click API
        click.echo(f"错误：{self.format_message()}", err=True)


class InputError(DiscloseError):
    """The input cannot be read or does not fit the model. Exit code 2: nothing could be checked."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        lines = [f"输入有 {len(problems)} 处错误：" if len(problems) > 1 else "输入有误："]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


class CheckError(DiscloseError):
    """Checks found errors; nothing is rendered."""


class RenderError(DiscloseError):
    """A template or writer failed (missing glyph, unknown tag, bad template …)."""
