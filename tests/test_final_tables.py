"""The nine 决算表 from data (examples/final-tables: a fictional unit with round figures).

Every expected row below is a hand calculation from examples/final-tables/input/决算表.yaml and 情况说明.yaml
(e.g. 表1 节能环保支出 = 表3 211 合计 = 300 + 340 + 200 = 840.00; 表4 一般公共预算财政拨款收入 = 财政拨款收入
1,000.00 − 表7 本年收入 100.00 = 900.00), written down before the code ran.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "final-tables" / "input"

ROWS = {
    "表1": [
        "一、一般公共预算财政拨款收入900.00一、一般公共服务支出",
        "二、政府性基金预算财政拨款收入100.00二、外交支出",
        "八、其他收入50.00八、社会保障和就业支出60.00",
        "十一、节能环保支出840.00",
        "十二、城乡社区支出100.00",
        "本年收入合计1,050.00本年支出合计1,040.00",
        "年初结转和结余30.00年末结转和结余40.00",
        "总计1,080.00总计1,080.00",
    ],
    "表2": [
        "合计1,050.001,000.0050.00",
        "211节能环保支出850.00800.0050.00",
        "2110301大气350.00300.0050.00",
        "2120899其他国有土地使用权出让收入安排的支出100.00100.00",
    ],
    "表3": [
        "合计1,040.00400.00640.00",
        "211节能环保支出840.00300.00540.00",
        "2110301大气340.00340.00",
        "208社会保障和就业支出60.0060.00",
    ],
    "表4": [
        "一、一般公共预算财政拨款900.00一、一般公共服务支出",
        "十一、节能环保支出800.00800.00",
        "十二、城乡社区支出100.00100.00",
        "本年收入合计1,000.00本年支出合计1,000.00900.00100.00",
        "总计1,000.00总计1,000.00900.00100.00",
    ],
    "表5": [
        "合计900.00400.00500.00",
        "211节能环保支出800.00300.00500.00",
        "21103污染防治500.00500.00",
        "2210201住房公积金20.0020.00",
    ],
    "表6": [
        "301工资福利支出300.00302商品和服务支出70.00",
        "30101基本工资120.0030201办公费20.00",
        "303对个人和家庭的补助20.00310资本性支出10.00",
        "人员经费合计320.00公用经费合计80.00",
    ],
    "表7": ["合计100.00100.00100.00", "2120899其他国有土地使用权出让收入安排的支出100.00100.00100.00"],
    "表8": ["本单位2024年度无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。"],
    "表9": ["12.0010.0010.002.009.008.008.001.00"],
}
EXPECTED = [(table, row) for table, rows in ROWS.items() for row in rows]


def _squash(s):
    return re.sub(r"\s+", "", s)


def pdf_rows(path):
    """One squashed string per printed line (pdftotext -layout keeps a table row on one line)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return {_squash(line) for line in text.splitlines()}


def docx_rows(path):
    """One squashed string per table row; a merged cell (repeated by python-docx) counts once."""
    from docx import Document

    rows = set()
    for table in Document(str(path)).tables:
        for row in table.rows:
            cells, last = [], None
            for c in row.cells:
                if c._tc is not last:
                    cells.append(c.text)
                last = c._tc
            rows.add(_squash("".join(cells)))
    return rows


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("final-tables")
    paths = pipeline.render(EXAMPLE, out, ["pdf", "docx"])
    pdf = next(p for p in paths if p.suffix == ".pdf")
    docx = next(p for p in paths if p.suffix == ".docx")
    typst_pdf = pipeline.render(EXAMPLE, out / "typst", ["pdf"], pdf_engine="typst")[0]
    return {"pdf": pdf_rows(pdf), "docx": docx_rows(docx), "pdf_path": pdf, "typst": pdf_rows(typst_pdf)}


@pytest.mark.parametrize("table,row", EXPECTED)
@pytest.mark.parametrize("fmt", ["pdf", "typst", "docx"])
def test_table_rows(outputs, fmt, table, row):
    rows = outputs[fmt]
    assert any(row in r for r in rows), f"{table}: {row}"


