"""The PDF outline (bookmarks) of both engines: the 目录, every part and section, and every table block under the
heading before it — the 公开表 under 第二部分, each 绩效目标表 and 自评表 under its section, named by its project
(issue 24: a reader of xinjiang's 47 绩效目标表 or jincheng's 84 pages of 自评表 finds one from the outline)."""

import pytest
from pypdf import PdfReader

from generator import pipeline

from conftest import INPUTS


def outline(pdf) -> list[tuple[int, str, int]]:
    """(depth, title, page number 1-based) of every bookmark, in order."""
    reader = PdfReader(str(pdf))
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def pdf_of(rendered, name, engine):
    if engine == "typst":
        return rendered[name]["typst_path"]
    return next(p for p in rendered[name]["paths"] if p.suffix == ".pdf")


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_the_tables_are_bookmarked_under_their_part(rendered, engine):
    marks = outline(pdf_of(rendered, "changji-2025-budget", engine))
    titles = [t for _d, t, _p in marks]
    assert titles[0] == "目\u3000录"
    part2 = titles.index("第二部分 2025年部门预算公开表")
    # the eleven 公开表 right under 第二部分, one level deeper, by number and title
    tables = marks[part2 + 1 : part2 + 12]
    assert [t for _d, t, _p in tables][:2] == ["表1 部门收支总体情况表", "表2 部门收入总体情况表"]
    assert {d for d, _t, _p in tables} == {marks[part2][0] + 1}
    # the 绩效目标表 under （四）预算绩效情况, the project tables named by their project (seed 003)
    perf = titles.index("（四）预算绩效情况")
    assert titles[perf + 1] == "部门整体绩效目标表"
    assert "项目支出绩效目标表：机关运行补助经费" in titles
    assert all(d == marks[perf][0] + 1 for d, t, _p in marks if t.startswith("项目支出绩效目标表："))


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_every_self_evaluation_table_is_bookmarked(rendered, engine):
    """jincheng's 64 自评表 (their titles name the project) each a bookmark on its own page; the bookmark text is
    not printed (the page's text is the title as before)."""
    marks = outline(pdf_of(rendered, "jincheng-2024-final", engine))
    evals = [(t, p) for _d, t, p in marks if t.endswith("项目支出绩效自评表")]
    assert len(evals) == 64
    assert len({p for _t, p in evals}) == 64  # each on a page of its own
    assert "项目支出绩效自评表：" not in rendered["jincheng-2024-final"]["typst" if engine == "typst" else "pdf"]


def test_changji_final_self_evaluations_are_named_by_project(tmp_path):
    pdf = pipeline.render(INPUTS / "changji-2024-final", tmp_path, ["pdf"])[0]
    titles = [t for _d, t, _p in outline(pdf)]
    named = [t for t in titles if t.startswith("项目支出绩效自评表：")]
    assert len(named) == 19 and "项目支出绩效自评表：排污许可证核查与审核" in named
    assert "单位整体支出绩效自评表" in titles
