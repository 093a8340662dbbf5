"""The form sections (excel/forms.py) on worksheets, and read back.

Layout: column A, hidden, holds what each row is (a field and its YAML path, a records header with its columns,
a record and its key), so that the sheet reads back whatever the clerk did to the visible columns: values typed,
records added at the end of a table (rows without a key in A), records deleted. Columns B… are what the clerk sees:
项目 | 值 | 说明 for fields; one column per field for records. Computed cells (figures the tool derives) are grey and
locked; the cells to type into are not.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..numtext import dec_text
from .cells import NUM, Problems
from .forms import Field, Heading, Records, Section

MONEY_FORMAT = "#,##0.00"
GREY = PatternFill("solid", fgColor="EDEDED")
INPUT = PatternFill("solid", fgColor="FFF9E5")  # the cells to type into
HINTS = {
    "amount": "金额，万元",
    "count": "整数",
    "list": "每项一行（单元格内换行：Alt+Enter）",
    "yaml": "YAML 写法（高级设置）",
    "text": "",
}
LIST_SEPARATOR = "\n"
LINE_PT = 15.0  # one line of 11 pt text
RECORD_WIDTH = 18  # characters of a records column


def _width(column: int) -> float:
    """Column widths: 项目 | 值 (wide, for texts) | 说明; a records table's further columns."""
    return {2: 28.0, 3: 48.0, 4: 22.0}.get(column, float(RECORD_WIDTH))


