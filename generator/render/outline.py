"""Pass: every table block's title is a bookmark of the PDF outline (and a Word outline level), nested under the
heading it follows, so that a reader of a 100-page report finds 表7, or the 绩效目标表 of one project, from the
outline as he finds a part or a section.

Markers on the block's title (``p.table-title``):

``data-outline="N"``
    the bookmark level: one below the last heading before the block (a 公开表 after its part title ``h1`` is 2, a
    绩效目标表 after ``（四）预算绩效情况`` (``h3``) is 4). Headings left out of the outline (``data-bookmark="no"``)
    and the 目录's own title do not count.
``data-outline-label="…"``
    the bookmark's text: the table number and title (``表1 部门收支总体情况表``), and for a 绩效 table whose title does
    not name its project (``项目支出绩效目标表``, 47 of them in one report) the project after a colon, read from the
    cell after the header ``项目名称``.

print.css turns them into ``bookmark-level``/``bookmark-label``; the Typst writer into a hidden heading; the DOCX
writer into the title paragraph's outline level.
"""

from __future__ import annotations

from .pagination import BLOCKS, classes

LEVEL = "data-outline"
LABEL = "data-outline-label"
MAX_LEVEL = 6
PROJECT_HEADERS = ("项目名称",)  # the header whose cell names the project of a 绩效 table


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _project(block) -> str:
    """The project a 绩效 table is about: the text of the cell after its 项目名称 header ("" when none)."""
    for th in block.iter("th"):
        if _text(th) in PROJECT_HEADERS:
            cell = th.getnext()
            while cell is not None and not isinstance(cell.tag, str):
                cell = cell.getnext()
            return _text(cell) if cell is not None and cell.tag == "td" else ""
    return ""


def label(block, title) -> str:
    """The bookmark text of a table *block* whose title paragraph is *title*."""
    text = _text(title)
    number = next((p for p in block.iter("p") if "table-no" in classes(p)), None)
    if number is not None and _text(number):
        text = f"{_text(number)} {text}"
    if "perf-block" in classes(block):
        project = _project(block)
        if project and project not in text:
            text = f"{text}：{project}"
    return text


def mark_outline(document) -> None:
    body = document.body
    if body is None:
        return
    level = 1  # the level of the last heading seen (outside the 目录)
    for el in body.iter("h1", "h2", "h3", "div"):
        if el.tag in ("h1", "h2", "h3"):
            parent = el.getparent()
            if el.get("data-bookmark") != "no" and (parent is None or parent.tag != "nav"):
                level = int(el.tag[1])
            continue
        if not set(BLOCKS) & set(classes(el)):
            continue
        title = next((p for p in el.iter("p") if "table-title" in classes(p)), None)
        if title is None or title.get(LEVEL) is not None:
            continue
        title.set(LEVEL, str(min(level + 1, MAX_LEVEL)))
        title.set(LABEL, label(el, title))
