"""Excel: export → import round trip, variant workbooks, located messages (issue 12)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from generator.errors import InputError
from generator.excel.commands import export_xlsx
from generator.excel.importer import import_xlsx
from generator.load.store import Store
from generator.pipeline import prepare
from generator.render import render_html

from conftest import libreoffice_pdf

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [
    "inputs/changji-2025-budget",
    "inputs/xinjiang-2024-budget",
    "inputs/changji-2024-final",
    "inputs/jincheng-2024-final",
    "examples/final-tables/input",
]


def html(path) -> str:
    p = prepare(path)
    return render_html(p.report, p.figures, p.region)


@pytest.mark.parametrize("name", INPUTS)
def test_round_trip_identical(tmp_path, name):
    book = export_xlsx(ROOT / name, tmp_path / "x.xlsx")
    import_xlsx(book, ROOT / name, tmp_path / "back")
    assert html(tmp_path / "back") == html(ROOT / name)
    for f in (ROOT / name).glob("*.yaml"):  # nothing changed, so every file is copied as it was
        assert (tmp_path / "back" / f.name).read_bytes() == f.read_bytes()


def _emptied(src: Path, dest: Path, budget: bool) -> None:
    """The input with every table figure removed (texts and project rows kept)."""
    store = Store(src)
    d = store.data
    if budget:
        d["收支总表"] = {}
        for key in ("收入总表", "支出总表", "一般公共预算支出", "基本支出"):
            d[key] = {"行": []}
        for p in d["一般公共预算项目支出"]:
            for k in list(p):
                if k not in ("单位", "科目", "名称", "项目名称", "说明"):
                    del p[k]
        for item in d["三公经费"].values():
            for k in ("一般公共预算", "政府性基金", "国有资本经营预算"):
                item.pop(k, None)
        for c in d["上年结转结余"]:
            c.pop("财政拨款", None)
            c.pop("非财政拨款", None)
        d.pop("上年结转结余总计", None)  # stated again from the sheet's 总计 row (2934.03, rows add up to 2934.04)
    else:
        for t in d["决算表"].values():
            if isinstance(t, dict):
                t["行"] = []
                t.pop("总计", None)
    store.write(dest)


@pytest.mark.parametrize(
    "name,budget",
    [
        ("inputs/changji-2025-budget", True),
        ("inputs/xinjiang-2024-budget", True),
        ("examples/final-tables/input", False),
    ],
)
def test_import_fills_an_emptied_input(tmp_path, name, budget):
    """Figures really come from the workbook: stated subtotals and totals included, the report is identical."""
    book = export_xlsx(ROOT / name, tmp_path / "x.xlsx")
    _emptied(ROOT / name, tmp_path / "empty", budget)
    assert html(tmp_path / "empty") != html(ROOT / name)
    import_xlsx(book, tmp_path / "empty", tmp_path / "back")
    assert html(tmp_path / "back") == html(ROOT / name)


def _t5_rows(name):
    t5 = prepare(ROOT / name).figures.t5
    return [(r.code, r.name, [r.v(c) for c in ("合计", "基本支出", "项目支出")]) for r in t5.body], t5.total


def test_amounts_are_exact():
    from generator.excel.cells import Problems, amount

    p = Problems()
    assert amount(0.1 + 0.2, 1, "A1", p) == Decimal("0.3")  # float noise gone, no float arithmetic after repr
    assert amount(3053600.0000000005, 10000, "A1", p) == Decimal("305.36")  # 元 → 万元 exactly
    assert amount(17446812, 10000, "A1", p) == Decimal("1744.6812")  # 元 precision kept (4 decimals of 万元)
    assert amount("1,744.68", 1, "A1", p) == Decimal("1744.68") and amount(None, 1, "A1", p) == 0
    assert amount("十元", 1, "表5!C14", p) is None and str(p[0]).startswith("表5!C14")


def _variant_book(path: Path, name: str, codes: str) -> None:
    """表5 as a budget system exports it: amounts in 元, codes in one column (or only indented names), a 小计
    row, blank cells for zero."""
    rows, total = _t5_rows(name)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["一般公共预算支出情况表"])
    ws.append(["编制单位：某局", None, None, None, None if codes == "no-unit" else "单位：元"])
    one = codes in ("one", "no-unit")
    head = ["科目编码", "科目名称"] if one else ["科目名称"]
    ws.append(head + ["合计", "基本支出", "项目支出"])
    yuan = lambda v: None if v == 0 else int(v * 100) / 100 * 10000  # noqa: E731 - a float, as Excel holds it
    cols = ("合计", "基本支出", "项目支出")
    ws.append((["合计", None] if one else ["合计"]) + [yuan(total.v(c)) for c in cols])
    for code, nm, vals in rows:
        label = ("  " * (len(code) // 2 - 1)) + nm
        ws.append(([code, nm] if one else [label]) + [yuan(v) for v in vals])
        if len(code) == 3:
            ws.append((["小计", None] if one else ["小计"]) + [yuan(v) for v in vals])
    wb.save(path)


@pytest.mark.parametrize("codes", ["one", "names", "no-unit"])
def test_variant_workbook_imports_to_the_same_figures(tmp_path, codes):
    name = "inputs/changji-2025-budget"
    _variant_book(tmp_path / "v.xlsx", name, codes)
    store = Store(ROOT / name)
    store.data["一般公共预算支出"] = {"行": []}
    store.write(tmp_path / "empty")
    import_xlsx(tmp_path / "v.xlsx", tmp_path / "empty", tmp_path / "back", unit="元" if codes == "no-unit" else None)
    got = prepare(tmp_path / "back").figures.t5
    want_rows, want_total = _t5_rows(name)
    assert [(r.code, [r.v(c) for c in ("合计", "基本支出", "项目支出")]) for r in got.body] == [
        (c, v) for c, _, v in want_rows
    ]
    assert got.total.v("合计") == want_total.v("合计")


def test_misplaced_cell_is_located(tmp_path):
    name = "inputs/changji-2025-budget"
    book = export_xlsx(ROOT / name, tmp_path / "x.xlsx")
    wb = load_workbook(book)
    ws = wb["表5"]
    row = ws.max_row + 1
    ws.cell(row=row, column=6, value=12.5)  # a figure on a row with no code or name
    ws.cell(row=5, column=20, value=3)  # a figure outside the table's columns
    wb.save(book)
    with pytest.raises(InputError) as err:
        import_xlsx(book, ROOT / name, tmp_path / "back")
    text = str(err.value)
    assert f"表5!A{row}" in text
    assert "表5!T5" in text or "表5!T" in text
    assert not (tmp_path / "back").exists()  # all or nothing


def test_never_overwrites_without_force(tmp_path):
    name = "inputs/changji-2025-budget"
    book = export_xlsx(ROOT / name, tmp_path / "x.xlsx")
    shutil.copytree(ROOT / name, tmp_path / "dest")
    from generator.errors import DiscloseError

    with pytest.raises(DiscloseError):
        import_xlsx(book, ROOT / name, tmp_path / "dest")
    import_xlsx(book, ROOT / name, tmp_path / "dest", force=True)


def test_export_layout(tmp_path):
    book = load_workbook(export_xlsx(ROOT / "inputs/changji-2025-budget", tmp_path / "x.xlsx"))
    tables = [f"表{i}" for i in range(1, 12)]
    forms = ["报告与概况", "上年与原因", "用途与项目说明", "采购资产绩效", "绩效目标表", "其他设置"]
    assert book.sheetnames == tables + forms  # the 公开表, then the rest of the input
    ws = book["表2"]
    assert ws["A1"].value == "部门收入总体情况表"
    assert ws["P2"].value == "单位：万元"
    assert "A3:C3" in {str(r) for r in ws.merged_cells.ranges}  # 功能分类科目编码 over 类/款/项
    assert ws.freeze_panes == "A6"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$5"
    # 总计 of 表2 as published (seed 003): 4,678.70; codes are text, 01 stays 01
    assert ws["E6"].value == Decimal("4678.70") or ws["E6"].value == 4678.7
    assert ws["E6"].number_format == "#,##0.00"
    codes = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(7, 12)]
    assert ("208", "05") in codes and all(isinstance(a, str) for a, _ in codes)


def test_wrapped_rows_are_tall_enough_and_calc_opens_the_workbook(tmp_path):
    """Neither Excel nor Calc grows a row for a merged cell: the empty 表8's statement (two lines over the table's
    width) gets the height of its lines, and LibreOffice Calc opens and prints the workbook with it."""
    target = export_xlsx(ROOT / "inputs/changji-2025-budget", tmp_path / "x.xlsx")
    ws = load_workbook(target)["表8"]
    statement = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").endswith("为空表。"))
    assert ws.row_dimensions[statement].height >= 2 * 15
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    import subprocess

    pdf = libreoffice_pdf(target, tmp_path)
    assert pdf.exists(), "LibreOffice Calc could not open the workbook (libreoffice-calc-nogui installed?)"
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "政府性基金预算支出情况表" in text and "4,678.70" in text


@pytest.mark.parametrize("name", ["inputs/changji-2025-budget", "inputs/xinjiang-2024-budget"])
def test_a_changed_computed_cell_is_located(tmp_path, name):
    """表4 is computed from 表2: a figure typed there that disagrees is reported at its cell, not dropped
    (xinjiang: with the 表注 printed under the table)."""
    book = export_xlsx(ROOT / name, tmp_path / "x.xlsx")
    wb = load_workbook(book)
    ws = wb["表4"]
    cell = next(c for row in ws.iter_rows(min_row=5) for c in row if isinstance(c.value, (int, float)) and c.value)
    cell.value = cell.value + 1
    wb.save(book)
    with pytest.raises(InputError) as err:
        import_xlsx(book, ROOT / name, tmp_path / "back")
    assert f"表4!{cell.coordinate}" in str(err.value)


def test_carry_total_stated_from_the_unit_row(tmp_path):
    """表11 of seed 003 prints 总计 2,934.03 (财政 2,904.03) where its rows add up to 2,934.04: without a 总计 row
    the one unit's row states it; a unit row that disagrees with the 总计 row is located at its cell."""
    name = "inputs/changji-2025-budget"
    book = export_xlsx(ROOT / name, tmp_path / "x.xlsx")
    store = Store(ROOT / name)
    del store.data["上年结转结余总计"]
    store.write(tmp_path / "base")
    wb = load_workbook(book)
    ws = wb["表11"]
    assert ws["A7"].value == "总计"
    ws.delete_rows(7)
    wb.save(tmp_path / "unit.xlsx")
    import_xlsx(tmp_path / "unit.xlsx", tmp_path / "base", tmp_path / "back")
    t11 = prepare(tmp_path / "back").figures.t11
    assert [t11.total.v(k) for k in ("总计", "财政合计", "财政项目支出", "非财政合计")] == [
        Decimal("2934.03"),
        Decimal("2904.03"),
        Decimal("2904.03"),
        Decimal("30"),
    ]
    assert t11.rows[1].kind == "unit" and t11.rows[1].v("总计") == Decimal("2934.03")
    wb = load_workbook(book)
    wb["表11"]["B8"].value = 2934.05
    wb.save(tmp_path / "odd.xlsx")
    with pytest.raises(InputError) as err:
        import_xlsx(tmp_path / "odd.xlsx", tmp_path / "base", tmp_path / "odd")
    assert "表11!B8" in str(err.value) and "表11!B7" not in str(err.value)


