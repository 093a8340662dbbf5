"""Page setup and type from region settings: the 版面方案 preset (通用 or 公文) overlaid with the 版面 keys.

print.css reads the result as ``page`` (margins, sizes, page-number format); the column widths read the printable
widths from it. Fonts (字体) may list fallbacks ("仿宋_GB2312, Noto Serif CJK SC"): the first installed one is used,
and a named font that is not installed is reported once on stderr.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import RenderError
from .measure import Geometry

# GB/T 9704-2012 党政机关公文格式: A4, 版心 156 mm × 225 mm (top 37, bottom 35, left 28, right 26),
# body 三号 仿宋 22 lines × 28 characters, title 二号 小标宋, 一、 黑体, （一） 楷体, page numbers 四号 "— N —" outside.
PRESETS: dict[str, dict] = {
    "通用": {},
    "公文": {
        "页边距": "37mm 26mm 35mm 28mm",
        "正文字号": "16pt",
        "行距": "28.95pt",  # 225 mm / 22 lines
        "字距": "-0.21pt",  # 156 mm / 28 characters = 15.79 pt a character at 16 pt
        "标题字号": "22pt",
        "一级标题字号": "16pt",
        "二级标题字号": "16pt",
        "页码字号": "14pt",
        "页码位置": "外侧",
        "字体": {
            "正文": "仿宋_GB2312, 仿宋, FangSong, Noto Serif CJK SC",
            "标题": "方正小标宋简体, 方正小标宋_GBK, Noto Serif CJK SC",
            "一级标题": "黑体, SimHei, Noto Sans CJK SC",
            "二级标题": "楷体_GB2312, 楷体, KaiTi, AR PL UKai CN, Noto Serif CJK SC",
        },
    },
}

DEFAULTS = {
    "纸张": "A4",
    "页边距": "25mm 20mm 22mm 20mm",  # top right bottom left, as CSS
    "横向页边距": "18mm 15mm 18mm 15mm",
    "正文字号": "12pt",
    "行距": "1.6",
    "字距": "normal",
    "标题字号": "16pt",
    "一级标题字号": "13pt",
    "二级标题字号": "12pt",
    "页码格式": "— {页} —",
    "页码字号": "9pt",
    "页码位置": "居中",
    "前置页计页码": "否",
}

_PAPER = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "B5": (176.0, 250.0), "16K": (185.0, 260.0)}
FONT_ROLES = ("正文", "标题", "一级标题", "二级标题", "表格")


@dataclass(frozen=True)
class PageBox:
    """Paper and margins in mm (margins top, right, bottom, left as CSS), for writers that set pages themselves."""

    paper_mm: tuple[float, float]  # portrait width, height
    margins_mm: tuple[float, float, float, float]
    landscape_margins_mm: tuple[float, float, float, float]

    def text_width_mm(self, landscape: bool = False) -> float:
        top, right, bottom, left = self.landscape_margins_mm if landscape else self.margins_mm
        return (self.paper_mm[1] if landscape else self.paper_mm[0]) - left - right


def _mm(value: str, key: str) -> float:
    m = re.fullmatch(r"\s*([\d.]+)\s*(mm|cm|pt)?\s*", value)
    if not m:
        raise RenderError(f"版面设置“{key}”的值“{value}”无法识别，应写如 25mm")
    n = float(m.group(1))
    return {"cm": n * 10, "pt": n * 25.4 / 72}.get(m.group(2) or "mm", n)


def _margins(value: str, key: str) -> tuple[float, float, float, float]:
    parts = [_mm(p, key) for p in value.split()]
    if len(parts) not in (1, 2, 4):
        raise RenderError(f"版面设置“{key}”应为 1、2 或 4 个长度（上 右 下 左），现为“{value}”")
    top, right, bottom, left = (parts * 4)[:4] if len(parts) == 1 else (parts * 2 if len(parts) == 2 else parts)
    return top, right, bottom, left


def length_pt(value: str, key: str, em_pt: float | None = None) -> float:
    """A CSS length of a 版面 setting in points (pt, px, mm, cm; em when *em_pt* is given), sign allowed."""
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*(pt|px|mm|cm|em)?\s*", str(value))
    unit = (m.group(2) or "") if m else ""
    if not m or not unit or (unit == "em" and em_pt is None):
        raise RenderError(f"版面设置“{key}”的值“{value}”无法识别，应写如 16pt")
    n = float(m.group(1))
    factor = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4, "em": em_pt or 0.0}[unit]
    return n * factor


def line_pt(page: dict, size_pt: float) -> float:
    """The line height in points of text *size_pt* large: 行距 as a factor ("1.6" × the size) or a length
    ("28.95pt", the same for every size), as CSS inherits it."""
    value = str(page["行距"]).strip()
    if re.fullmatch(r"[\d.]+", value):
        return float(value) * size_pt
    return length_pt(value, "行距", em_pt=size_pt)


def letter_spacing_pt(page: dict) -> float | None:
    """字距 in points (relative to 正文字号 when in em); None for "normal"."""
    value = str(page["字距"]).strip()
    if value in ("normal", "", "0"):
        return None
    return length_pt(value, "字距", em_pt=length_pt(page["正文字号"], "正文字号"))


def page_box(page: dict) -> PageBox:
    """Paper and margins of a :func:`page_setup` result."""
    if page["纸张"] not in _PAPER:
        raise RenderError(f"版面设置“纸张”为“{page['纸张']}”，可用：{'、'.join(_PAPER)}")
    return PageBox(_PAPER[page["纸张"]], _margins(page["页边距"], "页边距"), _margins(page["横向页边距"], "横向页边距"))


def _families(names) -> list[str]:
    return [n.strip().strip('"') for n in str(names).split(",") if n.strip()]


def _font_layers(settings: Mapping, base: dict | None) -> dict[str, Any]:
    """Role → font list: *base* ← the 版面方案 preset's 字体 ← 版面.字体; 一级/二级标题 default to 标题."""
    scheme = PRESETS.get(str(settings.get("版面方案", "通用") or "通用"), {})
    fonts = dict(base or {})
    fonts.update(scheme.get("字体", {}))  # a preset's fonts replace 字体; 版面.字体 names the office's own
    fonts.update((settings.get("版面") or {}).get("字体") or {})
    fonts.setdefault("一级标题", fonts.get("标题", "Noto Sans CJK SC"))
    fonts.setdefault("二级标题", fonts.get("标题", "Noto Sans CJK SC"))
    return fonts


