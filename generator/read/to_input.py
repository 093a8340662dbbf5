"""A published report (blocks and tables) into the data of an input folder: the 公开表 through the Excel importer's
machinery (excel/importer.place_sheet: the same column matching, codes, subtotals and stated totals), the
assembled 决算 tables into the narrative figures they show, the texts into their sections' fields; then the input
is computed and every published amount compared with the computed one. Whatever finds no place is listed with
its page and position, never dropped or guessed."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..compute.figures import Figures
from ..errors import DiscloseError, InputError
from ..excel.cells import Problems
from ..excel.importer import Parsed, place_sheet, prepare_data, settle
from ..excel.layout import Sheet
from ..excel.layout import sheets as layout_sheets
from ..excel.specs import Spec, specs
from ..load.store import Store
from ..model.budget import BudgetReport
from ..model.final import FinalReport
from ..numtext import dec_text
from ..regions import Region
from ..tables import region_registry
from .align import Aligned, align
from .derived import apply_final_t1, apply_final_t4, apply_final_t6, apply_final_t9
from .document import Block, Document, Table, Unplaced
from .grids import grids, label_of, title_of, unit_of
from .outline import Meta, Section, body_items, expected_headings, report_meta, split_sections
from .recognise import recognise
from .verify import Tally, verify_table

if TYPE_CHECKING:
    from .texts import Reader


@dataclass
class Imported:
    doc: Document
    meta: Meta
    data: dict
    store: Store
    folder: Path  # the skeleton the store was read from (notes written there travel with the input)
    sections: list[Section] = field(default_factory=list)
    tables: dict[int, tuple[str, str]] = field(default_factory=dict)  # table number -> (layout id, title)
    unplaced: list[Unplaced] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    origin: dict = field(default_factory=dict)  # YAML path -> where it was read
    notes: list[str] = field(default_factory=list)
    aligned: dict[int, tuple[Aligned, Sheet]] = field(default_factory=dict)
    report: BudgetReport | FinalReport | None = None
    figures: Figures | None = None
    region: Region | None = None
    reader: Reader | None = None  # the paragraphs explained by phrases (for the audit)
    html: str | None = None  # our rendering of what was read (the audit renders it once)
    checked: list = field(default_factory=list)  # import-report: what check finds in it (audit.Finding)

    def model(self) -> tuple[BudgetReport | FinalReport, Figures, Region]:
        """The report, figures and region computed from the data read (set by read_report, which raises when the
        data cannot be computed)."""
        assert self.report is not None and self.figures is not None and self.region is not None
        return self.report, self.figures, self.region

    def texts(self) -> Reader:
        """The paragraphs that phrases explained (set by read_report)."""
        assert self.reader is not None
        return self.reader


def _skeleton(meta: Meta, region: str, folder: Path, templates: str | Path | None) -> Store:
    from ..scaffold.init import init

    init(folder, meta.kind, meta.level or "部门", region, meta.unit or "（单位名称）", meta.year, templates=templates)
    return Store(folder)


def _like(store: Store, like: str | Path, meta: Meta) -> None:
    """Region and the report's own 版式 (wording) of *like*, an input of the same kind."""
    other = Store(like)
    m = other.data.get("报告") or {}
    if m.get("类型") and m.get("类型") != meta.kind:
        raise DiscloseError(f"{like} 是{m.get('类型')}输入，而读到的报告是{meta.kind}；--like 应为同类报告的输入")
    mine = store.data["报告"]
    for key in ("地区", "版式"):
        if key in m:
            mine[key] = m[key]


