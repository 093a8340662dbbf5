"""The Typst preamble: page setup, fonts and the helper functions the generated body calls.

The values mirror templates/base/print.css (the WeasyPrint layout) and come from the same page setup
(generator/render/page.py: 版面方案 and 版面): paper and margins, landscape margins, body size, line height and
letter spacing, heading sizes, the fonts of each role, the page-number format, size and side. Tables are 9pt
(7.5pt on landscape pages) with 0.5pt rules; the cover has no page number.
"""

from __future__ import annotations

import re

from ...render.page import length_pt, letter_spacing_pt, page_box
from .markup import string, text

# Every line box is exactly 1em tall (top/bottom edges at the em box), so CSS line-height L is leading (L − 1)em.
PREAMBLE = r"""
// each list ends with the other configured fonts: a character missing from the first falls back to a font the
// glyph guard checked (and the region chose), not to whatever font Typst finds first
#let body-font = (@@BODY@@, @@HEAD@@, @@TABLE@@)
#let head-font = (@@HEAD@@, @@BODY@@, @@TABLE@@)
#let h2-font = (@@H2@@, @@HEAD@@, @@BODY@@, @@TABLE@@)
#let h3-font = (@@H3@@, @@HEAD@@, @@BODY@@, @@TABLE@@)
#let table-font = (@@TABLE@@, @@HEAD@@, @@BODY@@)
#set document(title: @@TITLE@@, author: @@AUTHOR@@)
#let page-number = text(font: body-font, size: @@NUMBER_SIZE@@, tracking: 0pt)[@@NUMBER@@]
#let page-footer = @@FOOTER@@
#set page(width: @@PAPER_W@@, height: @@PAPER_H@@, margin: @@MARGIN@@, footer: page-footer)
#set text(font: body-font, size: @@BODY_SIZE@@, tracking: @@TRACKING@@, lang: "zh", region: "cn",
  top-edge: 0.88em, bottom-edge: -0.12em, cjk-latin-spacing: none)
// first-fit line breaking: lines are only ever stretched, never shrunk, so full-width punctuation keeps its full
// width (the optimized breaker shrinks "，" to half an em to fit one more character: commas of two widths)
#set par(justify: true, linebreaks: "simple", leading: @@LEADING@@, spacing: @@LEADING@@ + 4pt,
  first-line-indent: (amount: 2em, all: true))
#show heading: set text(font: head-font, weight: "bold")
#show heading.where(level: 1): it => block(width: 100%, above: 0pt, below: 12pt + 0.3em, sticky: true,
  align(center, text(size: @@H1_SIZE@@, it.body)))
#show heading.where(level: 2): it => block(above: 12pt + 0.3em, below: 6pt + 0.3em, sticky: true,
  text(font: h2-font, size: @@H2_SIZE@@)[#h(2em)#it.body])
#show heading.where(level: 3): it => block(above: 6pt + 0.3em, below: 4pt + 0.3em, sticky: true,
  text(font: h3-font, size: @@H3_SIZE@@)[#h(2em)#it.body])
#set table(stroke: 0.5pt + black, inset: (x: 3pt, y: 2pt + 0.15em), align: left + horizon)
#set table.cell(breakable: false)
#show table: set par(justify: false, leading: 0.3em, first-line-indent: 0pt)
#show table: set text(font: table-font, tracking: 0pt)

// blocks
#let plain(body, size: 12pt, align: left, above: auto) = block(above: above, width: 100%,
  std.align(align, par(first-line-indent: 0pt, justify: false, text(size: size, body))))
#let cover(unit, title) = page(footer: none, block(width: 100%, height: 220mm, std.align(center + horizon,
  text(font: head-font, weight: "bold")[#text(size: 22pt, unit)#v(18pt)#text(size: 26pt, title)])))
#let title-line(body) = block(width: 100%, below: 6pt, std.align(center,
  par(first-line-indent: 0pt, text(font: head-font, size: 20pt, weight: "bold", body))))
#let table-no(body) = plain(body, size: 11pt)
// a bookmark of the PDF outline without a visible heading: hidden, placed (it takes no room), text of its own
#let bookmark(level, label) = place(hide(heading(level: level, outlined: false, bookmarked: true, label)))
#let table-title(body, outline: none) = block(width: 100%, above: 2pt + 0.3em, below: 4pt + 0.3em, sticky: true, {
  if outline != none { bookmark(..outline) }
  std.align(center, par(first-line-indent: 0pt, text(font: head-font, size: 15pt, weight: "bold", body)))
})
#let table-subtitle(body) = block(width: 100%, below: 4pt + 0.3em, sticky: true, std.align(center,
  par(first-line-indent: 0pt, body)))
#let note(body, size: 9pt) = block(above: 3pt + 0.3em, width: 100%,
  par(first-line-indent: 0pt, justify: true, leading: 0.3em, text(size: size, body)))
// a note as the last row of its table's footer: no rules but the table's bottom line, the note's own size
#let note-cell(columns, body, size: 9pt) = table.cell(colspan: columns, stroke: (top: 0.5pt + black, rest: none),
  inset: (x: 0pt, top: 3pt + 0.3em, bottom: 0pt), align: left, par(first-line-indent: 0pt, justify: true,
  leading: 0.3em, text(size: size, body)))
#let sign(body, first: false) = block(width: 100%, above: if first { 24pt } else { auto },
  std.align(right, pad(right: 2em, par(first-line-indent: 0pt, body))))
#let toc-entry(level, target, body) = block(width: 100%, above: 2pt + 0.6em, below: 2pt + 0.6em,
  par(first-line-indent: 0pt, justify: false, hanging-indent: 0pt)[#h(if level > 1 { 2em } else { 0em })#link(target,
  body)#h(0.3em)#box(width: 1fr, repeat(gap: 0.12em)[.])#h(0.3em)#context counter(page).at(target).first()])
#let toc-plain(level, body) = block(width: 100%, above: 2pt + 0.6em, below: 2pt + 0.6em,
  par(first-line-indent: 0pt)[#h(if level > 1 { 2em } else { 0em })#body])
// a table block set smaller (down to min) so that it stays on one page; one that cannot keeps its size and breaks.
// Starts at the size the estimate suggests (start) and steers by the measured height, which grows about as the
// size squared: down until it fits, then up while a larger size still fits (the estimate is rough both ways), a
// few measurements of the block (each is a layout of it, kept in Typst's cache).
#let fit-block(size, min, start, reserve, body) = layout(region => {
  let room = region.height - reserve
  let height(s) = measure(width: region.width, body(s)).height
  let s = start
  let h = height(s)
  while h > room and s > min {
    s = calc.max(min, calc.min(s - 0.25pt, calc.floor(s / 0.25pt * calc.sqrt(room / h)) * 0.25pt))
    h = height(s)
  }
  if h <= room {
    while s < size and height(s + 0.25pt) <= room { s = s + 0.25pt }
  }
  body(if h <= room { s } else { size })
})
#let wide(body) = page(flipped: true, margin: @@WIDE_MARGIN@@, body)
// the last section before a page break (a copy, measured): begun on a new page when less than a third of a page of
// it would spill onto the next one, where it would stand alone; a section over two thirds of a page is left to break
// (colbreak: a pagebreak() from inside a context that prints nothing else is lost)
#let keep-ending(body) = context {
  let room = @@BODY_BOTTOM@@ - here().position().y
  let high = measure(width: @@TEXT_W@@, body).height + 1em.to-absolute()  // + the space above its heading
  if high > room and high - room < @@TEXT_H@@ / 3 and high < @@TEXT_H@@ * 2 / 3 { colbreak(weak: true) }
}

// table cells: th bold centred on grey; meta rows without rules
#let th(..args, body) = table.cell(..args, fill: luma(242), align: center + horizon,
  text(font: head-font, weight: "bold", body))
#let meta(..args, body) = table.cell(..args, stroke: none, inset: (x: 0pt, top: 0pt, bottom: 3pt),
  text(size: 9pt, body))
"""