@pytest.mark.parametrize("fmt", ["pdf", "typst"])
def test_titles_numbered_and_listed_as_attachment(outputs, fmt):
    """Setting 决算报表: 附表 (Xinjiang, base) lists the titles, then the tables follow as 表1 … 表9."""
    rows = outputs[fmt]
    assert "一、《收入支出决算总表》" in rows and "九、《财政拨款“三公”经费支出决算表》" in rows
    assert {"表1", "表9", "收入支出决算总表", "财政拨款“三公”经费支出决算表"} <= rows


def _copy(tmp_path, src=EXAMPLE):
    dst = tmp_path / "in"
    shutil.copytree(src, dst)
    return dst


def _edit(path, file, old, new):
    f = path / file
    text = f.read_text(encoding="utf-8")
    assert old in text, old
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_body_setting_prints_tables_without_the_list(tmp_path):
    path = _copy(tmp_path)
    _edit(
        path, "报告.yaml", "  单位名称: 示例区生态环境局\n", "  单位名称: 示例区生态环境局\n  版式: {决算报表: 正文}\n"
    )
    pdf = next(p for p in pipeline.render(path, tmp_path / "out", ["pdf"]))
    rows = pdf_rows(pdf)
    assert "一、《收入支出决算总表》" not in rows
    assert any("总计1,080.00总计1,080.00" in r for r in rows)


def findings(path):
    import json

    res = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    return res.exit_code, json.loads(res.output)


def test_example_passes_every_rule():
    code, records = findings(EXAMPLE)
    assert code == 0 and records == []


CASES = [
    # (file, old, new, rule, severity)
    (
        "决算表.yaml",
        '{科目: "2120899", 项目支出: 100.00}\n',
        '{科目: "2120899", 项目支出: 100.00}\n      - {科目: "211", 基本支出: 300.00, 项目支出: 560.00}\n',
        "合计-不符",
        "错误",
    ),
    (
        "决算表.yaml",
        '{科目: "30101", 决算数: 120.00}',
        '{科目: "30101", 名称: 基本工资福利, 决算数: 120.00}',
        "决算表-科目",
        "错误",
    ),
    ("决算表.yaml", '{科目: "30101", 决算数: 120.00}', '{科目: "30101", 决算数: 130.00}', "决算表-表间", "错误"),
    (
        "决算表.yaml",
        '{科目: "2110302", 项目支出: 200.00}\n      - {科目: "2210201", 基本支出: 20.00}\n  基本支出决算表',
        '{科目: "2110302", 项目支出: 210.00}\n      - {科目: "2210201", 基本支出: 20.00}\n  基本支出决算表',
        "决算表-表间",
        "错误",
    ),
    (
        "决算表.yaml",
        '{科目: "2110301", 财政拨款收入: 300.00, 其他收入: 50.00}',
        '{科目: "2110301", 财政拨款收入: 300.00, 其他收入: 60.00}',
        "决算表-表间",
        "错误",
    ),
    ("情况说明.yaml", "政府性基金:\n  本年收入: 100.00\n  本年支出: 100.00\n", "政府性基金:\n", "决算表-表间", "错误"),
    (
        "决算表.yaml",
        '{科目: "2120899", 本年收入: 100.00, 项目支出: 100.00}',
        '{科目: "2120899", 本年收入: 100.00, 项目支出: 90.00}',
        "决算表-表间",
        "错误",
    ),
]


@pytest.mark.parametrize("file,old,new,rule,severity", CASES)
def test_corrupted_tables_are_caught(tmp_path, file, old, new, rule, severity):
    path = _copy(tmp_path)
    _edit(path, file, old, new)
    code, records = findings(path)
    hits = [r for r in records if r["rule"] == rule and r["severity"] == severity]
    assert hits, [(r["rule"], r["message"]) for r in records]
    assert hits[0]["file"] and hits[0]["line"]
    assert code == 1


