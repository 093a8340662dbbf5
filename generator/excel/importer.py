"""``disclose import-xlsx``: the figures of a workbook into the YAML input, keeping every text of the base input.

Reads the export layout and the variants budget systems produce: amounts in 元 or 万元 (单位 line or ``unit``),
codes in one column or split 类/款/项, names without codes (looked up under the row above), blank cells for zero,
extra subtotal rows. Every cell is placed or reported with its sheet and address (``表5!C14``).

How figures land in the input: leaf rows (项 of 功能分类, 款 of 经济分类, projects) set the typed columns; then the
input is computed and every other figure of the sheet (subtotals, totals, derived columns) is compared with the
computed one: a published figure that differs becomes a stated figure where the input has one (类/款 rows, 总计,
a row's 合计), anything else is a located error. Money goes text → Decimal, never through float arithmetic.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from ..compute.figures import Figures
from ..errors import DiscloseError, InputError, Location, Problem
from ..load.store import Store
from ..model.budget import BudgetReport
from ..model.final import FinalReport
from ..numtext import dec_text
from ..regions import Region
from ..tables import region_registry
from .apply import (
    apply_carry,
    apply_econ_panels,
    apply_extra,
    apply_hier,
    apply_panel_t1,
    apply_projects,
    apply_sangong,
    reconcile,
    reconcile_carry,
    reconcile_projects,
    value_at,
)
from .cells import (
    Grid,
    Problems,
    amount,
    body_start,
    flat_text,
    header_paths,
    header_top,
    is_number,
    read_grid,
    unit_factor,
)
from .forms import apply as apply_forms
from .input_book import is_form_sheet, read_form_sheets
from .layout import Sheet
from .layout import sheets as layout_sheets
from .positions import book_name, form_positions, table_positions
from .rows import Line, catalogue_names, map_columns, read_lines
from .specs import Spec, specs


def _compare_layout(sheet_grid: Grid, start: int, layout: Sheet, factor: int, problems: Problems, warn: list) -> None:
    """A computed table (表4 …): every figure of the sheet against the one computed from the imported input."""
    body = layout.body
    sheet_rows = list(range(start, min(start + len(body), len(sheet_grid.values))))
    rest = [
        r
        for r in range(start + len(body), len(sheet_grid.values))  # figures below the table (not its 表注)
        if any(is_number(v) for v in sheet_grid.values[r])
    ]
    if len(sheet_rows) != len(body) or rest:
        warn.append(f"{sheet_grid.name}：{layout.title}由其他表计算，行数与计算结果不同，未逐格核对")
        return
    for r, lrow in zip(sheet_rows, body, strict=False):
        for c, cell in enumerate(lrow):
            if cell is None or not isinstance(cell.value, Decimal) or c >= len(sheet_grid.values[r]):
                continue
            if flat_text(sheet_grid.values[r][c]) == "":
                continue  # a blank cell of a computed table is left to the computation
            v = amount(sheet_grid.values[r][c], factor, sheet_grid.addr(r, c), problems)
            if v is not None and v != cell.value:
                problems.add(
                    sheet_grid.addr(r, c),
                    f"{layout.title}由其他表计算，此格 {dec_text(v)} 与计算结果 {dec_text(cell.value)} 不符",
                )


def _match_sheet(ws_title: str, g: Grid, layouts: list[Sheet]) -> Sheet | None:
    texts = {flat_text(v) for row in g.values[:4] for v in row if flat_text(v)}
    for lay in layouts:
        if flat_text(lay.title) in texts:
            return lay
    for lay in layouts:
        if flat_text(lay.no) == flat_text(ws_title):
            return lay
    return None


def prepare_data(data: dict, templates: str | Path | None) -> tuple[BudgetReport | FinalReport, Figures, Region]:
    """Model, figures and region of in-memory input data (InputError when it does not fit)."""
    from ..load.reader import Source
    from ..pipeline import prepare_source

    p = prepare_source(Source(data, {}, "<导入结果>"), templates)
    return p.report, p.figures, p.region


def _empty_tables(tables) -> bool:
    """True when the 决算表 of a blank input hold no row at all."""
    if not isinstance(tables, dict):
        return False
    return all(not (t or {}).get("行") and not (t or {}).get("总计") for t in tables.values() if isinstance(t, dict))


def _skeleton_for(wb: Workbook, year: int | None, tmp: Path, templates: str | Path | None = None) -> Path:
    """A blank input (disclose init) for a workbook imported without --base: 类型, 级次, 地区, 单位名称 and 年度 from
    the workbook's 报告 form when it has one, else the kind from the table titles and the unit from the
    编制部门/编制单位 line (a name no report accepts is located at its cell)."""
    from ..model.common import unit_name_problem
    from ..scaffold.init import init

    meta, at = {}, {}
    for entry in read_form_sheets(wb, Problems()):
        if entry[0] == "field" and len(entry[1]) == 2 and entry[1][0] == "报告" and entry[2]:
            meta[entry[1][1]], at[entry[1][1]] = entry[2], entry[3]
    texts, name, where = [], meta.get("单位名称"), at.get("单位名称", "")
    for ws in (w for w in wb.worksheets if not is_form_sheet(w)):
        for row in ws.iter_rows(max_row=4):
            for cell in row:
                t = flat_text(cell.value)
                texts.append(t)
                if not name and re.match(r"^编制(部门|单位)[:：].+", t):
                    name, where = re.split(r"[:：]", t, maxsplit=1)[1], f"{ws.title}!{cell.coordinate}"
    name = name or "（单位名称）"
    problem = unit_name_problem(name)
    if problem:
        raise InputError(Problem(f"单位名称无法作为报告的单位名称：{problem}", Location(where), "Excel"))
    kind = meta.get("类型") or ("决算" if any("决算" in t for t in texts) else "预算")
    if str(meta.get("年度", "")).isdigit():
        year = int(meta["年度"])
    init(tmp, kind, meta.get("级次") or "部门", meta.get("地区") or "xinjiang", name, year, templates=templates)
    return tmp


def import_xlsx(
    xlsx: str | Path,
    base: str | Path | None,
    outdir: str | Path,
    unit: str | None = None,
    force: bool = False,
    templates: str | Path | None = None,
    year: int | None = None,
    positions: dict | None = None,
) -> tuple[list[Path], list[str]]:
    """Import *xlsx* over the input *base* (None: a blank input) into *outdir*. Returns (written files, notes).

    *positions*, when given, receives where each figure and text was typed (YAML path → sheet!cell)."""
    import tempfile

    from ..scaffold.init import check_name_and_year
    from .limits import check_workbook

    if base is None and year is not None:
        check_name_and_year("（单位名称）", year)
    check_workbook(xlsx)  # sizes, rows, merged ranges, formulas without results: before openpyxl builds any cell
    try:
        wb = load_workbook(xlsx, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is a user error
        raise DiscloseError(f"{xlsx}：无法读取工作簿（{exc.__class__.__name__}）") from None
    if base is None:
        with tempfile.TemporaryDirectory(prefix="disclose-") as tmp:
            written, notes = _import(
                wb,
                xlsx,
                _skeleton_for(wb, year, Path(tmp) / "skeleton", templates),
                outdir,
                unit,
                force,
                templates,
                positions,
            )
            return written, notes + [
                "未给 --base：以 disclose init 的空白输入为底，请核对 报告.yaml 中的年度、地区、单位名称"
            ]
    return _import(wb, xlsx, base, outdir, unit, force, templates, positions)


def _import(
    wb: Workbook,
    xlsx: str | Path,
    base: str | Path,
    outdir: str | Path,
    unit: str | None,
    force: bool,
    templates: str | Path | None,
    positions: dict | None = None,
) -> tuple[list[Path], list[str]]:
    from ..pipeline import prepare

    prepare(base, templates)  # the base must itself be a valid input (its problems located in its files)
    store = Store(base)
    data = store.data
    problems = Problems()
    forms = read_form_sheets(wb, problems)
    apply_forms(data, forms)  # first: the 报告, the 附加表 … shape which tables the workbook holds
    if problems:
        raise InputError(problems)
    report, figures, region = prepare_data(data, templates)
    table_specs = specs(region_registry(report.报告.类型, region.dirs))
    layouts = layout_sheets(report, figures, region)
    notes: list[str] = []
    parsed: list[Parsed] = []
    for ws in wb.worksheets:
        if is_form_sheet(ws):
            continue  # read below, once the 公开表 rows exist (a project's texts attach to its 表7 row)
        raw, spread = read_grid(ws)
        if not any(flat_text(v) for row in raw.values for v in row):
            continue
        lay = _match_sheet(ws.title, raw, layouts)
        if lay is None and ws.title == "说明":
            continue  # the note of a workbook exported without tables
        if lay is None:
            problems.add(f"{ws.title}!A1", "无法识别这是哪张公开表（标题或工作表名应与导出的一致，如“表5”）")
            continue
        frozen = ws.freeze_panes and ws[ws.freeze_panes].row - 1
        done = place_sheet(data, report, raw, spread, lay, unit, frozen or None, problems, notes, table_specs)
        if done is not None:
            parsed.append(done)
    apply_forms(data, forms)  # again: the texts of the 表7/表11 projects attach to the rows just read
    if not any(spec.target[:1] == ("决算表",) for spec, *_ in parsed) and _empty_tables(data.get("决算表")):
        data.pop("决算表", None)  # a 决算 published without its tables (listed as 附表) stays without them
    if problems:
        raise InputError(problems)
    settle(data, parsed, templates, problems, notes)
    if problems:
        raise InputError(problems)
    if positions is not None:
        book = book_name(xlsx)
        positions.update(form_positions(book, forms))
        for spec, lines, raw, *_ in parsed:
            if spec.target:
                positions.update(table_positions(book, data, spec, lines, raw.name))
    written = store.write(outdir, force, note=f"数字由 disclose import-xlsx 从 {Path(xlsx).name} 写入")
    return written, notes


# (spec, lines, grid, first body row, layout sheet, unit factor) of one table placed into the data
Parsed = tuple[Spec, list[Line], Grid, int, Sheet, int]


def spec_for(lay: Sheet, table_specs: dict[str, Spec]) -> Spec | None:
    """What the input holds of the layout table *lay* (None: nothing, e.g. a 绩效目标表); *table_specs*: the
    specs of the report's table registry."""
    return table_specs.get(lay.id) or (
        Spec("extra", ("附加表", int(lay.id.split("-")[1]) - 1)) if lay.id.startswith("extra-") else None
    )


