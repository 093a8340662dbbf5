"""Word styles and East-Asian fonts."""
from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import CharacterStyle
from docx.text.run import Run


def set_east_asian(target: CharacterStyle | Run, name: str) -> None:
    """Set both Latin and East-Asian font on a style's or run's rPr (python-docx only sets the Latin one)."""
    target.font.name = name
    rpr = target.element.get_or_add_rPr()  # styles and runs both expose .element
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def setup_styles(doc: DocxDocument, fonts: dict) -> None:
    body, head, table = fonts.get("正文", "仿宋"), fonts.get("标题", "黑体"), fonts.get("表格", "宋体")
    st = doc.styles
    normal = st["Normal"]
    set_east_asian(normal, body)
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.3
    size: float  # points
    for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12)):
        s = st[name]
        set_east_asian(s, head)
        s.font.size = Pt(size)
        s.font.bold = True
        s.font.color.rgb = RGBColor(0, 0, 0)
        s.font.italic = False
    st["Heading 1"].paragraph_format.alignment = 1  # centred part titles
    for name, size, bold, align in (("表号", 10.5, False, 0), ("表名", 15, True, 1), ("表注", 9, False, 0),
                                    ("表格文字", 9, False, 0), ("落款", 12, False, 2), ("目录项", 12, False, 0)):
        if name not in [x.name for x in st]:
            s = st.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            s.base_style = normal
        s = st[name]
        set_east_asian(s, head if name == "表名" else (table if name.startswith("表") else body))
        s.font.size = Pt(size)
        s.font.bold = bold
        s.paragraph_format.alignment = align
        s.paragraph_format.first_line_indent = None
        if name == "表格文字":
            s.paragraph_format.space_after = Pt(0)
            s.paragraph_format.line_spacing = 1.0
