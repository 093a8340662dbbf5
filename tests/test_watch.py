"""``disclose watch``: an edit is rendered again, a bad edit is reported (file and line) and leaves the last good
outputs as they were, a fix renders again, a workbook input works, Ctrl-C and SIGTERM end it cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from generator.watch import Watcher, snapshot, watch

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "inputs" / "changji-2025-budget"
DUTIES = "落实国家环境保护基本制度。"


def _run(watcher: Watcher, edits: list) -> list:
    """Watch for 1 + len(edits) rounds; after round i the edit *edits[i]* is made (then the watch picks it up)."""
    outcomes: list = []

    def after(outcome) -> None:
        outcomes.append(outcome)
        if len(outcomes) <= len(edits):
            edits[len(outcomes) - 1]()

    watch(watcher, rounds=len(edits) + 1, after=after, poll=0.02, settle=0.05)
    return outcomes


def _replace(path: Path, old: str, new: str):
    def edit() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _input(tmp_path: Path) -> Path:
    src = tmp_path / "输入"
    shutil.copytree(SMALL, src)
    return src


def test_an_edit_is_rendered_again(tmp_path):
    src, out, said = _input(tmp_path), tmp_path / "out", []
    watcher = Watcher(str(src), str(out), ["pdf", "html"], say=said.append)
    first: dict = {}

    def keep_first() -> None:
        first.update({p.suffix: p.read_bytes() for p in out.iterdir()})
        _replace(src / "报告.yaml", DUTIES, "落实国家生态环境保护基本制度。")()

    outcomes = _run(watcher, [keep_first])
    assert [o.ok for o in outcomes] == [True, True]
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "落实国家生态环境保护基本制度" in html and DUTIES not in html
    assert next(out.glob("*.pdf")).read_bytes() != first[".pdf"]
    rendered = [line for line in said if "已生成" in line]
    assert len(rendered) == 2 and all("用时" in line and "秒" in line for line in rendered)
    # the findings are printed as disclose check prints them: all of them once, then their count while unchanged
    assert any(line.endswith("个已确认") for line in said)
    assert said[-2].endswith("（同上次）")
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_a_bad_edit_keeps_the_last_good_outputs_until_it_is_fixed(tmp_path):
    src, out, said = _input(tmp_path), tmp_path / "out", []
    watcher = Watcher(str(src), str(out), ["pdf", "html"], say=said.append)
    report, tables = src / "报告.yaml", src / "公开表.yaml"
    good: dict = {}

    def remember() -> None:
        good.update({p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()})

    def syntax_error() -> None:
        remember()
        _replace(report, "  单位名称: 昌吉回族自治州生态环境局\n", "  单位名称: [昌吉回族自治州生态环境局\n")()

    def check_error() -> None:  # readable again, but 收支总表 states a total its rows do not add up to
        _replace(report, "  单位名称: [昌吉回族自治州生态环境局\n", "  单位名称: 昌吉回族自治州生态环境局\n")()
        _replace(tables, "  总计: 4678.70\n", "  总计: 4778.70\n")()

    fix = _replace(tables, "  总计: 4778.70\n", "  总计: 4678.70\n")
    outcomes = _run(watcher, [syntax_error, check_error, fix])
    assert [o.ok for o in outcomes] == [True, False, False, True]
    # the syntax error is located in its file and line, the check error at its row
    line = next(i for i, t in enumerate(report.read_text(encoding="utf-8").splitlines(), 1) if "单位名称" in t)
    assert f"{report}:{line + 1}:" in outcomes[1].error or f"{report}:{line}:" in outcomes[1].error
    assert any(f"{tables}:" in line and "错误" in line for line in outcomes[2].findings)
    kept = [line for line in said if "未生成" in line]
    assert len(kept) == 2 and all("保留上次生成的文件" in line for line in kept)
    assert any(line.startswith("错误：") and str(report) in line for line in said)
    # the refused edits left the outputs of the first round as they were; the fix wrote them again
    assert outcomes[3].written and set(outcomes[3].written) == set(good)
    assert all(p.read_bytes() != data or p.stat().st_mtime_ns != mtime for p, (data, mtime) in good.items())


def test_outputs_stay_untouched_while_the_input_is_broken(tmp_path):
    src, out, said = _input(tmp_path), tmp_path / "out", []
    watcher = Watcher(str(src), str(out), ["html"], say=said.append)
    state: dict = {}

    def break_it() -> None:
        state.update({p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()})
        (src / "报告.yaml").write_text("报告: [\n", encoding="utf-8")

    outcomes = _run(watcher, [break_it])
    assert [o.ok for o in outcomes] == [True, False]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == state


def test_a_workbook_input_is_watched(tmp_path):
    from generator.excel.commands import export_xlsx

    changed = _input(tmp_path)
    _replace(changed / "报告.yaml", DUTIES, "落实国家生态环境保护基本制度。")()
    book = export_xlsx(SMALL, tmp_path / "公开表.xlsx", None)
    edited = export_xlsx(changed, tmp_path / "改过.xlsx", None)
    out, said = tmp_path / "out", []
    watcher = Watcher(str(book), str(out), ["html"], say=said.append)

    def save() -> None:
        os.replace(edited, book)  # as a spreadsheet program saves: a new file in its place

    outcomes = _run(watcher, [save])
    assert [o.ok for o in outcomes] == [True, True]
    assert "落实国家生态环境保护基本制度" in next(out.glob("*.html")).read_text(encoding="utf-8")
    assert any(line.endswith("个已确认") and str(book) in line for line in said)


def test_snapshot_sees_a_new_file_and_the_templates(tmp_path):
    src = _input(tmp_path)
    overlay = tmp_path / "模板"
    overlay.mkdir()
    before = snapshot(src, overlay)
    (src / "附加.yaml").write_text("x: 1\n", encoding="utf-8")
    assert snapshot(src, overlay) != before
    middle = snapshot(src, overlay)
    (overlay / "region.yml").write_text("extends: xinjiang\n", encoding="utf-8")
    assert snapshot(src, overlay) != middle
    (src / "说明.txt").write_text("not an input\n", encoding="utf-8")  # not read by a render: not watched
    assert snapshot(src, overlay) == snapshot(src, overlay)
    # outputs written inside the overlay do not count as an edit (no render after every render)
    out = overlay / "out"
    out.mkdir()
    quiet = snapshot(src, overlay, out)
    (out / "报告.pdf").write_bytes(b"%PDF")
    assert snapshot(src, overlay, out) == quiet


def _until(proc: subprocess.Popen, text: str) -> list[str]:
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError("".join(lines) + proc.stderr.read() if proc.stderr else "")


def test_ctrl_c_and_sigterm_end_the_watch_cleanly(tmp_path):
    src = _input(tmp_path)
    for sig, reason in ((signal.SIGINT, "Ctrl-C"), (signal.SIGTERM, "收到终止信号")):
        out = tmp_path / f"out-{sig}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "watch", str(src), "-o", str(out), "--format", "html"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        try:
            _until(proc, "已生成")
            proc.send_signal(sig)
            rest, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
        assert proc.returncode == 0, err
        assert f"已停止监视（{reason}）" in rest and "Traceback" not in err
        assert len(list(out.glob("*.html"))) == 1
        assert not [p for p in tmp_path.iterdir() if "staging" in p.name]
