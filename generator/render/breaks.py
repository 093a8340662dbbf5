"""Page breaks in tables as a printed report has them: a table's end is never left alone on a page.

WeasyPrint applies no orphans/widows to table rows, but it honours ``break-before: avoid`` between rows. The last
rows of every table get the class ``keep`` (print CSS: ``tr.keep { break-before: avoid }``), so a table that must
continue carries at least ``ROWS`` rows (its 总计/总分 row among them) onto the next page, and the notes under it
(``p.note { break-before: avoid }``) go with them. The DOCX writer may read the same class (keep with next).
"""

from __future__ import annotations

import re

ROWS = 3  # rows a continued table carries onto its last page at least

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_TR = re.compile(r"<tr\b[^>]*>")
_CLASS = re.compile(r'\bclass="([^"]*)"')


def _with_class(tag: str, name: str) -> str:
    m = _CLASS.search(tag)
    if m:
        return tag[: m.start()] + f'class="{m.group(1)} {name}"' + tag[m.end() :]
    return tag[:-1] + f' class="{name}">'


def keep_table_ends(html: str, rows: int = ROWS) -> str:
    """*html* with the class ``keep`` on the last ``rows - 1`` rows of every table (kept with the row before);
    a table's ``data-keep`` (render/fit.py) asks for more."""

    def mark(m: re.Match) -> str:
        source = m.group(0)
        asked = re.match(r'<table\b[^>]*\bdata-keep="(\d+)"', source)
        n = max(rows, int(asked.group(1))) if asked else rows
        body = source.rfind("<tbody")
        trs = [t for t in _TR.finditer(source) if t.start() > body] if body >= 0 else list(_TR.finditer(source))
        out, last = [], 0
        for t in trs[max(0, len(trs) - (n - 1)) :] if n > 1 else []:
            out.append(source[last : t.start()])
            out.append(_with_class(t.group(0), "keep"))
            last = t.end()
        out.append(source[last:])
        return "".join(out)

    return _TABLE.sub(mark, html)


_PART_BEFORE_WIDE = re.compile(
    r'(<h1\b[^>]*\bclass="part)("[^>]*>(?:(?!</h1>).)*</h1>\s*<div class="(?:perf|table)-block wide")', re.S
)


def part_title_with_first_block(html: str) -> str:
    """A part title followed by a landscape block goes onto the landscape page with it (class ``on-wide``), so the
    title does not stand alone on a page (seed 001 第五部分 附件)."""
    return _PART_BEFORE_WIDE.sub(r"\1 on-wide\2", html)
