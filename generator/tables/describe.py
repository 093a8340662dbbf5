"""What a 公开表 is, said once: its input, its columns (typed, derived, printed with their header) and its layout.

A description is data (``templates/base/tables/预算.yml`` / ``决算.yml``; a region or overlay adds or overrides
tables by id in its own ``tables/`` file). The input model, the computation, the sum and code rules, the workbook
sheets, rollover and the skeleton all read it, so a new table is its description and its title phrase.

Compact forms, as a clerk would write them:

* ``表头`` maps each printed column to its header path, top to bottom, ``/`` between levels; ``编码`` is the code
  columns (one per level: 类 款 项) and ``名称`` the name column. A label repeated on consecutive levels spans
  those rows (``本年支出/本年支出/小计``); a path shorter than the deepest one spans down to the last header row.
* ``计算`` maps a derived column to a sum of other columns (``基本支出 + 项目支出``); a derived column may also be
  stated on a 类/款 row or in ``总计`` (as published) and is then compared with the sum.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .header import CODE_COLUMNS, HeaderCell, column_paths, header_rows

# How a table is built. 科目表 tables are generic (model, compute, template from the description alone); the
# other forms have a computation and a body template of their own and take their header from the description.
FORMS = {
    "科目表": "类/款/项 rows, leaf rows typed, subtotals and 总计 computed",
    "项目表": "表7: project rows grouped by unit and 功能分类 类/款",
    "结转表": "表11: 上年结转结余 project rows grouped by unit",
    "三公表": "表10: 三公经费 by source of funds",
    "收支总表": "表1: 收入 lines beside the 支出 of every 类",
    "财政拨款收支总表": "表4: 财政拨款收入 beside its 支出 per 类 and fund",
    "决算收支总表": "决算表1: assembled from 表2/表3 and 收入支出决算总体",
    "决算财政拨款收支总表": "决算表4: assembled from 表5/表7/表8 and 财政拨款收支",
    "基本支出双栏表": "决算表6: 人员经费 beside 公用经费, 经济分类 类/款",
    "三公决算表": "决算表9: 预算数 and 决算数 of the 三公经费",
}
# forms whose figures are assembled from other tables and the narrative (nothing of their own is typed)
DERIVED_FORMS = {"财政拨款收支总表", "决算收支总表", "决算财政拨款收支总表", "三公决算表"}
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
_SUM = re.compile(r"\s*\+\s*")


def _yes_no(value):
    """是/否 as every setting writes a switch (true/false accepted too)."""
    if isinstance(value, str) and value.strip() in ("是", "否"):
        return value.strip() == "是"
    return value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Empty(Strict):
    """How an empty table prints: its statement (a phrase) as a row across the table or as a note under it, after an
    empty 合计 row and some blank rows when the layout keeps the table's form (Shanghai 表8/表9)."""

    措辞: str = ""  # phrase name; "" → the table prints its (zero) rows
    参数: dict[str, str] = {}  # extra placeholders of the phrase (e.g. 基金: 政府性基金预算)
    位置: Literal["表内", "表下"] = "表内"  # the statement as the table's row, or as a note under it
    合计行: YesNo = False  # print the 合计 row (its cells blank) before the blank rows
    空行: int = Field(default=0, ge=0, le=50)  # blank rows kept in the empty table


