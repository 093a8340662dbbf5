"""Built-in code catalogue: 功能分类 (类/款/项) and 经济分类 (类/款) names, and the fixed 类 list per year.

Data files sit beside this module (``功能分类.yaml``, ``经济分类.yaml``, ``类目录.yaml``). A year may rename a code; the
files map code -> name, optionally code -> {year: name}. A code missing from the catalogue is reported by the
checks and printed with the name the input gives. ``*-未核对.yaml`` hold names added from memory (UNVERIFIED, see
their header: the 类/款 and the common 项 of each 款); they only fill codes the verified files lack and never
override a name typed with the code.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources

import yaml

# every value a string (BaseLoader); libyaml's when PyYAML has it: the same data, about 10× faster (50 ms a run)
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@cache
def _load(name: str) -> dict:
    with resources.files(__name__).joinpath(name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER) or {}


def _pick(entry, year: int):
    if isinstance(entry, dict):
        best = None
        for y in sorted(entry, key=int):
            if int(y) <= year:
                best = entry[y]
        return best if best is not None else entry[sorted(entry, key=int)[0]]
    return entry


# names supplied by the user (region setting 科目名称, --catalog FILE, the input's 科目名称) for the current report:
# {"功能分类": {code: name}, "经济分类": {code: name}}; they win over the built-in names
_supplied: ContextVar[dict | None] = ContextVar("supplied_names", default=None)
KINDS = ("功能分类", "经济分类")


@contextmanager
def supplied_names(*sources: dict | None):
    """Use the code names of *sources* (later wins) while computing and checking one report."""
    merged: dict = {k: {} for k in KINDS}
    for src in sources:
        for kind in KINDS:
            merged[kind].update({str(c): str(n) for c, n in ((src or {}).get(kind) or {}).items()})
    token = _supplied.set(merged)
    try:
        yield merged
    finally:
        _supplied.reset(token)


def verified_name(code: str, year: int, kind: str = "功能分类") -> str | None:
    """The built-in name printed with *code* in a published report (``功能分类.yaml``/``经济分类.yaml``)."""
    entry = _load(f"{kind}.yaml").get(code)
    return None if entry is None else _pick(entry, year)


def unverified_name(code: str, kind: str = "功能分类") -> str | None:
    """The built-in name written from memory (``*-未核对.yaml``), or None."""
    return _load(f"{kind}-未核对.yaml").get(code)


def known_codes(kind: str = "功能分类") -> list[str]:
    """Every code the built-in catalogue names: the verified ones, then those only the unverified list has."""
    return list(dict.fromkeys([*_load(f"{kind}.yaml"), *_load(f"{kind}-未核对.yaml")]))


def trusted_name(code: str, year: int, kind: str = "功能分类") -> str | None:
    """A name supplied for this report or verified against the published seeds (never an unverified one)."""
    supplied = (_supplied.get() or {}).get(kind, {}).get(code)
    return supplied or verified_name(code, year, kind)


def _name(code: str, year: int, kind: str, given: str | None) -> str | None:
    # supplied > verified > the name typed with the code > unverified (from memory)
    return trusted_name(code, year, kind) or given or unverified_name(code, kind)


def function_name(code: str, year: int, given: str | None = None) -> str | None:
    return _name(code, year, "功能分类", given)


def economic_name(code: str, year: int, given: str | None = None) -> str | None:
    return _name(code, year, "经济分类", given)


def class_list(year: int) -> list[tuple[str, str]]:
    """The fixed list of 功能分类 类 printed in 表1 / 表4 for *year*."""
    table = _load("类目录.yaml")
    chosen = None
    for y in sorted(table, key=int):
        if int(y) <= year:
            chosen = table[y]
    chosen = chosen or table[sorted(table, key=int)[0]]
    return [(code, function_name(code, year) or "") for code in chosen]
