"""Input model of a 部门/单位预算 report. Field names are the YAML keys (see docs/input-format.md)."""

from __future__ import annotations

from typing import Literal, Optional, TypeAlias

from pydantic import create_model, field_validator

from ..tables import builtin
from .common import (
    YEARS,
    ZERO,
    Amount,
    Code,
    CodeNames,
    Count,
    Model,
    RequiredText,
    SignedCount,
    Text,
    UnitName,
    described_table,
)
from .extra import ExtraTable
from .performance import DeptTarget, ProjectTarget

# Column keys of the tables, from their descriptions (templates/base/tables/预算.yml): the one place they are written.
_T = builtin("预算")
INCOME_COLUMNS = list(_T.table("t2").输入列)
PROJECT_COLUMNS = list(_T.table("t7").输入列)
CARRY_COLUMNS = _T.table("t11").value_columns()  # 表11: 总计, then 财政/非财政 each 合计 and parts
SANGONG_SOURCES = ["一般公共预算", "政府性基金", "国有资本经营预算"]
SANGONG_ITEMS = ["因公出国境费", "公务接待费", "公务用车购置费", "公务用车运行费"]


class Meta(Model):
    类型: Literal["预算", "决算"]
    级次: Literal["部门", "单位"] = "部门"
    地区: Text = "xinjiang"
    年度: Count
    单位名称: UnitName
    落款日期: Text = ""
    # per-report overrides of region settings (see templates/base/region.yml); 措辞: {phrase: text}; 名词解释: [...]
    版式: dict[Text, Text | list | dict] = {}

    @field_validator("年度")
    @classmethod
    def _year(cls, v: int) -> int:
        if not YEARS[0] <= v <= YEARS[1]:
            raise ValueError(f"年度应为 {YEARS[0]}–{YEARS[1]} 之间的四位年份")
        return v


class Org(Model):
    内设机构: list[Text] = []
    内设机构数: Optional[Count] = None  # stated count, when the published text gives one that differs from the list
    下属单位: list[Text] = []
    行政单位数: Count = 0
    事业单位数: Count = 0


class Staff(Model):
    编制数: Count = 0
    在职: Count = 0
    在职变动: SignedCount = 0
    退休: Count = 0
    退休变动: SignedCount = 0
    离休: Count = 0
    离休变动: SignedCount = 0


class Overview(Model):
    主要职能引言: Text = ""
    主要职能: RequiredText
    机构设置: Org = Org()
    人员: Staff = Staff()


class IncomePanel(Model):
    """表1 收入 side."""

    一般财力: Amount = ZERO
    上级一般公共预算转移支付: Amount = ZERO
    政府性基金收入: Amount = ZERO
    上级政府性基金转移支付: Amount = ZERO
    国有资本经营收入: Amount = ZERO
    上级国有资本经营转移支付: Amount = ZERO
    财政专户核拨: Amount = ZERO
    事业收入: Amount = ZERO
    上级补助收入: Amount = ZERO
    附属单位上缴收入: Amount = ZERO
    事业单位经营收入: Amount = ZERO
    其他收入: Amount = ZERO
    结转_一般公共预算: Amount = ZERO
    结转_政府性基金: Amount = ZERO
    结转_国有资本经营: Amount = ZERO
    结转_财政专户: Amount = ZERO
    结转_单位资金: Amount = ZERO
    总计: Optional[Amount] = None


# Tables built at run time from their descriptions. `TypeAlias` lets mypy take them as Any in annotations.
IncomeTable: TypeAlias = described_table(_T.table("t2"), "IncomeTable")
SplitTable: TypeAlias = described_table(_T.table("t3"), "SplitTable")
GeneralTable: TypeAlias = described_table(_T.table("t5"), "GeneralTable")
EconTable: TypeAlias = described_table(_T.table("t6"), "EconTable")
FundTable: TypeAlias = described_table(_T.table("t8"), "FundTable")
SoeTable: TypeAlias = described_table(_T.table("t9"), "SoeTable")


class ProjectNote(Model):
    """第三部分 七 block of one project."""

    序号: Optional[Count] = None
    项目名称: Text = ""
    政策依据: Text = ""
    承担单位: Text = ""
    资金分配: Text = ""
    执行时间: Text = ""


_ProjectBase = create_model("_ProjectBase", __base__=Model, **{c: (Amount, ZERO) for c in PROJECT_COLUMNS})


class Project(_ProjectBase):
    """One 表7 project row."""

    单位: Text = ""
    科目: Code
    名称: Optional[Text] = None
    项目名称: RequiredText
    合计: Optional[Amount] = None  # stated 项目支出合计, only to reproduce a published rounding difference
    说明: Optional[ProjectNote] = None


ProjectTotal = create_model(
    "ProjectTotal",
    __base__=Model,
    __doc__="表7 总计 as published (stated totals), when it differs from the sum of the rounded project rows.",
    **{c: (Optional[Amount], None) for c in ["合计"] + PROJECT_COLUMNS},
)


class SanGongItem(Model):
    一般公共预算: Amount = ZERO
    政府性基金: Amount = ZERO
    国有资本经营预算: Amount = ZERO
    上年: Optional[Amount] = None
    原因: Text = ""


class SanGong(Model):
    因公出国境费: SanGongItem = SanGongItem()
    公务接待费: SanGongItem = SanGongItem()
    公务用车购置费: SanGongItem = SanGongItem()
    公务用车运行费: SanGongItem = SanGongItem()


