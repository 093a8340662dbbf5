"""The table descriptions of a report kind: the built-in file, then each region and overlay folder by table id.

A folder's ``tables/预算.yml`` (or ``决算.yml``) holds only what it changes: an entry with a known id replaces the
keys it names (``表头`` of ``t8``, say) and keeps the rest; an entry with a new id adds a table (after the built-in
ones; the settings 预算表/决算表名 choose the printed order). Files are read like every settings file: inside their
folder, bounded, located errors.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError, Location, Problem
from ..load import read_mapping
from ..paths import templates_root
from .describe import Registry, TableDef

KIND_FILES = {"预算": "预算.yml", "决算": "决算.yml"}


def _entries(folder: Path, kind: str) -> list[tuple[str, dict, Location]]:
    f = folder / "tables" / KIND_FILES[kind]
    if not os.path.lexists(f):
        return []
    source = read_mapping(f, folder, "表定义文件")
    out = []
    for table_id, entry in source.data.items():
        where = source.locate((table_id,))
        if not isinstance(entry, dict):
            raise InputError(Problem(f"表“{table_id}”的定义应为“键: 值”映射", where, "表定义"))
        out.append((str(table_id), entry, where))
    return out


def _validate(table_id: str, entry: dict, where: Location) -> TableDef:
    try:
        return TableDef.model_validate({"id": table_id, **entry})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
            msg = str(err.get("ctx", {}).get("error") or err["msg"])
            field = f"“{loc}”" if loc else ""
            problems.append(Problem(f"表“{table_id}”的定义{field}有误：{msg}", where, "表定义"))
        raise InputError(problems) from None


def load_registry(kind: str, folders: Iterable[Path]) -> Registry:
    """The tables of *kind* as *folders* (most specific first, the built-in base last) describe them."""
    merged: dict[str, tuple[dict, Location]] = {}
    for folder in reversed(list(folders)):
        for table_id, entry, where in _entries(Path(folder), kind):
            base = merged.get(table_id, ({}, where))[0]
            merged[table_id] = ({**base, **entry}, where)
    return Registry(kind=kind, tables=[_validate(i, e, w) for i, (e, w) in merged.items()])


@cache
def builtin(kind: str) -> Registry:
    """The built-in tables of *kind* (templates/base/tables): what the input model is made of."""
    return load_registry(kind, [templates_root() / "base"])


def region_registry(kind: str, folders: Iterable[Path]) -> Registry:
    """The tables of *kind* for a region's folders, read again only when one of their table files changed."""
    folders = tuple(Path(f) for f in folders)
    stamps = tuple(_stamp(f / "tables" / KIND_FILES[kind]) for f in folders)
    return _cached(kind, folders, stamps)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=64)
def _cached(kind: str, folders: tuple[Path, ...], stamps: tuple) -> Registry:
    return load_registry(kind, folders)
