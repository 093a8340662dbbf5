"""``disclose rollover``: next year's input from this year's.

* 年度 + 1; this year's figures become the 上年 figures the new report compares against (computed from this year's
  input, so a 上年 is exactly what this year's report printed);
* this year's figures are emptied (tables, 三公 sources, 政府采购, 国有资产, project amounts);
* every text is kept as a draft, prefixed with :data:`DRAFT` — ``disclose check`` warns once per text still
  marked (rule 草稿文字), so last year's wording is not published by accident;
* acknowledged findings (已知问题) of this year's published report are dropped.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from .. import catalog
from ..load.store import Store
from ..numtext import dec_text
from ..tables import Registry, builtin, region_registry

DRAFT = "【待修改】"
# keys whose text values are narrative wording (marked as drafts); names, units and codes are kept as they are
TEXT_KEYS = {
    "主要职能引言",
    "主要职能",
    "原因",
    "用途",
    "政策依据",
    "资金分配",
    "执行时间",
    "预算差异原因",
    "开支内容",
    "说明",
    "其他用车说明",
    "落款日期",
    "成效",
    "问题",
    "改进措施",
    "中差项目改进措施",
    "部门评价",
}
# 预算: sections holding this year's figures only (emptied; the shape of each stays so the input still loads): every
# described table with an input of its own (generator/tables) except the projects, whose names and texts are kept
EMPTY_BY_FORM = {"科目表": {"行": []}, "结转表": [], "收支总表": {}}
OTHER_FIGURES: dict[str, Any] = {"上年结转结余总计": {}, "政府采购": {}, "项目支出绩效目标表": []}


def budget_empty(registry: Registry) -> dict:
    """The input keys of this year's figures and what each becomes in next year's draft."""
    tables = {d.输入: EMPTY_BY_FORM[d.形式] for d in registry if d.形式 in EMPTY_BY_FORM and len(d.path) == 1}
    return {**tables, **OTHER_FIGURES}


def mark(value):
    """Prefix every narrative text under *value* with the draft marker (idempotent)."""
    if isinstance(value, dict):
        return {k: (_mark_text(v) if k in TEXT_KEYS and isinstance(v, str) else mark(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [mark(v) for v in value]
    return value


def _mark_text(text: str) -> str:
    if not text.strip() or text.startswith(DRAFT):
        return text
    return DRAFT + text


def _prior(amount: Decimal, reason: str = "") -> dict:
    out = {"上年": dec_text(amount)}
    if reason:
        out["原因"] = _mark_text(reason)
    return out


def keep_name(row: dict, code: str, printed: str, year: int) -> dict:
    """*row* with ``名称`` = the name this year's report printed for *code* when that name does not come from the
    verified catalogue (typed with the code, supplied or from the unverified list): next year prints the same name
    even if the unverified list changes. A typed ``名称`` stays as typed; a verified name is left to the catalogue."""
    if printed and not row.get("名称") and printed != catalog.verified_name(code, year):
        row = {**row, "名称": printed}
    return row


def rollover_budget(data: dict, figures, registry: Registry | None = None) -> dict:
    f = figures
    out = dict(data)
    meta = dict(out["报告"])
    meta["年度"] = str(int(meta["年度"]) + 1)
    if meta.get("落款日期"):
        meta["落款日期"] = ""
    out["报告"] = meta
    for key, empty in budget_empty(registry or builtin("预算")).items():
        if key in out:
            out[key] = copy.deepcopy(empty)
    old = data
    # 上年 figures: what this year's report printed
    notes = {}
    for item in f.income_items:
        reason = ((old.get("收入预算说明") or {}).get(item.key) or {}).get("原因", "")
        if item.amount or reason:
            notes[item.key] = _prior(item.amount, reason)
    out["收入预算说明"] = notes
    spend = {}
    for item in f.spend:
        reason = ((old.get("支出预算说明") or {}).get(item.label) or {}).get("原因", "")
        spend[item.label] = _prior(item.amount, reason)
    out["支出预算说明"] = spend
    general = {}
    old_g = old.get("一般公共预算拨款说明") or {}
    for item in f.general_split:
        general[item.label] = _prior(item.amount, (old_g.get(item.label) or {}).get("原因", ""))
    items = {}
    for item in f.general_items:
        if item.amount:
            note = (old_g.get("项") or {}).get(item.code) or {}
            named = keep_name({"名称": note["名称"]} if note.get("名称") else {}, item.code, item.name, f.year)
            items[item.code] = {**_prior(item.amount, note.get("原因", "")), **named}
    general["项"] = items
    out["一般公共预算拨款说明"] = general
    out["机关运行经费"] = _prior(f.basic.public, (old.get("机关运行经费") or {}).get("原因", ""))
    sangong = {}
    labels = {n.key: n for n in f.sangong.items}
    for key, n in labels.items():
        reason = ((old.get("三公经费") or {}).get(key) or {}).get("原因", "")
        sangong[key] = _prior(n.amount, reason)
    out["三公经费"] = sangong
    # projects of this year are the likely projects of next year: names and texts kept, amounts emptied
    projects = []
    printed = {r.path[1]: r.name for r in f.t7.rows if r.kind == "project"}
    for i, p in enumerate(old.get("一般公共预算项目支出") or []):
        keep = {k: v for k, v in p.items() if k in ("单位", "科目", "名称", "项目名称", "说明")}
        projects.append(keep_name(keep, str(p.get("科目", "")), printed.get(i, ""), f.year))
    out["一般公共预算项目支出"] = projects
    assets = dict(old.get("国有资产") or {})
    out["国有资产"] = {"截至": ""} if assets else {}
    if "预算绩效" in out:
        out["预算绩效"] = {}
    out.pop("已知问题", None)
    if isinstance(out.get("财政拨款支出用途"), dict):
        out["财政拨款支出用途"] = {
            k: _mark_text(v) if isinstance(v, str) else v for k, v in out["财政拨款支出用途"].items()
        }
    if isinstance(out.get("其他需说明事项"), list):
        out["其他需说明事项"] = [_mark_text(v) if isinstance(v, str) else v for v in out["其他需说明事项"]]
    dept = out.get("部门整体绩效目标表")
    if isinstance(dept, dict) and isinstance(dept.get("资金"), dict):
        dept = dict(dept)
        dept["资金"] = {k: "0" for k in dept["资金"]}
        out["部门整体绩效目标表"] = dept
    return mark(out)


def _zeroed(d: dict | None, keep=("原因", "预算差异原因", "开支内容", "说明")) -> dict:
    """*d* with every figure 0 and its texts kept (marked later)."""
    return {
        k: (v if k in keep or not isinstance(v, str) else "0")
        for k, v in (d or {}).items()
        if not isinstance(v, (dict, list))
    }


def rollover_final(data: dict, report, figures=None) -> dict:
    """决算: 上年 = this year's 决算 figures (the same figures check --prior compares); this year's emptied; a 类/项
    keeps the name the report printed (see :func:`keep_name`)."""
    from ..checks.prior import final_current

    cur = final_current(report, None)
    out = dict(data)
    meta = dict(out["报告"])
    year = int(meta["年度"])
    meta["年度"] = str(year + 1)
    out["报告"] = meta
    t = _zeroed(out.get("收入支出决算总体"))
    t.pop("收入总计", None)
    t.pop("支出总计", None)
    t["上年"] = dec_text(cur["收入支出决算总计"])
    out["收入支出决算总体"] = t
    for key in ("收入决算", "支出决算"):
        if key in out:
            out[key] = {}
    fz = _zeroed(out.get("财政拨款收支"))
    fz.pop("年初预算", None)
    fz["上年"] = dec_text(cur["财政拨款收入支出决算总计"])
    out["财政拨款收支"] = fz
    old_g = out.get("一般公共预算支出") or {}
    g = _zeroed(old_g)
    for k in ("合计", "年初预算", "全年预算"):
        g.pop(k, None)
    g["上年"] = dec_text(cur["一般公共预算财政拨款支出"])
    printed = {}
    if figures is not None:
        printed = {x.path: x.name for x in (*figures.general.items, *figures.general.classes) if len(x.path) == 3}
    for level in ("类", "项"):
        rows = []
        for n, row in enumerate(old_g.get(level) or []):
            amount = cur.get(f"一般公共预算 {level} {row.get('编码')}", Decimal(0))
            new = {k: row[k] for k in ("编码", "名称", "原因", "用途") if k in row}
            new = keep_name(new, str(row.get("编码", "")), printed.get(("一般公共预算支出", level, n), ""), year)
            new.update({"金额": "0", "上年": dec_text(amount)})
            rows.append(new)
        if rows:
            g[level] = rows
    out["一般公共预算支出"] = g
    basic = dict(out.get("基本支出") or {})
    basic.update({"人员经费": "0", "公用经费": "0"})
    basic.pop("合计", None)
    out["基本支出"] = basic
    for key in ("政府性基金", "国有资本经营"):
        if key in out:
            out[key] = None
    s = dict(out.get("三公经费") or {})
    for key in ("因公出国", "公务用车购置", "公务用车运行维护", "公务接待"):
        item = {k: v for k, v in (s.get(key) or {}).items() if k in ("原因", "预算差异原因", "开支内容")}
        item["上年"] = dec_text(cur[f"三公 {key}"])
        s[key] = item
    s.pop("固定资产车辆", None)
    out["三公经费"] = s
    if out.get("机关运行经费"):
        out["机关运行经费"] = {
            "金额": "0",
            "上年": dec_text(cur["机关运行经费"]),
            "原因": (out["机关运行经费"] or {}).get("原因", ""),
        }
    for key in ("政府采购", "国有资产"):
        if key in out:
            out[key] = {}
    for key in ("单位整体支出绩效自评表", "已知问题"):
        out.pop(key, None)
    if isinstance(out.get("预算绩效"), dict):  # its amounts are this year's; its texts stay as drafts
        out["预算绩效"] = {k: v for k, v in out["预算绩效"].items() if not k.endswith("项目支出")}
    if "项目支出绩效自评表" in out:
        out["项目支出绩效自评表"] = []
    if isinstance(out.get("决算表"), dict):
        out["决算表"] = {k: {"行": []} for k in out["决算表"]}
    if isinstance(out.get("其他需说明事项"), list):
        out["其他需说明事项"] = [_mark_text(v) if isinstance(v, str) else v for v in out["其他需说明事项"]]
    return mark(out)


def rollover(path, outdir, force: bool = False, templates=None, catalog=None) -> list:
    """Write next year's input for the input *path* (with the overlay *templates*, if any) into *outdir*. *catalog*:
    the code names this year's report was rendered with (``--catalog``); a name it supplies is written into next
    year's input beside its code (keep_name), so next year needs the file no more."""
    from ..pipeline import prepare

    p = prepare(path, templates, catalog)
    store = Store(path)
    if p.report.报告.类型 == "预算":
        store.data = rollover_budget(store.data, p.figures, region_registry("预算", p.region.dirs))
    else:
        store.data = rollover_final(store.data, p.report, p.figures)
    for key in store.data:
        store.owner.setdefault(key, [store.default_file])
    year = int(store.data["报告"]["年度"])
    return store.write(
        outdir,
        force,
        note=f"由 disclose rollover 生成的 {year} 年草稿：上年数为 {year - 1} 年的数字，"
        f"本年数待填，带“{DRAFT}”的文字需改写后删去该标记",
    )
