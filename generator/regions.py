"""Region profiles: a folder of template overrides plus ``region.yml`` settings, chained to a parent.

Search order (first hit wins), as MkDocs' ``custom_dir`` → theme → parent theme:
user overlay (``--templates DIR``) → ``templates/regions/<name>`` → its ``extends:`` parents → ``templates/base``.
A template can extend the next one of the same name explicitly with the ``base/`` prefix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from .errors import InputError, Location, Problem


def _templates_root() -> Path:
    """The built-in templates: package data ``generator/templates`` when installed from a wheel or ``pip install .``
    (setup.py builds the top-level ``templates/`` into the package); the top-level ``templates/`` itself in a source
    checkout or an editable install, where the package folder is the source folder."""
    packaged = resources.files("generator") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))  # a real folder: pip always installs packages unzipped
    return Path(__file__).resolve().parent.parent / "templates"


TEMPLATES = _templates_root()


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


def copy_templates(name: str, dest: str | Path, region: str = "base") -> list[Path]:
    """Copy a built-in template file or folder (as the region resolves it) into *dest*; never overwrite."""
    import shutil
    prof = load_region(region) if region != "base" else Region("base", [TEMPLATES / "base"])
    rel = Path(name)
    if rel.is_absolute() or ".." in rel.parts:
        raise InputError(Problem(f"模板名“{name}”应为模板目录内的相对路径", Location(), "模板"))
    sources: dict[Path, Path] = {}
    for folder in reversed(prof.dirs):  # later (more specific) folders win
        src = folder / rel
        if src.is_file():
            sources[rel] = src
        elif src.is_dir():
            for f in src.rglob("*"):
                if f.is_file():
                    sources[f.relative_to(folder)] = f
    if not sources:
        raise InputError(Problem(f"没有名为“{name}”的模板；运行 disclose templates list 查看", Location(), "模板"))
    dest = Path(dest)
    written = []
    for r in sorted(sources):
        target = dest / r
        if target.exists():
            raise InputError(Problem(f"{target} 已存在，未覆盖", Location(str(target)), "模板"))
    for r, src in sorted(sources.items()):
        target = dest / r
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
        written.append(target)
    return written
