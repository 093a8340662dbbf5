"""The Typst PDF writer: same content as the WeasyPrint PDF, safe escaping, 目录 page numbers, options.

The published figures are checked on both engines in test_examples.py, test_final.py and test_final_tables.py
(parametrized over "pdf" = WeasyPrint and "typst").
"""

import re
import subprocess
from html import escape
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator import pipeline
from generator.cli import main
from generator.errors import RenderError
from generator.regions import load_region
from generator.render import render_html
from generator.writers import Options, resolve_options
from generator.writers.typst import typst_source
from generator.writers.typst import write as typst_write

from conftest import INPUTS, html_document, pdf_text, squash

FOOTER = re.compile(r"—\s*\d+\s*—")


def raw_pages(pdf: Path) -> list[str]:
    """Per page, the text in drawing order (a cell's lines stay together), footer removed, whitespace dropped."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [squash(FOOTER.sub("", page)) for page in out.split("\f")[:-1]]


def text_units(html: str) -> list[str]:
    """Every paragraph, heading and table cell of the document, whitespace dropped."""
    root = lxml.html.document_fromstring(html)
    units = (squash("".join(el.itertext())) for el in root.find("body").iter("p", "h1", "h2", "h3", "td", "th"))
    return [u for u in units if u]


def write_typst_pdf(html: str, region, target: Path) -> None:
    typst_write(html_document(html, region), Options(), target)


def _html(name: str) -> str:
    p = pipeline.prepare(INPUTS / name)
    return render_html(p.report, p.figures, p.region)


@pytest.mark.parametrize("name", ["changji-2025-budget", "changji-2024-final"])
def test_both_engines_print_the_same_content(rendered, name):
    """Content, not layout: every paragraph, heading and cell of the document is printed whole by both engines, the
    headings in the same order, on pages of the same orientation sequence (portrait/landscape runs)."""
    weasy = next(p for p in rendered[name]["paths"] if p.suffix == ".pdf")
    typst = rendered[name]["typst_path"]
    units = text_units(_html(name))
    texts = {}
    for engine, pdf in (("weasyprint", weasy), ("typst", typst)):
        text = "".join(raw_pages(pdf))  # a paragraph split over two pages is whole once the footer is gone
        missing = [u[:40] for u in units if u not in text]
        assert not missing, f"{engine} lacks: {missing[:5]}"
        texts[engine] = text
    root = lxml.html.document_fromstring(_html(name))
    headings = [
        squash("".join(h.itertext())) for h in root.find("body").iter("h1", "h2", "h3") if h.getparent().tag != "nav"
    ]
    for engine, text in texts.items():
        positions, start = [], 0
        for h in headings:
            start = text.index(h, start)
            positions.append(start)
        assert positions == sorted(positions), engine

    def orientation_runs(pdf):
        runs = []
        for page in PdfReader(str(pdf)).pages:
            kind = "L" if page.mediabox.width > page.mediabox.height else "P"
            if not runs or runs[-1] != kind:
                runs.append(kind)
        return runs

    assert orientation_runs(weasy) == orientation_runs(typst)
    # loosely: Typst compresses CJK punctuation when justifying and sizes perf-table columns from their text, so
    # it needs fewer pages (changji-2024-final: 34 against 40), but not a different document
    n_w, n_t = len(PdfReader(str(weasy)).pages), len(PdfReader(str(typst)).pages)
    assert abs(n_w - n_t) <= max(2, n_w // 4), (n_w, n_t)


def test_toc_page_numbers_point_at_the_headings(rendered):
    """Each 目录 line ends with the page ("— N —") on which its heading or table title is printed."""
    pdf = rendered["changji-2025-budget"]["typst_path"]
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = out.split("\f")[:-1]
    toc_page = next(i for i, p in enumerate(pages) if "目" in p and "录" in p and "第一部分" in p)
    entries = re.findall(r"^\s*(\S.*?)\s*(?:\.\s?){3,}\s*(\d+)\s*$", pages[toc_page], re.M)
    assert len(entries) >= 20
    # the printed number of each page ("— N —"); cover and 目录 are unnumbered, 第一部分 is page 1
    by_number = {int(m.group(1)): page for page in pages for m in [re.search(r"—\s*(\d+)\s*—", page)] if m}
    assert min(by_number) == 1 and toc_page + 1 not in [i for i, p in enumerate(pages) if "— 1 —" in p]
    for title, number in entries:
        n = int(number)
        assert n in by_number, n
        title = re.sub(r"^[一二三四五六七八九十]+、", "", squash(title))  # 目录 numbers the tables, their titles not
        assert title in squash(by_number[n]), (title, n)


def test_fonts_embedded_outline_and_landscape(rendered):
    pdf = rendered["changji-2025-budget"]["typst_path"]
    reader = PdfReader(str(pdf))
    fonts = {}
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            for desc in font.get_object().get("/DescendantFonts", []):
                d = desc.get_object()["/FontDescriptor"].get_object()
                fonts[str(d["/FontName"])] = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()) and any("CJK" in name for name in fonts)
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[:2] == ["目\u3000录", "第一部分 2025年部门概况"]  # the 目录 is a bookmark too (issue 24)
    assert any(p.mediabox.width > p.mediabox.height for p in reader.pages)  # 表2 and friends are landscape
    first = reader.pages[0].extract_text()
    assert "—" not in first  # no page number on the cover


HOSTILE = "a#b $x$ *y* _z_ [w] \\q <lab> @ref `code` = - + / // /* ~ \"q\" 's' http://x.cn 1. #let x = 1 ]) }"


def test_hostile_characters_are_printed_literally(tmp_path):
    html = (
        f"<html><head><title>{escape(HOSTILE)}</title></head><body>"
        f"<h2 id='h'>{escape(HOSTILE)}</h2><p>{escape(HOSTILE)}<br>"
        f"<span class='term'>{escape(HOSTILE)}</span></p>"
        f"<table class='data'><tbody><tr><td class='num'>{escape(HOSTILE)}</td>"
        f"<th>{escape(HOSTILE)}</th></tr></tbody></table></body></html>"
    )
    target = tmp_path / "x.pdf"
    write_typst_pdf(html, load_region("xinjiang"), target)
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert squash(text).count(squash(HOSTILE)) == 5  # heading, paragraph, bold span, td, th


def test_missing_glyph_stops_typst_rendering(tmp_path):
    html = "<html><body><p>正常文字\ue000</p></body></html>"
    with pytest.raises(RenderError) as exc:
        write_typst_pdf(html, load_region("xinjiang"), tmp_path / "x.pdf")
    assert "U+E000" in exc.value.format_message()
    assert not (tmp_path / "x.pdf").exists()


def test_unsupported_element_is_an_error(tmp_path):
    with pytest.raises(RenderError) as exc:
        write_typst_pdf("<html><body><ul><li>x</li></ul></body></html>", load_region("xinjiang"), tmp_path / "x.pdf")
    assert "<ul>" in exc.value.format_message()


def test_colgroup_widths_spans_and_repeated_header():
    rows = "".join(f"<tr><td>第{i}行</td><td class='num'>{i}.00</td></tr>" for i in range(3))
    html = (
        "<html><body><div class='table-block'><table class='data fixed'><colgroup><col style='width:25.00%'>"
        "<col style='width:75.00%'></colgroup><thead><tr><th colspan='2'>表头</th></tr></thead>"
        f"<tbody><tr><td rowspan='2'>合</td><td>1</td></tr><tr><td>2</td></tr>{rows}</tbody></table></div>"
        "</body></html>"
    )
    src = typst_source(html_document(html, load_region("xinjiang")))
    assert "columns: (25%, 75%,)" in src
    assert "table.header(th(colspan: 2)" in src
    assert "rowspan: 2, breakable: true" in src


def test_html_white_space_collapses_but_ideographic_space_stays():
    src = typst_source(html_document("<html><body><p>\n 目　录  a\n b </p></body></html>", load_region("xinjiang")))
    assert '#par[#"目　录 a b"]' in src


@pytest.mark.parametrize("engine", ["typst", "weasyprint"])
def test_pdf_a_3u_setting(tmp_path, engine):
    from generator.writers import get_writer

    html = "<html><head><title>测试</title></head><body><h1 id='p1'>第一部分</h1><p>正文</p></body></html>"
    region = load_region("xinjiang")
    region.settings = {**region.settings, "PDF引擎": engine, "PDF归档": "是"}
    target = tmp_path / "a.pdf"
    get_writer("pdf").write(html_document(html, region), resolve_options(region.settings), target)
    xmp = PdfReader(str(target)).xmp_metadata.stream.get_data()
    assert re.search(rb'pdfaid:part(="|>)3', xmp) and re.search(rb'pdfaid:conformance(="|>)U', xmp, re.I)


def test_cli_engine_option_and_region_setting(tmp_path):
    src = INPUTS.parent / "examples" / "final-tables" / "input"
    result = CliRunner().invoke(
        main, ["render", str(src), "-o", str(tmp_path / "t"), "--format", "pdf", "--pdf-engine", "typst"]
    )
    assert result.exit_code == 0, result.output
    pdf = next((tmp_path / "t").glob("*.pdf"))
    assert b"Typst" in pdf.read_bytes()[-4000:] or b"Typst" in pdf.read_bytes()
    result = CliRunner().invoke(main, ["render", str(src), "-o", str(tmp_path / "x"), "--pdf-engine", "latex"])
    assert result.exit_code != 0
    region = load_region("xinjiang")
    region.settings = {**region.settings, "PDF引擎": "latex"}
    from generator.errors import DiscloseError

    with pytest.raises(DiscloseError):
        resolve_options(region.settings)


def test_cjk_fallback_stays_in_the_region_fonts(tmp_path):
    """A Latin-only 表格 font: the Chinese of the cells falls back to the region's SC fonts, not to a JP face."""
    if "DejaVu Sans" not in subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout:
        pytest.skip("DejaVu Sans is not installed")
    region = load_region("xinjiang")
    region.settings = {**region.settings, "字体": {**region.settings["字体"], "表格": "DejaVu Sans"}}
    target = tmp_path / "f.pdf"
    write_typst_pdf("<html><body><table class='data'><tr><td>正文 abc</td></tr></table></body></html>", region, target)
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    assert "CJKsc" in fonts and "CJKjp" not in fonts


