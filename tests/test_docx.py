import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from docx import Document
from lxml import etree

from conftest import INPUTS, libreoffice_pdf, pdf_text, squash

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
needs_lo = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")


def _docx(rendered, name="changji-2025-budget"):
    return next(p for p in rendered[name]["paths"] if p.suffix == ".docx")


def _part(path, name="word/document.xml"):
    return etree.fromstring(zipfile.ZipFile(path).read(name))


def _to_pdf(src: Path, tmp_path: Path) -> Path:
    pdf = libreoffice_pdf(src, tmp_path)
    assert pdf.exists(), f"LibreOffice could not convert {src.name}"
    return pdf


def test_docx_uses_word_heading_styles_and_east_asian_fonts(rendered):
    doc = Document(str(_docx(rendered)))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    normal = doc.styles["Normal"].element
    assert 'w:eastAsia="' in normal.xml


def test_heading_styles_name_their_fonts_without_theme_fonts_or_blue_rule(rendered):
    styles = _part(_docx(rendered), "word/styles.xml")
    xml = etree.tostring(styles).decode()
    for attr in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
        assert f'w:{attr}="' not in xml, attr
    by_name = {s.find(W + "name").get(W + "val"): s for s in styles.iter(W + "style")}
    for name in ("Title", "heading 1", "heading 2", "heading 3"):
        fonts = by_name[name].find(f"{W}rPr/{W}rFonts")
        assert fonts.get(W + "eastAsia") == "黑体" and fonts.get(W + "ascii") == "黑体", name
        color = by_name[name].find(f"{W}rPr/{W}color")
        assert color.get(W + "val") == "000000" and color.get(W + "themeColor") is None, name
    assert by_name["Title"].find(f"{W}pPr/{W}pBdr") is None  # no blue bottom rule
    body = by_name["Body Text"].find(W + "pPr")
    assert body.find(W + "jc").get(W + "val") == "both"  # 两端对齐
    assert body.find(W + "ind").get(W + "firstLineChars") == "200"  # 首行缩进两字


def test_narrative_paragraphs_are_justified_body_text(rendered):
    doc = Document(str(_docx(rendered)))
    para = next(p for p in doc.paragraphs if p.text.startswith("落实国家环境保护基本制度"))
    assert para.style.name == "Body Text"


def test_every_table_repeats_its_header_and_keeps_rows_whole(rendered):
    for name in ("jincheng-2024-final", "xinjiang-2024-budget", "changji-2024-final"):
        body = _part(_docx(rendered, name))
        tables = list(body.iter(W + "tbl"))
        assert tables, name
        for i, tbl in enumerate(tables):
            rows = tbl.findall(W + "tr")
            assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None, (name, i)
            assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows), (name, i)
            margins = tbl.find(f"{W}tblPr/{W}tblCellMar")
            assert int(margins.find(W + "top").get(W + "w")) > 0 and int(margins.find(W + "bottom").get(W + "w")) > 0


def test_notes_are_set_like_print_css(rendered):
    """表注 at 9 pt with lines 1.3 apart; a 绩效 table's notes at 7.5 pt (print.css .perf-block p.note)."""
    styles = _part(_docx(rendered, "jincheng-2024-final"), "word/styles.xml").findall(W + "style")
    note = next(s for s in styles if s.find(W + "name") is not None and s.find(W + "name").get(W + "val") == "表注")
    spacing = note.find(f"{W}pPr/{W}spacing")
    assert spacing.get(W + "line") == str(round(9 * 1.3 * 20)) and spacing.get(W + "lineRule") == "exact"
    body = _part(_docx(rendered, "jincheng-2024-final"))
    notes = [p for p in body.iter(W + "p") if "“年初预算数”项下" in "".join(p.itertext())]
    assert notes
    for p in notes:
        assert p.find(f"{W}pPr/{W}spacing").get(W + "line") == "195"
        assert {r.get(W + "val") for r in p.iter(W + "sz")} == {"15"}


