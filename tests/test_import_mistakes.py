"""Mistakes a clerk makes in the workbook are reported at the cell where they were typed (issue: a wrong 总计 in
表3 was blamed on 表1, a wrong row 合计 imported silently). Only a rounding difference may stand as published."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook


def _run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def _fill(book: Path, out: Path, t3_total: float, t3_row_total: float) -> None:
    wb = load_workbook(book)

    def put(sheet, row, values):
        for col, v in enumerate(values, 1):
            if v is not None:
                wb[sheet].cell(row, col, v)

    # one 项 of 580.00 = 500.00 基本 + 80.00 项目, in 表2, 表3 and 表5 (row 7 is the 总计 row of the blank export)
    put("表2", 8, ["2110101", None, None, "行政运行", 580, 580, 580])
    put("表3", 7, ["总计", None, None, None, t3_total, 500, 80])
    put("表3", 8, ["2110101", None, None, "行政运行", t3_row_total, 500, 80])
    put("表5", 8, ["2110101", None, None, "行政运行", 580, 500, 80])
    wb.save(out)


def test_wrong_total_and_wrong_row_total_are_reported_at_their_cells(tmp_path):
    r = _run("init", "-o", "局", "--name", "某某局", "--year", "2026", "--xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    blank = tmp_path / "局" / "公开表.xlsx"
    filled = tmp_path / "填好.xlsx"
    _fill(blank, filled, 622.50, 590)
    r = _run("import-xlsx", str(filled), "--base", "局", "-o", "新", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "表3!E7" in r.stderr and "622.50" in r.stderr and "580.00" in r.stderr, r.stderr
    assert "表3!E8" in r.stderr and "590.00" in r.stderr, r.stderr
    assert "表1!" not in r.stderr  # never blamed on a derived table
    assert not (tmp_path / "新").exists()


def test_a_rounding_difference_stands_as_published(tmp_path):
    _run("init", "-o", "局", "--name", "某某局", "--year", "2026", "--xlsx", cwd=tmp_path)
    filled = tmp_path / "填好.xlsx"
    _fill(tmp_path / "局" / "公开表.xlsx", filled, 580.01, 580)  # 0.01 off over two addends: a published rounding
    r = _run("import-xlsx", str(filled), "--base", "局", "-o", "新", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "580.01" in (tmp_path / "新" / "公开表.yaml").read_text(encoding="utf-8")


def test_a_first_report_says_once_that_no_prior_figures_are_given(tmp_path):
    """A new unit's first budget: no 上年 anywhere is one warning (not a 原因-缺少 per figure), and the change
    clauses are left out of the sentences."""
    _run("init", "-o", "局", "--name", "某某局", "--year", "2026", "--xlsx", cwd=tmp_path)
    filled = tmp_path / "填好.xlsx"
    _fill(tmp_path / "局" / "公开表.xlsx", filled, 580, 580)
    assert _run("import-xlsx", str(filled), "--base", "局", "-o", "新", cwd=tmp_path).returncode == 0
    r = _run("check", "新", cwd=tmp_path)
    assert r.stdout.count("[上年数-未填]") == 1, r.stdout
    assert "[原因-缺少]" not in r.stdout and "[上年数-缺少]" not in r.stdout
    assert "比上年增加580.00万元" not in r.stdout


def test_check_and_render_take_the_workbook_and_name_its_cells(tmp_path):
    """`disclose check/render 文件.xlsx`: no YAML on the way, every finding at the cell it concerns."""
    _run("init", "-o", "局", "--name", "某某局", "--year", "2026", "--xlsx", cwd=tmp_path)
    _fill(tmp_path / "局" / "公开表.xlsx", tmp_path / "填好.xlsx", 580, 580)
    r = _run("check", "填好.xlsx", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    # 表5 says 80.00 项目支出 for 2110101 while 表7 lists no project: found at 表5's cell, not in a YAML file
    assert "填好.xlsx 表5!E8：错误 [表间-表5表7]" in r.stdout, r.stdout
    assert ".yaml" not in r.stdout
    assert not list(tmp_path.glob("*.yaml")) and not (tmp_path / "填好").exists()  # nothing written beside it


def test_the_imported_folder_stays_the_users(tmp_path):
    """Comments and key order kept, one marker line however often it is imported, numbers written plain, codes
    quoted, modes from the umask."""
    import os
    import stat

    _run("init", "-o", "局", "--name", "某某局", "--year", "2026", "--xlsx", cwd=tmp_path)
    _fill(tmp_path / "局" / "公开表.xlsx", tmp_path / "填好.xlsx", 580, 580)
    before = (tmp_path / "局" / "公开表.yaml").read_text(encoding="utf-8")
    old = os.umask(0o022)
    try:
        for _ in range(2):
            r = _run("import-xlsx", "填好.xlsx", "--base", "局", "-o", "局", "--force", cwd=tmp_path)
            assert r.returncode == 0, r.stderr
    finally:
        os.umask(old)
    after = (tmp_path / "局" / "公开表.yaml").read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert all(c in after for c in comments[:2])  # the skeleton's guidance kept
    assert "一般财力: 0             # 一般公共预算拨款 其中：一般财力" in after
    assert after.count("# 数字由 disclose import-xlsx") == 1
    assert '{科目: "2110101", 名称: 行政运行, 基本支出: 500, 项目支出: 80}' in after
    assert stat.S_IMODE((tmp_path / "局").stat().st_mode) == 0o755
