"""Input model of a 部门/单位决算 report. Field names are the YAML keys (see docs/input-format.md, 决算).

Amounts are 万元 as printed. A prior-year amount is given as 上年 (the generator computes change and rate);
a published total that is not the sum of its printed parts is kept as a stated total and checked within 0.01.
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Discriminator, Tag, field_validator
from pydantic_core import PydanticCustomError

from .budget import Meta, Waiver
from .common import ZERO, Amount, Code, CodeNames, Count, Model, RequiredText, SignedCount, Text
from .extra import ExtraTable
from .final_tables import FinalTables
from .self_eval import SxProject, UnitSelfEval, XjProject

INCOME_KINDS = ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
EXPENSE_KINDS = ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
VEHICLE_KINDS = [
    "副部（省）级及以上领导用车",
    "主要负责人用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部服务用车",
    "其他用车",
]


class Staff(Model):
    实有人数: Optional[Count] = None
    在职: Count = 0
    在职变动: SignedCount = 0
    离休: Count = 0
    离休变动: SignedCount = 0
    退休: Count = 0
    退休变动: SignedCount = 0


class Org(Model):
    内设机构: list[Text] = []
    下属单位: list[Text] = []
    说明: Text = ""  # free text used instead of the generated sentence (e.g. the 三定 wording)


class UnitLine(Model):
    """One unit of the 决算 (Shanghai 概况 二: the table 序号/单位名称/备注)."""

    名称: RequiredText
    备注: Text = ""


class Overview(Model):
    主要职能: RequiredText
    机构设置: Org = Org()
    人员: Optional[Staff] = None
    决算单位: list[UnitLine] = []  # the units in the 决算, printed as a table (序号 computed)


class Totals(Model):
    """一、收入支出决算总体."""

    本年收入合计: Amount
    使用非财政拨款结余: Amount = ZERO
    年初结转和结余: Amount = ZERO
    收入总计: Optional[Amount] = None  # stated; defaults to the sum of the three
    本年支出合计: Amount
    结余分配: Amount = ZERO
    年末结转和结余: Amount = ZERO
    支出总计: Optional[Amount] = None
    上年: Amount  # prior-year 收入总计 (= 支出总计)
    原因: Text = ""


class FiscalTotals(Model):
    """四、财政拨款收入支出决算总体."""

    年初结转和结余: Amount = ZERO
    本年收入: Amount
    年末结转和结余: Amount = ZERO
    本年支出: Amount
    上年: Amount
    原因: Text = ""
    年初预算: Optional[Amount] = None
    预算差异原因: Text = ""


class ClassLine(Model):
    """One 类 of 一般公共预算财政拨款支出 (五(二); Shanxi 五(三) with 年初预算)."""

    编码: Code
    名称: Text = ""
    金额: Amount
    年初预算: Optional[Amount] = None
    上年: Optional[Amount] = None
    原因: Text = ""


class ItemLine(Model):
    """One 项 of 五(三): against last year (Xinjiang: 上年, 原因) or against its budget (Shanghai: 年初预算 or
    全年预算, 用途, 预算差异原因). Also one 项 of a fund's 支出 (八/九 of the Shanghai layout)."""

    编码: Code
    名称: Text = ""
    金额: Amount
    上年: Optional[Amount] = None
    原因: Text = ""
    年初预算: Optional[Amount] = None
    全年预算: Optional[Amount] = None
    用途: Text = ""
    预算差异原因: Text = ""


class GeneralBudget(Model):
    """五、一般公共预算财政拨款支出."""

    合计: Optional[Amount] = None  # stated; defaults to Σ类 (or Σ项)
    上年: Amount
    原因: Text = ""
    年初预算: Optional[Amount] = None
    全年预算: Optional[Amount] = None  # stated; defaults to Σ项 全年预算 when every 项 gives one
    预算差异原因: Text = ""
    类: list[ClassLine] = []
    项: list[ItemLine] = []


class BasicSpending(Model):
    """六、一般公共预算财政拨款基本支出."""

    人员经费: Amount
    公用经费: Amount
    合计: Optional[Amount] = None
    人员经费科目: list[Text] = []
    公用经费科目: list[Text] = []


class FundBudget(Model):
    """七/八、政府性基金 / 国有资本经营预算财政拨款 (absent = the empty-table statement)."""

    年初结转和结余: Amount = ZERO
    本年收入: Amount = ZERO
    本年支出: Amount = ZERO
    年末结转和结余: Amount = ZERO
    说明: Text = ""
    项: list[ItemLine] = []  # its 支出 per 项 with their budgets (Shanghai 八/九)


class SanGongItem(Model):
    全年预算: Amount = ZERO
    决算: Amount = ZERO
    上年: Amount = ZERO
    原因: Text = ""
    预算差异原因: Text = ""
    开支内容: Text = ""


class Abroad(SanGongItem):
    团组: Count = 0
    人次: Count = 0


class CarBuy(SanGongItem):
    购置数: Count = 0


class CarRun(SanGongItem):
    保有量: Count = 0


class ReceptionPart(Model):
    金额: Amount = ZERO
    批次: Count = 0
    人次: Count = 0
    说明: Text = ""


class Reception(SanGongItem):
    批次: Count = 0
    人次: Count = 0
    国内: Optional[ReceptionPart] = None
    外事: Optional[ReceptionPart] = None
    国外: Optional[ReceptionPart] = None


