import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
# every shipped input and example: (input, overlay) by name — the golden HTML and the workbook round trip cover all
SHIPPED = {
    "changji-2025-budget": (ROOT / "inputs/changji-2025-budget", None),
    "xinjiang-2024-budget": (ROOT / "inputs/xinjiang-2024-budget", None),
    "changji-2024-final": (ROOT / "inputs/changji-2024-final", None),
    "jincheng-2024-final": (ROOT / "inputs/jincheng-2024-final", None),
    "final-tables": (ROOT / "examples/final-tables/input", None),
    "county-overlay": (ROOT / "examples/county-overlay/input", ROOT / "examples/county-overlay/templates"),
    "unit-budget": (ROOT / "examples/unit-budget/input", ROOT / "examples/unit-budget/settings"),
    "new-table": (ROOT / "examples/new-table/input", ROOT / "examples/new-table/settings"),
    "shanghai-final": (ROOT / "examples/shanghai-final/input", None),
    "shanghai-putuo-2024-final": (ROOT / "inputs/shanghai-putuo-2024-final", None),
}


def squash(text: str) -> str:
    """Drop all whitespace: extracted PDF text breaks lines and spaces CJK/Latin runs."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def libreoffice_pdf(src: Path, outdir: Path) -> Path:
    """*src* (a DOCX or a workbook) converted to PDF by LibreOffice in a private profile; the PDF's path (it may
    not exist when LibreOffice could not open the file)."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{outdir}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(src),
        ],
        capture_output=True,
        timeout=600,
    )
    return outdir / (Path(src).stem + ".pdf")


def html_document(html: str, region):
    """A render.tree.Document of an HTML text with *region*'s settings (no pass run), for a writer's tests."""
    from generator.render.tree import document_from_html

    return document_from_html(html, region.settings, region.dirs)


def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """The examples rendered once to PDF (both engines) and DOCX:
    {name: {"pdf": text, "typst": text, "docx": text, "paths": [...], "typst_path": path}}.

    "pdf" and "paths" are the WeasyPrint PDF (named explicitly: Typst is the default engine) with the DOCX of the
    same run; "typst" is the PDF of a render with no engine option (the default, Typst)."""
    from generator import pipeline

    out = tmp_path_factory.mktemp("out")
    result = {}
    for name in ("changji-2025-budget", "xinjiang-2024-budget", "changji-2024-final", "jincheng-2024-final"):
        paths = pipeline.render(INPUTS / name, out / name, ["pdf", "docx"], pdf_engine="weasyprint")
        pdf = next(p for p in paths if p.suffix == ".pdf")
        docx = next(p for p in paths if p.suffix == ".docx")
        typst_pdf = pipeline.render(INPUTS / name, out / name / "typst", ["pdf"])[0]
        result[name] = {
            "pdf": squash(pdf_text(pdf)),
            "docx": squash(docx_text(docx)),
            "paths": paths,
            "typst": squash(pdf_text(typst_pdf)),
            "typst_path": typst_pdf,
        }
    return result
