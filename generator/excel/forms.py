"""The input beyond the 公开表, as sections of workbook sheets, read off the input model itself.

Every field of the model is a row (项目 | 值 | 说明); a list or mapping of records is a small table (one row per
record, one column per field, nested fields as ``说明.政策依据``). Walking the model (not only the data) puts every
field a clerk may fill on the sheet, filled or not. Walking the data too keeps what was typed, so a workbook
exported from an input imports back into the same input.

What the 公开表 sheets hold (the rows of the 科目表, the amounts of 表7/表10/表11) is left out here: one figure, one
cell. The records of 表7 and 表11 (project texts) are keyed by 项目名称, the name their table row carries.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

# input keys whose items a 公开表 sheet creates: their remaining fields are records attached to the row with the
# same 单位 and 项目名称 (a 单位 left out is the report's own unit)
ATTACHED = {"一般公共预算项目支出": ("单位", "项目名称"), "上年结转结余": ("单位", "项目名称")}


@dataclass
class Field:
    """One scalar of the input at *path*."""

    path: tuple
    label: str
    kind: str  # amount | count | text | choice | list | yaml
    value: Any = None  # as the data holds it (text), None when absent
    choices: list[str] = field(default_factory=list)
    depth: int = 0


@dataclass
class Heading:
    label: str
    depth: int = 0


@dataclass
class Column:
    sub: tuple  # path inside a record
    label: str
    kind: str
    choices: list[str] = field(default_factory=list)


@dataclass
class Records:
    """A list (key None: by position) or a mapping (key: the label of its key column) of records at *path*."""

    path: tuple
    title: str
    key: str | None
    columns: list[Column]
    rows: list[tuple[Any, dict]]  # (position or key, {sub: value})
    depth: int = 0
    attach: tuple = ()  # records of items a table sheet creates: matched by these fields
    parent: str | None = None  # records of a list inside each record above: the field naming their record


Section = Field | Heading | Records


def _unwrap(annotation: Any) -> Any:
    """X of Optional[X] / Annotated[X, …] (the validators stay with the type they wrap)."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The record models of a list item type (a discriminated union gives several)."""
    inner = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return [inner]
    if get_origin(inner) in (Union, types.UnionType):
        return [m for a in get_args(inner) for m in _models(a)]
    return []


def scalar_kind(annotation: Any) -> tuple[str, list[str]] | None:
    """(kind, choices) of a scalar field type; None for models, lists and mappings."""
    inner = _unwrap(annotation)
    if get_origin(inner) is Literal:
        return "choice", [str(a) for a in get_args(inner)]
    if inner is Decimal:
        return "amount", []
    if inner is int:
        return "count", []
    if inner is bool:
        return "choice", ["是", "否"]
    if inner is str:
        return "text", []
    return None


def _columns(
    models: list[type[BaseModel]], prefix: tuple = (), skip=lambda sub: False
) -> tuple[list[Column], list[tuple]]:
    """Scalar columns of record models (nested models flattened) and the sub-paths of their nested lists; *skip*
    leaves out the fields a 公开表 sheet holds."""
    columns: list[Column] = []
    nested: list[tuple] = []
    seen: set = set()
    for model in models:
        for name, info in model.model_fields.items():
            sub = prefix + (name,)
            kind = scalar_kind(info.annotation)
            inner = _unwrap(info.annotation)
            shape = (sub, "list" if get_origin(inner) in (list, dict) and not kind else "value")
            if shape in seen or skip(sub):
                continue  # a field of the same name and shape in another model of a union
            seen.add(shape)
            if kind:
                columns.append(Column(sub, ".".join(sub), *kind))
            elif get_origin(inner) is list and scalar_kind(get_args(inner)[0]):
                columns.append(Column(sub, ".".join(sub), "list"))
            elif isinstance(inner, type) and issubclass(inner, BaseModel):
                more, deeper = _columns([inner], sub, skip)
                columns += more
                nested += deeper
            elif get_origin(inner) in (list, dict) and sub not in nested:
                nested.append(sub)
    return columns, nested