def test_toc_tolerates_duplicate_and_unknown_targets(tmp_path):
    html = (
        "<html><body><nav class='toc'><h1 class='toc-title'>目录</h1><p class='toc-1'><a href='#a'>甲</a></p>"
        "<p class='toc-1'><a href='#zz'>乙</a></p><p class='toc-1'><a href='#c'>丙</a></p></nav>"
        "<h1 id='a'>甲</h1><h2 id='a'>又甲</h2><table class='data'><tbody><tr><td id='c'>丙</td></tr></tbody>"
        "</table></body></html>"
    )
    target = tmp_path / "t.pdf"
    write_typst_pdf(html, load_region("xinjiang"), target)
    text = squash(subprocess.run(["pdftotext", "-raw", str(target), "-"], capture_output=True, text=True).stdout)
    assert "乙" in text and "丙" in text


def test_page_setup_of_the_region_is_followed(tmp_path):
    """版面方案 公文 (GB/T 9704-2012) and 版面 keys reach the Typst PDF as they reach print.css: margins top 37 mm,
    right 26, bottom 35, left 28; body 16 pt on 28.95 pt lines; page numbers on the outer side; 楷体 for （一）."""
    from generator.writers.typst.writer import typst_family

    region = load_region("xinjiang")
    region.settings = {**region.settings, "版面方案": "公文", "版面": {"页码位置": "外侧", "页码格式": "第{页}页"}}
    html = (
        "<html><body><h1 id='p1'>第一部分 概况</h1><h2>一、主要职能</h2><h3>（一）机构</h3>"
        + "<p>负责重大环境问题的统筹协调和监督管理，负责环境污染防治的监督管理，负责环境监测和信息发布。</p>" * 40
        + "</body></html>"
    )
    source = typst_source(html_document(html, region))
    assert "margin: (top: 37mm, right: 26mm, bottom: 35mm, left: 28mm)" in source
    assert "size: 16pt" in source and "leading: 28.95pt - 1em" in source
    assert "calc.odd(counter(page).get().first())" in source  # 外侧, by the printed number
    target = tmp_path / "g.pdf"
    write_typst_pdf(html, region, target)
    bbox = subprocess.run(["pdftotext", "-bbox", str(target), "-"], capture_output=True, text=True).stdout
    pages = re.findall(r"<page .*?</page>", bbox, re.S)
    assert len(pages) >= 2
    left_edges = [float(x) for x in re.findall(r'xMin="([\d.]+)"', pages[1])]
    assert abs(min(left_edges) - 28 * 72 / 25.4) < 0.5  # the lines start at the 28 mm left margin
    assert any(abs(x - (28 * 72 / 25.4 + 16)) < 0.5 for x in left_edges)  # even page: number at the left, 1em in
    text = pdf_text(target)
    assert "第1页" in squash(text) and "第2页" in squash(text)
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    if "UKai" in typst_family("AR PL UKai CN"):  # fonts-arphic-ukai, the free 楷体 (make install)
        assert "UKai" in fonts


