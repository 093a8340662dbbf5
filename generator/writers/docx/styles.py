"""Word styles and East-Asian fonts, resolved once per document.

Word gives theme fonts (``w:asciiTheme``, ``w:eastAsiaTheme`` …) precedence over named fonts, so the default
template's headings showed in Calibri/a Japanese Gothic beside 黑体 (python-docx issues #805, #1089): every theme
attribute is removed from styles.xml and each style names its East-Asian and Latin font explicitly. Title loses the
template's blue bottom rule and colours. Sizes, line heights and letter spacing come from the region's page setup
(render/page.py, the values print.css uses), fonts from :func:`generator.render.page.named_fonts`.
"""

from __future__ import annotations

import math

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ...render.page import DEFAULTS, length_pt, letter_spacing_pt, line_pt
from .ooxml import ppr_set, sub

_THEME_ATTRS = [qn("w:" + a) for a in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")]
_COLOR_THEME_ATTRS = [qn("w:" + a) for a in ("themeColor", "themeShade", "themeTint")]

# paragraph styles the writer adds: name → (font role, size pt or None for 正文字号, bold, alignment)
CUSTOM: dict[str, tuple[str, float | None, bool, str]] = {
    "表号": ("表格", 11, False, "left"),
    "表名": ("标题", 15, True, "center"),
    "表副题": ("正文", None, False, "center"),
    "表注": ("表格", 9, False, "left"),
    "表格文字": ("表格", 9, False, "left"),
    "落款": ("正文", None, False, "right"),
}
# print.css: tables, table titles and numbers keep normal letter spacing when 字距 tightens the text
NORMAL_LETTER_SPACING = ("表号", "表名", "表格文字")
# fonts of a role no 版面方案/版面 setting names (and no Word字体 either)
WORD_FONTS = {"正文": "仿宋", "标题": "黑体", "表格": "宋体"}
# w:rPr children that the schema places after w:spacing
_RPR_AFTER_SPACING = {
    qn("w:" + n)
    for n in (
        "w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout "
        "specVanish oMath"
    ).split()
}


def set_east_asian(target, name: str) -> None:
    """Name one font for Latin and East-Asian text on a style's or run's rPr (python-docx only sets Latin)."""
    rpr = target.element.get_or_add_rPr()  # styles and runs both expose .element
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(attr, None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _strip_themes(styles_el) -> None:
    """No theme fonts or theme colours anywhere in styles.xml (docDefaults, paragraph and character styles)."""
    for fonts in styles_el.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(attr, None)
    for color in styles_el.iter(qn("w:color")):
        for attr in _COLOR_THEME_ATTRS:
            color.attrib.pop(attr, None)


def _remove_borders(style) -> None:
    ppr = style.element.find(qn("w:pPr"))
    if ppr is not None:
        for bdr in ppr.findall(qn("w:pBdr")):
            ppr.remove(bdr)


def _spacing(style, before: float, after: float, line: float) -> None:
    """Space before/after and an exact line height, in points (print.css)."""
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = Pt(line)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _letter_spacing(style, points: float) -> None:
    """Character spacing (``w:spacing``, whole twentieths of a point) on the style's rPr, in schema order.

    Rounded down, so that a line holds at least the characters of the PDF's: 公文's −0.21pt becomes −0.25pt, as
    −0.20pt would make 28 characters of 三号 0.2pt wider than the 156 mm 版心 (27 a line instead of 28)."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    el = rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(math.floor(points * 20 + 1e-9))})
    after = next((child for child in rpr if child.tag in _RPR_AFTER_SPACING), None)
    if after is not None:
        after.addprevious(el)
    else:
        rpr.append(el)


def _paragraph_style(st, name: str, style_id: str | None = None, base=None):
    """The style called *name*, added (with *style_id* when given) if the template lacks it."""
    for s in st:
        if s.name == name:
            return s
    s = st.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if style_id:
        s.element.set(qn("w:styleId"), style_id)
    if base is not None:
        s.base_style = base
    return s


def _toc_style(st, level: int, body_font: str, tab_twips: int, normal, size: float, line: float):
    """Word's built-in "toc N" style (Word regenerates the 目录 with it): right tab with a dot leader."""
    s = _paragraph_style(st, f"toc {level}", f"TOC{level}", normal)
    set_east_asian(s, body_font)
    s.font.size = Pt(size)
    s.paragraph_format.left_indent = Pt(2 * size * (level - 1))
    s.paragraph_format.first_line_indent = None
    s.paragraph_format.alignment = 0
    _spacing(s, 0, 2, line)
    s.paragraph_format.right_indent = Pt(2 * size)  # a long entry wraps before the page-number column
    tabs = ppr_set(s.element, "tabs")  # pPr exists: paragraph_format above created it
    sub(tabs, "tab", val="right", leader="dot", pos=tab_twips)
    return s


def setup_styles(doc, fonts: dict, text_width_twips: int, page: dict | None = None) -> dict[str, str]:
    """Configure the styles with *fonts* (role → family name) and the type of *page* (a page_setup result;
    the defaults when None); returns role → style id (the writer never looks a style up by name again)."""
    page = page or DEFAULTS
    body, head, table = (fonts.get(role, WORD_FONTS[role]) for role in ("正文", "标题", "表格"))
    heads = {1: head, 2: fonts.get("一级标题", head), 3: fonts.get("二级标题", head)}
    size = length_pt(page["正文字号"], "正文字号")
    sizes = {n: length_pt(page[key], key) for n, key in ((1, "标题字号"), (2, "一级标题字号"), (3, "二级标题字号"))}
    st = doc.styles
    _strip_themes(st.element)
    defaults = st.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rfonts = defaults.find(".//" + qn("w:rFonts"))
        if rfonts is not None:
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rfonts.set(qn(attr), body)
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:eastAsia"), "zh-CN")
    normal = st["Normal"]
    set_east_asian(normal, body)
    normal.font.size = Pt(size)
    _spacing(normal, 0, 4, line_pt(page, size))
    tracking = letter_spacing_pt(page)
    if tracking is not None:
        _letter_spacing(normal, tracking)
    for name, font, pt in (
        ("Title", head, 22),
        ("Heading 1", heads[1], sizes[1]),
        ("Heading 2", heads[2], sizes[2]),
        ("Heading 3", heads[3], sizes[3]),
    ):
        s = st[name]
        set_east_asian(s, font)
        s.font.size = Pt(pt)
        s.font.bold = True
        s.font.color.rgb = RGBColor(0, 0, 0)
        s.font.italic = False
        _remove_borders(s)
    title = st["Title"].paragraph_format
    title.alignment = 1
    title.space_before, title.space_after = Pt(0), Pt(12)
    title.line_spacing = 1.0
    st["Heading 1"].paragraph_format.alignment = 1  # centred part titles
    # spacing as print.css sets it, so that the DOCX paginates like the PDF (its 目录 numbers come from the PDF)
    for n, (before, after) in {1: (0, 12), 2: (12, 6), 3: (6, 4)}.items():
        _spacing(st[f"Heading {n}"], before, after, line_pt(page, sizes[n]))
    for n in (2, 3):  # indented two characters, as print.css
        ppr_set(st[f"Heading {n}"].element, "ind", firstLineChars=200, firstLine=int(round(sizes[n] * 40)))
    text = _paragraph_style(st, "Body Text", "BodyText", normal)  # 正文文本: 两端对齐, 首行缩进两字
    ppr_set(text.element, "ind", firstLineChars=200, firstLine=int(round(size * 40)))
    ppr_set(text.element, "jc", val="both")
    for name, (role, custom_size, bold, align) in CUSTOM.items():
        s = _paragraph_style(st, name, None, normal)
        set_east_asian(s, {"正文": body, "标题": head, "表格": table}[role])
        pt = custom_size or size
        s.font.size = Pt(pt)
        s.font.bold = bold
        s.paragraph_format.alignment = {"left": 0, "center": 1, "right": 2}[align]
        s.paragraph_format.first_line_indent = None
        if name == "表格文字":
            s.paragraph_format.space_after = Pt(0)
            s.paragraph_format.line_spacing = 1.0
        elif name == "表名":
            _spacing(s, 2, 4, line_pt(page, pt))
        elif name == "表注":  # print.css p.note: 3 pt above, lines 1.3 apart
            _spacing(s, 3, 0, pt * 1.3)
        elif name in ("表号", "表副题"):
            _spacing(s, 0, 0 if name == "表号" else 4, line_pt(page, pt))
        if tracking is not None and name in NORMAL_LETTER_SPACING:
            _letter_spacing(s, 0)
    toc1 = _toc_style(st, 1, body, text_width_twips, normal, size, line_pt(page, size))
    toc2 = _toc_style(st, 2, body, text_width_twips, normal, size, line_pt(page, size))
    ids = {
        "Normal": normal.style_id,
        "Title": st["Title"].style_id,
        "正文": text.style_id,
        "toc 1": toc1.style_id,
        "toc 2": toc2.style_id,
        "Table Grid": st["Table Grid"].style_id,
    }
    for n in (1, 2, 3):
        ids[f"Heading {n}"] = st[f"Heading {n}"].style_id
    for name in CUSTOM:
        ids[name] = st[name].style_id
    return ids