def _get(data: Any, sub: tuple) -> Any:
    for key in sub:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _records(
    path: tuple, title: str, annotation: Any, data: Any, depth: int, attach: tuple = (), skip=lambda p: False
) -> list[Section]:
    """A list or mapping of records, and a records section for every list nested in them (keyed by its parent)."""
    inner = _unwrap(annotation)
    is_map = get_origin(inner) is dict
    item = get_args(inner)[-1]
    models = _models(item)
    entries = list(data.items()) if is_map and isinstance(data, dict) else list(enumerate(data or []))
    if len(models) > 1:  # a union (the 自评表 of Xinjiang or Shanxi): the model the records are written in
        fits = [m for m in models if any(isinstance(v, dict) and set(v) <= set(m.model_fields) for _, v in entries)]
        models = fits[:1] or models[:1]
    if models:
        columns, nested = _columns(models, (), lambda sub: skip(path + sub))
    else:  # a mapping of scalars (财政拨款支出用途 …) or a list of texts
        kind = scalar_kind(item) or ("yaml", [])
        columns, nested = [Column((), "值" if is_map else "内容", kind[0], kind[1])], []
    rows: list[tuple[Any, dict]] = [
        (k, {c.sub: (v if c.sub == () else _get(v, c.sub)) for c in columns}) for k, v in entries
    ]
    if attach:
        for (_, values), (_, v) in zip(rows, entries, strict=True):
            values["__attach__"] = [_get(v, (a,)) or "" for a in attach]
    key_label, value_label = MAPPING_LABELS.get(tuple(p for p in path if isinstance(p, str)), ("名称", "值"))
    if not models and is_map:
        columns[0].label = value_label
    for c in columns:  # "说明.政策依据" reads 政策依据 where that is unique in the table
        short = c.sub[-1] if c.sub else c.label
        if sum(1 for o in columns if o.sub and o.sub[-1] == short) == 1:
            c.label = short
    out: list[Section] = [Records(path, title, key_label if is_map else None, columns, rows, depth, attach)]
    # a list inside each record (the 指标 of every 绩效目标表): one table of them all, each row naming its record
    ident = next((c.sub[0] for c in columns if c.sub in IDENTITIES), "")
    names = [str(_get(v, (ident,)) or "").strip() for _, v in entries] if ident else []
    if ident and (len(set(names)) < len(names) or "" in names):
        ident = ""  # two records of the same name (or none): their rows name them by 序号 instead
    for sub in nested:
        child = _records(path + ("*",) + sub, f"{title}.{'.'.join(sub)}", _field_annotation(models, sub), [], depth + 1)
        table = child[0]
        assert isinstance(table, Records)
        table.parent = ident
        for k, v in entries:
            owner = _get(v, (ident,)) if ident else k + 1
            for i, c in enumerate(_get(v, sub) or []):
                values = {col.sub: (c if col.sub == () else _get(c, col.sub)) for col in table.columns}
                values["__parent__"] = owner
                table.rows.append(([owner, i], values))
        out.append(table)
    return out


# what the key and the value column of a mapping are called on the sheet
MAPPING_LABELS = {
    ("财政拨款支出用途",): ("类编码", "主要用于"),
    ("一般公共预算拨款说明", "项"): ("项编码", ""),
    ("国有资产", "车辆"): ("车辆类别", "数量"),
    ("收入决算",): ("收入类别", "金额"),
    ("支出决算",): ("支出类别", "金额"),
    ("科目名称", "功能分类"): ("编码", "名称"),
    ("科目名称", "经济分类"): ("编码", "名称"),
}
# the field that names a record for the rows of its inner lists (its 指标 …)
IDENTITIES = (("项目名称",), ("名称",), ("单位名称",))


def _field_annotation(models: list[type[BaseModel]], sub: tuple) -> Any:
    """The list or mapping type at *sub* in one of the record models (a union may hold a model there in another)."""
    for model in models:
        node: Any = model
        info = None
        for name in sub:
            info = getattr(node, "model_fields", {}).get(name)
            if info is None:
                break
            node = _unwrap(info.annotation)
        if info is not None and get_origin(_unwrap(info.annotation)) in (list, dict):
            return info.annotation
    return list[str]