def read_report(
    doc: Document,
    tmp: Path,
    like: str | Path | None = None,
    templates: str | Path | None = None,
    region: str | None = None,
    year: int | None = None,
    name: str | None = None,
    level: str | None = None,
) -> Imported:
    """The input data of a published report; the skeleton input is written under *tmp* (the caller's temporary
    folder) and read back as a :class:`Store`, so that writing the result keeps the skeleton's comments."""
    items, cover = body_items(doc)
    meta = report_meta(doc, cover)
    meta.unit = name or meta.unit
    meta.year = year or meta.year
    meta.level = level or meta.level or "部门"
    if meta.kind not in ("预算", "决算"):
        raise DiscloseError(f"{doc.source}：读不出这是部门预算还是部门决算（标题应如“××局2024年度部门决算”）")
    if not meta.year:
        raise DiscloseError(f"{doc.source}：读不出报告的年度；请用 --year 指定")
    folder = tmp / "input"
    if like is not None and not region:
        region = (Store(like).data.get("报告") or {}).get("地区")
    if not region and templates is None:
        region = detect_region(items, meta, tmp)
    store = _skeleton(meta, region or "xinjiang", folder, templates)
    if like is not None:
        _like(store, like, meta)
    data = store.data
    out = Imported(doc, meta, data, store, folder)
    report, figures, reg = prepare_data(data, templates)
    from ..render import render_html

    out.sections = split_sections(items, expected_headings(render_html(report, figures, reg)), meta)
    parsed = _place_tables(out, report, layout_sheets(report, figures, reg), table_specs(report, reg))
    if meta.kind == "决算" and not any(lid not in ("绩效", "附加表") for lid, _t in out.tables.values()):
        out.data.pop("决算表", None)  # a report that lists the tables' titles only (published as an attachment)
    from .place import place_texts, resolve_deferred

    place_texts(out, report, figures, reg)
    from .names import code_names, general_from_table

    general_from_table(out)
    code_names(out)
    for sec in out.sections:
        if not sec.id:
            for b in sec.blocks:
                out.unplaced.append(Unplaced(f"{b.where(doc.kind == 'docx')} {sec.title}", b.text, "章节未能对应"))
    _settle(out, parsed, templates)
    if out.figures is not None and resolve_deferred(out.texts(), out.figures):
        try:
            out.report, out.figures, out.region = prepare_data(out.data, templates)
        except InputError as exc:
            out.unplaced += [Unplaced(str(p.location), "", p.message) for p in exc.problems]
    return out


def detect_region(items: list, meta: Meta, tmp: Path) -> str:
    """The built-in region whose part and section titles the report shares most (Xinjiang on a tie): each region's
    blank input of this kind rendered once, its headings compared with the report's."""
    from ..regions import available
    from ..render import render_html
    from ..scaffold.init import init
    from .outline import heading_level, title_core

    heads = [
        title_core(b.text, meta.unit, meta.year) for b in items if isinstance(b, Block) and heading_level(b) in (1, 2)
    ]
    best, best_score = "xinjiang", -1
    for name in sorted(available(), key=lambda n: n != "xinjiang"):
        probe = tmp / f"probe-{name}"
        init(probe, meta.kind, meta.level or "部门", name, meta.unit or "（单位名称）", meta.year)
        html = render_html(*prepare_data(Store(probe).data, None))
        ours = {title_core(text, meta.unit, meta.year) for _level, _id, text in expected_headings(html)}
        score = sum(1 for h in heads if h in ours)
        if score > best_score:
            best, best_score = name, score
    return best


def table_specs(report, region) -> dict[str, Spec]:
    """What the input holds of each 公开表 of the report's table registry (the specs import-xlsx places by)."""
    return specs(region_registry(report.报告.类型, region.dirs))


