"""The 决算 sections 概况 and 一 … 八 read back (templates/base/final/ and its phrases): which phrase prints which
input field; 九 … 十二 and 名词解释 are in final_texts.py.

Each reader takes the section's paragraphs in order, explains each by a phrase of the section, and puts the
fields it holds into the data; figures the tables already give are only recorded (audit). A paragraph of a
report made from another template (Shanghai, …) that no phrase explains is tried for its reason and its change
against last year ("…增加X万元…主要原因：…"), which every report states in its own words, and otherwise listed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..excel.rows import catalogue_names
from .document import compact
from .outline import Section
from .texts import Reader, split_list

_CHANGE = re.compile(r"(增加|减少)([\d,]+(?:\.\d+)?)万元")
_SAME = re.compile(r"持平|与上年(度)?相同|无变化")
_WHY = re.compile(r"主要原因(?:是|为)?[：:]?(.+?)(?:。|$)")


# ---- 概况 ------------------------------------------------------------------------------------------------------
def duties(rd: Reader, sec: Section) -> None:
    paras = [b.text for b in rd.paragraphs(sec)]
    if paras:
        rd.put(("概况", "主要职能"), "\n".join(paras), rd.where(rd.paragraphs(sec)[0]))


def organisation(rd: Reader, sec: Section) -> None:
    free: list[str] = []
    for b in rd.paragraphs(sec):
        got = rd.series(sec, b, "概况.人员", "概况.人员项", "概况.人员分隔", "概况.人员结尾")
        if got is not None:
            head, items = got
            staff: dict = {}
            if rd.money(head.get("实有人数")) is not None:
                staff["实有人数"] = head["实有人数"].replace(",", "")
            for it in items:
                kind = (it.get("类别") or "").replace("人员", "")
                if kind in ("在职", "离休", "退休"):
                    staff[kind] = (it.get("人数") or "0").replace(",", "")
                    delta = (it.get("变动人数") or "0").replace(",", "")
                    staff[kind + "变动"] = delta if it.get("增减") != "减少" else "-" + delta
            rd.put(("概况", "人员"), staff, rd.where(b))
            continue
        got2 = rd.match(sec, b, "概况.机构")
        if got2 is not None:
            sep = rd.book.text("通用.顿号") or "、"
            rd.put(("概况", "机构设置", "内设机构"), split_list(got2.get("处室", ""), sep))
            rd.put(("概况", "机构设置", "下属单位"), split_list(got2.get("下属单位", ""), sep), rd.where(b))
            continue
        free.append(b.text)
    units = _unit_table(rd, sec)
    if units is not None:  # the units of the 决算 as a table (概况.决算单位), with its two lead sentences
        rd.put(("概况", "决算单位"), units)
        for b in rd.paragraphs(sec):
            if b.text in free and rd.match(sec, b, "概况.单位构成", "概况.单位范围") is None:
                rd.unplaced(b, sec, "句式与本地区措辞不同；单位构成已按表格读取")
        return
    if free:  # the 三定 wording instead of the generated sentence (Shanxi)
        rd.put(("概况", "机构设置", "说明"), "\n".join(free))


def _unit_table(rd: Reader, sec: Section) -> list[dict] | None:
    """The units of the 决算 from a table 序号 | 单位名称 | 备注 (概况.决算单位)."""
    from .texts import tables_in

    for t in tables_in(sec):
        heads = [re.sub(r"\s+", "", x) for x in t.row_texts(0)]
        if "单位名称" not in heads:
            continue
        col = heads.index("单位名称")
        note = heads.index("备注") if "备注" in heads else None
        rd.out.tables[t.number] = ("单位构成", "单位构成表")
        units = []
        for r in range(1, len(t.rows)):
            if t.text_at(r, col):
                entry = {"名称": t.text_at(r, col)}
                if note is not None and t.text_at(r, note):
                    entry["备注"] = t.text_at(r, note)
                units.append(entry)
        return units
    return None


# ---- 情况说明 --------------------------------------------------------------------------------------------------
def s1(rd: Reader, sec: Section) -> None:
    path = ("收入支出决算总体",)
    for b in rd.paragraphs(sec):
        got = rd.match(sec, b, "s1.收入", "s1.支出", "s1.变动")
        if got is None:
            generic_change(rd, sec, b, path, lambda f: f.totals.income_total)
            continue
        if not has_table(rd, "ft1"):  # without 表1 the sentences are where these figures are printed
            for key in (
                "本年收入合计",
                "使用非财政拨款结余",
                "年初结转和结余",
                "本年支出合计",
                "结余分配",
                "年末结转和结余",
            ):
                if rd.money(got.get(key)) is not None:
                    rd.put(path + (key,), rd.money(got[key]), rd.where(b))
        if "收入变动" in got:
            rd.prior(path + ("上年",), got, "收入变动", lambda f: f.totals.income_total, rd.where(b))
        why = rd.reason(got, "原因句") if "原因句" in got else rd.reason(got, "原因") if "原因" in got else None
        if why is not None:
            rd.put(path + ("原因",), why, rd.where(b))


def stated_totals(rd: Reader) -> None:
    """收入总计 / 支出总计 as 一 prints them (without 表1): kept as stated totals when the lines printed beside them do
    not add up to them; when 一 prints no lines (Shanxi), the part no sentence prints (年初 / 年末结转和结余, with
    使用非财政拨款结余 and 结余分配 taken as 0) is the printed total less 本年收入合计 / 本年支出合计 (noted)."""
    path = ("收入支出决算总体",)
    node = rd.data.get(path[0]) or {}
    for m in rd.matched:
        if m.section != "s1" or has_table(rd, "ft1"):
            continue
        for total, parts in (
            ("收入总计", ("本年收入合计", "使用非财政拨款结余", "年初结转和结余")),
            ("支出总计", ("本年支出合计", "结余分配", "年末结转和结余")),
        ):
            printed = rd.money(m.values.get(total))
            if printed is None:
                continue
            known = sum((rd.money(str(node.get(p) or 0)) or Decimal("0") for p in parts), Decimal("0"))
            if any(p in m.values for p in parts) or printed < known:
                if printed != known:
                    rd.put(path + (total,), printed, m.where)
                continue
            if printed != known:
                rd.put(path + (parts[2],), printed - known + (rd.money(str(node.get(parts[2]) or 0)) or 0), m.where)
                rd.out.notes.append(f"{m.where}：只印了{total}，{parts[2]}按{total}减{parts[0]}记入，请核对")


def s2_s3(rd: Reader, sec: Section, target: str, table: str) -> None:
    sid = sec.id
    for b in rd.paragraphs(sec):
        got = rd.series(sec, b, f"{sid}.开头", f"{sid}.项", f"{sid}.分隔", f"{sid}.结尾")
        if got is None:
            why = (
                "句式与本地区措辞不同；其中的数字表中已有，只供核对" if has_table(rd, table) else "句式与本地区措辞不同"
            )
            rd.unplaced(b, sec, why)
            continue
        total = rd.money(got[0].get("金额"))
        if not has_table(rd, "ft1") and total is not None:  # 本年收入合计 / 本年支出合计, printed here only
            key = "本年收入合计" if target == "收入决算" else "本年支出合计"
            if ("收入支出决算总体", key) not in rd.out.origin:
                rd.put(("收入支出决算总体", key), total, rd.where(b))
        if has_table(rd, table):
            continue  # the 合计 row of the table says it; the sentence is compared by the audit
        amounts = {it.get("项目", ""): rd.money(it.get("金额")) for it in got[1]}
        rd.put((target,), {k: v for k, v in amounts.items() if k and v is not None}, rd.where(b))


def s4(rd: Reader, sec: Section) -> None:
    path = ("财政拨款收支",)
    for b in rd.paragraphs(sec):
        got = rd.match(sec, b, "s4.总述", "s4.变动")
        if got is None:
            generic_change(rd, sec, b, path, lambda f: f.fiscal.total_in)
            continue
        if not has_table(rd, "ft4"):
            for key in ("年初结转和结余", "本年收入", "年末结转和结余", "本年支出"):
                if rd.money(got.get(key)) is not None:
                    rd.put(path + (key,), rd.money(got[key]), rd.where(b))
            for total, key in (("收入总计", "本年收入"), ("支出总计", "本年支出")):
                if rd.money(got.get(total)) is not None and key not in got:  # only the total is printed
                    rd.put(path + (key,), rd.money(got[total]), rd.where(b))
                    rd.out.notes.append(
                        f"{rd.where(b)} {sec.title}：只印了{total}，记为{key}（结转和结余为 0），请核对"
                    )
        if "收入变动" in got:
            rd.prior(path + ("上年",), got, "收入变动", lambda f: f.fiscal.total_in, rd.where(b))
        why = rd.reason(got, "原因句") if "原因句" in got else rd.reason(got, "原因") if "原因" in got else None
        if why is not None:
            rd.put(path + ("原因",), why, rd.where(b))
        budget_figures(rd, got, path, b)


def budget_figures(rd: Reader, got: dict, path: tuple, b) -> None:
    if rd.money(got.get("预算")) is not None:
        rd.put(path + ("年初预算",), rd.money(got["预算"]), rd.where(b))
        why = rd.reason(got, "预算原因句") if "预算原因句" in got else None
        if why:
            rd.put(path + ("预算差异原因",), why, rd.where(b))


def s5(rd: Reader, sec: Section) -> None:
    path = ("一般公共预算支出",)
    items: list[dict] = []
    classes: list[dict] = []
    for b in rd.paragraphs(sec):
        got = rd.match(sec, b, "s5.总体")
        if got is not None:
            rd.prior(path + ("上年",), got, "变动", rd.money(got.get("金额")), rd.where(b))
            why = rd.reason(got, "原因句") if "原因句" in got else rd.reason(got, "原因")
            if why is not None:
                rd.put(path + ("原因",), why, rd.where(b))
            budget_figures(rd, got, path, b)
            continue
        if s5_lists(rd, sec, b, items, classes):
            continue
        got = rd.match(sec, b, "s5.结构开头", "s5.具体开头")
        if got is not None:
            if rd.money(got.get("预算")) is not None and path + ("年初预算",) not in rd.out.origin:
                rd.put(path + ("年初预算",), rd.money(got["预算"]), rd.where(b))
            continue
        if not items and not classes:
            generic_change(rd, sec, b, path, None)
            continue
        rd.unplaced(b, sec)
    if items:
        rd.put(path + ("项",), items)
    if classes:
        rd.put(path + ("类",), classes)
    stated_general_total(rd, items or classes)


def stated_general_total(rd: Reader, lines: list[dict]) -> None:
    """一般公共预算支出 合计 as 五(一) prints it, kept when it is not the sum of the 项 (or 类) listed."""
    printed = next((rd.money(m.values.get("金额")) for m in rd.matched if m.phrase == "s5.总体"), None)
    if printed is None or not lines:
        return
    computed = sum((rd.money(str(x.get("金额"))) or Decimal("0") for x in lines), Decimal("0"))
    if printed != computed:
        where = next(m.where for m in rd.matched if m.phrase == "s5.总体")
        rd.put(("一般公共预算支出", "合计"), printed, where)


def s5_lists(rd: Reader, sec: Section, b, items: list, classes: list) -> bool:
    sep, end = rd.book.text("s5.类分隔"), rd.book.text("s5.类结尾")
    for tail in (end, sep, ""):
        if tail and not b.text.endswith(tail):
            continue
        text = b.text[: len(b.text) - len(tail)] if tail else b.text
        if rd.book.match("s5.类", text) is not None:
            rd._record(sec, "s5.类", rd.book.match("s5.类", text) or {}, b)
            return True
    got = rd.match(sec, b, "s5.项")
    if got is not None:
        code = code_for(rd, [got.get("类名"), got.get("款名"), got.get("项名")], got.get("编码"))
        amount = rd.money(got.get("金额"))
        item: dict = {"编码": code or "", "金额": amount}
        delta = rd.change(got, "变动")
        item["上年"] = amount - delta if amount is not None and delta is not None else amount
        item["原因"] = (got.get("原因") or "").strip()
        if not code:
            rd.unplaced(b, sec, f"“{got.get('项名')}”找不到科目编码（表5 中无此项）")
            return True
        items.append(plain(item))
        rd.out.origin[("一般公共预算支出", "项", len(items) - 1)] = rd.where(b)
        return True
    got = rd.match(sec, b, "s5.类明细")
    if got is not None:
        code = code_for(rd, [got.get("类名")], None)
        amount = rd.money(got.get("金额"))
        entry: dict = {"编码": code or "", "金额": amount}
        if rd.money(got.get("预算")) is not None:
            entry["年初预算"] = rd.money(got["预算"])
        delta = rd.change(got, "变动")
        if delta is not None and amount is not None:
            entry["上年"] = amount - delta
        why = rd.reason(got, "原因句") if "原因句" in got else None
        if why:
            entry["原因"] = why
        if not code:
            rd.unplaced(b, sec, f"“{got.get('类名')}”找不到科目编码")
            return True
        classes.append(plain(entry))
        return True
    return False


def plain(d: dict) -> dict:
    from ..numtext import dec_text

    return {k: dec_text(v) if isinstance(v, Decimal) else v for k, v in d.items() if v is not None}


def code_for(rd: Reader, names: list, given: str | None) -> str | None:
    """The 功能分类 code printed as 类名(类)款名(款)项名(项): among the codes of the report's tables first, then the
    catalogue of the year; each name must be its level's name."""
    if given and given.isdigit():
        return given
    names = [re.sub(r"\s+", "", n) for n in names if n]
    if not names:
        return None
    year = int(rd.data["报告"]["年度"])
    level = {1: 3, 2: 5, 3: 7}[len(names)]
    rows: list = []
    for value in rd.data.values():  # the rows of every table of the input (预算: 支出总表 …; 决算: 决算表.…)
        tables = [value] + (list(value.values()) if isinstance(value, dict) else [])
        for table in tables:
            if isinstance(table, dict) and isinstance(table.get("行"), list):
                rows += [r for r in table["行"] if isinstance(r, dict)]
    known = catalogue_names(year, False, rows)
    in_tables = {str(r.get("科目")) for r in rows if isinstance(r, dict)}
    candidates = sorted(known.get(names[-1], []), key=lambda c: c not in in_tables)
    for code in candidates:
        if len(code) != level:
            continue
        parents = [code[:3], code[:5], code[:7]][: len(names)]
        if all(code_named(known, p, n) for p, n in zip(parents, names, strict=True)):
            return code
    return None


