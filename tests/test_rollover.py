"""rollover, check --prior, init (issue 12)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checks.prior import compare_prior
from generator.cli import main
from generator.excel.commands import blank_workbook
from generator.pipeline import prepare
from generator.scaffold.rollover import DRAFT, rollover

ROOT = Path(__file__).resolve().parent.parent
CHANGJI = ROOT / "inputs/changji-2025-budget"


def test_rollover_checks_with_only_missing_figures_and_drafts(tmp_path):
    rollover(CHANGJI, tmp_path / "next")
    p = prepare(tmp_path / "next")
    assert p.report.报告.年度 == 2026
    rules = {f.rule for f in p.findings}
    assert rules == {"缺少数字", "草稿文字"}
    drafts = [f for f in p.findings if f.rule == "草稿文字"]
    assert len(drafts) == len({str(f.location) for f in drafts})  # once per text
    r = p.report
    # 上年 = what the 2025 report printed (seed 003): 表3 基本支出 421.68, 项目支出 4,257.03; 三公 公务接待费 0.39
    assert r.支出预算说明.基本支出.上年 == Decimal("421.68")
    assert r.支出预算说明.项目支出.上年 == Decimal("4257.03")
    assert r.三公经费.公务接待费.上年 == Decimal("0.39")
    assert r.收入预算说明.一般公共预算.上年 == Decimal("736.38")
    assert r.收入预算说明.一般公共预算.原因.startswith(DRAFT)
    assert p.figures.t1.total == 0 and p.figures.t3.total.v("合计") == 0  # this year's figures emptied


def test_prior_finds_a_planted_mismatch(tmp_path):
    rollover(CHANGJI, tmp_path / "next")
    this, last = prepare(tmp_path / "next"), prepare(CHANGJI)
    assert compare_prior(this, last, "next", "last") == []
    f = tmp_path / "next" / "情况说明.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("上年: 421.68", "上年: 421.86", 1), encoding="utf-8")
    found = compare_prior(prepare(tmp_path / "next"), last, str(tmp_path / "next"), str(CHANGJI))
    assert len(found) == 1
    x = found[0]
    assert x.rule == "上年数" and x.severity == "错误"
    assert x.location.path == ("支出预算说明", "基本支出", "上年") and "情况说明.yaml" in x.location.file
    assert str(CHANGJI) in x.message and "421.86" in x.message and "421.68" in x.message
    result = CliRunner().invoke(main, ["check", str(tmp_path / "next"), "--prior", str(CHANGJI)])
    assert result.exit_code == 1 and "[上年数]" in result.output


def _tables(path):
    f = prepare(path).figures
    out = {t: [(r.code, r.values) for r in getattr(f, t).rows] for t in ("t2", "t3", "t5", "t6", "t8", "t9")}
    out["t7"] = [(r.code, r.label, r.values) for r in f.t7.rows]
    out["t10"] = [(x.label, x.values) for x in f.t10.rows]
    out["t11"] = [(r.name, r.values) for r in f.t11.rows]
    out["t1"] = [x.values for x in f.t1.lines] + [f.t1.total]
    return out


def test_init_checks_with_only_missing_figures(tmp_path):
    """Only missing figures, the one required text (主要职能, which may not be empty) marked as a draft, (once) that
    no 上年 figure is given yet, and without --name the placeholder unit name （单位名称）."""
    from generator.scaffold.init import init

    init(tmp_path / "b", year=2026, also=blank_workbook())
    assert {f.rule for f in prepare(tmp_path / "b").findings} == {"缺少数字", "草稿文字", "上年数-未填", "文字-占位"}
    init(tmp_path / "n", name="某县某局", year=2026)
    assert {f.rule for f in prepare(tmp_path / "n").findings} == {"缺少数字", "草稿文字", "上年数-未填"}
    assert (tmp_path / "b" / "公开表.xlsx").exists()
    text = (tmp_path / "b" / "公开表.yaml").read_text(encoding="utf-8")
    assert "# 表2" in text and "万元" in text  # commented: meaning and unit of the keys
    init(tmp_path / "f", kind="决算", level="单位", name="某县某局", year=2025)
    assert {f.rule for f in prepare(tmp_path / "f").findings} == {"决算-缺少数字", "决算-草稿文字"}


def test_init_then_import_gives_the_published_tables(tmp_path):
    """The workbook of a published report typed into a blank input: every 公开表 figure as published."""
    from generator.excel.commands import export_xlsx
    from generator.excel.importer import import_xlsx
    from generator.scaffold.init import init

    book = export_xlsx(CHANGJI, tmp_path / "x.xlsx")
    init(tmp_path / "blank", year=2025)
    import_xlsx(book, tmp_path / "blank", tmp_path / "filled")
    assert _tables(tmp_path / "filled") == _tables(CHANGJI)
    assert "缺少数字" not in {f.rule for f in prepare(tmp_path / "filled").findings}
    import_xlsx(book, None, tmp_path / "nobase", year=2025)  # without --base: the blank input is the base
    assert _tables(tmp_path / "nobase") == _tables(CHANGJI)


def test_blank_workbook_filled_in_excel(tmp_path):
    """A finance officer types two 项 into the blank 表3 of `init --xlsx`: blank cells are zero in typed columns
    and "not given" in computed ones (合计, 总计, 表1/表4), so only the typed figures land in the input."""
    from openpyxl import load_workbook

    from generator.excel.importer import import_xlsx
    from generator.scaffold.init import init

    init(tmp_path / "me", name="某某局", year=2025, also=blank_workbook())
    book = tmp_path / "me" / "公开表.xlsx"
    wb = load_workbook(book)
    wb["表3"].append(["211", "01", "01", "行政运行", None, 305.36, None])
    wb["表3"].append(["211", "01", "02", "一般行政管理事务", None, None, 87])
    wb.save(book)
    import_xlsx(book, tmp_path / "me", tmp_path / "me", force=True)
    t3 = prepare(tmp_path / "me").figures.t3
    assert t3.total.v("合计") == Decimal("392.36") and not t3.total.stated
    assert [(r.code, r.v("基本支出"), r.v("项目支出")) for r in t3.body if r.kind == "item"] == [
        ("2110101", Decimal("305.36"), 0),
        ("2110102", 0, Decimal("87")),
    ]
    assert (tmp_path / "me" / "公开表.xlsx").exists()  # the workbook beside the input survives --force


def test_final_rollover_and_prior(tmp_path):
    """决算: 上年 = this year's 决算 (seed 000: 收入总计 6,187.94, 财政拨款 5,869.17, 公务接待 0.30)."""
    src = ROOT / "inputs/changji-2024-final"
    rollover(src, tmp_path / "next")
    p = prepare(tmp_path / "next")
    assert p.report.报告.年度 == 2025
    assert {f.rule for f in p.findings} == {"决算-缺少数字", "决算-草稿文字"}
    r = p.report
    assert r.收入支出决算总体.上年 == Decimal("6187.94")
    assert r.财政拨款收支.上年 == Decimal("5869.17")
    assert r.三公经费.公务接待.上年 == Decimal("0.30")
    assert compare_prior(p, prepare(src), "next", "last") == []
    f = tmp_path / "next" / "情况说明.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("上年: 5869.17", "上年: 5896.17", 1), encoding="utf-8")
    found = compare_prior(prepare(tmp_path / "next"), prepare(src), "next", "last")
    assert [x.location.path for x in found] == [("财政拨款收支", "上年")]


