"""Hostile inputs, hostile overlays and faults (issue 10): every case ends in a located Chinese message or succeeds
safely; nothing is read from outside (a canary file's text never appears in an output), nothing is written outside
OUTDIR, inputs are never modified, and a killed render leaves OUTDIR as it was.

Every input is generated in a temporary folder from the changji-2025-budget example; no large file is committed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "changji-2025-budget"
CANARY = "CANARY-7f3a9c-不应出现"


@pytest.fixture
def box(tmp_path):
    """A sandbox: an input copy, an empty OUTDIR, a canary file outside both."""
    src = tmp_path / "in"
    shutil.copytree(EXAMPLE, src)
    canary = tmp_path / "secret" / "canary.txt"
    canary.parent.mkdir()
    canary.write_text(f"{CANARY}\n", encoding="utf-8")
    return src, tmp_path / "out", canary


def run(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    # an unexpected exception would be a traceback for the user
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    return res


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(folder: Path) -> dict:
    """Every path below *folder* with its bytes (None for folders), to compare before/after."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def no_canary(*folders: Path) -> None:
    for folder in folders:
        for p in folder.rglob("*") if folder.exists() else []:
            if p.is_file():
                data = p.read_bytes()
                if p.suffix == ".docx":
                    with zipfile.ZipFile(p) as zf:
                        data = b"".join(zf.read(n) for n in zf.namelist())
                assert CANARY.encode() not in data, p


# ---------------------------------------------------------------- reads outside its folders


@pytest.mark.parametrize("region", ["../../..", "/etc", "{src}", "xinjiang/../shanxi", "不存在"])
def test_region_is_a_name_never_a_path(box, region):
    src, out, _ = box
    edit(src / "报告.yaml", "地区: xinjiang", f"地区: '{region.format(src=src)}'")
    res = run("render", src, "-o", out, "--format", "html")
    assert res.exit_code == 2
    assert "报告.yaml:5" in res.output and "地区版式" in res.output
    assert not out.exists() or not any(out.iterdir())


def test_overlay_symlinked_file_is_refused(box, tmp_path):
    src, out, canary = box
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "print.css").symlink_to(canary)
    res = run("render", src, "-o", out, "--format", "html", "--templates", overlay)
    assert res.exit_code == 2 and "print.css" in res.output and "之外" in res.output
    assert CANARY not in res.output
    no_canary(out)


def test_overlay_symlinked_folder_is_refused(box, tmp_path):
    src, out, canary = box
    elsewhere = tmp_path / "elsewhere" / "budget"
    elsewhere.mkdir(parents=True)
    (elsewhere / "part1.html.j2").write_text(CANARY, encoding="utf-8")
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "budget").symlink_to(elsewhere, target_is_directory=True)
    res = run("render", src, "-o", out, "--format", "html", "--templates", overlay)
    assert res.exit_code == 2 and "之外" in res.output
    no_canary(out)


@pytest.mark.parametrize("region", ["/etc", "../..", "xinjiang/.."])
def test_templates_copy_region_must_be_a_name(tmp_path, region):
    res = run("templates", "copy", "passwd", tmp_path / "dest", "--region", region)
    assert res.exit_code == 2 and "地区版式" in res.output
    assert not (tmp_path / "dest" / "passwd").exists()


