"""What each 公开表 of the workbook holds: where its figures go in the input and its value columns in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..tables import Registry, TableDef, builtin

TOTAL_LABELS = ("总计", "合计")


SUBTOTAL_LABELS = ("小计",)


@dataclass
class Spec:
    kind: str  # hier | projects | carry | sangong | panel | econ_panels | derived | extra
    target: tuple = ()  # YAML path of the table in the input
    keys: list = field(default_factory=list)  # value columns in printed order
    inputs: list = field(default_factory=list)  # the typed columns (others are derived)
    leaf: int = 7
    figure: str = ""  # attribute path of the computed figures ("t3", "tables.t2")


# how each form of table (generator/tables) is read from a sheet
SHEET_KINDS = {
    "科目表": "hier",
    "项目表": "projects",
    "结转表": "carry",
    "三公表": "sangong",
    "收支总表": "panel",
    "基本支出双栏表": "econ_panels",
}


def spec_of(d: TableDef) -> Spec:
    """The workbook reading of a described table."""
    kind = d.工作表 or SHEET_KINDS.get(d.形式, "derived")
    if kind == "derived":
        return Spec("derived", figure=d.figure)
    keys = ["金额"] if kind == "panel" else (["决算数"] if kind == "econ_panels" else d.value_columns())
    return Spec(kind, d.path, keys, list(d.输入列), d.leaf or 7, d.figure)


def specs(registry: Registry) -> dict[str, Spec]:
    """Every table of *registry* by id (the id of its block in the document)."""
    return {d.id: spec_of(d) for d in registry}


BUDGET = specs(builtin("预算"))
FINAL = specs(builtin("决算"))


# 表1 收入 lines → 收支总表 keys, by label (the 上年结转 part after its heading)
T1_THIS_YEAR = {
    "一般财力": "一般财力",
    "上级一般公共预算安排转移支付": "上级一般公共预算转移支付",
    "政府性基金收入": "政府性基金收入",
    "上级政府性基金安排转移支付": "上级政府性基金转移支付",
    "国有资本经营收入": "国有资本经营收入",
    "上级国有资本经营预算安排转移支付": "上级国有资本经营转移支付",
    "财政专户核拨": "财政专户核拨",
    "事业收入": "事业收入",
    "上级补助收入": "上级补助收入",
    "附属单位上缴收入": "附属单位上缴收入",
    "事业单位经营收入": "事业单位经营收入",
    "其他收入": "其他收入",
}


T1_CARRY = {
    "一般公共预算拨款": "结转_一般公共预算",
    "政府性基金预算拨款": "结转_政府性基金",
    "基金预算拨款": "结转_政府性基金",
    "国有资本经营预算拨款": "结转_国有资本经营",
    "财政专户核拨": "结转_财政专户",
    "单位资金": "结转_单位资金",
}


SANGONG_ROWS = {
    "因公出国（境）费": "因公出国境费",
    "因公出国(境)费": "因公出国境费",
    "因公出国境费": "因公出国境费",
    "公务接待费": "公务接待费",
    "公务用车购置费": "公务用车购置费",
    "公务用车运行费": "公务用车运行费",
}
