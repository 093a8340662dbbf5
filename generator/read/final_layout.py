"""五 and 十 of a 决算 laid out by a region's data (Shanghai: 决算章节结构.s5, s13) read back, and the pieces of the
Shanghai layout other sections share: a 项 against its budget (五(三), 八/九), the units of the 决算 (概况 二)."""

from __future__ import annotations

import re

from .compose import forms, layout_of, read_paragraph
from .document import compact
from .final_sections import budget_figures, code_for, plain, stated_general_total
from .outline import Section
from .texts import Reader

GENERAL = ("一般公共预算支出",)


def s5_layout(rd: Reader, sec: Section, layout: list) -> None:
    """五 by the layout: the whole (上年, 原因, budgets), the 类 list (figures of 表5, recorded), the 项 paragraphs."""
    paragraph_forms = forms(layout)
    items: list[dict] = []
    for b in rd.paragraphs(sec):
        found = read_paragraph(rd, sec, b, paragraph_forms)
        if found is None:
            found = _generic_s5(rd, sec, b)
        if found is None:
            rd.unplaced(b, sec)
            continue
        w = rd.where(b)
        for _name, got in found:
            if got.get("项名"):
                item = line_item(rd, sec, b, got)
                if item is not None:
                    items.append(item)
                    rd.out.origin[GENERAL + ("项", len(items) - 1)] = w
                continue
            if got.get("类名"):
                continue  # a 类 of the list: 表5 prints it
            if "变动" in got:
                rd.prior(GENERAL + ("上年",), got, "变动", rd.money(got.get("金额")), w)
            why = rd.reason(got, "原因句") if "原因句" in got else None
            if why is not None:
                rd.put(GENERAL + ("原因",), why, w)
            budgets(rd, got, GENERAL, w)
            budget_figures(rd, got, GENERAL, b)
    if items:
        rd.put(GENERAL + ("项",), items)
    stated_general_total(rd, items)


_ITEM = re.compile(
    r"^(?P<数字>\d+)、(?P<类名>[^（）]+?)（类）(?P<款名>[^（）]+?)（款）(?P<项名>[^（）]+?)（项）。"
    r"(?:主要用于[：:](?P<用途>.+?)。)?(?P<which>年初|全年)预算(?:数)?为(?P<预算>[\d,]+(?:\.\d+)?)万元，"
    r"支出决算(?:数)?为(?P<金额>[\d,]+(?:\.\d+)?)万元.*?(?:主要原因(?:是|为)?[：:]?(?P<预算原因>[^。]+)。)?$"
)
_BUDGETS = re.compile(
    r"年初预算(?:数)?为(?P<年初预算>[\d,]+(?:\.\d+)?)万元(?:，全年预算(?:数)?为(?P<全年预算>[\d,]+(?:\.\d+)?)万元)?"
)
_REASON = re.compile(r"主要原因(?:是|为)?[：:]?(?P<预算原因>[^。]+)。")


def _generic_s5(rd: Reader, sec: Section, b) -> list[tuple[str, dict]] | None:
    """五 in the publisher's own words: a 项 (N、类名（类）款名（款）项名（项）。主要用于：…。全年预算为…万元，
    支出决算为…万元…主要原因：…。) or the budgets of the whole; read and noted for checking, the wording left to the
    region."""
    text = compact(b.text)
    m = _ITEM.match(text)
    if m:
        got = {k: v for k, v in m.groupdict().items() if v and k != "which"}
        got[m.group("which") + "预算"] = got.pop("预算")
        rd.out.notes.append(f"{rd.where(b)} {sec.title}：第{got['数字']}项按通用句式读取用途、预算与原因，请核对")
        return [("s5.项", got)]
    m2 = _BUDGETS.search(text)
    if m2 and "支出决算" in text:
        got = {k: v for k, v in m2.groupdict().items() if v}
        why = _REASON.search(text)
        if why:
            got["预算原因"] = why.group("预算原因")
        rd.out.notes.append(f"{rd.where(b)} {sec.title}：按通用句式读取年初预算、全年预算与原因，请核对")
        return [("s5.具体开头", got)]
    return None


def budgets(rd: Reader, got: dict, path: tuple, w: str) -> None:
    """年初预算, 全年预算 and the reason the 决算 differs from them, as a sentence prints them."""
    for key in ("年初预算", "全年预算"):
        if rd.money(got.get(key)) is not None:
            rd.put(path + (key,), rd.money(got[key]), w)
    if got.get("预算原因"):
        rd.put(path + ("预算差异原因",), got["预算原因"], w)


