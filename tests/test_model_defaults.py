"""Sections an input may leave out behave like their empty form (found by mypy: an omitted 政府性基金支出 was a
list and computing 表8 ended in a traceback)."""

import shutil

from generator.pipeline import prepare

from conftest import INPUTS


def test_omitted_fund_tables_read_as_empty(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(INPUTS / "changji-2025-budget", src)
    tables = src / "公开表.yaml"
    text = tables.read_text(encoding="utf-8")
    assert "政府性基金支出: []\n" in text and "国有资本经营支出: []\n" in text
    tables.write_text(text.replace("政府性基金支出: []\n", "").replace("国有资本经营支出: []\n", ""), encoding="utf-8")
    p = prepare(src)
    assert p.figures.t8.empty and p.figures.t9.empty
    assert not [f for f in p.findings if f.severity == "错误"]