def test_body_setting_without_tables_warns(tmp_path):
    path = _copy(tmp_path, ROOT / "inputs" / "changji-2024-final")
    _edit(
        path,
        "报告.yaml",
        "  单位名称: 昌吉回族自治州生态环境局\n",
        "  单位名称: 昌吉回族自治州生态环境局\n  版式: {决算报表: 正文}\n",
    )
    code, records = findings(path)
    assert [
        r for r in records if r["rule"] == "决算表-缺失" and r["severity"] == "警告" and r["file"].endswith("报告.yaml")
    ]


def _pdf_text(pdf):
    return _squash(
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )


def test_sections_two_and_three_quote_the_tables_when_not_typed(tmp_path):
    """Without 收入决算 / 支出决算 the shares come from the 合计 rows of 表2 / 表3 (1,000/1,050 = 95.24%,
    50/1,050 = 4.76%, 400/1,040 = 38.46%, 640/1,040 = 61.54%)."""
    path = _copy(tmp_path)
    f = path / "情况说明.yaml"
    text = f.read_text(encoding="utf-8")
    start, end = text.index("收入决算:\n"), text.index("财政拨款收支:\n")
    f.write_text(text[:start] + text[end:], encoding="utf-8")
    code, records = findings(path)
    assert code == 0, records
    text = _pdf_text(next(iter(pipeline.render(path, tmp_path / "out", ["pdf"]))))
    for s in (
        "财政拨款收入1,000.00万元，占95.24%",
        "其他收入50.00万元，占4.76%",
        "基本支出400.00万元，占38.46%",
        "项目支出640.00万元，占61.54%",
    ):
        assert s in text, s


def test_shanxi_prints_tables_in_part_two_with_its_table_8(tmp_path):
    """Shanxi (seed 001): tables in 第二部分 without the list; 表8 is the 支出-only 国有资本经营 table."""
    path = _copy(tmp_path)
    _edit(path, "报告.yaml", "  地区: xinjiang", "  地区: shanxi")
    pdf = next(iter(pipeline.render(path, tmp_path / "out", ["pdf"])))
    rows = pdf_rows(pdf)
    assert "第二部分2024年单位决算表" in rows and "一、《收入支出决算总表》" not in rows
    assert "国有资本经营预算财政拨款支出决算表" in rows
    assert "本单位2024年度无国有资本经营预算财政拨款支出，本表为空表。" in rows


def test_function_code_in_table_6_is_a_located_input_error(tmp_path):
    path = _copy(tmp_path)
    _edit(path, "决算表.yaml", '{科目: "30101", 决算数: 120.00}', '{科目: "3010101", 决算数: 120.00}')
    res = CliRunner().invoke(main, ["check", str(path)])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "决算表.yaml:35" in res.output and "3010101" in res.output


@pytest.mark.parametrize("line", ["  国有资本经营决算表: []\n", ""])
def test_empty_or_absent_fund_table_prints_the_statement(tmp_path, line):
    path = _copy(tmp_path)
    _edit(
        path,
        "决算表.yaml",
        "  国有资本经营决算表:       # 表8: none → printed as an empty table with its statement\n",
        line,
    )
    rows = pdf_rows(next(iter(pipeline.render(path, tmp_path / "out", ["pdf"]))))
    assert "本单位2024年度无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。" in rows


def test_section_six_names_the_items_of_table_6_when_not_typed(tmp_path):
    path = _copy(tmp_path)
    f = path / "情况说明.yaml"
    text = f.read_text(encoding="utf-8")
    text = re.sub(r"  (人员|公用)经费科目: \[.*\]\n", "", text)
    f.write_text(text, encoding="utf-8")
    text = _pdf_text(next(iter(pipeline.render(path, tmp_path / "out", ["pdf"]))))
    assert (
        "人员经费320.00万元，包括：基本工资、津贴补贴、奖金、机关事业单位基本养老保险缴费、职工基本医疗保险缴费、住房公积金、退休费"
        in text
    )
    assert (
        "公用经费80.00万元，包括：办公费、差旅费、公务接待费、工会经费、公务用车运行维护费、其他商品和服务支出、办公设备购置"
        in text
    )
