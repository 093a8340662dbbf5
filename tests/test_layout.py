"""Layout decided by us: column widths from content (generator/render/widths.py), page setup, breaks."""

from __future__ import annotations

import re

import lxml.html
import pytest

from generator.render.passes import PASSES
from generator.render.tree import document_from_html
from generator.render.widths import Geometry, grid, text_em


def _run(html: str, *names: str) -> str:
    """*html* (a fragment) after the named passes, as HTML text."""
    doc = document_from_html(html, installed=lambda family: True)
    for p in PASSES:
        if p.name in names:
            p.run(doc)
    body = doc.body
    return (body.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in body)


def apply_widths(html: str) -> str:
    return _run(html, "widths", "fit")


def _cols(html: str) -> list[list[float]]:
    return [
        [float(x) for x in re.findall(r"width:([\d.]+)%", cg)] for cg in re.findall(r"<colgroup>(.*?)</colgroup>", html)
    ]


PERF = """<div class="perf-block" id="perf-1"><table class="data perf"><tbody>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th><th>指标值设置依据</th><th>上年完成值</th></tr>
<tr><td rowspan="2" class="center">产出指标</td><td rowspan="2" class="center">数量指标</td>
<td class="text">组织六五环境日宣传活动并在各县市同步开展宣传</td><td class="center">≥90%</td>
<td class="center">计划标准</td><td class="center">1</td></tr>
<tr><td class="text">征订《中国环境报》及购买业务书籍</td><td class="center">=60本（份）</td>
<td class="center">计划标准</td><td class="center">118</td></tr>
</tbody></table></div>"""


def test_every_table_gets_a_colgroup_and_fixed_layout():
    out = apply_widths(PERF)
    table = lxml.html.fragment_fromstring(out)
    t = table.find(".//table")
    assert t.get("class").split() == ["data", "perf", "fixed"]
    assert t[0].tag == "colgroup" and len(t[0]) == 6
    widths = _cols(out)[0]
    assert abs(sum(widths) - 100) < 0.01


def test_label_column_wide_values_whole_and_short_columns_narrow():
    w = _cols(apply_widths(PERF))[0]
    size = Geometry().perf_pt
    table_em = Geometry().portrait_mm * 72 / 25.4 / size
    # the 三级指标 text column is the widest, wider than 指标值设置依据 and 上年完成值 (issue 14)
    assert w[2] == max(w)
    assert w[2] > 2 * w[4] and w[2] > 2 * w[5]
    # "≥90%" and "=60本（份）" fit their column whole (content width + padding)
    need = (text_em("=60本（份）") + Geometry().padding_pt / size) / table_em * 100
    assert w[3] >= need
    # a header may wrap, but not to one character per line: at least two characters wide
    assert w[5] / 100 * table_em >= 2 + Geometry().padding_pt / size


