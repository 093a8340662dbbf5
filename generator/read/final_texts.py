"""The 决算 sections 九 … 十二 and the 名词解释 read back, and the order every 决算 section is read in
(final_sections.py holds 概况 and 一 … 八)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model.final import VEHICLE_KINDS
from .compose import layout_of
from .document import compact
from .final_layout import fund, s5_layout, s13
from .final_sections import (
    duties,
    generic_change,
    organisation,
    s1,
    s2_s3,
    s4,
    s5,
    s6,
    stated_totals,
)
from .outline import Section
from .sangong import s9
from .texts import Reader, glossary, sections_by_id


def s10(rd: Reader, sec: Section) -> None:
    others: list[str] = []
    for b in rd.paragraphs(sec):
        w = rd.where(b)
        if rd.match(sec, b, "s10.无运行经费") is not None:
            rd.data["机关运行经费"] = None
            continue
        got = rd.match(sec, b, "s10.运行经费")
        if got is not None:
            _running(rd, got, w)
            continue
        if rd.match(sec, b, "s10.无采购") is not None:
            continue
        got = rd.match(sec, b, "s10.采购", "s10.中小企业")
        if got is not None:
            _procurement(rd, got, w)
            continue
        got = rd.match(sec, b, "s10.资产")
        if got is not None:
            _assets(rd, got, w)
            continue
        got = rd.match(sec, b, "s10.绩效")
        if got is not None:
            _perf_shanxi(rd, got, w)
            continue
        if rd.match(sec, b, "s10.绩效开展", "s10.其他标题", "s10.无其他") is not None:
            continue
        got = rd.match(sec, b, "s10.其他项")
        if got is not None and rd.book.text("s10.其他标题") and _after_other_title(rd, sec, b):
            others.append(got.get("内容", b.text))
            continue
        if "机关运行经费" in b.text and generic_change(rd, sec, b, ("机关运行经费",), None):
            amounts = re.findall(r"机关运行经费支出([\d,]+(?:\.\d+)?)万元", compact(b.text))
            if amounts:
                rd.put(("机关运行经费", "金额"), Decimal(amounts[0].replace(",", "")), w)
            continue
        if _generic_other(rd, sec, b):
            continue
        rd.unplaced(b, sec)
    if others:
        rd.put(("其他需说明事项",), others)


_BUY = re.compile(r"(货物|工程|服务)(?:采购)?(?:支出|金额|预算)?(?:为)?([\d,]+(?:\.\d+)?)万元")
_DEVICES = re.compile(r"单价100万元（含）以上设备（不含车辆）(\d+)台")


def _generic_other(rd: Reader, sec: Section, b) -> bool:
    """十 in another report's words: 政府采购 goods / works / services and the count of large equipment; the rest of
    the sentence (预留, 中标 …, each vehicle kind by its own name) is listed as not placed."""
    w = rd.where(b)
    buys = {m.group(1): m.group(2) for m in _BUY.finditer(compact(b.text))} if "采购" in b.text else {}
    devices = _DEVICES.search(compact(b.text))
    if len(buys) == 3:
        for key, value in buys.items():
            rd.put(("政府采购", key), Decimal(value.replace(",", "")), w)
    if devices:
        rd.put(("国有资产", "大型设备"), devices.group(1), w)
    if len(buys) == 3 or devices:
        rd.unplaced(b, sec, "句式与本地区措辞不同，只读取了政府采购货物/工程/服务或大型设备台数")
        return True
    return False


def _after_other_title(rd: Reader, sec: Section, b) -> bool:
    title = rd.book.text("s10.其他标题")
    seen = False
    for x in sec.items:
        if getattr(x, "text", None) == title:
            seen = True
        if x is b:
            return seen
    return False


def _running(rd: Reader, got: dict, w: str) -> None:
    amount = rd.money(got.get("金额"))
    if amount is not None:
        rd.put(("机关运行经费", "金额"), amount, w)
    if "变动" in got:
        rd.prior(("机关运行经费", "上年"), got, "变动", amount, w)
    elif "增减" in got and amount is not None:
        delta = rd.money(got.get("变动金额")) or Decimal("0")
        rd.put(("机关运行经费", "上年"), amount - (delta if got["增减"] == "增加" else -delta), w)
    elif amount is not None:  # 与上年相同
        rd.put(("机关运行经费", "上年"), amount, w)
    why = rd.reason(got, "原因句") if "原因句" in got else rd.reason(got, "原因") if "原因" in got else None
    if why is not None:
        rd.put(("机关运行经费", "原因"), why, w)


def _procurement(rd: Reader, got: dict, w: str) -> None:
    path = ("政府采购",)
    keys = ("货物", "工程", "服务", "中小企业", "小微企业", "面向中小企业预留", "面向小微企业预留")
    for key in keys + ("预留中小企业中标", "预留小微企业中标", "其他中小企业中标"):
        if rd.money(got.get(key)) is not None:
            rd.put(path + (key,), rd.money(got[key]), w)
    total = rd.money(got.get("合计"))
    parts = [p for k in ("货物", "工程", "服务") for p in [rd.money(got.get(k))] if p is not None]
    if total is not None and len(parts) == 3 and total != sum(parts, Decimal("0")):
        rd.put(path + ("总额",), total, w)


def _assets(rd: Reader, got: dict, w: str) -> None:
    path = ("国有资产",)
    for key in ("房屋面积", "房屋价值", "车辆价值"):
        if rd.money(got.get(key)) is not None:
            rd.put(path + (key,), rd.money(got[key]), w)
    vehicles: dict[str, str] = {}
    for kind in VEHICLE_KINDS:
        printed = rd.book.text(f"名称.{kind}") or kind  # a region prints a kind under its own name
        m = re.search(re.escape(printed) + r"(\d+)辆", got.get("车辆明细") or "")
        if m and int(m.group(1)):
            vehicles[kind] = m.group(1)
    rd.put(path + ("车辆",), vehicles, w)
    count = got.get("车辆数")
    if count and count.isdigit() and int(count) != sum(int(v) for v in vehicles.values()):
        rd.put(path + ("车辆总数",), count, w)
    if got.get("其他用车"):
        rd.put(path + ("其他用车说明",), got["其他用车"], w)
    if got.get("大型设备"):
        rd.put(path + ("大型设备",), got["大型设备"].replace(",", ""), w)


def _perf_shanxi(rd: Reader, got: dict, w: str) -> None:
    path = ("预算绩效",)
    names = {"一般公共预算": "一般公共预算项目支出", "政府性基金预算": "政府性基金预算项目支出"}
    names |= {"国有资本经营预算": "国有资本经营预算项目支出", "社会保险基金预算": "社会保险基金预算项目支出"}
    for key, field in names.items():
        if rd.money(got.get(key)) is not None:
            rd.put(path + (field,), rd.money(got[key]), w)
    for key in ("中差改进措施", "部门评价"):
        if got.get(key):
            rd.put(path + ("中差项目改进措施" if key == "中差改进措施" else key,), got[key], w)


def s11(rd: Reader, sec: Section) -> None:
    for b in rd.paragraphs(sec):
        got = rd.match(sec, b, "s11.总述")
        if got is None:
            rd.unplaced(b, sec)
            continue
        for key in ("成效", "问题", "改进措施"):
            if got.get(key):
                rd.put(("预算绩效", key), got[key], rd.where(b))


def s12(rd: Reader, sec: Section) -> None:
    lines = []
    for b in rd.paragraphs(sec):
        if rd.match(sec, b, "s12.无") is not None:
            continue
        got = rd.match(sec, b, "s12.项")
        lines.append(got.get("内容", b.text) if got else b.text)
    rd.put(("其他需说明事项",), lines)


def read_final(rd: Reader, out) -> None:
    secs = sections_by_id(out)
    readers = {
        "p1-1": duties,
        "p1-2": organisation,
        "s1": s1,
        "s2": lambda r, s: s2_s3(r, s, "收入决算", "ft2"),
        "s3": lambda r, s: s2_s3(r, s, "支出决算", "ft3"),
        "s4": s4,
        "s5": lambda r, s: s5_layout(r, s, layout) if (layout := layout_of(r, "s5")) else s5(r, s),
        "s6": s6,
        "s7": lambda r, s: fund(r, s, "政府性基金"),
        "s8": lambda r, s: fund(r, s, "国有资本经营"),
        "s9": s9,
        "s10": s10,
        "s11": s11,
        "s12": s12,
        "s13": s13,
    }
    for sid, reader in readers.items():
        sec = secs.get(sid)
        if sec is not None:
            reader(rd, sec)
    stated_totals(rd)
    glossary(rd, out, "决算名词解释", "：", continued=True)
