"""The built-in code catalogue (issue 21): verified names are the ones printed in the published material, every code
of the shipped inputs and examples has a catalogue name, the common 项 are known.

The verified files name, after each line, the sources that print the code with that name (see their header); the
first test re-reads those sources when the team's shared folder is present (seeds as text, the Shanghai PDFs through
pdftotext) and is skipped elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest
import yaml

from generator import catalog, pipeline

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("功能分类", "经济分类")
SOURCES = {
    "000": "seeds/000_46e5ea95b69e8fef.txt",
    "003": "seeds/003_0f1ed1c99506120d.txt",
    "004": "seeds/004_39f16fe49799f3fe.txt",
    "sh-template": "published/shanghai-final-template-2024.pdf",
    "sh-putuo": "published/shanghai-putuo-shehuigongzuobu-2024-final.pdf",
}
LEVEL = {3: "类", 5: "款", 7: "项"}


def _shared() -> Path | None:
    for c in (os.environ.get("DISCLOSE_SHARED"), ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if c and (Path(c) / "seeds").is_dir():
            return Path(c)
    return None


def _lines(kind: str) -> list[tuple[str, list[str], list[str]]]:
    """(code, names, source tags) of each line of the verified file."""
    text = resources.files(catalog).joinpath(f"{kind}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.BaseLoader)
    out = []
    for line in text.splitlines():
        m = re.match(r'"(\d+)":.*?(?:#\s*(.*))?$', line)
        if m:
            entry = data[m.group(1)]
            names = list(entry.values()) if isinstance(entry, dict) else [entry]
            out.append((m.group(1), names, (m.group(2) or "").split()))
    return out


def _texts(shared: Path) -> dict[str, list[str]]:
    """Each source as whitespace-free text (a PDF in both pdftotext reading orders: names broken over two lines of a
    table cell come out whole in one of them)."""
    out = {}
    for tag, rel in SOURCES.items():
        path = shared / rel
        if rel.endswith(".pdf"):
            modes = ("-raw", "-layout")
            runs = [subprocess.run(["pdftotext", m, str(path), "-"], capture_output=True, text=True) for m in modes]
            raw = [r.stdout for r in runs]
        else:
            raw = [path.read_text(encoding="utf-8")]
        out[tag] = [re.sub(r"\s+", "", t) for t in raw]
    return out


@pytest.mark.skipif(_shared() is None or shutil.which("pdftotext") is None, reason="the published material is absent")
def test_every_verified_name_is_printed_with_its_code_in_the_sources_it_cites():
    texts = _texts(_shared())  # type: ignore[arg-type]
    missing = []
    for kind in KINDS:
        for code, names, tags in _lines(kind):
            assert tags and set(tags) <= set(SOURCES), f"{kind} {code}: no source or an unknown one: {tags}"
            for name in names:
                for tag in tags:
                    # seed 000 has no code tables: the name stands in 五(三) as "X(类)Y(款)Z(项)"
                    want = f"{name}({LEVEL[len(code)]})" if tag == "000" else code + name
                    if not any(want in t for t in texts[tag]):
                        missing.append((kind, code, name, tag))
    assert missing == []


def test_the_verified_and_unverified_files_do_not_overlap():
    for kind in KINDS:
        verified = {c for c, _, _ in _lines(kind)}
        unverified = yaml.load(
            resources.files(catalog).joinpath(f"{kind}-未核对.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
        )
        assert verified & set(unverified) == set(), kind
        assert all(re.fullmatch(r"\d{3}(\d{2}){0,2}", c) and n for c, n in unverified.items()), kind


def test_common_items_are_known():
    """The issue's example and the 项 every 款 of 201 has: 行政运行, 一般行政管理事务, 机关服务, 事业运行."""
    for year in (2025, 2026):
        assert catalog.function_name("2130101", year) == "行政运行"
        assert catalog.function_name("2013901", year) == "行政运行"  # printed in the Putuo 2024 决算
        assert catalog.function_name("2013950", year) == "事业运行"
        for section in ("20101", "20103", "20106", "20131", "20132", "20133"):
            assert [catalog.function_name(section + s, year) for s in ("01", "02", "03", "50")] == [
                "行政运行",
                "一般行政管理事务",
                "机关服务",
                "事业运行",
            ]
    assert catalog.verified_name("2130101", 2025) is None  # from memory: not claimed verified
    assert catalog.function_name("2130101", 2025, "农业行政运行") == "农业行政运行"  # a typed name wins over it


def test_every_code_of_the_inputs_and_examples_has_a_catalogue_name(monkeypatch):
    """No code of the shipped inputs/examples falls back to the name typed with it, and every typed name agrees with
    the catalogue (the golden files print those names)."""
    from test_golden_html import CASES

    lookups: dict[tuple, set] = defaultdict(set)
    real = catalog._name
    current = [""]

    def spy(code, year, kind, given):
        lookups[(kind, code, year, given or "")].add(current[0])
        return real(code, year, kind, given)

    monkeypatch.setattr(catalog, "_name", spy)
    for case in CASES:
        current[0] = case
        pipeline.prepare(*CASES[case])
    assert lookups
    bad = []
    for (kind, code, year, given), cases in sorted(lookups.items()):
        builtin = catalog.verified_name(code, year, kind) or catalog.unverified_name(code, kind)
        if builtin is None or (given and given != builtin):
            bad.append((kind, code, given, builtin, sorted(cases)))
    assert bad == []


@pytest.mark.parametrize("typed,rules", [("", set()), ("名称: 提租补贴, ", set()), ("名称: 自拟名称, ", {"科目-未知"})])
def test_a_name_typed_as_the_unverified_list_has_it_is_no_finding(tmp_path, typed, rules):
    """A table row of a code only the unverified list knows: silent when it is printed with that list's name (not
    typed, or typed the same, as rollover writes it); a located warning when another name is typed."""
    src = tmp_path / "in"
    shutil.copytree(ROOT / "inputs/changji-2025-budget", src)
    for name, old, new in (
        ("公开表.yaml", '{科目: "2210201", 名称: 住房公积金, ', f'{{科目: "2210202", {typed}'),
        ("情况说明.yaml", '"2210201": {', '"2210202": {'),
    ):
        (src / name).write_text((src / name).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    found = [f for f in pipeline.prepare(src).findings if f.rule.startswith("科目")]
    assert {f.rule for f in found} == rules
    assert all("2210202" in f.message and f.location.line for f in found)


def test_a_workbook_row_named_by_an_unverified_name_finds_its_code():
    """import-xlsx reads a code from a name typed under the row above: 行政运行 under 21301 is 2130101."""
    from generator.excel.rows import catalogue_names

    names = catalogue_names(2025, False, [])
    assert {"2110101", "2013901", "2130101"} <= set(names["行政运行"])
    assert names["提租补贴"] == ["2210202"]
    assert "代缴社会保险费" not in names  # the 经济分类 names are looked up apart
    assert "30311" in catalogue_names(2025, True, [])["代缴社会保险费"]
