"""`make bench`: wall time and peak memory of each stage for every input (not a test; prints a table)."""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import pipeline  # noqa: E402
from generator.render import render_html  # noqa: E402
from generator.writers import get_writer  # noqa: E402


def main():
    # lo-pdf: LibreOffice exporting our DOCX to PDF, the yardstick of the design card ("faster than LibreOffice")
    print(f"{'input':32} {'prepare':>8} {'html':>8} {'pdf':>8} {'docx':>8} {'lo-pdf':>8} {'pages':>6}")
    soffice = shutil.which("soffice")
    inputs = sorted((ROOT / "inputs").iterdir()) + [ROOT / "examples" / "final-tables" / "input"]
    for inp in inputs:
        t0 = time.perf_counter()
        p = pipeline.prepare(inp)
        t1 = time.perf_counter()
        html = render_html(p.report, p.figures, p.region)
        t2 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "r.pdf"
            get_writer("pdf")(html, p.region, pdf)
            t3 = time.perf_counter()
            docx = Path(tmp) / "r.docx"
            get_writer("docx")(html, p.region, docx)
            t4 = time.perf_counter()
            lo = float("nan")
            if soffice:
                subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                                "--outdir", str(Path(tmp) / "lo"), str(docx)], capture_output=True, timeout=600)
                lo = time.perf_counter() - t4
            from pypdf import PdfReader
            pages = len(PdfReader(str(pdf)).pages)
        name = inp.name if inp.parent.name == "inputs" else inp.parent.name
        print(f"{name:32} {t1 - t0:8.2f} {t2 - t1:8.2f} {t3 - t2:8.2f} {t4 - t3:8.2f} {lo:8.2f} {pages:6d}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB (seconds per stage)")


if __name__ == "__main__":
    main()