def _place_tables(out: Imported, report, layouts: list[Sheet], by_id: dict[str, Spec]) -> list[Parsed]:
    problems = Problems()
    parsed: list[Parsed] = []
    found = recognise(out.doc.tables, layouts)
    for table in out.doc.tables:
        hit = found.get(table.number)
        if hit is None:
            continue
        lay, _score = hit
        table.label = label_of(table, lay.title)
        raw, spread = grids(table)
        al = align(raw, spread, lay)
        out.tables[table.number] = (lay.id, lay.title)
        out.aligned[table.number] = (al, lay)
        if not unit_of(table):
            out.notes.append(f"{table.where(0)}《{lay.title}》未印金额单位，按万元读取")
        if lay.id == "ft1":
            apply_final_t1(out.data, al, lay, out.origin)
        elif lay.id == "ft4":
            apply_final_t4(out.data, al, lay, out.origin)
        elif lay.id == "ft9":
            apply_final_t9(out.data, al, lay, out.origin, problems)
        elif lay.id == "ft6":
            apply_final_t6(out.data, al, lay, out.origin)
        notes: list[str] = []
        done = place_sheet(out.data, report, raw, spread, lay, None, None, problems, notes, by_id, al.paths)
        if done is not None and done[0].kind in ("hier", "carry", "projects"):
            parsed.append(done)
    out.unplaced += [Unplaced(str(p.location), "", p.message) for p in problems]
    from .performance import read_performance

    perf, used, where = read_performance(out.doc.items, set(out.tables), out.meta.kind)
    out.origin.update(where)
    for key in ("单位整体支出绩效自评表", "项目支出绩效自评表", "部门整体绩效目标表", "项目支出绩效目标表"):
        if key in out.data or key in perf:
            out.data[key] = perf.get(key, [] if key.startswith("项目") else None)
    for t in used:
        out.tables[t.number] = ("绩效", " ".join(t.caption) or "绩效表（续）")
        t.label = f"《{title_of(t)}》" if title_of(t) else ""
    _place_extra(out)
    return parsed


def _place_extra(out: Imported) -> None:
    """Titled tables that are neither 公开表 nor 绩效 tables, outside 概况: the input's 附加表."""
    from .extra import extra_table

    first_part = next((s for s in out.sections if s.level == 1), None)
    in_overview = {id(t) for s in out.sections if s.id.startswith("p1") or s is first_part for t in s.items}
    extra = []
    for table in out.doc.tables:
        if table.number in out.tables or id(table) in in_overview:
            continue
        found = extra_table(table)
        if found is not None:
            extra.append(found)
            out.tables[table.number] = ("附加表", found["标题"])
    if extra:
        out.data["附加表"] = extra


def _settle(out: Imported, parsed: list[Parsed], templates) -> None:
    for _ in range(2):
        problems = Problems()
        try:
            report, figures, region = settle(out.data, parsed, templates, problems, out.notes, compare=False)
        except InputError as exc:  # the data does not fit the model: every problem named, nothing computed
            out.unplaced += [Unplaced(str(p.location), "", p.message) for p in exc.problems]
            return
        out.report, out.figures, out.region = report, figures, region
        computed = {lay.id: lay for lay in layout_sheets(report, figures, region)}
        out.tally = Tally()
        for _number, (al, lay) in sorted(out.aligned.items()):
            if lay.id in computed:
                verify_table(al, computed[lay.id], out.tally)
        if not _state_econ_subtotals(out):
            break
    out.unplaced += [Unplaced(str(p.location), "", p.message) for p in problems]
    for table in out.doc.tables:
        if table.number not in out.tables:
            out.unplaced.append(Unplaced(table.where(0), _first_text(table), "不是公开表（未识别为任何一张公开表）"))


def _state_econ_subtotals(out: Imported) -> bool:
    """表6's 类 rows as published when they differ from the sum of their 款 (the publisher summed 元 amounts): stated
    subtotals, as a 类 row of the input is. True when one was added (compute again)."""
    changed = False
    for f in out.tally.findings:
        if f.kind != "不符" or f.table != _title_of_layout(out, "ft6") or len(f.row) != 3 or not f.row.isdigit():
            continue
        table = out.data.setdefault("决算表", {}).setdefault("基本支出决算表", {})
        rows = table.setdefault("行", [])
        row = next((r for r in rows if isinstance(r, dict) and str(r.get("科目")) == f.row), None)
        if row is None:
            rows.append({"科目": f.row, "决算数": dec_text(f.read)})  # type: ignore[arg-type]
            changed = True
    return changed


def _title_of_layout(out: Imported, lid: str) -> str:
    return next((title for i, title in out.tables.values() if i == lid), "")


def _first_text(table: Table) -> str:
    title = title_of(table)
    if title:
        return title
    return " ".join(table.row_texts(0))[:60] if table.rows else ""


def temporary() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="disclose-read-")
