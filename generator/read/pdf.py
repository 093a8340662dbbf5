"""A PDF as blocks and tables. pypdfium2 (PDFium) gives the characters with their boxes, fonts and sizes and the
path objects; the horizontal and vertical strokes among them go to pdfplumber's table finder, whose cells are the
grids those lines draw (spans from the cell boundaries). Text outside the tables becomes lines, then paragraphs
(first-line indent, a change of font, a short last line), and a table continued on the next page is joined to its
first part with its repeated header rows dropped.

PDFium rather than pdfminer for the page content: a table of hundreds of separately stroked cell borders (WeasyPrint)
takes pdfminer half a second a page, PDFium a few milliseconds. Works on what Word, WPS, LibreOffice, WeasyPrint
and Typst print: tables drawn with ruling lines. A table without lines is read as text lines, and the importer
lists it as a table it could not place.
"""

from __future__ import annotations

import bisect
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DiscloseError
from .document import Block, Cell, Document, Table, clean

_PAGE_NO = re.compile(r"^[-—–－\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*\d+|\s*共\s*\d+\s*页)?[-—–－\s]*$")
_PUNCT_ONLY = re.compile(r"^[。，、；：？！）》”’.,;:)\s]+$")
# the first word of a line with the closing punctuation that may not start a line
_LEAD = re.compile(r"[（“《‘]*([A-Za-z0-9.,%()\-]+|.)[，。、；：？！）》”’%]*")
MAX_PAGES = 2000  # a published report has tens of pages; a file of thousands is not one


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    page: int
    width: float  # page width
    lead: float = 0.0  # width of its first word (a Chinese character, or a run of digits and Latin letters)


@dataclass
class _Part:
    """A table as found on one page, before joining."""

    grid: list[list[Cell | None]]
    top: float
    bottom: float
    xs: list[float]
    page: int
    caption: list[str] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)  # page of each row (a joined table spans pages)
    row_lines: list[int] = field(default_factory=list)  # row number on its page
    joined: int = 0  # continuation parts joined to this one


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    i = bisect.bisect_left(bounds, v - 2.0)
    return min(i, len(bounds) - 1)


def _cell_text(chars: list[dict]) -> str:
    """Characters of one cell in reading order: lines by their top, left to right; no space inside Chinese."""
    if not chars:
        return ""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(ch["top"] - rows[-1][0]["top"]) <= max(2.0, ch["size"] * 0.4):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, last = "", None
        for ch in row:
            if last is not None and last["text"] != " " and ch["text"] != " ":
                gap = ch["x0"] - last["x1"]
                a, b = last["text"].isascii(), ch["text"].isascii()
                # a space the file leaves as a gap: between Chinese characters any clear gap (they are set solid;
                # Typst's justification adds a tenth of a character at most), between Chinese and Latin or digits
                # only a wide one (WPS adds a quarter of a character there by itself)
                if gap > ch["size"] * (0.25 if not a and not b else 0.3 if a and b else 0.35):
                    text += " "
            text += ch["text"]
            last = ch
        lines.append(text)
    return clean("".join(lines))