def walk(model: type[BaseModel], data: Any, path: tuple = (), depth: int = 0, skip=lambda p: False) -> list[Section]:
    """The sections of *model* at *path* with the values of *data* (the typed input there, or None)."""
    out: list[Section] = []
    data = data if isinstance(data, dict) else {}
    for name, info in model.model_fields.items():
        here = path + (name,)
        if skip(here):
            continue
        value = data.get(name)
        kind = scalar_kind(info.annotation)
        inner = _unwrap(info.annotation)
        if kind:
            out.append(Field(here, name, kind[0], value, kind[1], depth))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            out.append(Heading(name, depth))
            out += walk(inner, value, here, depth + 1, skip)
        elif get_origin(inner) is list and scalar_kind(get_args(inner)[0]):
            out.append(Field(here, name, "list", value, [], depth))
        elif get_origin(inner) is dict and get_args(inner)[-1] is not str and _is_free(get_args(inner)[-1]):
            out.append(Field(here, name, "yaml", value, [], depth))  # free settings (报告.版式)
        elif get_origin(inner) in (list, dict):
            attach = ATTACHED.get(name, ()) if not path else ()
            out += _records(here, name, info.annotation, value, depth, attach, skip)
        else:
            out.append(Field(here, name, "yaml", value, [], depth))
    return out


def _is_free(annotation: Any) -> bool:
    """A value type that mixes texts, lists and mappings (settings), written as YAML text in one cell."""
    return get_origin(_unwrap(annotation)) in (Union, types.UnionType)


def owned_by_tables(registry: Any) -> Any:
    """The input paths a 公开表 sheet holds (left out of the forms: one figure, one cell)."""
    # the stated 总计 of 表7/表11 is that table sheet's 总计 row; an 附加表's rows are its table sheet
    whole: set[tuple] = {("上年结转结余总计",), ("一般公共预算项目支出总计",), ("附加表", "行")}
    except_notes: set[tuple] = set()
    columns: dict[tuple, set[str]] = {}
    for d in registry:
        if not d.path:
            continue
        if d.形式 in ("项目表", "结转表"):
            except_notes.add(d.path)  # the row is the table's; its 说明 is a record of the forms
        elif d.形式 == "三公表":
            columns[d.path] = set(d.输入列)  # the amounts by source; 上年 and 原因 stay in the forms
        else:
            whole.add(d.path)

    def skip(path: tuple) -> bool:
        keys = tuple(p for p in path if isinstance(p, str))
        if any(keys[: len(w)] == w for w in whole):
            return True
        if any(keys[: len(p)] == p and len(keys) > len(p) and keys[len(p)] != "说明" for p in except_notes):
            return True
        return any(keys[: len(p)] == p and len(keys) == len(p) + 2 and keys[-1] in c for p, c in columns.items())

    return skip


def prune(sections: list[Section]) -> list[Section]:
    """Headings with nothing under them left out (a model whose every field a table sheet holds)."""
    out: list[Section] = []
    for i, s in enumerate(sections):
        if isinstance(s, Heading):
            nxt = sections[i + 1] if i + 1 < len(sections) else None
            if nxt is None or isinstance(nxt, Heading) and nxt.depth <= s.depth or nxt.depth <= s.depth:
                continue
        out.append(s)
    return out


# ---------------------------------------------------------------- back into the input data


def _set(node: dict, sub: tuple, value: Any, kind: str) -> None:
    """Set *value* at *sub* below *node*; an empty cell removes a figure and leaves a text empty, and a value equal
    to what the input holds keeps the input's own writing (0.00 stays 0.00)."""
    *parents, last = sub
    for key in parents:
        if not isinstance(node.get(key), dict):
            if value is None:
                return
            node[key] = {}
        node = node[key]
    old = node.get(last)
    if value is None:
        if old in (None, "", [], {}):
            return  # nothing typed, nothing there: the input keeps its own way of saying so
        if kind == "text":
            node[last] = ""
        else:
            del node[last]
        return
    if _same(old, value, kind):
        return
    node[last] = value


def _same(old: Any, new: Any, kind: str) -> bool:
    if kind in ("amount", "count"):
        try:
            return Decimal(str(old).replace(",", "")) == Decimal(str(new).replace(",", ""))
        except Exception:  # noqa: BLE001 - not a number: not the same
            return False
    return old == new