def place_sheet(
    data: dict,
    report,
    raw: Grid,
    spread: Grid,
    lay: Sheet,
    unit: str | None,
    frozen: int | None,
    problems: Problems,
    notes: list[str],
    table_specs: dict[str, Spec],
    paths: list[list[str]] | None = None,
) -> Parsed | None:
    """The figures of one table (a worksheet, or a table read from a published PDF/DOCX) into *data*, the table
    being the layout *lay*; every cell that does not fit is added to *problems* with its address. Returns what
    :func:`settle` needs afterwards (None when the table holds nothing to place). *paths*: the header path of each
    column when the caller has already matched them to the layout's (a published table's own header texts)."""
    spec = spec_for(lay, table_specs)
    factor = unit_factor(raw, unit)
    if factor == 0:
        problems.add(raw.addr(1, 0), "单位只能是元或万元（或用 --unit 指定）")
        return None
    top = header_top(raw)
    start = body_start(raw, top)
    if frozen and top < frozen <= start:  # the header as the workbook freezes it (the export does)
        start = frozen
    if spec is None:
        notes.append(f"{raw.name}：{lay.title}不是公开表的数据表，未读取")
        return None
    if spec.kind == "derived":
        return (spec, [], raw, start, lay, factor)
    paths = paths or header_paths(spread, top, start)
    if spec.kind == "panel":
        apply_panel_t1(data, raw, start, factor, problems)
        return (spec, [], raw, start, lay, factor)
    if spec.kind == "econ_panels":
        apply_econ_panels(data, spec, raw, start, paths, factor, problems)
        return (spec, [], raw, start, lay, factor)
    if spec.kind == "extra":
        apply_extra(data, spec.target[1], raw, start, paths, factor, problems)
        return (spec, [], raw, start, lay, factor)
    cols = map_columns(spec, lay, paths, raw, top, problems)
    if spec.kind == "sangong":
        apply_sangong(data, spec, raw, start, cols, factor, problems)
        return (spec, [], raw, start, lay, factor)
    year = report.报告.年度
    default_unit = report.报告.单位名称
    cur = value_at(data, spec.target)
    rows_for_names = cur.get("行", []) if isinstance(cur, dict) else []
    names = catalogue_names(year, spec.leaf == 5, rows_for_names) if spec.kind == "hier" else {}
    projects: set = set()
    if spec.kind == "carry":  # unit rows and project rows both only have a name: known unit names decide
        items = data.get("上年结转结余") or []
        projects = {flat_text(c.get("项目名称")) for c in items if isinstance(c, dict)}
        names = {
            flat_text(u): []
            for u in {default_unit} | {c.get("单位") for c in items if isinstance(c, dict)}
            if u and flat_text(u) not in projects
        }
    lines = read_lines(spec, raw, start, cols, factor, problems, names, projects)
    if spec.kind == "hier":
        apply_hier(data, spec, lines)
    elif spec.kind == "projects":
        apply_projects(data, spec, lines, default_unit)
    elif spec.kind == "carry":
        apply_carry(data, spec, lines, default_unit)
    return (spec, lines, raw, start, lay, factor)


