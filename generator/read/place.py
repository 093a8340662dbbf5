"""The texts of a report placed: the region's phrases as a reader (texts.Reader), the 决算 or 预算 section readers
run over the sections, the 落款 taken out, and the prior-year figures that waited for the computed tables."""

from __future__ import annotations

import re

from ..phrases import phrase_book
from .budget_texts import read_budget
from .final_texts import read_final
from .phrasing import Phrasebook
from .texts import Reader


def reader_for(out, kind: str, region) -> Reader:
    level = out.data.get("报告", {}).get("级次", "部门")
    nested: dict[str, list[str]]
    if kind == "final":
        change = ["通用.变动"]
        nested = {"变动": change, "收入变动": change, "支出变动": change}
        nested |= {"原因句": ["通用.原因句"], "预算原因句": ["通用.原因句"]}
    else:
        nested = {"变动": ["通用.比上年", "通用.变动"]}
    own = {"s10.变动项": {"变动": ["通用.变动"]}} if kind == "budget" else {}
    book = Phrasebook(phrase_book(region, kind), region.settings, {"级次": level, "本级": "本" + level}, nested, own)
    return Reader(out, book, out.data, out.doc.kind == "docx")


def place_texts(out, report, figures, region) -> None:
    """Every section's paragraphs into the data of *out* (to_input.Imported); what no phrase explains is listed."""
    kind = "final" if report.报告.类型 == "决算" else "budget"
    reader = reader_for(out, kind, region)
    if kind == "final":
        read_final(reader, out)
    else:
        read_budget(reader, out)
    signoff(reader, out)
    out.reader = reader


def signoff(rd: Reader, out) -> None:
    """The unit's name and the date printed at the end (报告.落款日期), taken out of the last section."""
    last = next((s for s in reversed(out.sections) if s.blocks), None)
    if last is None:
        return
    unit = re.sub(r"\s+", "", out.meta.unit or "")
    for b in reversed(last.blocks[-3:]):
        t = re.sub(r"\s+", "", b.text)
        if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t):
            rd.put(("报告", "落款日期"), t, rd.where(b))
        elif t != unit:
            continue
        last.items.remove(b)
        rd.out.unplaced[:] = [u for u in rd.out.unplaced if u.text != b.text]


def resolve_deferred(reader: Reader, figures) -> bool:
    """Prior-year figures that waited for the computed figures; True when one was set."""
    done = False
    for d in reader.deferred:
        try:
            current = d.current(figures)
        except (AttributeError, TypeError):
            continue
        if current is not None:
            reader.put(d.path, current - d.change, d.where)
            done = True
    return done
