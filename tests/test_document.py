"""The one document: parsed once after Jinja, finished by ordered passes (render/passes.py), read by every writer
through one contract (writers/__init__.py)."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest

from generator.errors import DiscloseError, RenderError
from generator.render.grid import place, table_grid, table_rows
from generator.render.passes import PASSES
from generator.render.serialize import parse, to_html
from generator.render.tree import document_from_html


def _doc(html: str):
    return document_from_html(html, installed=lambda family: True)


def _run(document, *names: str):
    for p in PASSES:
        if p.name in names:
            p.run(document)
    return document


def test_passes_run_in_their_declared_order():
    names = [p.name for p in PASSES]
    assert names == ["contained", "values", "vocabulary", "widths", "pages", "outline", "fit", "table-ends"]
    # a pass reads what an earlier one decided: fit the widths' layouts and the pages' markers, table-ends fit's
    assert names.index("widths") < names.index("fit") and names.index("pages") < names.index("fit")
    assert names.index("fit") < names.index("table-ends")


def test_the_tree_is_written_back_as_jinja_wrote_it():
    html = (
        '<!DOCTYPE html>\n<html><head><style>a{font-family:"x"}</style></head><body>'
        '<p title="a&#34;b&#39;c">t&#34;x&#39;y&lt;z&gt;&amp;w</p></body></html>'
    )
    assert to_html(parse(html)) == html


def test_grid_places_spans_once_and_ends_a_rowspan_with_its_row_group():
    table = lxml.html.fragment_fromstring(
        "<table><thead><tr><th rowspan='3'>a</th><th colspan='2'>b</th></tr><tr><th>c</th><th>d</th></tr></thead>"
        "<tbody><tr><td>1</td><td>2</td><td>3</td></tr><tr><td colspan='2'>4</td></tr></tbody></table>"
    )
    g = table_grid(table)
    assert g.ncols == 3
    assert [(c.row, c.col, c.rowspan, c.colspan) for c in g.cells] == [
        (0, 0, 2, 1),  # rowspan 3 cut at the end of the thead
        (0, 1, 1, 2),
        (1, 1, 1, 1),
        (1, 2, 1, 1),
        (2, 0, 1, 1),
        (2, 1, 1, 1),
        (2, 2, 1, 1),
        (3, 0, 1, 2),
    ]
    assert g.ends == [3, 3, 3, 2]  # the short last row ends one slot early
    narrow = place(table_rows(table), width=2)
    assert max(c.col + c.colspan for c in narrow.cells) == 2


def test_values_pass_puts_the_exact_amount_on_its_cell():
    from generator.formats import FILTERS

    cell = FILTERS["cell"]
    html = f"<table><tr><td class='num'>{cell(Decimal('1744.6812'))}</td><td class='num'>{cell(Decimal('0.00'))}</td>"
    html += f"<td class='num'>{cell(None)}</td><td class='num'>{FILTERS['amount'](Decimal('20.00'))}</td></tr></table>"
    doc = _run(_doc(html), "values")
    tds = doc.root.findall(".//td")
    assert [td.get("data-value") for td in tds] == ["1744.6812", "0", None, "20"]
    assert ["".join(td.itertext()) for td in tds] == ["1,744.68", "", "", "20.00"]
    assert doc.root.find(".//data") is None


@pytest.mark.parametrize(
    "html,named",
    [
        ('<div class="table-block" id="t5"><ul><li>x</li></ul></div>', "<ul>"),
        ("<h2>三、机构设置</h2><p class='fancy'>文字</p>", "fancy"),
        ("<table data-x='1'><tr><td>1</td></tr></table>", "data-x"),
        ("<p data-break='column'>x</p>", "data-break"),
        ("<p style='color:red'>红</p>", "style"),
    ],
)
def test_vocabulary_refuses_what_a_writer_does_not_know(html, named):
    with pytest.raises(RenderError) as exc:
        _run(_doc(html), "vocabulary")
    message = exc.value.format_message()
    assert named in message and "docs/customizing.md" in message


def test_vocabulary_says_where_the_construct_is():
    with pytest.raises(RenderError, match='位于 <div id="t5"> 中'):
        _run(_doc('<div class="table-block" id="t5"><ul><li>x</li></ul></div>'), "vocabulary")
    with pytest.raises(RenderError, match="在标题“三、机构设置”之后"):
        _run(_doc("<h2>三、机构设置</h2><p class='fancy'>文字</p>"), "vocabulary")


def test_pages_markers():
    html = (
        "<div class='cover'><p class='cover-title'>封面</p></div><nav class='toc'><h1 class='toc-title'>目录</h1></nav>"
        "<h1 class='part'>第一部分</h1><p>正文</p><h1 class='part'>第二部分</h1><div class='table-block'></div>"
        "<div class='table-block wide'></div><div class='perf-block'></div>"
    )
    doc = _run(_doc(html), "pages")
    body = [el for el in doc.body]
    marks = [(el.tag, el.get("data-break"), el.get("data-page"), el.get("data-keep-with-next")) for el in body]
    assert marks == [
        ("div", None, None, None),
        ("nav", "page", None, None),
        ("h1", "page", None, None),
        ("p", None, None, None),
        ("h1", "page", None, "true"),  # the part title heads its first table's page
        ("div", None, None, None),
        ("div", "page", "wide", None),
        ("div", "page", None, None),
    ]
    assert doc.root.find(".//nav/h1").get("data-break") is None


def test_final_title_keeps_the_first_part_on_its_page():
    doc = _run(
        _doc("<div class='final-title'><p class='final-title-line'>决算</p></div><h1 class='part'>一</h1>"), "pages"
    )
    assert doc.body[1].get("data-break") is None


def test_xlsx_reads_exact_amounts_from_the_tree():
    from generator.writers.xlsx import sheets

    html = (
        "<div class='table-block' id='t1'><p class='table-no'>表1</p><p class='table-title'>收支总表</p>"
        "<table class='data' data-cols='2'><thead><tr class='meta'><td>编制单位：甲</td><td>单位：万元</td></tr>"
        "<tr><th>项目</th><th>金额</th></tr></thead><tbody><tr><td>收入</td>"
        "<td class='num' data-value='1744.6812'>1,744.68</td></tr></tbody></table></div>"
    )
    (sheet,) = sheets(_doc(html))
    assert (sheet.no, sheet.title, sheet.unit) == ("表1", "收支总表", "单位：万元")
    assert [c.value for c in sheet.body[0]] == ["收入", Decimal("1744.6812")]
    assert sheet.header[0][0].value == "项目"


def test_writers_registry_and_options():
    from generator.writers import WRITERS, get_writer, in_order, resolve_options

    assert set(WRITERS) == {"pdf", "docx", "html", "xlsx"}
    assert [w.name for w in in_order(["docx", "html", "pdf"])] == ["pdf", "docx", "html"]  # pages first
    with pytest.raises(DiscloseError, match="不支持的输出格式"):
        get_writer("odt")
    assert resolve_options({"PDF引擎": "typst", "PDF归档": "是"}) == resolve_options({}, "typst", "pdf/a-3u")
    assert resolve_options({"PDF引擎": "typst"}, engine="weasyprint").engine == "weasyprint"
    with pytest.raises(DiscloseError, match="PDF 引擎"):
        resolve_options({"PDF引擎": "latex"})


def test_docx_wants_the_page_map_unless_word_updates_it():
    from generator.writers import WRITERS

    html = "<nav class='toc'><p class='toc-1'><a href='#p1'>第一部分</a></p></nav><h1 id='p1'>第一部分</h1>"
    wants = WRITERS["docx"].wants_page_map
    assert wants(document_from_html(html, {"Word目录页码": "PDF"}, installed=lambda f: True))
    assert not wants(document_from_html(html, {"Word目录页码": "更新"}, installed=lambda f: True))
    assert not wants(_doc("<h1 id='p1'>第一部分</h1>"))  # no 目录
    assert not WRITERS["html"].wants_page_map(_doc(html))


def test_pipeline_gives_the_docx_the_page_map_of_the_pdf(tmp_path, monkeypatch):
    """The PDF is written first; the page map read from it reaches the DOCX writer through Options when the DOCX
    cannot be laid out itself (Word目录页码: LibreOffice, the default, where LibreOffice is not installed)."""
    import dataclasses

    from generator import pipeline, writers
    from generator.writers import pagemap

    monkeypatch.setattr(pagemap, "soffice", lambda: None)

    seen = {}

    def pdf(document, options, target):
        seen["pdf"] = options.page_map
        target.write_bytes(b"%PDF")

    def docx(document, options, target):
        seen["docx"] = options.page_map
        target.write_bytes(b"PK")

    monkeypatch.setitem(writers.WRITERS, "pdf", dataclasses.replace(writers.WRITERS["pdf"], write=pdf))
    monkeypatch.setitem(writers.WRITERS, "docx", dataclasses.replace(writers.WRITERS["docx"], write=docx))
    monkeypatch.setattr(pipeline, "page_map", lambda target, document: {e.anchor: 7 for e in document.toc})
    pipeline.render("examples/final-tables/input", tmp_path, ["docx", "pdf"])
    assert seen["pdf"] is None and seen["docx"] is None  # final-tables has no 目录: no page map read
    pipeline.render("inputs/changji-2025-budget", tmp_path, ["docx", "pdf"])
    assert seen["docx"] and set(seen["docx"].values()) == {7}


def test_an_overlay_with_an_unknown_element_writes_nothing(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    overlay = tmp_path / "overlay" / "budget"
    overlay.mkdir(parents=True)
    (overlay / "part1.html.j2").write_text('<h1 id="p1" class="part">第一部分</h1><ul><li>一项</li></ul>', "utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main,
        [
            "render",
            "inputs/changji-2025-budget",
            "-o",
            str(out),
            "--format",
            "html,docx",
            "--templates",
            str(overlay.parent),
        ],
    )
    assert res.exit_code == 1 and "<ul>" in res.output and "第一部分" in res.output
    assert not out.exists() or not any(out.iterdir())


def test_writers_read_the_document_and_never_change_it(tmp_path):
    from generator import pipeline
    from generator.render import render_document
    from generator.writers import Options, get_writer
    from generator.writers.typst import typst_source

    p = pipeline.prepare("examples/final-tables/input")
    document = render_document(p.report, p.figures, p.region)
    before = to_html(document.root)
    for fmt in ("docx", "xlsx", "html"):
        get_writer(fmt).write(document, Options(), tmp_path / f"x.{fmt}")
    typst_source(document)
    assert to_html(document.root) == before == document.html


def test_values_pass_keeps_text_and_children_in_place():
    doc = _run(_doc("<p>a<data value='1'>b<span class='term'>c</span>d</data>e<br>f</p>"), "values")
    assert to_html(doc.root).count("<p>a") == 1
    assert (
        lxml.html.tostring(doc.root.find(".//p"), encoding="unicode") == '<p>ab<span class="term">c</span>de<br>f</p>'
    )
