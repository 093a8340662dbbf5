"""The visitor: one method per supported HTML element, writing WordprocessingML directly (see ooxml.py)."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Mm

from ...errors import RenderError
from ...render.fit import fitted_size
from ...render.measure import Geometry
from ...render.outline import LEVEL as OUTLINE
from ...render.page import PageBox, front_pages_counted, length_pt, named_fonts, page_box, page_setup
from ...render.pagination import BREAK, PAGE, WITH_NEXT
from ...render.tree import Document
from ..options import Options
from ..pagemap import libreoffice_pdf, page_map, soffice
from .ooxml import field_chars, line_break, ppr_set, run, sub, w
from .reference import reference_document
from .styles import WORD_FONTS, setup_styles
from .tables import TableBuilder

P_STYLES = {"table-no": "表号", "table-title": "表名", "table-subtitle": "表副题", "note": "表注", "sign": "落款"}
TWIPS_PER_MM = 1440 / 25.4
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'  # headings 1–2 and paragraphs with an outline level (the listed tables)


def _page_setup(section, box: PageBox, landscape: bool = False) -> None:
    """Paper, orientation and margins of the region's page setup (版面方案/版面, as print.css's @page)."""
    width, height = box.paper_mm
    top, right, bottom, left = box.landscape_margins_mm if landscape else box.margins_mm
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(height), Mm(width)) if landscape else (Mm(width), Mm(height))
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def _text_width_twips(box: PageBox, landscape: bool) -> int:
    return int(box.text_width_mm(landscape) * TWIPS_PER_MM)


def _page_number(p, page: dict, align: str) -> None:
    """The footer paragraph *p*: 页码格式 with a PAGE field for {页}, at 页码字号; outside numbers (left/right)
    sit one character in from the margin, as GB/T 9704 and print.css place them."""
    half_points = int(round(length_pt(page["页码字号"], "页码字号") * 2))
    ppr_set(p, "jc", val=align)
    if align in ("left", "right"):
        ppr_set(p, "ind", **{align: half_points * 10})  # one character of the number's size, in twips
    before, found, after = str(page["页码格式"]).partition("{页}")
    if found and before:
        run(p, before, half_points=half_points)
    field_chars(p, "PAGE", "1", half_points=half_points)
    if found and after:
        run(p, after, half_points=half_points)


def _bookmark_name(anchor: str) -> str:
    return ("_Toc_" + re.sub(r"[^0-9A-Za-z_]", "_", anchor))[:40]


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


class DocxBuilder:
    def __init__(self, document: Document, toc_pages=None):
        self.document = document
        self.settings = settings = document.settings
        self.entries = document.toc
        self.doc = reference_document(document.dirs)
        # the names the settings give: the DOCX names fonts (first of each list), it does not embed installed ones
        self.page = page_setup(settings, installed=lambda _family: True)
        self.box = page_box(self.page)
        _page_setup(self.doc.sections[0], self.box)
        fonts = named_fonts(settings, {**WORD_FONTS, **(settings.get("Word字体") or {})})
        self.ids = setup_styles(self.doc, fonts, _text_width_twips(self.box, False), self.page)
        self.body = self.doc.element.body
        self.sect_pr = self.body.find(w("sectPr"))  # python-docx keeps this sentinel last when adding sections
        self.tables = TableBuilder(self.ids["Table Grid"], self.ids["表格文字"], self.runs)
        self.toc_pages = toc_pages
        self.toc_targets: dict[str, int] = {}
        self.pending_break = False
        self.pending_bookmark: str | None = None
        self.pending_outline: int | None = None
        self.front = True  # before the first part: cover and 目录, not numbered
        self.body_section = 0
        self.landscape = False
        self.inside_wide = 0  # depth of the data-page="wide" elements being walked
        self.bookmarks = 0

    # --- helpers ---
    def new_section(self, landscape: bool):
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(sec, self.box, landscape)
        self.landscape = landscape
        self.pending_break = False

    def has_content(self) -> bool:
        return len(self.body) > 1

    def first_in_section(self) -> bool:
        last = self.body[-2] if len(self.body) > 1 else None  # the element before the final sectPr
        return last is None or (last.tag == w("p") and last.find(w("pPr") + "/" + w("sectPr")) is not None)

    def break_page(self):
        """The next paragraph starts a page, unless a page (or section) has just begun."""
        self.pending_break = self.has_content() and not self.first_in_section()

    def paragraph(self, style: str | None = None):
        p = self.sect_pr.makeelement(w("p"), {})
        ppr = sub(p, "pPr")
        if style:
            sub(ppr, "pStyle", val=self.ids[style])
        self.sect_pr.addprevious(p)
        if self.pending_break:
            ppr_set(p, "pageBreakBefore")
            self.pending_break = False
        if self.pending_bookmark:
            self.bookmarks += 1
            sub(p, "bookmarkStart", id=self.bookmarks, name=self.pending_bookmark)
            sub(p, "bookmarkEnd", id=self.bookmarks)
            self.pending_bookmark = None
        return p

    def runs(self, p, el, bold=False, half_points=None):
        def add(text, b):
            if text:
                run(p, text, b, half_points)

        add(el.text, bold)
        for child in el:
            if not isinstance(child.tag, str):
                add(child.tail, bold)
                continue
            if child.tag not in ("span", "a", "br"):
                raise RenderError(f"DOCX：段落中不支持 <{child.tag}>")
            if child.tag == "br":
                line_break(p)
            else:
                add("".join(child.itertext()), bold or "term" in _classes(child))
            add(child.tail, bold)

    def begin(self, el) -> None:
        """Pages as the document's markers say (render/pagination.py): a section where the orientation changes, a
        page break before ``data-break``; the first part title after the cover and 目录 begins the numbered
        section."""
        wide = el.get(PAGE) == "wide" or self.inside_wide > 0  # the content of a landscape element is landscape
        if wide != self.landscape:
            self.new_section(landscape=wide)
        elif el.get(BREAK) == "page":
            if self.front and el.tag == "h1" and self.has_content():
                self.new_section(landscape=False)  # cover and 目录 stay in an unnumbered section
            else:
                self.break_page()

    # --- visitor ---
    def walk(self, el: Any) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue  # comments
            self.begin(child)
            wide = child.get(PAGE) == "wide"
            self.inside_wide += wide
            anchor = child.get("id")
            if anchor in self.toc_targets:
                self.pending_bookmark = _bookmark_name(anchor)
                if child.tag not in ("h1", "h2", "h3"):
                    self.pending_outline = self.toc_targets[anchor]  # Word's TOC update lists the table title
            method = getattr(self, "visit_" + child.tag, None)
            if method is None:
                raise RenderError(
                    f"DOCX 写出器不支持 HTML 元素 <{child.tag}>（模板只能使用 docs/customizing.md 中列出的元素）"
                )
            method(child)
            self.inside_wide -= wide
            if anchor in self.toc_targets:
                self.pending_outline = None  # a listed block without a table title marks nothing after it

    def visit_style(self, el: Any) -> None:
        pass

    def visit_div(self, el):
        classes = _classes(el)
        if "cover" in classes:
            for i, p in enumerate(el):
                para = self.paragraph("Title")
                ppr_set(para, "spacing", before=4000 if i == 0 else 480)  # the title block near mid-page
                self.runs(para, p, half_points=52 if "cover-title" in _classes(p) else None)  # 26 pt as print.css
            return
        if "final-title" in classes:
            # 决算 title lines: with a 目录 following they make a title page (centred like the cover), without one
            # the first part follows on the same page
            nxt = el.getnext()
            cover = nxt is not None and nxt.tag == "nav"
            for i, p in enumerate(el):
                para = self.paragraph("Title")
                if cover and i == 0:
                    ppr_set(para, "spacing", before=4000)
                self.runs(para, p)
            return
        self.walk(el)

    def visit_nav(self, el):
        title = el.find("h1")
        para = self.paragraph("Title")
        if title is not None:
            self.runs(para, title)
        else:
            run(para, "目录")
        entries = [(e.anchor, e.level, e.text) for e in self.entries]
        self.toc_targets = {a: level for a, level, _text in entries}
        known = self.toc_pages is not None
        for i, (anchor, level, text) in enumerate(entries):
            p = self.paragraph(f"toc {level}")
            if i == 0:  # one TOC field around every entry: Word/WPS replace it on update
                begin = sub(sub(p, "r"), "fldChar", fldCharType="begin")
                if not known:
                    begin.set(w("dirty"), "true")
                instr = sub(sub(p, "r"), "instrText")
                instr.text = f" {TOC_FIELD} "
                instr.set(qn("xml:space"), "preserve")
                sub(sub(p, "r"), "fldChar", fldCharType="separate")
            name = _bookmark_name(anchor)
            link = sub(p, "hyperlink", anchor=name, history=1)
            run(link, text)
            sub(sub(link, "r"), "tab")
            number = (self.toc_pages or {}).get(anchor)
            field_chars(link, f"PAGEREF {name} \\h", str(number) if number else "")
            if i == len(entries) - 1:
                sub(sub(p, "r"), "fldChar", fldCharType="end")

    def _heading(self, el, level):
        if level == 1 and self.front:  # the first part: the numbered pages begin with its section
            self.front = False
            self.body_section = len(self.doc.sections) - 1
        para = self.paragraph(f"Heading {level}")
        self.runs(para, el)

    def visit_h1(self, el: Any) -> None:
        self._heading(el, 1)

    def visit_h2(self, el: Any) -> None:
        self._heading(el, 2)

    def visit_h3(self, el: Any) -> None:
        self._heading(el, 3)

    def visit_p(self, el):
        classes = _classes(el)
        style = next((P_STYLES[c] for c in classes if c in P_STYLES), "正文")
        if "note" in classes:
            self._keep_with_note()
        para = self.paragraph(style)
        half_points = None
        if "note" in classes:
            ppr_set(para, "keepLines")
            if any("perf-block" in _classes(a) for a in el.iterancestors()):
                # print.css .perf-block p.note: 7.5 pt, lines 1.3 apart, so that the notes stay on the table's page
                half_points = 15
                ppr_set(para, "spacing", before=0, after=0, line=195, lineRule="exact")
        if "table-title" in classes and self.pending_outline:
            ppr_set(para, "outlineLvl", val=self.pending_outline - 1)
            self.pending_outline = None
        elif "table-title" in classes and el.get(OUTLINE):
            # in Word's navigation pane under its heading (render/outline.py), as the PDF's bookmarks; at level 3 or
            # deeper, so that a TOC update (levels 1–2) does not add a table the 目录 does not list
            ppr_set(para, "outlineLvl", val=max(int(el.get(OUTLINE)), 3) - 1)
        if el.get(WITH_NEXT) == "true":  # a lead-in kept with the table after it (render/pagination.py)
            ppr_set(para, "keepNext")
        self.runs(para, el, half_points=half_points)

    def _keep_with_note(self):
        """A table's notes never start a page: its last row (or the previous note) keeps with the next note."""
        last = self.body[-2] if len(self.body) > 1 else None
        if last is None:
            return
        if last.tag == w("tbl"):
            rows = last.findall(w("tr"))
            for ppr in rows[-1].iter(w("pPr")) if rows else ():
                if ppr.find(w("keepNext")) is None:
                    ppr.insert(1, ppr.makeelement(w("keepNext"), {}))
        elif last.tag == w("p"):
            style = last.find(w("pPr") + "/" + w("pStyle"))
            if style is not None and style.get(w("val")) == self.ids["表注"]:
                ppr_set(last, "keepNext")

    def visit_table(self, el):
        block = el.getparent()
        size = Geometry().table_size(self.landscape, block.get("id") if block is not None else None, _classes(el))
        fitted = fitted_size(el)
        if fitted:  # set smaller so the table stays on its page (render/fit.py): the same in the DOCX
            size = fitted
        if self.pending_break:
            self.paragraph("表注")  # carries the page break
        elif el.getprevious() is not None and el.getprevious().tag == "table":
            # a 绩效 table's indicator part under its info part: Word joins adjacent tables into one, and then the
            # indicator header would not repeat (w:tblHeader counts only at a table's top); a 1 pt line between
            spacer = self.paragraph("表注")
            ppr_set(spacer, "spacing", before=0, after=0, line=20, lineRule="exact")
            sub(ppr_set(spacer, "rPr"), "sz", val=2)  # the paragraph mark's size
        try:
            tbl = self.tables.build(el, self.document.grid(el), _text_width_twips(self.box, self.landscape), size)
        except ValueError as exc:
            raise RenderError(f"DOCX：{exc}") from None
        self.sect_pr.addprevious(tbl)

    # --- page numbers ---
    def finish(self):
        """Footers: front matter unnumbered; 页码格式 ("— N —") from the body's first section, restarting at 1;
        页码位置 外侧: odd pages right, even pages left (Word's different odd and even footers)."""
        sections = self.doc.sections
        from_cover = front_pages_counted(self.settings)
        first = 0 if from_cover else self.body_section
        outside = self.page["页码位置"] == "外侧"
        if outside:
            self.doc.settings.odd_and_even_pages_header_footer = True
        for i, sec in enumerate(sections):
            if i > first:
                continue  # linked to the previous section's footers
            sec.footer.is_linked_to_previous = False  # front matter: an empty footer of its own
            if outside:
                sec.even_page_footer.is_linked_to_previous = False
            if i == first:
                _page_number(sec.footer.paragraphs[0]._p, self.page, "right" if outside else "center")
                if outside:
                    _page_number(sec.even_page_footer.paragraphs[0]._p, self.page, "left")
                if first > 0:
                    _restart_numbering(sec._sectPr)
        if self.toc_targets and self.toc_pages is None:
            _update_fields_on_open(self.doc)