def _lines(value: Any, width: float) -> int:
    """Lines a wrapped text takes in a column *width* characters wide (a Chinese character is two)."""
    if not isinstance(value, str) or not value:
        return 1
    units = [sum(1.0 if ord(ch) < 0x2E80 else 2.0 for ch in part) for part in value.split("\n")]
    return sum(max(1, -(-int(u) // max(1, int(width) - 1))) for u in units)


def _fit(ws: Worksheet, row: int, lines: int) -> None:
    """Neither Excel nor Calc grows a row for wrapped text written by a program: give it the height it needs."""
    if lines > 1:
        ws.row_dimensions[row].height = min(409.0, lines * LINE_PT)


def _key(*parts: Any) -> str:
    return json.dumps(list(parts), ensure_ascii=False, default=str)


def _cell_value(kind: str, value: Any) -> Any:
    """What a cell shows for a value of the input (texts as typed; amounts and counts as numbers)."""
    if value is None:
        return None
    if kind == "amount" and isinstance(value, str) and NUM.match(value.replace(",", "")):
        return Decimal(value.replace(",", ""))
    if kind == "count" and isinstance(value, str) and value.lstrip("+-").isdigit():
        return int(value)
    if kind == "list" and isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if kind == "yaml":
        from ..load.store import dump

        return dump(value).strip() if not isinstance(value, str) else value
    return str(value) if not isinstance(value, (int, Decimal)) else value


def _style_value(cell, kind: str, choices: list[str], ws: Worksheet, validations: dict) -> None:
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"  # a text such as "=60本（份）" (a target value), never a formula
    cell.fill = INPUT
    cell.protection = Protection(locked=False)
    if kind == "amount":
        cell.number_format = MONEY_FORMAT
        cell.alignment = Alignment(horizontal="right", vertical="top")
    elif kind == "count":
        cell.number_format = "0"
        cell.alignment = Alignment(horizontal="right", vertical="top")
    else:
        cell.number_format = "@"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if choices:
        key = tuple(choices)
        if key not in validations:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
            dv.error, dv.errorTitle = f"请从下拉列表选择：{'、'.join(choices)}", "取值不在列表中"
            ws.add_data_validation(dv)
            validations[key] = dv
        validations[key].add(cell)


def write_sections(ws: Worksheet, sections: list[Section], computed: dict | None = None) -> None:
    """Write *sections* on *ws* from its first row; *computed*: {YAML path: [(label, value)]} figures shown grey
    beside a field (this year's amount and the change beside a 上年, say)."""
    computed = computed or {}
    validations: dict = {}
    ws.column_dimensions["A"].hidden = True
    for j in range(2, 40):
        ws.column_dimensions[get_column_letter(j)].width = _width(j)
    row = 1
    for s in sections:
        if isinstance(s, Heading):
            ws.cell(row, 1, _key("T"))
            cell = ws.cell(row, 2, s.label)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(indent=s.depth)
            row += 1
        elif isinstance(s, Field):
            ws.cell(row, 1, _key("F", s.kind, list(s.path)))
            label = ws.cell(row, 2, s.label)
            label.alignment = Alignment(indent=s.depth, vertical="top", wrap_text=True)
            value = ws.cell(row, 3, _cell_value(s.kind, s.value))
            _style_value(value, s.kind, s.choices, ws, validations)
            _fit(ws, row, _lines(value.value, 48))
            hint = "、".join(s.choices) if s.choices else HINTS.get(s.kind, "")
            if hint:
                ws.cell(row, 4, hint).font = Font(color="808080")
            for i, (clabel, cvalue) in enumerate(computed.get(s.path, [])):
                c = ws.cell(row, 5 + i, f"{clabel}：{cvalue}")
                c.fill = GREY
            row += 1
        else:
            row = _write_records(ws, s, row, validations) + 1
    ws.freeze_panes = "B1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


SPARE_ROWS = 3  # empty rows left under a table to type new records into (more: insert rows anywhere inside)


def _write_records(ws: Worksheet, s: Records, row: int, validations: dict) -> int:
    ws.cell(row, 1, _key("T"))
    title = ws.cell(row, 2, s.title)
    title.font = Font(bold=True)
    title.alignment = Alignment(indent=s.depth)
    row += 1
    columns = [{"sub": list(c.sub), "kind": c.kind} for c in s.columns]
    ws.cell(row, 1, _key("H", list(s.path), s.key, list(s.attach), columns, s.parent))
    owner = [f"所属{s.parent or '序号'}"] if s.parent is not None else []
    number = ["序号"] if _numbered(s.key, s.attach, s.parent) else []
    labels = number + ([s.key] if s.key else []) + owner + list(s.attach) + [c.label for c in s.columns]
    for j, label in enumerate(labels):
        c = ws.cell(row, 2 + j, label)
        c.font = Font(bold=True)
        c.fill = GREY
    if s.attach:
        ws.cell(row, 2).comment = Comment(f"“{'、'.join(s.attach)}”来自公开表，请在公开表的工作表中修改", "disclose")
    row += 1
    for n, (key, values) in enumerate(s.rows, 1):
        ws.cell(row, 1, _key("R", key))
        j = 2
        if number:
            ws.cell(row, j, n).fill = GREY  # the 序号 the rows of an inner list name their record by
            j += 1
        if s.key:
            ws.cell(row, j, str(key)).number_format = "@"
            j += 1
        if s.parent is not None:
            ws.cell(row, j, values.get("__parent__")).fill = INPUT
            j += 1
        for shown in values.get("__attach__", []) if s.attach else []:
            ws.cell(row, j, str(shown)).fill = GREY
            j += 1
        lines = 1
        for c in s.columns:
            cell = ws.cell(row, j, _cell_value(c.kind, values.get(c.sub)))
            _style_value(cell, c.kind, c.choices, ws, validations)
            lines = max(lines, _lines(cell.value, _width(j)))
            j += 1
        _fit(ws, row, min(lines, 12))
        row += 1
    for _ in range(SPARE_ROWS):
        for j in range(2, 2 + len(labels)):
            ws.cell(row, j).fill = INPUT
            ws.cell(row, j).protection = Protection(locked=False)
        row += 1
    return row


# ---------------------------------------------------------------- reading back


def _read_value(kind: str, value: Any, where: str, problems: Problems) -> Any:
    """A cell's value as the input holds it (text); None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "amount":
        if isinstance(value, bool):
            problems.add(where, "不是金额")
            return None
        if isinstance(value, float):
            return dec_text(Decimal(repr(value)))
        if isinstance(value, (int, Decimal)):
            return dec_text(Decimal(value))
        text = str(value).strip().replace("，", ",")
        if not NUM.match(text.replace(" ", "")):
            problems.add(where, f"“{value}”不是金额（应为数字，如 1744.68）")
            return None
        return text
    if kind == "count":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        text = str(value).strip()
        if not text.lstrip("+-").isdigit():
            problems.add(where, f"“{value}”不是整数")
            return None
        return text
    if kind == "list":
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    if kind == "yaml":
        import yaml

        try:
            return yaml.load(str(value), Loader=yaml.BaseLoader)
        except yaml.YAMLError:
            problems.add(where, "不是有效的 YAML 写法")
            return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if kind != "text" else str(value)


def read_sections(ws: Worksheet, problems: Problems) -> list[tuple]:
    """What the sheet says, in sheet order: ("field", path, value) and ("records", header, [(key, {sub: value})])."""
    out: list[tuple] = []
    current = None
    for r in range(1, ws.max_row + 1):
        marker = ws.cell(r, 1).value
        tag = json.loads(marker) if isinstance(marker, str) and marker.startswith("[") else None
        if tag and tag[0] == "F":
            where = f"{ws.title}!C{r}"
            value = _read_value(tag[1], ws.cell(r, 3).value, where, problems)
            out.append(("field", tuple(tag[2]), value, where, tag[1]))
            current = None
        elif tag and tag[0] == "H":
            parent = tag[5] if len(tag) > 5 else None
            current = {
                "path": tuple(tag[1]),
                "key": tag[2],
                "attach": tag[3],
                "columns": tag[4],
                "parent": parent,
                "rows": [],
            }
            out.append(("records", current))
        elif tag and tag[0] == "T":
            current = None  # the next section's title ends a table
        elif current is not None:
            width = 4 + len(current["columns"]) + len(current["attach"])
            if tag is None and all(ws.cell(r, c).value in (None, "") for c in range(2, width + 1)):
                continue  # an empty row inside or under a table (the spare rows)
            current["rows"].append(_read_record(ws, r, current, tag, problems))
    return out


def _position(value: Any) -> Any:
    """A record's 序号 as typed (1, "1", 1.0)."""
    try:
        return int(float(str(value)))
    except ValueError:
        return value


def _numbered(key, attach, parent) -> bool:
    """A plain list of records shows its 序号 (its inner lists' rows name a record by it)."""
    return key is None and not attach and parent is None


def _read_record(ws: Worksheet, r: int, header: dict, tag: list | None, problems: Problems) -> tuple:
    j = 2
    key = tag[1] if tag else None
    if _numbered(header["key"], header["attach"], header.get("parent")):
        j += 1
    if header["key"]:
        typed = ws.cell(r, j).value
        key = str(typed).strip() if typed not in (None, "") else key
        j += 1
    if header.get("parent") is not None:
        owner = ws.cell(r, j).value
        key = [owner if header["parent"] else _position(owner), key[1] if isinstance(key, list) else None]
        j += 1
    attach = []
    for _ in header["attach"]:
        attach.append(ws.cell(r, j).value)
        j += 1
    values = {}
    for col in header["columns"]:
        where = f"{ws.title}!{get_column_letter(j)}{r}"
        values[tuple(col["sub"])] = (_read_value(col["kind"], ws.cell(r, j).value, where, problems), where)
        j += 1
    return key, attach, values
