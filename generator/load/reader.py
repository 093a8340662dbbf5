"""Safe YAML reading for money.

* Every scalar stays a string (no float, int, bool or timestamp resolution), so ``736.38`` reaches the model as the
  text "736.38" and becomes an exact ``Decimal``; codes such as ``2110101`` keep their leading digits.
* Duplicate keys are an error (PyYAML would silently keep the last one: that is data loss here).
* Each node's position is recorded under its YAML path, so later stages can name file, line and column.
* A folder input is the name-ordered merge of its ``*.yaml`` and ``*.yml`` files (see docs/input-format.md); each
  must be a regular file whose real path lies inside the folder (see :mod:`generator.paths`).
* Limits (docs/customizing.md, 安全与限制): file size, nesting depth, aliases and the nodes they expand to; each ends
  in a located message instead of a hang (billion laughs) or a recursion error (an alias that contains itself).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location, Problem
from ..paths import MAX_INPUT_BYTES, read_regular

# Keys whose lists may be split over several files of one folder.
LIST_KEYS = {"项目支出绩效目标表", "一般公共预算项目支出", "项目支出绩效自评表"}
YAML_SUFFIXES = (".yaml", ".yml")
MAX_BYTES = MAX_INPUT_BYTES
MAX_DEPTH = 32  # nesting of mappings and lists; real inputs use fewer than 10
MAX_ALIASES = 1000  # alias uses (*name) per file
MAX_NODES = 200_000  # nodes after expanding aliases, per file; the largest file of inputs/ has about 5,300


class _Limit(Exception):
    def __init__(self, message: str, mark=None):
        super().__init__(message)
        self.message, self.mark = message, mark


# libyaml's parser and composer when PyYAML has them (the same YAML, about 20× faster than the pure-Python one)
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe loader that resolves only null: everything else is a string."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", __import__("re").compile(r"^(?:~|null|Null|NULL|)$"), list("~nN") + [""]
)


def _check_limits(text: str) -> None:
    """Nesting depth and alias uses, counted on the event stream before any node is built (the composer recurses
    per level, and alias expansion happens later in :func:`_build`)."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Limit(f"嵌套层数超过 {MAX_DEPTH} 层", event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _Limit(f"别名（*）使用超过 {MAX_ALIASES} 次", event.start_mark)


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


class _Budget:
    """Counts the nodes built (aliases expand) and the nodes being built (an alias inside itself)."""

    def __init__(self) -> None:
        self.nodes = 0
        self.active: set[int] = set()


def _build(
    node: yaml.Node, path: tuple, file: str, positions: dict, problems: list[Problem], budget: _Budget | None = None
) -> Any:
    budget = budget or _Budget()
    budget.nodes += 1
    if budget.nodes > MAX_NODES:
        raise _Limit(f"展开别名后节点超过 {MAX_NODES:,} 个（可能是层层嵌套的别名）", node.start_mark)
    if id(node) in budget.active:
        raise _Limit("别名引用了包含它自己的节点（循环引用）", node.start_mark)
    budget.active.add(id(node))
    try:
        return _build_node(node, path, file, positions, problems, budget)
    finally:
        budget.active.discard(id(node))


def _build_node(
    node: yaml.Node, path: tuple, file: str, positions: dict, problems: list[Problem], budget: _Budget
) -> Any:
    positions[path] = Location(file, node.start_mark.line + 1, node.start_mark.column + 1, path)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        seen: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(
                        "键必须是文字",
                        Location(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, path),
                        "YAML",
                    )
                )
                continue
            key = key_node.value
            if key == "<<":
                problems.append(Problem("不支持合并键 <<，请直接写出各项", positions[path], "YAML"))
                continue
            if key in seen:
                problems.append(
                    Problem(
                        f"键“{key}”重复（第一次出现在第 {seen[key]} 行），重复的键会丢失数据，请删除或合并",
                        Location(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, path + (key,)),
                        "YAML-重复键",
                    )
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), file, positions, problems, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, path + (i,), file, positions, problems, budget) for i, v in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag not in ("tag:yaml.org,2002:str",) and node.tag.startswith("!"):
        problems.append(Problem(f"不支持 YAML 标签 {node.tag}", positions[path], "YAML"))
    return node.value


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


_PARSED: OrderedDict[tuple, tuple] = OrderedDict()  # (content digest, display) → (data, positions)
_PARSED_FILES = 64  # the files of a few inputs: ``disclose watch`` reparses only the file that was saved


