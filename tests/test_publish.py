"""Issue 24, every page publishable: header words kept whole, the 落款 date as a phrase, closing sections kept with
their landscape page, table bookmarks marked once for every writer, tables never set under 7pt."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from generator import pipeline
from generator.formats import date_parts
from generator.render import render_html
from generator.render.fit import MIN_PT, smallest_size
from generator.render.passes import PASSES
from generator.render.tree import document_from_html
from generator.render.words import split_lines, words_of

from conftest import INPUTS


def _passed(html: str, *names: str):
    doc = document_from_html(html, installed=lambda family: True)
    for p in PASSES:
        if p.name in names:
            p.run(doc)
    return doc


# ---- header cells broken between words only ----


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("部门联系人", ("部门", "联系人")),  # the review's "部门联系/人"
        ("项目总体目标", ("项目", "总体目标")),  # and "项目总体目/标"
        ("年初预算数", ("年初", "预算数")),
        ("对个人和家庭的补助", ("对个人和", "家庭的", "补助")),  # a single character never alone
        ("资金总额（万元）", ("资金", "总额", "（万元）")),
        ("因公出国（境）费", ("因公", "出国（境）费")),
    ],
)
def test_header_words(header, words):
    assert words_of(header) == words


def test_a_header_too_wide_for_its_column_ends_its_lines_between_words():
    assert split_lines("部门联系人", 4.3) == ["部门", "联系人"]
    assert split_lines("项目总体目标", 4.3) == ["项目", "总体目标"]
    assert split_lines("预算数", 4.3) is None  # fits: no break at all
    # every word of four characters or fewer is whole on its line, the lines as even as the words allow
    for header in ("上级一般公共预算安排的转移支付", "项目资金预算安排及执行进度（万元）", "年度绩效指标完成情况"):
        lines = split_lines(header, 6.2)
        assert lines and "".join(lines) == header
        for word in words_of(header):
            assert any(word in line for line in lines), (header, word, lines)


def test_the_widths_pass_breaks_narrow_headers_at_words():
    html = (
        "<div class='perf-block'><table class='data perf'><tbody>"
        "<tr><th>部门联系人</th><td class='text'>" + "很长的说明文字" * 12 + "</td><th>项目总体目标</th>"
        "<td class='text'>" + "很长的说明文字" * 12 + "</td></tr></tbody></table></div>"
    )
    doc = _passed(html, "widths")
    heads = [lxml.html.tostring(th, encoding="unicode") for th in doc.root.iter("th")]
    assert heads == ["<th>部门<br>联系人</th>", "<th>项目<br>总体目标</th>"]


# ---- the 落款 date: a phrase, GB/T 9704 by default ----


def test_date_parts_read_the_usual_forms():
    assert date_parts("2024年03月01日")["落款月"] == "3"
    assert date_parts("2024-3-1") == date_parts("2024.03.01") == date_parts(" 2024/3/1 ")
    assert date_parts("2024年3月") == {}  # no day: printed as typed
    assert date_parts("二〇二四年三月一日") == {} and date_parts("2024年13月1日") == {}


def test_sign_date_is_written_as_gb_t_9704_unless_a_phrase_says_otherwise():
    """Typed 2024年03月01日 (as seed 004 prints it): the base phrase writes 2024年3月1日 (GB/T 9704); the xinjiang
    input keeps the published form with its own phrase ({落款月两位} {落款日两位} in 报告.版式.措辞)."""
    p = pipeline.prepare(INPUTS / "xinjiang-2024-budget")
    assert '<p class="sign">2024年03月01日</p>' in render_html(p.report, p.figures, p.region)
    settings = dict(p.region.settings)
    settings["措辞"] = {**settings.get("措辞", {}), "通用.落款日期": "{落款年}年{落款月}月{落款日}日"}
    p.region.settings = settings
    assert '<p class="sign">2024年3月1日</p>' in render_html(p.report, p.figures, p.region)
    base = Path(__file__).resolve().parent.parent / "templates/base/phrases/预算.yml"
    assert '落款日期: "{落款年}年{落款月}月{落款日}日"' in base.read_text(encoding="utf-8")


# ---- closing sections, bookmarks, legible tables ----


def test_a_short_closing_section_stays_on_the_landscape_page_before_it():
    html = (
        "<h1 class='part'>第二部分</h1><div class='perf-block wide' id='self-1'><p class='table-title'>自评表</p>"
        "<table class='data perf'><tbody><tr><td>1</td></tr></tbody></table></div>"
        "<h2>十二、其他需说明的事项</h2><p>本单位无其他需说明的事项。</p><h1 class='part'>第三部分</h1><p>正文</p>"
    )
    doc = _passed(html, "pages")
    marks = {el.text: (el.get("data-page"), el.get("data-break")) for el in doc.root.iter("h1", "h2", "p")}
    assert marks["十二、其他需说明的事项"] == ("wide", None)
    assert marks["本单位无其他需说明的事项。"] == ("wide", None)
    assert marks["第三部分"] == (None, "page") and marks["正文"] == (None, None)


def test_a_long_closing_section_keeps_its_portrait_page():
    html = (
        "<div class='perf-block wide' id='self-1'><table class='data'><tbody><tr><td>1</td></tr></tbody></table>"
        "</div><h2>十二、其他需说明的事项</h2>" + "<p>" + "很长的说明。" * 80 + "</p>"
    )
    doc = _passed(html, "pages")
    assert doc.root.find(".//h2").get("data-page") is None


def test_a_lead_in_begins_the_page_of_its_table():
    """ "（四）预算绩效情况" and its "……具体情况见下表：" paragraph were left alone at the foot of a page (LibreOffice
    laying out the DOCX of changji-2025-budget: a page of five lines) while the 绩效 table began the next: the page
    now begins with the heading, the heading and the lead-in keep with the table (every writer reads the markers)."""
    html = (
        "<h2>十二、其他</h2><p>正文。</p><h3>（四）预算绩效情况</h3><p>共1个，具体情况见下表：</p>"
        "<div class='perf-block' id='perf-dept'><table class='data perf'><tbody><tr><td>1</td></tr></tbody></table>"
        "</div><div class='perf-block' id='perf-1'><table class='data perf'><tbody><tr><td>1</td></tr></tbody></table>"
        "</div>"
    )
    doc = _passed(html, "pages")
    head, lead = doc.root.find(".//h3"), doc.root.findall(".//p")[1]
    dept, project = doc.root.find(".//*[@id='perf-dept']"), doc.root.find(".//*[@id='perf-1']")
    assert head.get("data-break") == "page" and head.get("data-keep-with-next") == "true"
    assert lead.get("data-break") is None and lead.get("data-keep-with-next") == "true"
    assert dept.get("data-break") is None and project.get("data-break") == "page"
    # under a part title the title comes along (never alone on its page); first on its page, the lead-in stays
    doc = _passed(html.replace("<h3>（四）预算绩效情况</h3>", "<h1 class='part'>第四部分</h1>"), "pages")
    h1, lead = doc.root.find(".//h1"), doc.root.findall(".//p")[1]
    assert h1.get("data-break") == "page" and h1.get("data-keep-with-next") == "true"
    assert lead.get("data-break") is None and lead.get("data-keep-with-next") == "true"
    assert doc.root.find(".//*[@id='perf-dept']").get("data-break") is None
    # a paragraph that does not announce the table (no colon) or is long stays where it was
    for text in ("共1个。", "很长的说明，" * 60 + "见下表："):
        doc = _passed(html.replace("共1个，具体情况见下表：", text), "pages")
        assert doc.root.find(".//*[@id='perf-dept']").get("data-break") == "page"
        assert doc.root.find(".//h3").get("data-break") is None


def test_the_lead_in_is_counted_above_a_fitted_block():
    """The fit pass and the Typst writer leave room for what is kept above a block: a heading and the lead-in's
    lines (one line of 12 pt on a 450 pt line: 34 + 21.6 + 8)."""
    from generator.render.fit import kept_above_pt

    html = (
        "<h3>（四）预算绩效情况</h3><p>具体情况见下表：</p><div class='perf-block' id='perf-dept'><table></table></div>"
    )
    doc = _passed(html, "pages")
    assert kept_above_pt(doc.root.find(".//*[@id='perf-dept']"), 450) == 34 + 12 * 1.8 + 8


def test_table_titles_carry_their_bookmark_level_and_text():
    p = pipeline.prepare(INPUTS / "changji-2025-budget")
    root = lxml.html.document_fromstring(render_html(p.report, p.figures, p.region))
    titles = [(t.get("data-outline"), t.get("data-outline-label")) for t in root.iter("p") if t.get("data-outline")]
    assert titles[0] == ("2", "表1 部门收支总体情况表")
    assert ("5", "项目支出绩效目标表：机关运行补助经费") not in titles  # under （四） (h3): level 4
    assert ("4", "项目支出绩效目标表：机关运行补助经费") in titles


def test_no_table_is_set_under_seven_points():
    assert MIN_PT == 7.0
    assert smallest_size(7.5) == 7.0 and smallest_size(9.0) == 7.0 and smallest_size(6.5) == 6.5
    for name in ("changji-2025-budget", "jincheng-2024-final"):
        p = pipeline.prepare(INPUTS / name)
        root = lxml.html.document_fromstring(render_html(p.report, p.figures, p.region))
        sizes = [float(t.get("style").split(":")[1][:-2]) for t in root.iter("table") if t.get("style")]
        assert all(size >= MIN_PT for size in sizes), (name, sizes)
