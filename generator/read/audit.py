"""``disclose audit``: a published report read back (import-report's reader), then every rule that applies to it,
each finding located in the published file (page, table, row; a paragraph's page):

* the ``check`` rules on the input it reads into (sums, subtotals, cross-table equalities, reasons …);
* every amount of its tables against the one its other tables imply (verify.py);
* the 公开表 it must publish and lacks, the sections it lacks;
* the figures its sentences print against those of its tables (our phrases, or a few forms every report uses:
  占 x%, 完成预算的 x%, 增长 x%);
* years and unit names that are not the report's own.
"""

from __future__ import annotations

import copy
import re
import time
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import read_file
from .align import keyed
from .outline import body_items, expected_headings, flat, split_sections
from .to_input import Imported, read_report, temporary

ERROR, WARNING, NOTE = "错误", "警告", "提示"
# check rules on what an input still lacks: in a published report they mostly mean the reader did not find the
# figure (a sentence in another region's words), so they are hints there, not errors
UNREAD = {"上年数-缺少", "上年数-未填", "原因-缺少", "决算-原因"}
NO_TABLES = {"决算-缺少数字"}  # a report whose 公开表 are published apart has no table figures to check
# rules on the shares our rendering would print (their rounding): a published report's own shares are compared in
# its sentences instead (文字-占比)
OURS_ONLY = {"占比", "占比-舍入", "决算-占比", "决算-占比-舍入"}


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    where: str
    path: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Audited:
    file: str
    findings: list[Finding]
    seconds: float
    pages: int
    read: int = 0
    placed: int = 0
    error: str = ""  # the file could not be read

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


def as_json(results: list[Audited]) -> str:
    """The findings of a batch as JSON (``--format json``): one entry per file, then a summary."""
    import json

    files = [
        {
            "file": r.file,
            "pages": r.pages,
            "seconds": round(r.seconds, 2),
            "errors": r.errors,
            "warnings": r.warnings,
            "amounts_read": r.read,
            "amounts_placed": r.placed,
            "unreadable": r.error or None,
            "findings": [f.as_dict() for f in r.findings],
        }
        for r in results
    ]
    summary = {
        "files": len(results),
        "with_errors": sum(1 for r in results if r.errors),
        "unreadable": sum(1 for r in results if r.error),
    }
    return json.dumps({"files": files, "summary": summary}, ensure_ascii=False, indent=1)


def as_text(results: list[Audited]) -> list[str]:
    """The findings of a batch as lines: each finding with its file and place, a total per file, a summary."""
    lines = []
    for r in results:
        if r.error:
            lines.append(f"{r.file}：无法读取：{r.error}")
            continue
        lines += [f"{r.file}：{f.where}：{f.severity} [{f.rule}] {f.message}" for f in r.findings]
        lines.append(
            f"{r.file}：{r.errors} 个错误，{r.warnings} 个警告（表中金额 {r.read} 个，核对 {r.placed} 个；"
            f"{r.pages} 页，用时 {r.seconds:.1f} 秒）"
        )
    if len(results) > 1:
        bad = sum(1 for r in results if r.errors)
        unreadable = sum(1 for r in results if r.error)
        total = sum(r.seconds for r in results)
        lines.append(f"共 {len(results)} 份：{bad} 份有错误，{unreadable} 份无法读取，用时 {total:.1f} 秒")
    return lines


def audit(path: str | Path, like=None, templates=None, region=None) -> Audited:
    started = time.perf_counter()
    doc = read_file(path)
    with temporary() as tmp:
        out = read_report(doc, Path(tmp), like, templates, region)
        findings = findings_of(out, like, templates)
    return Audited(str(path), findings, time.perf_counter() - started, doc.pages, out.tally.read, out.tally.placed)


def findings_of(out: Imported, like=None, templates=None) -> list[Finding]:
    """The audit's findings on a report already read (read_report); *like*: an input whose 已知问题 it adopts."""
    if like is not None:
        _acknowledged(out, like, templates)
    return _findings(out, templates)