def test_perf_table_without_thead_repeats_its_identifying_rows():
    from generator.render.grid import table_rows
    from generator.writers.docx.tables import header_count

    def _rows(table):
        return [(row.tr, row.header) for row in table_rows(table)]

    table = lxml.html.fragment_fromstring(
        "<table><tbody><tr><th>项目名称</th><td>监测</td></tr><tr><th>一级指标</th><th>二级指标</th></tr>"
        "<tr><td>产出</td><td>数量</td></tr></tbody></table>"
    )
    assert header_count(_rows(table)) == 1
    table = lxml.html.fragment_fromstring(
        "<table><tr class='meta'><td>编制单位</td></tr><tr><th>项目</th><th>金额</th></tr>"
        "<tr><th>类</th><th>款</th></tr><tr><td>201</td><td>1</td></tr></table>"
    )
    assert header_count(_rows(table)) == 3  # the 编制单位 line and both th-only rows


def test_perf_indicator_part_is_a_table_of_its_own_whose_header_repeats(rendered):
    """The indicator header (thead) repeats in Word too: a 1 pt paragraph keeps the two parts from being joined."""
    for name in ("changji-2025-budget", "jincheng-2024-final"):
        body = _part(_docx(rendered, name)).find(W + "body")
        parts = [t for t in body if t.tag == W + "tbl" and "一级指标" in "".join(t.find(W + "tr").itertext())]
        assert parts, name
        for tbl in parts:
            assert tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None, name
            spacer = tbl.getprevious()
            assert spacer.tag == W + "p" and spacer.getprevious().tag == W + "tbl", name
            assert spacer.find(f"{W}pPr/{W}spacing").get(W + "line") == "20", name


def _build_table(html, width=10000):
    """The w:tbl of the one table in *html*, after the table-ends pass (tr.keep) as in a rendered document."""
    from generator.render.breaks import keep_table_ends
    from generator.render.grid import table_grid
    from generator.render.tree import document_from_html
    from generator.writers.docx.tables import TableBuilder

    calls = []
    builder = TableBuilder("TableGrid", "Text", lambda p, el, bold, size: calls.append(el.text))
    document = document_from_html(html, installed=lambda family: True)
    keep_table_ends(document)
    table = document.root.find(".//table")
    return builder.build(table, table_grid(table), width, 9), calls


def test_continued_table_keeps_the_rows_render_fit_asks_for():
    """As the PDF: the rows the table-ends pass marks (tr.keep) keep with the row before them: the last three rows
    together, or the data-keep rows render/fit.py asks for."""
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(20))

    def kept(attrs: str) -> int:
        tbl, _ = _build_table(f"<table {attrs}><thead><tr><th>科目</th></tr></thead><tbody>{rows}</tbody></table>")
        return sum(1 for tr in tbl.findall(W + "tr") if tr.find(f".//{W}keepNext") is not None)

    assert kept("") == 2  # the last three rows: two keep with the next
    assert kept('data-keep="8"') == 7
    assert kept('data-keep="99"') == 20  # every body row marked: the whole table with its header, as print.css


def test_colgroup_widths_are_used_and_not_counted_as_columns():
    tbl, calls = _build_table(
        '<table class="fixed"><colgroup><col style="width:50.00%"><col style="width:30%"><col style="width: 20%">'
        "</colgroup><thead><tr><th>科目</th><th>合计</th><th>基本</th></tr></thead>"
        "<tbody><tr><td>一般公共服务支出</td><td class='num'>1.00</td><td class='num'></td></tr></tbody></table>"
    )
    assert [int(c.get(W + "w")) for c in tbl.iter(W + "gridCol")] == [5000, 3000, 2000]
    assert calls == ["科目", "合计", "基本", "一般公共服务支出", "1.00", None]


