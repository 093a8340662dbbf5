"""The visitor: the one HTML document → Typst source, one method per supported element (as the DOCX writer).

Pages follow the document's markers (render/pagination.py), as print.css and the DOCX writer do: a new page
before an element with ``data-break="page"``; elements with ``data-page="wide"`` are set in one landscape
``page()`` (``#wide[…]``) until one of them begins a new page; the cover is a page of its own without a number.
"""

from __future__ import annotations

import math
import re

from ...errors import RenderError
from ...render.fit import SAFETY as FIT_SAFETY
from ...render.fit import fitted_size, kept_above_pt, smallest_size
from ...render.measure import MM, Geometry
from ...render.outline import LABEL as OUTLINE_LABEL
from ...render.outline import LEVEL as OUTLINE
from ...render.page import front_pages_counted
from ...render.pagination import BREAK, PAGE
from .markup import Labels, length, string, text
from .preamble import preamble
from .tables import table

_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space only: U+3000 and NBSP are kept as printed
ANCHORED = ("div", "nav", "h1", "h2", "h3", "p", "table")  # elements a 目录 entry can point at
# paragraph class → preamble function
P_FUNCS = {
    "table-no": "table-no",
    "table-title": "table-title",
    "table-subtitle": "table-subtitle",
    "note": "note",
    "final-title-line": "title-line",
}


def _classes(el) -> list[str]:
    return el.get("class", "").split()


