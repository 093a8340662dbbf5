import shutil
import subprocess

import pytest
from docx import Document

from conftest import pdf_text, squash


def _docx(rendered, name="changji-2025-budget"):
    return next(p for p in rendered[name]["paths"] if p.suffix == ".docx")


def test_docx_uses_word_heading_styles_and_east_asian_fonts(rendered):
    doc = Document(str(_docx(rendered)))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    normal = doc.styles["Normal"].element
    assert 'w:eastAsia="' in normal.xml


def test_docx_tables_repeat_header_rows_and_use_landscape(rendered):
    doc = Document(str(_docx(rendered)))
    assert "w:tblHeader" in doc.tables[0]._tbl.xml
    orientations = {s.orientation for s in doc.sections}
    assert len(orientations) == 2  # portrait and landscape sections


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_opens_the_docx(rendered, tmp_path):
    src = _docx(rendered)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=300)
    pdf = next(tmp_path.glob("*.pdf"))
    text = squash(pdf_text(pdf))
    assert "第三部分2025年部门预算情况说明" in text
    assert squash("一般公共预算736.38万元，占15.74%") in text
