"""The 目录 page map (``{anchor id: printed page}``) read from a real layout of the document, for a writer that
cannot lay out pages itself (the DOCX: Word does not lay pages out when a file is written).

The layout is a PDF: LibreOffice's PDF of the DOCX itself (``Word目录页码: LibreOffice``, the default,
:func:`libreoffice_pdf`), or the one the pipeline wrote from the same document in the same run (:func:`page_map`;
``Word目录页码: PDF``, and the fallback when LibreOffice is not installed). The targets are found
in the PDF's text in document order, after the 目录's own page; the printed number counts from the page where the
body's numbering starts (the first entry, i.e. 第一部分, is page 1 unless ``版面.前置页计页码: 是``).
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import RenderError
from ..render.page import front_pages_counted
from ..render.tree import Document


def squash(text: str) -> str:
    return "".join(text.split())


def page_texts(pdf: Path) -> list[str]:
    """The squashed text of each page (pdftotext, from poppler-utils)."""
    if not shutil.which("pdftotext"):
        raise RenderError("DOCX 目录页码需要 pdftotext（poppler-utils），未找到")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=300)
    if out.returncode != 0:
        raise RenderError(f"DOCX 目录页码：无法读取 PDF {pdf.name}")
    return [squash(page) for page in out.stdout.decode("utf-8", "replace").split("\f")]


def locate(pages: list[str], entries: list[tuple[str, str, str]], count_from_cover: bool = False) -> dict[str, int]:
    """Printed page number of each entry (id, text in the 目录, text of its target) found in *pages*.

    The search starts after the page holding the 目录's last line (its first occurrence) and walks forward, so a
    title repeated later in the body cannot pull an entry backwards. Entries not found get no number.
    """
    if not entries:
        return {}
    last_line = squash(entries[-1][1])
    start = next((i for i, page in enumerate(pages) if last_line and last_line in page), -1) + 1
    found: dict[str, int] = {}
    at = start
    for anchor, _toc_text, target in entries:
        key = squash(target)[:30]
        hit = next((i for i in range(at, len(pages)) if key and key in pages[i]), None)
        if hit is not None:
            found[anchor] = hit
            at = hit
    if not found:
        return {}
    first = 0 if count_from_cover else found.get(entries[0][0], min(found.values()))
    return {anchor: page - first + 1 for anchor, page in found.items() if page >= first}


def page_map(pdf: Path, document: Document) -> dict[str, int]:
    """The printed page of each 目录 entry of *document*, found in *pdf* (a layout of the same document)."""
    entries = [(e.anchor, e.text, e.target) for e in document.toc]
    return locate(page_texts(pdf), entries, front_pages_counted(document.settings))


def soffice() -> str | None:
    """LibreOffice's command, when it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


_PROFILE: list[str] = []  # this process's LibreOffice profile: created once (about 0.5 s), removed at exit


def _profile() -> str:
    if not _PROFILE:
        path = tempfile.mkdtemp(prefix="disclose-lo-profile-")
        atexit.register(shutil.rmtree, path, True)
        _PROFILE.append(path)
    return _PROFILE[0]


def libreoffice_pdf(docx: Path, outdir: Path) -> Path:
    """Convert *docx* to PDF with LibreOffice (its own layout of the DOCX) in a private profile of this process
    (two processes never share one: LibreOffice locks its profile)."""
    command = soffice()
    if command is None:
        raise RenderError("DOCX 目录页码需要 LibreOffice（soffice）排版，但未安装 LibreOffice")
    profile = _profile()
    run = subprocess.run(
        [
            command,
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        capture_output=True,
        timeout=600,
    )
    pdf = outdir / (docx.stem + ".pdf")
    if run.returncode != 0 or not pdf.exists():
        raise RenderError(f"LibreOffice 未能转换 {docx.name}，无法计算 DOCX 目录页码")
    return pdf
