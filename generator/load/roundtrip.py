"""An input file written back the way its user wrote it: comments, key order, quoting and number forms of every
value that did not change are kept (ruamel.yaml's round trip); only what changed is written anew, numbers plain
(``580.00``, never ``"580.00"``), codes quoted (``"2110101"``) and paragraphs as ``|`` blocks.

The reader (generator/load) reads every scalar as text, so the types ruamel gives the unchanged values are only
what it needs to print them as they were.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_CODE = re.compile(r"^[0-9]{3}([0-9]{2}){0,2}$")
CODE_KEYS = {"科目", "编码"}  # keys whose value is a 科目 code (quoted, so no other tool reads it as a number)
# marker lines the commands add at the top of a file they wrote (one of each, never repeated)
NOTE_PREFIXES = ("# 数字由 disclose import-xlsx", "# 由 disclose rollover 生成")


class _Number(str):
    """A figure written plain (580.00): dumped with the tag its plain form resolves to, so it is never quoted."""


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 10000
    y.indent(mapping=2, sequence=2, offset=0)
    y.allow_unicode = True
    y.representer.add_representer(type(None), lambda r, _v: r.represent_scalar("tag:yaml.org,2002:null", ""))

    def number(r, value):
        return r.represent_scalar("tag:yaml.org,2002:float" if "." in value else "tag:yaml.org,2002:int", str(value))

    y.representer.add_representer(_Number, number)
    return y


def _same(old: Any, new: Any) -> bool:
    """A scalar unchanged in value (1744.68 read as a float by ruamel equals the text 1744.68)."""
    if old is None or new is None:
        return old is None and new in (None, "")
    if str(old) == str(new):
        return True
    try:
        return Decimal(str(old)) == Decimal(str(new))
    except (InvalidOperation, ValueError):
        return False


def _fresh(value: Any, key: Any = None) -> Any:
    """A value new to the file, written the way the shipped inputs write it."""
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[DoubleQuotedScalarString(k) if isinstance(k, str) and _CODE.match(k) else k] = _fresh(v, k)
        flat = all(not isinstance(v, (dict, list)) and "\n" not in str(v) for v in value.values())
        if flat and ("科目" in value or all(len(str(v)) <= 24 for v in value.values())):
            out.fa.set_flow_style()  # a table row on one line ({} when empty, on its key's line)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(v, key) for v in value)
        if not value:
            seq.fa.set_flow_style()  # [] on its key's line
        return seq
    if isinstance(value, str):
        if key in CODE_KEYS and _CODE.match(value):
            return DoubleQuotedScalarString(value)
        if "\n" in value:
            return LiteralScalarString(value)
        if _NUMBER.match(value):
            return _Number(value)
    return value


def merge(old: Any, new: Any, key: Any = None) -> Any:
    """*old* (the file as ruamel read it) changed into *new* (the input data), keeping every unchanged node."""
    if isinstance(new, (dict, list)) and not new:
        return _fresh(new, key)  # emptied: written {} or [] on its key's line
    if isinstance(new, dict) and isinstance(old, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            old[k] = merge(old[k], v, k) if k in old else _fresh(v, k)
        return old
    if isinstance(new, list) and isinstance(old, list):
        for i, v in enumerate(new):
            if i < len(old):
                old[i] = merge(old[i], v, key)
            else:
                old.append(_fresh(v, key))
        del old[len(new) :]
        return old
    if not isinstance(new, (dict, list)) and not isinstance(old, (dict, list)) and _same(old, new):
        return old
    return _fresh(new, key)


def rewrite(text: str | None, data: dict, note: str = "") -> str:
    """The file *text* with its data changed into *data* (a new file when *text* is None), *note* as a marker
    comment at the top (replacing an earlier marker of the same command, so it is never repeated)."""
    y = _yaml()
    doc = y.load(text) if text and text.strip() else None
    doc = merge(doc, data) if isinstance(doc, dict) else _fresh(data)
    out = io.StringIO()
    y.dump(doc, out)
    body = out.getvalue()
    lines = body.splitlines()
    head = []
    while lines and lines[0].startswith("#"):
        head.append(lines.pop(0))
    if note:
        head = [h for h in head if not h.startswith(NOTE_PREFIXES)] + [f"# {note}"]
    return "\n".join(head + lines).rstrip("\n") + "\n"
