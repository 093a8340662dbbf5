"""Wording, order and selection as settings (issue 11): phrases, overrides, the worked example, code names."""

import re
import shutil
import subprocess
import sys

import pytest

from conftest import INPUTS, ROOT

EXAMPLE = ROOT / "examples" / "unit-budget"


def _text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r"</(p|h1|h2|h3|td|th|tr)>", "\n", html)
    return re.sub(r"<[^>]+>", "", html)


def _render(src, overlay=None, catalog=None):
    from generator import pipeline
    from generator.render import render_html

    p = pipeline.prepare(src, overlay, catalog)
    return p, render_html(p.report, p.figures, p.region)


@pytest.fixture(scope="module")
def example():
    p, html = _render(EXAMPLE / "input", EXAMPLE / "settings")
    return p, _text(html)


def test_example_overlay_holds_settings_only():
    files = [f for f in (EXAMPLE / "settings").rglob("*") if f.is_file()]
    assert files and all(f.suffix == ".yml" for f in files)


# expected sentences written by hand from examples/unit-budget/README.md (not copied from a rendering)
EXPECTED = [
    "第一部分 示例州生态环境监测站概况",
    "第三部分 2025年示例州生态环境监测站情况说明",
    "一、关于示例州生态环境监测站2025年收支预算情况的总体说明",
    "十一、其他重要事项情况说明",
    "五、一般公共预算支出表",
    "示例州生态环境监测站编制数22名，实有人数51人，其中：在职22人，增加2人；退休29人，增加2人；离休0人，增加0人。",
    "一般公共预算736.38万元，占15.74%，比上年预算增加78.20万元，增长11.88%。主要原因是：2025年一般公共预算中项目资金安排较上年增加。",
    "基本支出421.68万元，占9.01%，比上年预算减少6.50万元，下降1.52%，主要原因是因本年预算调出3人，调入2人，故本年预算较上年减少。",
    "收入预算包括：一般公共预算拨款1,744.68万元。政府性基金预算拨款未安排。",
    "制作宣传品。社会保障和就业支出62.60万元",
    "1、节能环保支出（类）1,608.36万元，占92.19%。",
    "5、一般公共服务支出（类）20.00万元，占1.15%。",
    "1、宣传管理（2013304）20.00万元，比上年预算减少30.00万元，下降60.00%，主要原因是本着过紧日子的要求，缩减了宣传经费。",
    "1、项目名称：机关运行补助经费",
    "示例州生态环境监测站2025年财政拨款“三公”经费预算数为6.39万元，",
    "2025年财政拨款“三公”经费与上年预算持平，其中：",
    "（一）机关运行经费情况",
    "公务用车运行维护费6.00万元，公务接待费0.39万元。",
    "2025年本级及下属0家行政单位和1家事业单位的机关运行经费财政拨款预算49.86万元，比上年预算增加2.61万元，增长5.52%，",
    "本单位面向中小企业预留政府采购项目预算金额1,592.30万元，其中：面向小微企业预留政府采购项目预算金额1,592.30万元。",
    "2025年，本单位当年预算安排绩效目标的项目共7个，其中：财政拨款项目涉及预算金额1,358.90万元；"
    "非财政拨款项目涉及预算金额0.00万元。具体情况见下表：",
    "单位整体绩效目标表",
    "单位价值50万元以上大型设备0台，单位价值100万元以上大型设备5台。",
    "注：表4不含上年结转结余资金。",
    "本单位无其他需要说明的事项。",
    "一、财政拨款：指由一般公共预算、政府性基金预算、国有资本经营预算安排的财政拨款数。",
    "五、机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。",
]
ABSENT = [
    "整体预算绩效目标",  # sentence omitted by the prefecture's phrase
    "（2019999）",  # 五零项: 省略
    "表11",  # a 单位 has no 上年结转结余情况明细表
    'class="cover"',
    "财政拨款“三公”经费预算比上年",
]


@pytest.mark.parametrize("sentence", EXPECTED)
def test_example_sentence(example, sentence):
    assert sentence in example[1]


@pytest.mark.parametrize("text", ABSENT)
def test_example_leaves_out(example, text):
    assert text not in example[1]


def test_example_five_two_by_amount(example):
    text = example[1]
    order = [
        text.index(f"{name}（类）") for name in ("节能环保支出", "社会保障和就业支出", "住房保障支出", "卫生健康支出")
    ]
    assert order == sorted(order)


def test_example_checks_pass(example):
    assert not [f for f in example[0].findings if f.severity == "错误" and not f.waived]


def _copy_input(tmp_path, name="changji-2025-budget"):
    dst = tmp_path / name
    shutil.copytree(INPUTS / name, dst)
    return dst


