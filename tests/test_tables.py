"""The table registry: descriptions → header rows, model, figures, rules, workbook, rollover; a table added by its
description alone (examples/new-table). Expected figures are hand calculations."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from generator.tables import builtin, header_rows

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "new-table"


def _cells(rows):
    return [[(c.text, c.colspan, c.rowspan) for c in row] for row in rows]


def test_header_rows_merge_groups_and_span_short_paths():
    # the 决算 fund table layout: a group label repeated on two levels spans two rows above its three columns
    header = {
        "编码": "项目/科目编码",
        "名称": "项目/科目名称",
        "年初": "年初结转和结余",
        "合计": "本年支出/本年支出/小计",
        "基本": "本年支出/本年支出/基本支出",
    }
    assert _cells(header_rows(header, "功能分类")) == [
        [("项目", 4, 1), ("年初结转和结余", 1, 3), ("本年支出", 2, 2)],
        [("科目编码", 3, 1), ("科目名称", 1, 2)],
        [("类", 1, 1), ("款", 1, 1), ("项", 1, 1), ("小计", 1, 1), ("基本支出", 1, 1)],
    ]


def test_two_identical_header_paths_are_refused():
    with pytest.raises(ValueError, match="表头完全相同"):
        header_rows({"甲": "金额", "乙": "金额"})


def test_every_built_in_description_is_complete():
    for kind, count in (("预算", 11), ("决算", 9)):
        registry = builtin(kind)
        assert len(registry.tables) == count
        for d in registry:
            assert d.head(), d.id  # every table has a header
            for col in d.计算:
                assert d.addends(col), (d.id, col)


def test_derived_columns_follow_their_parts():
    d = builtin("预算").get("t2")
    values = {c: Decimal("1.25") for c in d.输入列}  # ten typed columns, six of them 财政拨款
    out = d.derive(values)
    assert out["财政拨款小计"] == Decimal("7.50") and out["总计"] == Decimal("12.50")


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def test_new_table_by_description_alone(tmp_path):
    r = _run(
        "render",
        str(EXAMPLE / "input"),
        "--templates",
        str(EXAMPLE / "settings"),
        "-o",
        str(tmp_path),
        "--format",
        "html",
    )
    assert r.returncode == 0, r.stderr
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    block = html[html.index('id="t12"') :]
    block = block[: block.index("</table>")]
    assert "政府购买服务预算表" in block and '<p class="table-no">表12</p>' in block

    def row(label):
        m = re.search(rf">{label}</td>((?:<td class=\"num\">[^<]*</td>)+)</tr>", block)
        assert m, label
        return re.findall(r'<td class="num">([^<]*)</td>', m.group(1))

    # hand calculation: 12.50 + (30.00 + 5.00) + 8.25 = 55.75; 一般公共预算 12.50 + 30.00 = 42.50
    assert row("总计") == ["55.75", "42.50", "8.25", "5.00"]
    assert row("节能环保支出") == ["47.50", "42.50", "", "5.00"]
    assert row("污染防治") == ["35.00", "30.00", "", "5.00"]
    assert row("城乡社区支出") == ["8.25", "", "8.25", ""]
    toc = html[: html.index('id="p1"')]
    assert "十二、政府购买服务预算表" in toc


def test_new_table_is_checked_exported_and_rolled_over(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(EXAMPLE / "input", src)
    settings = str(EXAMPLE / "settings")
    # a 类 row stating a total that disagrees with its items is found by the sum rule, located
    f = src / "政府购买服务.yaml"
    f.write_text(f.read_text(encoding="utf-8") + '    - {科目: "211", 一般公共预算: 40.00}\n', encoding="utf-8")
    r = _run("check", str(src), "--templates", settings)
    assert r.returncode == 1
    assert re.search(r"政府购买服务\.yaml:\d+:\d+.*\[合计-不符\] 表12“节能环保支出”的“一般公共预算”", r.stdout), (
        r.stdout
    )
    shutil.rmtree(src)
    shutil.copytree(EXAMPLE / "input", src)
    # workbook: exported and imported back into the same input
    book = tmp_path / "公开表.xlsx"
    assert _run("export-xlsx", str(src), "-o", str(book), "--templates", settings).returncode == 0
    back = tmp_path / "back"
    r = _run("import-xlsx", str(book), "--base", str(src), "-o", str(back), "--templates", settings)
    assert r.returncode == 0, r.stderr
    assert (back / "政府购买服务.yaml").read_text(encoding="utf-8") == f.read_text(encoding="utf-8")
    # next year: the table's rows are emptied, the input still loads
    nxt = tmp_path / "next"
    r = _run("rollover", str(src), "-o", str(nxt), "--templates", settings)
    assert r.returncode == 0, r.stderr
    assert "行: []" in (nxt / "政府购买服务.yaml").read_text(encoding="utf-8")


def test_a_bad_description_is_a_located_error(tmp_path):
    overlay = tmp_path / "overlay"
    shutil.copytree(EXAMPLE / "settings", overlay)
    t = overlay / "tables" / "预算.yml"
    t.write_text(
        t.read_text(encoding="utf-8").replace("一般公共预算 + 政府性基金预算", "一般公共预算 + 政府基金"), "utf-8"
    )
    r = _run("check", str(EXAMPLE / "input"), "--templates", str(overlay))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert (
        re.search(r"tables/预算.yml:\d+:\d+（t12）", r.stderr)
        and "表“t12”" in r.stderr
        and "“政府基金”不是本表的列" in r.stderr
    ), r.stderr
