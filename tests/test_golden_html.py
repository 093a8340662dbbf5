"""The rendered HTML of the shipped inputs and examples does not change unless a commit means it to.

Goldens are the Jinja output (what `disclose render --format html` writes), gzipped, with the <style> block and any
<colgroup> removed (another step owns those). Regenerate after an intended change with
``.venv/bin/python tests/test_golden_html.py --update`` and say in the commit message why the text changed.
"""

import difflib
import gzip
import re
import sys
from pathlib import Path

import pytest

from conftest import SHIPPED

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = SHIPPED


def _html(name: str) -> str:
    sys.path.insert(0, str(ROOT))
    from generator import pipeline
    from generator.render import render_html

    src, overlay = CASES[name]
    p = pipeline.prepare(src, overlay)
    html = render_html(p.report, p.figures, p.region)
    html = re.sub(r"<style>.*?</style>", "<style></style>", html, flags=re.S)
    return re.sub(r"<colgroup>.*?</colgroup>", "", html, flags=re.S)


@pytest.mark.parametrize("name", sorted(CASES))
def test_html_unchanged(name):
    want = gzip.decompress((GOLDEN / f"{name}.html.gz").read_bytes()).decode("utf-8")
    got = _html(name)
    if got != want:
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(), "golden", "now", lineterm="", n=0)
        pytest.fail(f"{name}: rendered HTML differs from tests/golden:\n" + "\n".join(list(diff)[:40]))


if __name__ == "__main__" and "--update" in sys.argv:
    for n in sorted(CASES):
        (GOLDEN / f"{n}.html.gz").write_bytes(gzip.compress(_html(n).encode("utf-8"), mtime=0))
        print("updated", n)
