"""The visitor: one method per supported HTML element."""
from __future__ import annotations

from pathlib import Path

import lxml.html
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml.html import HtmlElement

from ...errors import RenderError
from ...regions import Region
from .reference import reference_document
from .styles import setup_styles
from .tables import add_table

P_STYLES = {"table-no": "表号", "table-title": "表名", "table-subtitle": "表名", "note": "表注", "sign": "落款",
            "toc-1": "目录项", "toc-2": "目录项"}


def _field(paragraph, instr: str, placeholder: str = "") -> None:
    def fld(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r = paragraph.add_run()
        r._r.append(el)
    fld("begin")
    r = paragraph.add_run()
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r._r.append(t)
    fld("separate")
    paragraph.add_run(placeholder)
    fld("end")


def _page_setup(section, landscape=False):
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:
        section.top_margin = section.bottom_margin = Mm(18)
        section.left_margin = section.right_margin = Mm(15)
    else:
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.left_margin = section.right_margin = Mm(20)


class DocxBuilder:
    def __init__(self, region: Region) -> None:
        self.region = region
        self.doc = reference_document(region.dirs)
        setup_styles(self.doc, region.settings.get("Word字体", {}))
        sec = self.doc.sections[0]
        _page_setup(sec)
        footer = sec.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(footer, "PAGE", "1")
        self.pending_break = False
        self.first_block = True

    # --- helpers ---
    def width(self) -> int:
        s = self.doc.sections[-1]  # _page_setup sets all three, python-docx types them as optional
        return (s.page_width or 0) - (s.left_margin or 0) - (s.right_margin or 0)

    def new_section(self, landscape: bool) -> None:
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(sec, landscape)
        self.pending_break = False

    def paragraph(self, style: str | None = None) -> Paragraph:
        p = self.doc.add_paragraph(style=style)
        if self.pending_break:
            p.paragraph_format.page_break_before = True
            self.pending_break = False
        return p

    def runs(self, para: Paragraph, el: HtmlElement, bold: bool = False, size: float | None = None) -> None:
        def add(text, b):
            if not text:
                return
            run = para.add_run(text)
            if b:
                run.bold = True
            if size:
                run.font.size = Pt(size)
        add(el.text, bold)
        for child in el:
            if child.tag not in ("span", "a", "br"):
                raise RenderError(f"DOCX：段落中不支持 <{child.tag}>")
            if child.tag == "br":
                para.add_run().add_break()
            else:
                add("".join(child.itertext()), bold or "term" in child.get("class", ""))
            add(child.tail, bold)

    # --- visitor ---
    def walk(self, el: HtmlElement) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue  # comments
            if getattr(self, "restore_portrait", False) and not (
                    child.tag == "div" and "wide" in child.get("class", "").split()):
                self.restore_portrait = False
                self.new_section(landscape=False)
            method = getattr(self, "visit_" + child.tag, None)
            if method is None:
                raise RenderError(f"DOCX 写出器不支持 HTML 元素 <{child.tag}>（模板只能使用 docs/customizing.md 中列出的元素）")
            method(child)

    def visit_style(self, el: HtmlElement) -> None:
        pass

    def visit_div(self, el: HtmlElement) -> None:
        classes = el.get("class", "").split()
        if "cover" in classes:
            for p in el:
                para = self.paragraph("Title")
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                para.paragraph_format.space_before = Pt(120 if p is el[0] else 24)
                self.runs(para, p)
            self.pending_break = True
            return
        if "final-title" in classes:  # 决算 title lines; the first part follows on the same page
            for p in el:
                para = self.paragraph("Title")
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self.runs(para, p)
            self.title_above = True
            return
        if "wide" in classes:
            # consecutive wide blocks share one landscape section (a portrait section between them would be an
            # empty page); portrait comes back before the next non-wide element (see walk)
            if getattr(self, "restore_portrait", False):
                self.restore_portrait = False
                self.pending_break = True
            else:
                self.new_section(landscape=True)
            self.walk(el)
            self.restore_portrait = True
            return
        if "table-block" in classes or "perf-block" in classes:
            # a new page, unless the section just began or the part title (h1) is waiting above it
            self.pending_break = not (self.first_in_section() or self.after_part_title())
        self.walk(el)

    def first_in_section(self) -> bool:
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 else None  # last element before sectPr
        return last is not None and last.tag == qn("w:p") and last.find(".//" + qn("w:sectPr")) is not None

    def after_part_title(self) -> bool:
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 else None  # the element before the final sectPr
        style = last.find(qn("w:pPr") + "/" + qn("w:pStyle")) if last is not None else None
        return style is not None and style.get(qn("w:val")) == self.doc.styles["Heading 1"].style_id

    def visit_nav(self, el: HtmlElement) -> None:
        title = el.find("h1")
        para = self.paragraph("Title")
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.page_break_before = True
        para.add_run("".join(title.itertext()) if title is not None else "目录")
        # a real TOC field: Word/WPS fill in page numbers on update; its initial result lists the entries
        entries = [p for p in el if p.tag == "p"]
        first = self.paragraph("目录项")
        _field(first, 'TOC \\o "1-2" \\h \\z \\u', "")
        for p in entries:
            para = self.paragraph("目录项")
            if "toc-2" in p.get("class", ""):
                para.paragraph_format.left_indent = Pt(24)
            para.add_run("".join(p.itertext()))
        self.pending_break = True

    def _heading(self, el, level):
        para = self.doc.add_heading(level=level)
        if level == 1:
            para.paragraph_format.page_break_before = not getattr(self, "title_above", False)
            self.title_above = False
            self.pending_break = False
        elif self.pending_break:
            para.paragraph_format.page_break_before = True
            self.pending_break = False
        self.runs(para, el)

    def visit_h1(self, el: HtmlElement) -> None:
        self._heading(el, 1)

    def visit_h2(self, el: HtmlElement) -> None:
        self._heading(el, 2)

    def visit_h3(self, el: HtmlElement) -> None:
        self._heading(el, 3)

    def visit_p(self, el: HtmlElement) -> None:
        classes = el.get("class", "").split()
        style = next((P_STYLES[c] for c in classes if c in P_STYLES), None)
        para = self.paragraph(style)
        if style is None:
            para.paragraph_format.first_line_indent = Pt(24)
        self.runs(para, el)

    def visit_table(self, el: HtmlElement) -> None:
        size = 7.5 if self.doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE else 9
        if self.pending_break:
            self.paragraph("表注")  # carries the page break
        try:
            add_table(self.doc, el, self.width(), size, self.runs)
        except ValueError as exc:
            raise RenderError(f"DOCX：{exc}") from None


def write_docx(html: str, region: Region, target: Path) -> None:
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    b = DocxBuilder(region)
    b.walk(body)
    title = root.findtext(".//title") or ""
    b.doc.core_properties.title = title
    b.doc.core_properties.author = (root.find(".//meta[@name='author']").get("content")
                                    if root.find(".//meta[@name='author']") is not None else "")
    b.doc.save(str(target))
