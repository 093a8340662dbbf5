"""The wheel installs anywhere: build it, install it with its dependencies into a fresh virtual environment and
render an example from a folder outside the repository (templates, region settings and the code catalogue must
come from the installed package, not from the source tree).

A fresh venv with the real dependencies (not ``--system-site-packages`` on top of the project venv) is the point:
it also catches a dependency missing from pyproject.toml and any file read relative to the source tree. pip's cache
(the project venv was just installed from the same requirements) keeps it at about a minute. Set
``DISCLOSE_SKIP_WHEEL=1`` to skip it (e.g. offline, when no package index or cache is reachable).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(os.environ.get("DISCLOSE_SKIP_WHEEL") == "1", reason="DISCLOSE_SKIP_WHEEL=1")


def _run(args: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _files(folder: Path) -> list[Path]:
    return [f for f in folder.rglob("*") if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, dict]:
    """(venv bin folder, a work folder outside the repository, environment without the project's paths)."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    # build from a copy: setuptools reuses build/ in the source folder, where a deleted template would linger
    src = tmp / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "*.egg-info", "out", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"
        ),
    )
    _run([sys.executable, "-m", "pip", "wheel", src, "--no-deps", "-q", "-w", tmp / "dist"], tmp, env)
    wheel = next((tmp / "dist").glob("disclose-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    # every template and every data file beside the code, not a chosen few: a folder setuptools skipped would show
    expected = {
        f"generator/templates/{f.relative_to(ROOT / 'templates').as_posix()}" for f in _files(ROOT / "templates")
    }
    expected |= {f"generator/{f.relative_to(ROOT / 'generator').as_posix()}" for f in _files(ROOT / "generator")}
    missing = sorted(expected - set(names))
    assert not missing, f"missing from {wheel.name}: {missing}"
    assert not [n for n in names if n.startswith("templates/")], "templates/ must be inside the package"
    _run([sys.executable, "-m", "venv", tmp / "venv"], tmp, env)
    bin_dir = tmp / "venv" / "bin"
    _run([bin_dir / "python", "-m", "pip", "install", "-q", wheel], tmp, env)
    work = tmp / "work"
    work.mkdir()
    return bin_dir, work, env


def test_installed_package_is_not_the_source_tree(installed):
    bin_dir, work, env = installed
    out = _run([bin_dir / "python", "-c", "import generator.regions as r; print(r.TEMPLATES)"], work, env).stdout
    assert Path(out.strip()).is_relative_to(bin_dir.parent), out
    assert not Path(out.strip()).is_relative_to(ROOT)


def test_version_and_commands_that_read_package_data(installed):
    bin_dir, work, env = installed
    assert "region.yml" in _run([bin_dir / "disclose", "templates", "list"], work, env).stdout
    assert "决算表-合计" in _run([bin_dir / "disclose", "rules"], work, env).stdout
    assert _run([bin_dir / "disclose", "--version"], work, env).stdout.startswith("disclose ")
    assert _run([bin_dir / "python", "-m", "generator", "--version"], work, env).stdout.startswith("disclose ")


def test_render_from_outside_the_repository(installed):
    bin_dir, work, env = installed
    _run(
        [bin_dir / "disclose", "render", ROOT / "inputs" / "changji-2025-budget", "-o", "out", "--format", "html,pdf"],
        work,
        env,
    )
    written = sorted(p.name for p in (work / "out").iterdir())
    assert [p.rsplit(".", 1)[1] for p in written] == ["html", "pdf"], written
    pdf = next((work / "out").glob("*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000
    html = next((work / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "昌吉回族自治州生态环境局" in html and "部门预算" in html