# the first entry of the seed's own 报告.版式.措辞 (its published zero-change wording): tests add phrases before it
PHRASES = "      通用:\n"


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_report_overrides_one_phrase_and_empty_phrase_omits_sentence(tmp_path):
    src = _copy_input(tmp_path)
    _edit(
        src / "报告.yaml",
        PHRASES,
        "      s4.类分隔: 。\n      s4.仅一般公共预算: ''\n" + PHRASES,
    )
    _, html = _render(src)
    text = _text(html)
    assert "宣传品。社会保障和就业支出" in text
    assert "收入全部为一般公共预算拨款" not in html and "<p></p>" not in html


def test_unknown_phrase_name_is_located(tmp_path):
    from generator.errors import InputError

    src = _copy_input(tmp_path)
    _edit(src / "报告.yaml", PHRASES, "      s4.没有这句: x\n" + PHRASES)
    with pytest.raises(InputError) as exc:
        _render(src)
    assert "报告.yaml:12" in str(exc.value) and "s4.没有这句" in str(exc.value)


def test_phrase_with_unknown_placeholder_names_the_phrase(tmp_path):
    from generator.errors import RenderError

    src = _copy_input(tmp_path)
    _edit(src / "报告.yaml", PHRASES, "      s4.总述: '{没有}'\n" + PHRASES)
    with pytest.raises(RenderError) as exc:
        _render(src)
    assert "s4.总述" in str(exc.value) and "没有" in str(exc.value)


def test_phrases_are_sandboxed(tmp_path):
    from generator.errors import DiscloseError

    src = _copy_input(tmp_path)
    _edit(
        src / "报告.yaml",
        PHRASES,
        '      s4.总述: "{{ 设置.__class__.__mro__ }}"\n' + PHRASES,
    )
    with pytest.raises(DiscloseError, match="报告.yaml:12.*不能访问"):  # refused when the input is checked
        _render(src)


def test_glossary_from_report_layout(tmp_path):
    src = _copy_input(tmp_path)
    _edit(src / "报告.yaml", "    收入预算前缀: 部门\n", "    收入预算前缀: 部门\n    名词解释:\n      - 甲: 乙。\n")
    text = _text(_render(src)[1])
    assert "一、甲:乙。" in text and "二、" not in text.split("第四部分 名词解释")[-1]