def _table_part(table, chars: list[dict], page_no: int) -> _Part | None:
    """The grid a pdfplumber table draws: column and row bounds from its cells, spans from each cell's extent."""
    cells = [c for c in table.cells if c[2] - c[0] > 1 and c[3] - c[1] > 1]
    if not cells:
        return None
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells])
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells])
    nrows, ncols = len(ys) - 1, len(xs) - 1
    if nrows < 1 or ncols < 1:
        return None
    grid: list[list[Cell | None]] = [[None] * ncols for _ in range(nrows)]
    owner: dict[tuple[int, int], Cell] = {}
    boxes: list[tuple[Cell, tuple]] = []
    for box in cells:
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0 or grid[r0][c0] is not None:
            continue
        cell = Cell("", r0, c0, r1 - r0, c1 - c0)
        grid[r0][c0] = cell
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[(r, c)] = cell
        boxes.append((cell, box))
    # a cell that runs on to the next page has no bottom rule here, so the finder leaves its place empty: each run
    # of uncovered rows in a column becomes one cell (the 一级指标 of a 绩效 table split by a page break)
    for c in range(ncols):
        r = 0
        while r < nrows:
            if (r, c) in owner:
                r += 1
                continue
            end = r
            while end + 1 < nrows and (end + 1, c) not in owner:
                end += 1
            cell = Cell("", r, c, end - r + 1, 1)
            grid[r][c] = cell
            for rr in range(r, end + 1):
                owner[(rr, c)] = cell
            boxes.append((cell, (xs[c], ys[r], xs[c + 1], ys[end + 1])))
            r = end + 1
    inside: dict[int, list[dict]] = {}
    x0, top, x1, bottom = table.bbox
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        r = bisect.bisect_right(ys, cy) - 1
        c = bisect.bisect_right(xs, cx) - 1
        hit = owner.get((r, c))
        if hit is not None:
            inside.setdefault(id(hit), []).append(ch)
    for cell, box in boxes:
        mine = inside.get(id(cell), [])
        cell.text = _cell_text(mine)
        if mine:
            first = min(mine, key=lambda ch: (round(ch["top"]), ch["x0"]))
            cell.indent = first["x0"] - box[0]
    # rows a grid line crosses without any cell starting in them (a rule under a merged cell only) are dropped
    keep = [r for r in range(nrows) if any(cell is not None for cell in grid[r]) or r == 0]
    if len(keep) < nrows:
        grid = _drop_rows(grid, keep)
    n = len(grid)
    return _Part(grid, top, bottom, xs, page_no, [], [page_no] * n, list(range(1, n + 1)))


def _drop_rows(grid: list[list[Cell | None]], keep: list[int]) -> list[list[Cell | None]]:
    index = {r: i for i, r in enumerate(keep)}
    out: list[list[Cell | None]] = [grid[r] for r in keep]
    for i, row in enumerate(out):
        for cell in row:
            if cell is not None:
                last = max(r for r in keep if r < cell.row + cell.rowspan)
                cell.row, cell.rowspan = i, index[last] - i + 1
    return out


def _dedupe(chars: list[dict]) -> list[dict]:
    """Characters drawn twice at (nearly) the same place by two text objects — bold faked by overprinting (WPS) —
    counted once; the letters of one ligature glyph (——) share a place and an object and are all kept."""
    out: list[dict] = []
    last: dict[str, dict] = {}
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        prev = last.get(ch["text"])
        if (
            prev is not None
            and prev.get("obj") != ch.get("obj")
            and abs(prev["x0"] - ch["x0"]) < 1
            and abs(prev["top"] - ch["top"]) < 1
        ):
            continue
        last[ch["text"]] = ch
        out.append(ch)
    return out


def _lines(chars: list[dict], skip: list[tuple], page_no: int, width: float) -> list[_Line]:
    """Text lines outside the tables of the page (characters grouped by their baseline), each cut at wide gaps and
    given its dominant font."""
    free = [
        c
        for c in chars
        if not any(
            b[0] - 1 <= (c["x0"] + c["x1"]) / 2 <= b[2] + 1 and b[1] - 1 <= (c["top"] + c["bottom"]) / 2 <= b[3] + 1
            for b in skip
        )
    ]
    rows: list[list[dict]] = []
    for ch in sorted(free, key=lambda c: (c["bottom"], c["x0"])):
        if rows and ch["bottom"] - rows[-1][-1]["bottom"] <= max(1.5, ch["size"] * 0.3):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        # a wide gap splits a line into pieces (编制单位：… at the left, 单位：万元 at the right)
        pieces: list[list[dict]] = []
        for ch in row:
            if pieces and ch["x0"] - pieces[-1][-1]["x1"] > ch["size"] * 3:
                pieces.append([ch])
            elif pieces:
                pieces[-1].append(ch)
            else:
                pieces.append([ch])
        for piece in pieces:
            font, size = Counter((_family(c["fontname"]), round(c["size"], 1)) for c in piece).most_common(1)[0][0]
            text = clean(_cell_text(piece))
            first = _LEAD.match(text)
            lead = sum(c["x1"] - c["x0"] for c in piece[: len(first.group()) if first else 1])
            top = min(c["top"] for c in piece)
            bottom = max(c["bottom"] for c in piece)
            out.append(_Line(text, piece[0]["x0"], piece[-1]["x1"], top, bottom, size, font, page_no, width, lead))
    return out


