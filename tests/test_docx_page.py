"""The DOCX follows the region's page setup and type (版面方案 / 版面), as the PDF does.

Expected values are GB/T 9704-2012's and the settings' (docs/customizing.md), converted by hand: 1 mm = 1440 / 25.4
twips (37 mm = 2097.6), sizes in half points (三号 16 pt = 32), line heights in twips (28.95 pt = 579).
"""

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import INPUTS, libreoffice_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
needs_lo = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")


def _write(path: Path, **settings) -> Path:
    from generator.pipeline import prepare
    from generator.render import render_document
    from generator.writers import Options
    from generator.writers.docx import write as write_docx

    p = prepare(INPUTS / "changji-2025-budget")
    p.region.settings = {**p.region.settings, **settings}
    write_docx(render_document(p.report, p.figures, p.region), Options(page_map={}), path)
    return path


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx-page")
    return {
        "default": _write(out / "default.docx"),
        "公文": _write(out / "gongwen.docx", 版面方案="公文"),
        "override": _write(
            out / "override.docx",
            版面方案="公文",
            版面={"页边距": "30mm 25mm 30mm 25mm", "页码格式": "第{页}页", "字体": {"正文": "方正仿宋_GBK, 仿宋"}},
        ),
    }


def _part(path: Path, name: str):
    return etree.fromstring(zipfile.ZipFile(path).read(name))


def _styles(path: Path) -> dict:
    return {s.find(W + "name").get(W + "val"): s for s in _part(path, "word/styles.xml").iter(W + "style")}


def _attr(el, path: str, attr: str):
    found = el.find(path.replace("w:", W))
    return None if found is None else found.get(W + attr)


def _font(style) -> str:
    return _attr(style, "w:rPr/w:rFonts", "eastAsia")


def _sections(path: Path) -> list:
    return list(_part(path, "word/document.xml").iter(W + "sectPr"))


def _margins(sect) -> dict[str, int]:
    mar = sect.find(W + "pgMar")
    return {k: int(mar.get(W + k)) for k in ("top", "right", "bottom", "left")}


def _footers(path: Path) -> dict[str, etree._Element]:
    """type (default/even) → footer part of the first section with a page number."""
    rels = _part(path, "word/_rels/document.xml.rels")
    target = {r.get("Id"): r.get("Target") for r in rels}
    for sect in _sections(path):
        refs = {ref.get(W + "type"): target[ref.get(R_ID)] for ref in sect.iter(W + "footerReference")}
        parts = {kind: _part(path, "word/" + name) for kind, name in refs.items()}
        if any(b"PAGE" in etree.tostring(part) for part in parts.values()):
            return parts
    return {}


def _footer_runs(footer) -> tuple[str, str, set[str]]:
    """(jc, text with the PAGE field as {PAGE}, run sizes) of a footer's paragraph."""
    p = footer.find(W + "p")
    text = ""
    for r in p.iter(W + "r"):
        text += "".join(t.text for t in r.iter(W + "t")) if r.find(W + "fldChar") is None else ""
        instr = r.find(W + "instrText")
        if instr is not None and instr.text.strip() == "PAGE":
            text += "{PAGE}"
    text = text.replace("{PAGE}1", "{PAGE}")  # the field's cached result
    sizes = {sz.get(W + "val") for sz in p.iter(W + "sz") if sz.getparent().getparent().tag == W + "r"}
    return _attr(p, "w:pPr/w:jc", "val"), text, sizes


def _twips(mm: float) -> float:
    return mm * 1440 / 25.4


def test_gongwen_page_geometry_is_gbt_9704(docs):
    sections = _sections(docs["公文"])
    portrait = next(s for s in sections if s.find(W + "pgSz").get(W + "orient") is None)
    landscape = next(s for s in sections if s.find(W + "pgSz").get(W + "orient") == "landscape")
    # A4 with 版心 156 × 225 mm: top 37, right 26, bottom 35, left 28 mm
    got = _margins(portrait)
    for side, mm in {"top": 37, "right": 26, "bottom": 35, "left": 28}.items():
        assert abs(got[side] - _twips(mm)) <= 1, (side, got[side])
    assert int(portrait.find(W + "pgSz").get(W + "w")) == pytest.approx(_twips(210), abs=1)
    # landscape pages keep 横向页边距 (18/15 mm, as 通用) on the turned paper
    got = _margins(landscape)
    assert abs(got["top"] - _twips(18)) <= 1 and abs(got["left"] - _twips(15)) <= 1
    assert int(landscape.find(W + "pgSz").get(W + "w")) == pytest.approx(_twips(297), abs=1)


