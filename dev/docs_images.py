"""Pictures of docs/快速入门.md, made from a real run (``make docs-images``): a new unit's workbook as filled in
(the filling of tests/test_workbook.py, as a clerk would type it), opened in LibreOffice Calc, and pages of the
report rendered from it. Nothing is pasted by hand: run it again after a change of layout and commit the PNGs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT / "tests"))

from test_workbook import _fill_new_unit  # noqa: E402


def run(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "generator", *args], check=True, cwd=cwd, capture_output=True)


def page_of(pdf: Path, text: str, start: int = 1) -> int:
    """The first page of *pdf* from *start* whose text holds *text*."""
    pages = int(
        next(
            line.split()[1]
            for line in subprocess.check_output(["pdfinfo", str(pdf)], text=True).splitlines()
            if line.startswith("Pages:")
        )
    )
    for n in range(start, pages + 1):
        if text in subprocess.check_output(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], text=True):
            return n
    raise SystemExit(f"{pdf.name}: no page with {text}")


def png(pdf: Path, page: int, name: str, dpi: int = 60) -> None:
    stem = OUT / name
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(stem)],
        check=True,
    )
    print("wrote", stem.with_suffix(".png").relative_to(ROOT))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run("init", "-o", "我局-2026", "--name", "示例县生态环境局", "--year", "2026", "--xlsx", cwd=work)
        book = work / "我局-2026" / "公开表.xlsx"
        _fill_new_unit(book, book)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(book)],
            check=True,
            capture_output=True,
        )
        sheets = work / "公开表.pdf"
        png(sheets, page_of(sheets, "部门支出总体情况表"), "快速入门-工作簿-表3")
        png(sheets, page_of(sheets, "收入预算说明"), "快速入门-工作簿-上年与原因")
        png(sheets, page_of(sheets, "项目支出绩效目标表"), "快速入门-工作簿-绩效目标表")
        run("render", str(book), "-o", "公开件", "--format", "pdf", cwd=work)
        report = next((work / "公开件").glob("*.pdf"))
        png(report, 2, "快速入门-报告-目录")
        png(report, page_of(report, "收入预算情况说明", 3), "快速入门-报告-情况说明")
        png(report, page_of(report, "项目支出绩效目标表", 3), "快速入门-报告-绩效目标表")
        shutil.rmtree(work / "公开件")


if __name__ == "__main__":
    main()