def _family(fontname: str) -> str:
    """The font without its subset tag (ABCDEF+NotoSerifCJKsc-Regular): one font may be embedded in several subsets."""
    return fontname.split("+", 1)[-1]


def _is_furniture(line: _Line, height: float) -> bool:
    """A page number in the top or bottom margin."""
    near_edge = line.top < height * 0.08 or line.bottom > height * 0.9
    return near_edge and bool(_PAGE_NO.match(line.text))


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """Left and right margin of body text: the leftmost common line start (continuation lines; a line that starts
    with an opening bracket may hang into the margin) and the 95th percentile of line ends (ragged or justified)."""
    starts = Counter(round(ln.x0) for ln in lines)
    common = [x for x, n in starts.items() if n >= max(3, len(lines) * 0.05)]
    left = min(common) if common else starts.most_common(1)[0][0]
    ends = sorted(ln.x1 for ln in lines)
    return float(left) - 0.5, ends[min(len(ends) - 1, int(len(ends) * 0.95))]


class _Paragraphs:
    """Lines → blocks. A new block starts at an indented or centred line, at a change of font or size, after a line
    that ends short of the right margin, or after a gap; a line of punctuation only joins the line before."""

    def __init__(self, lines: list[_Line], tables: dict[int, list[tuple[float, float]]] | None = None):
        self.tables = tables or {}  # page -> (top, bottom) of its tables: no paragraph runs across one
        table_pages = set(self.tables)
        # the body font is the font of most characters on pages without tables (notes under many tables can
        # outnumber the body text of a report with dozens of 自评表)
        text_only = [ln for ln in lines if ln.page not in table_pages]
        body = Counter((ln.font, ln.size) for ln in (text_only if len(text_only) > 20 else lines) for _ in ln.text)
        self.body_font, self.body_size = body.most_common(1)[0][0] if body else ("", 12.0)
        self.margins: dict[int, tuple[float, float]] = {}
        by_page: dict[int, list[_Line]] = {}
        for ln in lines:
            by_page.setdefault(ln.page, []).append(ln)
        # pages of one width share their margins (a page of headings only has no full line to measure)
        by_width: dict[int, list[_Line]] = {}
        for ln in lines:
            if self._is_body(ln):
                by_width.setdefault(round(ln.width), []).append(ln)
        measured = {w: _margins(lns) for w, lns in by_width.items()}
        for page, lns in by_page.items():
            self.margins[page] = measured.get(round(lns[0].width)) or _margins(lns)

    def _is_body(self, ln: _Line) -> bool:
        return ln.font == self.body_font and abs(ln.size - self.body_size) < 0.6

    def _centered(self, ln: _Line) -> bool:
        left, right = self.margins[ln.page]
        mid = (left + right) / 2
        return abs((ln.x0 + ln.x1) / 2 - mid) < ln.size * 1.5 and ln.x0 > left + ln.size * 2.5

    def _ended(self, prev: _Line, ln: _Line) -> bool:
        """*prev* ends its paragraph: it stops short of the right margin although the first word of *ln* fitted."""
        gap = self.margins[prev.page][1] - prev.x1
        return gap > prev.size * 1.6 and ln.lead < gap - prev.size * 0.5 and not re.search(r"[（“《(]$", prev.text)

    def blocks(self, lines: list[_Line]) -> list[tuple[Block, _Line]]:
        out: list[tuple[Block, _Line]] = []
        prev: _Line | None = None
        for ln in lines:
            left, right = self.margins[ln.page]
            emphasis = not self._is_body(ln)
            if prev is not None and _PUNCT_ONLY.match(ln.text) and out:
                out[-1][0].text += ln.text
                continue
            across = prev is not None and (
                ln.page == prev.page
                and any(prev.bottom <= top and bottom <= ln.top + 1 for top, bottom in self.tables.get(ln.page, []))
            )
            wrapped_heading = (
                prev is not None
                and emphasis
                and (prev.font, prev.size) == (ln.font, ln.size)
                and ln.page == prev.page
                and ln.top - prev.bottom < ln.size
                and prev.x1 >= self.margins[prev.page][1] - prev.size * 1.2
            )
            starts = (
                across
                or not wrapped_heading
                and (
                    prev is None
                    or ln.x0 > left + ln.size * 0.8
                    or self._centered(ln)
                    or emphasis != (not self._is_body(prev))
                    or (emphasis and abs(ln.size - prev.size) > 0.6)
                    or self._ended(prev, ln)
                    or (ln.page == prev.page and ln.top - prev.bottom > max(ln.size, prev.size) * 1.6)
                )
            )
            if ln.page != prev.page if prev is not None else False:
                # a paragraph continues on the next page only as body text starting at the margin
                starts = starts or emphasis
            if starts:
                out.append((Block(ln.text, ln.page, ln.top, 0, emphasis, self._centered(ln)), ln))
            else:
                joined = out[-1][0].text + ln.text
                out[-1][0].text = clean(joined) if re.search(r"[A-Za-z0-9]$", out[-1][0].text) else joined
            prev = ln
        return out


