"""Every --help page is Chinese: click's own headings, option help and value names included (no English word but
the command and option names themselves)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from generator.cli import main

ENGLISH = re.compile(r"\b(Usage|Options|Commands|Arguments|Show|default|required|PATH|TEXT|INTEGER)\b")


def _pages():
    yield []
    for name, command in main.commands.items():
        yield [name]
        for sub in getattr(command, "commands", {}):
            yield [name, sub]


@pytest.mark.parametrize("args", list(_pages()), ids=lambda a: " ".join(a) or "disclose")
def test_help_is_chinese(args):
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert not ENGLISH.search(result.output), result.output
    assert "用法：" in result.output and "选项" in result.output


def test_a_render_reports_its_warnings_unless_quiet(tmp_path):
    src = "inputs/changji-2025-budget"
    loud = CliRunner().invoke(main, ["render", src, "-o", str(tmp_path / "a"), "--format", "html"])
    assert loud.exit_code == 0
    assert re.search(r"共 \d+ 个警告", loud.output) and "已生成" in loud.output
    quiet = CliRunner().invoke(main, ["render", src, "-o", str(tmp_path / "b"), "--format", "html", "-q"])
    assert quiet.exit_code == 0 and "警告" not in quiet.output and "已生成" in quiet.output
