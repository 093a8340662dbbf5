"""The Shanghai 部门决算 layout (region shanghai) reproduces a real published report: every sentence and every amount
of 中共上海市普陀区委社会工作部's 2024 部门决算 (../shared/published/shanghai-putuo-shehuigongzuobu-2024-final.pdf) is
found in our rendering of inputs/shanghai-putuo-2024-final, except the differences listed below with their reason.

The published text is that PDF's ``pdftotext -layout`` output, kept in tests/data (the PDF itself is outside the
repository; when it is there, a test checks the kept text is still its extraction). Nothing expected here comes
from running the generator: the sentences and amounts are the publisher's.
"""

import re
import subprocess
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from conftest import INPUTS, ROOT, squash

PUBLISHED_TEXT = Path(__file__).parent / "data" / "shanghai-putuo-2024-final.txt"
# ../shared beside the main checkout, or two levels up from a worktree (wt/<name>)
PUBLISHED_PDF = next(
    (
        p / "shared" / "published" / "shanghai-putuo-shehuigongzuobu-2024-final.pdf"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "published").is_dir()
    ),
    ROOT / "missing.pdf",
)
INPUT = INPUTS / "shanghai-putuo-2024-final"
AMOUNT = re.compile(r"\d[\d,]*\.\d{2}")

# Sentences of the published text we do not print as published, each with its reason (squashed, as split below).
# A published sentence (as split below) that holds one of these is not printed as published, for the reason given.
KNOWN_SENTENCES = {
    # 五(三) 5: the publisher wrote "预算数" where its eight other 项 say "全年预算数"; we print the 项 alike
    "决算数小于预算数的主要原因：单位2024年新成立，人员变动，按实际支出。": "五(三)第5项写“预算数”，其余写“全年预算数”",
    # 五(二): the publisher made the four shares add up to 100.00% (86.05 + 3.52 + 0.88 + 9.55); 29.42 / 307.82 is
    # 9.5575…%, 9.56% rounded half up
    "住房保障支出（类）29.42万元，占9.55%。": "占比按四舍五入为9.56%，公布数为凑足100.00%的9.55%",
}
KNOWN_AMOUNTS = {"9.55": "五(二) 住房保障支出的占比（见上）"}


def _pages() -> list[str]:
    return PUBLISHED_TEXT.read_text(encoding="utf-8").split("\f")


def _table_pages() -> range:
    """The pages of 第二部分: from the first "单位：万元" to the page before 第三部分."""
    pages = _pages()
    first = next(i for i, p in enumerate(pages) if "单位：万元" in p)
    last = next(i for i, p in enumerate(pages) if i > first and p.lstrip().startswith("第三部分"))
    return range(first, last)


def _split_pages() -> tuple[str, str]:
    """(the narrative: cover, 目录, 概况 | 情况说明, 名词解释; the tables). The tables part ends a sentence."""
    pages, tables = _pages(), _table_pages()
    before = "\n".join(pages[: tables.start])
    after = "\n".join(pages[tables.stop :])
    return before + "\x00" + after, "\n".join(pages[tables.start : tables.stop])


def _known(sentence: str) -> bool:
    return any(k in sentence for k in KNOWN_SENTENCES)


def _sentences(text: str) -> list[str]:
    """The squashed text cut after every 。 and at a \\x00 (a heading stays with the sentence after it)."""
    return [s for s in re.split(r"(?<=。)|\x00", squash(text)) if s]


def _our_text() -> tuple[str, str]:
    """(whole text, text of the 报表 part) of our rendering, one line per cell or paragraph."""
    from generator import pipeline
    from generator.render import render_html

    p = pipeline.prepare(INPUT)
    errors = [f for f in p.findings if f.severity == "错误" and not f.waived]
    assert not errors, errors
    html = render_html(p.report, p.figures, p.region)
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    tables = html[html.index('<h1 id="p2"') : html.index('<h1 id="p3"')]  # 第二部分: the tables
    return _plain(html), _plain(tables)


def _plain(html: str) -> str:
    html = re.sub(r"</(p|h1|h2|h3|td|th|tr)>", "\n", html)
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.fixture(scope="module")
def ours():
    return _our_text()


def test_kept_text_is_the_published_pdf():
    if not PUBLISHED_PDF.is_file():
        pytest.skip("the published PDF is not beside the repository (../shared/published)")
    fresh = subprocess.run(
        ["pdftotext", "-layout", str(PUBLISHED_PDF), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert fresh == PUBLISHED_TEXT.read_text(encoding="utf-8")


def test_every_published_sentence_is_printed(ours):
    text, _ = ours
    mine = squash(text)
    sentences = _sentences(_split_pages()[0])
    absent = [s for s in sentences if s not in mine]
    missing = [s for s in absent if not _known(s)]
    found, known = len(sentences) - len(absent), len(absent) - len(missing)
    print(f"\n句子：{len(sentences)} 句，找到 {found} 句，已说明的差异 {known} 句")
    assert not missing, "\n".join(missing)
    assert len(sentences) >= 75


def test_known_differences_are_still_differences(ours):
    text, _ = ours
    narrative = squash(_split_pages()[0])
    for sentence in KNOWN_SENTENCES:
        assert sentence in narrative
        assert sentence not in squash(text), f"no longer a difference: {sentence}"


def test_every_published_amount_is_printed(ours):
    text, tables = ours
    narrative, table_text = _split_pages()
    published_tables = Counter(AMOUNT.findall(table_text))
    mine = Counter(AMOUNT.findall(tables))
    short = {a: n - mine[a] for a, n in published_tables.items() if mine[a] < n}
    total = sum(published_tables.values())
    print(f"\n表中金额：{total} 个，找到 {total - sum(short.values())} 个")
    assert not short, short
    published_text = Counter(AMOUNT.findall(narrative))
    mine_text = Counter(AMOUNT.findall(text)) - mine
    short_text = {a: n - mine_text[a] for a, n in published_text.items() if mine_text[a] < n}
    total_text = sum(published_text.values())
    print(f"文字中金额：{total_text} 个，找到 {total_text - sum(short_text.values())} 个")
    short_text = {a: n for a, n in short_text.items() if a not in KNOWN_AMOUNTS}
    assert not short_text, short_text


def test_every_table_label_is_printed(ours):
    _, tables = ours
    mine = squash(tables)
    labels = [
        w for w in re.split(r"\s+", _split_pages()[1]) if re.search(r"[\u4e00-\u9fff]", w) and not AMOUNT.fullmatch(w)
    ]
    missing = sorted({w for w in labels if squash(w) not in mine})
    print(f"\n表中文字：{len(labels)} 段，未找到 {len(missing)} 段")
    assert not missing, missing


def test_zero_amounts_and_no_thousands_separator_in_sentences(ours):
    text, _ = ours
    assert "工程采购金额0万元、服务采购金额0万元" in squash(text)
    assert "年初预算为0万元，全年预算为321.02万元" in squash(text)