def _copy_with(tmp_path, src: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    import shutil

    dst = tmp_path / "this"
    shutil.copytree(src, dst)
    for name, pairs in edits.items():
        text = (dst / name).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new)
        (dst / name).write_text(text, encoding="utf-8")
    return dst


def _without_unverified(monkeypatch):
    """The unverified list emptied (as if corrected or shortened after this year's report was published)."""
    from generator import catalog

    real = catalog._load
    monkeypatch.setattr(catalog, "_load", lambda name: {} if "未核对" in name else real(name))


@pytest.mark.parametrize("typed", [None, "住房补贴（自拟）"])
def test_budget_rollover_keeps_every_printed_name(tmp_path, monkeypatch, typed):
    """Issue 21: 2210202 (not in the verified catalogue) printed in 五(三) with the unverified name 提租补贴, or with
    the name typed on the 表2/3/5 rows (which rollover empties): next year's input carries that name as the 项's
    名称, so the 2026 report prints it again even without the unverified list. A verified code gets no 名称."""
    import yaml

    name = f"名称: {typed}, " if typed else ""
    src = _copy_with(
        tmp_path,
        CHANGJI,
        {
            "公开表.yaml": [('{科目: "2210201", 名称: 住房公积金, ', f'{{科目: "2210202", {name}')],
            "情况说明.yaml": [('"2210201": {上年: 32.84', '"2210202": {上年: 32.84')],
        },
    )
    printed = typed or "提租补贴"
    this = prepare(src)
    assert {i.code: i.name for i in this.figures.general_items}["2210202"] == printed
    rollover(src, tmp_path / "next")
    notes = yaml.safe_load((tmp_path / "next" / "情况说明.yaml").read_text(encoding="utf-8"))["一般公共预算拨款说明"]
    assert notes["项"]["2210202"]["名称"] == printed and notes["项"]["2210202"]["上年"] == 32.23
    assert "名称" not in notes["项"]["2110399"]  # verified: the catalogue names it next year too
    assert not [f for f in prepare(tmp_path / "next").findings if f.rule.startswith("科目")]
    _without_unverified(monkeypatch)
    nxt = prepare(tmp_path / "next")
    assert {i.code: i.name for i in nxt.figures.general_items}["2210202"] == printed


