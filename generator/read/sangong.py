"""七 三公经费 read back: the template's sentences (Xinjiang, Shanxi: s9) and a region's layout of them (Shanghai:
决算章节结构.s9, s9_layout): the budget paragraph, the year-on-year paragraph and each item's own paragraph."""

from __future__ import annotations

from decimal import Decimal

from .compose import forms, layout_of, read_paragraph
from .final_sections import has_table
from .outline import Section, flat
from .texts import Reader

ITEMS = {
    "因公出国（境）费": "因公出国",
    "公务用车购置费": "公务用车购置",
    "公务用车运行维护费": "公务用车运行维护",
    "公务用车运行费": "公务用车运行维护",
    "公务接待费": "公务接待",
}
CARS = "公务用车购置及运行维护费"


def item_key(rd: Reader, label: str | None) -> str | None:
    label = flat(label or "")
    return ITEMS.get(label) or ITEMS.get(rd.book.text(f"名称.{label}") or "")


def _sangong_items(rd: Reader, items: list[dict], where: str) -> None:
    path = ("三公经费",)
    for it in items:
        label = flat(it.get("项目") or "")
        amount = rd.money(it.get("金额"))
        delta = rd.change(it, "变动") if "变动" in it else None
        why = rd.reason(it, "原因句") if "原因句" in it else rd.reason(it, "原因") if "原因" in it else None
        if label == CARS:
            if why:
                rd.put(path + ("公务用车", "原因"), why, where)
            if amount is not None and delta is not None:  # the split of last year's figure is not printed
                rd.put(path + ("公务用车购置", "上年"), Decimal("0"))
                rd.put(path + ("公务用车运行维护", "上年"), amount - delta, where)
            continue
        key = item_key(rd, label)
        if key is None:
            continue
        if amount is not None and not has_table(rd, "ft9"):
            rd.put(path + (key, "决算"), amount, where)
        if amount is not None and delta is not None:
            rd.put(path + (key, "上年"), amount - delta, where)
        if why:
            rd.put(path + (key, "原因"), why, where)


def s9(rd: Reader, sec: Section) -> None:
    layout = layout_of(rd, "s9")
    if layout is not None:
        s9_layout(rd, sec, layout)
        return
    path = ("三公经费",)
    rated: list[dict] = []
    total_budget = None
    for b in rd.paragraphs(sec):
        w = rd.where(b)
        got = rd.series(sec, b, "s9.总述", "s9.项", "s9.项分隔", "s9.项结尾")
        if got is None:
            single = rd.match(sec, b, "s9.总述")
            got = (single, []) if single is not None else None
        if got is not None:
            head, items = got
            why = rd.reason(head, "原因句") if "原因句" in head else rd.reason(head, "原因") if "原因" in head else None
            if why:
                rd.put(path + ("原因",), why, w)
            _sangong_items(rd, items, w)
            rated += items
            total_budget = rd.money(head.get("预算"))
            continue
        item = _one_item(rd, sec, b, "s9.项", ("s9.项分隔", "s9.项结尾"))
        if item is not None:
            _sangong_items(rd, [item], w)
            rated.append(item)
            continue
        budget = rd.series(sec, b, "s9.预算", "s9.预算项", "", "")
        if budget is not None:
            head, items = budget
            why = rd.reason(head, "原因句")
            if why:
                rd.put(path + ("预算差异原因",), why, w)
            for it in items:
                key = item_key(rd, it.get("项目"))
                if key is None:
                    continue
                if not has_table(rd, "ft9"):
                    for k, field in (("预算", "全年预算"), ("金额", "决算")):
                        if rd.money(it.get(k)) is not None:
                            rd.put(path + (key, field), rd.money(it[k]), w)
                why = rd.reason(it, "原因句")
                if why:
                    rd.put(path + (key, "预算差异原因"), why, w)
            continue
        if rd.match(sec, b, "s9.具体") is not None:
            continue
        if _details(rd, sec, b):
            continue
        rd.unplaced(b, sec)
    if total_budget is not None and not has_table(rd, "ft9"):
        _budgets_from_rates(rd, rated, total_budget)


def _budgets_from_rates(rd: Reader, items: list[dict], total: Decimal) -> None:
    """全年预算 per item when only the total and each item's 完成全年预算的 x% are printed (Shanxi): an item without a
    rate had no budget; one item with a rate takes the total; several share it by amount / rate (the last one
    takes what rounding leaves)."""
    rated = []
    for it in items:
        key, rate, amount = item_key(rd, it.get("项目")), rd.money(it.get("完成率")), rd.money(it.get("金额"))
        if key is not None and rate and amount is not None:
            rated.append((key, (amount * 100 / rate).quantize(Decimal("0.01"))))
    if not rated:
        return
    rated[-1] = (rated[-1][0], total - sum((b for _k, b in rated[:-1]), Decimal("0")))
    for key, budget in rated:
        rd.put(("三公经费", key, "全年预算"), budget)
    if len(rated) > 1:
        rd.out.notes.append("三公经费各项全年预算由完成率推算（只印了全年预算合计），请核对")


def _one_item(rd: Reader, sec: Section, b, item: str, tails: tuple[str, ...]) -> dict | None:
    for tail in tails:
        t = rd.book.text(tail)
        if t and b.text.endswith(t):
            got = rd.book.match(item, b.text[: -len(t)])
            if got is not None:
                rd._record(sec, item, got, b)
                return got
    return rd.match(sec, b, item)


