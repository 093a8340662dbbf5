"""A DOCX as blocks and tables (python-docx opens the package; the body is walked in order).

Paragraphs carry their heading level from the style (Heading N / 标题 N, or an outline level); the entries of a
目录 (styles toc N / TOC N) are left out. Tables become grids with their spans (w:gridSpan, w:vMerge); a first row
that only holds 编制单位 / 单位 is the table's caption, as in the PDF. A DOCX has no pages: blocks are located by
their paragraph number, table rows by their table and row number.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

from ..errors import DiscloseError
from .document import Block, Cell, Document, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_BODY_ELEMENTS = 200_000
_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _text(el) -> str:
    """The visible text of a paragraph or cell: runs, tabs and breaks; deleted text and field codes left out."""
    out: list[str] = []
    for node in el.iter():
        tag = node.tag
        if tag == W + "t":
            out.append(node.text or "")
        elif tag in (W + "tab",):
            out.append(" ")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "p" and out and out[-1] != "\n":
            out.append("\n")
    return "".join(out)


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"  # CJK characters and full-width punctuation
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*|[ \t]*\n[ \t]*(?=[{_CJK}])")


def _plain(text: str) -> str:
    """A DOCX keeps its text exactly (spaces included, unlike a PDF): only line breaks inside a paragraph or a cell
    change. Beside a Chinese character a break is where a line was ended (a header or a cell broken between words)
    and joins without a space, as Chinese lines do; between other characters it becomes a space, as it does when the
    HTML the report came from is printed."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", _CJK_BREAK.sub("", text)).strip()


def _style_names(doc) -> dict[str, str]:
    return {s.style_id: (s.name or "") for s in doc.styles}


def _level(p, names: dict[str, str]) -> tuple[int, str]:
    """(heading level or 0, style name) of a paragraph element."""
    ppr = p.find(W + "pPr")
    style = ""
    if ppr is not None:
        ps = ppr.find(W + "pStyle")
        if ps is not None:
            style = names.get(ps.get(W + "val"), ps.get(W + "val") or "")
        outline = ppr.find(W + "outlineLvl")
        m = _HEADING.match(style)
        if m:
            return int(m.group(1)), style
        if outline is not None and style.lower() not in ("toc 1", "toc 2", "toc 3"):
            try:
                level = int(outline.get(W + "val")) + 1
            except (TypeError, ValueError):
                level = 0
            if 1 <= level <= 9:
                return level, style
    return 0, style


def _grid(tbl) -> list[list[Cell | None]]:
    """Rows of cells with spans: gridSpan widens a cell, vMerge continue cells extend the one above."""
    rows: list[list[Cell | None]] = []
    width = 0
    spans: dict[int, Cell] = {}  # column -> the cell a vertical merge continues
    for r, tr in enumerate(tbl.findall(W + "tr")):
        row: list[Cell | None] = []
        c = 0
        trpr = tr.find(W + "trPr")
        if trpr is not None:
            before = trpr.find(W + "gridBefore")
            if before is not None:
                n = int(before.get(W + "val") or 0)
                row += [None] * n
                c += n
        for tc in tr.findall(W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(W + "val") or 1))
                vm = tcpr.find(W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(W + "val") or "continue"
            if vmerge == "continue" and c in spans:
                spans[c].rowspan += 1
                row += [None] * span
            else:
                cell = Cell(_plain(_text(tc)), r, c, 1, span, indent=_indent(tc))
                row.append(cell)
                row += [None] * (span - 1)
                if vmerge == "restart":
                    spans[c] = cell
                else:
                    spans.pop(c, None)
            c += span
        width = max(width, len(row))
        rows.append(row)
    return [row + [None] * (width - len(row)) for row in rows]


def _indent(tc) -> float:
    """The left indent of a cell's first paragraph, in points (a project row under its unit is indented)."""
    ind = tc.find(f"{W}p/{W}pPr/{W}ind")
    if ind is None:
        return 0.0
    for key in ("left", "start"):
        value = ind.get(W + key)
        if value and value.lstrip("-").isdigit():
            return int(value) / 20
    return 0.0


def _is_meta(row: list[Cell | None]) -> bool:
    texts = [c.text for c in row if c is not None and c.text]
    return bool(texts) and all(re.match(r"^(编制(单位|部门)|单位)[:：]", t) for t in texts)


def read_docx(path: str | Path) -> Document:
    """Read a DOCX into blocks and tables (DiscloseError when it is not a Word document)."""
    import docx

    started = time.perf_counter()
    try:
        if not zipfile.is_zipfile(path):
            raise ValueError("not a zip")
        d = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise DiscloseError(f"{path}：无法作为 DOCX 读取（{exc.__class__.__name__}）") from None
    names = _style_names(d)
    doc = Document(str(path), "docx", 0)
    paragraph = tables = 0
    last_table: Table | None = None
    for n, el in enumerate(d.element.body.iterchildren()):
        if n > MAX_BODY_ELEMENTS:
            raise DiscloseError(f"{path}：正文段落和表格超过 {MAX_BODY_ELEMENTS} 个，不像一份公开报告")
        if el.tag == W + "p":
            paragraph += 1
            level, style = _level(el, names)
            text = _plain(_text(el))
            if not text or style.lower().startswith("toc"):
                continue
            if last_table is not None and (
                re.match(r"^(注|说明|备注)[:：\d]", text) or "注" in style or "note" in style.lower()
            ):
                last_table.notes.append(text)
                continue
            last_table = None
            block = Block(text, paragraph, 0.0, level, bool(level), style in ("Title", "标题"))
            doc.items.append(block)
        elif el.tag == W + "tbl":
            tables += 1
            grid = _grid(el)
            caption = _caption(doc)
            while grid and _is_meta(grid[0]):
                caption += [c.text for c in grid[0] if c is not None and c.text]
                grid = _shift(grid[1:])
            table = Table(tables, grid, [0] * len(grid), list(range(1, len(grid) + 1)), caption, [], 0, 0.0, True)
            doc.items.append(table)
            last_table = table
    doc.seconds = time.perf_counter() - started
    return doc


def _shift(grid: list[list[Cell | None]]) -> list[list[Cell | None]]:
    for row in grid:
        for cell in row:
            if cell is not None:
                cell.row -= 1
    return grid


def _caption(doc: Document) -> list[str]:
    """Short non-heading paragraphs right above the table (表N, its title): taken out of the text."""
    caption: list[str] = []
    while doc.items and isinstance(doc.items[-1], Block):
        b = doc.items[-1]
        title_like = bool(re.match(r"^表\d+$|.*表(（.*）)?$|^（\d{4}年度?）$", b.text))
        if (b.heading and not title_like) or len(b.text) > 60 or len(caption) >= 3 or re.search(r"[。；：:]$", b.text):
            break
        if re.match(r"^第[一二三四五六七八九十]+部分", b.text) or "《" in b.text:
            break
        caption.insert(0, b.text)
        doc.items.pop()
    return caption
