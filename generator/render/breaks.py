"""Page breaks in tables as a printed report has them: a table's end is never left alone on a page.

WeasyPrint applies no orphans/widows to table rows, but it honours ``break-before: avoid`` between rows. The last
rows of every table get the class ``keep`` (print CSS: ``tr.keep { break-before: avoid }``), so a table that must
continue carries at least ``ROWS`` rows (its 总计/总分 row among them) onto the next page, and the notes under it
(``p.note { break-before: avoid }``) go with them. The class is the one decision: the DOCX writer keeps each marked
row with the row before it, the Typst writer sets the marked rows (and the row before them) as a footer printed once.
"""

from __future__ import annotations

ROWS = 3  # rows a continued table carries onto its last page at least


def _add_class(el, name: str) -> None:
    old = el.get("class")
    el.set("class", f"{old} {name}" if old is not None else name)


def _kept_rows(table) -> list:
    """The rows of the table's last <tbody> and after it (all its rows when it has none)."""
    bodies = [el for el in table.iter("tbody")]
    if not bodies:
        return list(table.iter("tr"))
    after, rows = False, []
    for el in table.iter():
        if el is bodies[-1]:
            after = True
        elif after and el.tag == "tr":
            rows.append(el)
    return rows


def keep_table_ends(document, rows: int = ROWS) -> None:
    """Pass: the class ``keep`` on the last ``rows - 1`` rows of every table (kept with the row before); a table's
    ``data-keep`` (render/fit.py) asks for more."""
    for table in document.root.iter("table"):
        asked = table.get("data-keep") or ""
        n = max(rows, int(asked)) if asked.isascii() and asked.isdigit() else rows
        trs = _kept_rows(table)
        for tr in trs[max(0, len(trs) - (n - 1)) :] if n > 1 else []:
            _add_class(tr, "keep")