def test_final_rollover_keeps_every_printed_name(tmp_path, monkeypatch):
    """决算 五(三): 2130101 printed with the unverified name 行政运行, 2130126 with its typed name; both keep them."""
    import yaml

    src = _copy_with(
        tmp_path,
        ROOT / "inputs/changji-2024-final",
        {
            "情况说明.yaml": [
                ('{编码: "2110103", 金额: 0.00', '{编码: "2130101", 金额: 0.00'),
                ('{编码: "2110105", 金额: 0.00', '{编码: "2130126", 名称: 农村合作经济, 金额: 0.00'),
            ]
        },
    )
    this = prepare(src)
    names = {i.code: i.name for i in this.figures.general.items}
    assert names["2130101"] == "行政运行" and names["2130126"] == "农村合作经济"
    assert [f.rule for f in this.findings if "2130101" in f.message] == []
    rollover(src, tmp_path / "next")
    rows = yaml.safe_load((tmp_path / "next" / "情况说明.yaml").read_text(encoding="utf-8"))["一般公共预算支出"]["项"]
    by_code = {r["编码"]: r for r in rows}
    assert by_code["2130101"]["名称"] == "行政运行" and by_code["2130126"]["名称"] == "农村合作经济"
    assert "名称" not in by_code["2110101"]
    # the name written from the unverified list is no new finding next year
    assert [f.rule for f in prepare(tmp_path / "next").findings if "2130101" in f.message] == []
    _without_unverified(monkeypatch)
    nxt = {i.code: i.name for i in prepare(tmp_path / "next").figures.general.items}
    assert nxt["2130101"] == "行政运行" and nxt["2130126"] == "农村合作经济"


def test_rollover_with_the_names_of_catalog(tmp_path):
    """A code in neither catalogue list (2210288) named by the --catalog file this year's report was rendered with:
    `disclose rollover --catalog` writes that name beside the code into next year's input, which then renders and
    checks without the file."""
    import yaml

    src = _copy_with(
        tmp_path,
        CHANGJI,
        {
            "公开表.yaml": [('{科目: "2210201", 名称: 住房公积金, ', '{科目: "2210288", ')],
            "情况说明.yaml": [('"2210201": {上年: 32.84', '"2210288": {上年: 32.84')],
        },
    )
    names = tmp_path / "科目名称.yml"
    names.write_text('功能分类:\n  "2210288": 示例住房支出\n', encoding="utf-8")
    assert [f for f in prepare(src).findings if "2210288" in f.message]  # unnamed without the file
    assert not [f for f in prepare(src, catalog=names).findings if "2210288" in f.message]
    res = CliRunner().invoke(main, ["rollover", str(src), "-o", str(tmp_path / "next"), "--catalog", str(names)])
    assert res.exit_code == 0, res.output
    notes = yaml.safe_load((tmp_path / "next" / "情况说明.yaml").read_text(encoding="utf-8"))["一般公共预算拨款说明"]
    assert notes["项"]["2210288"]["名称"] == "示例住房支出"
    nxt = prepare(tmp_path / "next")
    assert {i.code: i.name for i in nxt.figures.general_items}["2210288"] == "示例住房支出"
    # a name typed beside a code the catalogue lacks is printed with a warning to look at it (as any typed name)
    assert [f.severity for f in nxt.findings if "2210288" in f.message] == ["警告"]
