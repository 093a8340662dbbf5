"""Font lookup and the missing-glyph guard: every character must be in a configured font, or rendering stops.

Without this guard a character outside the fonts (a rare 生僻字 in a name, a private-use symbol pasted from
Word) would print as an empty box in the published PDF.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import cache

from fontTools.ttLib import TTCollection, TTFont

from ..errors import RenderError


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


@cache
def coverage(family: str) -> frozenset:
    path, index = font_file(family)
    if path.lower().endswith((".ttc", ".otc")):
        font = TTCollection(path, lazy=True).fonts[index]
    else:
        font = TTFont(path, lazy=True, fontNumber=index)
    return frozenset(font.getBestCmap())


_TAG = re.compile(r"<[^>]+>")


def check_glyphs(html: str, families: list[str]) -> None:
    import html as htmllib

    text = htmllib.unescape(_TAG.sub(" ", html.split("</style>", 1)[-1]))
    covered: set[int] = set()
    for fam in families:
        covered |= coverage(fam)
    missing: dict[str, str] = {}
    for i, ch in enumerate(text):
        if ch.isspace() or ord(ch) in covered or ch in missing:
            continue
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