def _join_tables(items: list) -> list:
    """A table that starts a page, right after a table that ended the page before with the same columns, is its
    continuation: joined, with the header rows it repeats dropped."""
    out: list = []
    for item in items:
        if isinstance(item, _Part):
            k = len(out)
            while k > 0 and not isinstance(out[k - 1], _Part):
                k -= 1  # short lines between them: the names of cells the page break cut (printed below the part)
            last = out[k - 1] if k > 0 else None
            orphans = out[k:]
            if isinstance(last, _Part) and _continues(last, item) and _adopt(last, orphans):
                del out[k:]
                _append_part(last, item)
                continue
        out.append(item)
    return out


def _continues(last: _Part, item: _Part) -> bool:
    """*item* continues *last*: on the next page, the same columns, nothing above it but the 编制单位 / 单位 line a
    repeated table head carries (as the first part's), or a line saying 续."""
    repeated = {re.sub(r"\s+", "", x) for x in last.caption}
    return (
        item.page == last.row_pages[-1] + 1
        and all(
            (re.sub(r"\s+", "", x) in repeated and re.match(r"^(编制|单位[:：])", re.sub(r"\s+", "", x))) or "续" in x
            for x in item.caption
        )
        and len(item.xs) == len(last.xs)
        and all(abs(a - b) < 3 for a, b in zip(item.xs, last.xs, strict=False))
    )


def _adopt(part: _Part, orphans: list) -> bool:
    """Lines printed just under *part*, each inside the column of an empty cell of its last row, become that
    cell's text (WeasyPrint centres a merged cell's name on the whole cell, so a cut cell prints it below the
    page's part). False when a line is anything else (then the tables are not joined)."""
    fills: list[tuple[Cell, str]] = []
    last = len(part.grid) - 1
    for orphan in orphans:
        _block, ln = orphan
        if ln.page != part.row_pages[-1] or ln.top > part.bottom + ln.size * 4:
            return False
        c = bisect.bisect_right(part.xs, (ln.x0 + ln.x1) / 2) - 1
        if c < 0 or c >= len(part.xs) - 1 or ln.x0 < part.xs[c] - 1 or ln.x1 > part.xs[c + 1] + 1:
            return False
        cell = next((part.grid[r][c] for r in range(last, -1, -1) if part.grid[r][c] is not None), None)
        if cell is None or cell.row + cell.rowspan - 1 != last or cell.text:
            return False
        fills.append((cell, ln.text))
    for cell, text in fills:
        cell.text = text
    return True


def _repeated_header(first: _Part, more: _Part) -> int:
    """How many rows the continuation starts with that repeat a header of the first part: its first rows, or the
    header rows of a second table printed in the same grid (a 绩效 table's indicator header)."""
    texts = [_row_text(first.grid, r) for r in range(len(first.grid))]
    for k in range(min(len(more.grid) - 1, 6), 0, -1):
        head = [_row_text(more.grid, r) for r in range(k)]
        if not _is_header(more.grid, k) or not any(head):
            continue
        for start in range(0, len(texts) - k + 1):
            if texts[start : start + k] == head:
                return k
    return 0


def _append_part(first: _Part, more: _Part) -> None:
    repeated = _repeated_header(first, more)
    rows = more.grid[repeated:]
    offset = len(first.grid) - repeated
    for row in rows:
        for cell in row:
            if cell is not None:
                cell.row += offset
    first.row_pages += [more.page] * len(rows)
    first.row_lines += list(range(repeated + 1, repeated + 1 + len(rows)))
    first.joined += 1
    first.grid.extend(rows)