def line_item(rd: Reader, sec: Section, b, got: dict) -> dict | None:
    """A 项 printed as 类名（类）款名（款）项名（项）: its code, amount, 用途 and budget (五(三), 八/九)."""
    code = code_for(rd, [got.get("类名"), got.get("款名"), got.get("项名")], got.get("编码"))
    if not code:
        rd.unplaced(b, sec, f"“{got.get('项名')}”找不到科目编码（表中无此项）")
        return None
    item: dict = {"编码": code, "金额": rd.money(got.get("金额"))}
    for key in ("年初预算", "全年预算"):
        if rd.money(got.get(key)) is not None:
            item[key] = rd.money(got[key])
    if rd.money(got.get("预算")) is not None and "年初预算" not in item and "全年预算" not in item:
        item["年初预算"] = rd.money(got["预算"])  # {预算} prints the 全年预算 when there is one, else the 年初预算
    if got.get("用途"):
        item["用途"] = got["用途"]
    if got.get("预算原因"):
        item["预算差异原因"] = got["预算原因"]
    delta = rd.change(got, "变动") if got.get("变动") else None
    if delta is not None and item["金额"] is not None:
        item["上年"] = item["金额"] - delta
    if got.get("原因"):
        item["原因"] = got["原因"].strip()
    return plain(item)


def s13(rd: Reader, sec: Section) -> None:
    """十 预算绩效管理情况 (Shanghai): the systems, the counts of 全过程绩效管理, the grades, the issues."""
    path = ("预算绩效管理",)
    default = [
        ["s13.开头", {"列表": "等级", "项": "s13.等级项", "分隔": "s13.等级分隔", "结尾": "s13.等级结尾"}, "s13.结尾"]
    ]
    paragraph_forms = forms(layout_of(rd, "s13") or default)
    grades: dict[str, str] = {}
    fields = {
        "制度": ("制度",), "机制": ("机制",), "目标项目数": ("绩效目标", "项目数"), "目标金额": ("绩效目标", "金额"),
        "跟踪项目数": ("跟踪评价", "项目数"), "跟踪金额": ("跟踪评价", "金额"), "自评项目数": ("绩效自评", "项目数"),
        "自评金额": ("绩效自评", "金额"), "平均得分": ("绩效自评", "平均得分"), "问题数": ("问题", "发现"),
        "已整改": ("问题", "已整改"), "整改中": ("问题", "整改中"),
    }  # fmt: skip
    for b in rd.paragraphs(sec):
        if rd.match(sec, b, "s13.无") is not None:
            continue
        found = read_paragraph(rd, sec, b, paragraph_forms)
        if found is None:
            rd.unplaced(b, sec)
            continue
        for _name, got in found:
            if got.get("等级"):
                count = (got.get("个数") or "0").replace(",", "")
                if count.isdigit() and int(count):
                    grades[got["等级"]] = count
                continue
            for key, field in fields.items():
                value = got.get(key)
                if value:
                    rd.put(path + field, value.replace(",", "") if key not in ("制度", "机制") else value, rd.where(b))
    if grades:
        rd.put(path + ("绩效自评", "等级"), grades)


def fund(rd: Reader, sec: Section, key: str) -> None:
    """七/八 (八/九 in the Shanghai order): the empty-table statement, or the fund's figures and its 项."""
    items: list[dict] = []
    for b in rd.paragraphs(sec):
        if rd.match(sec, b, f"{sec.id}.空表") is not None:
            rd.data.pop(key, None)
            rd.data[key] = None
            continue
        line = rd.match(sec, b, f"{sec.id}.项") if rd.book.text(f"{sec.id}.项") else None
        if line is not None:
            item = line_item(rd, sec, b, line)
            if item is not None:
                items.append(item)
            continue
        got = rd.match(sec, b, f"{sec.id}.收支")
        if got is None:
            nothing = re.search(r"无.*(收入|支出)", b.text)
            rd.unplaced(
                b, sec, "句式与本地区措辞不同；说本年无此项收支，输入不必填写" if nothing else "句式与本地区措辞不同"
            )
            continue
        node = {k: rd.money(got.get(k)) for k in ("年初结转和结余", "本年收入", "本年支出", "年末结转和结余")}
        entry = plain(node)
        if got.get("说明"):
            entry["说明"] = got["说明"]
        rd.put((key,), entry, rd.where(b))
    if items and isinstance(rd.data.get(key), dict):
        rd.put((key, "项"), items)