class TableDef(Strict):
    """One 公开表 of a report kind."""

    id: str
    形式: Literal[tuple(FORMS)]  # type: ignore[valid-type]
    输入: str = ""  # YAML path of its data in the input, "." between levels ("决算表.收入决算表")
    数据: str = ""  # attribute path of its figures ("t3", "tables.t2"); default: the id
    科目: Literal["功能分类", "经济分类", ""] = ""
    输入列: list[str] = []  # typed columns of a row
    计算: dict[str, str] = {}  # derived column → "a + b + …"
    表头: dict[str, str] = {}  # printed column → header path "组/列"
    合计行: str = "总计"  # label of the total row
    列号行: YesNo = True  # the ※/1/2/3 row under the header
    横向: YesNo = False  # printed on a landscape page
    编制行跨列: int = 2  # columns of the 金额单位 cell in the 编制单位 line
    空表: Empty = Empty()
    # printed-column variants chosen by a setting: {setting: {value: {表头: …}}}
    变体: dict[str, dict[str, dict[str, dict[str, str]]]] = {}
    编码列: Literal["分列", "一列"] = "分列"  # codes in one column per level (类 款 项) or in one column
    列名: dict[str, str] = {}  # header labels renamed in this table only ({功能分类科目名称: 科目名称})
    表注: list[str] = []  # phrases printed as notes under this table ("\n" in a phrase starts another note)
    # rows: the 类 list of 表1/表4 (codes, or {year: codes}; default: the catalogue's list of the year), the rows a
    # form table always prints (表6: the 经济分类 款 of the official form, zero ones included)
    类目录: list[str] | dict[str, list[str]] = []
    行目录: list[str] = []
    零值: Literal["空", "0.00"] = "空"  # a zero cell: blank, or 0.00 (Shanghai 表6)
    栏数: int = Field(default=2, ge=1, le=2)  # 表6: 人员经费 beside 公用经费 (2) or one list (1)
    工作表: str = ""  # workbook sheet kind for import (default from the form)
    说明: str = ""  # one line for docs and the skeleton

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.fullmatch(v):
            raise ValueError(f"表的编号“{v}”应为字母开头的字母、数字（如 t12）")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> TableDef:
        known = set(self.输入列) | set(self.计算) | {"编码", "名称"}
        for name, formula in self.计算.items():
            for part in self.addends(name):
                if part not in known or part == name:
                    raise ValueError(f"计算“{name}: {formula}”中的“{part}”不是本表的列")
        if self.形式 == "科目表":
            missing = [k for k in self.表头 if k not in known]
            if missing:
                raise ValueError(f"表头中的“{'、'.join(missing)}”既不是输入列也不是计算列")
            if not self.科目 or not self.输入:
                raise ValueError("科目表应给出“科目”（功能分类或经济分类）和“输入”")
        return self

    # ---- derived facts ----
    @property
    def figure(self) -> str:
        return self.数据 or self.id

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.输入.split(".")) if self.输入 else ()

    @property
    def levels(self) -> tuple[int, ...]:
        """Code lengths of the levels (类 3, 款 5, 项 7)."""
        return (3, 5, 7)[: len(CODE_COLUMNS.get(self.科目, ()))]

    @property
    def leaf(self) -> int:
        return self.levels[-1] if self.levels else 0

    @property
    def derived(self) -> list[str]:
        return list(self.计算)

    def addends(self, column: str) -> list[str]:
        return [p for p in _SUM.split(self.计算[column].strip()) if p]

    def derive(self, values: dict) -> dict:
        """The derived columns of one row, from its typed values (a derived column may use an earlier one)."""
        out: dict = {}
        for name in self._order():
            out[name] = sum((values[p] if p in values else out[p] for p in self.addends(name)), Decimal(0))
        return out

    def _order(self) -> list[str]:
        """Derived columns in an order where every column comes after the columns it sums."""
        done: list[str] = []
        pending = list(self.计算)
        while pending:
            ready = [c for c in pending if all(p not in self.计算 or p in done for p in self.addends(c))]
            if not ready:
                raise ValueError(f"表{self.id}的计算列相互引用：{'、'.join(pending)}")
            done += ready
            pending = [c for c in pending if c not in ready]
        return done

    def header(self, settings: dict | None = None, no: object = "") -> dict[str, str]:
        """The printed columns and their header paths, as the settings choose among the variants (a setting may be
        given by table: ``{表8: 基本项目, 默认: 人员公用}``, keyed by the printed number *no*)."""
        for setting, options in self.变体.items():
            chosen = table_setting((settings or {}).get(setting), f"表{no}")
            if chosen in options and "表头" in options[chosen]:
                return options[chosen]["表头"]
        return self.表头

    def value_columns(self, settings: dict | None = None, no: object = "") -> list[str]:
        """Printed amount columns in order (the code, name and text columns left out)."""
        return [k for k in self.header(settings, no) if k in set(self.输入列) | set(self.计算)]

    def head(self, settings: dict | None = None, no: object = "") -> list[list[HeaderCell]]:
        """The header rows as printed (merged cells placed), labels renamed by 列名."""
        rows = header_rows(self.header(settings, no), self.code_kind)
        if not self.列名:
            return rows
        return [[HeaderCell(self.列名.get(c.text, c.text), c.colspan, c.rowspan) for c in row] for row in rows]

    def width(self, settings: dict | None = None, no: object = "") -> int:
        """Number of printed columns."""
        return len(column_paths(self.header(settings, no), self.code_kind))

    @property
    def code_kind(self) -> str:
        """What the 编码 column splits into: the levels of 科目, or nothing (one code column)."""
        return "" if self.编码列 == "一列" else self.科目

    @property
    def code_columns(self) -> int:
        """Printed code columns of a 科目表 (类 款 项 → 3, one column → 1)."""
        return 1 if self.编码列 == "一列" else len(self.levels)

    def class_codes(self, year: int) -> list[str] | None:
        """The 类 printed in 表1/表4 for *year* (None: the catalogue's list)."""
        chosen = self.类目录
        if isinstance(chosen, dict):
            years = [y for y in sorted(chosen, key=int) if int(y) <= year] or sorted(chosen, key=int)[:1]
            chosen = chosen[years[-1]] if years else []
        return [str(c) for c in chosen] or None


def table_setting(value, table_id: str):
    """A setting given once for every table or as a mapping by table (``{t8: 基本项目, 默认: 人员公用}``)."""
    if isinstance(value, dict):
        return value.get(table_id, value.get("默认"))
    return value


class Registry(Strict):
    """The tables of one report kind, in their default order."""

    kind: str
    tables: list[TableDef] = Field(default_factory=list)

    def get(self, table_id: str) -> TableDef | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def table(self, table_id: str) -> TableDef:
        """The description of a table the code relies on (a built-in id)."""
        found = self.get(table_id)
        if found is None:
            raise KeyError(f"表{table_id}没有描述")
        return found

    def __iter__(self):
        return iter(self.tables)

    def of_form(self, *forms: str) -> list[TableDef]:
        return [t for t in self.tables if t.形式 in forms]


def figure_of(figures, path: str):
    """The computed figures of a described table (``t3``, ``tables.t2``); None when the report has none. A table a
    region adds has no attribute of its own: it is found among the 科目表 by name (``subject``)."""
    node = figures
    for part in path.split("."):
        found = getattr(node, part, None)
        if found is None:
            found = (getattr(node, "subject", None) or {}).get(part)
        if found is None:
            return None
        node = found
    return node
