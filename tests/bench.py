"""`make bench`: wall time and peak memory of each stage for every input (not a test; prints a table)."""
from __future__ import annotations

import resource
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
    print(f"{'input':32} {'prepare':>8} {'html':>8} {'pdf':>8} {'docx':>8} {'pages':>6}")
    for inp in sorted((ROOT / "inputs").iterdir()):
        t0 = time.perf_counter()
        p = pipeline.prepare(inp)
        t1 = time.perf_counter()
        p.region.settings = pipeline._apply_layout(p)
        html = render_html(p.report, p.figures, p.region)
        t2 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "r.pdf"
            get_writer("pdf")(html, p.region, pdf)
            t3 = time.perf_counter()
            get_writer("docx")(html, p.region, Path(tmp) / "r.docx")
            t4 = time.perf_counter()
            from pypdf import PdfReader
            pages = len(PdfReader(str(pdf)).pages)
        print(f"{inp.name:32} {t1 - t0:8.2f} {t2 - t1:8.2f} {t3 - t2:8.2f} {t4 - t3:8.2f} {pages:6d}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB (seconds per stage)")


if __name__ == "__main__":
    main()