def _box(margins: tuple[float, float, float, float]) -> str:
    top, right, bottom, left = margins
    return f"(top: {top:g}mm, right: {right:g}mm, bottom: {bottom:g}mm, left: {left:g}mm)"


def _pt(page: dict, key: str) -> str:
    return f"{length_pt(page[key], key):g}pt"


def _leading(page: dict) -> str:
    """行距 as Typst leading (a line box is 1em): a factor scales with each text's size as CSS inherits it
    (1.6 → 0.6em), a length stays the same for every size (28.95pt → 28.95pt - 1em)."""
    value = str(page["行距"]).strip()
    if re.fullmatch(r"[\d.]+", value):
        return f"{float(value) - 1:g}em"
    return f"{length_pt(value, '行距'):g}pt - 1em"


def _footer(page: dict) -> str:
    if page["页码位置"] == "外侧":
        # odd printed numbers right, even ones left, 1em in from the side (GB/T 9704): by the number printed, not
        # the physical page, since the cover and 目录 are not counted (print.css @page :left counts alike)
        return (
            "context if calc.odd(counter(page).get().first()) { align(right, pad(right: 1em, page-number)) }"
            " else { align(left, pad(left: 1em, page-number)) }"
        )
    return "align(center, page-number)"


def preamble(page: dict, title: str, author: str, family=lambda name: name) -> str:
    """The preamble for the page setup *page* (``render.page.page_setup``); *family* maps font names."""
    fonts = {role: family(name) for role, name in page["字体"].items()}
    before, sep, after = str(page["页码格式"]).partition("{页}")
    number = text(before) + "#context counter(page).display()" + text(after) if sep else text(before)
    box = page_box(page)
    width, height = box.paper_mm
    code = {
        "PAPER_W": f"{width:g}mm",
        "PAPER_H": f"{height:g}mm",
        "MARGIN": _box(box.margins_mm),
        "WIDE_MARGIN": _box(box.landscape_margins_mm),
        "BODY_BOTTOM": f"{height - box.margins_mm[2]:g}mm",
        "TEXT_W": f"{box.text_width_mm():g}mm",
        "TEXT_H": f"{height - box.margins_mm[0] - box.margins_mm[2]:g}mm",
        "BODY_SIZE": _pt(page, "正文字号"),
        "LEADING": _leading(page),
        "TRACKING": f"{letter_spacing_pt(page) or 0:g}pt",
        "H1_SIZE": _pt(page, "标题字号"),
        "H2_SIZE": _pt(page, "一级标题字号"),
        "H3_SIZE": _pt(page, "二级标题字号"),
        "NUMBER_SIZE": _pt(page, "页码字号"),
        "NUMBER": number,
        "FOOTER": _footer(page),
    }
    strings = {
        "BODY": fonts.get("正文", "Noto Serif CJK SC"),
        "HEAD": fonts.get("标题", "Noto Sans CJK SC"),
        "H2": fonts.get("一级标题") or fonts.get("标题", "Noto Sans CJK SC"),
        "H3": fonts.get("二级标题") or fonts.get("标题", "Noto Sans CJK SC"),
        "TABLE": fonts.get("表格", "Noto Sans CJK SC"),
        "TITLE": title,
        "AUTHOR": author,
    }

    def value(m: re.Match) -> str:
        key = m.group(1)
        return code[key] if key in code else string(strings[key])

    return re.sub(r"@@(\w+)@@", value, PREAMBLE)
