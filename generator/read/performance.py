"""绩效 tables read back: 部门整体 / 项目支出绩效目标表 (预算) and 单位整体 / 项目支出绩效自评表 (决算, Xinjiang and
Shanxi layouts), as the templates print them (templates/base/budget/performance.html.j2, final/self_eval_*.j2).

They are forms: a label cell and its value to the right (项目名称 | …), a block of funds by source, and a list of
indicators under a header row (一级指标 二级指标 三级指标 …) whose 一级/二级 cells span the rows of their group.
A printed figure the generator computes (执行率, 得分, 总分) is kept as the 公布… field the model has for it, so that
``check`` compares it with the computed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .document import Cell, Table
from .outline import flat

_NUM = re.compile(r"^-?[\d,]+(\.\d+)?$")


@dataclass
class Form:
    """The tables of one 绩效 table (an info table and an indicator table, or both joined)."""

    tables: list[Table]

    def rows(self):
        """(table, row index, cells of the row in column order)."""
        for t in self.tables:
            for r, row in enumerate(t.rows):
                yield t, r, [c for c in row if c is not None]

    def find(self, *labels: str) -> tuple[Table, int, Cell] | None:
        want = {flat(x) for x in labels}
        for t, r, cells in self.rows():
            for c in cells:
                if flat(c.text) in want:
                    return t, r, c
        return None

    def right(self, *labels: str, k: int = 0) -> str:
        """The text of the *k*-th cell right of the label (in its row)."""
        hit = self.find(*labels)
        if hit is None:
            return ""
        t, r, cell = hit
        after = [c for c in t.rows[r] if c is not None and c.col > cell.col]
        return after[k].text if k < len(after) else ""

    def row_after(self, *labels: str) -> list[str]:
        """Texts of the cells right of the label, in order."""
        hit = self.find(*labels)
        if hit is None:
            return []
        t, r, cell = hit
        return [c.text for c in t.rows[r] if c is not None and c.col > cell.col]

    def indicators(self, columns: dict[str, str], stop: tuple[str, ...] = ("总分",)) -> list[dict]:
        """The rows under the header row holding 一级指标 (in this table and the ones continuing it on the next
        pages): {field: text} by the header texts in *columns*."""
        out: list[dict] = []
        groups: list[dict] = []  # per item: field -> (table, covering cell) of its 一级 / 二级
        where: dict[str, int] | None = None
        for t, rr, cells in self.rows():
            texts = [c.text for c in cells]
            heads = {flat(x): c.col for x, c in zip(texts, cells, strict=True)}
            if "一级指标" in heads and "三级指标" in heads:  # the header (again, on a continuation page)
                where = {field: heads[flat(h)] for h, field in columns.items() if flat(h) in heads}
                continue
            if where is None:
                continue
            if any(flat(x) in stop for x in texts):
                break
            item = {field: t.text_at(rr, col) for field, col in where.items()}
            if not any(v for k, v in item.items() if k not in ("一级", "二级")):
                continue  # the empty top of a row the page break moved to the next page
            own = _covering(t, rr, where["三级"]) if "三级" in where else None
            if own is not None and own.row < rr and groups and groups[-1].get("own") is own:
                continue  # a rule across one column only split the row in two: still the same indicator
            out.append(item)
            groups.append({k: (t, _covering(t, rr, where[k])) for k in ("一级", "二级") if k in where} | {"own": own})
        _split_groups(out, groups)
        return out

    @staticmethod
    def _continues(t: Table, r: int, where: dict) -> bool:
        """The row's group cells are the empty rest of cells a page break split (they start on a new page)."""
        for key in ("一级", "二级"):
            col = where.get(key)
            cell = _covering(t, r, col) if col is not None else None
            if cell is not None and not cell.text and cell.row > 0 and t.pages[cell.row] != t.pages[cell.row - 1]:
                return True
        return False

    def under(self, label: str) -> str:
        """The text of the cell below a header cell (年度总体目标: 预期目标 | 实际完成情况)."""
        hit = self.find(label)
        if hit is None:
            return ""
        t, r, cell = hit
        below = r + cell.rowspan
        if below >= len(t.rows):
            return ""
        return t.text_at(below, cell.col)