def named_fonts(settings: dict, base: dict | None = None) -> dict[str, str]:
    """The FIRST named family of each role's font list (precedence as :func:`page_setup`, starting from *base*,
    by default the region's 字体): the DOCX carries these names, since it is opened on machines with the licensed
    faces, while the PDF embeds the first installed one."""
    layers = _font_layers(settings, settings.get("字体") if base is None else base)
    return {role: (_families(names) or [str(names)])[0] for role, names in layers.items()}


def resolve_font(names: str, installed) -> str:
    """The first installed family of a comma-separated list (the last one when none is: the glyph guard names it);
    :func:`font_warnings` says which first choices were missing."""
    families = _families(names)
    for family in families:
        if installed(family):
            return family
    return families[-1] if families else "Noto Serif CJK SC"


# a heading role and the size key of its type
HEADING_SIZES = (("标题", "标题字号"), ("一级标题", "一级标题字号"), ("二级标题", "二级标题字号"))


def _ink_ratio(body: str, face: str) -> float:
    """How much larger *face* must be set to draw Han characters as large as *body* (1 when unknown)."""
    from ..fonts import ink_em

    try:
        ink = ink_em(face)
        return ink_em(body) / ink if ink else 1.0
    except (RenderError, OSError, KeyError, ValueError):
        return 1.0


def _scale_fallback_headings(page: dict, substituted: dict) -> None:
    """A heading set in a fallback face that draws smaller than the body (AR PL UKai for 楷体_GB2312: 0.80 em of ink
    against Noto's 0.88) is set larger by the ratio, in half points, so that （一） does not look smaller than the
    text under it. Only fallbacks: a face the office chose keeps the size the scheme gives it."""
    for role, key in HEADING_SIZES:
        if role not in substituted:
            continue
        ratio = _ink_ratio(page["字体"]["正文"], page["字体"][role])
        if abs(ratio - 1) > 0.05:
            size = length_pt(page[key], key)
            page[key] = f"{round(size * ratio * 2) / 2:g}pt"
            substituted[role] = (*substituted[role][:2], page[key])