def _row_text(grid: list[list[Cell | None]], r: int) -> tuple:
    return tuple(c.text for c in grid[r] if c is not None)


_FIGURE = re.compile(r"^-?[\d,]+\.\d+$|^\d{3}(\d{2}){0,2}$")


def _is_header(grid: list[list[Cell | None]], k: int) -> bool:
    """The first *k* rows hold no figure and no code (so repeating them is a repeated header, not data)."""
    return not any(c is not None and _FIGURE.match(c.text) for row in grid[:k] for c in row)


class _PageStub:
    """What pdfplumber's table finder needs of a page when every line is given to it explicitly."""

    def __init__(self, width: float, height: float):
        self.bbox = (0, 0, width, height)


def _tables(edges: list[dict], width: float, height: float) -> list:
    """pdfplumber's tables (cells as bboxes) from the page's strokes."""
    from pdfplumber.table import TableFinder

    v = [e for e in edges if e["orientation"] == "v"]
    h = [e for e in edges if e["orientation"] == "h"]
    if len(v) < 2 or len(h) < 2:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": v,
        "explicit_horizontal_lines": h,
    }
    return TableFinder(_PageStub(width, height), settings).tables  # type: ignore[arg-type]


def _edges(page, height: float) -> list[dict]:
    """Horizontal and vertical strokes of the page's path objects (lines, and the four sides of rectangles), in
    pdfplumber's coordinates (top down)."""
    import ctypes

    import pypdfium2.raw as raw

    out: list[dict] = []
    point_x, point_y = ctypes.c_float(), ctypes.c_float()
    matrix = raw.FS_MATRIX()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=4):
        handle = obj.raw
        if not raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(matrix)):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for k in range(raw.FPDFPath_CountSegments(handle)):
            seg = raw.FPDFPath_GetPathSegment(handle, k)
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(point_x), ctypes.byref(point_y))
            x, y = point_x.value, point_y.value
            pt = (a * x + c * y + e, height - (b * x + d * y + f))
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO or not points:
                points = [pt]
                start = pt
            else:
                _stroke(out, points[-1], pt)
                points.append(pt)
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _stroke(out, pt, start)
    return out


