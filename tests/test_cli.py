import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def copy_example(tmp_path):
    dst = tmp_path / "in"
    shutil.copytree(ROOT / "inputs" / "changji-2025-budget", dst)
    return dst


def test_render_html(tmp_path):
    res = CliRunner().invoke(
        main, ["render", str(ROOT / "inputs" / "changji-2025-budget"), "-o", str(tmp_path), "--format", "html"]
    )
    assert res.exit_code == 0, res.output
    assert list(tmp_path.glob("*.html"))


def test_broken_input_writes_nothing_and_names_the_line(tmp_path):
    src = copy_example(tmp_path)
    f = src / "公开表.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("收支总表:", "收支总表:\n  一般财力: 1\n  一般财力: 2", 1), encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["render", str(src), "-o", str(out)])
    assert res.exit_code == 2
    assert "公开表.yaml:" in res.output and "重复" in res.output
    assert "Traceback" not in res.output
    assert not out.exists() or not any(out.iterdir())


def test_inputs_are_not_modified(tmp_path):
    src = copy_example(tmp_path)
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    CliRunner().invoke(main, ["render", str(src), "-o", str(tmp_path / "out"), "--format", "html"])
    assert before == {p.name: p.read_bytes() for p in src.iterdir()}


def test_console_script_runs():
    res = subprocess.run([str(ROOT / ".venv" / "bin" / "disclose"), "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "render" in res.stdout


def test_code_name_mismatch_blocks_render(tmp_path):
    src = copy_example(tmp_path)
    f = src / "公开表.yaml"
    text = f.read_text(encoding="utf-8")
    assert "名称: 行政运行" in text
    f.write_text(text.replace("名称: 行政运行", "名称: 行政管理", 1), encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(src)])
    assert res.exit_code == 1
    assert "[科目-名称]" in res.output and "应为“行政运行”" in res.output and "公开表.yaml:" in res.output
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["render", str(src), "-o", str(out)])
    assert res.exit_code == 1 and (not out.exists() or not any(out.iterdir()))


def test_changed_total_is_an_error_with_expected_and_actual(tmp_path):
    src = copy_example(tmp_path)
    f = src / "公开表.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("总计: 4678.70", "总计: 4688.70", 1), encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(src), "--format", "json"])
    assert res.exit_code == 1
    import json

    records = [r for r in json.loads(res.output) if r["rule"] == "合计-不符"]
    assert records and records[0]["expected"] == "4678.71" and records[0]["actual"] == "4688.70"
    assert records[0]["line"] and records[0]["file"].endswith("公开表.yaml")


def test_unknown_layout_key(tmp_path):
    src = copy_example(tmp_path)
    f = src / "报告.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("收入预算前缀: 部门", "收入预算前缀: 部门\n    不存在的设置: x"),
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["render", str(src), "-o", str(tmp_path / "o"), "--format", "html"])
    assert res.exit_code == 2 and "不存在的设置" in res.output and "报告.yaml:" in res.output


def test_unit_kind_has_ten_tables_and_unit_wording(tmp_path):
    src = copy_example(tmp_path)
    f = src / "报告.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("级次: 部门", "级次: 单位"), encoding="utf-8")
    out = tmp_path / "o"
    res = CliRunner().invoke(main, ["render", str(src), "-o", str(out), "--format", "html"])
    assert res.exit_code == 0, res.output
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "单位收支总体情况表" in html and "编制单位：昌吉回族自治州生态环境局" in html
    assert "上年结转结余情况明细表" not in html and "上年结转结余预算情况说明" not in html
    assert "十一、其他重要事项的情况说明" in html and "十二、" not in html
    assert "均纳入单位预算管理" in html and "本单位预算绩效管理" in html
    assert "部门收支总体情况表" not in html


def test_template_syntax_in_text_is_printed_as_typed(tmp_path):
    src = copy_example(tmp_path)
    f = src / "情况说明.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(
        text.replace(
            "原因: 本着过紧日子的要求，缩减了宣传经费", '原因: "{{ 7*7 }}<b>加粗</b>{% if 1 %}x{% endif %}"', 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "o"
    res = CliRunner().invoke(main, ["render", str(src), "-o", str(out), "--format", "html,docx"])
    assert res.exit_code == 0, res.output
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert (
        "{{ 7*7 }}&lt;b&gt;加粗&lt;/b&gt;{% if 1 %}x{% endif %}" in html
        and "49" not in html.split("主要原因是")[1][:20]
    )
    from docx import Document

    doc = Document(str(next(out.glob("*.docx"))))
    assert any("{{ 7*7 }}<b>加粗</b>{% if 1 %}x{% endif %}" in p.text for p in doc.paragraphs)
