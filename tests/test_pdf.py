import pytest
from pypdf import PdfReader

from generator.errors import RenderError
from generator.regions import load_region
from generator.writers import Options
from generator.writers.weasyprint import write as write_pdf

from conftest import html_document


def test_pdf_embeds_cjk_fonts(rendered):
    pdf = next(p for p in rendered["changji-2025-budget"]["paths"] if p.suffix == ".pdf")
    reader = PdfReader(str(pdf))
    fonts = {}
    for page in reader.pages:
        res = page.get("/Resources") or {}
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts", []):
                d = desc.get_object()["/FontDescriptor"].get_object()
                fonts[str(d["/FontName"])] = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values())
    assert any("CJK" in name for name in fonts)
    assert len(reader.outline) >= 4  # bookmarks from the headings


def test_missing_glyph_stops_rendering(tmp_path):
    html = "<html><body><p>正常文字\ue000</p></body></html>"
    with pytest.raises(RenderError) as exc:
        write_pdf(html_document(html, load_region("xinjiang")), Options(), tmp_path / "x.pdf")
    assert "U+E000" in exc.value.format_message()
    assert not (tmp_path / "x.pdf").exists()
