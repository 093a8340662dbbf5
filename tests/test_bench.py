"""The benchmark's measuring machinery still fits the pipeline (the benchmark itself is `make bench`, not CI)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import bench  # noqa: E402


def test_one_measurement_has_time_memory_and_stages(tmp_path):
    res = bench.measure_render("examples/final-tables/input", "html", [], 1, tmp_path / "out")
    assert res.get("error") is None and res["seconds"] > 0 and res["cpu"] > 0
    assert 20 < res["rss_mb"] < 1024
    # every pipeline stage before the writers was found and timed
    assert all(res["stages"].get(s, 0) > 0 for s in ("load+model", "compute+checks", "Jinja"))


def test_engines_always_include_weasyprint():
    assert bench.engines()[0] == "weasyprint"


def test_the_scale_input_repeats_the_performance_tables_and_checks_clean(tmp_path):
    from generator import sources

    base = sources.prepare(ROOT / bench.SCALE_SOURCE)
    inp = bench.scale_input(tmp_path / "scale-2", 2)
    twice = sources.prepare(inp)
    assert len(twice.report.项目支出绩效目标表) == 2 * len(base.report.项目支出绩效目标表)
    assert not [f for f in twice.findings if f.severity == "错误" and not f.waived]
