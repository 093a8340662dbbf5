"""Safe YAML reading for money.

* Every scalar stays a string (no float, int, bool or timestamp resolution), so ``736.38`` reaches the model as the
  text "736.38" and becomes an exact ``Decimal``; codes such as ``2110101`` keep their leading digits.
* Duplicate keys are an error (PyYAML would silently keep the last one: that is data loss here).
* Each node's position is recorded under its YAML path, so later stages can name file, line and column.
* A folder input is the name-ordered merge of its ``*.yaml`` files (see docs/input-format.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location, Problem

# Keys whose lists may be split over several files of one folder.
LIST_KEYS = {"项目支出绩效目标表", "一般公共预算项目支出", "项目支出绩效自评表"}
MAX_BYTES = 20 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """SafeLoader that resolves only null; everything else is a string."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", __import__("re").compile(r"^(?:~|null|Null|NULL|)$"),
                              list("~nN") + [""])


@dataclass
class Source:
    """Plain data of one report plus where each node came from."""

    data: dict
    positions: dict = field(default_factory=dict)  # path tuple -> Location
    name: str = ""
    root: Path | None = None

    def locate(self, path: tuple) -> Location:
        """Location of *path*, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Location(file=self.name))


def _build(node: yaml.Node, path: tuple, file: str, positions: dict, problems: list[Problem]) -> Any:
    positions[path] = Location(file, node.start_mark.line + 1, node.start_mark.column + 1, path)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        seen: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem("键必须是文字", Location(file, key_node.start_mark.line + 1,
                                                           key_node.start_mark.column + 1, path), "YAML"))
                continue
            key = key_node.value
            if key == "<<":
                problems.append(Problem("不支持合并键 <<，请直接写出各项", positions[path], "YAML"))
                continue
            if key in seen:
                problems.append(Problem(
                    f"键“{key}”重复（第一次出现在第 {seen[key]} 行），重复的键会丢失数据，请删除或合并",
                    Location(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, path + (key,)),
                    "YAML-重复键"))
                continue
            seen[key] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), file, positions, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, path + (i,), file, positions, problems) for i, v in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag not in ("tag:yaml.org,2002:str",) and node.tag.startswith("!"):
        problems.append(Problem(f"不支持 YAML 标签 {node.tag}", positions[path], "YAML"))
    return node.value


def _read_file(path: Path, display: str, positions: dict, problems: list):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"无法读取文件：{exc.strerror}", Location(display), "文件")) from None
    if len(raw) > MAX_BYTES:
        raise InputError(Problem("文件过大（超过 20 MB）", Location(display), "文件"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"文件不是 UTF-8 编码（第 {exc.start} 字节）", Location(display), "文件")) from None
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        raise InputError(Problem(f"YAML 格式错误：{exc.problem or exc.context}", loc, "YAML")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"YAML 格式错误：{exc}", Location(display), "YAML")) from None
    if len(nodes) != 1 or nodes[0] is None:
        raise InputError(Problem("文件应当只包含一个 YAML 文档", Location(display), "YAML"))
    node = nodes[0]
    if not isinstance(node, yaml.MappingNode):
        raise InputError(Problem("文件顶层应当是“键: 值”的映射", Location(display, 1, 1), "YAML"))
    return _build(node, (), display, positions, problems), node


def load_input(path: str | Path) -> Source:
    """Read a report input: a ``.yaml`` file or a folder of them. Raises :class:`InputError`."""
    path = Path(path)
    if not path.exists():
        raise InputError(Problem("输入不存在", Location(str(path)), "文件"))
    files = sorted(p for p in path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise InputError(Problem("文件夹中没有 .yaml 文件", Location(str(path)), "文件"))
    positions: dict = {}
    problems: list[Problem] = []
    merged: dict = {}
    for file in files:
        display = str(file)
        file_positions: dict = {}
        data, _ = _read_file(file, display, file_positions, problems)
        for key, value in data.items():
            if key in merged:
                if key in LIST_KEYS and isinstance(merged[key], list) and isinstance(value, list):
                    offset = len(merged[key])
                    merged[key].extend(value)
                    for p, loc in file_positions.items():
                        if p and p[0] == key and len(p) > 1:
                            positions[(key, p[1] + offset) + p[2:]] = loc
                    continue
                problems.append(Problem(f"顶层键“{key}”在多个文件中出现（另见 {positions[(key,)].file}）",
                                        file_positions[(key,)], "YAML-重复键"))
                continue
            merged[key] = value
            for p, loc in file_positions.items():
                if p and p[0] == key:
                    positions[p] = loc
        positions.setdefault((), Location(display, 1, 1))
    if problems:
        raise InputError(problems)
    return Source(merged, positions, str(path), path)
