"""A workbook checked before openpyxl loads it: size, rows, columns, cells, merged ranges, cell text, formulas.

openpyxl builds every cell (and every cell of a merged range) in memory, so a small file can stall or exhaust the
machine: a sheet with a cell in row 1,048,576, a merged range A1:XFD1048576, a 600 MB inline string that zips to
0.7 MB. The parts of the zip are therefore streamed through expat first (no tree kept, no DOCTYPE allowed) and
every limit below ends in a message located at its sheet and cell. Formulas whose result was never computed (a
workbook written by a program, =WEBSERVICE, DDE …) have no value to import: they are refused at their cell rather
than read as blanks (zero).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import zipfile
from pathlib import Path
from xml.parsers import expat

from openpyxl.utils import column_index_from_string, get_column_letter

from ..errors import InputError, Location, Problem

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024  # the file; real 公开表 workbooks are under 1 MB
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all parts unpacked (declared sizes; zipfile reads no further)
MAX_PARTS = 2000
MAX_SHEETS = 100
MAX_ROWS = 10_000  # per sheet; the largest real table has about 200 rows
MAX_COLUMNS = 200  # per sheet (column GR); real tables have up to 20
MAX_CELLS = 200_000  # per workbook; the largest real workbook has about 6,000
MAX_MERGED_CELLS = 200_000  # cells covered by merged ranges, per workbook
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of one cell
MAX_PROBLEMS = 20  # formula cells named before the rest are counted

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class _Stop(Exception):
    """A limit is reached: stop parsing at once (the rest is not read)."""

    def __init__(self, problem: Problem):
        self.problem = problem


def _problem(where: str, message: str) -> Problem:
    return Problem(message, Location(where), "Excel-限制")


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, handlers: dict, where: str) -> None:
    """Feed one XML part through expat in chunks with *handlers*; a DOCTYPE (entity declarations) is refused."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_args) -> None:
        raise _Stop(_problem(where, "工作簿的 XML 含有 DOCTYPE/实体声明，已拒绝读取"))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    for name, handler in handlers.items():
        setattr(parser, name, handler)
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 16):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _Stop(_problem(where, f"工作簿的 XML 格式错误（第 {exc.lineno} 行），已拒绝读取")) from None


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _ref(text: str) -> tuple[int, int] | None:
    """(row, column), 1-based, of an address such as ``B12``."""
    m = _REF.match(text or "")
    if not m:
        return None
    return int(m.group(2)), column_index_from_string(m.group(1))


class _Counts:
    def __init__(self) -> None:
        self.cells = 0
        self.merged = 0
        self.formulas: list[Problem] = []


def _sheet_names(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Part name → sheet name, from xl/workbook.xml and its relationships (unmapped parts keep their file name)."""
    ids: dict[str, str] = {}  # relationship id → sheet name
    targets: dict[str, str] = {}  # relationship id → part name

    def sheet(name, attrs) -> None:
        if _local(name) == "sheet":
            rid = attrs.get(f"{_RELS} id")
            if rid:
                ids[rid] = attrs.get("name", "")

    def relation(name, attrs) -> None:
        if _local(name) == "Relationship" and attrs.get("Id") and attrs.get("Target"):
            target = attrs["Target"]
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attrs["Id"]] = part

    for part, handler in (("xl/workbook.xml", sheet), ("xl/_rels/workbook.xml.rels", relation)):
        if part in names:
            _stream(zf, zf.getinfo(part), {"StartElementHandler": handler}, part)
    return {targets[rid]: title for rid, title in ids.items() if rid in targets}


class _SheetScan:
    """The position and the cell being read while one sheet's XML streams by (expat handlers)."""

    def __init__(self, title: str, counts: _Counts):
        self.title, self.counts = title, counts
        self.row = self.col = 0
        self.in_cell = self.formula = False
        self.value_chars = self.text_chars = 0
        self.addr = self.reading = ""

    def refuse(self, where: str, message: str) -> _Stop:
        return _Stop(_problem(where, f"{message}，已拒绝读取"))

    def start(self, name: str, attrs: dict) -> None:
        tag = _local(name)
        if tag == "row":
            r = attrs.get("r")
            self.row, self.col = (int(r) if r and r.isdigit() else self.row + 1), 0
            if self.row > MAX_ROWS:
                raise self.refuse(f"{self.title}!A{self.row}", f"工作表超过 {MAX_ROWS:,} 行，不像一张公开表")
        elif tag == "c":
            self._cell(attrs)
        elif tag == "f" and self.in_cell:
            self.formula = True
        elif tag in ("v", "t") and self.in_cell:
            self.reading = tag
        elif tag == "mergeCell":
            _merged(attrs.get("ref", ""), self.title, self.counts)

    def _cell(self, attrs: dict) -> None:
        pos = _ref(attrs.get("r", ""))
        self.row, self.col = pos if pos else (self.row or 1, self.col + 1)
        self.in_cell, self.formula, self.value_chars, self.text_chars = True, False, 0, 0
        self.addr = f"{self.title}!{get_column_letter(min(self.col, 16384))}{self.row}"
        self.counts.cells += 1
        if self.row > MAX_ROWS:
            raise self.refuse(self.addr, f"工作表超过 {MAX_ROWS:,} 行，不像一张公开表")
        if self.col > MAX_COLUMNS:
            raise self.refuse(self.addr, f"工作表超过 {MAX_COLUMNS} 列，不像一张公开表")
        if self.counts.cells > MAX_CELLS:
            raise self.refuse(self.addr, f"工作簿超过 {MAX_CELLS:,} 个单元格")

    def text(self, data: str) -> None:
        if self.reading:
            self.text_chars += len(data)
            if self.reading == "v":
                self.value_chars += len(data.strip())
            if self.text_chars > MAX_CELL_CHARS:
                raise self.refuse(self.addr, f"单元格文字超过 {MAX_CELL_CHARS:,} 字（Excel 的上限）")

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag in ("v", "t"):
            self.reading = ""
        elif tag == "c":
            self.in_cell = False
            if self.formula and not self.value_chars and len(self.counts.formulas) <= MAX_PROBLEMS:
                self.counts.formulas.append(
                    Problem(
                        "公式没有计算结果（工作簿由程序生成或未重新计算），无法当作数字导入；"
                        "请在 Excel/WPS 中打开后保存一次，或把该格改为数字",
                        Location(self.addr),
                        "Excel",
                    )
                )


def _check_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, title: str, counts: _Counts) -> None:
    scan = _SheetScan(title, counts)
    handlers = {"StartElementHandler": scan.start, "EndElementHandler": scan.end, "CharacterDataHandler": scan.text}
    _stream(zf, info, handlers, title)


