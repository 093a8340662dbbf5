"""Region profiles: a folder of template overrides plus ``region.yml`` settings, chained to a parent.

Search order (first hit wins), as MkDocs' ``custom_dir`` → theme → parent theme:
user overlay (``--templates DIR``) → ``templates/regions/<name>`` → its ``extends:`` parents → ``templates/base``.
A template can extend the next one of the same name explicitly with the ``base/`` prefix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError, Problem, Location

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
if not TEMPLATES.exists():  # installed as a wheel: templates are package data
    TEMPLATES = Path(__file__).resolve().parent / "templates"


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@dataclass
class Region:
    name: str
    dirs: list[Path] = field(default_factory=list)  # search order
    settings: dict = field(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        return TEMPLATES / "base"


def _read_settings(folder: Path) -> dict:
    f = folder / "region.yml"
    if not f.exists():
        return {}
    with open(f, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.BaseLoader) or {}


def available() -> list[str]:
    return sorted(p.name for p in (TEMPLATES / "regions").iterdir() if p.is_dir())


def load_region(name: str, overlay: str | Path | None = None) -> Region:
    chain: list[Path] = []
    settings_chain: list[dict] = []
    current = name
    seen = set()
    while current and current != "base":
        folder = TEMPLATES / "regions" / current
        if not folder.is_dir() or current in seen:
            raise InputError(Problem(f"没有名为“{current}”的地区版式；可用：{'、'.join(available())}",
                                     Location(), "地区"))
        seen.add(current)
        s = _read_settings(folder)
        chain.append(folder)
        settings_chain.append(s)
        current = s.get("extends", "base")
    base = TEMPLATES / "base"
    settings = _read_settings(base)
    for s in reversed(settings_chain):
        settings = _merge(settings, s)
    dirs = chain + [base]
    if overlay:
        overlay = Path(overlay)
        if not overlay.is_dir():
            raise InputError(Problem("自定义模板目录不存在", Location(str(overlay)), "模板"))
        settings = _merge(settings, _read_settings(overlay))
        dirs = [overlay.resolve()] + dirs
    return Region(name, dirs, settings)
