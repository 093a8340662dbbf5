"""Contained file access: every file the tool reads resolves (symlinks included) inside an allowed root.

Inputs, built-in templates, region folders and user overlays are each a root. A file is read only when its real
path lies inside its root and it is a regular file under a size limit, so a symlink (``print.css → /etc/passwd``,
``etc → /etc``), a device (``/dev/zero``) or a FIFO is refused by name instead of being read or waited on.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError, Location, Problem

MAX_INPUT_BYTES = 20 * 1024 * 1024  # one YAML input file
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024  # one template, CSS or region.yml file
MAX_DOCX_BYTES = 20 * 1024 * 1024  # reference.docx


def templates_root() -> Path:
    """The built-in templates: package data ``generator/templates`` when installed from a wheel or ``pip install .``
    (setup.py builds the top-level ``templates/`` into the package); the top-level ``templates/`` itself in a source
    checkout or an editable install, where the package folder is the source folder."""
    from importlib import resources

    packaged = resources.files("generator") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))  # a real folder: pip always installs packages unzipped
    return Path(__file__).resolve().parent.parent / "templates"


def inside(path: Path, root: Path) -> bool:
    """True when *path* (resolved) is *root* (resolved) or lies below it."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def check_inside(path: Path, root: Path, what: str, rule: str = "安全") -> Path:
    """The real path of *path*; a located error when it resolves outside *root*."""
    if not inside(path, root):
        raise InputError(
            Problem(
                f"{what}“{path}”实际指向“{os.path.realpath(path)}”，在允许的目录“{root}”之外，已拒绝读取",
                Location(str(path)),
                rule,
            )
        )
    return Path(os.path.realpath(path))


def read_regular(path: Path, root: Path, what: str, max_bytes: int, rule: str = "文件") -> bytes:
    """Bytes of *path*: resolved inside *root*, a regular file, at most *max_bytes*; else a located error."""
    real = check_inside(path, root, what)
    try:
        st = os.stat(real)
    except OSError as exc:
        raise InputError(Problem(f"无法读取{what}：{exc.strerror}", Location(str(path)), rule)) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            Problem(f"{what}不是普通文件（可能是目录、设备或管道），已拒绝读取", Location(str(path)), rule)
        )
    if st.st_size > max_bytes:
        raise InputError(
            Problem(f"{what}过大（{st.st_size:,} 字节，上限 {max_bytes:,} 字节）", Location(str(path)), rule)
        )
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open() does not wait for a writer
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(Problem(f"无法读取{what}：{exc.strerror}", Location(str(path)), rule)) from None
    if len(data) > max_bytes:
        raise InputError(Problem(f"{what}过大（上限 {max_bytes:,} 字节）", Location(str(path)), rule))
    return data


def copy_contained(src: Path, root: Path, dst: Path, what: str = "输入文件夹中的文件") -> None:
    """Copy *src*, a file of the folder *root*, to *dst*: read like every input (resolved inside *root*, a regular
    file, bounded), so a symlink in an input folder never carries another file's content into a new input."""
    data = read_regular(src, root, what, MAX_INPUT_BYTES)
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
