"""Region profiles: a folder of template overrides plus ``region.yml`` settings, chained to a parent.

Search order (first hit wins), as MkDocs' ``custom_dir`` → theme → parent theme:
user overlay (``--templates DIR``) → ``templates/regions/<name>`` → its ``extends:`` parents → ``templates/base``.
A template can extend the next one of the same name explicitly with the ``base/`` prefix.

Containment: a region is a *name* from the built-in list (never a path, never from the input as a path); the user
overlay is the folder given on the command line. Every folder of the chain is a root: a file is read only when its
real path lies inside that root (see :mod:`generator.paths`), so symlinks cannot pull other files into a report.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Location, Problem
from .load import Source, read_mapping
from .paths import MAX_TEMPLATE_BYTES, check_inside, read_regular, templates_root
from .settings_schema import check_settings

_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


TEMPLATES = templates_root()


def merge_settings(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = merge_settings(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@dataclass
class Region:
    name: str
    dirs: list[Path] = field(default_factory=list)  # search order
    settings: Mapping = field(default_factory=dict)  # read-only once the report's own settings are applied
    # where each setting (by its path, e.g. ("措辞", "二", "开头")) was given: region.yml or 报告.yaml line
    origins: dict = field(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        return TEMPLATES / "base"


def settings_source(folder: Path) -> Source | None:
    """region.yml of *folder* with its positions (None when absent); read inside *folder* with the input's YAML
    limits, each value checked against its type (:mod:`generator.settings_schema`)."""
    f = folder / "region.yml"
    if not os.path.lexists(f):
        return None
    source = read_mapping(f, folder, "地区设置文件")
    problems = check_settings(source.data, source.locate)  # every value of its declared type, or located here
    if problems:
        raise InputError(problems)
    return source


def read_settings(folder: Path) -> dict:
    """region.yml of *folder* (absent → no settings), see :func:`settings_source`."""
    source = settings_source(folder)
    return source.data if source else {}


def available() -> list[str]:
    return sorted(p.name for p in (TEMPLATES / "regions").iterdir() if p.is_dir() and _NAME.fullmatch(p.name))


def _unknown(name: object, where: Location) -> InputError:
    return InputError(
        Problem(
            f"没有名为“{name}”的地区版式；地区只能是内置版式的名称：base、{'、'.join(available())}"
            "（自定义模板目录请在命令行用 --templates DIR 给出）",
            where,
            "地区",
        )
    )


def overlay_dir(overlay: str | Path) -> Path:
    """The user overlay folder given on the command line, resolved; a located error when it is not a folder."""
    path = Path(overlay)
    if not path.is_dir():
        raise InputError(Problem("自定义模板目录不存在或不是文件夹", Location(str(path)), "模板"))
    return Path(os.path.realpath(path))


def load_region(name: str, overlay: str | Path | None = None, where: Location | None = None) -> Region:
    """The region *name* (a built-in name) with the optional user *overlay*; *where* locates a bad name."""
    where = where or Location()
    chain: list[Path] = []
    settings_chain: list[Source | None] = []
    current = name
    seen = set()
    while current and current != "base":
        if (
            not isinstance(current, str)
            or not _NAME.fullmatch(current)
            or current not in available()
            or current in seen
        ):
            raise _unknown(current, where)
        folder = TEMPLATES / "regions" / current
        seen.add(current)
        s = settings_source(folder)
        chain.append(folder)
        settings_chain.append(s)
        current = s.data.get("extends", "base") if s else "base"
        where = Location(str(folder / "region.yml"), path=("extends",))
    base = TEMPLATES / "base"
    sources = [settings_source(base)] + list(reversed(settings_chain))
    dirs = chain + [base]
    if overlay:
        folder = overlay_dir(overlay)
        sources.append(settings_source(folder))
        dirs = [folder] + dirs
    settings: dict = {}
    origins: dict = {}
    for src in sources:
        if src is not None:
            settings = merge_settings(settings, src.data)
            origins.update({path: loc for path, loc in src.positions.items() if path})
    return Region(name, dirs, settings, origins)


def copy_templates(name: str, dest: str | Path, region: str = "base") -> list[Path]:
    """Copy a built-in template file or folder (as the region resolves it) into *dest*; never overwrite, never
    write through a symlink, never outside *dest*."""
    prof = (
        load_region(region, where=Location(path=("--region",)))
        if region != "base"
        else Region("base", [TEMPLATES / "base"])
    )
    rel = Path(name)
    if rel.is_absolute() or ".." in rel.parts or not name.strip():
        raise InputError(Problem(f"模板名“{name}”应为模板目录内的相对路径", Location(), "模板"))
    sources: dict[Path, tuple[Path, Path]] = {}  # relative path -> (file, its root)
    for folder in reversed(prof.dirs):  # later (more specific) folders win
        src = folder / rel
        if src.is_file():
            sources[rel] = (src, folder)
        elif src.is_dir():
            for f in src.rglob("*"):
                if f.is_file():
                    sources[f.relative_to(folder)] = (f, folder)
    if not sources:
        raise InputError(Problem(f"没有名为“{name}”的模板；运行 disclose templates list 查看", Location(), "模板"))
    dest = Path(dest)
    contents = {r: read_regular(src, root, "模板", MAX_TEMPLATE_BYTES) for r, (src, root) in sources.items()}
    for r in sorted(contents):
        target = dest / r
        if os.path.lexists(target):  # lexists: a dangling symlink counts as taken
            raise InputError(Problem(f"{target} 已存在，未覆盖", Location(str(target)), "模板"))
    written = []
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for r, data in sorted(contents.items()):
            target = dest / r
            target.parent.mkdir(parents=True, exist_ok=True)
            check_inside(target.parent, dest, "目标目录")  # a symlinked sub-folder of DEST must not lead out
            # O_EXCL|O_NOFOLLOW: fails on anything already there, a symlink included, instead of writing through it
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            written.append(target)
    except OSError as exc:
        for w in written:
            w.unlink(missing_ok=True)
        raise InputError(Problem(f"无法写入：{exc.strerror}", Location(str(exc.filename or dest)), "模板")) from None
    return written
