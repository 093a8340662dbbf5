import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def copy_example(tmp_path):
    dst = tmp_path / "in"
    shutil.copytree(ROOT / "inputs" / "changji-2025-budget", dst)
    return dst


def test_render_html(tmp_path):
    res = CliRunner().invoke(main, ["render", str(ROOT / "inputs" / "changji-2025-budget"), "-o", str(tmp_path),
                                    "--format", "html"])
    assert res.exit_code == 0, res.output
    assert list(tmp_path.glob("*.html"))


def test_broken_input_writes_nothing_and_names_the_line(tmp_path):
    src = copy_example(tmp_path)
    f = src / "公开表.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("收支总表:", "收支总表:\n  一般财力: 1\n  一般财力: 2", 1), encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["render", str(src), "-o", str(out)])
    assert res.exit_code == 2
    assert "公开表.yaml:" in res.output and "重复" in res.output
    assert "Traceback" not in res.output
    assert not out.exists() or not any(out.iterdir())


def test_inputs_are_not_modified(tmp_path):
    src = copy_example(tmp_path)
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    CliRunner().invoke(main, ["render", str(src), "-o", str(tmp_path / "out"), "--format", "html"])
    assert before == {p.name: p.read_bytes() for p in src.iterdir()}


def test_console_script_runs():
    res = subprocess.run([str(ROOT / ".venv" / "bin" / "disclose"), "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "render" in res.stdout
