"""The whole input in one workbook: the 公开表 sheets, then form sheets for everything else (概况, 上年 and the
reasons, project texts, 绩效, 三公, 资产, 采购, and for 决算 the narrative figures and the 自评表).

The forms are grouped on sheets by the input's top-level keys (:data:`GROUPS`); a key no group names gets a sheet
of its own, so a field the model gains later is never lost on the way through the workbook.
"""

from __future__ import annotations

from typing import Any

from openpyxl.workbook.workbook import Workbook

from .cells import Problems
from .form_sheets import read_sections, write_sections
from .forms import Field, Records, Section, owned_by_tables, prune, walk

GROUPS = {
    "预算": [
        ("报告与概况", ["报告", "概况"]),
        ("上年与原因", ["收入预算说明", "支出预算说明", "一般公共预算拨款说明", "机关运行经费", "三公经费"]),
        ("用途与项目说明", ["财政拨款支出用途", "一般公共预算项目支出", "上年结转结余"]),
        ("采购资产绩效", ["政府采购", "国有资产", "预算绩效", "其他需说明事项"]),
        ("绩效目标表", ["部门整体绩效目标表", "项目支出绩效目标表"]),
        ("其他设置", ["名词解释", "附加表", "科目名称", "已知问题"]),
    ],
    "决算": [
        ("报告与概况", ["报告", "概况"]),
        ("收支与原因", ["收入支出决算总体", "收入决算", "支出决算", "财政拨款收支", "一般公共预算支出", "基本支出"]),
        ("基金与三公", ["政府性基金", "国有资本经营", "三公经费", "机关运行经费"]),
        ("采购资产绩效", ["政府采购", "国有资产", "预算绩效", "其他需说明事项"]),
        ("整体绩效自评", ["单位整体支出绩效自评表"]),
        ("项目绩效自评", ["项目支出绩效自评表"]),
        ("其他设置", ["附加表", "科目名称", "已知问题", "决算表"]),
    ],
}


def _prefill(data: dict, figures: Any) -> dict:
    """The input with an entry for every figure the report needs a 上年 or a text for (a new unit's 表5 项, the 类
    of 表4), so the clerk finds the row waiting instead of knowing the YAML key."""
    if getattr(figures, "kind", "") != "budget":
        return data
    data = dict(data)
    notes = dict(data.get("一般公共预算拨款说明") or {})
    items = dict(notes.get("项") or {})
    for item in figures.general_items:
        items.setdefault(item.code, {"上年": None, "原因": ""})
    if items:
        notes["项"] = items
        data["一般公共预算拨款说明"] = notes
    uses = dict(data.get("财政拨款支出用途") or {})
    for c in figures.fiscal_classes:
        uses.setdefault(c.code, "")
    if uses:
        data["财政拨款支出用途"] = uses
    return data


def _computed(figures: Any) -> dict:
    """This year's amount and the change, shown grey beside the 上年 they are compared with."""
    out: dict = {}
    if getattr(figures, "kind", "") != "budget":
        return out
    items = list(figures.income_items) + list(figures.spend) + list(figures.general_split)
    items += [figures.running] + list(figures.sangong.items)
    for item in items:
        path = getattr(item, "path", None)
        if not path or getattr(item, "absent", False):
            continue
        shown = [("导出时本年", f"{item.amount:,.2f}")]  # as exported: a figure changed later is not in it
        ch = getattr(item, "change", None)
        if ch is not None:
            shown.append(("比上年", f"{'增加' if ch.up else '减少'}{ch.amount:,.2f}（{ch.rate}%）"))
        out[tuple(path) + ("上年",)] = shown
    return out


def form_sections(kind_name: str, model: type, data: dict, registry: Any, figures: Any = None) -> list:
    """(sheet name, sections, computed) of every form sheet of an input."""
    data = _prefill(data, figures) if figures is not None else data
    sections = prune(walk(model, data, skip=owned_by_tables(registry)))
    by_key: dict[str, list[Section]] = {}
    for s in sections:
        top = s.path[0] if isinstance(s, (Field, Records)) else None
        key = top if top is not None else _heading_key(s, sections)
        by_key.setdefault(key, []).append(s)
    sheets = []
    named = set()
    for name, keys in GROUPS[kind_name]:
        named.update(keys)
        chosen = [s for k in keys for s in by_key.get(k, [])]
        if chosen:
            sheets.append((name, chosen))
    for key, chosen in by_key.items():
        if key not in named:
            sheets.append((key[:31], chosen))
    computed = _computed(figures) if figures is not None else {}
    return [(name, chosen, computed) for name, chosen in sheets]


def _heading_key(heading: Section, sections: list[Section]) -> str:
    """A heading belongs with the first field or records after it."""
    i = sections.index(heading)
    for s in sections[i + 1 :]:
        if isinstance(s, (Field, Records)):
            return str(s.path[0])
    return ""


def add_form_sheets(wb: Workbook, kind_name: str, model: type, data: dict, registry: Any, figures: Any) -> None:
    used = set(wb.sheetnames)
    for name, sections, computed in form_sections(kind_name, model, data, registry, figures):
        title = name if name not in used else f"{name}-表单"
        used.add(title)
        ws = wb.create_sheet(title)
        write_sections(ws, sections, computed)


def is_form_sheet(ws) -> bool:
    """A sheet written by :func:`add_form_sheets` (its hidden column A says what each row is)."""
    for r in range(1, min(ws.max_row, 40) + 1):
        v = ws.cell(r, 1).value
        if isinstance(v, str) and v.startswith('["F"') or isinstance(v, str) and v.startswith('["H"'):
            return True
    return False


def read_form_sheets(wb: Workbook, problems: Problems) -> list:
    """Everything the form sheets say, in workbook order (see form_sheets.read_sections)."""
    out: list = []
    for ws in wb.worksheets:
        if is_form_sheet(ws):
            out += read_sections(ws, problems)
    return out
