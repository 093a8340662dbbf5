"""Where a table header may break: between the words of its text, never inside one.

Chinese has no spaces, and both PDF engines and Word break a line after any character, so a header set in a column
one character too narrow prints "部门联系/人" or "项目总体目/标". The widths pass (render/widths.py) gives a header
column room for its words and, when the header must take several lines, ends each line at a word boundary with a
``<br>``. Words come from a small vocabulary of the 公开表 and 绩效 table headers (longest match first); a run of
characters it does not know is read as words of two, and a single character left over (数, 人, 费, 的 …) joins the
word before it, so it is never alone on a line.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .measure import text_em

# words of the table headers (2–5 characters): the 公开表 of the budget and 决算 and the 绩效目标表/自评表
VOCABULARY = """
一般公共 国有资本 政府性 非财政 财政专户 转移支付 公务用车 基本建设 社会保障 附属单位 功能分类 经济分类 因公
主管部门 预算单位 行政单位 事业单位 商品和服务 个人 家庭 对企业 资本性 教育收费 债务利息 三公经费
联系人 负责人 预算数 执行数 决算数 完成值 指标值 申报数 编制数 调整后 定性值 满意度 下一步 执行率 完成率 小计
结转和结余 结余分配 本年收入 本年支出 上年 本年 年初 年末 全年 年度 当年 预期 实际
部门 单位 项目 名称 编码 代码 科目 类 款 项 合计 总计 金额 序号 备注 说明 内容 依据 规则 权重 分值 得分 等级
预算 决算 收入 支出 拨款 财政 上级 下级 上缴 补助 基金 经营 资金 资产 费用 利息 支付 安排 结转 结余 使用 弥补
一般 公共 工资 福利 商品 服务 购买 购置 运行 维护 接待 出国 公务 车辆 用车 维修 保障 就业 教育 收费 专户 其他
目标 指标 绩效 总体 总额 设定 设置 依据 一级 二级 三级 产出 效益 成本 质量 数量 时效 社会 经济 生态 可持续
完成 情况 分析 自评 结果 主要 经验 做法 偏差 原因 改进 措施 实施 执行 进度 存在 问题 管理 建议 调整 盖章 联系
电话 自筹 市区 基本 人员 公用 经费 日常 机构 运转 其中 万元
财政拨款 总体目标 绩效目标 年度目标 分值权重 赋分规则 设定依据 设置依据 预算总额
"""


@cache
def _lexicon() -> tuple[frozenset[str], int]:
    words = frozenset(VOCABULARY.split())
    return words, max(len(w) for w in words)


_HAN = re.compile(r"[\u3400-\u9fff]")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"][\u3400-\u9fff]{0,2}")


def _pieces(text: str) -> list[str]:
    """*text* cut into bracketed groups ("（万元）"), quoted terms with the word after them ("“三公”经费") and the
    runs between them."""
    out, at = [], 0
    for m in sorted([*_BRACKETED.finditer(text), *_QUOTED.finditer(text)], key=lambda m: m.start()):
        if m.start() < at:
            continue
        out += [text[at : m.start()], m.group()]
        at = m.end()
    out.append(text[at:])
    return [p for p in out if p]


def _match(run: str) -> list[str]:
    """A run without brackets, longest known word first; unknown Han characters in pairs; other characters (digits,
    Latin, punctuation) stay with their neighbours."""
    words, longest = _lexicon()
    out: list[str] = []
    i = 0
    while i < len(run):
        if not _HAN.match(run[i]):
            j = i
            while j < len(run) and not _HAN.match(run[j]):
                j += 1
            out.append(run[i:j])
            i = j
            continue
        for size in range(min(longest, len(run) - i), 0, -1):
            if run[i : i + size] in words or size == 1:
                if size == 1 and i + 1 < len(run) and _HAN.match(run[i + 1]) and not _known_at(run, i + 1):
                    size = 2  # two unknown characters: read as one word
                out.append(run[i : i + size])
                i += size
                break
    return out


def _known_at(run: str, i: int) -> bool:
    words, longest = _lexicon()
    return any(run[i : i + n] in words for n in range(2, min(longest, len(run) - i) + 1))


@lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[str, ...]:
    """The words of a header, a line break allowed between any two of them."""
    raw: list[str] = []
    for piece in _pieces(text):
        raw += [piece] if piece[0] in '（(“"' else _match(piece)
    merged: list[str] = []
    for word in raw:
        alone = len(word) == 1 or (word[0] in "（(" and len(_HAN.findall(word)) <= 1)  # 数, （境）
        if merged and (alone or not _HAN.search(word)):
            merged[-1] += word  # never alone on a line: with the word before it
        else:
            merged.append(word)
    if len(merged) > 1 and len(merged[0]) == 1:  # a leading single character (对, 非) with the word after it
        merged[:2] = [merged[0] + merged[1]]
    return tuple(merged)


@lru_cache(maxsize=8192)
def split_lines(text: str, room_em: float, most: int = 6) -> list[str] | None:
    """*text* in the fewest lines no wider than *room_em* that end between words, the most balanced such split;
    None when it fits on one line or no split of at most *most* lines fits (the engine then breaks it itself)."""
    if text_em(text) <= room_em:
        return None
    words = words_of(text)
    best = best_split(words, room_em, most)
    return ["".join(line) for line in best] if best else None


def best_split(words: tuple[str, ...], room_em: float, most: int) -> list[tuple[str, ...]] | None:
    """The words in lines each at most *room_em* wide: fewest lines first, then the narrowest widest line."""
    n = len(words)
    for lines in range(2, min(most, n) + 1):
        found = _balanced(words, lines, room_em)
        if found:
            return found
    return None


def _balanced(words: tuple[str, ...], lines: int, room_em: float) -> list[tuple[str, ...]] | None:
    """The split of *words* into *lines* lines whose widest line is narrowest, if it fits *room_em*."""
    n = len(words)
    best: tuple[float, list[tuple[str, ...]]] | None = None

    def go(start: int, left: int, acc: list[tuple[str, ...]], widest: float) -> None:
        nonlocal best
        if best is not None and widest >= best[0]:
            return
        if left == 1:
            line = words[start:]
            width = max(widest, text_em("".join(line)))
            if width <= room_em and (best is None or width < best[0]):
                best = (width, [*acc, line])
            return
        for end in range(start + 1, n - left + 2):
            line = words[start:end]
            width = text_em("".join(line))
            if width > room_em:
                break
            go(end, left - 1, [*acc, line], max(widest, width))

    go(0, lines, [], 0.0)
    return best[1] if best else None


@lru_cache(maxsize=8192)
def least_width(text: str, lines: int = 3) -> float:
    """The narrowest width in em that sets *text* in at most *lines* lines broken between words."""
    words = words_of(text)
    if len(words) <= 1:
        return text_em(text)
    widest_word = max(text_em(w) for w in words)
    candidates = sorted({text_em("".join(words[i:j])) for i in range(len(words)) for j in range(i + 1, len(words) + 1)})
    for width in candidates:
        if width >= widest_word and best_split(words, width, lines) is not None or width >= text_em(text):
            return width
    return text_em(text)
