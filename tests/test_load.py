import pytest

from generator.errors import InputError
from generator.load import load_input
from generator.model import build_report


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_scalars_stay_text(tmp_path):
    src = load_input(write(tmp_path, "a.yaml", "a: 736.38\nb: 2110101\nc: 2025-01-01\nd: yes\ne:\n"))
    assert src.data == {"a": "736.38", "b": "2110101", "c": "2025-01-01", "d": "yes", "e": None}


def test_duplicate_key_is_an_error_with_line(tmp_path):
    p = write(tmp_path, "a.yaml", "收支总表:\n  一般财力: 1\n  一般财力: 2\n")
    with pytest.raises(InputError) as exc:
        load_input(p)
    msg = exc.value.format_message()
    assert "a.yaml:3" in msg and "重复" in msg and "第一次出现在第 2 行" in msg


def test_broken_yaml_names_line(tmp_path):
    p = write(tmp_path, "a.yaml", "a: [1\nb: 2\n")
    with pytest.raises(InputError) as exc:
        load_input(p)
    assert "a.yaml:2" in exc.value.format_message()


def test_folder_merges_files_and_concatenates_lists(tmp_path):
    write(tmp_path, "1.yaml", "项目支出绩效目标表:\n  - x\n报告: {}\n")
    write(tmp_path, "2.yaml", "项目支出绩效目标表:\n  - y\n")
    src = load_input(tmp_path)
    assert src.data["项目支出绩效目标表"] == ["x", "y"]
    assert src.locate(("项目支出绩效目标表", 1)).file.endswith("2.yaml")


def test_same_top_key_in_two_files(tmp_path):
    write(tmp_path, "1.yaml", "报告: {}\n")
    write(tmp_path, "2.yaml", "报告: {}\n")
    with pytest.raises(InputError):
        load_input(tmp_path)


MINIMAL = "报告:\n  类型: 预算\n  年度: 2025\n  单位名称: 某局\n概况:\n  主要职能: 职能\n"


def test_model_errors_are_located_and_chinese(tmp_path):
    p = write(
        tmp_path,
        "a.yaml",
        MINIMAL + '收入总表:\n  行:\n    - {科目: "2110101", 一般公共预算: 12.3.4}\n'
        '    - {科目: "2110102", 单位资金: -5}\n    - {科目: "21101011"}\n收支总表:\n  一般才力: 1\n',
    )
    with pytest.raises(InputError) as exc:
        build_report(load_input(p))
    msg = exc.value.format_message()
    assert "a.yaml:9:" in msg and "不是金额" in msg
    assert "a.yaml:10:" in msg and "不能为负数" in msg
    assert "科目编码" in msg
    assert "a.yaml:13:" in msg and "不认识的键" in msg
    assert "Traceback" not in msg
