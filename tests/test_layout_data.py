"""Structure as data (issue 23): what a region says by settings, phrases and table descriptions — amount style,
placeholders, bad placeholders located, table forms (code columns, row lists, empty forms, renames, notes, order),
section layouts. Expected texts are written by hand from the settings they exercise."""

import re
import shutil

import pytest

from conftest import INPUTS, ROOT

FINAL = ROOT / "examples" / "final-tables" / "input"


def _text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r"</(p|h1|h2|h3|td|th|tr)>", "\n", html)
    return re.sub(r"<[^>]+>", "", html)


def _render(src, overlay=None):
    from generator import pipeline
    from generator.render import render_html

    p = pipeline.prepare(src, overlay)
    return p, render_html(p.report, p.figures, p.region)


def _copy(tmp_path, src=FINAL):
    dst = tmp_path / "input"
    shutil.copytree(src, dst)
    return dst


def _layout(src, text: str, file="报告.yaml"):
    """Append *text* (indented YAML under 报告.版式) to the input's 报告."""
    path = src / file
    body = path.read_text(encoding="utf-8")
    assert "版式:" not in body
    body = body.replace("报告:\n", "报告:\n  版式:\n" + "".join(f"    {line}\n" for line in text.splitlines()), 1)
    path.write_text(body, encoding="utf-8")


# ---------- phrases: placeholders and the amount style ----------


@pytest.mark.parametrize("bad", ["{金额|replace(',', '')}", "{年 - 1}", "{金额|money}", "{ 金额 }"])
def test_a_placeholder_that_is_not_a_name_is_a_located_error(tmp_path, bad):
    from generator.errors import InputError

    src = _copy(tmp_path)
    _layout(src, f'措辞:\n  s2.开头: "本年收入{bad}万元，其中："')
    with pytest.raises(InputError) as exc:
        _render(src)
    msg = str(exc.value)
    assert "s2.开头" in msg and "报告.yaml:" in msg and "不是占位符" in msg