def _acknowledged(out: Imported, like, templates) -> None:
    """The findings the input given as --like acknowledges (已知问题) are acknowledged here too (reported as 已确认)."""
    from ..errors import InputError
    from ..excel.importer import prepare_data
    from ..load.store import Store

    known = Store(like).data.get("已知问题")
    if not known or out.report is None:
        return
    out.data["已知问题"] = known
    try:
        out.report, out.figures, out.region = prepare_data(out.data, templates)
    except InputError:
        del out.data["已知问题"]


def _findings(out: Imported, templates) -> list[Finding]:
    found: list[Finding] = []
    if out.report is None:  # the figures do not make an input: each problem is a finding of the report
        return [Finding("读取", ERROR, u.why, u.where) for u in out.unplaced if not u.text]
    found += _checks(out)
    found += _tables(out)
    found += _outline(out)
    found += _sentences(out)
    found += _names(out)
    seen: set[tuple[str, str]] = set()
    unique = []
    for f in found:
        if (f.where, f.message) not in seen:
            seen.add((f.where, f.message))
            unique.append(f)
    return unique


# ---- check rules --------------------------------------------------------------------------------------------------
def check_findings(out: Imported) -> list[Finding]:
    """The ``check`` rules on the input a report was read into, each located in the published file."""
    return _checks(out)


def _checks(out: Imported) -> list[Finding]:
    from .. import catalog
    from ..checks import run_checks
    from ..errors import Location
    from ..load.reader import Source

    positions: dict[tuple, Location] = {}

    def walk(node, path: tuple) -> None:  # every node located by its own path (an input read from no YAML file)
        positions[path] = Location("<报告>", None, None, path)
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            walk(value, path + (key,))

    walk(out.data, ())
    rows = _row_origins(out)
    found = []
    report, figures, region = out.model()
    names = (region.settings.get("科目名称"), None, report.科目名称.model_dump())
    with catalog.supplied_names(*names):
        checked = run_checks(report, figures, Source(out.data, positions, "<报告>"))
    tables = any(lid not in ("绩效", "附加表") for lid, _title in out.tables.values())
    for f in checked:
        path = tuple(f.location.path)
        if (f.rule in NO_TABLES and not tables) or f.rule in OURS_ONLY:
            continue
        unknown = f.rule in UNREAD or _beyond_unpublished(out, f)
        severity = f"已确认（{f.waived}）" if f.waived else NOTE if unknown else f.severity
        message = f"未读到（未印，或措辞与本地区不同）：{f.message}" if unknown else f.message
        found.append(Finding(f.rule, severity, message, _where(out, path, rows), f.location.yaml_path()))
    return found


def _beyond_unpublished(out: Imported, f) -> bool:
    """A 预算绩效 amount above 表7 that may be the projects carried over (表11), when the report does not publish
    表11: what it holds cannot be known from the file (the rule's upper bound counts them)."""
    if f.rule != "绩效-表7" or any(lid == "t11" for lid, _title in out.tables.values()):
        return False
    return isinstance(f.expected, Decimal) and isinstance(f.actual, Decimal) and f.actual > f.expected


def _row_origins(out: Imported) -> dict[tuple, str]:
    """YAML path of a table row of the input -> the row of the published table it was read from (by its code)."""
    from ..excel.importer import spec_for
    from .to_input import table_specs

    origins: dict[tuple, str] = {}
    by_id = table_specs(out.report, out.region)
    for al, lay in out.aligned.values():
        spec = spec_for(lay, by_id)
        if spec is None or not spec.target:
            continue
        rows = keyed(al.grid.values, al.start, set(al.value_columns), al.paths)
        by_code: dict[str, str] = {}
        for (ident, _n, _col), (_v, r, _c) in rows.items():
            by_code.setdefault(ident, al.grid.addr(r, 0).rsplit("第1列", 1)[0])
        node = out.data
        for key in spec.target:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        items = node.get("行", []) if isinstance(node, dict) else node if isinstance(node, list) else []
        for i, row in enumerate(items):
            if isinstance(row, dict):
                ident = str(row.get("科目") or row.get("项目名称") or "")
                if ident in by_code:
                    path = spec.target + (("行", i) if isinstance(node, dict) else (i,))
                    origins[path] = by_code[ident]
        table_where = al.grid.addr(al.start, 0).rsplit(" 第", 1)[0]
        origins.setdefault(spec.target, table_where)
    return origins