_SECTPR_AFTER_PGNUM = {
    qn("w:" + n)
    for n in (
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
        "sectPrChange",
    )
}


def _restart_numbering(sect_pr):
    el = sect_pr.makeelement(w("pgNumType"), {w("start"): "1"})
    for child in sect_pr:
        if child.tag in _SECTPR_AFTER_PGNUM:
            child.addprevious(el)
            return
    sect_pr.append(el)


# settings.xml children that the schema places after w:updateFields
_SETTINGS_AFTER_UPDATE = {
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}


def _update_fields_on_open(doc):
    """No page numbers known: Word/WPS offer to update the 目录 when the file is opened."""
    settings = doc.settings.element
    el = settings.makeelement(w("updateFields"), {w("val"): "true"})
    for child in settings:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in _SETTINGS_AFTER_UPDATE:
            child.addprevious(el)
            return
    settings.append(el)


def _build(document: Document, toc_pages) -> DocxDocument:
    b = DocxBuilder(document, toc_pages)
    b.walk(document.body)
    b.finish()
    b.doc.core_properties.title = document.title
    b.doc.core_properties.author = document.author
    return b.doc


def write(document: Document, options: Options, target: Path) -> None:
    """Write the DOCX. The 目录's page numbers come from a real layout, as the region's ``Word目录页码`` says:
    ``LibreOffice`` (default): the DOCX itself laid out by LibreOffice (:func:`own_page_map`), so that LibreOffice
    shows every entry on its page; without LibreOffice, the pages of the PDF of the same run (``options.page_map``,
    said on stderr); ``PDF``: those pages; ``更新``: none, Word/WPS update the field on opening (as without any
    layout, e.g. ``--format docx`` where LibreOffice is not installed)."""
    mode = document.settings.get("Word目录页码", "LibreOffice")
    toc_pages = dict(options.page_map) if options.page_map is not None and mode != "更新" else None
    if document.toc and mode == "LibreOffice":
        if soffice() is not None:
            toc_pages = own_page_map(document, toc_pages)
        else:
            where = "取自同一次生成的 PDF，Word 中个别条目可能差一页" if toc_pages else "留待 Word/WPS 打开时更新"
            print(
                f"提示：未安装 LibreOffice，DOCX 目录页码{where}（安装 LibreOffice 后按 DOCX 自身排版标注）",
                file=sys.stderr,
            )
    _build(document, toc_pages).save(str(target))


def own_page_map(document: Document, first: dict | None) -> dict:
    """The 目录 page map of the DOCX's own layout: built with the *first* numbers (the PDF's, or none), laid out by
    LibreOffice, the entries found in its pages. The numbers only change the 目录's own page, so one layout
    suffices when the front pages are not counted (the body's numbering restarts at 1); when they are, a number
    that makes the 目录 longer moves everything after it, and the layout is repeated until it holds (at most 3)."""
    pages = first
    with tempfile.TemporaryDirectory(prefix="disclose-docx-") as tmp:
        draft = Path(tmp) / "draft.docx"
        for _ in range(3):
            _build(document, pages).save(str(draft))
            found = page_map(libreoffice_pdf(draft, Path(tmp)), document)
            if found == pages or not front_pages_counted(document.settings):
                return found
            pages = found
    return pages or {}