def code_named(known: dict, code: str, name: str) -> bool:
    return code in known.get(name, [])


def s6(rd: Reader, sec: Section) -> None:
    path = ("基本支出",)
    sep = rd.book.text("通用.顿号") or "、"
    for b in rd.paragraphs(sec):
        got = rd.match(sec, b, "s6.开头", "s6.人员经费", "s6.公用经费")
        if got is None:
            _basic_generic(rd, sec, b, sep)
            continue
        for key, names in (("人员经费", "人员明细"), ("公用经费", "公用明细")):
            if rd.money(got.get(key)) is not None:
                rd.put(path + (key,), rd.money(got[key]), rd.where(b))
            if got.get(names):
                rd.put(path + (key + "科目",), split_list(got[names], sep), rd.where(b))
        parts = [rd.money(got.get(k)) for k in ("人员经费", "公用经费")]
        total = rd.money(got.get("金额"))
        if total is not None and None not in parts and total != sum(p for p in parts if p is not None):
            rd.put(path + ("合计",), total, rd.where(b))  # as published (its parts were rounded from 元)


_BASIC = re.compile(r"基本支出([\d,]+(?:\.\d+)?)万元")
_PART = re.compile(r"(人员经费|公用经费)([\d,]+(?:\.\d+)?)万元(?:，?(?:主要)?包括[：:]?(.+?)(?:等)?(?:[；;。]|$))?")