def _copy(value):
    """A copy of parsed YAML data (mappings, lists, strings, None) that a caller may change freely."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def read_yaml_file(
    path: Path, display: str, positions: dict, problems: list, root: Path | None = None, what: str = "输入文件"
) -> dict:
    """The data of one YAML file; its positions added to *positions*, its problems to *problems*. The same bytes
    under the same name are parsed once per process (a copy of the data is returned; the YAML nodes are not kept)."""
    raw = read_regular(path, root if root is not None else path.parent, what, MAX_BYTES)
    key = (hashlib.sha256(raw).digest(), display)
    if key in _PARSED:
        _PARSED.move_to_end(key)
        data, known = _PARSED[key]
        positions.update(known)
        return _copy(data)
    found: dict = {}
    before = len(problems)
    data = _parse(raw, display, found, problems)
    positions.update(found)
    if len(problems) == before:  # a file with problems is read again (and reported again) next time
        _PARSED[key] = (_copy(data), found)
        if len(_PARSED) > _PARSED_FILES:
            _PARSED.popitem(last=False)
    return data


def _parse(raw: bytes, display: str, positions: dict, problems: list) -> dict:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise InputError(
            Problem(f"文件不是 UTF-8 编码（第 {exc.start} 字节）", Location(display, line, col), "文件")
        ) from None
    try:
        _check_limits(text)
        nodes = list(yaml.compose_all(text, Loader=_Loader))
        if len(nodes) != 1 or nodes[0] is None:
            raise InputError(Problem("文件应当只包含一个 YAML 文档", Location(display), "YAML"))
        node = nodes[0]
        if not isinstance(node, yaml.MappingNode):
            raise InputError(Problem("文件顶层应当是“键: 值”的映射", Location(display, 1, 1), "YAML"))
        return _build(node, (), display, positions, problems)
    except _Limit as exc:
        loc = Location(display, exc.mark.line + 1, exc.mark.column + 1) if exc.mark else Location(display)
        raise InputError(Problem(f"超出限制：{exc.message}", loc, "YAML-限制")) from None
    except yaml.reader.ReaderError as exc:  # NUL and other control characters: PyYAML gives a character index
        line, col = _line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        bad = "NUL 字节" if code == 0 else f"控制字符 U+{code:04X}"
        raise InputError(
            Problem(f"YAML 格式错误：文件含有{bad}，请删除", Location(display, line, col), "YAML")
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        if "nesting depth" in str(exc.problem):  # libyaml stops at its own depth limit before our count does
            raise InputError(Problem(f"超出限制：嵌套层数超过 {MAX_DEPTH} 层", loc, "YAML-限制")) from None
        raise InputError(Problem(f"YAML 格式错误：{exc.problem or exc.context}", loc, "YAML")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"YAML 格式错误：{exc}", Location(display), "YAML")) from None
    except RecursionError:  # pragma: no cover - depth is bounded above; kept as a last guard
        raise InputError(Problem(f"嵌套层数过深（上限 {MAX_DEPTH} 层）", Location(display), "YAML-限制")) from None


def input_files(path: Path) -> list[Path]:
    """The YAML files of a folder input (name order); other files are ignored, a YAML name that is not a
    regular file inside the folder is refused by name when it is read."""
    return sorted(p for p in path.iterdir() if p.suffix.lower() in YAML_SUFFIXES)


def load_input(path: str | Path) -> Source:
    """Read a report input: a ``.yaml``/``.yml`` file or a folder of them. Raises :class:`InputError`."""
    path = Path(path)
    if not path.exists():
        raise InputError(Problem("输入不存在", Location(str(path)), "文件"))
    if path.is_dir():
        root = path
        try:
            files = input_files(path)
        except OSError as exc:
            raise InputError(Problem(f"无法读取文件夹：{exc.strerror}", Location(str(path)), "文件")) from None
    else:
        root = path.parent
        files = [path]
    if not files:
        raise InputError(Problem("文件夹中没有 .yaml 或 .yml 文件", Location(str(path)), "文件"))
    positions: dict = {}
    problems: list[Problem] = []
    merged: dict = {}
    for file in files:
        display = str(file)
        file_positions: dict = {}
        data = read_yaml_file(file, display, file_positions, problems, root)
        for key, value in data.items():
            if key in merged:
                if key in LIST_KEYS and isinstance(merged[key], list) and isinstance(value, list):
                    offset = len(merged[key])
                    merged[key].extend(value)
                    for p, loc in file_positions.items():
                        if p and p[0] == key and len(p) > 1:
                            positions[(key, p[1] + offset) + p[2:]] = loc
                    continue
                problems.append(
                    Problem(
                        f"顶层键“{key}”在多个文件中出现（另见 {positions[(key,)].file}）",
                        file_positions[(key,)],
                        "YAML-重复键",
                    )
                )
                continue
            merged[key] = value
            for p, loc in file_positions.items():
                if p and p[0] == key:
                    positions[p] = loc
        positions.setdefault((), Location(display, 1, 1))
    if problems:
        raise InputError(problems)
    return Source(merged, positions, str(path), path)


def read_mapping(path: Path, root: Path, what: str = "设置文件") -> Source:
    """One YAML mapping file (a region.yml, an overlay's settings) read with the input's limits and safety:
    contained in *root*, a regular file, strings only, no duplicate keys. Raises :class:`InputError`."""
    positions: dict = {}
    problems: list[Problem] = []
    data = read_yaml_file(Path(path), str(path), positions, problems, root, what)
    if problems:
        raise InputError(problems)
    return Source(data, positions, str(path), Path(path))
