"""Writing a sheet's rows into the input data (the base's own texts and row order kept), and stating the
published subtotals that differ from the computed ones."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..numtext import dec_text
from ..tables import figure_of
from .cells import CODE, ZERO, Grid, Problems, amount, flat_text
from .rows import Columns, Line
from .specs import SANGONG_ROWS, T1_CARRY, T1_THIS_YEAR, TOTAL_LABELS, Spec


def set_amount(d: dict, key: str, value: Decimal) -> None:
    """Set *key* to *value* unless it already holds the same amount (keeps the base's own text)."""
    old = d.get(key)
    if old not in (None, ""):
        try:
            if Decimal(str(old).replace(",", "")) == value:
                return
        except Exception:  # noqa: BLE001 - replaced below
            pass
    elif value == 0:
        return
    d[key] = dec_text(value)


def value_at(data: dict, path: tuple) -> Any:
    """The value at *path* (None when a step is missing or not a mapping); nothing is created."""
    cur: Any = data
    for key in path:
        cur = cur.get(key) if isinstance(cur, dict) else None
    return cur


def node_at(data: dict, path: tuple) -> dict:
    """The mapping at *path*, created when absent (an empty list, as in `政府性基金支出: []`, becomes a mapping)."""
    node = data
    for key in path:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    return node


def apply_hier(data: dict, spec: Spec, lines: list[Line]) -> None:
    """类/款/项 rows: a leaf (项, or 款 of 经济分类) sets its typed columns, new leaves are appended, a leaf of the
    base missing from the sheet is set to zero; a subtotal row of the base (a stated one) takes the sheet's figures."""
    if not any(line.kind == "code" for line in lines):
        cur = value_at(data, spec.target)
        if not isinstance(cur, dict) or not cur.get("行"):
            return  # nothing typed before, nothing now: the base stays as it is ([] stays [])
    table = node_at(data, spec.target)
    rows = table.setdefault("行", []) if isinstance(table, dict) else None
    if rows is None:
        return
    by_code: dict[str, dict] = {}
    for row in rows:
        if isinstance(row, dict) and row.get("科目"):
            by_code.setdefault(str(row["科目"]), row)
    seen = set()
    for line in lines:
        if line.kind != "code":
            continue
        seen.add(line.code)
        row = by_code.get(line.code)
        if row is None:
            if len(line.code) != spec.leaf:
                continue  # a subtotal: compared with the computed one later
            row = {"科目": line.code}
            if line.name:
                row["名称"] = line.name
            rows.append(row)
            by_code[line.code] = row
        for key in spec.inputs:
            if (value := line.typed(key)) is not None:
                set_amount(row, key, value)
        for key in set(spec.keys) - set(spec.inputs):
            if key in row and key in line.values:
                set_amount(row, key, line.values[key])
    for code, row in by_code.items():
        if code not in seen and len(code) == spec.leaf:
            for key in spec.inputs:
                if key in row:
                    set_amount(row, key, ZERO)


def _target_list(data: dict, spec: Spec) -> list:
    """The input's list of rows for a table of projects (表7, 表11), created when the base has none."""
    items = data.setdefault(spec.target[0], [])
    if not isinstance(items, list):
        items = data[spec.target[0]] = []
    return items


def apply_projects(data: dict, spec: Spec, lines: list[Line], default_unit: str) -> None:
    """表7: each project row matched to the base's project of the same unit, code and 项目名称 (in order)."""
    items = _target_list(data, spec)
    used = set()
    unit = ""
    for line in lines:
        if line.kind == "unit":
            unit = line.shown
            continue
        if line.kind != "code" or len(line.code) != 7:
            continue
        match = None
        for i, p in enumerate(items):
            if i in used or not isinstance(p, dict):
                continue
            if (
                str(p.get("科目")) == line.code
                and flat_text(p.get("项目名称")) == line.label
                and (not unit or flat_text(p.get("单位") or default_unit) == flat_text(unit))
            ):
                match = i
                break
        if match is None:
            p = {"单位": unit} if unit and flat_text(unit) != flat_text(default_unit) else {}
            p.update({"科目": line.code, "项目名称": line.shown})
            items.append(p)
            match = len(items) - 1
        used.add(match)
        p = items[match]
        for key in spec.inputs:
            if (value := line.typed(key)) is not None:
                set_amount(p, key, value)
        if "合计" in line.values:  # a stated 项目支出合计 (published rounding) when it differs from the columns
            parts = sum((Decimal(str(p[k]).replace(",", "")) for k in spec.inputs if p.get(k) not in (None, "")), ZERO)
            if "合计" in p or line.values["合计"] != parts:
                set_amount(p, "合计", line.values["合计"])
    for i, p in enumerate(items):
        if i not in used and isinstance(p, dict):
            for key in spec.inputs:
                if key in p:
                    set_amount(p, key, ZERO)


CARRY_PARTS = {
    "财政人员经费": ("财政拨款", "人员经费"),
    "财政公用经费": ("财政拨款", "公用经费"),
    "财政项目支出": ("财政拨款", "项目支出"),
    "非财政人员经费": ("非财政拨款", "人员经费"),
    "非财政公用经费": ("非财政拨款", "公用经费"),
    "非财政项目支出": ("非财政拨款", "项目支出"),
}


def apply_carry(data: dict, spec: Spec, lines: list[Line], default_unit: str) -> None:
    """表11: each project row matched to the base's item of the same 项目名称."""
    items = _target_list(data, spec)
    used = set()
    unit = ""
    for line in lines:
        if line.kind == "unit":
            unit = line.shown
            continue
        if line.kind != "label":
            continue
        match = next(
            (
                i
                for i, c in enumerate(items)
                if i not in used and isinstance(c, dict) and flat_text(c.get("项目名称")) == line.label
            ),
            None,
        )
        if match is None:
            c: dict = {"单位": unit} if unit and flat_text(unit) != flat_text(default_unit) else {}
            c["项目名称"] = line.shown
            items.append(c)
            match = len(items) - 1
        used.add(match)
        c = items[match]
        for key, (group, part) in CARRY_PARTS.items():
            value = line.typed(key)
            if value is not None:
                g = c.get(group)
                if not isinstance(g, dict):
                    if value == 0:
                        continue
                    g = c[group] = {}
                set_amount(g, part, value)
    for i, c in enumerate(items):
        if i not in used and isinstance(c, dict):
            for group in ("财政拨款", "非财政拨款"):
                if isinstance(c.get(group), dict):
                    for part in list(c[group]):
                        set_amount(c[group], part, ZERO)


def apply_panel_t1(data: dict, g: Grid, start: int, factor: int, problems: Problems) -> None:
    """表1 收入 side: label column 0, amount column 1, by label (the 上年结转 lines after their heading). The other
    lines and the 支出 side are computed; the importer compares them with the sheet afterwards."""
    panel = node_at(data, ("收支总表",))
    carry = False
    total = None
    for r in range(start, len(g.values)):
        row = g.values[r]
        label = flat_text(row[0]) if row else ""
        if not label:
            continue
        value = amount(row[1] if len(row) > 1 else None, factor, g.addr(r, 1), problems)
        if value is None:
            continue
        bare = re.sub(r"^(其中[:：])?([0-9]+\.|[一二三四五六七八九十]+、)?", "", label)
        if label.startswith("二、") or "上年结转" in label:
            carry = True
        key = (T1_CARRY if carry else T1_THIS_YEAR).get(bare)
        if key:
            set_amount(panel, key, value)
        elif label == "收入总计" and flat_text(row[1]) != "":
            total = value  # stated when the base states it or when it differs from the sum of the lines
    if total is not None:
        parts = sum(
            (Decimal(str(v).replace(",", "")) for k, v in panel.items() if k != "总计" and v not in (None, "")), ZERO
        )
        if panel.get("总计") is not None or total != parts:
            set_amount(panel, "总计", total)


def apply_sangong(data: dict, spec: Spec, g: Grid, start: int, cols: Columns, factor: int, problems: Problems) -> None:
    node = node_at(data, spec.target)
    label_col = 0
    for r in range(start, len(g.values)):
        row = g.values[r]
        label = re.sub(r"^其中[:：]", "", flat_text(row[label_col]))
        key = SANGONG_ROWS.get(label)
        if key is None:
            continue
        item = node.get(key)
        if not isinstance(item, dict):
            item = node[key] = {}
        for c, col in cols.values.items():
            if col in spec.inputs:
                v = amount(row[c], factor, g.addr(r, c), problems)
                if v is not None:
                    set_amount(item, col, v)


def apply_econ_panels(data: dict, spec: Spec, g: Grid, start: int, paths, factor: int, problems: Problems) -> None:
    table = node_at(data, spec.target)
    rows = table.setdefault("行", [])
    by_code = {str(row.get("科目")): row for row in rows if isinstance(row, dict)}
    code_cols = [c for c, p in enumerate(paths) if p and "编码" in p[-1]]
    seen = set()
    classes: dict[str, Decimal] = {}  # 类 rows as printed: kept as stated when they differ by rounding only
    for r in range(start, len(g.values)):
        row = g.values[r]
        for c in code_cols:
            code = flat_text(row[c])
            if not code or not CODE.match(code):
                continue
            v = amount(row[c + 2] if c + 2 < len(row) else None, factor, g.addr(r, c + 2), problems)
            if v is None:
                continue
            seen.add(code)
            target = by_code.get(code)
            if target is None:
                if len(code) != spec.leaf:
                    classes[code] = v
                    continue
                target = {"科目": code}
                name = flat_text(row[c + 1])
                if name:
                    target["名称"] = name
                rows.append(target)
                by_code[code] = target
            set_amount(target, "决算数", v)
    for code, row in by_code.items():
        if code not in seen and len(code) == spec.leaf:
            set_amount(row, "决算数", ZERO)
    for code, v in classes.items():
        leaves = [amount_of(row) for c, row in by_code.items() if len(c) == spec.leaf and c.startswith(code)]
        gap = abs(v - sum(leaves, ZERO))
        if gap and gap <= Decimal("0.01") * max(len(leaves), 1):  # as published: a class total rounded from 元
            rows.append({"科目": code, "决算数": dec_text(v)})


def amount_of(row: dict) -> Decimal:
    try:
        return Decimal(str(row.get("决算数") or 0).replace(",", ""))
    except Exception:  # noqa: BLE001 - not a number: counted as zero, the model reports it
        return ZERO


def apply_extra(data: dict, index: int, g: Grid, start: int, paths, factor: int, problems: Problems) -> None:
    """A 附加表: its rows replace the input's, cell by cell in the order of its 列 (the base's own text kept where
    the value is the same); the 合计 row is computed (compared afterwards)."""
    tables = data.get("附加表")
    if not isinstance(tables, list) or index >= len(tables) or not isinstance(tables[index], dict):
        problems.add(g.addr(start, 0), "输入中没有对应的附加表")
        return
    table = tables[index]
    columns = [flat_text(c) for c in table.get("列") or []]
    money = {flat_text(c) for c in table.get("金额列") or []}
    where = {}
    for c, path in enumerate(paths):
        if path and path[-1] in columns:
            where[columns.index(path[-1])] = c
    missing = [table["列"][i] for i in range(len(columns)) if i not in where]
    if missing:
        problems.add(g.addr(start - 1, 0), f"附加表缺少列：{'、'.join(missing)}")
        return
    old_rows = table.get("行") or []
    rows: list[list] = []
    for r in range(start, len(g.values)):
        row = g.values[r]
        texts = [flat_text(v) for v in row]
        if not any(texts) or (texts[0] in TOTAL_LABELS and not rows):
            continue  # blank, or the computed 合计 row
        old = old_rows[len(rows)] if len(rows) < len(old_rows) and isinstance(old_rows[len(rows)], list) else []
        new = []
        for i, name in enumerate(columns):
            v = row[where[i]]
            prev = old[i] if i < len(old) else None
            if name in money:
                d = amount(v, factor, g.addr(r, where[i]), problems)
                same = prev not in (None, "") and _equal(prev, d)
                new.append(prev if same else (dec_text(d) if d is not None else None))
            else:
                text = "" if v is None else str(v).strip()
                new.append(prev if prev is not None and str(prev).strip() == text else text)
        rows.append(new)
    if rows != old_rows:
        table["行"] = rows


def _equal(text, value: Decimal | None) -> bool:
    try:
        return value is not None and Decimal(str(text).replace(",", "")) == value
    except Exception:  # noqa: BLE001 - not a number: not equal
        return False


def table_figures(figures, spec: Spec):
    fig = figure_of(figures, spec.figure) if spec.figure else None
    if spec.kind == "econ_panels" and fig is not None:
        fig = fig.table
    return fig


def reconcile(data: dict, spec: Spec, lines: list[Line], figures, mismatches: list) -> bool:
    """Stated figures where the sheet's subtotal/total/derived figure differs from the computed one.

    Returns True when something was added (compute again); differences that cannot be stated go to *mismatches*.
    """
    fig = table_figures(figures, spec)
    if fig is None or spec.kind != "hier":
        return False
    changed = False
    cur = value_at(data, spec.target)
    rows = cur.get("行", []) if isinstance(cur, dict) else []
    by_code = {str(r.get("科目")): r for r in rows if isinstance(r, dict)}
    for line in lines:
        if line.kind == "total":
            computed = fig.total
        elif line.kind == "code":
            computed = fig.find(line.code)
        else:
            continue
        for key, value in line.values.items():
            have = computed.v(key) if computed is not None else ZERO
            if have == value:
                continue
            # only a rounding difference is a published figure to keep; more is a typing mistake at this cell
            tolerance = Decimal("0.01") * max(1, computed.addends.get(key, 1) if computed is not None else 1)
            if abs(value - have) > tolerance:
                mismatches.append((line.cells.get(key, ""), key, value, have))
                continue
            table = node_at(data, spec.target)  # created only when a figure has to be stated
            rows = table.setdefault("行", [])
            if line.kind == "total":
                total = table.get("总计")
                if not isinstance(total, dict):
                    total = table["总计"] = {}
                if total.get(key) is None or Decimal(str(total[key]).replace(",", "")) != value:
                    total[key] = dec_text(value)
                    changed = True
                    continue
            elif len(line.code) < spec.leaf:
                row = by_code.get(line.code)
                if row is None:
                    row = {"科目": line.code}
                    if line.name:
                        row["名称"] = line.name
                    rows.append(row)
                    by_code[line.code] = row
                    for k in spec.inputs:  # a stated row states every typed column
                        if line.values.get(k):
                            row[k] = dec_text(line.values[k])
                    changed = True
                    continue
                if key not in spec.inputs and row.get(key) is None:
                    row[key] = dec_text(value)
                    changed = True
                    continue
            elif key not in spec.inputs:
                row = by_code.get(line.code)
                if row is not None and row.get(key) is None:
                    row[key] = dec_text(value)
                    changed = True
                    continue
            mismatches.append((line.cells.get(key, ""), key, value, have))
    return changed


def reconcile_carry(data: dict, lines: list[Line], figures) -> bool:
    """表11: a 总计 row (or, with one unit, its unit row, which prints the same figures) that differs from the sum
    of the project rows becomes the stated 上年结转结余总计 (the published rounding).

    Returns True when something was stated (compute again); a unit row that still differs is reported by the cell
    comparison of the computed table.
    """
    t11 = getattr(figures, "t11", None)
    if t11 is None:
        return False
    units = [line for line in lines if line.kind == "unit"]
    one_unit = len(units) == 1 and sum(1 for r in t11.rows if r.kind == "unit") == 1
    given: dict[str, Decimal] = {}
    for line in [line for line in lines if line.kind == "total"] + (units if one_unit else []):
        for key, value in line.values.items():
            given.setdefault(key, value)  # the 总计 row first; the unit row only for columns it leaves blank
    changed = False
    for key, value in given.items():
        if value == t11.total.v(key):
            continue
        stated = data.get("上年结转结余总计")
        if not isinstance(stated, dict):
            stated = data["上年结转结余总计"] = {}
        if not _equal(stated.get(key), value):
            stated[key] = dec_text(value)
            changed = True
    return changed


def reconcile_projects(data: dict, lines: list[Line], figures, mismatches: list) -> bool:
    """表7: a 总计 row that differs from the sum of the project rows by a rounding difference (0.01 per non-blank
    project) becomes the stated 一般公共预算项目支出总计 (the published rounding, as for 表11); more is a typing
    mistake at its cell (*mismatches*). Returns True when something was stated (compute again); a unit, 类 or 款 row
    that differs is reported by the cell comparison of the computed table."""
    t7 = getattr(figures, "t7", None)
    if t7 is None:
        return False
    changed = False
    projects = [row for row in t7.rows if row.kind == "project"]
    for line in lines:
        if line.kind != "total":
            continue
        for key, value in line.values.items():
            have = t7.total.computed.get(key, ZERO)
            if value == t7.total.v(key):
                continue
            if abs(value - have) > Decimal("0.01") * max(1, sum(1 for p in projects if p.v(key))):
                mismatches.append((line.cells.get(key, ""), key, value, have))
                continue
            stated = data.get("一般公共预算项目支出总计")
            if not isinstance(stated, dict):
                stated = data["一般公共预算项目支出总计"] = {}
            if not _equal(stated.get(key), value):
                stated[key] = dec_text(value)
                changed = True
        break
    return changed