def _basic_generic(rd: Reader, sec: Section, b, sep: str) -> None:
    """六 in another report's words: 基本支出 X 万元，其中：人员经费 A 万元，主要包括：…；公用经费 B 万元，…"""
    parts = {m.group(1): m for m in _PART.finditer(compact(b.text))}
    if not parts:
        rd.unplaced(b, sec)
        return
    w = rd.where(b)
    for key, m in parts.items():
        rd.put(("基本支出", key), Decimal(m.group(2).replace(",", "")), w)
        if m.group(3):
            rd.put(("基本支出", key + "科目"), split_list(m.group(3), sep), w)
    total = _BASIC.search(compact(b.text))
    if total and len(parts) == 2:
        printed = Decimal(total.group(1).replace(",", ""))
        if printed != sum(Decimal(m.group(2).replace(",", "")) for m in parts.values()):
            rd.put(("基本支出", "合计"), printed, w)  # a stated total (the publisher summed 元 amounts)
    rd.out.notes.append(f"{w} {sec.title}：按通用句式读取人员经费、公用经费及其科目，请核对")


def has_table(rd: Reader, lid: str) -> bool:
    return any(i == lid for i, _title in rd.out.tables.values())


def generic_change(rd: Reader, sec: Section, b, path: tuple, current) -> bool:
    """A sentence in another report's words: its reason and its change against last year, if it states them. The
    paragraph is listed as not placed either way (what else it says has no place in the input)."""
    why = _WHY.search(compact(b.text))
    change = _CHANGE.search(compact(b.text))
    if not why and not change and not _SAME.search(compact(b.text)):
        rd.unplaced(b, sec, "句式与本地区措辞不同，没有对应的输入项")
        return False
    if (
        path + ("原因",) in rd.out.origin
        or path + ("上年",) in rd.out.origin
        or any(d.path == path + ("上年",) for d in rd.deferred)
    ):
        rd.unplaced(b, sec, "句式与本地区措辞不同")
        return True  # the section's own figure was read from an earlier sentence
    if why:
        rd.put(path + ("原因",), why.group(1).strip(), rd.where(b))
    if change or _SAME.search(compact(b.text)):
        delta = Decimal(change.group(2).replace(",", "")) if change else Decimal("0")
        delta = -delta if change and change.group(1) == "减少" else delta
        from .texts import Deferred

        if current is None:
            amounts = re.findall(r"([\d,]+(?:\.\d+)?)万元", compact(b.text))
            if amounts:
                rd.put(path + ("上年",), Decimal(amounts[0].replace(",", "")) - delta, rd.where(b))
        else:
            rd.deferred.append(Deferred(path + ("上年",), delta, current, rd.where(b)))
    rd.out.notes.append(f"{rd.where(b)} {sec.title}：按通用句式读取上年数与原因，请核对")
    rd.unplaced(b, sec, "句式与本地区措辞不同，只读取了上年数与原因")
    return True