def font_warnings(page: dict, formats=("pdf",), word_fonts: dict | None = None) -> list[str]:
    """One line per font a role asked for that is not installed, saying what each format being written does with
    it: the PDF (and the HTML) embed the installed fallback, the DOCX names the font asked for (it is opened where
    the licensed faces are). Printed by every render, whatever its formats, so that a PDF run is not silent."""
    lines, seen = [], set()
    for role, (wanted, used, *size) in page.get("字体替代", {}).items():
        if wanted in seen:
            continue
        seen.add(wanted)
        what = []
        if "pdf" in formats or "html" in formats:
            grown = f"，字号放大为 {size[0]}（该字体字形偏小）" if size else ""
            what.append(f"{'PDF' if 'pdf' in formats else 'HTML'} 改用“{used}”{grown}")
        docx_name = (word_fonts or {}).get(role, wanted)
        if "docx" in formats:
            what.append(f"DOCX 仍写“{docx_name}”（在装有该字体的 Word/WPS 中显示）")
        hint = "；安装该字体后重新生成即可使用" if ("pdf" in formats or "html" in formats) else ""
        if what:
            lines.append(f"警告：字体“{wanted}”本机未安装：{'；'.join(what)}{hint}")
    return lines


def front_pages_counted(settings: dict) -> bool:
    """Whether the cover and 目录 count as pages (``版面.前置页计页码``); 否 (default): 第一部分 is page 1, as the
    seeds print it. One setting for both writers, so the PDF and the DOCX number their pages alike."""
    scheme = PRESETS.get(str(settings.get("版面方案", "通用") or "通用"), {})
    value = (settings.get("版面") or {}).get("前置页计页码", scheme.get("前置页计页码", DEFAULTS["前置页计页码"]))
    return str(value) == "是"


def page_setup(settings: Mapping, installed=None) -> dict:
    """The page setup of a region: preset 版面方案 ← region's 版面 keys; fonts resolved to installed families."""
    if installed is None:
        from ..fonts import installed as installed
    scheme = str(settings.get("版面方案", "通用") or "通用")
    if scheme not in PRESETS:
        raise RenderError(f"版面方案“{scheme}”不存在；可用：{'、'.join(PRESETS)}")
    preset = dict(PRESETS[scheme])
    page: dict[str, Any] = dict(DEFAULTS)
    page.update({k: v for k, v in preset.items() if k != "字体"})
    page.update({k: v for k, v in (settings.get("版面") or {}).items() if k != "字体"})
    fonts = _font_layers(settings, settings.get("字体"))
    page["字体"] = {k: resolve_font(v, installed) for k, v in fonts.items()}
    # role → (the font asked for, the installed one used[, the heading size it is set in]) where they differ
    page["字体替代"] = {
        k: (_families(v)[0], page["字体"][k]) for k, v in fonts.items() if _families(v)[:1] != [page["字体"][k]]
    }
    _scale_fallback_headings(page, page["字体替代"])
    box = page_box(page)
    width, height = box.paper_mm
    top, right, bottom, left = box.margins_mm
    ltop, lright, lbottom, lleft = box.landscape_margins_mm
    page["geometry"] = Geometry(
        portrait_mm=width - left - right,
        landscape_mm=height - lleft - lright,
        portrait_height_mm=height - top - bottom,
        landscape_height_mm=width - ltop - lbottom,
    )
    before, _, after = str(page["页码格式"]).partition("{页}")
    page["页码内容"] = f"{css_string(before)} counter(page) {css_string(after)}" if _ else "counter(page)"
    bad = next((f for f in page["字体"].values() if re.search(r"[\"\\<>;{}]", f)), None)
    if bad is not None:  # settings_schema refuses these; a second guard, since print.css prints the name as CSS
        raise RenderError(f"字体名称“{bad}”含有不能用于样式的字符")
    return page


def css_string(text: str) -> str:
    """*text* as a quoted CSS string: quotes, backslashes, line ends and angle brackets escaped (a settings value
    printed into print.css can neither end the string nor the <style> element)."""
    escaped = re.sub(r'["\\<>\n\r\f]', lambda m: f"\\{ord(m.group()):x} ", text)
    return f'"{escaped}"'


def pdf_fonts(settings: dict) -> list[str]:
    """The installed families a PDF of these settings is set in (body, titles, tables, then the heading roles),
    for the missing-glyph guard and the Typst font folders: one list for both engines."""
    fonts = page_setup(settings)["字体"]
    order = ["正文", "标题", "表格", "一级标题", "二级标题"]
    return list(dict.fromkeys([fonts[k] for k in order if fonts.get(k)] + list(fonts.values())))
