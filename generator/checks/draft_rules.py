"""Rules for inputs that are not finished yet: a draft text (``disclose rollover``) and a report without figures
(``disclose init`` / ``rollover`` before the figures are typed or imported from Excel)."""

from __future__ import annotations

from ..model.budget import PROJECT_COLUMNS
from .registry import Finding, rule

DRAFT = "【待修改】"  # the marker rollover puts before last year's texts (generator/scaffold/rollover.py)


def _drafts(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _drafts(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _drafts(v, path + (i,))
    elif isinstance(value, str) and value.startswith(DRAFT):
        yield path, value


def _draft_findings(source):
    out = []
    for path, text in _drafts(source.data):
        shown = text[len(DRAFT) :][:30]
        out.append(
            Finding(
                "草稿文字",
                "警告",
                f"文字仍是上一年的草稿（带“{DRAFT}”标记）：“{shown}…”，改写后删去标记",
                source.locate(path),
            )
        )
    return out


@rule("草稿文字", "警告", "带【待修改】标记的文字（rollover 保留的上一年文字）")
def draft_texts(report, f, source):
    return _draft_findings(source)


@rule("决算-草稿文字", "警告", "带【待修改】标记的文字（rollover 保留的上一年文字）", kind="final")
def draft_texts_final(report, f, source):
    out = _draft_findings(source)
    for x in out:
        x.rule = "决算-草稿文字"
    return out


@rule("缺少数字", "错误", "报告还没有本年数字（表1 收入总计、表3 支出合计为零；项目没有金额）")
def missing_figures(report, f, source):
    out = []
    if not f.t1.total:
        out.append(
            Finding(
                "缺少数字",
                "错误",
                "表1 收入总计为零：本年数字还没有填写（可用 disclose import-xlsx 导入）",
                source.locate(("收支总表",)),
                "表1",
            )
        )
    if not f.t3.total.v("合计"):
        out.append(
            Finding("缺少数字", "错误", "表3 支出合计为零：支出总表还没有填写", source.locate(("支出总表",)), "表3")
        )
    for i, p in enumerate(report.一般公共预算项目支出):
        if not any(getattr(p, c) for c in PROJECT_COLUMNS) and not p.合计:
            out.append(
                Finding(
                    "缺少数字", "错误", f"项目“{p.项目名称}”没有金额", source.locate(("一般公共预算项目支出", i)), "表7"
                )
            )
    return out


@rule("决算-缺少数字", "错误", "报告还没有本年数字（收入、支出决算合计为零）", kind="final")
def missing_final_figures(report, f, source):
    t = report.收入支出决算总体
    if t.本年收入合计 or t.本年支出合计:
        return []
    return [
        Finding(
            "决算-缺少数字",
            "错误",
            "本年收入合计、本年支出合计为零：决算数字还没有填写",
            source.locate(("收入支出决算总体",)),
        )
    ]