def _stroke(out: list[dict], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 1 and abs(x1 - x0) >= 3:
        lo, hi = sorted((x0, x1))
        y = (y0 + y1) / 2
        out.append({"object_type": "line", "x0": lo, "x1": hi, "top": y, "bottom": y, "width": hi - lo, "height": 0})
        out[-1]["orientation"] = "h"
    elif abs(x0 - x1) < 1 and abs(y1 - y0) >= 3:
        lo, hi = sorted((y0, y1))
        x = (x0 + x1) / 2
        out.append({"object_type": "line", "x0": x, "x1": x, "top": lo, "bottom": hi, "width": 0, "height": hi - lo})
        out[-1]["orientation"] = "v"


def _chars(textpage, height: float) -> list[dict]:
    """The page's characters (generated spaces and line breaks left out) with their loose boxes, font and size."""
    import ctypes

    import pypdfium2.raw as raw

    out = []
    rect = raw.FS_RECTF()
    fonts: dict[int, str] = {}
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for i in range(textpage.count_chars()):
        if raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
            continue
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        if code == 2:  # PDFium's mark for a hyphen that ends a line: a hyphen of the text (乌-昌-石)
            code = ord("-")
        # a space the file draws is text (a gap between glyphs is not: PDFium marks the spaces it adds)
        if code in (0, 0xFFFE, 0xFFFF) or code > 0x10FFFF or (chr(code).isspace() and code != 0x20):
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect)):
            continue
        obj = raw.FPDFText_GetTextObject(textpage.raw, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        font = fonts.get(key)
        if font is None:
            raw.FPDFText_GetFontInfo(textpage.raw, i, buf, 256, ctypes.byref(flags))
            font = fonts[key] = buf.value.decode("utf-8", "replace")
        out.append(
            {
                "text": chr(code),
                "x0": rect.left,
                "x1": rect.right,
                "top": height - rect.top,
                "bottom": height - rect.bottom,
                # the loose box's height: the font size PDFium reports is in text space (WPS writes 300 for 15pt)
                "size": round(rect.top - rect.bottom, 1),
                "fontname": font,
                "obj": key,
            }
        )
    return out


def read_pdf(path: str | Path) -> Document:
    """Read a PDF into blocks and tables (DiscloseError when it cannot be opened or has no text)."""
    import pypdfium2 as pdfium

    started = time.perf_counter()
    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise DiscloseError(f"{path}：无法作为 PDF 读取（{exc.__class__.__name__}）") from None
    try:
        pages = len(pdf)
        if pages > MAX_PAGES:
            raise DiscloseError(f"{path}：共 {pages} 页，超过 {MAX_PAGES} 页的上限，不像一份公开报告")
        lines: list[_Line] = []
        parts: list[tuple[float, int, _Part]] = []
        for n in range(1, pages + 1):
            try:
                page = pdf[n - 1]
                width, height = page.get_size()
                textpage = page.get_textpage()
                chars = _dedupe(_chars(textpage, height))
                found = _tables(_edges(page, height), width, height)
                boxes = [t.bbox for t in found]
                for t in found:
                    part = _table_part(t, chars, n)
                    if part is not None:
                        parts.append((part.top, n, part))
                lines += [ln for ln in _lines(chars, boxes, n, width) if not _is_furniture(ln, height)]
                textpage.close()
                page.close()
            except DiscloseError:
                raise
            except Exception as exc:  # noqa: BLE001 - a damaged page: named, nothing half-read is used
                raise DiscloseError(f"{path}：第 {n} 页无法读取（{exc.__class__.__name__}）") from None
    finally:
        pdf.close()
    if not lines and not parts:
        raise DiscloseError(f"{path}：PDF 中没有文字（扫描件需先做文字识别）")
    doc = Document(str(path), "pdf", pages)
    doc.items = _assemble(lines, parts)
    doc.seconds = time.perf_counter() - started
    return doc


def _assemble(lines: list[_Line], parts: list[tuple[float, int, _Part]]) -> list:
    """Blocks and tables in reading order; caption lines above a table and note lines under it go with it."""
    tables: dict[int, list[tuple[float, float]]] = {}
    for _top, n, part in parts:
        tables.setdefault(n, []).append((part.top, part.bottom))
    para = _Paragraphs(lines, tables)
    blocks = para.blocks(lines)
    seq: list[tuple[int, float, object]] = [(b.page, b.top, (b, ln)) for b, ln in blocks]
    seq += [(n, top, part) for top, n, part in parts]
    seq.sort(key=lambda t: (t[0], t[1]))
    items: list = []
    for _page, _top, obj in seq:
        if isinstance(obj, _Part):
            obj.caption = _take_caption(items, obj)
            items.append(obj)
        else:
            items.append(obj)
    items = _join_tables(items)
    out: list = []
    number = 0
    pending_notes: Table | None = None
    for item in items:
        if isinstance(item, _Part):
            number += 1
            table = Table(
                number,
                item.grid,
                item.row_pages,
                item.row_lines,
                item.caption,
                [],
                item.page,
                item.top,
                continued=item.joined,
            )
            out.append(table)
            pending_notes = table
            continue
        block, ln = item
        if (
            pending_notes is not None
            and block.page == pending_notes.pages[-1]
            and (re.match(r"^(注|说明|备注)[:：\d]", block.text) or ln.size < para.body_size - 0.5)
        ):
            pending_notes.notes.append(block.text)  # 注：… or the smaller print under a table
            continue
        pending_notes = None
        out.append(block)
    return out


def _take_caption(items: list, part: _Part) -> list[str]:
    """The short lines right above a table on its page (表N, title, 编制单位 / 单位：万元), taken out of the text."""
    caption: list[str] = []
    while items and not isinstance(items[-1], _Part):
        block, ln = items[-1]
        if block.page != part.page or part.top - ln.bottom > 90 or len(block.text) > 60 or len(caption) >= 4:
            break
        if (
            block.heading
            or re.search(r"[。；：:]$", block.text)
            or re.match(r"^第[一二三四五六七八九十]+部分", block.text)
            or "《" in block.text
        ):
            break
        caption.insert(0, block.text)
        items.pop()
    return caption