def test_gongwen_tables_span_the_156_mm_text_width(docs):
    body = _part(docs["公文"], "word/document.xml").find(W + "body")
    first = next(body.iter(W + "tbl"))  # 表1, portrait
    width = int(first.find(f"{W}tblPr/{W}tblW").get(W + "w"))
    assert _twips(156) - 10 <= width <= _twips(156)


def test_gongwen_type_sizes_line_and_letter_spacing(docs):
    styles = _styles(docs["公文"])
    normal = styles["Normal"]
    assert _attr(normal, "w:rPr/w:sz", "val") == "32"  # 三号 16 pt
    assert _attr(normal, "w:pPr/w:spacing", "line") == "579"  # 28.95 pt exactly (225 mm / 22 lines)
    assert _attr(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    # 字距 −0.21 pt = −4.2 twentieths, rounded down to whole ones: −5 (so 28 characters still fit in 156 mm)
    assert _attr(normal, "w:rPr/w:spacing", "val") == "-5"
    assert _attr(styles["表格文字"], "w:rPr/w:spacing", "val") == "0"  # tables keep normal spacing, as print.css
    # Body Text indents two characters of 16 pt: 640 twips
    assert _attr(styles["Body Text"], "w:pPr/w:ind", "firstLine") == "640"
    sizes = {n: _attr(styles[f"heading {n}"], "w:rPr/w:sz", "val") for n in (1, 2, 3)}
    assert sizes == {1: "44", 2: "32", 3: "32"}  # 二号 22 pt, 三号 16 pt, 三号 16 pt
    assert _attr(styles["heading 2"], "w:pPr/w:spacing", "line") == "579"


def test_gongwen_fonts_are_the_first_named_family_of_each_role(docs):
    styles = _styles(docs["公文"])
    assert _font(styles["Normal"]) == "仿宋_GB2312"  # named although not installed here
    assert _font(styles["heading 1"]) == "方正小标宋简体" and _font(styles["Title"]) == "方正小标宋简体"
    assert _font(styles["heading 2"]) == "黑体"
    assert _font(styles["heading 3"]) == "楷体_GB2312"
    assert _font(styles["表格文字"]) == "宋体"  # 公文 names no table font: Word字体 as before


def test_gongwen_page_numbers_outside_at_sihao(docs):
    settings = _part(docs["公文"], "word/settings.xml")
    assert settings.find(W + "evenAndOddHeaders") is not None
    footers = _footers(docs["公文"])
    assert _footer_runs(footers["default"]) == ("right", "— {PAGE} —", {"28"})  # 四号 14 pt
    assert _footer_runs(footers["even"]) == ("left", "— {PAGE} —", {"28"})
    # one character (14 pt = 280 twips) in from the margin, as GB/T 9704 places them
    assert _attr(footers["default"].find(W + "p"), "w:pPr/w:ind", "right") == "280"
    assert _attr(footers["even"].find(W + "p"), "w:pPr/w:ind", "left") == "280"
    # cover and 目录: no number on odd or even pages
    first = _sections(docs["公文"])[0]
    rels = {r.get("Id"): r.get("Target") for r in _part(docs["公文"], "word/_rels/document.xml.rels")}
    for ref in first.iter(W + "footerReference"):
        assert b"PAGE" not in etree.tostring(_part(docs["公文"], "word/" + rels[ref.get(R_ID)]))


def test_banmian_keys_override_the_scheme(docs):
    portrait = _sections(docs["override"])[0]
    got = _margins(portrait)
    for side, mm in {"top": 30, "right": 25, "bottom": 30, "left": 25}.items():
        assert abs(got[side] - _twips(mm)) <= 1, side
    footers = _footers(docs["override"])
    assert _footer_runs(footers["default"])[1] == "第{PAGE}页"
    assert _font(_styles(docs["override"])["Normal"]) == "方正仿宋_GBK"
    assert _font(_styles(docs["override"])["heading 2"]) == "黑体"  # the scheme's, not overridden


def test_default_report_keeps_todays_page_and_type(docs):
    styles = _styles(docs["default"])
    got = _margins(_sections(docs["default"])[0])
    for side, mm in {"top": 25, "right": 20, "bottom": 22, "left": 20}.items():
        assert abs(got[side] - _twips(mm)) <= 1, side
    assert _attr(styles["Normal"], "w:rPr/w:sz", "val") == "24"  # 12 pt
    assert _attr(styles["Normal"], "w:pPr/w:spacing", "line") == "384"  # 1.6 × 12 pt = 19.2 pt
    assert _attr(styles["Normal"], "w:rPr/w:spacing", "val") is None  # 字距 normal
    assert {n: _attr(styles[f"heading {n}"], "w:rPr/w:sz", "val") for n in (1, 2, 3)} == {1: "32", 2: "26", 3: "24"}
    assert _font(styles["Normal"]) == "仿宋" and {_font(styles[f"heading {n}"]) for n in (1, 2, 3)} == {"黑体"}
    assert _part(docs["default"], "word/settings.xml").find(W + "evenAndOddHeaders") is None
    footers = _footers(docs["default"])
    assert set(footers) == {"default"}
    assert _footer_runs(footers["default"]) == ("center", "— {PAGE} —", {"18"})  # 9 pt, as the PDF


def test_front_pages_counted_numbers_both_footers_from_the_cover(tmp_path):
    path = _write(tmp_path / "c.docx", 版面方案="公文", 版面={"前置页计页码": "是"})
    first = _sections(path)[0]
    assert {ref.get(W + "type") for ref in first.iter(W + "footerReference")} == {"default", "even"}
    assert first.find(W + "pgNumType") is None  # counted from the cover: no restart
    assert b"PAGE" in etree.tostring(_footers(path)["even"])


def test_named_fonts_take_the_first_family_with_page_setup_precedence():
    from generator.render.page import named_fonts

    word = {"正文": "仿宋", "标题": "黑体", "表格": "宋体"}
    assert named_fonts({"版面方案": "通用"}, word) == {
        "正文": "仿宋",
        "标题": "黑体",
        "表格": "宋体",
        "一级标题": "黑体",
        "二级标题": "黑体",
    }
    fonts = named_fonts({"版面方案": "公文", "版面": {"字体": {"标题": "华文中宋, 宋体"}}}, word)
    assert fonts["正文"] == "仿宋_GB2312" and fonts["标题"] == "华文中宋" and fonts["表格"] == "宋体"
    # without a base the region's 字体 (the PDF's lists) is the bottom layer
    assert named_fonts({"字体": {"正文": "Noto Serif CJK SC, serif"}})["正文"] == "Noto Serif CJK SC"


def test_line_height_as_factor_or_length():
    from generator.errors import RenderError
    from generator.render.page import DEFAULTS, letter_spacing_pt, line_pt

    assert line_pt(DEFAULTS, 12) == pytest.approx(19.2)
    assert line_pt({**DEFAULTS, "行距": "28.95pt"}, 22) == pytest.approx(28.95)
    assert line_pt({**DEFAULTS, "行距": "10mm"}, 12) == pytest.approx(28.3465, abs=1e-3)
    assert letter_spacing_pt(DEFAULTS) is None
    assert letter_spacing_pt({**DEFAULTS, "字距": "0.05em", "正文字号": "16pt"}) == pytest.approx(0.8)
    with pytest.raises(RenderError, match="行距"):
        line_pt({**DEFAULTS, "行距": "宽"}, 12)


@needs_lo
def test_libreoffice_puts_odd_numbers_right_and_even_numbers_left(docs, tmp_path):
    pdf = libreoffice_pdf(docs["公文"], tmp_path)
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True).stdout
    numbers = {}  # printed number → (left, right) of the footer line as fractions of the page width
    for page in etree.fromstring(xml, etree.XMLParser(recover=True)).iter("{*}page"):
        words = list(page.iter("{*}word"))
        bottom = max((float(wd.get("yMax")) for wd in words), default=0)
        line = [wd for wd in words if float(wd.get("yMax")) == bottom]
        text = "".join(wd.text for wd in line)
        if text.startswith("—") and text.endswith("—"):
            width = float(page.get("width"))
            numbers[text.strip("—")] = (float(line[0].get("xMin")) / width, float(line[-1].get("xMax")) / width)
    assert numbers["1"][0] > 0.6  # odd page: right
    assert numbers["2"][1] < 0.4  # even page: left