DETAILS = {  # placeholder -> (三公经费 item or "", field)
    "出国内容": ("因公出国", "开支内容"),
    "团组": ("因公出国", "团组"),
    "出国人次": ("因公出国", "人次"),
    "购置内容": ("公务用车购置", "开支内容"),
    "运行内容": ("公务用车运行维护", "开支内容"),
    "购置数": ("公务用车购置", "购置数"),
    "保有量": ("公务用车运行维护", "保有量"),
    "固定资产车辆": ("", "固定资产车辆"),
    "车辆差异原因": ("", "车辆差异原因"),
    "接待内容": ("公务接待", "开支内容"),
    "批次": ("公务接待", "批次"),
    "接待人次": ("公务接待", "人次"),
}
AMOUNTS = {"出国金额": "因公出国", "购置费": "公务用车购置", "运行费": "公务用车运行维护", "接待金额": "公务接待"}


def _details(rd: Reader, sec: Section, b) -> bool:
    got = rd.match(sec, b, "s9.出国", "s9.用车", "s9.购置", "s9.运行", "s9.接待", "s9.接待国内")
    if got is None:
        return False
    detail_values(rd, got, rd.where(b))
    return True


def detail_values(rd: Reader, got: dict, w: str) -> None:
    """The figures and texts of a 三公 item's own paragraph (团组, 人次, 开支内容, 保有量, 国内/外事 接待 …)."""
    for name, (item, field) in DETAILS.items():
        value = got.get(name)
        if value is None or value == "":
            continue
        path = ("三公经费", item, field) if item else ("三公经费", field)
        number = field in ("团组", "人次", "购置数", "保有量", "批次", "固定资产车辆")
        rd.put(path, value.replace(",", "") if number else value, w)
    if not has_table(rd, "ft9"):
        for name, item in AMOUNTS.items():
            if rd.money(got.get(name)) is not None:
                rd.put(("三公经费", item, "决算"), rd.money(got[name]), w)
    for part in ("国内", "外事", "国外"):
        if got.get(part + "金额"):
            entry = {"金额": got[part + "金额"].replace(",", "")}
            for k in ("批次", "人次"):
                if got.get(part + k):
                    entry[k] = got[part + k].replace(",", "")
            if got.get(part + "说明"):
                entry["说明"] = got[part + "说明"]
            rd.put(("三公经费", "公务接待", part), entry, w)


# ---- a region's layout of 七 (Shanghai: the budget paragraph, the year-on-year paragraph, one per item) ----------
def s9_layout(rd: Reader, sec: Section, layout: list) -> None:
    path = ("三公经费",)
    paragraph_forms = forms(layout)
    changes: list[tuple[str, Decimal, str]] = []  # (item, signed change, where): applied once the amounts are known
    rated: list[dict] = []
    total_budget = None
    for b in rd.paragraphs(sec):
        w = rd.where(b)
        if rd.match(sec, b, "s9.无") is not None:
            continue
        found = read_paragraph(rd, sec, b, paragraph_forms)
        if found is None:
            rd.unplaced(b, sec)
            continue
        for name, got in found:
            key = item_key(rd, got.get("项目")) if got.get("项目") else None
            label = flat(got.get("项目") or "")
            if name.endswith("预算项"):
                rated.append(got)
                if key and not has_table(rd, "ft9") and rd.money(got.get("金额")) is not None:
                    rd.put(path + (key, "决算"), rd.money(got["金额"]), w)
            elif name.endswith(".预算") and rd.money(got.get("预算")) is not None:
                total_budget = rd.money(got["预算"])
            elif got.get("预算原因") and not got.get("项目"):
                rd.put(path + ("预算差异原因",), got["预算原因"], w)
            elif name.endswith("原因项") and got.get("原因"):
                target = ("公务用车",) if label == CARS else (key,) if key else None
                if target:
                    rd.put(path + target + ("原因",), got["原因"], w)
            elif name.endswith(".项") and (key or label == CARS):
                delta = _signed(rd, got)
                if delta is not None:
                    changes.append((key or CARS, delta, w))
            elif name.endswith("占比项") and key and not has_table(rd, "ft9"):
                if rd.money(got.get("金额")) is not None:
                    rd.put(path + (key, "决算"), rd.money(got["金额"]), w)
            else:
                detail_values(rd, got, w)
    _apply_changes(rd, changes)
    if total_budget is not None and not has_table(rd, "ft9"):
        _budgets_from_rates(rd, rated, total_budget)


def _signed(rd: Reader, got: dict) -> Decimal | None:
    """The change an item's clause prints: {增减}{变动金额}, or 持平 (no 增减 printed)."""
    if got.get("增减"):
        amount = rd.money(got.get("变动金额"))
        if amount is None:
            return None
        return amount if got["增减"] == "增加" else -amount
    return Decimal("0")


def _apply_changes(rd: Reader, changes: list[tuple[str, Decimal, str]]) -> None:
    """上年 = this year's 决算 − the change; 公务用车购置及运行维护费 as one item: the whole prior year on 运行维护
    (the split is not printed)."""
    node = rd.data.get("三公经费") or {}

    def spent(key: str) -> Decimal:
        return rd.money(str((node.get(key) or {}).get("决算") or 0)) or Decimal("0")

    for key, delta, w in changes:
        if key == CARS:
            rd.put(("三公经费", "公务用车购置", "上年"), Decimal("0"))
            prior = spent("公务用车购置") + spent("公务用车运行维护") - delta
            rd.put(("三公经费", "公务用车运行维护", "上年"), prior, w)
        else:
            rd.put(("三公经费", key, "上年"), spent(key) - delta, w)