def test_empty_amount_columns_narrow_and_label_not_wrapped():
    rows = "".join(
        f"<tr><td class='label'>节能环保支出{i}</td><td class='num'>1,234.56</td><td class='num'></td>"
        f"<td class='num'></td></tr>"
        for i in range(5)
    )
    html = (
        f"<div class='table-block'><table class='data'><thead><tr><th>功能分类</th><th>合计</th>"
        f"<th>政府性基金预算</th><th>国有资本经营预算</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
    w = _cols(apply_widths(html))[0]
    assert w[0] > w[2] and w[0] > w[3]


def test_grid_is_span_aware():
    t = lxml.html.fragment_fromstring(
        "<table><tr><th rowspan='2'>a</th><th colspan='2'>b</th></tr><tr><th>c</th><th>d</th></tr>"
        "<tr><td>1</td><td>2</td><td>3</td></tr></table>"
    )
    cells, ncols = grid(t)
    assert ncols == 3
    assert [(c.row, c.col) for c in cells] == [(0, 0), (0, 1), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]


def test_spanning_value_holds_together():
    html = (
        "<table class='data'><tr><td colspan='2' class='num'>123,456,789.00</td><td>长长长长长长长长长长长长"
        "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长</td></tr>"
        "<tr><td class='code'>1</td><td class='code'>2</td><td>x</td></tr></table>"
    )
    w = _cols(apply_widths(html))[0]
    table_em = Geometry().portrait_mm * 72 / 25.4 / Geometry().data_pt
    assert (w[0] + w[1]) / 100 * table_em >= text_em("123,456,789.00")


def test_text_width_by_character_class():
    assert text_em("三级指标") == 4
    assert text_em("1234") == pytest.approx(4 * 0.56)
    assert text_em("≥90%") == pytest.approx(1 + 2 * 0.56 + 0.9)  # ≥ is full width in Noto CJK


def test_template_chosen_widths_are_kept():
    html = '<table class="data"><colgroup><col style="width:50%"><col></colgroup><tr><td>a</td><td>b</td></tr></table>'
    assert apply_widths(html) == html


# ---- page setup (region settings 版面方案/版面) ----


def test_page_setup_default_and_gongwen_profile(capsys):
    from generator.render import page as P

    installed = {"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"}.__contains__
    base = {"字体": {"正文": "Noto Serif CJK SC", "标题": "Noto Sans CJK SC", "表格": "Noto Sans CJK SC"}}
    page = P.page_setup(base, installed)
    assert page["页边距"] == "25mm 20mm 22mm 20mm" and page["geometry"].portrait_mm == 170
    page = P.page_setup(dict(base, 版面方案="公文"), installed)
    # GB/T 9704-2012: 版心 156 mm × 225 mm, body 三号 (16pt), page numbers 四号 (14pt) outside
    assert page["geometry"].portrait_mm == pytest.approx(156) and page["geometry"].portrait_height_mm == 225
    assert page["正文字号"] == "16pt" and page["页码字号"] == "14pt" and page["页码位置"] == "外侧"
    # licensed faces not installed: the free default is used, and every render says so for each format it writes
    assert page["字体"]["正文"] == "Noto Serif CJK SC" and page["字体"]["二级标题"] == "AR PL UKai CN"
    warned = P.font_warnings(page, ("pdf",))
    assert len(warned) == 4 and "仿宋_GB2312" in warned[0] and "PDF 改用“Noto Serif CJK SC”" in warned[0]
    both = P.font_warnings(page, ("pdf", "docx"))
    assert "DOCX 仍写“仿宋_GB2312”" in both[0] and "PDF 改用" in both[0]
    assert all("DOCX" in w and "PDF" not in w for w in P.font_warnings(page, ("docx",)))
    assert P.font_warnings(P.page_setup(dict(base, 版面方案="公文"), installed), ("pdf",)) == warned  # not only once
    # the fallback 楷体 draws smaller than the body: its heading is set larger (16pt → 17–18pt)
    assert 17 <= P.length_pt(page["二级标题字号"], "二级标题字号") <= 18 and page["一级标题字号"] == "16pt"
    # a region (or a report's 报告.版式) overrides single keys and names its own fonts
    page = P.page_setup(
        dict(base, 版面方案="公文", 版面={"页码位置": "居中", "字体": {"正文": "Noto Sans CJK SC"}}), installed
    )
    assert page["页码位置"] == "居中" and page["字体"]["正文"] == "Noto Sans CJK SC"


def test_page_setup_rejects_unknown_scheme_and_bad_lengths():
    from generator.errors import RenderError
    from generator.render import page as P

    with pytest.raises(RenderError, match="版面方案"):
        P.page_setup({"版面方案": "花式"}, lambda f: True)
    with pytest.raises(RenderError, match="页边距"):
        P.page_setup({"版面": {"页边距": "宽一点"}}, lambda f: True)


def test_gongwen_css_has_margins_and_outer_page_numbers():
    from generator import pipeline
    from generator.render import render_html

    p = pipeline.prepare("inputs/changji-2025-budget")
    p.region.settings = dict(p.region.settings, 版面方案="公文")
    html = render_html(p.report, p.figures, p.region)
    css = html.split("</style>")[0]
    assert "margin: 37mm 26mm 35mm 28mm" in css
    assert "@page :left" in css and "@bottom-left" in css and "font-size: 14pt" in css


# ---- breaks ----


def test_table_ends_kept_together_and_part_title_goes_with_landscape_block():
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(6))
    out = _run(f"<table><thead><tr><th>h</th></tr></thead><tbody>{rows}</tbody></table>", "table-ends")
    assert out.count('class="keep"') == 2 and out.endswith('<tr class="keep"><td>5</td></tr></tbody></table>')
    html = '<h1 id="p5" class="part">第五部分 附件</h1>\n<div class="perf-block wide" id="self-1"></div>'
    out = _run(html, "pages")  # the part title heads the landscape page of its block, which begins no page
    assert out.startswith('<h1 id="p5" class="part" data-break="page" data-page="wide" data-keep-with-next="true">')
    assert '<div class="perf-block wide" id="self-1" data-page="wide"></div>' in out
    out = _run(html.replace(" wide", ""), "pages")
    assert "data-page" not in out and 'data-keep-with-next="true"' in out


# ---- archival PDF ----


def test_pdf_a3u_metadata_and_embedded_fonts(tmp_path):
    from pypdf import PdfReader

    from generator import pipeline
    from generator.render import render_document
    from generator.writers import Options, get_writer

    p = pipeline.prepare("examples/final-tables/input")
    target = tmp_path / "a.pdf"
    get_writer("pdf").write(render_document(p.report, p.figures, p.region), Options(variant="pdf/a-3u"), target)
    reader = PdfReader(str(target))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)U', xmp)
    unit = p.report.报告.单位名称
    assert reader.xmp_metadata.dc_creator == [unit] and unit in reader.xmp_metadata.dc_title["x-default"]
    assert reader.metadata["/Author"] == unit and reader.metadata.get("/CreationDate")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    seen = 0
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc.get_object()), font["/BaseFont"]
            seen += 1
    assert seen


def test_page_numbers_in_the_css_unescaped():
    from generator import pipeline
    from generator.render import render_html

    p = pipeline.prepare("examples/final-tables/input")
    css = render_html(p.report, p.figures, p.region).split("</style>")[0]
    assert '@bottom-center { content: "— " counter(page) " —";' in css