def test_a_tables_last_rows_keep_together():
    """The rows the table-ends pass marks keep (render/breaks.py: the last three, or the data-keep rows) go into a
    footer printed once, which Typst keeps together with the row before it — never across a rowspan; a short table
    is not split."""
    from generator.render.breaks import keep_table_ends
    from generator.writers.typst.tables import _keep_from

    def marked(n: int, keep: int) -> list[bool]:
        return [i > n - keep for i in range(n)]

    assert _keep_from(marked(20, 3), list(range(20))) == 17
    assert _keep_from(marked(20, 5), list(range(20))) == 15
    assert _keep_from(marked(20, 5), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 15, 16, 17, 18, 19]) == 14
    assert _keep_from(marked(4, 3), list(range(4))) == 2  # two rows before the footer: enough to begin it
    assert _keep_from([False] * 20, list(range(20))) == 20
    rows = "".join(f"<tr><td>{i}</td><td class='num'>{i}.00</td></tr>" for i in range(12))
    document = html_document(
        f"<html><body><table class='data'><thead><tr><th>项目</th><th>金额</th></tr></thead><tbody>{rows}"
        "</tbody></table></body></html>",
        load_region("xinjiang"),
    )
    keep_table_ends(document)
    src = typst_source(document)
    footer = src[src.index("table.footer(repeat: false") :]
    assert '#"9"' in footer and '#"11.00"' in footer and '#"8"' not in footer


