"""Region profiles and user overlays (issue: regional formats and customization without forking)."""

import shutil
import subprocess
import sys

import pytest

from conftest import INPUTS, ROOT, pdf_text, squash

EXAMPLE = ROOT / "examples" / "county-overlay"


def test_county_overlay_renders_its_changes(tmp_path):
    from generator import pipeline

    paths = pipeline.render(EXAMPLE / "input", tmp_path, ["pdf", "docx"], EXAMPLE / "templates")
    text = squash(pdf_text(next(p for p in paths if p.suffix == ".pdf")))
    assert squash("十、机关运行经费、政府采购及国有资产情况说明") in text  # renamed section (settings)
    assert "财政拨款收入5,869.17万元，占比97.95%" in text  # changed phrase (settings)
    assert "经核实，本单位2024年度无其他需要说明的事项。" in text  # replaced template
    assert "政府购买服务支出决算表" in text and "197.66" in text  # extra table, total computed: 120.50+63.70+13.46


def test_xinjiang_unchanged_by_overlay_machinery():
    from generator.regions import load_region

    assert load_region("xinjiang").settings["占比措辞"] == "占"
    assert load_region("shanxi").settings["占比措辞"] == "占比"


def test_templates_copy_starts_an_overlay(tmp_path):
    dest = tmp_path / "mine"
    cmd = [
        sys.executable,
        "-m",
        "generator",
        "templates",
        "copy",
        "final/phrases.html.j2",
        str(dest),
        "--region",
        "shanxi",
    ]
    subprocess.run(cmd, check=True, capture_output=True)
    copied = dest / "final" / "phrases.html.j2"
    assert copied.read_text(encoding="utf-8") == (ROOT / "templates/regions/shanxi/final/phrases.html.j2").read_text(
        encoding="utf-8"
    )
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode != 0 and "已存在" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.parametrize("name", ["../pyproject.toml", "/etc/passwd"])
def test_templates_copy_refuses_paths_outside(tmp_path, name):
    r = subprocess.run(
        [sys.executable, "-m", "generator", "templates", "copy", name, str(tmp_path / "x")],
        capture_output=True,
        text=True,
    )
    assert r.returncode != 0 and "Traceback" not in r.stderr


def test_overlay_cannot_include_files_outside_its_folder(tmp_path):
    from generator import pipeline
    from generator.errors import RenderError

    overlay = tmp_path / "ov"
    (overlay / "final" / "sections").mkdir(parents=True)
    (overlay / "final" / "sections" / "s12.html.j2").write_text(
        '{% include "../../../../../etc/passwd" %}', encoding="utf-8"
    )
    with pytest.raises(RenderError):
        pipeline.render(EXAMPLE / "input", tmp_path / "out", ["html"], overlay)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_extra_table_row_length_is_checked(tmp_path):
    from generator.errors import InputError
    from generator.pipeline import prepare

    dst = tmp_path / "in"
    shutil.copytree(EXAMPLE / "input", dst)
    f = dst / "附加表.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            "[3, 排污许可证核查与审核, 技术服务, 企业, 13.46]", "[3, 排污许可证核查与审核, 13.46]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as e:
        prepare(dst)
    assert "附加表.yaml" in str(e.value.format_message()) and "第3行" in str(e.value.format_message())


def test_shanxi_profile_part_order():
    from generator import pipeline

    p = pipeline.prepare(INPUTS / "jincheng-2024-final")
    assert p.region.settings["决算部分"].split() == ["概况", "报表", "情况说明", "名词解释", "附件"]