def _where(out: Imported, path: tuple, rows: dict) -> str:
    """The place in the published file a YAML path was read from: the longest known prefix."""
    for n in range(len(path), 0, -1):
        head = path[:n]
        if head in out.origin:
            return out.origin[head]
        if head in rows:
            return rows[head]
    return _section_of(out, path[0] if path else "")


SECTION_OF = {  # top-level input key -> the section that prints it
    "收入支出决算总体": "s1", "收入决算": "s2", "支出决算": "s3", "财政拨款收支": "s4", "一般公共预算支出": "s5",
    "基本支出": "s6", "政府性基金": "s7", "国有资本经营": "s8", "三公经费": "s9", "机关运行经费": "s10",
    "政府采购": "s10", "国有资产": "s10", "预算绩效": "s11", "收入预算说明": "s2", "支出预算说明": "s3",
    "一般公共预算拨款说明": "s5", "概况": "p1",
}  # fmt: skip


def _section_of(out: Imported, key: str) -> str:
    sid = SECTION_OF.get(key, "")
    sec = next((s for s in out.sections if s.id == sid), None)
    if sec is not None and sec.heading is not None:
        return f"{sec.heading.where(out.doc.kind == 'docx')} {sec.title}"
    return "全文"


# ---- tables, outline ------------------------------------------------------------------------------------------------
def _tables(out: Imported) -> list[Finding]:
    found = []
    for f in out.tally.findings:
        severity = WARNING if f.kind == "未放置" else ERROR
        found.append(Finding(f"表-{f.kind}", severity, f.message(), f.where))
    published = {lid for lid, _t in out.tables.values()}
    from ..excel.layout import sheets

    expected = [lay for lay in sheets(out.report, out.figures, out.region) if not lay.id.startswith("extra")]
    if any(lay.id in published for lay in expected):
        for lay in expected:
            if lay.id not in published:
                found.append(Finding("表-缺少", ERROR, f"报告没有公开《{lay.title}》（或其表头无法识别）", "全文"))
    elif expected:
        found.append(Finding("表-另附", NOTE, "本文件中没有公开表（可能另附）；只核对了文字", "全文"))
    return found


def _rendered(out: Imported) -> str:
    """The report as our templates print it from the figures read (rendered once per audit)."""
    if out.html is None:
        from ..render import render_html

        out.html = render_html(*out.model())
    return out.html


def _outline(out: Imported) -> list[Finding]:
    found = []
    have = {s.id for s in out.sections if s.id}
    for level, hid, text in expected_headings(_rendered(out)):
        if hid and hid not in have and level == 2:
            found.append(Finding("章节-缺少", NOTE, f"找不到章节“{text}”（或其标题与本地区的差别太大）", "全文"))
    return found


# ---- sentences -------------------------------------------------------------------------------------------------------
_NUM = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


