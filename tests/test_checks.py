"""Each rule: the shipped examples pass it (no error), a corrupted copy fails it with a located finding."""
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def findings(path):
    res = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    return res.exit_code, json.loads(res.output)


@pytest.mark.parametrize("name", ["changji-2025-budget", "xinjiang-2024-budget"])
def test_examples_have_no_errors(name):
    code, records = findings(ROOT / "inputs" / name)
    assert code == 0
    assert not [r for r in records if r["severity"] == "错误" and not r["waived"]]


def corrupt(tmp_path, file, old, new, count=1):
    dst = tmp_path / "in"
    shutil.copytree(ROOT / "inputs" / "changji-2025-budget", dst)
    f = dst / file
    text = f.read_text(encoding="utf-8")
    assert old in text, old
    f.write_text(text.replace(old, new, count), encoding="utf-8")
    return dst


CASES = [
    # (file, old, new, rule)
    ("情况说明.yaml", "原因: 本着过紧日子的要求，缩减了宣传经费", "原因: ''", "原因-缺少"),
    ("公开表.yaml", '{科目: "30101", 名称: 基本工资, 人员经费: 103.97}', '{科目: "30101", 名称: 基本工资, 人员经费: 113.97}',
     "合计-不符"),
    ("公开表.yaml", "总计: {人员经费: 371.82, 公用经费: 49.86}", "总计: {人员经费: 381.82, 公用经费: 49.86}", "表间-表5表6"),
    ("公开表.yaml", '{科目: "2110101", 名称: 行政运行, 基本支出: 305.36}', '{科目: "2110101", 名称: 行政运行, 基本支出: 315.36}',
     "表间-表2表3"),
    ("绩效.yaml", "权重: 20}", "权重: 25}", "绩效权重"),
]


@pytest.mark.parametrize("file,old,new,rule", CASES)
def test_corrupted_copy_is_caught(tmp_path, file, old, new, rule):
    code, records = findings(corrupt(tmp_path, file, old, new))
    hits = [r for r in records if r["rule"] == rule and r["severity"] == "错误"]
    assert code == 1 and hits, [r["rule"] for r in records]
    assert hits[0]["file"] and hits[0]["line"]


def test_seed_004_known_mismatch_is_found_and_acknowledged():
    code, records = findings(ROOT / "inputs" / "xinjiang-2024-budget")
    hit = [r for r in records if r["rule"] == "绩效金额"]
    assert code == 0 and len(hit) == 1
    assert hit[0]["expected"] == "5128.53" and hit[0]["actual"] == "5235.93"  # budget-audit.md §2.3
    assert hit[0]["waived"] and "107.40" in hit[0]["waived"]
