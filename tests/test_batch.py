"""`disclose render A B C -j N`: many reports, one failing among good ones, name collisions, Ctrl-C."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUDGET = ROOT / "inputs" / "changji-2025-budget"
SMALL_FINAL = ROOT / "examples" / "final-tables" / "input"
DISCLOSE = ROOT / ".venv" / "bin" / "disclose"


def failing_input(tmp_path) -> Path:
    """The budget example with a wrong 总计 (a check error) and another unit name (no name collision)."""
    dst = tmp_path / "bad"
    shutil.copytree(BUDGET, dst)
    f = dst / "公开表.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("总计: 4678.70", "总计: 4688.70", 1), encoding="utf-8")
    f = dst / "报告.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("单位名称: 昌吉回族自治州生态环境局", "单位名称: 某某局", 1),
        encoding="utf-8",
    )
    return dst


def render(args):
    return CliRunner().invoke(main, ["render", *map(str, args)])


def test_failing_report_does_not_stop_the_others(tmp_path):
    bad = failing_input(tmp_path)
    out = tmp_path / "out"
    res = render([BUDGET, bad, SMALL_FINAL, "-o", out, "--format", "html", "-j", "2"])
    assert res.exit_code == 1, res.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["昌吉回族自治州生态环境局-2025年部门预算公开.html", "示例区生态环境局-2024年单位决算公开.html"]
    assert "Traceback" not in res.output
    # one line per finished report (not a terminal), then the summary with the located reason
    progress = [line for line in res.output.splitlines() if line.startswith("[")]
    assert len(progress) == 3 and sum("] 已生成 " in line for line in progress) == 2
    assert "完成：已生成 2 份报告（2 个文件），失败 1 份。" in res.output
    assert f"失败 {bad}：检查发现" in res.output and "公开表.yaml:" in res.output and "[合计-不符]" in res.output


def test_sequential_batch_also_continues(tmp_path):
    out = tmp_path / "out"
    missing = tmp_path / "missing"
    res = render([missing, SMALL_FINAL, "-o", out, "--format", "html"])
    assert res.exit_code == 2  # the worst failure: an unreadable input
    assert [p.name for p in out.iterdir()] == ["示例区生态环境局-2024年单位决算公开.html"]
    assert f"失败 {missing}：输入有误" in res.output and "Traceback" not in res.output


def test_same_output_name_is_refused_before_rendering(tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(BUDGET, twin)
    out = tmp_path / "out"
    res = render([BUDGET, twin, SMALL_FINAL, "-o", out, "--format", "html", "-j", "2"])
    assert res.exit_code == 2
    assert [p.name for p in out.iterdir()] == ["示例区生态环境局-2024年单位决算公开.html"]
    assert f"失败 {BUDGET}：输出文件名与 {twin} 相同" in res.output
    assert f"失败 {twin}：输出文件名与 {BUDGET} 相同" in res.output


def test_pdf_batch_with_a_failing_input(tmp_path):
    bad = failing_input(tmp_path)
    out = tmp_path / "out"
    res = render([bad, SMALL_FINAL, "-o", out, "--format", "pdf,docx", "-j", "2"])
    assert res.exit_code == 1, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "示例区生态环境局-2024年单位决算公开.docx",
        "示例区生态环境局-2024年单位决算公开.pdf",
    ]
    assert (out / "示例区生态环境局-2024年单位决算公开.pdf").read_bytes().startswith(b"%PDF")


def test_single_input_keeps_its_output_and_exit_code(tmp_path):
    res = render([failing_input(tmp_path), "-o", tmp_path / "out", "-j", "2"])
    assert res.exit_code == 1 and "错误：" in res.output and "完成：" not in res.output


def _interrupt(tmp_path, whole_group: bool):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            str(DISCLOSE),
            "render",
            str(BUDGET),
            str(ROOT / "inputs" / "changji-2024-final"),
            str(SMALL_FINAL),
            str(ROOT / "inputs" / "xinjiang-2024-budget"),  # ~10 s: surely still rendering when the signal comes
            "-o",
            str(out),
            "--format",
            "pdf",
            "--pdf-engine",  # the slower engine: Typst renders all four within the 4 s
            "weasyprint",
            "-j",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(4)  # the workers are rendering
    if whole_group:  # what Ctrl-C on a terminal does
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout + stderr
    assert "已中断" in stderr and "Traceback" not in stdout + stderr
    assert not out.exists() or not [p for p in out.iterdir() if p.name.startswith(".disclose-")]
    assert not [p for p in tmp_path.iterdir() if "disclose-staging" in p.name]  # staged beside OUTDIR: removed


def test_ctrl_c_stops_the_workers(tmp_path):
    _interrupt(tmp_path, whole_group=True)


def test_sigint_to_the_parent_only(tmp_path):
    if sys.platform != "linux":
        return
    _interrupt(tmp_path, whole_group=False)


def test_same_input_twice_is_refused(tmp_path):
    out = tmp_path / "out"
    res = render([SMALL_FINAL, SMALL_FINAL, "-o", out, "--format", "html"])
    assert res.exit_code == 2 and not out.exists()
    summary = [line for line in res.output.splitlines() if line.startswith(f"失败 {SMALL_FINAL}：该输入重复给出")]
    assert len(summary) == 2  # both refused, before anything is rendered