def test_full_width_punctuation_keeps_its_width_in_justified_lines(tmp_path):
    """Issue 24: the optimized line breaker shrank "，" to half an em to fit one more character into a justified line
    ("占9.01%, 比上年"). With first-fit breaking lines are only stretched: every comma inside a line advances at least
    its full em (pdfplumber reads where each glyph is set; the body is 16 pt in the 公文 scheme, 12 pt otherwise)."""
    import pdfplumber

    region = load_region("xinjiang")
    sentence = "一般公共预算当年拨款736.38万元，占15.74%，比上年预算增加78.20万元，增长11.88%，主要原因是人员调整。"
    html = "<html><body><h1 id='p1'>第三部分 情况说明</h1>" + f"<p>{sentence * 6}</p>" * 8 + "</body></html>"
    target = tmp_path / "p.pdf"
    write_typst_pdf(html, region, target)
    advances = []
    with pdfplumber.open(target) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["size"] > 10]  # the body text, not the page number
            for a, b in zip(chars, chars[1:], strict=False):
                if a["text"] == "，" and abs(a["top"] - b["top"]) < 1:  # a comma with a character after it on its line
                    advances.append((b["x0"] - a["x0"]) / a["size"])
    assert len(advances) > 50
    assert min(advances) >= 0.98, sorted(advances)[:5]


def test_a_batch_lets_typst_forget_each_report(tmp_path, monkeypatch):
    """typst-py keeps what its last ten compiles used: a batch process would hold up to ten reports' layouts (six seed
    reports in one process: 1.5 GB; measured in docs/performance.md, not here). batch.render_one releases them after
    each report (eleven empty compiles), and Typst compiles as before afterwards."""
    from generator import batch
    from generator.writers import typst as typst_writer

    calls = []
    real = typst_writer.release_caches
    monkeypatch.setattr(typst_writer, "release_caches", lambda: calls.append(1) or real())
    out = batch.render_one(str(INPUTS / "changji-2025-budget"), str(tmp_path / "a"), ["pdf"], None, {})
    assert out.error is None and calls == [1]
    out = batch.render_one(str(INPUTS / "changji-2025-budget"), str(tmp_path / "b"), ["pdf"], None, {})
    assert out.error is None and calls == [1, 1] and any((tmp_path / "b").glob("*.pdf"))