def _merged(ref: str, title: str, counts: _Counts) -> None:
    first, _, last = ref.partition(":")
    a, b = _ref(first), _ref(last or first)
    if a is None or b is None:
        return  # openpyxl reports a malformed range itself
    rows, cols = abs(b[0] - a[0]) + 1, abs(b[1] - a[1]) + 1
    where = f"{title}!{ref}"
    if max(a[0], b[0]) > MAX_ROWS or max(a[1], b[1]) > MAX_COLUMNS:
        raise _Stop(_problem(where, f"合并单元格 {ref} 超出 {MAX_ROWS:,} 行 × {MAX_COLUMNS} 列，已拒绝读取"))
    counts.merged += rows * cols
    if counts.merged > MAX_MERGED_CELLS:
        raise _Stop(_problem(where, f"合并单元格共覆盖超过 {MAX_MERGED_CELLS:,} 格，已拒绝读取"))


def _check_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> None:
    state = {"n": 0, "len": 0, "in_t": False}

    def start(name, attrs) -> None:
        tag = _local(name)
        if tag == "si":
            state["n"] += 1
            state["len"] = 0
            if state["n"] > MAX_CELLS:
                raise _Stop(_problem(f"{where}（共享文字表）", f"工作簿的文字超过 {MAX_CELLS:,} 条，已拒绝读取"))
        elif tag == "t":
            state["in_t"] = True

    def end(name) -> None:
        if _local(name) == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            state["len"] += len(data)
            if state["len"] > MAX_CELL_CHARS:
                raise _Stop(
                    _problem(
                        f"{where}（共享文字表第 {state['n']} 条）", f"单元格文字超过 {MAX_CELL_CHARS:,} 字，已拒绝读取"
                    )
                )

    _stream(zf, info, {"StartElementHandler": start, "EndElementHandler": end, "CharacterDataHandler": text}, "")


def check_workbook(path: str | Path) -> None:
    """Refuse (InputError, located) a workbook that is not a regular file, too large, or beyond any limit above;
    formulas without a computed result are listed at their cells."""
    path = Path(path)
    where = str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(Problem(f"无法读取工作簿：{exc.strerror}", Location(where), "文件")) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(Problem("工作簿不是普通文件（可能是目录、设备或管道），已拒绝读取", Location(where), "文件"))
    if st.st_size > MAX_WORKBOOK_BYTES:
        raise InputError(
            Problem(f"工作簿过大（{st.st_size:,} 字节，上限 {MAX_WORKBOOK_BYTES:,} 字节）", Location(where), "文件")
        )
    try:
        with zipfile.ZipFile(path) as zf:
            _check_parts(zf, where)
    except _Stop as stop:
        raise InputError(stop.problem) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputError(
            Problem(f"无法读取工作簿（不是有效的 .xlsx 文件：{type(exc).__name__}）", Location(where), "文件")
        ) from None


def _check_parts(zf: zipfile.ZipFile, where: str) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise _Stop(_problem(where, f"工作簿的组成部分超过 {MAX_PARTS:,} 个，已拒绝读取"))
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _Stop(
            _problem(where, f"工作簿解压后过大（{unpacked:,} 字节，上限 {MAX_UNPACKED_BYTES:,} 字节），已拒绝读取")
        )
    names = {i.filename for i in infos}
    titles = _sheet_names(zf, names)
    sheets = [i for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    if len(sheets) > MAX_SHEETS:
        raise _Stop(_problem(where, f"工作表超过 {MAX_SHEETS} 张，已拒绝读取"))
    counts = _Counts()
    for info in sheets:
        _check_sheet(zf, info, titles.get(info.filename, posixpath.basename(info.filename)), counts)
    if "xl/sharedStrings.xml" in names:
        _check_strings(zf, zf.getinfo("xl/sharedStrings.xml"), where)
    if counts.formulas:
        raise InputError(counts.formulas)