def _covering(t: Table, r: int, c: int) -> Cell | None:
    for rr in range(r, -1, -1):
        cell = t.rows[rr][c] if c < len(t.rows[rr]) else None
        if cell is not None:
            return cell if cell.row + cell.rowspan > r else None
    return None


def _split_groups(items: list[dict], groups: list[dict]) -> None:
    """A 一级/二级 cell that a page break cut in two prints its name in one part only (the other part is empty): the
    name goes to the rows of both parts."""
    for key in ("一级", "二级"):
        runs: list[list[int]] = []
        last = None
        for n, g in enumerate(groups):
            cell = g.get(key)
            ident = (id(cell[0]), id(cell[1])) if cell and cell[1] is not None else None
            if ident is not None and ident == last:
                runs[-1].append(n)
            else:
                runs.append([n])
            last = ident
        for a, b in zip(runs, runs[1:], strict=False):
            ta, ca = groups[a[-1]].get(key) or (None, None)
            tb, cb = groups[b[0]].get(key) or (None, None)
            if ta is None or tb is None or ca is None or cb is None or (ca.text and cb.text):
                continue
            end_a = ca.row + ca.rowspan - 1
            cut = ta is not tb or ta.pages[end_a] != ta.pages[cb.row]
            if cut:
                text = ca.text or cb.text
                for n in a + b:
                    if not items[n].get(key):
                        items[n][key] = text


def money(text: str) -> str | None:
    t = flat(text).replace("，", ",")
    return t.replace(",", "") if _NUM.match(t) else None


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "")}


def xinjiang_project(form: Form) -> dict:
    funds = {}
    for label, key in (("其中：当年财政拨款", "当年财政拨款"), ("其他资金", "其他资金")):
        values = form.row_after(label)
        funds[key] = _clean({"年初预算": money(values[0]), "全年预算": money(values[1]), "全年执行": money(values[2])})
        funds[key].setdefault("全年预算", "0")
        funds[key].setdefault("全年执行", "0")
    total = form.row_after("年度资金总额")
    p: dict = {
        "项目名称": form.right("项目名称"),
        "主管部门": form.right("主管部门"),
        "实施单位": form.right("实施单位"),
        "资金": funds,
    }
    if len(total) >= 6:
        p["公布执行率"] = total[4]
        if money(total[5]) is not None:
            p["公布资金得分"] = money(total[5])
    p["预期目标"] = form.under("预期目标")
    p["实际完成情况"] = form.under("实际完成情况")
    columns = {
        "一级指标": "一级", "二级指标": "二级", "三级指标": "三级", "权重": "权重", "目标值": "目标值",
        "业绩值": "业绩值", "完成率": "公布完成率", "指标得分": "公布得分", "指标值设定依据": "设定依据",
        "上年完成情况": "上年完成情况", "赋分规则": "赋分规则", "佐证资料": "佐证资料",
        "偏差原因分析及改进措施": "偏差原因",
    }  # fmt: skip
    p["指标"] = [_indicator(i, ("权重", "公布得分")) for i in form.indicators(columns)]
    score = form.right("总分", k=2)
    if score:
        p["公布总分"] = score
    return _clean(p)


def _indicator(item: dict, numbers: tuple[str, ...]) -> dict:
    out = dict(item)
    for key in numbers:
        if key in out:
            value = money(out[key])
            if value is None:
                out.pop(key)
            else:
                out[key] = value
    return _clean(out) | {k: out[k] for k in ("一级", "二级", "三级") if k in out}


