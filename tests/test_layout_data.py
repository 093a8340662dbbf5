"""Structure as data (issue 23): what a region says by settings, phrases and table descriptions — amount style,
placeholders, bad placeholders located, table forms (code columns, row lists, empty forms, renames, notes, order),
section layouts. Expected texts are written by hand from the settings they exercise."""

import re
import shutil

import pytest

from conftest import ROOT

FINAL = ROOT / "examples" / "final-tables" / "input"


def _text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r"</(p|h1|h2|h3|td|th|tr)>", "\n", html)
    return re.sub(r"<[^>]+>", "", html)


def _render(src, overlay=None):
    from generator import pipeline
    from generator.render import render_html

    p = pipeline.prepare(src, overlay)
    return p, render_html(p.report, p.figures, p.region)


def _copy(tmp_path, src=FINAL):
    dst = tmp_path / "input"
    shutil.copytree(src, dst)
    return dst


def _layout(src, text: str, file="报告.yaml"):
    """Append *text* (indented YAML under 报告.版式) to the input's 报告."""
    path = src / file
    body = path.read_text(encoding="utf-8")
    assert "版式:" not in body
    body = body.replace("报告:\n", "报告:\n  版式:\n" + "".join(f"    {line}\n" for line in text.splitlines()), 1)
    path.write_text(body, encoding="utf-8")


# ---------- phrases: placeholders and the amount style ----------


@pytest.mark.parametrize("bad", ["{金额|replace(',', '')}", "{年 - 1}", "{金额|money}", "{ 金额 }"])
def test_a_placeholder_that_is_not_a_name_is_a_located_error(tmp_path, bad):
    from generator.errors import InputError

    src = _copy(tmp_path)
    _layout(src, f'措辞:\n  s2.开头: "本年收入{bad}万元，其中："')
    with pytest.raises(InputError) as exc:
        _render(src)
    msg = str(exc.value)
    assert "s2.开头" in msg and "报告.yaml:" in msg and "不是占位符" in msg


def test_a_bad_placeholder_in_a_phrases_file_names_its_line(tmp_path):
    from generator.errors import InputError

    overlay = tmp_path / "overlay"
    (overlay / "phrases").mkdir(parents=True)
    (overlay / "phrases" / "决算.yml").write_text("s2:\n  # 开头\n  开头: '本年收入{年 - 1}'\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        _render(FINAL, overlay)
    assert "决算.yml:3" in str(exc.value) and "s2.开头" in str(exc.value)


def test_previous_year_and_amount_style(tmp_path):
    src = _copy(tmp_path)
    # 本年收入合计 1,050.00; 上缴上级支出 0.00 (final-tables, 情况说明.yaml)
    _layout(
        src,
        "金额格式: {千分位: 否, 零: '0'}\n"
        "措辞:\n"
        '  s2.开头: "{上年}年后，本年收入{金额}万元，其中："\n'
        '  s3.项: "{项目}{金额}万元{% if 金额 > 100 %}（过百）{% endif %}"',
    )
    _, html = _render(src)
    text = _text(html)
    assert "2023年后，本年收入1050.00万元，其中：" in text
    assert "基本支出400.00万元（过百）" in text
    assert "上缴上级支出0万元" in text and "上缴上级支出0万元（过百）" not in text