def test_without_colgroup_the_heuristic_decides_widths():
    tbl, _ = _build_table(
        "<table><tr><th>类</th><th>名称</th></tr>"
        "<tr><td class='code'>201</td><td>一般公共服务支出一般公共服务支出</td></tr></table>"
    )
    widths = [int(c.get(W + "w")) for c in tbl.iter(W + "gridCol")]
    assert widths[0] < widths[1] and len(widths) == 2


def test_merged_cells_keep_their_spans():
    tbl, _ = _build_table(
        "<table><tr><th rowspan='2'>项目</th><th colspan='2'>预算</th></tr>"
        "<tr><th>基本</th><th>项目</th></tr><tr><td>a</td><td>1</td><td>2</td></tr></table>"
    )
    rows = tbl.findall(W + "tr")
    first = rows[0].findall(W + "tc")
    assert first[0].find(f"{W}tcPr/{W}vMerge").get(W + "val") == "restart"
    assert first[1].find(f"{W}tcPr/{W}gridSpan").get(W + "val") == "2"
    assert rows[1].findall(W + "tc")[0].find(f"{W}tcPr/{W}vMerge").get(W + "val") is None  # continues


def test_cover_and_toc_are_unnumbered_and_the_first_part_is_page_one(rendered):
    for name in ("changji-2025-budget", "jincheng-2024-final"):
        doc = Document(str(_docx(rendered, name)))
        sections = doc.sections
        assert len(sections) >= 2
        assert "PAGE" not in sections[0].footer._element.xml  # cover and 目录
        assert "PAGE" in sections[1].footer._element.xml
        assert sections[1]._sectPr.find(W + "pgNumType").get(W + "start") == "1"
        # the first paragraph of the second section is 第一部分 (jincheng's did share the 目录 page)
        body = doc.element.body
        breaks = [i for i, el in enumerate(body) if el.find(f"{W}pPr/{W}sectPr") is not None]
        first = next(el for el in list(body)[breaks[0] + 1 :] if "".join(el.itertext()).strip())
        assert "".join(first.itertext()).startswith("第一部分"), name


def _toc_field(path):
    paras = _part(path).find(W + "body").findall(W + "p")
    begins = [
        i
        for i, p in enumerate(paras)
        if any(f.get(W + "fldCharType") == "begin" for f in p.iter(W + "fldChar"))
        and "TOC" in "".join(t.text or "" for t in p.iter(W + "instrText"))
    ]
    assert len(begins) == 1  # one field: Word replaces it on update
    entries = []
    for p in paras[begins[0] :]:
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or not style.get(W + "val").startswith("TOC"):
            break
        text = "".join(t.text for t in p.iter(W + "t"))
        entries.append(text)
    last = paras[begins[0] + len(entries) - 1]
    assert [f.get(W + "fldCharType") for f in last.iter(W + "fldChar")][-1] == "end"
    return entries


def test_toc_is_one_field_with_the_tables_and_page_numbers(rendered):
    entries = _toc_field(_docx(rendered, "xinjiang-2024-budget"))
    assert len(entries) == 29
    assert any(e.startswith("一、部门收支总体情况表") for e in entries)
    assert all(re.search(r"\d+$", e) for e in entries), entries  # numbers from the PDF of the same run
    assert entries[0] == "第一部分 2024年部门概况1"


