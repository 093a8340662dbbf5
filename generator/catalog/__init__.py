"""Built-in code catalogue: 功能分类 (类/款/项) and 经济分类 (类/款) names, and the fixed 类 list per year.

Data files sit beside this module (``功能分类.yaml``, ``经济分类.yaml``, ``类目录.yaml``). A year may rename a code; the
files map code -> name, optionally code -> {year: name}. A code missing from the catalogue is reported by the
checks and printed with the name the input gives.
"""
from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _load(name: str) -> dict:
    with resources.files(__name__).joinpath(name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.BaseLoader) or {}


def _pick(entry, year: int):
    if isinstance(entry, dict):
        best = None
        for y in sorted(entry, key=int):
            if int(y) <= year:
                best = entry[y]
        return best if best is not None else entry[sorted(entry, key=int)[0]]
    return entry


def function_name(code: str, year: int) -> str | None:
    entry = _load("功能分类.yaml").get(code)
    return None if entry is None else _pick(entry, year)


def economic_name(code: str, year: int) -> str | None:
    entry = _load("经济分类.yaml").get(code)
    return None if entry is None else _pick(entry, year)


def class_list(year: int) -> list[tuple[str, str]]:
    """The fixed list of 功能分类 类 printed in 表1 / 表4 for *year*."""
    table = _load("类目录.yaml")
    chosen = None
    for y in sorted(table, key=int):
        if int(y) <= year:
            chosen = table[y]
    chosen = chosen or table[sorted(table, key=int)[0]]
    return [(code, function_name(code, year) or "") for code in chosen]
