"""What each 公开表 of the workbook holds: where its figures go in the input and its value columns in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import final_tables as FT
from ..model.budget import CARRY_COLUMNS, INCOME_COLUMNS, PROJECT_COLUMNS

TOTAL_LABELS = ("总计", "合计")


SUBTOTAL_LABELS = ("小计",)


@dataclass
class Spec:
    kind: str  # hier | projects | carry | sangong | panel | econ_panels | derived
    target: tuple = ()  # YAML path of the table in the input
    keys: list = field(default_factory=list)  # value columns in printed order
    inputs: list = field(default_factory=list)  # the typed columns (others are derived)
    leaf: int = 7
    figure: str = ""  # attribute of the computed figures


BUDGET = {
    "t1": Spec("panel", ("收支总表",), ["金额"], figure="t1"),
    "t2": Spec("hier", ("收入总表",), ["总计", "财政拨款小计"] + INCOME_COLUMNS, INCOME_COLUMNS, figure="t2"),
    "t3": Spec("hier", ("支出总表",), ["合计", "基本支出", "项目支出"], ["基本支出", "项目支出"], figure="t3"),
    "t4": Spec("derived", figure="t4"),
    "t5": Spec("hier", ("一般公共预算支出",), ["合计", "基本支出", "项目支出"], ["基本支出", "项目支出"], figure="t5"),
    "t6": Spec("hier", ("基本支出",), ["合计", "人员经费", "公用经费"], ["人员经费", "公用经费"], 5, "t6"),
    "t7": Spec("projects", ("一般公共预算项目支出",), ["合计"] + PROJECT_COLUMNS, PROJECT_COLUMNS, figure="t7"),
    "t8": Spec(
        "hier",
        ("政府性基金支出",),
        ["合计", "人员经费", "公用经费", "项目支出"],
        ["人员经费", "公用经费", "项目支出"],
        figure="t8",
    ),
    "t9": Spec(
        "hier",
        ("国有资本经营支出",),
        ["合计", "人员经费", "公用经费", "项目支出"],
        ["人员经费", "公用经费", "项目支出"],
        figure="t9",
    ),
    "t10": Spec(
        "sangong",
        ("三公经费",),
        ["合计", "一般公共预算", "政府性基金", "国有资本经营预算"],
        ["一般公共预算", "政府性基金", "国有资本经营预算"],
        figure="t10",
    ),
    "t11": Spec(
        "carry",
        ("上年结转结余",),
        list(CARRY_COLUMNS),
        figure="t11",
    ),
}


FUND_KEYS = ["年初结转和结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和结余"]


FINAL = {
    "ft1": Spec("derived"),
    "ft4": Spec("derived"),
    "ft9": Spec("derived"),
    "ft2": Spec("hier", ("决算表", "收入决算表"), ["合计"] + FT.INCOME_COLUMNS, FT.INCOME_COLUMNS, figure="t2"),
    "ft3": Spec("hier", ("决算表", "支出决算表"), ["合计"] + FT.EXPENSE_COLUMNS, FT.EXPENSE_COLUMNS, figure="t3"),
    "ft5": Spec(
        "hier",
        ("决算表", "一般公共预算财政拨款支出决算表"),
        ["合计"] + FT.GENERAL_COLUMNS,
        FT.GENERAL_COLUMNS,
        figure="t5",
    ),
    "ft6": Spec("econ_panels", ("决算表", "基本支出决算表"), ["决算数"], ["决算数"], 5, "t6"),
    "ft7": Spec("hier", ("决算表", "政府性基金决算表"), FUND_KEYS, FT.FUND_COLUMNS, figure="t7"),
    "ft8": Spec("hier", ("决算表", "国有资本经营决算表"), FUND_KEYS, FT.FUND_COLUMNS, figure="t8"),
}


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
