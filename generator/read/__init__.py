"""Reading a published report (PDF or DOCX) back: blocks of text and tables of cells, every piece located
(:mod:`.document`), which :mod:`.recognise` names and :mod:`.to_input` turns into an input folder."""

from __future__ import annotations

from pathlib import Path

from ..errors import DiscloseError
from .document import Document

MAX_FILE_BYTES = 200 * 1024 * 1024  # a published report is a few MB; a larger file is refused before reading


class Unreadable(DiscloseError):
    """The file cannot be read as a report (exit code 2, like an input that cannot be read)."""

    exit_code = 2


def read_file(path: str | Path) -> Document:
    """The blocks and tables of a published report; Unreadable (Chinese, with the file) when it cannot be read."""
    p = Path(path)
    if not p.is_file():
        raise Unreadable(f"{path}：文件不存在")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise Unreadable(f"{path}：文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像一份公开报告")
    suffix = p.suffix.lower()
    try:
        if suffix == ".pdf":
            from .pdf import read_pdf

            return read_pdf(p)
        if suffix == ".docx":
            from .docx import read_docx

            return read_docx(p)
    except DiscloseError as exc:
        raise Unreadable(exc.message) from None
    raise Unreadable(f"{path}：只能读取 PDF 或 DOCX 文件（.doc、.wps 请先另存为 DOCX）")
