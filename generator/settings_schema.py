"""The type of every region setting, checked where the value is read (region.yml, an overlay, 报告.版式).

Settings reach the document in places where text is not escaped the way input text is (the page setup is written
into CSS and into the Typst preamble; part and table ids become template names; rules become Decimals), so a value
is refused, located at its file:line, unless it fits its declared type: a bounded one-line text, one of a few
words, a number in a range, a length with its unit, a page-number format containing ``{页}``, a font list … The
writers then only ever see values of these shapes (and escape them again where they emit them).

A new setting of the built-in templates is declared in :data:`SCHEMA` next to its default in
``templates/base/region.yml``. A setting that only an overlay or a region's own templates use needs no declaration:
it gets :data:`FREE` (text, lists and mappings of bounded text) and 报告.版式 may override it with a value of the
same shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import Location, Problem

MAX_SETTING_CHARS = 2000  # one text of a setting (a 名词解释 entry is the longest, about 300 characters)
MAX_ITEMS = 200  # entries of one list or mapping
MAX_DEPTH = 6
SCHEMES = ("通用", "公文")  # 版面方案: the presets of generator/render/page.py
PAPERS = ("A4", "A3", "B5", "16K")  # 版面.纸张
YES_NO = ("是", "否")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
_LENGTH = re.compile(r"^\s*([+-]?[0-9]+(?:\.[0-9]+)?)\s*(pt|px|mm|cm|em)?\s*$")
_TO_PT = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4}
_FONT = re.compile(r"^[^\x00-\x1f\x7f\"'\\;:{}<>()@/*!=]+$")  # a family name: no CSS, no quotes

Path = tuple


@dataclass(kw_only=True)
class Type:
    """A setting's type: ``check(value)`` returns (relative path, message) pairs, nothing when the value fits."""

    label: str

    def check(self, value: Any, path: Path = ()) -> list[tuple[Path, str]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def wrong(self, value: Any, path: Path) -> list[tuple[Path, str]]:
        shown = value if isinstance(value, str) else {dict: "映射", list: "列表", type(None): "空值"}.get(type(value))
        if isinstance(shown, str) and len(shown) > 40:
            shown = shown[:40] + "…"
        return [(path, f"应为{self.label}，现为“{shown}”")]


def _text_problem(value: Any, max_chars: int, one_line: bool) -> str | None:
    if not isinstance(value, str):
        return "not text"
    if len(value) > max_chars:
        return f"过长（{len(value):,} 字，上限 {max_chars:,} 字）"
    if _CONTROL.search(value) or (one_line and ("\n" in value.strip() or "\r" in value)):
        return "含有换行或控制字符" if one_line else "含有控制字符"
    return None


@dataclass(kw_only=True)
class Text(Type):
    """Text of at most *max_chars* characters (one line unless *lines*); None (``key:``) is the empty text."""

    label: str = "文字"
    max_chars: int = 200
    lines: bool = False

    def check(self, value, path=()):
        if value is None:
            return []
        problem = _text_problem(value, self.max_chars, not self.lines)
        if problem == "not text":
            return self.wrong(value, path)
        return [(path, f"文字{problem}")] if problem else []


@dataclass(kw_only=True)
class Choice(Type):
    """One of a few words."""

    choices: tuple = ()
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or "、".join(self.choices) + " 之一"

    def check(self, value, path=()):
        return [] if isinstance(value, str) and value in self.choices else self.wrong(value, path)


@dataclass(kw_only=True)
class Words(Type):
    """Words separated by spaces, each matching *word* (ids that become template names) or one of *choices*."""

    label: str = "以空格分隔的名称"
    word: str = r"[A-Za-z0-9_\-\u4e00-\u9fff]{1,40}"
    choices: tuple = ()

    def check(self, value, path=()):
        if not isinstance(value, str) or len(value) > MAX_SETTING_CHARS:
            return self.wrong(value, path)
        bad = [w for w in value.split() if (w not in self.choices if self.choices else not re.fullmatch(self.word, w))]
        if bad:
            allowed = f"（可用：{'、'.join(self.choices)}）" if self.choices else "（字母、数字、汉字）"
            return [(path, f"“{bad[0]}”不是可用的名称{allowed}")]
        return []


@dataclass(kw_only=True)
class Number(Type):
    """A decimal number in [low, high]; *blank*: the empty text is allowed (the rule is off)."""

    label: str = "数字"
    low: float = 0
    high: float = 1000
    blank: bool = False

    def check(self, value, path=()):
        if self.blank and (value is None or (isinstance(value, str) and not value.strip())):
            return []
        if not isinstance(value, str) or not _NUMBER.match(value.strip()):
            return self.wrong(value, path)
        if not self.low <= float(value) <= self.high:
            return [(path, f"应在 {self.low:g} 到 {self.high:g} 之间，现为“{value}”")]
        return []


def length_pt(text: str, em_pt: float = 12.0) -> float | None:
    """A length in points (pt, px, mm, cm, em; *unitless* is refused here), None when it is none."""
    m = _LENGTH.match(text)
    if not m or not m.group(2):
        return None
    unit = m.group(2)
    return float(m.group(1)) * (em_pt if unit == "em" else _TO_PT[unit])


@dataclass(kw_only=True)
class Length(Type):
    """A CSS length with its unit (pt, px, mm, cm, em), between *low* and *high* points; *words* also allowed."""

    label: str = "带单位的长度（如 16pt、25mm）"
    low: float = 0
    high: float = 200
    words: tuple = ()
    factor: tuple | None = None  # (low, high) of a unitless factor (行距 1.6)

    def check(self, value, path=()):
        if not isinstance(value, str):
            return self.wrong(value, path)
        text = value.strip()
        if text in self.words:
            return []
        if self.factor and _NUMBER.match(text):
            low, high = self.factor
            return [] if low <= float(text) <= high else [(path, f"倍数应在 {low:g} 到 {high:g} 之间，现为“{value}”")]
        pt = length_pt(text)
        if pt is None:
            return self.wrong(value, path)
        if not self.low <= pt <= self.high:
            return [(path, f"长度“{value}”超出范围（{self.low:g}pt 到 {self.high:g}pt）")]
        return []


@dataclass(kw_only=True)
class Margins(Type):
    """1, 2 or 4 lengths in mm, cm or pt (a number alone is mm), top right bottom left as CSS."""

    label: str = "1、2 或 4 个长度（上 右 下 左，如 25mm 20mm 22mm 20mm）"

    def check(self, value, path=()):
        if not isinstance(value, str):
            return self.wrong(value, path)
        parts = value.split()
        ok = len(parts) in (1, 2, 4)
        for part in parts:
            m = _LENGTH.match(part)
            if not m or m.group(2) not in (None, "mm", "cm", "pt"):
                ok = False
                break
            mm = float(m.group(1)) * {"cm": 10.0, "pt": 25.4 / 72}.get(m.group(2) or "mm", 1.0)
            if not 0 <= mm <= 80:
                return [(path, f"页边距“{part}”超出范围（0 到 80mm）")]
        return [] if ok else self.wrong(value, path)


@dataclass(kw_only=True)
class PageFormat(Type):
    """The page-number text: exactly one ``{页}``, one short line, no quotes, backslashes or angle brackets."""

    label: str = "含 {页} 的页码格式（如 — {页} —、第{页}页）"

    def check(self, value, path=()):
        if not isinstance(value, str):
            return self.wrong(value, path)
        rest = value.replace("{页}", "", 1)
        if value.count("{页}") != 1 or len(value) > 30 or re.search(r"[\x00-\x1f\x7f\"'\\<>{}]", rest):
            return self.wrong(value, path)
        return []


@dataclass(kw_only=True)
class Fonts(Type):
    """Font family names separated by commas (fallbacks), each without quotes or CSS punctuation."""

    label: str = "字体名称（多个以逗号分隔，如 仿宋_GB2312, 仿宋）"
    single: bool = False

    def check(self, value, path=()):
        if not isinstance(value, str) or len(value) > 300:
            return self.wrong(value, path)
        names = [n.strip() for n in value.split(",")]
        if (self.single and len(names) != 1) or len(names) > 10:
            return self.wrong(value, path)
        if not all(n and len(n) <= 64 and _FONT.match(n) for n in names):
            return self.wrong(value, path)
        return []


@dataclass(kw_only=True)
class Mapping(Type):
    """A mapping with known keys (*fields*), or any keys matching *key* with values of type *values*."""

    label: str = "“键: 值”映射"
    fields: dict = field(default_factory=dict)
    key: str | None = None
    values: Type | None = None
    key_label: str = ""

    def check(self, value, path=()):
        if value is None:
            return []
        if not isinstance(value, dict):
            return self.wrong(value, path)
        if len(value) > MAX_ITEMS:
            return [(path, f"项数过多（上限 {MAX_ITEMS}）")]
        out = []
        for k, v in value.items():
            typ = self.fields.get(k)
            if typ is None and self.values is not None and (self.key is None or re.fullmatch(self.key, str(k))):
                typ = self.values
            if typ is None:
                if self.fields:
                    out.append((path + (k,), f"没有“{k}”这一项；可用：{'、'.join(self.fields)}"))
                else:
                    out.append((path + (k,), f"的键“{k}”不对（应为{self.key_label}）"))
                continue
            out += typ.check(v, path + (k,))
        return out


@dataclass(kw_only=True)
class ListOf(Type):
    """A list of items of type *item*, with *count* entries when given."""

    label: str = "列表"
    item: Type | None = None
    count: int | None = None

    def check(self, value, path=()):
        if not isinstance(value, list):
            return self.wrong(value, path)
        if len(value) > MAX_ITEMS:
            return [(path, f"项数过多（上限 {MAX_ITEMS}）")]
        if self.count is not None and len(value) != self.count:
            return [(path, f"应有 {self.count} 项，现有 {len(value)} 项")]
        out = []
        for i, v in enumerate(value):
            out += self.item.check(v, path + (i,)) if self.item else []
        return out


@dataclass(kw_only=True)
class Entry(Type):
    """A one-entry mapping ``{key: text}`` (a 名词解释 term, a 决算章节 id with its title)."""

    label: str = "“名称: 文字”一项"
    key: Type = field(default_factory=Text)
    text: Type = field(default_factory=Text)

    def check(self, value, path=()):
        if not isinstance(value, dict) or len(value) != 1:
            return self.wrong(value, path)
        ((k, v),) = value.items()
        return self.key.check(k, path) + self.text.check(v, path + (k,))


@dataclass(kw_only=True)
class PerTable(Type):
    """One value for every table, or a mapping by table (``{表2: 末, 默认: 首}``)."""

    item: Type = field(default_factory=Text)
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or f"{self.item.label}，或按表分别给出的映射（如 {{表2: …, 默认: …}}）"

    def check(self, value, path=()):
        if isinstance(value, dict):
            return Mapping(key=r"表[0-9]{1,2}|默认", values=self.item, key_label="表N、默认").check(value, path)
        return self.item.check(value, path)


@dataclass(kw_only=True)
class PerList(Type):
    """One value for every list, or a mapping by list (``{收入: 省略, 车辆: 列出}``)."""

    item: Type = field(default_factory=Text)
    lists: tuple = ()
    label: str = ""

    def __post_init__(self) -> None:
        named = "、".join(self.lists)
        self.label = self.label or f"{self.item.label}，或按清单分别给出的映射（{named}、默认）"

    def check(self, value, path=()):
        if isinstance(value, dict):
            fields = {k: self.item for k in (*self.lists, "默认")}
            return Mapping(fields=fields).check(value, path)
        return self.item.check(value, path)


@dataclass(kw_only=True)
class Free(Type):
    """A setting no built-in template reads (an overlay's own): text, lists and mappings of bounded text."""

    label: str = "文字、列表或映射"

    def check(self, value, path=(), depth=0):
        if depth > MAX_DEPTH:
            return [(path, f"嵌套层数超过 {MAX_DEPTH} 层")]
        if isinstance(value, dict):
            if len(value) > MAX_ITEMS:
                return [(path, f"项数过多（上限 {MAX_ITEMS}）")]
            return [p for k, v in value.items() for p in self.check(v, path + (k,), depth + 1)]
        if isinstance(value, list):
            if len(value) > MAX_ITEMS:
                return [(path, f"项数过多（上限 {MAX_ITEMS}）")]
            return [p for i, v in enumerate(value) for p in self.check(v, path + (i,), depth + 1)]
        return Text(max_chars=MAX_SETTING_CHARS, lines=True).check(value, path)


@dataclass(kw_only=True)
class PhraseTree(Type):
    """措辞 overrides: phrase name → text, or groups of them (``{二: {开头: …}}``); the text itself is checked by
    :func:`generator.phrases.check_phrases` (grammar, limits) once the phrase book is assembled."""

    label: str = "“措辞名: 文字”映射"

    def check(self, value, path=(), depth=0):
        if value is None:
            return []
        if not isinstance(value, dict) or depth > 4:
            return self.wrong(value, path)
        out = []
        for k, v in value.items():
            if isinstance(v, dict):
                out += self.check(v, path + (k,), depth + 1)
            else:
                out += Text(label="一段文字", max_chars=MAX_SETTING_CHARS, lines=True).check(v, path + (k,))
        return out


FREE = Free()
YN = Choice(choices=YES_NO)
FONT_ROLES = ("正文", "标题", "一级标题", "二级标题", "表格")
_FONT_MAP = Mapping(fields={role: Fonts() for role in FONT_ROLES})
_SIZE = Length(low=4, high=72)
_TERMS = ListOf(label="“名词: 解释”的列表", item=Entry(key=Text(max_chars=100), text=Text(max_chars=MAX_SETTING_CHARS)))
_ID = r"[A-Za-z0-9_\-]{1,20}"
_PART = r"[\u4e00-\u9fffA-Za-z0-9_\-]{1,20}"
_SCORE_RULE = Choice(choices=("执行率", "执行率截断", "阈值满分", "输入"))
_CODE_NAMES = Mapping(key=r"[0-9]{3}([0-9]{2}){0,2}", values=Text(max_chars=100), key_label="3、5 或 7 位科目编码")

# every setting of templates/base/region.yml, by name
SCHEMA: dict[str, Type] = {
    "extends": Text(label="地区名称", max_chars=64),
    "名称": Text(max_chars=100),
    "封面": YN,
    "目录": YN,
    "原因前标点": Text(max_chars=4),
    "三公数措辞": Text(max_chars=20),
    "七一十编号": YN,
    "表注": Text(max_chars=300),
    "收入预算前缀": Text(max_chars=20),
    "绩效说明样式": Choice(choices=("简", "详")),
    "大型设备主语": Text(max_chars=20),
    "字体": _FONT_MAP,
    "版面方案": Choice(choices=SCHEMES),
    "版面": Mapping(
        fields={
            "纸张": Choice(choices=PAPERS),
            "页边距": Margins(),
            "横向页边距": Margins(),
            "正文字号": _SIZE,
            "行距": Length(label="倍数（如 1.6）或带单位的长度（如 28pt）", low=4, high=144, factor=(0.8, 4)),
            "字距": Length(label="normal 或带单位的长度（如 -0.2pt、0.05em）", low=-10, high=20, words=("normal", "0")),
            "标题字号": _SIZE,
            "一级标题字号": _SIZE,
            "二级标题字号": _SIZE,
            "页码格式": PageFormat(),
            "页码字号": _SIZE,
            "页码位置": Choice(choices=("居中", "外侧")),
            "前置页计页码": YN,
            "字体": _FONT_MAP,
        }
    ),
    "PDF引擎": Choice(choices=("weasyprint", "typst")),
    "PDF归档": YN,
    "Word字体": Mapping(fields={role: Fonts(single=True) for role in FONT_ROLES}),
    "Word目录页码": Choice(choices=("PDF", "LibreOffice", "更新")),
    "名词解释": _TERMS,
    "决算标题": Text(max_chars=200),
    "决算目录": YN,
    "决算封面": YN,
    "决算部分": Words(word=_PART),
    "决算部分标题": Mapping(key=_PART, values=Text(max_chars=100), key_label="部分名称"),
    "决算章节": ListOf(label="“编号: 标题”的列表", item=Entry(key=Words(word=_ID), text=Text(max_chars=100))),
    "决算概况标题": ListOf(label="两个标题的列表", item=Text(max_chars=100), count=2),
    "决算报表": Choice(choices=("附表", "正文")),
    # a list in printed order, or a mapping by table id ({ft9: …})
    "决算表名": Free(label="表名的列表（按印出顺序），或按表编号给出的映射"),
    "决算表": Words(word=_ID),
    "决算目录表": YN,
    "决算章节结构": Free(label="章节编号 → 段落结构（见 docs/customizing.md）"),
    "预算章节结构": Free(label="章节编号 → 段落结构（见 docs/customizing.md）"),
    "金额格式": Mapping(fields={"千分位": YN, "零": Text(max_chars=10)}),
    "预决算差异须说明原因": YN,
    "占比措辞": Text(max_chars=10),
    "三公分项": Choice(choices=("三项", "四项")),
    "三公分段": YN,
    "三公金额格式": Choice(choices=("两位", "零简")),
    "决算十含绩效": YN,
    "决算五三明细": Choice(choices=("项", "类")),
    "零项": PerList(item=Choice(choices=("列出", "省略")), lists=("收入", "支出", "五类", "车辆")),
    "机关运行经费等于公用经费": YN,
    "自评表位置": Choice(choices=("情况说明", "附件")),
    "绩效自评": Mapping(
        fields={
            "指标总分值": Number(high=1000),
            "资金分值": Number(high=1000),
            "项目资金得分": _SCORE_RULE,
            "整体资金得分": _SCORE_RULE,
            "满分执行率": Number(label="百分数（如 97.50）或留空", high=100, blank=True),
            "显示等级": YN,
            "等级": ListOf(
                label="“下限/等级”的列表",
                item=Mapping(fields={"下限": Number(high=1000), "等级": Text(max_chars=10)}),
            ),
        }
    ),
    "决算名词解释": _TERMS,
    "预算表": Words(word=_ID),
    "预算章节": Words(word=_ID),
    "上年结转结余级次": Words(choices=("部门", "单位")),
    "措辞": PhraseTree(),
    "科目名称": Mapping(fields={"功能分类": _CODE_NAMES, "经济分类": _CODE_NAMES}),
    "五类排序": Choice(choices=("编码", "金额", "填写")),
    "五项排序": Choice(choices=("编码", "金额", "填写")),
    "五零项": Choice(choices=("列出", "省略")),
    "二零项": Choice(choices=("财政列出", "列出", "省略")),
    "合计行位置": PerTable(item=Choice(choices=("首", "末"))),
    "合计行名称": PerTable(item=Text(max_chars=20)),
    "列号行": PerTable(item=YN),
    "单位行": PerTable(item=YN),
    "基金表列": PerTable(item=Choice(choices=("人员公用", "基本项目"))),
    "表注表": Words(word=r"[0-9]{1,2}", label="以空格分隔的表号"),
    "表注位置": Choice(choices=("表下", "表内")),
    "表注前缀": Text(max_chars=20),
    "列名": Mapping(key=r".{1,100}", values=Text(max_chars=100), key_label="列标题"),
}


def check_settings(
    settings: dict, locate: Callable[[tuple], Location], prefix: tuple = (), known: dict | None = None
) -> list[Problem]:
    """Problems of *settings* (a region.yml, an overlay's, or 报告.版式 under *prefix*), each located by *locate*
    of its path. *known*: the settings in force before these (an undeclared setting keeps their shape)."""
    problems = []
    for key, value in settings.items():
        typ = SCHEMA.get(key, FREE)
        found = typ.check(value, (key,))
        if typ is FREE and known is not None and key in known and not _same_shape(known[key], value):
            found.append(((key,), "应与地区设置的类型相同（文字、列表或映射）"))
        for path, message in found:
            where = locate(prefix + path)
            name = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))
            problems.append(Problem(f"设置“{name}”{message}", where, "设置"))
    return problems


def _same_shape(a: Any, b: Any) -> bool:
    def shape(v):
        return dict if isinstance(v, dict) else list if isinstance(v, list) else str

    return b is None or shape(a) is shape(b)


def describe(key: str) -> str:
    """The Chinese description of a setting's type (for messages and docs)."""
    return SCHEMA.get(key, FREE).label
