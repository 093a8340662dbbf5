"""Font lookup (fontconfig) and the missing-glyph guard: every character must be in a font of the report, or
rendering stops.

Without this guard a character outside the fonts (a rare 生僻字 in a name, a private-use symbol pasted from
Word) would print as an empty box in the published PDF.
"""

from __future__ import annotations

import bisect
import re
import subprocess
import unicodedata
from functools import cache

from .errors import RenderError


@cache
def font_file(family: str) -> tuple[str, int]:
    """(path, index in collection) of the font fontconfig picks for *family*; error when it is a fallback."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}|%{family}", family], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        raise RenderError("找不到 fontconfig（fc-match），无法确认字体；请先运行 make install") from None
    path, index, families = out.split("|", 2)
    if family.lower() not in families.lower():
        raise RenderError(
            f"系统中没有字体“{family}”（fontconfig 用“{families}”代替）；请安装 fonts-noto-cjk 或修改地区设置中的字体"
        )
    return path, int(index or 0)


@cache
def installed(family: str) -> bool:
    """Whether fontconfig has *family* itself (not a fallback for it)."""
    try:
        font_file(family)
    except RenderError:
        return False
    return True


INK_SAMPLE = "一国中年预算支出情况说明的和其公共"  # common Han characters: how large a face draws them


@cache
def ink_em(family: str) -> float:
    """The mean height of the sample characters' outlines in em of *family* (Noto CJK 0.88, AR PL UKai 0.80): two
    faces at one size look as large as their ink, not their em box."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTCollection, TTFont

    path, index = font_file(family)
    font = TTCollection(path, lazy=True).fonts[index] if path.lower().endswith((".ttc", ".otc")) else TTFont(path)
    glyphs, cmap, upm = font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm
    heights = []
    for ch in INK_SAMPLE:
        name = cmap.get(ord(ch))
        if name is None:
            continue
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds:
            heights.append((pen.bounds[3] - pen.bounds[1]) / upm)
    return sum(heights) / len(heights) if heights else 0.88


class Charset:
    """Code points as sorted ranges (fontconfig's charset of a font), for ``ord(ch) in charset``."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.starts = [a for a, _ in ranges]
        self.ends = [b for _, b in ranges]

    def __contains__(self, code: int) -> bool:
        i = bisect.bisect_right(self.starts, code) - 1
        return i >= 0 and code <= self.ends[i]


@cache
def coverage(family: str) -> Charset:
    """The code points of the font fontconfig picks for *family*: fontconfig's charset, read from its cache (the
    font's own cmap through fontTools took 0.07 s a CJK face, every run)."""
    font_file(family)  # an error when fontconfig has only a fallback for *family*
    out = subprocess.run(["fc-match", "-f", "%{charset}", family], capture_output=True, text=True, check=True).stdout
    ranges = []
    for part in out.split():
        first, _, last = part.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return Charset(sorted(ranges))


_TAG = re.compile(r"<[^>]+>")


def check_glyphs(html: str, families: list[str]) -> None:
    import html as htmllib

    text = htmllib.unescape(_TAG.sub(" ", html.split("</style>", 1)[-1]))
    sets = [coverage(fam) for fam in families]
    # each distinct character once (a report has a few thousand among several hundred thousand), in text order
    absent = sorted(
        (ch for ch in set(text) if not ch.isspace() and not any(ord(ch) in cmap for cmap in sets)), key=text.index
    )
    missing: dict[str, str] = {}
    for ch in absent:
        i = text.index(ch)
        missing[ch] = text[max(0, i - 12) : i + 12].replace("\n", " ")
    if missing:
        lines = [
            f"“{ch}”（U+{ord(ch):04X} {unicodedata.name(ch, '未知字符')}），出现在：…{ctx}…"
            for ch, ctx in list(missing.items())[:10]
        ]
        raise RenderError(
            "以下字符在字体中没有字形，PDF 会显示为空框，已停止生成：\n  "
            + "\n  ".join(lines)
            + "\n请改用常用字，或在地区设置中换用包含这些字的字体。"
        )