class TypstBuilder:
    def __init__(self, document, family=lambda name: name):
        self.document = document
        root = document.root
        self.labels = Labels()
        self.out: list[str] = []
        self.wide_depth = 0
        self.family = family  # fontconfig family → Typst's name (writer.typst_family)
        self.size_var: str | None = None  # the table size inside fit-block: Typst's variable, not a number
        self.signs = 0
        # 版面.前置页计页码 否 (default): cover and 目录 unnumbered and uncounted, 第一部分 is page 1 (as the PDF/DOCX)
        self.numbering = front_pages_counted(document.settings)
        # ids the 目录 points at: only those get labels (a label must exist exactly once to look up its page)
        self.targets = {a.get("href")[1:] for a in root.iter("a") if (a.get("href") or "").startswith("#")}
        # ids that get a label where the element starts (a 目录 entry pointing elsewhere is printed without page)
        self.ids = {el.get("id") for el in root.iter(*ANCHORED) if el.get("id")}
        self.placed: set[str] = set()
        self.in_footer: set = set()  # notes printed in their table's footer
        self.quiet = False  # writing a copy to measure (keep_ending): no labels

    # --- inline content ---
    def inline(self, el, bold: bool = False) -> str:
        """The element's text and inline children (span, a, br) as Typst markup; whitespace collapsed as HTML."""
        pieces: list[tuple[str, bool] | None] = []  # (text, bold) or None for a line break

        def add(value, b):
            if value:
                pieces.append((value, b))

        add(el.text, bold)
        for child in el:
            if not isinstance(child.tag, str):
                add(child.tail, bold)
                continue
            if child.tag == "br":
                pieces.append(None)
            elif child.tag in ("span", "a"):
                add("".join(child.itertext()), bold or "term" in _classes(child))
            else:
                raise RenderError(f"Typst：段落中不支持 <{child.tag}>")
            add(child.tail, bold)
        runs: list[list | None] = []  # [text, bold] or None for a line break
        space = True  # at the start of the block and after a break, leading white space is dropped
        for piece in pieces:
            if piece is None:
                if runs and runs[-1] is not None:
                    runs[-1][0] = runs[-1][0].rstrip()
                runs.append(None)
                space = True
                continue
            value = _SPACE.sub(" ", piece[0])
            if space:
                value = value.lstrip()
            if value:
                space = value.endswith(" ")
                runs.append([value, piece[1]])
        if runs and runs[-1] is not None:
            runs[-1][0] = runs[-1][0].rstrip()
        out = []
        for run in runs:
            if run is None:
                out.append("#linebreak()")
            elif run[0]:
                out.append(f'#text(weight: "bold", {string(run[0])})' if run[1] else text(run[0]))
        return "".join(out)

    # --- output helpers ---
    def emit(self, line: str) -> None:
        self.out.append(line)

    def pagebreak(self) -> None:
        if not self.wide_depth:  # a landscape block is a page() of its own; it starts on a new page anyway
            self.emit("#pagebreak(weak: true)")

    def label(self, el) -> str:
        """The label for *el* if a 目录 entry points at it (only once: a label must be unique to find its page)."""
        html_id = el.get("id")
        if self.quiet or html_id not in self.targets or html_id in self.placed:
            return ""
        self.placed.add(html_id)
        return " " + self.labels(html_id)

    def anchor(self, el) -> None:
        """A label at this point for the 目录 entries that point at *el*'s id."""
        label = self.label(el)
        if label:
            self.emit(f"#metadata(none){label}")

    # --- visitor ---
    def walk(self, el) -> None:
        """Visit the children of *el*, beginning pages and landscape groups where the markers say."""
        opened = False  # a landscape group this walk opened
        starts = ending_groups(el) if el is self.document.body else {}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child in starts and not self.wide_depth and not self.quiet:
                self.keep_ending(starts[child])
            method = getattr(self, "visit_" + child.tag, None)
            if method is None:
                raise RenderError(
                    f"Typst 写出器不支持 HTML 元素 <{child.tag}>（模板只能使用 docs/customizing.md 中列出的元素）"
                )
            wide, page_break = child.get(PAGE) == "wide", child.get(BREAK) == "page"
            if opened and (page_break or not wide):
                self.close_wide()
                opened = False
            if wide and not self.wide_depth:  # a landscape page() of its own: it begins a page anyway
                self.emit("#wide[")
                self.wide_depth += 1
                opened = True
            elif page_break:
                self.pagebreak()
            method(child)
        if opened:
            self.close_wide()

    def keep_ending(self, group: list) -> None:
        """Before the last section of a part (or of the report): a measured decision to begin it on a new page when
        only a little of it would spill onto the next one, where it would stand alone before the next part (two
        lines of 十一 before the 自评表, "无" before 第四部分). The group is measured as a copy without labels (a label
        must occur once); the decision sits before the group, so its place does not depend on the decision."""
        saved = self.out, self.signs
        self.out, self.quiet = [], True
        for el in group:
            getattr(self, "visit_" + el.tag)(el)
        copy = "\n".join(self.out)
        self.out, self.signs = saved
        self.quiet = False
        self.emit(f"#keep-ending[\n{copy}\n]")

    def close_wide(self) -> None:
        self.wide_depth -= 1
        self.emit("]")

    def visit_style(self, el) -> None:
        pass

    def visit_div(self, el) -> None:
        classes = _classes(el)
        if "cover" in classes:
            lines = [self.inline(p) for p in el if isinstance(p.tag, str)]
            unit, title = (lines + ["", ""])[:2] if len(lines) <= 2 else (lines[0], "#linebreak()".join(lines[1:]))
            self.emit(f"#cover([{unit}], [{title}])")
            return
        if "final-title" in classes:
            self.start_numbering()
            self.anchor(el)
            self.walk(el)
            self.emit("#v(18pt - 6pt)")
            return
        if "table-block" in classes or "perf-block" in classes:
            self.table_block(el, kept_above_pt(el, self.document.geometry.portrait_mm * MM))
            return
        self.anchor(el)
        self.walk(el)

    def start_numbering(self) -> None:
        """Page 1 from here, with numbers in the footer (the first part after the unnumbered front pages)."""
        if self.numbering:
            return
        self.numbering = True
        if not self.wide_depth:
            self.emit("#set page(footer: page-footer)")
        self.emit("#counter(page).update(1)")

    def visit_nav(self, el) -> None:
        if not self.numbering and not self.wide_depth:
            self.emit("#set page(footer: none)")
        self.anchor(el)
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "p":
                level = 2 if "toc-2" in _classes(child) else 1
                link = child.find("a")
                target = (link.get("href") or "")[1:] if link is not None else ""
                body = self.inline(child)
                if target in self.ids:
                    self.emit(f"#toc-entry({level}, {self.labels(target)}, [{body}])")
                else:
                    self.emit(f"#toc-plain({level}, [{body}])")
            elif child.tag in ("h1", "h2", "h3"):
                self.heading(child, int(child.tag[1]))
            else:
                raise RenderError(f"Typst：目录中不支持 <{child.tag}>")

    def heading(self, el, level: int) -> None:
        in_toc = el.getparent() is not None and el.getparent().tag == "nav"
        if level == 1 and not in_toc:
            self.start_numbering()
        args = [f"level: {level}"]
        if el.get("data-bookmark") == "no":
            args += ["outlined: false", "bookmarked: false"]
        elif in_toc:  # the 目录's title: a bookmark, not an entry of its own list
            args += ["outlined: false", "bookmarked: true"]
        self.emit(f"#heading({', '.join(args)})[{self.inline(el)}]{self.label(el)}")

    def visit_h1(self, el) -> None:
        self.heading(el, 1)

    def visit_h2(self, el) -> None:
        self.heading(el, 2)

    def visit_h3(self, el) -> None:
        self.heading(el, 3)

    def visit_p(self, el) -> None:
        classes = _classes(el)
        body = self.inline(el)
        self.anchor(el)
        func = next((P_FUNCS[c] for c in classes if c in P_FUNCS), None)
        if "sign" in classes:
            first = ", first: true" if self.signs == 0 else ""
            self.signs += 1
            self.emit(f"#sign([{body}]{first})")
        elif el in self.in_footer:
            return  # printed in its table's footer (visit_table)
        elif func == "note" and any("perf-block" in _classes(a) for a in el.iterancestors()):
            self.emit(f"#note([{body}], size: 7.5pt)")  # print.css .perf-block p.note
        elif func == "table-title" and el.get(OUTLINE):
            outline = f"({int(el.get(OUTLINE))}, {string(el.get(OUTLINE_LABEL) or '')})"
            self.emit(f"#table-title([{body}], outline: {outline})")
        elif func:
            self.emit(f"#{func}([{body}])")
        else:
            self.emit(f"#par[{body}]")

    def base_size(self, el) -> float:
        """The table's font size in print.css (render/measure.py): 7.5pt on landscape pages and in 表4, 8.5pt
        绩效 tables, else 9pt."""
        block = el.getparent()
        return Geometry().table_size(
            bool(self.wide_depth), block.get("id") if block is not None else None, _classes(el)
        )

    def visit_table(self, el) -> None:
        size = length(self.base_size(el))
        fitted = fitted_size(el)
        if self.size_var:  # inside fit-block: the size Typst found for the block
            size = self.size_var
        elif fitted:  # set smaller so that the table stays on its page (render/fit.py), as in the other writers
            size = length(fitted)
        self.anchor(el)
        notes = self.notes_after(el)
        markup = table(el, self.document.grid(el), self.inline, size, notes)
        prev = el.getprevious()
        if prev is not None and prev.tag == "table":  # a 绩效 table's indicator part: flush under its info part
            self.emit("#[#set block(above: 0pt)\n" + markup + "\n]")
        else:
            self.emit(markup)

    def notes_after(self, el) -> list[str]:
        """The notes right after table *el* (``p.note``), as arguments of ``note-cell`` in its footer: a page never
        begins with a table's notes, nor breaks inside them (print.css: p.note break-before and break-inside avoid)."""
        size = "7.5pt" if any("perf-block" in _classes(a) for a in el.iterancestors()) else "9pt"
        notes = []
        nxt = el.getnext()
        while nxt is not None and (not isinstance(nxt.tag, str) or (nxt.tag == "p" and "note" in _classes(nxt))):
            if isinstance(nxt.tag, str):
                self.in_footer.add(nxt)
                self.anchor(nxt)
                notes.append(f"[{self.inline(nxt)}], size: {size}")
            nxt = nxt.getnext()
        return notes

    def fitted_block(self, el, start: float, reserve: float) -> None:
        """A table block (one table, or a 绩效 table's two stacked parts) measured by Typst and set smaller (down to
        render/fit.py's smallest_size) so that it stays on one page, the size searched from *start* (the estimate's,
        up as well as down: the largest that fits); one that cannot fit keeps its size and breaks, its end kept
        together (tables.py: a footer printed once)."""
        tables = [t for t in el if isinstance(t.tag, str) and t.tag == "table"]
        base = self.base_size(tables[0])
        # *reserve*: pt kept above it on its page, a part title or a lead-in (render/fit.py kept_above_pt)
        for part in el.iter():  # labels outside the measured body, placed once
            self.anchor(part)
        self.emit(f"#fit-block({length(base)}, {length(smallest_size(base))}, {length(start)}, {reserve:g}pt, s => [")
        self.size_var = "s"
        self.walk(el)
        self.size_var = None
        self.emit("])")

    def table_block(self, el, reserve: float) -> None:
        """Measured by Typst (fitted_block): a block that render/fit.py set smaller (its font-size, where the
        search starts), and a 绩效 table that it found over a page high (data-fill; the seeds print one per page),
        starting where the height, about proportional to the size squared, says. Other blocks are laid out as
        they are: each measurement is a layout of the block, and a 公开表 longer than a page continues with its
        header anyway (measuring every block of jincheng doubled its time and memory)."""
        tables = [t for t in el if isinstance(t.tag, str) and t.tag == "table"]
        if not 1 <= len(tables) <= 2 or self.size_var:
            self.anchor(el)
            self.walk(el)
            return
        base = self.base_size(tables[0])
        hint = fitted_size(tables[0])
        fill = tables[0].get("data-fill")
        if hint:
            self.fitted_block(el, hint, reserve)
        elif fill and "perf-block" in _classes(el):
            guess = math.floor(base * math.sqrt(FIT_SAFETY / float(fill)) / 0.25) * 0.25
            self.fitted_block(el, max(smallest_size(base), min(base, guess)), reserve)
        else:
            self.anchor(el)
            self.walk(el)

    def source(self) -> str:
        d = self.document
        return preamble(d.page, d.title, d.author, self.family) + "\n" + "\n".join(self.out) + "\n"


ENDING_ELEMENTS = 12  # the last section of a part, measured by keep-ending: at most this many elements


def ending_groups(parent) -> dict:
    """{first element: the group} of the last sections before each page break among *parent*'s children (and
    before its end): the elements from the last h2/h3 heading up to the break, when they are only headings and
    paragraphs (a part title or a table between: no group)."""
    children = [c for c in parent if isinstance(c.tag, str)]
    breaks = [i for i, c in enumerate(children) if c.get(BREAK) == "page" or c.get(PAGE) == "wide"]
    groups = {}
    for end in [*breaks, len(children)]:
        i = end - 1
        while i >= 0 and end - i <= ENDING_ELEMENTS and children[i].tag in ("p", "h2", "h3"):
            if children[i].get(BREAK) or children[i].get(PAGE):
                break
            if children[i].tag in ("h2", "h3"):
                groups[children[i]] = children[i:end]
                break
            i -= 1
    return groups


def build(document, family=lambda name: name) -> str:
    """Typst source for the *document*; *family* names a font as Typst knows it."""
    body = document.body
    if body is None:
        raise RenderError("Typst：HTML 文档没有 <body>")
    b = TypstBuilder(document, family)
    b.walk(body)
    return b.source()
