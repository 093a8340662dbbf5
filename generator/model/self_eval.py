"""绩效自评表 (final accounts) inputs: 单位整体 and 项目支出, Xinjiang and Shanxi layouts.

Fields named 公布… hold what a published report printed. They are never printed by the templates: the computed
figure is printed and a check compares the two (so a published mistake is reported, not copied).
"""

from __future__ import annotations

from typing import Optional

from pydantic import field_validator

from .common import Amount, Model, RequiredText, Score, Text, UnitName


class FundLine(Model):
    年初预算: Optional[Amount] = None
    全年预算: Amount
    全年执行: Amount


class UnitFundRow(FundLine):
    来源: Text


class UnitIndicator(Model):
    一级: Text
    二级: Text = ""
    三级: Text
    预期指标值: Text = ""
    设定依据: Text = ""
    分值: Score
    实际完成值: Text = ""
    得分: Optional[Score] = None  # judged score; when absent the full 分值 is assumed only if 公布得分 says so
    公布得分: Optional[Score] = None


class UnitSelfEval(Model):
    """单位整体支出绩效自评表 (Xinjiang)."""

    单位名称: UnitName
    资金: list[UnitFundRow]
    公布合计: Optional[FundLine] = None
    公布执行率: Text = ""
    资金得分: Optional[Score] = None  # when the region's rule for the 整体 fund score is "input"
    公布得分: Optional[Score] = None
    预期目标: Text = ""
    实际完成情况: Text = ""
    指标: list[UnitIndicator] = []


class XjIndicator(Model):
    """One indicator row of a Xinjiang 项目支出绩效自评表."""

    一级: Text
    二级: Text
    三级: Text
    权重: Score
    目标值: Text = ""
    业绩值: Text = ""
    完成率: Text = ""  # only for a target that is not a number (e.g. a date): the assessed completion, e.g. 100%
    公布完成率: Text = ""
    公布得分: Optional[Score] = None
    设定依据: Text = ""
    上年完成情况: Text = ""
    赋分规则: Text = ""
    佐证资料: Text = ""
    偏差原因: Text = ""


class XjFunds(Model):
    当年财政拨款: FundLine
    其他资金: FundLine


class XjProject(Model):
    项目名称: RequiredText
    主管部门: Text = ""
    实施单位: Text = ""
    资金: XjFunds
    公布资金总额: Optional[FundLine] = None
    公布执行率: Text = ""
    资金得分: Optional[Score] = None  # used when the region's fund-score rule is "input"
    公布资金得分: Optional[Score] = None
    预期目标: Text = ""
    实际完成情况: Text = ""
    指标: list[XjIndicator] = []
    公布总分: Text = ""


class SxFundRow(Model):
    来源: Text
    目标申报数: Optional[Amount] = None
    预算编制数: Optional[Amount] = None
    年初其他: Optional[Amount] = None  # a third 年初 sub-column some tables print after 预算编制数 (not printed)
    全年预算: Amount
    全年执行: Amount
    公布结余: Optional[Amount] = None
    公布执行率: Text = ""
    公布得分: Optional[Score] = None
    偏差原因: Text = ""


class SxIndicator(Model):
    """One indicator row of a Shanxi 项目支出绩效自评表: the score is the assessor's, an input."""

    一级: Text
    二级: Text
    三级: Text
    年初指标值: Text = ""
    调整后指标值: Text = ""
    实际完成值: Text = ""
    定性值情况说明: Text = ""
    分值: Score
    得分: Score
    得分空白: bool = False  # the published cell was blank (read as 0)
    偏差原因: Text = ""


class SxAnalysis(Model):
    项目实施和预算执行情况: Text = ""
    产出情况及分析: Text = ""
    效益情况及分析: Text = ""
    满意度情况及分析: Text = ""
    项目总体情况及分析: Text = ""  # printed instead of 满意度情况及分析 in some tables
    实施进度情况及分析: Text = ""
    主要经验做法: Text = ""
    存在问题及原因: Text = ""
    改进措施及建议: Text = ""


class SxProject(Model):
    标题: Text = ""
    项目名称: RequiredText
    主管部门: Text = ""
    预算单位: Text = ""
    资金: list[SxFundRow]
    公布资金总额: list[Amount] = []
    年度目标: Text = ""
    实际完成情况: Text = ""
    指标: list[SxIndicator] = []
    公布总分: Optional[Score] = None
    公布等级: Text = ""
    绩效分析: SxAnalysis = SxAnalysis()

    @field_validator("公布资金总额", mode="before")
    @classmethod
    def _list(cls, v):
        return v or []  # an empty YAML value means no printed row
