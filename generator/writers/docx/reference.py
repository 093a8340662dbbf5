"""The optional ``reference.docx`` of a region or overlay: Word styles to start from, opened with care.

It may come from a shared overlay, so it is read only as a regular file inside its folder (no symlink out), bounded
in size and in unpacked size (no zip bomb), and refused when a part declares a DOCTYPE or entities (python-docx's
parser does not resolve entities either; this says so to the user instead of failing later).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from ...errors import RenderError
from ...paths import MAX_DOCX_BYTES, read_regular

MAX_UNPACKED = 100 * 1024 * 1024
MAX_PARTS = 2000


def _check_package(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise RenderError(f"Word 样式文件 {path} 解压后过大，已拒绝")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    head = zf.read(info)[:4096].upper()
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise RenderError(f"Word 样式文件 {path} 的 {info.filename} 声明了 DOCTYPE/实体，已拒绝")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise RenderError(f"Word 样式文件 {path} 不是有效的 .docx 文件") from None


def reference_document(dirs: list[Path]):
    """A python-docx Document from the first ``reference.docx`` in *dirs* (emptied), or the default template."""
    for folder in dirs:
        ref = Path(folder) / "reference.docx"
        if not os.path.lexists(ref):
            continue
        data = read_regular(ref, Path(folder), "Word 样式文件 reference.docx", MAX_DOCX_BYTES, "模板")
        _check_package(data, ref)
        try:
            doc = Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises many kinds for a damaged package
            raise RenderError(f"Word 样式文件 {ref} 无法打开（{type(exc).__name__}）；请换一个 .docx 文件") from None
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        return doc
    return Document()