def test_a_bad_placeholder_in_a_phrases_file_names_its_line(tmp_path):
    from generator.errors import InputError

    overlay = tmp_path / "overlay"
    (overlay / "phrases").mkdir(parents=True)
    (overlay / "phrases" / "决算.yml").write_text("s2:\n  # 开头\n  开头: '本年收入{年 - 1}'\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        _render(FINAL, overlay)
    assert "决算.yml:3" in str(exc.value) and "s2.开头" in str(exc.value)


def test_previous_year_and_amount_style(tmp_path):
    src = _copy(tmp_path)
    # 本年收入合计 1,050.00; 上缴上级支出 0.00 (final-tables, 情况说明.yaml)
    _layout(
        src,
        "金额格式: {千分位: 否, 零: '0'}\n"
        "措辞:\n"
        '  s2.开头: "{上年}年后，本年收入{金额}万元，其中："\n'
        '  s3.项: "{项目}{金额}万元{% if 金额 > 100 %}（过百）{% endif %}"',
    )
    _, html = _render(src)
    text = _text(html)
    assert "2023年后，本年收入1050.00万元，其中：" in text
    assert "基本支出400.00万元（过百）" in text
    assert "上缴上级支出0万元" in text and "上缴上级支出0万元（过百）" not in text


def _overlay(tmp_path, files: dict[str, str]):
    folder = tmp_path / "overlay"
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def _block(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</div>", start)]


# ---------- the Shanghai layout: the template's sentences, filled by hand (examples/shanghai-final) ----------

SHANGHAI = ROOT / "examples" / "shanghai-final" / "input"
TEMPLATE_SENTENCES = [
    # 概况 二 and its table
    "从预算单位构成看，上海市示例局部门决算包括：上海市示例局本级决算、下属行政事业单位决算。",
    "纳入上海市示例局2024年度部门决算编制范围的单位包括：",
    # 一 … 四: no thousands separator in sentences
    "上海市示例局2024年度收入支出总计2000.00万元。与2023年度相比，收入支出总计增加400.00万元，增长25.00%。主要原因：年中追加专项工作经费，项目支出增加。",
    "本年收入合计2000.00万元，其中：财政拨款收入1800.00万元，占90.00%；事业收入200.00万元，占10.00%。",
    "本年支出合计2000.00万元，其中：基本支出1200.00万元，占60.00%；项目支出800.00万元，占40.00%。",
    "上海市示例局2024年度财政拨款收入支出总计1800.00万元。与2023年度相比，财政拨款收入支出总计增加300.00万元，增长20.00%。",
    # 五
    "一般公共预算财政拨款支出1700.00万元，占本年支出合计的85.00%。与2023年度相比，一般公共预算财政拨款支出增加100.00万元，增长6.25%。",
    "一般公共预算财政拨款支出1700.00万元，主要用于以下方面：一般公共服务支出（类）1500.00万元，占88.24%；社会保障和就业支出（类）200.00万元，占11.76%。",
    "一般公共预算财政拨款支出年初预算为1600.00万元，支出决算为1700.00万元，完成年初预算的106.25%。决算数大于预算数的主要原因：年中追加专项工作经费。其中：",
    "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：机关人员工资和日常运转。年初预算为1000.00万元，支出决算为1000.00万元。决算数与预算数持平。",
    "2、一般公共服务支出（类）社会工作事务（款）其他社会工作事务支出（项）。主要用于：社区工作者培训和社会工作项目。年初预算为400.00万元，支出决算为500.00万元。决算数大于预算数的主要原因：年中追加专项工作经费。",
    # 七: the budget paragraph, the year-on-year paragraph listing the items again, then the details
    "“三公”经费财政拨款支出年初预算为35.00万元，支出决算为30.00万元，完成预算的85.71%，其中：因公出国（境）费决算为8.00万元，完成预算的80.00%；公务用车购置及运行维护费支出决算为18.00万元，完成预算的90.00%；公务接待费支出决算为4.00万元，完成预算的80.00%。2024年度“三公”经费支出决算数小于预算数的主要原因：厉行节约，压减一般性支出。",
    "2024年度“三公”经费财政拨款支出决算数比2023年度减少1.00万元，下降3.23%，其中：因公出国（境）费支出决算增加2.00万元，增长33.33%；公务用车购置及运行维护费支出决算减少2.00万元，下降10.00%；公务接待费支出决算减少1.00万元，下降20.00%。因公出国（境）费支出增加的主要原因是出访团组增加。公务用车购置及运行维护费支出减少的主要原因是压减公务用车使用频次。公务接待费支出减少的主要原因是严格控制接待标准。",
    "“三公”经费财政拨款支出决算中，因公出国（境）费支出决算8.00万元，占26.67%；公务用车购置及运行维护费支出决算18.00万元，占60.00%；公务接待费支出决算4.00万元，占13.33%。具体情况如下：",
    "1、因公出国（境）费支出8.00万元。全年安排因公出国（境）团组2个、累计6人次。开支内容包括：赴新加坡考察城市管理。",
    "2024年，上海市示例局所属各预算单位开支财政拨款的公务用车保有量为3辆。",
    # 八 with its 项, 九 without
    "政府性基金预算财政拨款收入100.00万元，支出100.00万元，支出具体情况如下：",
    "1、城乡社区支出（类）国有土地使用权出让收入安排的支出（款）其他国有土地使用权出让收入安排的支出（项）。主要用于：城市更新配套项目。年初预算为80.00万元，支出决算为100.00万元。决算数大于预算数的主要原因：年中追加城市更新配套资金。",
    "上海市示例局2024年度无国有资本经营预算财政拨款收入和支出。",
    # 十
    "编报绩效目标的2024年度项目5个，涉及预算金额800.00万元；绩效跟踪评价的2024年度项目3个，涉及预算金额600.00万元；绩效自评的2024年度项目5个，涉及预算金额800.00万元，平均得分91.20分（其中，绩效评级为“优”的项目3个；绩效评级为“良”的项目2个；绩效评级为“合格”的项目0个；绩效评级为“不合格”的项目0个。绩效自评中共发现问题4个，已经完成整改的3个，正在整改的1个）。",
    # 十一: 政府采购's five set-aside figures, a zero amount as 0, the 车辆 kinds as the template names them
    "货物采购金额100.00万元、工程采购金额0万元、服务采购金额50.00万元。",
    "2024年度本部门面向中小企业预留政府采购项目预算金额120.00万元，面向小微企业预留政府采购项目预算金额80.00万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额110.00万元；在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额70.00万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额20.00万元。",
    "机关运行经费支出200.00万元，比2023年度增加20.00万元，增长11.11%。主要原因是办公用房物业费调整。",
    "共有车辆3辆，其中：部级领导干部用车0辆、主要领导干部用车1辆、机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆、特种专业技术用车0辆、离退休干部用车0辆、其他用车2辆。单价100万元（含）以上设备（不含车辆）1台（套）。",
    # 目录: the tables listed, 十一 worded as the 目录 words it
    "七、财政拨款“三公”经费支出决算表",
    "十一、其他重要事项说明",
]


@pytest.fixture(scope="module")
def shanghai():
    p, html = _render(SHANGHAI)
    return p, html, re.sub(r"\s+", "", _text(html))


@pytest.mark.parametrize("sentence", TEMPLATE_SENTENCES)
def test_shanghai_template_sentence(shanghai, sentence):
    assert sentence in shanghai[2]


def test_shanghai_checks_pass(shanghai):
    assert not [f for f in shanghai[0].findings if not f.waived], shanghai[0].findings


def test_shanghai_tables_order_columns_and_rows(shanghai):
    html = shanghai[1]
    order = re.findall(r'<div class="table-block[^"]*" id="(ft\d)"', html)
    assert order == ["ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft9", "ft7", "ft8"]  # 三公 is the 7th
    assert "表1" not in _text(_block(html, "ft1")) and "编制部门" not in html  # no number, no 编制 line
    # 表2: the codes in one column under 项目
    assert '<th colspan="2">项目</th>' in _block(html, "ft2") and "<th>功能分类科目编码</th>" in _block(html, "ft2")
    # 三公: 预算数 and 决算数 under each of the six items
    assert _block(html, "ft9").count("<th>预算数</th>") == 6 and _block(html, "ft9").count("<th>决算数</th>") == 6
    # 表1/表4: the 26 类 of the 2024 list (二十六、抗疫特别国债安排的支出), 表6: the form's 款 at 0.00
    assert "二十六、抗疫特别国债安排的支出" in _block(html, "ft1") and "二十七、" not in _block(html, "ft1")
    assert "二十四、债务还本支出" in _block(html, "ft4")
    assert "30399" in _block(html, "ft6") and ">0.00<" in _block(html, "ft6")
    # 表9 (国有资本经营) is empty: its 合计 row, three blank rows, the note and the statement under it
    empty = _block(html, "ft8")
    assert empty.count('<tr class="blank') == 3 and ">合计<" in empty
    assert "说明：上海市示例局本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。" in _text(empty)
    assert "注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。" in _text(empty)


def test_shanghai_units_table(shanghai):
    text = shanghai[2]
    assert "序号单位名称备注1上海市示例局（本级）2上海市示例局信息中心事业单位3上海市示例局培训中心事业单位" in text


# ---------- every structural difference of the issue, said by settings (no template file) ----------


def test_basic_table_as_one_list_and_a_column_renamed_in_one_table(tmp_path):
    overlay = _overlay(
        tmp_path,
        {
            "tables/决算.yml": (
                "ft6:\n  栏数: 1\n  编码列: 一列\n  表头: {编码: 经济分类科目编码, 名称: 科目名称, 金额: 决算数}\n"
                "ft5:\n  列名: {科目名称: 功能分类科目名称}\n"
            ),
        },
    )
    _, html = _render(FINAL, overlay)
    t6 = _block(html, "ft6")
    # one code column, one list (人员经费 then 公用经费), no blank filler rows, then the two totals
    assert 'data-cols="3"' in t6 and "<td></td>" not in t6
    assert _text(t6).index("30101") < _text(t6).index("30201") < _text(t6).index("人员经费合计")
    assert ">功能分类科目名称</th>" in _block(html, "ft5")
    assert ">功能分类科目名称</th>" not in _block(html, "ft3") and ">科目名称</th>" in _block(
        html, "ft3"
    )  # 表3 keeps it


def test_zero_items_per_list_and_vehicle_names(tmp_path):
    src = _copy(tmp_path)
    _layout(src, "零项: {收入: 省略, 车辆: 列出, 默认: 列出}\n措辞:\n  s10.车辆项: '{类别}{数量}辆'")
    overlay = _overlay(tmp_path, {"phrases/决算.yml": "名称:\n  离退休干部服务用车: 离退休干部用车\n"})
    _, html = _render(src, overlay)
    text = re.sub(r"\s+", "", _text(html))
    assert "上级补助收入" not in text.split("收入决算情况说明")[1].split("支出决算情况说明")[0]  # 收入: zero left out
    assert "上缴上级支出0.00万元" in text  # 支出 (默认): listed
    assert "离退休干部用车0辆" in text and "离退休干部服务用车" not in text  # renamed, zero listed


def test_a_table_order_naming_an_unknown_table_is_located(tmp_path):
    from generator.errors import InputError

    src = _copy(tmp_path)
    _layout(src, "决算表: ft1 ft2 ft3 ft4 ft5 ft6 ft9 ft7 ft10")
    with pytest.raises(InputError) as exc:
        _render(src)
    assert "ft10" in str(exc.value) and "报告.yaml:" in str(exc.value)


def test_an_empty_table_form_as_a_row_or_a_note(tmp_path):
    # final-tables: 表8 (国有资本经营) is empty; the built-in form is its statement as a row
    _, html = _render(FINAL)
    assert '<tr class="empty' in _block(html, "ft8")
    overlay = _overlay(
        tmp_path,
        {
            "tables/决算.yml": (
                "ft8:\n  空表: {措辞: 表.基金空表, 参数: {基金: 国有资本经营预算}, 位置: 表下, 合计行: 是}\n"
            )
        },
    )
    _, html = _render(FINAL, overlay)
    t8 = _block(html, "ft8")
    assert '<tr class="empty' not in t8 and '<tr class="total' in t8 and '<p class="note">本单位2024年度无' in t8


BUDGET = INPUTS / "changji-2025-budget"


def test_budget_structure_by_settings(tmp_path):
    overlay = _overlay(
        tmp_path,
        {
            # 表2: the 财政拨款 group with 6 sub-columns (no 小计); 表7 renames 功能分类科目名称 (表2/8/9 keep it);
            # 表8: empty, an empty 合计 row and the statement as a note
            "tables/预算.yml": (
                "t2:\n  表头:\n    编码: 功能分类科目编码\n    名称: 功能分类科目名称\n    总计: 总计\n"
                "    一般公共预算: 财政拨款（补助）/一般公共预算\n"
                "    上级一般公共预算转移支付: 财政拨款（补助）/上级一般公共预算安排的转移支付\n"
                "    政府性基金预算: 财政拨款（补助）/政府性基金预算\n"
                "    上级政府性基金转移支付: 财政拨款（补助）/上级政府性基金安排的转移支付\n"
                "    国有资本经营预算: 财政拨款（补助）/国有资本经营预算\n"
                "    上级国有资本经营转移支付: 财政拨款（补助）/上级国有资本经营预算安排的转移支付\n"
                "    财政专户: 财政专户（教育收费）\n    单位资金: 单位资金\n    财政拨款结转: 财政拨款结转\n"
                "    非财政拨款结转结余: 非财政拨款结转结余\n"
                "t7:\n  列名: {功能分类科目名称: 科目名称}\n"
                "t8:\n  空表: {措辞: 表.基金空表, 参数: {基金: 政府性基金预算}, 位置: 表下, 合计行: 是}\n"
            ),
            # 绩效目标表 label, the 目录 line of a part, 五(一) in one paragraph
            "phrases/预算.yml": (
                "绩效表标签:\n  项目:\n    年度预算总额: 年度预算总额：\n"
                "目录部分名:\n  公开表: 第二部分 部门预算公开表\n"
            ),
            "region.yml": (
                "预算章节结构:\n  s5:\n    - {标题: s5.小标题一}\n    - [s5.开头, {列表: 规模, 项: s5.规模}]\n"
                "    - {标题: s5.小标题二}\n    - {每项: 类, 段: [s5.类]}\n    - {标题: s5.小标题三}\n"
                "    - {每项: 项, 段: [s5.项]}\n"
            ),
        },
    )
    _, html = _render(BUDGET, overlay)
    t2 = _block(html, "t2")
    assert '<th colspan="6">财政拨款（补助）</th>' in t2 and "小计" not in t2
    assert "<th" in _block(html, "t7") and "功能分类科目名称" not in _block(html, "t7")
    assert "功能分类科目名称" in _block(html, "t8") and "功能分类科目名称" in t2
    t8 = _block(html, "t8")
    assert '<tr class="total' in t8 and '<p class="note">' in t8 and 'class="statement"' not in t8
    assert "<th>年度预算总额：</th>" in html.replace("<br>", "")  # the header may be broken between words
    toc = html[html.index('<nav class="toc"') : html.index("</nav>")]
    assert "第二部分 部门预算公开表" in toc and "第二部分 部门预算公开表" not in html[html.index("</nav>") :]
    five = html[html.index("（一）一般公共预算当年拨款规模变化情况") : html.index("（二）一般公共预算当年拨款结构情况")]
    assert five.count("<p") == 1  # 开头 and the 规模 items in one paragraph (three without the setting)
    _, plain = _render(BUDGET)
    five = plain[
        plain.index("（一）一般公共预算当年拨款规模变化情况") : plain.index("（二）一般公共预算当年拨款结构情况")
    ]
    assert five.count("<p") == 3


# ---------- the new figures are checked ----------


def _findings(src, rule_id):
    from generator import pipeline

    return [f for f in pipeline.prepare(src).findings if f.rule == rule_id]


def test_item_budgets_must_add_up_and_explain_a_difference(tmp_path):
    src = _copy(tmp_path, SHANGHAI)
    path = src / "情况说明.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "年初预算: 400.00, 用途: 社区工作者培训和社会工作项目, 预算差异原因: 年中追加专项工作经费",
        "年初预算: 450.00, 用途: 社区工作者培训和社会工作项目",
    )
    path.write_text(text, encoding="utf-8")
    found = _findings(src, "决算-项目预算")
    messages = " ".join(f.message for f in found)
    assert "各项年初预算之和" in messages and "1650.00" in messages  # 1,000 + 450 + 200 against 1,600
    assert "未填写预算差异原因" in messages


def test_management_counts_and_setasides_are_checked(tmp_path):
    src = _copy(tmp_path, SHANGHAI)
    path = src / "情况说明.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("等级: {优: 3, 良: 2}", "等级: {优: 3, 良: 1, 中: 1}").replace("整改中: 1}", "整改中: 2}")
    text = text.replace("面向小微企业预留: 80.00", "面向小微企业预留: 130.00")
    path.write_text(text, encoding="utf-8")
    management = " ".join(f.message for f in _findings(src, "决算-绩效管理"))
    assert "“中”不是设置" in management and "不等于发现问题4个" in management
    setasides = _findings(src, "决算-采购预留")
    assert setasides and "面向小微企业预留130.00万元大于面向中小企业预留120.00万元" in setasides[0].message


def test_units_listed_twice(tmp_path):
    src = _copy(tmp_path, SHANGHAI)
    path = src / "报告.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "    - 名称: 上海市示例局培训中心\n", encoding="utf-8")
    assert _findings(src, "决算-单位构成")


def test_the_change_in_pieces_where_a_change_is_printed(tmp_path):
    src = _copy(tmp_path)
    # final-tables: 收入总计 1,080.00 (1,050.00 + 30.00), 上年 960.00 → 增加120.00, 增长12.50% (hand calculation)
    _layout(src, "措辞:\n  s1.变动: '比{上年}年{增减}{变动金额}万元（上年{上年数}万元），{趋势}{比率}%。'")
    _, html = _render(src)
    assert "比2023年增加120.00万元（上年960.00万元），增长12.50%。" in _text(html)
