"""绩效目标表 (budget) inputs."""

from __future__ import annotations

from .common import ZERO, Amount, Model, RequiredText, Score, Text


class DeptIndicator(Model):
    一级: Text
    二级: Text
    三级: Text
    指标值: Text = ""
    依据: Text = ""
    权重: Score = ZERO


class DeptFunds(Model):
    上级安排: Amount = ZERO
    本级安排: Amount = ZERO
    其他: Amount = ZERO


class DeptTarget(Model):
    部门名称: Text
    联系人: Text = ""
    联系电话: Text = ""
    年度绩效目标: Text = ""
    资金: DeptFunds = DeptFunds()
    指标: list[DeptIndicator] = []


class Indicator(Model):
    一级: Text
    二级: Text
    三级: Text
    指标值: Text = ""
    设置依据: Text = ""
    上年完成值: Text = ""
    权重: Score = ZERO
    赋分规则: Text = ""
    佐证资料: Text = ""


class ProjectTarget(Model):
    预算单位: Text
    项目名称: RequiredText
    项目负责人: Text = ""
    财政拨款: Amount = ZERO
    其他资金: Amount = ZERO
    总体目标: Text = ""
    指标: list[Indicator] = []
