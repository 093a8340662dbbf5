"""An input folder as editable data that is written back file by file, all or nothing.

Files whose data did not change are copied byte for byte (comments and texts untouched); a changed file is written
again with its leading comment lines kept. Every scalar is written as text the reader (generator.load.reader: all
scalars are strings) reads back identically.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

from ..errors import InputError, Location, Problem
from ..output import folder_target, replace_folder, staging_beside
from ..paths import copy_contained
from .reader import LIST_KEYS, input_files, read_yaml_file
from .roundtrip import rewrite


class _Dumper(yaml.SafeDumper):
    """Plain scalars wherever YAML syntax allows: the reader resolves nothing but null, so 736.38 stays text."""


_Dumper.yaml_implicit_resolvers = {}
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:null", __import__("re").compile(r"^(?:~|null|Null|NULL|)$"), list("~nN") + [""]
)


def _str(dumper, value: str):
    style = None
    if "\n" in value:
        style = "|"
    elif value.isdigit() and len(value) in (3, 5, 7):
        style = '"'  # a 科目 code: quoted so that no other YAML tool reads it as a number
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _dict(dumper, value: dict):
    """Flat short mappings (a table row) on one line, as the shipped inputs write them; the rest as blocks."""
    flat = all(not isinstance(v, (dict, list)) and "\n" not in str(v) for v in value.values())
    flow = flat and ("科目" in value or all(len(str(v)) <= 24 for v in value.values()))
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dict, _dict)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10000, default_flow_style=False)


class Store:
    """The merged data of an input (file or folder) plus which file each top-level key / list item came from."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise InputError(Problem("输入不存在", Location(str(path)), "文件"))
        # the files the input is loaded from (.yaml and .yml, as generator.load reads them)
        self.files = input_files(self.path) if self.path.is_dir() else [self.path]
        self.per_file: dict[Path, dict] = {}
        self.data: dict = {}
        self.owner: dict[str, list[Path]] = {}  # key -> files (list keys: one entry per item)
        problems: list = []
        for f in self.files:
            data = read_yaml_file(f, str(f), {}, problems)
            self.per_file[f] = data
            for key, value in data.items():
                if key in self.data and not (key in LIST_KEYS and isinstance(value, list)):
                    problems.append(Problem(f"顶层键“{key}”在多个文件中出现", Location(str(f)), "YAML-重复键"))
                    continue
                if key in LIST_KEYS and isinstance(value, list) and key in self.data:
                    self.data[key].extend(copy.deepcopy(value))
                    self.owner[key] += [f] * len(value)
                else:
                    self.data[key] = copy.deepcopy(value)
                    self.owner[key] = [f] * len(value) if key in LIST_KEYS and isinstance(value, list) else [f]
        if problems:
            raise InputError(problems)
        self.default_file = next((f for f in self.files if "公开表" in f.name), self.files[-1])

    def _file_data(self) -> dict[Path, dict]:
        out: dict[Path, dict] = {f: {} for f in self.files}
        for key, value in self.data.items():
            owners = self.owner.get(key) or [self.default_file]
            if key in LIST_KEYS and isinstance(value, list):
                last = owners[-1] if owners else self.default_file
                for i, item in enumerate(value):
                    f = owners[i] if i < len(owners) else last
                    out[f].setdefault(key, []).append(item)
                for f in dict.fromkeys(owners):  # a file whose list became empty keeps the key
                    out[f].setdefault(key, [])
            else:
                out[owners[0]][key] = value
        # keep each file's own key order
        ordered = {}
        for f, data in out.items():
            own = list(self.per_file.get(f, {}))
            ordered[f] = {k: data[k] for k in own if k in data} | {k: v for k, v in data.items() if k not in own}
        return ordered

    def write(self, outdir: str | Path, force: bool = False, note: str = "") -> list[Path]:
        """Write the input into the folder *outdir*; refuses to replace an existing input unless *force*, and never
        writes into the input's folder or around it (see :func:`generator.output.folder_target`)."""
        outdir = Path(outdir)
        root = self.path if self.path.is_dir() else self.path.parent
        label = "输入文件夹" if self.path.is_dir() else "输入文件"
        target = folder_target(outdir, "输出文件夹", force=force, protect=((self.path, label),))
        tmp = staging_beside(target)
        written = []
        try:
            for f, data in self._file_data().items():
                target_file = tmp / f.name
                if data == self.per_file.get(f):
                    copy_contained(f, root, target_file)
                else:  # comments, key order and the writing of every unchanged value kept
                    text = f.read_text(encoding="utf-8-sig") if f.exists() else None
                    target_file.write_text(rewrite(text, data, note), encoding="utf-8")
                written.append(outdir / f.name)
            if self.path.is_dir():  # other files of the input folder (README, notes) come along unchanged
                for f in sorted(self.path.iterdir()):
                    if f.name not in {g.name for g in self.files} and (f.is_file() or f.is_symlink()):
                        copy_contained(f, root, tmp / f.name)
            replace_folder(tmp, target)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        return written