def settle(
    data: dict,
    parsed: list[Parsed],
    templates: str | Path | None,
    problems: Problems,
    notes: list[str],
    compare: bool = True,
) -> tuple[BudgetReport | FinalReport, Figures, Region]:
    """Compute the placed data, state the published subtotals that differ (computing again), then compare every
    figure of the computed tables with the sheets cell by cell (*compare*; a published file's tables are compared
    by their row labels instead, generator/read/verify.py); what still differs goes to *problems*. Returns the
    model, figures and region of the final data."""
    for _ in range(3):
        report, figures, region = prepare_data(data, templates)
        mismatches: list = []
        changed = False
        for spec, lines, *_ in parsed:
            if spec.kind == "hier":
                changed |= reconcile(data, spec, lines, figures, mismatches)
            elif spec.kind == "carry":
                changed |= reconcile_carry(data, lines, figures)
            elif spec.kind == "projects":
                changed |= reconcile_projects(data, lines, figures, mismatches)
        if not changed:
            break
    report, figures, region = prepare_data(data, templates)
    for where, key, value, have in mismatches:
        problems.add(
            where,
            f"“{key}”填写 {value:,.2f}，而由明细相加为 {have:,.2f}（相差 {value - have:,.2f}，"
            "超出四舍五入的容差）：请改正此格，或改正参与相加的明细",
        )
    after = {lay.id: lay for lay in layout_sheets(report, figures, region)} if compare else {}
    for spec, _lines, raw, start, lay, factor in parsed:
        if (
            spec.kind in ("derived", "projects", "carry", "sangong", "panel", "econ_panels", "extra")
            and lay.id in after
        ):
            _compare_layout(raw, start, after[lay.id], factor, problems, notes)
    return report, figures, region
