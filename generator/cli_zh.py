"""Click's own messages in Chinese: usage errors (a missing argument or option, a bad choice, a path that does not
exist …), the "Usage:" line and the Ctrl-C message.

Click marks these messages for gettext (``_("Missing argument")``) and looks them up at call time in its modules'
``_``/``ngettext``, so :func:`install` puts a lookup into the Chinese texts below in their place; a message not
listed stays as click writes it. :class:`ChineseGroup` ends a run stopped by Ctrl-C (exit 130) or SIGTERM (128 +
the signal) with a Chinese line instead of click's "Aborted!".
"""

from __future__ import annotations

import re
import sys

import click
from click import core, decorators, exceptions, formatting, parser, termui, types

from .errors import DiscloseError
from .interrupts import Terminated

# click's message ids (click 8.1–8.3) → Chinese; the placeholders are click's own (``!r`` dropped: the Chinese
# quotes already mark the value)
MESSAGES = {
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Usage:": "用法：",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少子命令。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "Did you mean {possibility}?": "是否要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要用：{possibilities}？）",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": "“{value}”不可用，只能是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不可用，可选：{choices}。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 超出范围（{range}）。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的开关值。",
    "{name} {filename!r} does not exist.": "“{filename}”不存在。",
    "{name} {filename!r} is a file.": "“{filename}”是文件，这里应为文件夹。",
    "{name} {filename!r} is a directory.": "“{filename}”是文件夹，这里应为文件。",
    "{name} {filename!r} is not readable.": "“{filename}”不可读。",
    "{name} {filename!r} is not writable.": "“{filename}”不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Option {name!r} requires an argument.": "选项“{name}”后面需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Aborted!": "已中断。",
    # --help pages
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "(dynamic)": "（视情况而定）",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
}
# what a value of each parameter type is called in the help pages (click writes PATH, TEXT, INTEGER …)
TYPE_NAMES = {"path": "路径", "text": "文字", "integer": "整数", "integer range": "整数", "float": "数字"}
# the arguments by their name (click writes INPUTS..., WORKBOOK …)
ARGUMENT_NAMES = {
    "inputs": "输入",
    "input_path": "输入",
    "workbook": "工作簿",
    "name": "名称",
    "dest": "目标文件夹",
    "kind": "类型",
    "files": "文件",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def polish(message: str) -> str:
    """Click's 'quoted' names and values in Chinese quotes, a final "." as "。"."""
    message = re.sub(r"'([^'\n]*)'", r"“\1”", message)
    return message[:-1] + "。" if message.endswith(".") else message


def install() -> None:
    """Put the Chinese lookup into click's modules (idempotent)."""
    for module in (core, decorators, exceptions, formatting, parser, termui, types):
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


class ChineseCommand(click.Command):
    """A command whose help page names its options and values in Chinese ([选项], 路径, 文字 …)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        chinese_metavars(self.params)


def chinese_metavars(params) -> None:
    for param in params:
        if param.metavar is not None:
            continue
        if isinstance(param, click.Argument):
            name = ARGUMENT_NAMES.get(param.name or "", (param.name or "").upper())
            param.metavar = name + ("..." if param.nargs == -1 else "")
        elif not param.is_flag if isinstance(param, click.Option) else False:
            named = TYPE_NAMES.get(param.type.name)
            if named:
                param.metavar = named


class ChineseGroup(click.Group):
    """The command group: click's errors in Chinese, Ctrl-C and SIGTERM ended with a Chinese line and the exit
    code a shell expects (130 for Ctrl-C, 128 + the signal for SIGTERM/SIGHUP)."""

    command_class = ChineseCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
        chinese_metavars(self.params)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        install()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            if not isinstance(exc, DiscloseError):  # click's own: its 'quotes' and final "." in the Chinese way
                plain = exc.format_message
                exc.format_message = lambda: polish(plain())
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, Terminated):
                click.echo("已终止（收到终止信号）。", err=True)
                sys.exit(cause.exit_code)
            click.echo("已中断。", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)  # an int: click's Exit code (--help, --version)