class CarryParts(Model):
    人员经费: Amount = ZERO
    公用经费: Amount = ZERO
    项目支出: Amount = ZERO


class CarryNote(Model):
    序号: Optional[Count] = None
    项目名称: Text = ""
    用途: Text = ""


class CarryItem(Model):
    """One 表11 project row (+ its 第三部分 十一 item)."""

    单位: Text = ""
    项目名称: RequiredText
    财政拨款: CarryParts = CarryParts()
    非财政拨款: CarryParts = CarryParts()
    说明: Optional[CarryNote] = None


class CarryTotal(Model):
    """表11 总计 as published (stated totals), when it differs from the sum of the rounded rows."""

    总计: Optional[Amount] = None
    财政合计: Optional[Amount] = None
    财政人员经费: Optional[Amount] = None
    财政公用经费: Optional[Amount] = None
    财政项目支出: Optional[Amount] = None
    非财政合计: Optional[Amount] = None
    非财政人员经费: Optional[Amount] = None
    非财政公用经费: Optional[Amount] = None
    非财政项目支出: Optional[Amount] = None


class Change(Model):
    """A prior-year amount and the reason for the change; 上年 left empty is not filled in (a first report)."""

    上年: Optional[Amount] = None
    原因: Text = ""


class IncomeNotes(Model):
    一般公共预算: Optional[Change] = None
    上级一般公共预算转移支付: Optional[Change] = None
    政府性基金预算: Optional[Change] = None
    上级政府性基金转移支付: Optional[Change] = None
    国有资本经营预算: Optional[Change] = None
    上级国有资本经营转移支付: Optional[Change] = None
    单位资金: Optional[Change] = None
    财政拨款结转: Optional[Change] = None
    非财政拨款结转结余: Optional[Change] = None


class SplitNotes(Model):
    基本支出: Optional[Change] = None
    项目支出: Optional[Change] = None


class ItemChange(Change):
    名称: Optional[Text] = None  # the 项 name, printed when the code is not in the catalogue


class GeneralNotes(SplitNotes):
    项: dict[Code, ItemChange] = {}


class Procurement(Model):
    货物: Amount = ZERO
    工程: Amount = ZERO
    服务: Amount = ZERO
    中小企业: Amount = ZERO
    小微企业: Amount = ZERO


class Vehicles(Model):
    数量: Count = 0
    价值: Amount = ZERO


class Assets(Model):
    截至: Text = ""
    房屋面积: Amount = ZERO
    房屋价值: Amount = ZERO
    一般公务用车: Vehicles = Vehicles()
    执法执勤用车: Vehicles = Vehicles()
    其他车辆: Vehicles = Vehicles()
    办公家具价值: Amount = ZERO
    其他资产价值: Amount = ZERO
    大型设备50万元以上: Count = 0
    大型设备100万元以上: Count = 0
    本年购置车辆: Count = 0
    本年购置大型设备50万元以上: Count = 0
    本年购置大型设备100万元以上: Count = 0


class PerformanceNotes(Model):
    未公开项目数: Count = 0
    未公开项目金额: Amount = ZERO
    # the figure a published report printed, kept only to compare it with the computed one (never printed)
    公布非财政拨款项目金额: Optional[Amount] = None


class Waiver(Model):
    """An acknowledged finding: the rule id, where, and why the published figure stands."""

    规则: Text
    位置: Text = ""
    原因: Text


class BudgetReport(Model):
    报告: Meta
    概况: Overview
    收支总表: IncomePanel = IncomePanel()
    收入总表: IncomeTable = IncomeTable()
    支出总表: SplitTable = SplitTable()
    一般公共预算支出: GeneralTable = GeneralTable()
    基本支出: EconTable = EconTable()
    一般公共预算项目支出: list[Project] = []
    一般公共预算项目支出总计: Optional[ProjectTotal] = None  # 表7 总计 as published (stated), see docs/input-format.md
    政府性基金支出: FundTable = FundTable()  # [] in the input (no such fund) is read as an empty table
    国有资本经营支出: SoeTable = SoeTable()
    三公经费: SanGong = SanGong()
    上年结转结余: list[CarryItem] = []
    上年结转结余总计: Optional[CarryTotal] = None  # 表11 总计 as published (stated), see docs/input-format.md
    收入预算说明: IncomeNotes = IncomeNotes()
    支出预算说明: SplitNotes = SplitNotes()
    财政拨款支出用途: dict[Code, Text] = {}
    一般公共预算拨款说明: GeneralNotes = GeneralNotes()
    机关运行经费: Optional[Change] = None
    政府采购: Procurement = Procurement()
    国有资产: Assets = Assets()
    预算绩效: PerformanceNotes = PerformanceNotes()
    其他需说明事项: list[Text] = []
    名词解释: Optional[list[dict[Text, Text]]] = None
    部门整体绩效目标表: Optional[DeptTarget] = None
    项目支出绩效目标表: list[ProjectTarget] = []
    附加表: list[ExtraTable] = []  # tables a region or county adds (see docs/customizing.md)
    科目名称: CodeNames = CodeNames()  # names of codes missing from the built-in catalogue
    已知问题: list[Waiver] = []

    @field_validator("政府性基金支出", "国有资本经营支出", mode="before", json_schema_input_type=FundTable | list)
    @classmethod
    def _empty_list(cls, v):
        return {} if v in (None, [], "") else v
