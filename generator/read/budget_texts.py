"""The 预算 sections read back (templates/base/budget/ and phrases/预算.yml): which phrase prints which input field.

The figures of 第三部分 come from the 公开表 (already placed); the texts give the reasons and last year's figures
(收入预算说明, 支出预算说明, 一般公共预算拨款说明, 三公经费, 机关运行经费), the 用途 of 四 and 十一, the project notes
of 七 and the figures 十二 alone prints (政府采购, 国有资产).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .document import Block
from .final_sections import code_for, plain
from .outline import Section, flat
from .texts import Reader, glossary, sections_by_id, split_list

INCOME = {  # label as computed -> 收入预算说明 key
    "一般公共预算": "一般公共预算",
    "上级一般公共预算安排的转移支付资金": "上级一般公共预算转移支付",
    "政府性基金预算": "政府性基金预算",
    "上级政府性基金安排的转移支付资金": "上级政府性基金转移支付",
    "国有资本经营预算": "国有资本经营预算",
    "上级国有资本经营预算安排的转移支付资金": "上级国有资本经营转移支付",
    "单位资金": "单位资金",
    "财政拨款结转": "财政拨款结转",
    "非财政拨款结转结余": "非财政拨款结转结余",
}
SANGONG = {"因公出国（境）费": "因公出国境费", "公务用车购置费": "公务用车购置费", "公务用车运行费": "公务用车运行费"}
SANGONG |= {"公务接待费": "公务接待费"}


def _labels(rd: Reader, names) -> dict[str, str]:
    """Printed name -> name as computed: a region may print a category under another name (phrase 名称.X)."""
    out = {}
    for name in names:
        printed = rd.book.text(f"名称.{name}") or name
        out[flat(printed)] = name
        out[flat(name)] = name
    return out


def _change_note(rd: Reader, got: dict, path: tuple, current: Decimal | None, where: str) -> None:
    """上年 (from the printed change) and 原因 of one 说明 entry."""
    delta = rd.change(got, "变动") if got.get("变动") else None
    if delta is not None and current is not None:
        rd.put(path + ("上年",), current - delta, where)
    why = got.get("原因")
    if why:
        rd.put(path + ("原因",), why.strip(), where)


def overview(rd: Reader, sec: Section) -> None:
    lines: list[str] = []
    for b in rd.paragraphs(sec):
        got = rd.match(sec, b, "概况.职能引言") if not lines else None
        if got is not None and rd.book.text("概况.职能引言") != "{引言}":
            rd.put(("概况", "主要职能引言"), got.get("引言", ""), rd.where(b))
            continue
        lines.append(b.text)
    if lines and re.search(r"[：:]$", lines[0]) and len(lines) > 1:  # 引言 printed as its own paragraph
        rd.put(("概况", "主要职能引言"), lines.pop(0))
    rd.put(("概况", "主要职能"), "\n".join(lines))


def organisation(rd: Reader, sec: Section) -> None:
    sep = rd.book.text("概况.顿号") or "、"
    org = ("概况", "机构设置")
    units: list[str] = []
    for b in rd.paragraphs(sec):
        w = rd.where(b)
        many = rd.series(sec, b, "概况.人员", "概况.人员项", "概况.人员分隔", "概况.人员结尾")
        if many is not None:
            head, items = many
            staff: dict = {"编制数": (head.get("编制数") or "0").replace(",", "")}
            labels = _labels(rd, ("在职", "退休", "离休"))
            for it in items:
                kind = labels.get(flat(it.get("类别") or ""))
                if kind:
                    staff[kind] = (it.get("人数") or "0").replace(",", "")
                    delta = (it.get("变动人数") or "0").replace(",", "")
                    staff[kind + "变动"] = delta if it.get("增减") != "减少" else "-" + delta
            rd.put(("概况", "人员"), staff, w)
            continue
        got = rd.match(sec, b, "概况.无下属单位", "概况.内设机构")
        if got is not None:
            offices = split_list(got.get("处室", ""), sep)
            rd.put(org + ("内设机构",), offices, w)
            if got.get("处室数") and int(got["处室数"].replace(",", "")) != len(offices):
                rd.put(org + ("内设机构数",), got["处室数"].replace(",", ""))
            continue
        got = rd.match(sec, b, "概况.单位构成", "概况.汇总预算")
        if got is not None:
            for key in ("行政单位数", "事业单位数"):
                if got.get(key):
                    rd.put(org + (key,), got[key].replace(",", ""), w)
            continue
        got = rd.match(sec, b, "概况.下属单位项")
        if got is not None:
            units.append(got.get("名称", ""))
            continue
        rd.unplaced(b, sec)
    rd.put(org + ("下属单位",), units)


def s2_s3(rd: Reader, sec: Section, node: str, labels: dict) -> None:
    printed = set()
    for b in rd.paragraphs(sec):
        got = rd.match(sec, b, f"{sec.id}.项")
        if got is not None:
            key = labels.get(flat(got.get("项目") or ""))
            if key is None:
                rd.unplaced(b, sec, f"“{got.get('项目')}”不是已知的收支项目")
                continue
            key = INCOME.get(key, key)
            printed.add(key)
            if got.get("变动") or got.get("原因"):
                _change_note(rd, got, (node, key), rd.money(got.get("金额")), rd.where(b))
            continue
        if rd.match(sec, b, f"{sec.id}.开头", f"{sec.id}.未安排") is None:
            rd.unplaced(b, sec)
    # a source said 未安排, or left out, has neither an amount nor a 上年 (the sentence prints only then)
    for key in {INCOME.get(v, v) for v in labels.values()} - printed:
        entry = (rd.data.get(node) or {}).get(key)
        if not isinstance(entry, dict) or entry.get("上年") is None:
            rd.put((node, key, "上年"), Decimal("0"))


def s4(rd: Reader, sec: Section) -> None:
    for b in rd.paragraphs(sec):
        if rd.match(sec, b, "s4.总述", "s4.仅一般公共预算", "s4.收入") is not None:
            continue
        got = rd.series(
            sec,
            b,
            "s4.支出开头",
            "s4.类",
            "s4.类分隔",
            "s4.类结尾",
            lambda v: code_for(rd, [v.get("类名")], None) is not None,
        )
        if got is None:
            rd.unplaced(b, sec)
            continue
        for it in got[1]:
            code = code_for(rd, [it.get("类名")], None)
            if code and it.get("用途"):
                rd.put(("财政拨款支出用途", code), it["用途"], rd.where(b))
            elif not code:
                rd.unplaced(b, sec, f"“{it.get('类名')}”找不到科目编码")


def s5(rd: Reader, sec: Section) -> None:
    labels = _labels(rd, ("基本支出", "项目支出"))
    for b in rd.paragraphs(sec):
        w = rd.where(b)
        got = rd.book.match("s5.规模", b.text)
        key = labels.get(flat(got.get("项目") or "")) if got is not None else None
        if got is not None and key is not None:  # 基本支出 / 项目支出 (a 项 line may fit the phrase too)
            rd._record(sec, "s5.规模", got, b)
            if got.get("变动") or got.get("原因"):
                _change_note(rd, got, ("一般公共预算拨款说明", key), rd.money(got.get("金额")), w)
            continue
        got = rd.match(sec, b, "s5.项")
        if got is not None:
            _item(rd, sec, b, got)
            continue
        if rd.match(sec, b, "s5.开头", "s5.类") is None:
            rd.unplaced(b, sec)


def _item(rd: Reader, sec: Section, b, got: dict) -> None:
    subject = rd.book.match("s5.科目", got.get("科目") or "") or {}
    code = code_for(rd, [subject.get("类名"), subject.get("款名"), subject.get("项名")], subject.get("编码"))
    if not code:
        rd.unplaced(b, sec, f"“{got.get('科目')}”找不到科目编码")
        return
    if got.get("变动") or got.get("原因"):
        _change_note(rd, got, ("一般公共预算拨款说明", "项", code), rd.money(got.get("金额")), rd.where(b))
        entry = rd.data["一般公共预算拨款说明"]["项"][code]
        entry.setdefault("上年", plain({"x": rd.money(got.get("金额"))})["x"])
        if subject.get("项名") and not _catalogued(rd, code, subject["项名"]):
            entry["名称"] = subject["项名"]


def _catalogued(rd: Reader, code: str, name: str) -> bool:
    from .. import catalog

    return flat(catalog.function_name(code, int(rd.data["报告"]["年度"])) or "") == flat(name)


def s7(rd: Reader, sec: Section) -> None:
    """七: a block per project (title, 政策依据, 规模, 承担单位, 资金分配, 执行时间), matched to its 表7 row by name,
    else by its amount (a note may name a project otherwise than 表7 does)."""
    fields = {
        "s7.政策依据": "政策依据",
        "s7.承担单位": "承担单位",
        "s7.资金分配": "资金分配",
        "s7.执行时间": "执行时间",
    }
    notes: list[tuple[dict, Decimal | None, str, object]] = []  # (note, amount, name, title block)
    for block in sec.items:
        if not isinstance(block, Block):
            continue
        text = block.text
        got = rd.book.match("s7.项目标题", text)
        if got is not None:
            rd._record(sec, "s7.项目标题", got, block)
            notes.append(
                ({"序号": str(len(notes) + 1), "项目名称": got.get("名称", "")}, None, got.get("名称", ""), block)
            )
            continue
        if rd.match(sec, block, "s7.无项目") is not None:
            continue
        got = rd.match(sec, block, "s7.规模")
        if got is not None and notes:
            notes[-1] = (notes[-1][0], rd.money(got.get("金额")), notes[-1][2], notes[-1][3])
            continue
        name = next((n for n in fields if rd.book.match(n, text) is not None), None)
        if name is not None and notes:
            notes[-1][0][fields[name]] = (rd.match(sec, block, name) or {}).get("内容", "")
            continue
        if not heading_like(block):
            rd.unplaced(block, sec)
    projects = rd.data.get("一般公共预算项目支出") or []
    amounts = [_project_amount(p) for p in projects]
    for k, note, block in _match_items(projects, amounts, [(n[2], n[1]) for n in notes], [n[0] for n in notes], notes):
        if k is None:
            rd.unplaced(block, sec, "表7 中没有这个项目")
            continue
        if flat(note["项目名称"]) == flat(projects[k].get("项目名称", "")):
            del note["项目名称"]
        projects[k]["说明"] = note
        rd.out.origin[("一般公共预算项目支出", k, "说明")] = rd.where(block)


def _project_amount(p: dict) -> Decimal:
    if p.get("合计") not in (None, ""):
        return Decimal(str(p["合计"]))
    keys = [k for k in p if k not in ("单位", "科目", "名称", "项目名称", "合计", "说明")]
    return sum((Decimal(str(p[k] or 0)) for k in keys), Decimal("0"))


def _match_items(rows: list[dict], amounts: list[Decimal], keys: list[tuple[str, Decimal | None]], notes, extra):
    """(row index or None, note, block) for every note: the row of the same name, else the first unused row of the
    same amount."""
    used: set[int] = set()
    out = []
    for (name, amount), note, ex in zip(keys, notes, extra, strict=True):
        k = next((i for i, r in enumerate(rows) if i not in used and flat(r.get("项目名称", "")) == flat(name)), None)
        if k is None and amount is not None:
            k = next((i for i, a in enumerate(amounts) if i not in used and a == amount), None)
        if k is not None:
            used.add(k)
        out.append((k, note, ex[-1] if isinstance(ex, tuple) else ex))
    return out


def heading_like(block) -> bool:
    from .outline import heading_level

    return bool(heading_level(block))


def s10(rd: Reader, sec: Section) -> None:
    labels = _labels(rd, SANGONG)
    amounts: dict[str, Decimal] = {}
    for b in rd.paragraphs(sec):
        got = rd.series(sec, b, "s10.总述", "s10.项", "s10.项分隔", "s10.项结尾")
        if got is not None:
            for it in got[1]:
                key = SANGONG.get(labels.get(flat(it.get("项目") or ""), ""))
                if key and rd.money(it.get("金额")) is not None:
                    amounts[key] = rd.money(it["金额"])  # type: ignore[assignment]
            continue
        got = rd.series(sec, b, "s10.变动", "s10.变动项", "s10.变动项分隔", "s10.变动项结尾")
        if got is None:
            rd.unplaced(b, sec)
            continue
        for it in got[1]:
            key = SANGONG.get(labels.get(flat(it.get("项目") or ""), ""))
            if key is None:
                continue
            delta = rd.change(it, "变动", "s10.变动项") if it.get("变动") else None
            if delta is not None and key in amounts:
                rd.put(("三公经费", key, "上年"), amounts[key] - delta, rd.where(b))
            if it.get("原因"):
                rd.put(("三公经费", key, "原因"), it["原因"], rd.where(b))


def s11(rd: Reader, sec: Section) -> None:
    notes: list[tuple[dict, Decimal | None, Block]] = []
    for b in rd.paragraphs(sec):
        if rd.match(sec, b, "s11.总述") is not None:
            continue
        got = rd.match(sec, b, "s11.项")
        if got is None:
            rd.unplaced(b, sec)
            continue
        note: dict = {"序号": got.get("数字") or str(len(notes) + 1), "项目名称": got.get("名称", "")}
        if got.get("用途"):
            note["用途"] = got["用途"]
        notes.append((note, rd.money(got.get("金额")), b))
    carry = rd.data.get("上年结转结余") or []
    amounts = [_carry_amount(c) for c in carry]
    keys = [(n["项目名称"], a) for n, a, _b in notes]
    for k, note, block in _match_items(carry, amounts, keys, [n for n, _a, _b in notes], [b for _n, _a, b in notes]):
        if k is None:
            rd.unplaced(block, sec, "表11 中没有这个项目")
            continue
        if flat(note["项目名称"]) == flat(carry[k].get("项目名称", "")):
            del note["项目名称"]
        carry[k]["说明"] = note
        rd.out.origin[("上年结转结余", k, "说明")] = rd.where(block)


def _carry_amount(c: dict) -> Decimal:
    total = Decimal("0")
    for group in ("财政拨款", "非财政拨款"):
        for v in (c.get(group) or {}).values():
            total += Decimal(str(v or 0))
    return total


ASSETS = {  # phrase -> {placeholder: 国有资产 key}
    "s12.房屋": {"面积": "房屋面积", "价值": "房屋价值"},
    "s12.家具": {"价值": "办公家具价值"},
    "s12.其他资产": {"价值": "其他资产价值"},
    "s12.大型设备": {"五十万": "大型设备50万元以上", "百万": "大型设备100万元以上"},
    "s12.购置": {
        "购置车辆": "本年购置车辆",
        "五十万": "本年购置大型设备50万元以上",
        "百万": "本年购置大型设备100万元以上",
    },
}


def s12(rd: Reader, sec: Section) -> None:
    others: list[str] = []
    for b in rd.paragraphs(sec):
        w = rd.where(b)
        got = rd.match(sec, b, "s12.运行经费")
        if got is not None:
            for key in ("行政单位数", "事业单位数"):  # a region's sentence may count the units (概况 holds them)
                if got.get(key) and ("概况", "机构设置", key) not in rd.out.origin:
                    rd.put(("概况", "机构设置", key), got[key].replace(",", ""), w)
            if got.get("变动") or got.get("原因"):
                rd.data["机关运行经费"] = rd.data.get("机关运行经费") or {}
                _change_note(rd, got, ("机关运行经费",), rd.money(got.get("金额")), w)
            continue
        got = rd.match(sec, b, "s12.采购", "s12.中小企业")
        if got is not None:
            for key in ("货物", "工程", "服务", "中小企业", "小微企业"):
                if rd.money(got.get(key)) is not None:
                    rd.put(("政府采购", key), rd.money(got[key]), w)
            continue
        got = rd.match(sec, b, "s12.资产开头")
        if got is not None:
            rd.put(("国有资产", "截至"), got.get("截至", ""), w)
            continue
        if _assets(rd, sec, b):
            continue
        got = rd.match(sec, b, "s12.绩效简", "s12.绩效详")
        if got is not None:
            _perf_counts(rd, got, w)
            continue
        if rd.match(sec, b, "s12.无其他") is not None:
            continue
        got = rd.match(sec, b, "s12.其他项")
        if got is not None:
            others.append(got.get("内容", b.text))
            continue
        rd.unplaced(b, sec)
    rd.put(("其他需说明事项",), others)


def _assets(rd: Reader, sec: Section, b) -> bool:
    w = rd.where(b)
    for phrase, keys in ASSETS.items():
        got = rd.match(sec, b, phrase)
        if got is not None:
            for placeholder, key in keys.items():
                if got.get(placeholder):
                    rd.put(("国有资产", key), got[placeholder].replace(",", ""), w)
            return True
    many = rd.series(sec, b, "s12.车辆", "s12.车辆项", "s12.车辆项分隔", "s12.车辆项结尾")
    if many is None:
        return False
    labels = _labels(rd, ("一般公务用车", "执法执勤用车", "其他车辆"))
    for it in many[1]:
        kind = labels.get(flat(it.get("类别") or ""))
        if kind:
            value = rd.money(it.get("价值")) or Decimal("0")
            rd.put(
                ("国有资产", kind),
                {"数量": (it.get("数量") or "0").replace(",", ""), "价值": plain({"x": value})["x"]},
                w,
            )
    return True


def _perf_counts(rd: Reader, got: dict, where: str) -> None:
    """预算绩效.未公开项目数/金额: the projects the sentence counts beyond the 绩效目标表 printed."""
    tables = rd.data.get("项目支出绩效目标表") or []
    printed = got.get("项目个数") or got.get("财政拨款个数")
    if printed and printed.isdigit():
        extra = (
            int(printed) - len(tables)
            if got.get("项目个数")
            else int(printed) - sum(1 for t in tables if rd.money(str(t.get("财政拨款") or "0")))
        )
        if extra > 0:
            rd.put(("预算绩效", "未公开项目数"), str(extra), where)
    amount = rd.money(got.get("财政拨款金额"))
    if amount is not None:
        typed = sum((rd.money(str(t.get("财政拨款") or "0")) or Decimal("0") for t in tables), Decimal("0"))
        if amount - typed > 0:
            rd.put(("预算绩效", "未公开项目金额"), amount - typed, where)


def read_budget(rd: Reader, out) -> None:
    secs = sections_by_id(out)
    income = _labels(rd, INCOME)
    spend = _labels(rd, ("基本支出", "项目支出"))
    readers = {
        "p1-1": overview,
        "p1-2": organisation,
        "s2": lambda r, s: s2_s3(r, s, "收入预算说明", income),
        "s3": lambda r, s: s2_s3(r, s, "支出预算说明", spend),
        "s4": s4,
        "s5": s5,
        "s7": s7,
        "s10": s10,
        "s11": s11,
        "s12": s12,
    }
    for sid, sec in secs.items():
        reader = readers.get(sid)
        if reader is not None:
            reader(rd, sec)
        elif sid.startswith("s"):
            for b in rd.paragraphs(sec):  # 一, 六, 八, 九: figures of the tables only (compared by the audit)
                if not any(rd.match(sec, b, n) is not None for n in _phrases_of(rd, sid)):
                    rd.unplaced(b, sec)
    glossary(rd, out, "名词解释", ":", continued=False)


def _phrases_of(rd: Reader, sid: str) -> list[str]:
    return [n for n in rd.book.book if n.startswith(sid + ".")]