def unit_self_eval(form: Form) -> dict:
    funds = []
    hit = form.find("资金来源")
    if hit is not None:
        t, r, _cell = hit
        for rr in range(r + 1, len(t.rows)):
            cells = [c for c in t.rows[rr] if c is not None]
            label = flat(cells[0].text) if cells else ""
            if not cells or label in ("合计", "年度总体目标"):
                break
            values = [c.text for c in cells[1:]]
            row = {"来源": cells[0].text, "年初预算": money(values[0]) if values else None,
                   "全年预算": money(values[1]) or "0", "全年执行": money(values[2]) or "0"}  # fmt: skip
            funds.append(_clean(row))
    u: dict = {"单位名称": form.right("单位名称"), "资金": funds}
    rate = form.right("资金来源", k=5)
    u["公布执行率"] = form.under("执行率") if not rate else form.under("执行率")
    u["预期目标"] = form.under("预期目标")
    u["实际完成情况"] = form.under("实际完成情况")
    columns = {
        "一级指标": "一级", "二级指标": "二级", "三级指标": "三级", "预期指标值": "预期指标值",
        "指标值设定依据": "设定依据", "分值权重": "分值", "实际完成指标值": "实际完成值", "得分": "公布得分",
    }  # fmt: skip
    u["指标"] = [_indicator(i, ("分值", "公布得分")) for i in form.indicators(columns)]
    return _clean(u)


def shanxi_project(form: Form, title: str) -> dict:
    p: dict = {
        "项目名称": form.right("项目名称"),
        "主管部门": form.right("主管部门及代码"),
        "预算单位": form.right("预算单位"),
    }
    funds = []
    hit = form.find("资金总额")
    if hit is not None:
        t, r, cell = hit
        total = [c.text for c in t.rows[r] if c is not None and c.col > cell.col]
        p["公布资金总额"] = [money(x) for x in total[:5] if money(x) is not None]
        for rr in range(r + 1, len(t.rows)):
            cells = [c for c in t.rows[rr] if c is not None]
            if not cells or flat(cells[0].text) in ("项目年度目标",):
                break
            v = [c.text for c in cells[1:]] + [""] * 9
            row = {"来源": cells[0].text, "目标申报数": money(v[0]), "预算编制数": money(v[1]),
                   "全年预算": money(v[2]) or "0", "全年执行": money(v[3]) or "0", "公布结余": money(v[4]),
                   "公布执行率": v[5], "公布得分": money(v[6]), "偏差原因": v[7]}  # fmt: skip
            funds.append(_clean(row))
    p["资金"] = funds
    p["年度目标"] = form.under("年度目标")
    p["实际完成情况"] = form.under("实际完成情况")
    columns = {
        "一级指标": "一级", "二级指标": "二级", "三级指标": "三级", "年初指标值": "年初指标值",
        "调整后指标值": "调整后指标值", "实际完成值": "实际完成值", "定性值情况说明": "定性值情况说明",
        "分值": "分值", "得分": "得分", "偏差原因分析及改进措施": "偏差原因",
    }  # fmt: skip
    indicators = []
    for i in form.indicators(columns):
        item = _indicator(i, ("分值", "得分"))
        if "得分" not in item:
            item["得分"], item["得分空白"] = "0", True
        indicators.append(item)
    p["指标"] = indicators
    total = form.row_after("总分")
    if len(total) >= 2 and money(total[1]) is not None:
        p["公布总分"] = money(total[1])
    if len(total) >= 3:
        p["公布等级"] = total[2]
    analysis = {}
    for label, key in (
        ("项目实施和预算执行情况", "项目实施和预算执行情况"),
        ("产出情况及分析", "产出情况及分析"),
        ("效益情况及分析", "效益情况及分析"),
        ("满意度情况及分析", "满意度情况及分析"),
        ("主要经验做法", "主要经验做法"),
        ("项目管理中存在的主要问题及原因分析", "存在问题及原因"),
        ("下一步改进措施及管理建议", "改进措施及建议"),
    ):
        text = form.right(label)
        if text:
            analysis[key] = text
    p["绩效分析"] = analysis
    return _clean(p)


