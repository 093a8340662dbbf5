"""Pass: the document uses only the elements, attributes, classes and ``data-*`` markers the writers know.

Every writer reads the same tree: WeasyPrint through print.css, the Typst and DOCX writers through visitors that
know these names. Anything else would be printed by one writer and silently dropped or unstyled by another, so it
is refused here, before any writer runs, with the construct named and where it is (docs/customizing.md lists the
vocabulary for overlay authors).
"""

from __future__ import annotations

import re
from typing import NoReturn

from ..errors import RenderError

# element → its attributes besides id and class (data-* attributes: DATA below)
ELEMENTS: dict[str, frozenset[str]] = {
    tag: frozenset(attrs.split())
    for tag, attrs in {
        "html": "lang",
        "head": "",
        "meta": "charset name content",
        "title": "",
        "style": "",
        "body": "",
        "div": "",  # blocks: cover, final-title, table-block, perf-block (wide)
        "nav": "",  # the 目录
        "h1": "",
        "h2": "",
        "h3": "",
        "p": "",
        "span": "",  # span.term: a bold term inside a paragraph
        "a": "href",  # links of the 目录 to #ids
        "br": "",
        "table": "",
        "colgroup": "",
        "col": "style span",  # column widths (style="width:NN%")
        "thead": "",
        "tbody": "",
        "tfoot": "",
        "tr": "",
        "th": "colspan rowspan",
        "td": "colspan rowspan",
    }.items()
}

# data-* attribute → (elements it belongs on, allowed values or None for any)
DATA: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {
    "data-cols": (frozenset({"table"}), None),  # grid width of a 公开表 (the workbook's sheet width)
    "data-bookmark": (frozenset({"h1", "h2", "h3"}), frozenset({"no"})),  # a heading left out of the PDF outline
    "data-value": (frozenset({"td", "th"}), None),  # exact amount (values pass)
    "data-break": (frozenset(ELEMENTS), frozenset({"page"})),  # pagination markers (render/pagination.py)
    "data-page": (frozenset(ELEMENTS), frozenset({"wide"})),
    "data-keep-with-next": (frozenset(ELEMENTS), frozenset({"true"})),
    "data-keep": (frozenset({"table"}), None),  # rows a long table keeps at its end (fit pass)
    "data-fill": (frozenset({"table"}), None),  # share of a page a block fills (fit pass, for Typst)
    "data-outline": (frozenset({"p"}), frozenset("123456")),  # a table title's bookmark level (outline pass)
    "data-outline-label": (frozenset({"p"}), None),  # its bookmark text
}

CLASSES = frozenset(
    """
    cover cover-unit cover-title cover-date final-title final-title-line toc toc-title toc-1 toc-2 part
    table-block perf-block wide table-no table-title table-subtitle note sign list term
    data perf perf-info perf-ind sx fixed
    meta colno head total unit class section item project empty note-row keep blank units
    meta-left meta-right center code num label name text statement strong side
    """.split()
)
_LEVEL = re.compile(r"lvl\d{1,2}")  # indentation level of a row label


def _where(el) -> str:
    """Where *el* is, for the message: the block with an id it is in or the heading before it, and its text."""
    holder = next((a for a in el.iterancestors() if a.get("id")), None)
    heading = el.xpath("preceding::*[self::h1 or self::h2 or self::h3][1]")
    if holder is not None:
        at = f'位于 <{holder.tag} id="{holder.get("id")}"> 中'
    elif heading:
        at = f"在标题“{' '.join(''.join(heading[0].itertext()).split())[:30]}”之后"
    else:
        at = "在报告开头"
    text = " ".join("".join(el.itertext()).split())[:30]
    return f"（{at}{'，内容“' + text + '”' if text else ''}）"


def _refuse(construct: str, el, known: str) -> NoReturn:
    raise RenderError(
        f"模板输出了写出器不认识的{construct}{_where(el)}：PDF、Word 等写出器不能同样呈现它，已停止生成。"
        f"请改用已有的写法（{known}；见 docs/customizing.md“模板可用的元素与类”）"
    )


def _attribute(el, name: str, value: str, own: frozenset[str]) -> None:
    rule = DATA.get(name)
    if rule is None:
        if name.startswith("data-"):
            _refuse(f"属性 {name}（<{el.tag}> 上）", el, "可用的 data- 属性：" + " ".join(DATA))
        _refuse(
            f"属性 {name}（<{el.tag}> 上）", el, f"<{el.tag}> 可用的属性：" + " ".join(["id", "class", *sorted(own)])
        )
    elements, values = rule
    if el.tag not in elements or (values is not None and value not in values):
        where = "任何元素" if elements == frozenset(ELEMENTS) else " ".join(f"<{t}>" for t in sorted(elements))
        allowed = "、".join(sorted(values)) if values is not None else "任意值"
        _refuse(f"属性 {name}=“{value}”（<{el.tag}> 上）", el, f"{name} 用于{where}，值为{allowed}")


def check_vocabulary(document) -> None:
    known: set[str] = set()  # class attributes already checked (a report repeats a few dozen thousands of times)
    for el in document.root.iter():
        if not isinstance(el.tag, str):
            continue  # comments
        attrs = ELEMENTS.get(el.tag)
        if attrs is None:
            _refuse(f"元素 <{el.tag}>", el, "可用元素：" + " ".join(ELEMENTS))
        for name, value in el.attrib.items():
            if name not in ("id", "class") and name not in attrs:
                _attribute(el, name, value, attrs)
        value = el.get("class")
        if not value or value in known:
            continue
        known.add(value)
        for cls in value.split():
            if cls not in CLASSES and not _LEVEL.fullmatch(cls):
                _refuse(
                    f'类名 {cls}（<{el.tag} class="{el.get("class")}">）', el, "可用类名：" + " ".join(sorted(CLASSES))
                )