def _printed_toc(pdf: Path, texts):
    """(entry → number) as printed on the 目录 pages of a PDF."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    lines = [squash(line) for line in "\n".join(pages.split("\f")[:4]).splitlines()]
    lines += [a + b for a, b in zip(lines, lines[1:], strict=False)]  # an entry wrapped onto a second line
    found = {}
    for text in texts:
        key = squash(text)[:14]
        for line in lines:
            m = re.match(r"(.*?)[.…·]{2,}\.?(\d+)$", line)
            if m and m.group(1).startswith(key):
                found[text] = int(m.group(2))
                break
    return found


@needs_lo
@pytest.mark.parametrize(
    "name", ["changji-2025-budget", "xinjiang-2024-budget", "changji-2024-final", "jincheng-2024-final"]
)
def test_libreoffice_shows_every_toc_entry_on_its_page(rendered, tmp_path, name):
    """LibreOffice opens the DOCX with a 目录 whose every number is the page where LibreOffice itself puts the
    part, section or table (Word目录页码: LibreOffice, the default: the numbers come from a layout of the DOCX, not
    from the PDF, whose pages differ — xinjiang had 6 entries one page off, changji-2025 第四部分: issue 24)."""
    from generator.pipeline import prepare
    from generator.render import render_document
    from generator.writers.pagemap import locate, page_texts

    pdf = _to_pdf(_docx(rendered, name), tmp_path)
    p = prepare(INPUTS / name)
    document = render_document(p.report, p.figures, p.region)
    entries = [(e.anchor, e.text, e.target) for e in document.toc]
    printed = _printed_toc(pdf, [text for _a, text, _t in entries])
    assert len(printed) == len(entries)
    actual = locate(page_texts(pdf), entries)
    off = [(text, printed[text], actual.get(a)) for a, text, _t in entries if printed[text] != actual.get(a)]
    assert not off


@needs_lo
def test_libreoffice_opens_the_docx(rendered, tmp_path):
    pdf = _to_pdf(_docx(rendered), tmp_path)
    text = squash(pdf_text(pdf))
    assert "第三部分2025年部门预算情况说明" in text
    assert squash("一般公共预算736.38万元，占15.74%") in text


def test_docx_tables_repeat_header_rows_and_use_landscape(rendered):
    doc = Document(str(_docx(rendered)))
    assert "w:tblHeader" in doc.tables[0]._tbl.xml
    orientations = {s.orientation for s in doc.sections}
    assert len(orientations) == 2  # portrait and landscape sections


def test_docx_of_the_largest_input_has_every_table(tmp_path):
    """~10,000 cells written in bulk (speed is measured by `make bench`, not asserted here)."""
    from generator.pipeline import prepare
    from generator.render import render_document
    from generator.writers import Options
    from generator.writers.docx import write as write_docx

    p = prepare(INPUTS / "xinjiang-2024-budget")
    write_docx(render_document(p.report, p.figures, p.region), Options(), tmp_path / "x.docx")
    # 59 tables; the 48 绩效 tables (部门整体 and 47 项目) are written as two, the info part and the indicator part
    assert len(Document(str(tmp_path / "x.docx")).tables) == 59 + 48


def test_without_a_pdf_the_toc_is_left_for_word_to_update(tmp_path):
    """Word目录页码: PDF without a PDF in the run (or LibreOffice's mode where LibreOffice is not installed and no
    PDF is written): no numbers, the field marked for update."""
    from generator.pipeline import prepare
    from generator.render import render_document
    from generator.writers import Options
    from generator.writers.docx import write as write_docx

    p = prepare(INPUTS / "changji-2025-budget")
    p.region.settings = {**p.region.settings, "Word目录页码": "PDF"}
    write_docx(render_document(p.report, p.figures, p.region), Options(), tmp_path / "c.docx")
    settings = etree.tostring(_part(tmp_path / "c.docx", "word/settings.xml")).decode()
    assert "updateFields" in settings
    assert all(not re.search(r"\d+$", e) for e in _toc_field(tmp_path / "c.docx"))


@needs_lo
def test_libreoffice_mode_numbers_the_toc_from_the_docx_own_layout(tmp_path):
    from generator.pipeline import prepare
    from generator.render import render_document
    from generator.writers import Options
    from generator.writers.docx import write as write_docx

    p = prepare(INPUTS / "changji-2025-budget")
    p.region.settings = {**p.region.settings, "Word目录页码": "LibreOffice"}
    write_docx(render_document(p.report, p.figures, p.region), Options(), tmp_path / "c.docx")
    entries = _toc_field(tmp_path / "c.docx")
    assert entries[0] == "第一部分 2025年部门概况1"
    assert all(re.search(r"\d+$", e) for e in entries)


def test_code_and_amount_cells_stay_on_one_line():
    """print.css keeps code and amount cells on one line (nowrap): a DOCX cell too narrow for its text at the usual
    margins gets narrow margins, and a character scale when even those are not enough (xinjiang 表2/表7 wrapped
    every 类 code "211" in LibreOffice, three pages more than the PDF)."""
    from generator.render.grid import table_grid
    from generator.writers.docx.ooxml import run, w
    from generator.writers.docx.tables import TableBuilder

    html = (
        '<table><colgroup><col style="width:5%"><col style="width:11%"><col style="width:84%"></colgroup>'
        '<tr><td class="code">21</td><td class="num">10,435.90</td><td>name</td></tr>'
        '<tr><td class="code">2110101</td><td class="num">1.00</td><td>name</td></tr></table>'
    )
    builder = TableBuilder("TableGrid", "Text", lambda p, el, bold, hp: run(p, el.text_content(), bold, hp))
    table = lxml.html.fragment_fromstring(html)
    tbl = builder.build(table, table_grid(table), 9000, 7.5)  # columns 450, 990 twips
    cells = [tc for tr in tbl.findall(w("tr")) for tc in tr.findall(w("tc"))]

    def margins_and_scale(tc):
        mar = tc.find(f"{w('tcPr')}/{w('tcMar')}")
        scale = tc.find(f".//{w('rPr')}/{w('w')}")
        return mar is not None, None if scale is None else int(scale.get(w("val")))

    assert margins_and_scale(cells[0]) == (False, None)  # "21" fits between the usual margins
    assert margins_and_scale(cells[1]) == (True, None)  # 9 characters: 864 + 10 twips > 990 − 140
    assert margins_and_scale(cells[3])[0] and 60 <= margins_and_scale(cells[3])[1] < 100  # 7 digits in 450 twips
    assert margins_and_scale(cells[4]) == (False, None)


def test_repeated_header_rows_hold_their_merged_cells_and_amounts_keep_a_margin():
    """Each repeated header row has a height of its own (w:trHeight, at least) so that a cell spanning two header
    rows keeps its three lines on a continued page (LibreOffice cut 表7's "工资福利支出" in half: issue 24); an
    amount too wide for its column keeps a 2 pt margin (it touched the border at 0.7 pt) and is scaled instead."""
    from generator.render.grid import table_grid
    from generator.writers.docx.ooxml import run, w
    from generator.writers.docx.tables import NARROW_MARGIN_TWIPS, TableBuilder

    html = (
        '<table><colgroup><col style="width:8%"><col style="width:8%"><col style="width:84%"></colgroup>'
        '<thead><tr><th rowspan="2">工资<br>福利<br>支出</th><th colspan="2">合计</th></tr>'
        "<tr><th>甲</th><th>乙</th></tr></thead>"
        '<tbody><tr><td class="num">123,456,789.00</td><td>1</td><td>name</td></tr></tbody></table>'
    )
    builder = TableBuilder("TableGrid", "Text", lambda p, el, bold, hp: run(p, el.text_content(), bold, hp))
    table = lxml.html.fragment_fromstring(html)
    tbl = builder.build(table, table_grid(table), 9000, 7.5)
    rows = tbl.findall(w("tr"))
    heights = [int(tr.find(f"{w('trPr')}/{w('trHeight')}").get(w("val"))) for tr in rows[:2]]
    line = round(7.5 * 1.3 * 20)
    assert sum(heights) >= 3 * line  # the merged cell's three lines fit in the two rows
    assert rows[2].find(f"{w('trPr')}/{w('trHeight')}") is None  # body rows size themselves
    amount = rows[2].findall(w("tc"))[0]
    mar = amount.find(f"{w('tcPr')}/{w('tcMar')}")
    assert mar is not None and int(mar.find(w("left")).get(w("w"))) == NARROW_MARGIN_TWIPS >= 40
    assert amount.find(f".//{w('rPr')}/{w('w')}") is not None  # scaled to fit instead