def _node(data: dict, path: tuple, create: bool = False) -> Any:
    """The container at *path* (mappings made on the way when *create*)."""
    node: Any = data
    for key in path:
        if isinstance(node, dict):
            if create and node.get(key) is None:
                node[key] = {}
            node = node.get(key)
        else:
            return None
        if node is None:
            return None
    return node


def apply(data: dict, read: list[tuple]) -> None:
    """What :func:`form_sheets.read_sections` read, into the input *data* (changed values only)."""
    for entry in read:
        if entry[0] == "field":
            _, path, value, _where, kind = entry
            _set(data, path, value, kind)
            continue
        header = entry[1]
        path = tuple(header["path"])
        kinds = {tuple(c["sub"]): c["kind"] for c in header["columns"]}
        if "*" in path:
            _inner_lists(data, header, kinds)
            continue
        parent = _node(data, path[:-1], create=bool(header["rows"])) if len(path) > 1 else data
        if not isinstance(parent, dict):
            continue
        if header["attach"]:
            _attach(parent.get(path[-1]) or [], header, kinds, str((data.get("报告") or {}).get("单位名称", "")))
            continue
        old = parent.get(path[-1])
        if header["key"]:
            new: Any = {
                key: _record((old or {}).get(key) if isinstance(old, dict) else None, values, kinds)
                for key, _a, values in header["rows"]
                if key not in (None, "")
            }
        else:
            new = _listed(old, header["rows"], kinds)
        if new or old not in (None, [], {}):
            parent[path[-1]] = new


def _inner_lists(data: dict, header: dict, kinds: dict) -> None:
    """The rows of one table of inner lists (every 绩效目标表's 指标), back into their records by the record's name
    (or 序号); a row keeps its old record when it was exported from the same place."""
    path = tuple(header["path"])
    star = path.index("*")
    records = _node(data, path[:star])
    if not isinstance(records, list):
        return
    ident = header["parent"]
    grouped: dict = {}
    for key, _a, values in header["rows"]:
        grouped.setdefault(str(key[0]).strip() if key else "", []).append((key, values))
    for n, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        owner = str(record.get(ident, "")).strip() if ident else str(n + 1)
        old = _get(record, path[star + 1 :])
        rows = [(key[1] if key else None, None, values) for key, values in grouped.get(owner, [])]
        new = _listed(old, rows, kinds)
        if new or old not in (None, []):
            _set(record, path[star + 1 :], new, "yaml")


def _listed(old: Any, rows: list, kinds: dict) -> list:
    """A list of records as the sheet lists them (kept, reordered, added, deleted)."""
    new = []
    for key, _a, values in rows:
        item = old[key] if isinstance(old, list) and isinstance(key, int) and key < len(old) else None
        record = _record(item, values, kinds)
        if record not in (None, {}, ""):
            new.append(record)
    return new


def _attach(items: list, header: dict, kinds: dict, unit: str) -> None:
    """The texts of the 表7/表11 rows, set on the row with the same 单位 and 项目名称."""
    fields = header["attach"]

    def ident(values: list) -> tuple:
        return tuple(str(v or "").strip() or (unit if a == "单位" else "") for a, v in zip(fields, values, strict=True))

    by_name = {ident([it.get(a) for a in fields]): it for it in items if isinstance(it, dict)}
    for _key, names, values in header["rows"]:
        item = by_name.get(ident(names))
        if item is not None:
            for sub, (value, _w) in values.items():
                _set(item, sub, value, kinds[sub])


def _record(item: Any, values: dict, kinds: dict) -> Any:
    if () in values:  # a record that is one value (a text of a list, a mapping's value)
        value = values[()][0]
        return item if value is not None and _same(item, value, kinds[()]) else value
    record = dict(item) if isinstance(item, dict) else {}
    for sub, (value, _w) in values.items():
        if value is None and kinds[sub] == "text" and item is None:
            value = ""  # a new record's empty text is an empty text (a required one included), not a missing key
        _set(record, sub, value, kinds[sub])
    return record