def test_phrases_command_lists_every_phrase():
    import yaml

    from generator.phrases import KINDS, flatten

    out = subprocess.run(
        [sys.executable, "-m", "generator", "templates", "phrases", "--region", "shanxi"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    for kind in KINDS.values():
        with open(ROOT / "templates/base/phrases" / f"{kind}.yml", encoding="utf-8") as fh:
            for name in flatten(yaml.load(fh, Loader=yaml.BaseLoader)):
                assert f"\n{name}: " in out
    assert "s12.运行经费: " in out and "行政单位数" in out.split("s12.运行经费: ")[1].splitlines()[0]
    # Shanxi's own text is shown
    assert "s7.空表: 本年度无此项收支。" in out


def test_settings_order_of_items(tmp_path):
    src = _copy_input(tmp_path)
    _edit(
        src / "报告.yaml", "    收入预算前缀: 部门\n", "    收入预算前缀: 部门\n    五项排序: 金额\n    五零项: 省略\n"
    )
    text = _text(_render(src)[1]).split("（三）一般公共预算当年拨款具体使用情况")[1]
    # 2110301 大气 1,072.00 is the largest item (hand: the 表5 项 rows)
    assert text.lstrip().startswith("1、节能环保支出（类）污染防治（款）大气（项）：2025年预算数为1,072.00万元")
    assert "其他一般公共服务支出（项）" not in text  # 0.00 this year


def test_unknown_code_prints_typed_name_and_warns(tmp_path):
    src = _copy_input(tmp_path)
    _edit(
        src / "情况说明.yaml", "  项:\n", '  项:\n    "2059801": {上年: 5.00, 名称: 示例教育支出, 原因: 本年未安排}\n'
    )
    p, html = _render(src)
    text = _text(html)
    assert "教育支出（类）示例教育支出（项）：2025年预算数为0.00万元，比上年预算减少5.00万元" in text
    warn = [f for f in p.findings if f.rule == "科目-说明"]
    assert warn and "20598" in warn[0].message and "情况说明.yaml" in str(warn[0].location)
    # the names supplied in YAML: by --catalog FILE, then in the input (which wins)
    cat = tmp_path / "names.yml"
    cat.write_text('功能分类:\n  "20598": 示例教育款\n  "2059801": 示例教育支出\n', encoding="utf-8")
    p, html = _render(src, catalog=cat)
    assert "教育支出（类）示例教育款（款）示例教育支出（项）" in _text(html)
    assert not [f for f in p.findings if f.rule == "科目-说明"]
    with open(src / "报告.yaml", "a", encoding="utf-8") as fh:
        fh.write('科目名称:\n  功能分类:\n    "20598": 本报告的款名\n')
    assert "教育支出（类）本报告的款名（款）示例教育支出（项）" in _text(_render(src, catalog=cat)[1])


def test_performance_figures_come_from_the_target_tables():
    # seeds: 003 prints 1,323.00 (Σ 财政拨款 of its 6 tables); 004 prints 26,633.10 = 21,632.00 (47 tables) + 5,001.10
    # (4 unpublished). The worked example adds a carried-over project: 1,323.00 + 35.90.
    from decimal import Decimal

    from generator import pipeline

    assert pipeline.prepare(INPUTS / "changji-2025-budget").figures.perf.fiscal_amount == Decimal("1323.00")
    assert pipeline.prepare(INPUTS / "xinjiang-2024-budget").figures.perf.fiscal_amount == Decimal("26633.10")
    assert pipeline.prepare(EXAMPLE / "input", EXAMPLE / "settings").figures.perf.fiscal_amount == Decimal("1358.90")


def test_unquoted_comma_in_flow_mapping_points_at_the_comma(tmp_path):
    from generator.errors import InputError

    src = _copy_input(tmp_path)
    _edit(src / "绩效.yaml", "三级: 出具排放改造帮扶指导意见表,", "三级: 出具排放改造, 帮扶指导意见表,")
    with pytest.raises(InputError) as exc:
        _render(src)
    msg = str(exc.value)
    assert "绩效.yaml:10" in msg and "英文逗号" in msg and '三级: "出具排放改造, 帮扶指导意见表"' in msg
    assert "不认识的键" not in msg


def _table(html: str, tid: str) -> str:
    start = html.index(f'id="{tid}"')
    return html[start : html.index("</table>", start)]


@pytest.fixture(scope="module")
def example_html():
    return _render(EXAMPLE / "input", EXAMPLE / "settings")[1]


def test_example_table_variants(example_html):
    html = example_html
    t6 = _table(html, "t6")
    rows = [c.split()[0] for c in re.findall(r"<tr class=\"([\w ]+)\">", t6)]  # "total keep": kept together
    assert rows[-1] == "total" and "合计</td>" in re.split(r'<tr class="total[\w ]*">', t6)[1]
    assert ">总计</td>" in _table(html, "t5").split("<tbody>")[1].split("</tr>")[0]  # 表5 keeps 总计 first
    assert 'class="colno"' not in html
    assert 'class="unit"' not in _table(html, "t7")
    t8 = _table(html, "t8")
    assert '<th rowspan="2">基本支出</th>' in t8 and "人员经费" not in t8
    assert '<th rowspan="2">三公支出内容</th>' in _table(html, "t10")
    assert '<p class="note">备注：表6不含上年结转结余资金。</p>' in html


def test_note_inside_the_table(tmp_path):
    src = _copy_input(tmp_path)
    _edit(
        src / "报告.yaml",
        "    收入预算前缀: 部门\n",
        "    收入预算前缀: 部门\n    表注: 本表单位为万元\n    表注位置: 表内\n",
    )
    html = _render(src)[1]
    t5 = _table(html, "t5")
    assert re.search(
        r'<tr class="note-row[\w ]*"><td colspan="7" class="statement">本表单位为万元</td></tr>\s*</tbody>', t5
    )
    assert "&lt;/tbody&gt;" not in html  # the row is inserted as markup, not as escaped text
    assert '<p class="note">' not in html


def test_glossary_given_twice_is_refused(tmp_path):
    from generator.errors import InputError

    src = _copy_input(tmp_path)
    _edit(src / "报告.yaml", "    收入预算前缀: 部门\n", "    收入预算前缀: 部门\n    名词解释:\n      - 甲: 乙。\n")
    with open(src / "报告.yaml", "a", encoding="utf-8") as fh:
        fh.write("名词解释:\n  - 丙: 丁。\n")
    with pytest.raises(InputError) as exc:
        _render(src)
    assert "两处" in str(exc.value)


def test_phrases_command_shows_an_overlay():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "templates",
            "phrases",
            "--kind",
            "预算",
            "--templates",
            str(EXAMPLE / "settings"),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert "s7.项目标题: {数字}、项目名称：{名称}" in out and "决算" not in out.split("\n", 2)[1]