class CarsCombined(Model):
    """公务用车购置及运行维护费 as one item (Xinjiang year-on-year sentence)."""

    原因: Text = ""


class SanGong(Model):
    原因: Text = ""
    预算差异原因: Text = ""
    因公出国: Abroad = Abroad()
    公务用车购置: CarBuy = CarBuy()
    公务用车运行维护: CarRun = CarRun()
    公务用车: CarsCombined = CarsCombined()
    公务接待: Reception = Reception()
    固定资产车辆: Optional[Count] = None
    车辆差异原因: Text = ""


class Running(Model):
    金额: Amount
    上年: Amount
    原因: Text = ""


class Procurement(Model):
    货物: Amount = ZERO
    工程: Amount = ZERO
    服务: Amount = ZERO
    总额: Optional[Amount] = None
    中小企业: Amount = ZERO
    小微企业: Amount = ZERO
    # set-asides (Shanghai 十一(二)): budgets reserved for SMEs / small and micro firms, and what such firms won in
    # the reserved projects and in the others
    面向中小企业预留: Optional[Amount] = None
    面向小微企业预留: Optional[Amount] = None
    预留中小企业中标: Optional[Amount] = None
    预留小微企业中标: Optional[Amount] = None
    其他中小企业中标: Optional[Amount] = None


class StageCount(Model):
    """Projects at one stage of 全过程绩效管理 and the budget they cover."""

    项目数: Optional[Count] = None
    金额: Optional[Amount] = None


class SelfEvalCount(StageCount):
    """绩效自评: counts, budget, average score and projects per grade (computed from the 自评表 when given)."""

    平均得分: Optional[Amount] = None
    等级: dict[Text, Count] = {}


class Issues(Model):
    发现: Count = 0
    已整改: Optional[Count] = None
    整改中: Optional[Count] = None


class PerformanceManagement(Model):
    """十、预算绩效管理情况 (Shanghai): the systems in place and the counts of 全过程绩效管理."""

    制度: Text = ""
    机制: Text = ""
    绩效目标: StageCount = StageCount()
    跟踪评价: StageCount = StageCount()
    绩效自评: SelfEvalCount = SelfEvalCount()
    问题: Issues = Issues()


class Assets(Model):
    房屋面积: Optional[Amount] = None
    房屋价值: Optional[Amount] = None
    车辆价值: Optional[Amount] = None
    车辆: dict[Text, Count] = {}
    车辆总数: Optional[Count] = None  # stated; defaults to Σ车辆
    其他用车说明: Text = ""
    大型设备: Count = 0

    @field_validator("车辆")
    @classmethod
    def _kinds(cls, v):
        return _known(v, VEHICLE_KINDS)


class PerformanceNotes(Model):
    """十一 / 十(四) 预算绩效: the counts and totals come from the tables; these are the texts."""

    成效: Text = ""
    问题: Text = ""
    改进措施: Text = ""
    一般公共预算项目支出: Optional[Amount] = None
    政府性基金预算项目支出: Amount = ZERO
    国有资本经营预算项目支出: Amount = ZERO
    社会保险基金预算项目支出: Amount = ZERO
    中差项目改进措施: Text = ""
    部门评价: Text = ""


def _known(mapping: dict, kinds: list[str]) -> dict:
    unknown = [k for k in mapping if k not in kinds]
    if unknown:
        raise PydanticCustomError(
            "unknown_kind", "不认识的类别“{k}”；可用：{kinds}", {"k": "、".join(unknown), "kinds": "、".join(kinds)}
        )
    return mapping


def _project_layout(v) -> str:
    """A Shanxi 自评表 lists its 资金来源 rows; a Xinjiang one has 当年财政拨款/其他资金."""
    funds = v.get("资金") if isinstance(v, dict) else getattr(v, "资金", None)
    return "shanxi" if isinstance(funds, list) else "xinjiang"


ProjectSelfEval = Annotated[
    Annotated[XjProject, Tag("xinjiang")] | Annotated[SxProject, Tag("shanxi")], Discriminator(_project_layout)
]


class FinalReport(Model):
    报告: Meta
    概况: Overview
    收入支出决算总体: Totals
    收入决算: dict[Text, Amount] = {}
    支出决算: dict[Text, Amount] = {}
    财政拨款收支: FiscalTotals
    一般公共预算支出: GeneralBudget
    基本支出: BasicSpending
    政府性基金: Optional[FundBudget] = None
    国有资本经营: Optional[FundBudget] = None
    三公经费: SanGong = SanGong()
    机关运行经费: Optional[Running] = None
    政府采购: Procurement = Procurement()
    国有资产: Assets = Assets()
    预算绩效: PerformanceNotes = PerformanceNotes()
    预算绩效管理: Optional[PerformanceManagement] = None
    其他需说明事项: list[Text] = []
    单位整体支出绩效自评表: Optional[UnitSelfEval] = None
    项目支出绩效自评表: list[ProjectSelfEval] = []
    决算表: Optional[FinalTables] = None  # the nine 公开表 from data (absent: listed as 附表)
    附加表: list[ExtraTable] = []  # tables a region or county adds (see docs/customizing.md)
    科目名称: CodeNames = CodeNames()  # names of codes missing from the built-in catalogue
    已知问题: list[Waiver] = []

    @field_validator("收入决算")
    @classmethod
    def _income(cls, v):
        return _known(v, INCOME_KINDS)

    @field_validator("支出决算")
    @classmethod
    def _expense(cls, v):
        return _known(v, EXPENSE_KINDS)
