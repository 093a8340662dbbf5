"""All outputs of a report or none: write into a temporary folder, then move into place."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(outdir: Path):
    """Yield a temporary folder inside *outdir*; on success move its files into *outdir*, else remove it."""
    outdir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".disclose-", dir=outdir))
    try:
        yield tmp
        for f in tmp.iterdir():
            os.replace(f, outdir / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