def test_render_xlsx(tmp_path):
    from generator.pipeline import render

    written = render(ROOT / "inputs/changji-2025-budget", tmp_path, ["xlsx"])
    assert written[0].suffix == ".xlsx"
    assert load_workbook(written[0]).sheetnames[0] == "表1"


def test_extra_table_round_trip_and_edit(tmp_path):
    """附加表 (county overlay): exported as printed, read back cell by cell; an edited amount lands in its row."""
    src, tpl = ROOT / "examples/county-overlay/input", ROOT / "examples/county-overlay/templates"
    book = export_xlsx(src, tmp_path / "x.xlsx", tpl)
    import_xlsx(book, src, tmp_path / "same", templates=tpl)
    assert (tmp_path / "same" / "附加表.yaml").read_bytes() == (src / "附加表.yaml").read_bytes()
    wb = load_workbook(book)
    ws, cell = next((w, c) for w in wb.worksheets for row in w.iter_rows() for c in row if c.value == 120.5)
    cell.value = 121.5
    wb.save(book)
    with pytest.raises(InputError) as err:  # the printed 合计 197.66 no longer adds up: located at its cell
        import_xlsx(book, src, tmp_path / "edited", templates=tpl)
    assert f"{ws.title}!E4" in str(err.value)
    ws["E4"].value = 198.66
    wb.save(book)
    import_xlsx(book, src, tmp_path / "edited", templates=tpl)
    assert Store(tmp_path / "edited").data["附加表"][0]["行"][0][4] == "121.5"