def test_templates_copy_never_writes_through_a_symlink(tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    target = tmp_path / "victim.txt"
    (dest / "print.css").symlink_to(target)  # dangling
    res = run("templates", "copy", "print.css", dest)
    assert res.exit_code == 2 and "已存在" in res.output
    assert not target.exists()


def test_templates_copy_refuses_a_symlinked_subfolder(tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (dest / "final").symlink_to(elsewhere, target_is_directory=True)
    res = run("templates", "copy", "final", dest)
    assert res.exit_code == 2
    assert not any(elsewhere.iterdir())


@pytest.mark.parametrize("kind", ["symlink", "garbage", "doctype"])
def test_reference_docx_is_checked(box, tmp_path, kind):
    src, out, canary = box
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    ref = overlay / "reference.docx"
    if kind == "symlink":
        ref.symlink_to(canary)
    elif kind == "garbage":
        ref.write_bytes(b"PK\x03\x04 not a zip at all")
    else:
        with zipfile.ZipFile(ref, "w") as zf:
            zf.writestr(
                "[Content_Types].xml",
                f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{canary}">]><Types>&e;</Types>',
            )
    res = run("render", src, "-o", out, "--format", "docx", "--templates", overlay)
    assert res.exit_code in (1, 2) and "reference.docx" in res.output
    assert not out.exists() or not any(out.iterdir())


# ---------------------------------------------------------------- writes outside OUTDIR


@pytest.mark.parametrize(
    "name", ["../../逃逸", "/tmp/绝对路径局", "甲/乙局", "局" * 96, "..", ".隐藏局", 'a:b*c?"<>|局']
)
def test_output_names_stay_inside_outdir(box, tmp_path, name):
    src, out, _ = box
    edit(src / "报告.yaml", "单位名称: 昌吉回族自治州生态环境局", f"单位名称: '{name}'")
    before = tree(tmp_path)
    res = run("render", src, "-o", out, "--format", "html")
    assert res.exit_code == 0, res.output
    files = list(out.iterdir())
    assert len(files) == 1 and files[0].parent == out and files[0].suffix == ".html"
    assert len(files[0].name.encode()) <= 255
    assert not files[0].name.startswith(".")
    after = tree(tmp_path)
    new = [p for p in after if p not in before]
    assert all(p.parts[0] == "out" for p in new), new
    assert not Path("/tmp/绝对路径局-2025年部门预算公开.html").exists()


@pytest.mark.parametrize("value", ['"甲\\0局"', '"甲\\x07局"', "''", "null", "'   '"])
def test_unit_name_must_be_text(box, value):
    src, out, _ = box
    edit(src / "报告.yaml", "单位名称: 昌吉回族自治州生态环境局", f"单位名称: {value}")
    res = run("check", src)
    assert res.exit_code == 2 and "报告.yaml:7" in res.output and "单位名称" in res.output


# ---------------------------------------------------------------- hangs and blow-ups


def test_billion_laughs_stops_quickly(box):
    src, out, _ = box
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 10):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    (src / "炸弹.yaml").write_text(text, encoding="utf-8")
    t0 = time.monotonic()
    res = run("check", src)
    assert time.monotonic() - t0 < 10
    assert res.exit_code == 2 and "炸弹.yaml:" in res.output and "别名" in res.output


def test_self_referencing_alias(box):
    src, _, _ = box
    (src / "自引用.yaml").write_text("a: &x [1, *x]\n", encoding="utf-8")
    res = run("check", src)
    assert res.exit_code == 2 and "自引用.yaml:1" in res.output and "循环" in res.output


def test_deep_nesting(box):
    src, _, _ = box
    (src / "深.yaml").write_text("a: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    res = run("check", src)
    assert res.exit_code == 2 and "深.yaml:1" in res.output and "嵌套" in res.output


def test_amount_with_too_many_digits(box):
    src, _, _ = box
    edit(src / "公开表.yaml", "一般财力: ", "一般财力: 1234567890123456789012345678901 #")
    res = run("check", src)
    assert res.exit_code == 2 and "公开表.yaml:" in res.output and "位数过多" in res.output


def test_symlink_to_device_and_fifo(box):
    src, _, _ = box
    (src / "零.yaml").symlink_to("/dev/zero")
    res = run("check", src)
    assert res.exit_code == 2 and "零.yaml" in res.output
    (src / "零.yaml").unlink()
    os.mkfifo(src / "管道.yaml")
    t0 = time.monotonic()
    res = run("check", src)
    assert time.monotonic() - t0 < 10
    assert res.exit_code == 2 and "管道.yaml" in res.output and "不是普通文件" in res.output


def test_input_symlink_out_of_its_folder(box):
    src, out, canary = box
    (src / "外部.yaml").symlink_to(canary)
    res = run("render", src, "-o", out, "--format", "html")
    assert res.exit_code == 2 and "外部.yaml" in res.output and "之外" in res.output
    assert CANARY not in res.output


# ---------------------------------------------------------------- faults


def test_outdir_is_a_file(box):
    src, out, _ = box
    out.write_text("x", encoding="utf-8")
    res = run("render", src, "-o", out, "--format", "html")
    assert res.exit_code != 0 and "是一个文件" in res.output
    assert out.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_outdir_not_writable(box):
    src, out, _ = box
    out.mkdir()
    out.chmod(0o500)
    try:
        res = run("render", src, "-o", out, "--format", "html")
        assert res.exit_code != 0 and "写入权限" in res.output
    finally:
        out.chmod(0o700)


def test_output_name_taken_by_a_folder_keeps_old_outputs(box):
    src, out, _ = box
    res = run("render", src, "-o", out, "--format", "html")
    assert res.exit_code == 0
    html = next(out.glob("*.html"))
    html.write_text("旧的", encoding="utf-8")
    (out / html.name.replace(".html", ".docx")).mkdir()
    before = tree(out)
    res = run("render", src, "-o", out, "--format", "html,docx")
    assert res.exit_code != 0 and "文件夹" in res.output
    assert tree(out) == before  # the HTML was not replaced although it was written first
    assert not [p for p in out.parent.iterdir() if ".disclose-staging-" in p.name]


def test_full_disk_leaves_outdir_as_it_was(box, monkeypatch):
    import dataclasses
    import errno

    from generator import writers

    src, out, _ = box
    run("render", src, "-o", out, "--format", "html")
    before = tree(out)

    def full(document, options, target):
        target.write_bytes(b"%PDF-1.7 partial")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setitem(writers.WRITERS, "pdf", dataclasses.replace(writers.WRITERS["pdf"], write=full))
    res = run("render", src, "-o", out, "--format", "html,pdf")
    assert res.exit_code != 0 and "磁盘空间不足" in res.output
    assert tree(out) == before
    assert not [p for p in out.parent.iterdir() if ".disclose-staging-" in p.name]


def _start_render(src, out):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "render", str(src), "-o", str(out), "--format", "pdf,docx"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_staged_file(out: Path, proc, timeout=120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        for stage in out.parent.glob(f"*.disclose-staging-{proc.pid}-*"):
            if any(stage.iterdir()):
                return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_render_leaves_outdir_as_it_was(box, sig):
    src, out, _ = box
    out.mkdir()
    (out / "旧报告.pdf").write_bytes(b"old")
    before = tree(out)
    proc = _start_render(src, out)
    try:
        assert _wait_for_staged_file(out, proc), proc.communicate()
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert tree(out) == before
    leftovers = [p for p in out.parent.iterdir() if ".disclose-staging-" in p.name]
    if sig == signal.SIGTERM:
        assert not leftovers  # cleaned up on the way out
    # the next run removes what a SIGKILL left behind, and writes the report
    res = run("render", src, "-o", out, "--format", "html")
    assert res.exit_code == 0
    assert not [p for p in out.parent.iterdir() if ".disclose-staging-" in p.name]


# ---------------------------------------------------------------- values


def test_negative_head_count(box):
    src, _, _ = box
    edit(src / "报告.yaml", "编制数: ", "编制数: -3 #")
    res = run("check", src)
    assert res.exit_code == 2 and "报告.yaml:" in res.output and "负数" in res.output


def test_empty_main_duties(box):
    src, _, _ = box
    text = (src / "报告.yaml").read_text(encoding="utf-8")
    start = text.index("  主要职能: |")
    end = text.index("\n", text.index("\n", start) + 1)
    (src / "报告.yaml").write_text(text[:start] + "  主要职能: ''" + text[end:], encoding="utf-8")
    res = run("check", src)
    assert res.exit_code == 2 and "主要职能" in res.output and "不能为空" in res.output


def test_full_width_code_is_one_message(box):
    src, _, _ = box
    text = (src / "公开表.yaml").read_text(encoding="utf-8")
    (src / "公开表.yaml").write_text(text.replace('科目: "211"', '科目: "２１１"', 1), encoding="utf-8")
    res = run("check", src)
    assert res.exit_code == 2 and "全角数字" in res.output
    assert res.output.count("全角数字") == 1


def test_yml_files_are_read(box):
    src, _, _ = box
    (src / "绩效.yaml").rename(src / "绩效.yml")
    assert run("check", src).exit_code in (0, 1)
    (src / "多余.yml").write_text("不认识: 1\n", encoding="utf-8")
    res = run("check", src)
    assert res.exit_code == 2 and "多余.yml" in res.output


@pytest.mark.parametrize("raw,col", [(b"\x00", 5), (b"\x07", 5)])
def test_control_characters_have_a_line(box, raw, col):
    src, _, _ = box
    (src / "坏.yaml").write_bytes(b"a: b\nc: d" + raw + b"e\n")
    res = run("check", src)
    assert res.exit_code == 2 and f"坏.yaml:2:{col}" in res.output


def test_layout_setting_of_the_wrong_shape_is_located(box):
    src, _, _ = box
    edit(src / "报告.yaml", "    收入预算前缀: 部门", "    收入预算前缀: 部门\n    字体: 宋体")
    res = run("check", src)
    assert res.exit_code == 2 and "报告.yaml:11" in res.output and "字体" in res.output


# ---------------------------------------------------------------- overlay templates


def _overlay(tmp_path, files: dict) -> Path:
    overlay = tmp_path / "overlay"
    for name, text in files.items():
        (overlay / name).parent.mkdir(parents=True, exist_ok=True)
        (overlay / name).write_text(text, encoding="utf-8")
    return overlay


@pytest.mark.parametrize(
    "template",
    [
        "{% for i in range(10**8) %}x{% endfor %}",
        "{{ 'x' * 10**9 }}",
        "{{ 2 ** 100000 }}",
        "{{ [1] * 10**8 }}",
    ],
)
def test_runaway_overlay_template(box, tmp_path, template):
    src, out, _ = box
    overlay = _overlay(tmp_path, {"budget/part1.html.j2": template})
    t0 = time.monotonic()
    res = run("render", src, "-o", out, "--format", "html", "--templates", overlay)
    assert time.monotonic() - t0 < 30
    assert res.exit_code == 1 and "模板" in res.output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    "text,expect", [("a: [1,\n", "region.yml:"), ("- a\n- b\n", "region.yml:1"), ("\x00", "region.yml")]
)
def test_broken_overlay_settings(box, tmp_path, text, expect):
    src, out, _ = box
    overlay = _overlay(tmp_path, {"region.yml": text})
    res = run("render", src, "-o", out, "--format", "html", "--templates", overlay)
    assert res.exit_code == 2 and expect in res.output


@pytest.mark.parametrize(
    "files",
    [
        {"print.css": "@import url(file:///etc/passwd);"},
        {"print.css": "body { background: url('http://example.invalid/x.png') }"},
        {"budget/part1.html.j2": '<img src="file:///etc/passwd">'},
        {"budget/part1.html.j2": '<link rel="stylesheet" href="http://example.invalid/x.css">'},
    ],
)
def test_overlay_naming_a_url_is_refused(box, tmp_path, files):
    src, out, _ = box
    overlay = _overlay(tmp_path, files)
    res = run("render", src, "-o", out, "--format", "html,pdf", "--templates", overlay)
    assert res.exit_code == 1 and "外部资源" in res.output
    assert not out.exists() or not any(out.iterdir())


def test_text_that_looks_like_a_url_is_printed(box):
    src, out, _ = box
    edit(
        src / "报告.yaml", "  主要职能: |\n", '  主要职能: |\n    详见 url(http://example.invalid) 与 <img src="x">。\n'
    )
    res = run("render", src, "-o", out, "--format", "html")
    assert res.exit_code == 0, res.output
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "详见 url(http://example.invalid)" in html and "&lt;img src=" in html


def test_inputs_never_modified_by_any_case(box):
    src, out, _ = box
    before = tree(src)
    run("render", src, "-o", out, "--format", "html")
    run("check", src)
    assert tree(src) == before


# ---------------------------------------------------------------- one figure, one print


def test_table11_prints_the_figures_of_table1(tmp_path):
    out = tmp_path / "out"
    res = run("render", EXAMPLE, "-o", out, "--format", "html")
    assert res.exit_code == 0, res.output
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "2,934.04" not in html and "2,904.04" not in html  # seed 003 prints 2,934.03 / 2,904.03 everywhere
    assert html.count("2,934.03") >= 4


def test_a_figure_printed_two_ways_is_an_error(box):
    src, out, _ = box
    text = (src / "公开表.yaml").read_text(encoding="utf-8")
    start = text.index("上年结转结余总计:")
    (src / "公开表.yaml").write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    res = run("check", src)
    assert res.exit_code == 1 and "[表间-表1表11]" in res.output and "两处印出不同" in res.output
    assert "2934.03" in res.output and "2934.04" in res.output


def test_replacing_an_input_folder_never_loses_it(tmp_path, monkeypatch):
    """`init --force` / `import-xlsx --force` replace a whole folder: the old one is moved aside, not removed, until
    the new one is in place, and comes back when that fails."""
    import os

    from generator import output
    from generator.output import OutputError, replace_folder

    target = tmp_path / "input"
    target.mkdir()
    (target / "报告.yaml").write_text("旧", encoding="utf-8")
    new = tmp_path / "new"
    new.mkdir()
    (new / "报告.yaml").write_text("新", encoding="utf-8")
    real_replace = os.replace

    def failing(src, dst):
        if str(src) == str(new):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing)
    with pytest.raises(OutputError, match="磁盘空间不足"):
        replace_folder(new, target)
    assert (target / "报告.yaml").read_text(encoding="utf-8") == "旧"
    monkeypatch.setattr(output.os, "replace", real_replace)
    replace_folder(new, target)
    assert (target / "报告.yaml").read_text(encoding="utf-8") == "新"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input"]  # nothing left aside


def test_a_killed_init_leaves_nothing_the_next_run_keeps(tmp_path):
    """The staging folder of a killed `init`/`import-xlsx` (hidden, beside the target, named with its dead
    process's id) is removed by the next run; a live process's one is left alone."""
    import os

    from generator.scaffold.init import init

    dead = tmp_path / ".input.disclose-staging-999999999-x"
    dead.mkdir()
    (dead / "报告.yaml").write_text("半成品", encoding="utf-8")
    alive = tmp_path / f".other.disclose-staging-{os.getppid()}-y"
    alive.mkdir()
    init(tmp_path / "input")
    assert not dead.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".other")) == ["input"]
