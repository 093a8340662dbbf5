"""Where each figure and text of a workbook input was typed: YAML path → sheet!cell.

With these as the positions of the input read from a workbook, every finding of every rule names the cell the
clerk typed (表3!E7), not a line of a YAML file the clerk never saw; a derived figure (a subtotal, 表1, 表4) has no
cell of its own, so a finding about it points at the nearest typed figure it is made of (its table's first cell).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Location
from .rows import Line
from .specs import Spec


def _at(book: str, cell: str, path: tuple) -> Location:
    return Location(book, path=path, cell=cell)


def form_positions(book: str, read: list[tuple]) -> dict[tuple, Location]:
    """Fields and records of the form sheets (form_sheets.read_sections)."""
    out: dict[tuple, Location] = {}
    for entry in read:
        if entry[0] == "field":
            _, path, _value, where, _kind = entry
            out[tuple(path)] = _at(book, where, tuple(path))
            for i in range(1, len(path)):  # a section or item: its first field (上年 of 收入预算说明.单位资金)
                out.setdefault(tuple(path)[:i], _at(book, where, tuple(path)[:i]))
            continue
        header = entry[1]
        base = tuple(header["path"])
        if header["rows"]:
            first = next(iter(header["rows"][0][2].values()), (None, ""))[1]
            out.setdefault(base[:1], _at(book, first, base[:1]))
            out.setdefault(base, _at(book, first, base))
        for n, (key, _attach, values) in enumerate(header["rows"]):
            at = n if header["key"] is None else key
            for sub, (_v, where) in values.items():
                path = base + (at,) + tuple(sub)
                out.setdefault(base + (at,), _at(book, where, base + (at,)))
                out[path] = _at(book, where, path)
    return out


def table_positions(book: str, data: dict, spec: Spec, lines: list[Line], sheet: str) -> dict[tuple, Location]:
    """Rows of a 科目表 sheet: each 科目 row's typed cells, its 总计 row; the table itself at its sheet's A1."""
    target = tuple(spec.target)
    out: dict[tuple, Location] = {target: _at(book, f"{sheet}!A1", target)}
    if spec.kind != "hier":
        return out
    node: Any = data
    for key in target:
        node = node.get(key) if isinstance(node, dict) else None
    rows = node.get("行", []) if isinstance(node, dict) else []
    index = {str(r.get("科目")): i for i, r in enumerate(rows) if isinstance(r, dict)}
    for line in lines:
        if line.kind == "total":
            for key, cell in line.cells.items():
                out[target + ("总计", key)] = _at(book, cell, target + ("总计", key))
            out.setdefault(target + ("总计",), _at(book, next(iter(line.cells.values()), f"{sheet}!A1"), target))
        elif line.code in index:
            i = index[line.code]
            for key, cell in line.cells.items():
                out[target + ("行", i, key)] = _at(book, cell, target + ("行", i, key))
            first = next(iter(line.cells.values()), f"{sheet}!A{line.r + 1}")
            out[target + ("行", i)] = _at(book, first, target + ("行", i))
    return out


def book_name(xlsx: str | Path) -> str:
    return Path(xlsx).name