def _sentences(out: Imported) -> list[Finding]:
    """Each sentence a phrase explains against the same sentence printed from the report's own tables; the other
    sentences by the forms every report uses."""
    from .html import read_html
    from .place import place_texts

    ours = read_html(_rendered(out))
    items, _cover = body_items(ours)
    mirror = Imported(ours, out.meta, copy.deepcopy(out.data), out.store, out.folder)
    mirror.tables = out.tables
    mirror.sections = split_sections(items, [], out.meta)
    for sec, mine in zip(mirror.sections, _ids(out, mirror), strict=False):
        sec.id = mine
    place_texts(mirror, out.report, out.figures, out.region)
    expected = {(m.section, m.phrase, m.index): m for m in mirror.texts().matched}
    found = []
    shares: dict[str, Decimal] = {}  # the printed shares of one paragraph's list, summed
    for m in out.texts().matched:
        if _NUM.match(m.values.get("占比") or ""):
            shares[m.text] = shares.get(m.text, Decimal("0")) + Decimal(m.values["占比"].replace(",", ""))
    for m in out.texts().matched:
        other = expected.get((m.section, m.phrase, m.index))
        if other is None:
            continue
        for key, value in m.values.items():
            theirs = other.values.get(key)
            if theirs is None or not (_NUM.match(value or "") and _NUM.match(theirs or "")) and key not in _CHANGES:
                continue
            if _same(value, theirs):
                continue
            if key == "占比" and shares.get(m.text) == 100 and _gap(value, theirs) <= Decimal("0.01"):
                message = (
                    f"“{m.values.get('类名') or m.values.get('项目') or '占比'}”占比印为 {value}%，按本报告各表为 "
                )
                found.append(
                    Finding("文字-占比", WARNING, message + f"{theirs}%（相差 0.01，各项占比被凑成合计 100%）", m.where)
                )
                continue
            found.append(
                Finding(
                    "文字-数字",
                    ERROR,
                    f"“{key}”印为 {value}，按本报告各表应为 {theirs}：{m.text[:60]}",
                    m.where,
                )
            )
    from .sentences import forms

    matched = {m.text for m in out.texts().matched}
    for sec in out.sections:
        for b in sec.blocks:
            if b.text not in matched:
                found += [
                    Finding(r, s, msg, f"{b.where(out.doc.kind == 'docx')} {sec.title}")
                    for r, s, msg in forms(b.text, out)
                ]
    return found


_CHANGES = ("变动", "收入变动", "支出变动")


def _gap(a: str, b: str) -> Decimal:
    return abs(Decimal(a.replace(",", "")) - Decimal(b.replace(",", "")))


def _same(a: str, b: str) -> bool:
    try:
        return Decimal(a.replace(",", "")) == Decimal(b.replace(",", ""))
    except InvalidOperation:
        return flat(a) == flat(b)


def _ids(out: Imported, mirror: Imported) -> list[str]:
    """Our rendering's sections carry the ids of ours: by order of their headings (the same outline)."""
    heads = expected_headings(_rendered(out))
    ids = {flat(text): hid for _l, hid, text in heads}
    return [ids.get(flat(s.title), "") for s in mirror.sections]


# ---- names and years -------------------------------------------------------------------------------------------------
def _same_unit(printed: str, unit: str) -> bool:
    """A printed name is the report's unit when one holds the other (昌吉州生态环境局部门, 本级 …)."""
    return bool(printed) and (printed in unit or unit in printed)


def _names(out: Imported) -> list[Finding]:
    found = []
    unit = flat(out.meta.unit or "")
    year = str(out.meta.year or "")
    for where, key, value in out.texts().names:
        if key == "单位" and not _same_unit(flat(value), unit):
            found.append(Finding("名称-单位", ERROR, f"单位名称印为“{value}”，报告的单位是“{out.meta.unit}”", where))
        if key == "年" and value not in (year,):
            found.append(Finding("名称-年度", ERROR, f"年度印为 {value}，报告的年度是 {year}", where))
    for t in out.doc.tables:
        for line in t.caption:
            m = re.match(r"^编制(单位|部门)[:：](.+?)(单位[:：].*)?$", flat(line))
            if m and not _same_unit(flat(m.group(2)), unit):
                found.append(
                    Finding(
                        "名称-单位", ERROR, f"编制单位印为“{m.group(2)}”，报告的单位是“{out.meta.unit}”", t.where(0)
                    )
                )
    return found
