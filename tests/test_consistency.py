"""Issue 20: a report that never contradicts itself.

The county bureau of the issue is rebuilt as a new user builds it: `disclose init`, then the figures typed into the
skeleton (what import-xlsx writes), one 表7 project of 108.00 万元 without 说明, no 绩效目标表, a 用途 typed after the
skeleton's hint "主要用于……", unchanged 三公 and 基本支出. Expected figures are hand calculations on that input.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checks.registry import RULES
from generator.cli import main
from generator.pipeline import prepare
from generator.render import render_html

ROOT = Path(__file__).resolve().parent.parent

# the county's figures and texts, by file and top-level key: each replaces that section of the skeleton
COUNTY = {
    "公开表.yaml": {
        "收支总表": "收支总表:\n  一般财力: 408.00",
        "收入总表": '收入总表:\n  行:\n    - {科目: "2110101", 一般公共预算: 300.00}\n'
        '    - {科目: "2110199", 一般公共预算: 108.00}',
        "支出总表": '支出总表:\n  行:\n    - {科目: "2110101", 基本支出: 300.00}\n'
        '    - {科目: "2110199", 项目支出: 108.00}',
        "一般公共预算支出": '一般公共预算支出:\n  行:\n    - {科目: "2110101", 基本支出: 300.00}\n'
        '    - {科目: "2110199", 项目支出: 108.00}',
        "基本支出": '基本支出:\n  行:\n    - {科目: "30101", 人员经费: 200.00}\n'
        '    - {科目: "30201", 公用经费: 95.00}\n'
        '    - {科目: "30231", 公用经费: 5.00}',
        # imported without a 说明, as in the issue
        "一般公共预算项目支出": "一般公共预算项目支出:\n"
        '  - {科目: "2110199", 项目名称: 农村环境整治项目, 商品和服务支出: 108.00}',
        "三公经费": '三公经费:\n  因公出国境费: {一般公共预算: 0, 上年: 0, 原因: ""}\n'
        '  公务接待费: {一般公共预算: 0, 上年: 0, 原因: ""}\n  公务用车购置费: {一般公共预算: 0, 上年: 0, 原因: ""}\n'
        '  公务用车运行费: {一般公共预算: 5.00, 上年: 5.00, 原因: ""}',
    },
    "情况说明.yaml": {
        "收入预算说明": '收入预算说明:\n  一般公共预算: {上年: 400.00, 原因: "人员增加"}',
        "支出预算说明": '支出预算说明:\n  基本支出: {上年: 300.00, 原因: ""}\n'
        '  项目支出: {上年: 100.00, 原因: "新增农村环境整治项目"}',
        # typed after the skeleton's own hint "主要用于……"
        "财政拨款支出用途": '财政拨款支出用途:\n  "211": 主要用于环境监测和农村环境整治',
        "一般公共预算拨款说明": '一般公共预算拨款说明:\n  基本支出: {上年: 300.00, 原因: ""}\n'
        '  项目支出: {上年: 100.00, 原因: "新增农村环境整治项目"}\n'
        '  项:\n    "2110101": {上年: 300.00}\n    "2110199": {上年: 100.00, 原因: "新增农村环境整治项目"}',
        "机关运行经费": '机关运行经费: {上年: 100.00, 原因: ""}',
        "政府采购": "政府采购: {货物: 0, 工程: 0, 服务: 0, 中小企业: 0, 小微企业: 0}",
        "预算绩效": "预算绩效:\n  未公开项目数: 0\n  未公开项目金额: 0",
        "其他需说明事项": "其他需说明事项: []",
    },
}


def _section(text: str, key: str, block: str) -> str:
    """*text* with its top-level section *key* (the key's line and the indented or comment lines under it)
    replaced by *block*."""
    m = re.search(rf"^{re.escape(key)}:.*\n(?:(?:[ #].*)?\n)*", text, flags=re.M)
    assert m, key
    return text[: m.start()] + block + "\n" + text[m.end() :]


def county(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """The issue's county bureau: a `disclose init` skeleton filled in, then *edits* (file, old, new)."""
    folder = tmp_path / "county"
    res = CliRunner().invoke(main, ["init", "-o", str(folder), "--name", "某县生态环境局", "--year", "2026"])
    assert res.exit_code == 0, res.output
    for file, sections in COUNTY.items():
        f = folder / file
        text = f.read_text(encoding="utf-8")
        for key, block in sections.items():
            text = _section(text, key, block)
        f.write_text(text, encoding="utf-8")
    report = folder / "报告.yaml"
    text = re.sub(r"主要职能: .*", "主要职能: 负责全县生态环境保护工作。", report.read_text(encoding="utf-8"), count=1)
    report.write_text(text, encoding="utf-8")
    for file, old, new in edits:
        f = folder / file
        text = f.read_text(encoding="utf-8")
        assert old in text, old
        f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def findings(path) -> list:
    return prepare(path).findings


def only(fs, rule_id):
    return [f for f in fs if f.rule == rule_id]


def section(html: str, start: str, end: str) -> str:
    text = re.sub(r"<[^>]+>", "", html)
    i = text.rindex(start)  # the body, not the 目录
    return text[i : text.index(end, i)]


# ---------- the three contradictions of the issue ----------


def test_seven_lists_every_table7_project_and_names_missing_texts(tmp_path):
    p = prepare(county(tmp_path))
    html = render_html(p.report, p.figures, p.region)
    seven = section(html, "七、关于某县生态环境局2026年一般公共预算项目支出情况说明", "八、")
    assert "没有安排一般公共预算项目支出" not in seven
    assert "项目名称：农村环境整治项目" in seven
    assert "预算安排规模：108.00万元" in seven
    assert "设立的政策依据" not in seven  # a missing text is not printed empty …
    [f] = only(p.findings, "七-说明")  # … it is an error naming the project and its 表7 row
    assert f.severity == "错误"
    assert f.location.yaml_path() == "一般公共预算项目支出[0]"
    assert f.location.file.endswith("公开表.yaml") and f.location.line
    assert "农村环境整治项目" in f.message and "108.00" in f.message and "表7" in f.message
    assert "设立的政策依据" in f.message and "资金执行时间" in f.message


def test_seven_with_texts_is_complete(tmp_path):
    note = (
        '  - {科目: "2110199", 项目名称: 农村环境整治项目, 商品和服务支出: 108.00, '
        "说明: {政策依据: 县政府文件, 承担单位: 某县生态环境局, 资金分配: 用于农村污水治理, 执行时间: 2026年全年}}"
    )
    folder = county(
        tmp_path, ("公开表.yaml", '  - {科目: "2110199", 项目名称: 农村环境整治项目, 商品和服务支出: 108.00}', note)
    )
    p = prepare(folder)
    assert not only(p.findings, "七-说明")
    seven = section(render_html(p.report, p.figures, p.region), "年一般公共预算项目支出情况说明", "八、")
    assert "设立的政策依据：县政府文件" in seven and "预算安排规模：108.00万元" in seven


def test_performance_sentence_agrees_with_table7(tmp_path):
    p = prepare(county(tmp_path))
    [f] = only(p.findings, "绩效-表7")
    assert f.severity == "错误"
    assert f.location.yaml_path() == "预算绩效" and f.location.file.endswith("情况说明.yaml")
    assert f.expected == Decimal("108.00") and f.actual == Decimal("0.00")  # 表7 总计 vs 0 tables + 0 unpublished
    html = render_html(p.report, p.figures, p.region)
    perf = section(html, "（四）预算绩效情况", "（五）")
    assert "见下表" not in perf  # no table follows, so the sentence does not point at one


def test_performance_unpublished_projects_satisfy_the_rule(tmp_path):
    folder = county(
        tmp_path,
        ("情况说明.yaml", "  未公开项目数: 0\n  未公开项目金额: 0", "  未公开项目数: 1\n  未公开项目金额: 108.00"),
    )
    assert not only(findings(folder), "绩效-表7")


def test_see_below_in_a_region_phrase_without_a_table_is_a_warning(tmp_path):
    phrase = '    措辞: {s12.绩效简: "{年}年，当年预算安排项目共{项目个数}个。具体情况见下表："}\n'
    folder = county(tmp_path, ("报告.yaml", '  落款日期: ""', '  落款日期: ""\n  版式:\n' + phrase))
    [f] = only(findings(folder), "绩效-见下表")
    assert f.severity == "警告" and "见下表" in f.message


def test_hint_words_repeated_in_a_typed_text(tmp_path):
    p = prepare(county(tmp_path))
    html = render_html(p.report, p.figures, p.region)
    assert "主要用于主要用于环境监测" in html  # what the issue saw printed …
    [f] = only(p.findings, "文字-重复")  # … now a located warning at the typed text
    assert f.severity == "警告"
    assert f.location.yaml_path() == "财政拨款支出用途.211"
    assert "主要用于" in f.message


def test_reason_repeating_the_phrase_is_found(tmp_path):
    folder = county(
        tmp_path,
        (
            "情况说明.yaml",
            '"2110199": {上年: 100.00, 原因: "新增农村环境整治项目"}',
            '"2110199": {上年: 100.00, 原因: "主要原因是新增农村环境整治项目"}',
        ),
    )
    [f] = [x for x in only(findings(folder), "文字-重复") if x.location.yaml_path().endswith("2110199.原因")]
    assert "主要原因是" in f.message


def test_unchanged_items_print_flat_wording(tmp_path):
    p = prepare(county(tmp_path))
    html = render_html(p.report, p.figures, p.region)
    assert "增加0.00万元" not in html and "增长0.00%" not in html
    # 表3 基本支出 300.00 = 上年 300.00; 三公 公务用车运行费 5.00 = 上年 5.00; 机关运行经费 100.00 = 上年 100.00
    assert "基本支出300.00万元，占73.53%，与上年预算持平。" in html  # 300/408 = 73.529… → 73.53
    assert "公务用车运行费与上年持平" in html
    assert "机关运行经费财政拨款预算100.00万元，与上年预算持平。" in html
    assert "比上年预算增加8.00万元，增长2.00%" in html  # 408 − 400 = 8; 8/400 = 2.00%


def test_the_seeds_keep_their_published_zero_change_wording():
    p = prepare(ROOT / "inputs/changji-2025-budget")
    html = render_html(p.report, p.figures, p.region)
    # seed 003 十: "公务用车运行费增加0.00万元，增长0.00%" (audit §4: never 持平 in the numeric clause)
    assert "公务用车运行费增加0.00万元，增长0.00%" in html


# ---------- print against print ----------


def test_xinjiang_table7_total_prints_the_published_figure():
    p = prepare(ROOT / "inputs/xinjiang-2024-budget")
    t = p.figures.t7.total
    # seed 004 表7 总计: 26,633.10 = 21,986.06 + 1,460.00 + 3,187.04
    assert t.v("资本性支出") == Decimal("3187.04")
    assert t.v("合计") == Decimal("26633.10")
    assert t.v("商品和服务支出") + t.v("资本性支出_基本建设") + t.v("资本性支出") == t.v("合计")
    [f] = [f for f in p.findings if f.table == "表7" and f.rule == "合计-舍入" and "总计" in f.message]
    assert f.expected == Decimal("3187.05") and f.actual == Decimal("3187.04")  # Σ rounded project rows


def test_table7_total_row_that_does_not_add_up_is_an_error(tmp_path):
    """Without the stated total, 表7 总计 prints 3,187.05 and its columns add to 26,633.11 under 26,633.10."""
    dst = tmp_path / "x"
    shutil.copytree(ROOT / "inputs/xinjiang-2024-budget", dst)
    f = dst / "公开表-项目.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("一般公共预算项目支出总计: {资本性支出: 3187.04}\n", ""), encoding="utf-8")
    fs = findings(dst)
    [e] = [x for x in only(fs, "印出合计") if "“总计”行" in x.message and not x.waived]
    assert e.severity == "错误" and e.table == "表7"
    assert e.actual == Decimal("26633.10") and e.expected == Decimal("26633.11")
    assert e.location.yaml_path().startswith("一般公共预算项目支出")


def test_published_row_inconsistencies_stay_acknowledged():
    fs = findings(ROOT / "inputs/xinjiang-2024-budget")
    rows = only(fs, "印出合计")
    assert len(rows) == 3 and all(f.waived for f in rows)  # 评估中心 unit, 211, 21102: 723.00/723.00/143.00
    assert {f.actual for f in rows} == {Decimal("723.00"), Decimal("143.00")}


def test_tolerance_counts_only_nonblank_addends(tmp_path):
    """表6 302: 95.00 + 5.00 and three blank 款; a stated 302 of 100.03 is 0.03 off with two non-blank addends
    (tolerance 0.02): an error. Counting the blank rows (tolerance 0.05) would have let it pass as rounding."""
    rows = (
        '    - {科目: "30201", 公用经费: 95.00}\n    - {科目: "30231", 公用经费: 5.00}',
        '    - {科目: "302", 公用经费: 100.03}\n    - {科目: "30201", 公用经费: 95.00}\n'
        '    - {科目: "30202", 公用经费: 0}\n    - {科目: "30205", 公用经费: 0}\n'
        '    - {科目: "30206", 公用经费: 0}\n    - {科目: "30231", 公用经费: 5.00}',
    )
    fs = findings(county(tmp_path, ("公开表.yaml", *rows)))
    [f] = [x for x in fs if x.rule == "合计-不符" and x.table == "表6" and "“公用经费”" in x.message]
    assert f.tolerance == Decimal("0.02") and f.actual - f.expected == Decimal("0.03")


def test_tolerance_within_nonblank_addends_is_a_warning(tmp_path):
    rows = (
        '    - {科目: "30201", 公用经费: 95.00}\n    - {科目: "30231", 公用经费: 5.00}',
        '    - {科目: "302", 公用经费: 100.02}\n    - {科目: "30201", 公用经费: 95.00}\n'
        '    - {科目: "30202", 公用经费: 0}\n    - {科目: "30231", 公用经费: 5.00}',
    )
    fs = findings(county(tmp_path, ("公开表.yaml", *rows)))
    [f] = [x for x in fs if x.rule == "合计-舍入" and x.table == "表6" and "“公用经费”" in x.message]
    assert f.tolerance == Decimal("0.02")


def test_shares_of_one_list_are_printed_as_computed():
    """Seed 003 五(二): 1.15 + 3.59 + 1.23 + 92.19 + 1.85 = 100.01 (audit #495): printed, a rounding warning."""
    fs = findings(ROOT / "inputs/changji-2025-budget")
    [f] = only(fs, "占比-舍入")
    assert f.actual == Decimal("100.01") and f.severity == "警告"
    assert not only(fs, "占比")


def test_shares_beyond_rounding_are_an_error(tmp_path):
    """决算 五(二): a stated 合计 of 5,000.00 under 类 amounts adding to 5,869.16 gives shares adding to 117.38%."""
    dst = tmp_path / "x"
    shutil.copytree(ROOT / "inputs/changji-2024-final", dst)
    f = dst / "情况说明.yaml"
    text = f.read_text(encoding="utf-8")
    assert "  合计: 5869.17" in text
    f.write_text(text.replace("  合计: 5869.17", "  合计: 5000.00", 1), encoding="utf-8")
    [e] = only(findings(dst), "决算-占比")
    assert e.severity == "错误" and e.actual > Decimal("117")


# ---------- sentences against figures ----------


def test_flat_change_with_a_reason_for_a_decrease(tmp_path):
    folder = county(
        tmp_path,
        (
            "公开表.yaml",
            '公务用车运行费: {一般公共预算: 5.00, 上年: 5.00, 原因: ""}',
            "公务用车运行费: {一般公共预算: 5.00, 上年: 5.00, 原因: 压减公务用车运行费}",
        ),
    )
    [f] = only(findings(folder), "原因-方向")
    assert f.severity == "警告" and "持平" in f.message
    assert f.location.yaml_path() == "三公经费.公务用车运行费.原因"


def test_published_reasons_of_the_opposite_direction_are_acknowledged():
    fs = only(findings(ROOT / "inputs/xinjiang-2024-budget"), "原因-方向")
    # seed 004 五(三) 15: 减少373.42 with a reason for an increase; 26: 增加224.00 with a reason for a decrease
    assert {f.location.yaml_path() for f in fs} == {
        "一般公共预算拨款说明.项.2110299.原因",
        "一般公共预算拨款说明.项.2111103.原因",
    }
    assert all(f.waived for f in fs)


def test_reason_naming_the_other_kind_of_spending(tmp_path):
    folder = county(
        tmp_path,
        (
            "情况说明.yaml",
            '"2110199": {上年: 100.00, 原因: "新增农村环境整治项目"}',
            '"2110199": {上年: 100.00, 原因: "基本支出增加"}',
        ),
    )
    [f] = only(findings(folder), "原因-支出性质")
    assert "项目支出" in f.message and "108.00" in f.message


def test_amounts_inside_typed_texts(tmp_path):
    folder = county(
        tmp_path,
        (
            "情况说明.yaml",
            "其他需说明事项: []",
            "其他需说明事项:\n  - 本年项目资金共计2281.18万元。\n  - 收入408万元。",
        ),
    )
    fs = only(findings(folder), "文字-金额")
    [unknown] = [f for f in fs if "2281.18" in f.message]
    assert unknown.location.yaml_path() == "其他需说明事项[0]"
    [fmt] = only(findings(folder), "文字-金额-格式")
    assert "408万元" in fmt.message and "408.00" in fmt.message and fmt.location.yaml_path() == "其他需说明事项[1]"


# ---------- one fact, one source ----------


def test_vehicle_money_without_vehicles(tmp_path):
    [f] = only(findings(county(tmp_path)), "车辆")
    assert "5.00" in f.message and f.location.yaml_path() == "国有资产"


def test_fund_table_against_table2(tmp_path):
    folder = county(
        tmp_path,
        (
            "公开表.yaml",
            '    - {科目: "2110199", 一般公共预算: 108.00}',
            '    - {科目: "2110199", 一般公共预算: 108.00, 政府性基金预算: 10.00}',
        ),
    )
    fs = only(findings(folder), "表间-表2表8")
    assert fs and all(f.severity == "错误" for f in fs)


def test_procurement_parts_within_total(tmp_path):
    folder = county(
        tmp_path,
        (
            "情况说明.yaml",
            "政府采购: {货物: 0, 工程: 0, 服务: 0, 中小企业: 0, 小微企业: 0}",
            "政府采购: {货物: 10, 工程: 0, 服务: 0, 中小企业: 12, 小微企业: 3}",
        ),
    )
    [f] = only(findings(folder), "采购")
    assert f.location.yaml_path() == "政府采购.中小企业"


def test_performance_count_zero_with_an_amount_is_acknowledged_in_xinjiang():
    [f] = only(findings(ROOT / "inputs/xinjiang-2024-budget"), "绩效-个数")
    assert f.waived and "5128.53" in f.message  # Σ 其他资金 of the 47 tables (audit §2.3)


def test_dept_target_amount_against_table1(tmp_path):
    dst = tmp_path / "x"
    shutil.copytree(ROOT / "inputs/changji-2025-budget", dst)
    f = dst / "绩效.yaml"
    text = f.read_text(encoding="utf-8")
    m = re.search(r"本级安排: ([\d.]+)", text)
    assert m
    f.write_text(text.replace(m.group(0), "本级安排: 3000.00", 1), encoding="utf-8")
    [w] = only(findings(dst), "绩效-整体金额")
    assert w.severity == "警告"


def test_final_basic_items_against_table6(tmp_path):
    """六 names 伙食补助费 (no 款 of 表6) and leaves out 津贴补贴 (表6 30102: 80.00)."""
    dst = tmp_path / "x"
    shutil.copytree(ROOT / "examples/final-tables/input", dst)
    f = dst / "情况说明.yaml"
    text = f.read_text(encoding="utf-8")
    old = "人员经费科目: [基本工资, 津贴补贴, 奖金,"
    assert old in text
    f.write_text(text.replace(old, "人员经费科目: [基本工资, 伙食补助费, 奖金,", 1), encoding="utf-8")
    fs = only(findings(dst), "决算-六科目")
    assert len(fs) == 2 and all(x.severity == "错误" for x in fs)
    named, left_out = sorted(fs, key=lambda x: "伙食补助费" not in x.message)
    assert "伙食补助费" in named.message and named.location.yaml_path() == "基本支出.人员经费科目[1]"
    assert "津贴补贴" in left_out.message and "80.00" in left_out.message


def test_seeds_check_clean():
    for name in ("changji-2025-budget", "xinjiang-2024-budget", "changji-2024-final", "jincheng-2024-final"):
        errors = [f for f in findings(ROOT / "inputs" / name) if f.severity == "错误" and not f.waived]
        assert not errors, (name, [e.message for e in errors])


def test_every_rule_is_documented():
    doc = (ROOT / "docs/checks.md").read_text(encoding="utf-8")
    missing = [r for r in RULES if f"`{r}`" not in doc]
    assert not missing


@pytest.mark.parametrize("rule_id", ["印出合计", "占比", "七-说明", "绩效-表7", "文字-重复", "原因-方向", "文字-金额"])
def test_new_rules_are_listed(rule_id):
    res = CliRunner().invoke(main, ["rules"])
    assert rule_id in res.output


def _final_copy(tmp_path, old, new, example="inputs/changji-2024-final", file="情况说明.yaml"):
    dst = tmp_path / "x"
    shutil.copytree(ROOT / example, dst)
    f = dst / file
    text = f.read_text(encoding="utf-8")
    assert old in text, old
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dst


def test_final_reason_repeating_its_frame(tmp_path):
    """决算 五(三) prints "…主要原因是：{原因}。": a reason typed as "主要原因是…" would print the words twice."""
    dst = _final_copy(tmp_path, "原因: 本年减少购置应急物资项目支出}", "原因: 主要原因是本年减少购置应急物资项目支出}")
    [f] = only(findings(dst), "决算-文字-重复")
    assert f.location.yaml_path() == "一般公共预算支出.项[1].原因" and "主要原因是" in f.message


def test_final_reason_of_the_opposite_direction(tmp_path):
    """2019999: 71.19 against 101.18 last year is a decrease of 29.99; a reason that speaks only of an increase."""
    dst = _final_copy(tmp_path, "原因: 本年减少购置应急物资项目支出}", "原因: 本年增加购置应急物资项目支出}")
    [f] = only(findings(dst), "决算-原因-方向")
    assert "减少29.99万元" in f.message and f.location.yaml_path() == "一般公共预算支出.项[1].原因"


def test_placeholder_left_in_a_text(tmp_path):
    folder = county(tmp_path, ("情况说明.yaml", "其他需说明事项: []", "其他需说明事项:\n  - 本部门XX年度无其他事项……"))
    [f] = only(findings(folder), "文字-占位")
    assert f.location.yaml_path() == "其他需说明事项[0]" and "XX" in f.message and "……" in f.message


def test_default_unit_name_is_a_placeholder(tmp_path):
    res = CliRunner().invoke(main, ["init", "-o", str(tmp_path / "blank"), "--year", "2026"])
    assert res.exit_code == 0
    [f] = only(findings(tmp_path / "blank"), "文字-占位")
    assert f.location.yaml_path() == "报告.单位名称"


def _t7_total_cell(book: Path):
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb["表7"]
    [cell] = [c for row in ws.iter_rows() for c in row if c.value is not None and str(c.value) == "3187.04"]
    return wb, ws, cell


def test_import_states_the_published_table7_total(tmp_path):
    """The workbook's 表7 总计 (3,187.04, the rows add to 3,187.05) becomes the stated total again on import."""
    from generator.excel.commands import export_xlsx
    from generator.excel.importer import import_xlsx

    src = ROOT / "inputs/xinjiang-2024-budget"
    book = export_xlsx(src, tmp_path / "x.xlsx")
    base = tmp_path / "base"
    shutil.copytree(src, base)
    f = base / "公开表-项目.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("一般公共预算项目支出总计: {资本性支出: 3187.04}\n", ""), "utf-8"
    )
    import_xlsx(book, base, tmp_path / "back")
    assert prepare(tmp_path / "back").figures.t7.total.v("资本性支出") == Decimal("3187.04")


def test_import_table7_total_typing_mistake_is_located(tmp_path):
    from generator.errors import InputError
    from generator.excel.commands import export_xlsx
    from generator.excel.importer import import_xlsx

    src = ROOT / "inputs/xinjiang-2024-budget"
    book = export_xlsx(src, tmp_path / "x.xlsx")
    wb, ws, cell = _t7_total_cell(book)
    cell.value = 3197.04  # 10.00 more than the project rows: no rounding
    wb.save(book)
    with pytest.raises(InputError) as exc:
        import_xlsx(book, src, tmp_path / "back")
    assert f"表7!{cell.coordinate}" in str(exc.value) and "3,197.04" in str(exc.value)
