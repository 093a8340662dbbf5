"""The whole input in one workbook: every seed input and example exports to a workbook that imports into an empty
folder and renders byte-identical HTML (no YAML file needed on the way)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.excel.commands import export_xlsx
from generator.excel.importer import import_xlsx
from generator.render import render_html

from conftest import SHIPPED

CASES = SHIPPED


def _html(src, overlay) -> str:
    p = pipeline.prepare(src, overlay)
    return render_html(p.report, p.figures, p.region)


@pytest.mark.parametrize("name", sorted(CASES))
def test_workbook_into_an_empty_folder_renders_the_same_report(tmp_path, name):
    src, overlay = CASES[name]
    book = export_xlsx(src, tmp_path / f"{name}.xlsx", overlay)
    written, _notes = import_xlsx(book, None, tmp_path / "new", templates=overlay)
    assert written
    assert _html(tmp_path / "new", overlay) == _html(src, overlay)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))


# ---------------------------------------------------------------- a new unit, from the workbook alone


def _row(ws, tag: str, path: list) -> int:
    """The row of a form sheet whose hidden marker is *tag* for *path* (as a clerk finds it by its label)."""
    import json

    for r in range(1, ws.max_row + 1):
        v = ws.cell(r, 1).value
        if isinstance(v, str) and v.startswith("["):
            m = json.loads(v)
            if m[0] == tag and list(m[1 if tag == "H" else 2]) == path:
                return r
    raise AssertionError(f"{ws.title}: no row for {path}")


def _put(ws, r: int, values: list, first: int = 2) -> None:
    """*values* into row *r* from column *first* (B on a form sheet, whose column A is hidden; A on a 公开表)."""
    for c, v in enumerate(values, first):
        if v is not None:
            ws.cell(r, c, v)


def _fill_new_unit(book: Path, out: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    # 公开表: one 项 (2110101 行政运行) of 580.00 = 500.00 基本支出 (400.00 人员 + 100.00 公用) + 80.00 of one project
    wb["表1"]["B7"] = 580  # 其中：一般财力
    for name, values in (("表2", [580, 580, 580]), ("表3", [580, 500, 80]), ("表5", [580, 500, 80])):
        _put(wb[name], 8, ["2110101", None, None, "行政运行", *values], 1)
    _put(wb["表6"], 8, ["301", "01", "基本工资", 400, 400], 1)
    _put(wb["表6"], 9, ["302", "01", "办公费", 100, None, 100], 1)
    _put(wb["表7"], 7, ["211", "01", "01", "行政运行", "环境监测项目", 80, None, 80], 1)

    ws = wb["报告与概况"]
    ws.cell(_row(ws, "F", ["概况", "主要职能"]), 3, "负责全县生态环境保护的统一监督管理。")
    ws.cell(_row(ws, "F", ["概况", "机构设置", "内设机构"]), 3, "办公室\n监测股")
    ws.cell(_row(ws, "F", ["概况", "人员", "编制数"]), 3, 10)
    ws.cell(_row(ws, "F", ["概况", "人员", "在职"]), 3, 9)

    ws = wb["上年与原因"]
    for path, prior, reason in (
        (["收入预算说明", "一般公共预算"], 500, "人员增加，基本支出相应增加"),
        (["支出预算说明", "基本支出"], 450, "人员增加"),
        (["支出预算说明", "项目支出"], 50, "新增环境监测项目"),
        (["一般公共预算拨款说明", "基本支出"], 450, "人员增加"),
        (["一般公共预算拨款说明", "项目支出"], 50, "新增环境监测项目"),
        (["机关运行经费"], 90, "办公费增加"),
    ):
        ws.cell(_row(ws, "F", path + ["上年"]), 3, prior)
        ws.cell(_row(ws, "F", path + ["原因"]), 3, reason)
    for item in ("因公出国境费", "公务接待费", "公务用车购置费", "公务用车运行费"):
        ws.cell(_row(ws, "F", ["三公经费", item, "上年"]), 3, 0)
    _put(ws, _row(ws, "H", ["一般公共预算拨款说明", "项"]) + 1, ["2110101", 500, "人员增加，行政运行经费增加"])

    ws = wb["用途与项目说明"]
    _put(ws, _row(ws, "H", ["财政拨款支出用途"]) + 1, ["211", "环境监测和机关运行"])
    _put(
        ws,
        _row(ws, "H", ["一般公共预算项目支出"]) + 1,
        [None, "环境监测项目", 1, None, "《环境保护法》", "示例县生态环境局", "全部用于监测运行", "2026年1-12月"],
    )

    ws = wb["绩效目标表"]
    _put(
        ws,
        _row(ws, "H", ["项目支出绩效目标表"]) + 1,
        [1, "示例县生态环境局", "环境监测项目", "张三", 80, 0, "完成全县监测"],
    )
    r = _row(ws, "H", ["项目支出绩效目标表", "*", "指标"]) + 1
    ws.insert_rows(r, 2)  # three indicators: the clerk inserts rows under the table's header
    for i, third in enumerate(("监测点位数", "数据有效率", "群众满意度")):
        first = "满意度指标" if i == 2 else "产出指标"
        second = "服务对象满意度" if i == 2 else "数量指标"
        _put(ws, r + i, ["环境监测项目", first, second, third, "≥10个", "计划标准", None, 30])
    wb.save(out)


def test_a_new_unit_renders_from_the_workbook_alone(tmp_path):
    """init → fill the workbook (figures, 上年, reasons, texts, a project, a 绩效目标表) → check → render: no YAML."""
    import subprocess

    def run(*args):
        return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=tmp_path)

    assert run("init", "-o", "局", "--name", "示例县生态环境局", "--year", "2026", "--xlsx").returncode == 0
    _fill_new_unit(tmp_path / "局" / "公开表.xlsx", tmp_path / "填好.xlsx")
    r = run("check", "填好.xlsx")
    assert r.returncode == 0 and " 错误 " not in r.stdout, r.stdout
    r = run("render", "填好.xlsx", "-o", "out", "--format", "html")
    assert r.returncode == 0, r.stderr
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    text = __import__("re").sub(r"<[^>]+>", "", html)
    # hand-checked sentences: 580.00 vs 上年 500.00 → 增加80.00万元, 增长16.00%; the project and its 绩效目标表
    assert "负责全县生态环境保护的统一监督管理" in text
    assert "增加80.00万元" in text and "16.00%" in text and "人员增加，基本支出相应增加" in text
    assert "项目名称：环境监测项目" in text and "《环境保护法》" in text
    assert "监测点位数" in text and "≥10个" in text
