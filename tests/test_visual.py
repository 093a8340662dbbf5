"""Visual regression: a few pages of the PDF compared with approved images (tests/visual/*.png, 50 dpi, grey).

A page is found by its text (pdftotext), rendered with pdftoppm and compared with a tolerance, so a layout break
(a table spilling, a landscape page turned portrait, columns collapsing) fails while antialiasing noise does not.
Approve new images after an intended layout change: ``make approve-visual`` (docs/customizing.md).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator import pipeline

Image = pytest.importorskip("PIL.Image")

ROOT = Path(__file__).resolve().parent.parent
APPROVED = ROOT / "tests" / "visual"
APPROVE = os.environ.get("DISCLOSE_APPROVE_VISUAL") == "1"
DPI = 50
MEAN_TOLERANCE = 3.0  # mean absolute difference, grey levels 0–255
CHANGED_TOLERANCE = 0.01  # share of pixels that differ by more than a quarter of the range

# The small inputs have no 公开表 longer than a page: this one is 表2 of changji-2025-budget with its rows twice.
CONTINUED = "表2 × 2"

# name: (input, text on the page, which match (0 = first), pages after it)
PAGES = {
    "toc": ("inputs/changji-2025-budget", "第一部分", 0, 0),  # the 目录 is the first page naming it
    "table-continued-1": (CONTINUED, "部门收入总体情况表", 0, 0),
    "table-continued-2": (CONTINUED, "部门收入总体情况表", 0, 1),
    "landscape": ("inputs/changji-2025-budget", "部门收入总体情况表", 1, 0),
    "narrative": ("inputs/changji-2025-budget", "第三部分", 1, 0),
    "perf-target": ("inputs/changji-2025-budget", "项目支出绩效目标表", 0, 0),
    "self-eval": ("inputs/changji-2024-final", "项目支出绩效自评表", 1, 0),  # the first names it in the text
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("visual")
    made = {}
    for inp in sorted({v[0] for v in PAGES.values()} - {CONTINUED}):
        made[inp] = pipeline.render(ROOT / inp, out / Path(inp).name, formats=("pdf",))[0]
    made[CONTINUED] = _continued_table(out / "continued.pdf")
    return made


def _continued_table(target: Path) -> Path:
    """表2 of changji-2025-budget with its body rows twice: a 公开表 that continues onto a second page."""
    import re

    from generator.render import render_html
    from generator.writers import Options, get_writer

    from conftest import html_document

    p = pipeline.prepare(ROOT / "inputs/changji-2025-budget")
    html = render_html(p.report, p.figures, p.region)
    block = re.search(r'<div class="table-block wide" id="t2"[^>]*>.*?</div>', html, re.S).group(0)
    body = block[block.index("<tbody>") + 7 : block.index("</tbody>")]
    copy = re.sub(r' class="keep"| keep"', lambda m: "" if m.group(0).startswith(" class") else '"', body)
    block = re.sub(r' style="font-size:[\d.]+pt"', "", block.replace("<tbody>", "<tbody>" + copy, 1))
    page = html_document(html[: html.index("<body>")] + "<body>" + block + "</body></html>", p.region)
    get_writer("pdf").write(page, Options(), target)
    return target


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def _find_page(pdf: Path, needle: str, which: int, after: int) -> int:
    hits = [i + 1 for i, t in enumerate(_page_texts(pdf)) if needle in t]
    assert len(hits) > which, f"“{needle}” not found {which + 1} times in {pdf.name}"
    return hits[which] + after


def _render_page(pdf: Path, page: int, target: Path) -> Image.Image:
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(target.with_suffix("")),
        ],
        check=True,
    )
    return Image.open(target).convert("L")


def _difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    from PIL import ImageChops

    diff = ImageChops.difference(a, b)
    hist = diff.histogram()
    total = a.width * a.height
    mean = sum(level * n for level, n in enumerate(hist)) / total
    changed = sum(hist[64:]) / total
    return mean, changed


@pytest.mark.parametrize("name", list(PAGES))
def test_page_looks_as_approved(pdfs, name, tmp_path):
    inp, needle, which, after = PAGES[name]
    pdf = pdfs[inp]
    page = _find_page(pdf, needle, which, after)
    image = _render_page(pdf, page, tmp_path / f"{name}.png")
    approved = APPROVED / f"{name}.png"
    if APPROVE:
        APPROVED.mkdir(exist_ok=True)
        image.save(approved, optimize=True)
        return
    assert approved.exists(), f"no approved image {approved.name}: run make approve-visual and look at it"
    reference = Image.open(approved).convert("L")
    assert image.size == reference.size, f"{name}: page size {image.size} ≠ approved {reference.size}"
    mean, changed = _difference(image, reference)
    assert mean <= MEAN_TOLERANCE and changed <= CHANGED_TOLERANCE, (
        f"{name} (page {page}) differs from the approved image: mean {mean:.2f} grey levels, "
        f"{changed:.1%} of the pixels changed; look at {tmp_path / (name + '.png')} and approve if intended"
    )
