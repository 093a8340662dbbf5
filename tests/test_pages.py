"""Near-empty pages (a table's last rows, its notes or a lone title spilled onto a page of its own), counted as
../shared/tools/sparse_pages.py counts them: a page other than the cover whose content ends in the top quarter.

Both PDF engines. The pages allowed are part endings, where a part's text ends high on its last page.
"""

import re
import subprocess

import pytest

# page numbers (1-based, in the PDF) allowed to end in the top quarter: part endings, looked at
ALLOWED = {
    ("weasyprint", "xinjiang-2024-budget"): 1,  # the end of 第一部分's list of units
    ("typst", "changji-2025-budget"): 2,  # 表8 and 表9: one-row tables, each on its own page as the seeds
    # two 项目支出绩效自评表 that fit one page only under 7 pt (the floor of issue 24): WeasyPrint carries their last
    # two rows and 总分 (its rows hang on the 一级指标 rowspan, which it will not break before); Typst carries more
    ("weasyprint", "changji-2024-final"): 2,
}
# Typst: the last section of a part begins a page when only its last lines would spill (keep-ending), a short
# closing section after a landscape block stays on its page (十二 after the last 自评表): changji-2024-final had
# two such pages (p8: two lines of 十一; p29: 十二 alone), jincheng one (p8: "无" before 第四部分) — issue 24


def near_empty_pages(pdf) -> list[int]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    found = []
    for i, (_w, h, body) in enumerate(pages, 1):
        height = float(h)
        ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body)]
        content = [y for y in ys if y < 0.92 * height]  # the page number aside
        if i > 1 and (not content or max(content) < 0.25 * height):
            found.append(i)
    return found


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
@pytest.mark.parametrize(
    "name", ["changji-2025-budget", "xinjiang-2024-budget", "changji-2024-final", "jincheng-2024-final"]
)
def test_few_near_empty_pages(rendered, engine, name):
    if engine == "typst":
        pdf = rendered[name]["typst_path"]
    else:
        pdf = next(p for p in rendered[name]["paths"] if p.suffix == ".pdf")
    pages = near_empty_pages(pdf)
    assert len(pages) <= ALLOWED.get((engine, name), 0), pages


def test_typst_measures_the_blocks_that_would_spill(rendered):
    """Typst sets a 自评表 that would spill a few rows smaller (fit-block, measured in its own layout): jincheng's
    38 自评表 need no more pages than in the WeasyPrint PDF (136 pages before the Typst writer fitted them)."""
    pdf = next(p for p in rendered["jincheng-2024-final"]["paths"] if p.suffix == ".pdf")
    typst_pages = subprocess.run(
        ["pdfinfo", str(rendered["jincheng-2024-final"]["typst_path"])], capture_output=True, text=True
    ).stdout
    weasy_pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    count = lambda info: int(re.search(r"Pages:\s+(\d+)", info).group(1))  # noqa: E731
    assert count(typst_pages) <= count(weasy_pages)
