"""`disclose schema`: every shipped input file validates against the exported JSON Schema; a misspelt key fails."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "changji-2025-budget": "预算",
    "xinjiang-2024-budget": "预算",
    "changji-2024-final": "决算",
    "jincheng-2024-final": "决算",
}
FILES = [
    (ROOT / "inputs" / name / f.name, kind)
    for name, kind in FOLDERS.items()
    for f in sorted((ROOT / "inputs" / name).glob("*.yaml"))
]
FILES += [(f, "决算") for f in sorted((ROOT / "examples" / "final-tables" / "input").glob("*.yaml"))]


def schema(kind):
    res = CliRunner().invoke(main, ["schema", kind])
    assert res.exit_code == 0
    return json.loads(res.output)


@pytest.mark.parametrize("path,kind", FILES, ids=lambda v: getattr(v, "name", v))
def test_shipped_inputs_validate(path, kind):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema(kind))


def test_misspelt_key_is_flagged():
    data = yaml.safe_load((ROOT / "examples/final-tables/input/决算表.yaml").read_text(encoding="utf-8"))
    data["决算表"]["收入决算"] = data["决算表"].pop("收入决算表")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema("决算"))
