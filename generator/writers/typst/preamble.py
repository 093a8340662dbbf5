"""The Typst preamble: page setup, fonts and the helper functions the generated body calls.

The values mirror templates/base/print.css (the WeasyPrint layout): A4 with margins 25/20/22/20 mm, landscape
pages 18/15 mm, body 12pt with line height 1.6, justified paragraphs with a 2em first-line indent, tables 9pt
(7.5pt on landscape pages) with 0.5pt rules, page numbers "— N —" at the bottom centre except on the cover.
"""

from __future__ import annotations

import re

from .markup import string

# Every line box is exactly 1em tall (top/bottom edges at the em box), so CSS line-height L is leading (L − 1)em.
PREAMBLE = r"""
// each list ends with the other configured fonts: a character missing from the first falls back to a font the
// glyph guard checked (and the region chose), not to whatever font Typst finds first
#let body-font = (@@BODY@@, @@HEAD@@, @@TABLE@@)
#let head-font = (@@HEAD@@, @@BODY@@, @@TABLE@@)
#let table-font = (@@TABLE@@, @@HEAD@@, @@BODY@@)
#set document(title: @@TITLE@@, author: @@AUTHOR@@)
#let page-footer = context align(center, text(font: body-font, size: 9pt)[— #counter(page).display() —])
#set page(paper: "a4", margin: (top: 25mm, bottom: 22mm, left: 20mm, right: 20mm), footer: page-footer)
#set text(font: body-font, size: 12pt, lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: -0.12em,
  cjk-latin-spacing: none)
#set par(justify: true, leading: 0.6em, spacing: 0.6em + 4pt, first-line-indent: (amount: 2em, all: true))
#show heading: set text(font: head-font, weight: "bold")
#show heading.where(level: 1): it => block(width: 100%, above: 0pt, below: 12pt + 0.3em, sticky: true,
  align(center, text(size: 16pt, it.body)))
#show heading.where(level: 2): it => block(above: 12pt + 0.3em, below: 6pt + 0.3em, sticky: true,
  text(size: 13pt)[#h(2em)#it.body])
#show heading.where(level: 3): it => block(above: 6pt + 0.3em, below: 4pt + 0.3em, sticky: true,
  text(size: 12pt)[#h(2em)#it.body])
#set table(stroke: 0.5pt + black, inset: (x: 3pt, y: 2pt + 0.15em), align: left + horizon)
#set table.cell(breakable: false)
#show table: set par(justify: false, leading: 0.3em, first-line-indent: 0pt)
#show table: set text(font: table-font)

// blocks
#let plain(body, size: 12pt, align: left, above: auto) = block(above: above, width: 100%,
  std.align(align, par(first-line-indent: 0pt, justify: false, text(size: size, body))))
#let cover(unit, title) = page(footer: none, block(width: 100%, height: 220mm, std.align(center + horizon,
  text(font: head-font, weight: "bold")[#text(size: 22pt, unit)#v(18pt)#text(size: 26pt, title)])))
#let title-line(body) = block(width: 100%, below: 6pt, std.align(center,
  par(first-line-indent: 0pt, text(font: head-font, size: 20pt, weight: "bold", body))))
#let table-no(body) = plain(body, size: 11pt)
#let table-title(body) = block(width: 100%, above: 2pt + 0.3em, below: 4pt + 0.3em, sticky: true, std.align(center,
  par(first-line-indent: 0pt, text(font: head-font, size: 15pt, weight: "bold", body))))
#let table-subtitle(body) = block(width: 100%, below: 4pt + 0.3em, sticky: true, std.align(center,
  par(first-line-indent: 0pt, body)))
#let note(body, size: 9pt) = block(above: 3pt + 0.3em, width: 100%,
  par(first-line-indent: 0pt, justify: true, leading: 0.3em, text(size: size, body)))
#let sign(body, first: false) = block(width: 100%, above: if first { 24pt } else { auto },
  std.align(right, pad(right: 2em, par(first-line-indent: 0pt, body))))
#let toc-entry(level, target, body) = block(width: 100%, above: 2pt + 0.6em, below: 2pt + 0.6em,
  par(first-line-indent: 0pt, justify: false, hanging-indent: 0pt)[#h(if level > 1 { 2em } else { 0em })#link(target,
  body)#h(0.3em)#box(width: 1fr, repeat(gap: 0.12em)[.])#h(0.3em)#context counter(page).at(target).first()])
#let toc-plain(level, body) = block(width: 100%, above: 2pt + 0.6em, below: 2pt + 0.6em,
  par(first-line-indent: 0pt)[#h(if level > 1 { 2em } else { 0em })#body])
#let wide(body) = page(flipped: true, margin: (top: 18mm, bottom: 18mm, left: 15mm, right: 15mm), body)

// table cells: th bold centred on grey; meta rows without rules
#let th(..args, body) = table.cell(..args, fill: luma(242), align: center + horizon,
  text(font: head-font, weight: "bold", body))
#let meta(..args, body) = table.cell(..args, stroke: none, inset: (x: 0pt, top: 0pt, bottom: 3pt),
  text(size: 9pt, body))
"""


def preamble(fonts: dict, title: str, author: str) -> str:
    values = {
        "BODY": fonts.get("正文", "Noto Serif CJK SC"),
        "HEAD": fonts.get("标题", "Noto Sans CJK SC"),
        "TABLE": fonts.get("表格", "Noto Sans CJK SC"),
        "TITLE": title,
        "AUTHOR": author,
    }
    return re.sub(r"@@(\w+)@@", lambda m: string(values[m.group(1)]), PREAMBLE)
