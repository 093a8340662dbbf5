"""Raw WordprocessingML elements built with lxml: no python-docx proxy objects, no style lookups by name.

python-docx resolves a style name by scanning every style on each assignment, which made a 10,000-cell report take
15 s; here callers pass style ids resolved once (see styles.style_ids).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TAGS: dict[str, str] = {}


def w(name: str) -> str:
    """Clark name of a w: tag or attribute, cached."""
    tag = _TAGS.get(name)
    if tag is None:
        tag = _TAGS[name] = qn("w:" + name)
    return tag


def sub(parent, tag: str, **attrs) -> etree._Element:
    """Append a w:<tag> child with w:-prefixed attributes (keyword ``val`` → ``w:val``)."""
    if attrs:
        return etree.SubElement(parent, w(tag), {w(k): str(v) for k, v in attrs.items()})
    return etree.SubElement(parent, w(tag))


def run(parent, text: str, bold: bool = False, half_points: int | None = None) -> etree._Element:
    """A w:r with text; bold and size as direct formatting only when asked."""
    r = sub(parent, "r")
    if bold or half_points:
        rpr = sub(r, "rPr")
        if bold:
            sub(rpr, "b")
            sub(rpr, "bCs")
        if half_points:
            sub(rpr, "sz", val=half_points)
            sub(rpr, "szCs", val=half_points)
    t = sub(r, "t")
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(qn("xml:space"), "preserve")
    return r


def line_break(parent) -> None:
    sub(sub(parent, "r"), "br")


def field_chars(parent, instr: str, result: str = "", dirty: bool = False, half_points: int | None = None) -> None:
    """A complete field (begin, instruction, separate, cached result, end) as runs of *parent*; *half_points* sizes
    every run (Word shows the result at the size of the field's runs)."""

    def field_run():
        r = sub(parent, "r")
        if half_points:
            rpr = sub(r, "rPr")
            sub(rpr, "sz", val=half_points)
            sub(rpr, "szCs", val=half_points)
        return r

    begin = sub(field_run(), "fldChar", fldCharType="begin")
    if dirty:
        begin.set(w("dirty"), "true")
    instr_el = sub(field_run(), "instrText")
    instr_el.text = f" {instr} "
    instr_el.set(qn("xml:space"), "preserve")
    sub(field_run(), "fldChar", fldCharType="separate")
    if result:
        run(parent, result, half_points=half_points)
    sub(field_run(), "fldChar", fldCharType="end")


# child order of w:pPr required by the schema (Word rejects files that break it)
_PPR_ORDER = {
    w(n): i
    for i, n in enumerate(
        [
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ]
    )
}


def ppr_set(p, name: str, **attrs) -> etree._Element:
    """Set (replace) one w:pPr child of paragraph *p*, keeping the schema order."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    old = ppr.find(w(name))
    if old is not None:
        ppr.remove(old)
    el = etree.Element(w(name))
    for key, value in attrs.items():
        el.set(w(key), str(value))
    rank = _PPR_ORDER.get(el.tag, 99)
    for i, child in enumerate(ppr):
        if _PPR_ORDER.get(child.tag, 99) > rank:
            ppr.insert(i, el)
            break
    else:
        ppr.append(el)
    return el