def dept_target(form: Form) -> dict:
    d: dict = {
        "部门名称": form.right("部门名称（盖章）", "部门名称"),
        "联系人": form.right("部门联系人"),
        "联系电话": form.right("联系电话"),
        "年度绩效目标": form.right("年度绩效目标"),
        "资金": _clean({k: money(form.right(k)) for k in ("上级安排", "本级安排", "其他")}),
    }
    columns = {"一级指标": "一级", "二级指标": "二级", "三级指标": "三级", "指标值": "指标值", "指标设定依据": "依据",
               "分值权重": "权重"}  # fmt: skip
    d["指标"] = [_indicator(i, ("权重",)) for i in form.indicators(columns)]
    return _clean(d)


def project_target(form: Form) -> dict:
    p: dict = {
        "预算单位": form.right("预算单位"),
        "项目名称": form.right("项目名称"),
        "项目负责人": form.right("项目负责人"),
        "财政拨款": money(form.right("其中：财政拨款")),
        "其他资金": money(form.right("其他资金")),
        "总体目标": form.right("项目总体目标"),
    }
    columns = {"一级指标": "一级", "二级指标": "二级", "三级指标": "三级", "指标值": "指标值",
               "指标值设置依据": "设置依据", "上年完成值": "上年完成值", "指标分值权重": "权重",
               "指标赋分规则": "赋分规则", "佐证资料": "佐证资料"}  # fmt: skip
    p["指标"] = [_indicator(i, ("权重",)) for i in form.indicators(columns)]
    return _clean(p)


def kind_of(caption: str, form: Form) -> str | None:
    """Which 绩效 table a block is, from its title and its labels."""
    t = flat(caption)
    if "绩效自评表" in t:
        if "整体" in t:
            return "unit"
        return "shanxi" if form.find("主管部门及代码") else "xinjiang"
    if "绩效目标表" in t:
        return "dept" if ("整体" in t or form.find("部门联系人")) else "project"
    return None


def numeric_total(values: list[str]) -> Decimal:
    return sum((Decimal(v) for v in values if v), Decimal("0"))


KEYS = {  # kind -> (input key, a list of tables or one)
    "unit": ("单位整体支出绩效自评表", False),
    "xinjiang": ("项目支出绩效自评表", True),
    "shanxi": ("项目支出绩效自评表", True),
    "dept": ("部门整体绩效目标表", False),
    "project": ("项目支出绩效目标表", True),
}
READERS = {"xinjiang": xinjiang_project, "unit": unit_self_eval, "dept": dept_target, "project": project_target}


def blocks(items: list, skip: set[int]) -> list[tuple[str, Form, Table]]:
    """(kind, form, first table) of every 绩效 table: a table titled …绩效自评表 / …绩效目标表 and the tables that
    follow it without a title or text between them (its indicator table, its continuation)."""
    out: list[tuple[str, Form, Table]] = []
    current: list[Table] = []
    title = ""

    def flush() -> None:
        if current:
            form = Form(list(current))
            kind = kind_of(title, form)
            if kind is not None:
                out.append((kind, form, current[0]))

    for it in items:
        if not isinstance(it, Table) or it.number in skip:
            flush()
            current, title = [], ""
            continue
        caption = " ".join(it.caption)
        if "绩效" in caption or not current:
            flush()
            current, title = [it], caption
        else:
            current.append(it)
    flush()
    return out


def read_performance(items: list, skip: set[int], kind: str) -> tuple[dict, list[Table], dict[tuple, str]]:
    """{input key: table(s)} of the 绩效 tables among *items* (tables in *skip* are 公开表), the tables used and
    where each was printed ({(key,) or (key, index): its first row})."""
    data: dict = {}
    used: list[Table] = []
    where: dict[tuple, str] = {}
    for k, form, first in blocks(items, skip):
        if (kind == "决算") != (k in ("unit", "xinjiang", "shanxi")):
            continue
        key, many = KEYS[k]
        if k == "shanxi":
            value = shanxi_project(form, " ".join(first.caption))
        else:
            value = READERS[k](form)
        if many:
            data.setdefault(key, []).append(value)
            where[(key, len(data[key]) - 1)] = form.tables[0].where(0)
        else:
            data[key] = value
            where[(key,)] = form.tables[0].where(0)
        used += form.tables
    return data, used, where
