"""A table's header rows, placed from its columns' header paths (merged cells where neighbours share a label).

Every path is padded to the deepest one by repeating its last label, so a short path spans down to the last
header row. A cell then covers every neighbouring column with the same path up to its row (colspan) and every
following row where those columns repeat its label (rowspan) — the layouts of the published tables, e.g.::

    科目/功能分类科目编码/类 … 科目/功能分类科目名称  支出预算/合计 …
    → 科目 (4 columns) | 支出预算 (3 columns)
      功能分类科目编码 (3 columns) | 功能分类科目名称 (2 rows) | 合计 (2 rows) …
      类 | 款 | 项
"""

from __future__ import annotations

from dataclasses import dataclass

CODE_COLUMNS = {"功能分类": ("类", "款", "项"), "经济分类": ("类", "款")}


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


def column_paths(header: dict[str, str], code_kind: str) -> list[tuple[str, list[str]]]:
    """(column key, header path) for every printed column; ``编码`` becomes one column per code level (one column
    when *code_kind* is empty: the codes in one column, as Shanghai prints them)."""
    out: list[tuple[str, list[str]]] = []
    for key, path in header.items():
        parts = [p.strip() for p in path.split("/")]
        if key == "编码" and code_kind in CODE_COLUMNS:
            out += [(f"编码{i}", parts + [level]) for i, level in enumerate(CODE_COLUMNS.get(code_kind, ("",)))]
        else:
            out.append((key, parts))
    return out


def header_rows(header: dict[str, str], code_kind: str = "") -> list[list[HeaderCell]]:
    """The header rows of a table, top to bottom, each a list of its cells left to right."""
    paths = [p for _, p in column_paths(header, code_kind)]
    if not paths:
        return []
    depth = max(len(p) for p in paths)
    labels = [p + [p[-1]] * (depth - len(p)) for p in paths]  # labels[column][row]
    width = len(labels)
    # two neighbours with the same path would merge into one cell; apart (表6's two panels) they may repeat
    if any(labels[i] == labels[i + 1] for i in range(width - 1)):
        raise ValueError("有两列相邻的表头完全相同，无法区分")
    covered = [[False] * width for _ in range(depth)]
    rows: list[list[HeaderCell]] = []
    for r in range(depth):
        row: list[HeaderCell] = []
        c = 0
        while c < width:
            if covered[r][c]:
                c += 1
                continue
            end = c + 1
            while end < width and not covered[r][end] and labels[end][: r + 1] == labels[c][: r + 1]:
                end += 1
            down = r + 1
            while down < depth and all(labels[j][down] == labels[c][r] for j in range(c, end)):
                down += 1
            for i in range(r, down):
                for j in range(c, end):
                    covered[i][j] = True
            row.append(HeaderCell(labels[c][r], end - c, down - r))
            c = end
        rows.append(row)
    return rows
