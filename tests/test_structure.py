"""The code's shape: the pipeline's layers are imported only downwards, no module imports another module's private
names, there is no import circle inside generator/ (imports inside functions count too: a circle hidden in a
function is still a circle), and no function is over 120 lines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "generator"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PKG.rglob("*.py")}


def _imports(name: str, path: Path):
    """(target module, imported names) for every first-party import of module *name*, at any depth."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] != "generator":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield (sub, []) if sub in MODULES else (base, [alias.name])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "generator":
                    yield alias.name, []


def test_no_private_names_imported_across_modules():
    private = [
        f"{name}: {target}.{n}"
        for name, path in MODULES.items()
        for target, names in _imports(name, path)
        for n in names
        if n.startswith("_") and not n.startswith("__")
    ]
    assert not private, "private names imported from another module:\n" + "\n".join(private)


def test_no_import_circle():
    graph = {name: {t for t, _ in _imports(name, path) if t != name} for name, path in MODULES.items()}
    # a package's __init__ may import its own submodules (that is how rules register); a submodule importing the
    # package it belongs to by name would close a circle and is reported
    circles = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(" → ".join(stack[stack.index(nxt) :] + [node, nxt]))
            elif nxt in graph and nxt not in state:
                visit(nxt, stack + [node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_every_rule_module_registers_when_any_part_of_checks_is_imported():
    # a fresh interpreter importing only the registry must still see the rules of every rule module
    code = (
        "from generator.checks.registry import RULES; import sys; "
        "print(sorted({r.func.__module__ for r in RULES.values()}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    rule_modules = sorted(
        n for n, p in MODULES.items() if n.startswith("generator.checks.") and "@rule(" in p.read_text(encoding="utf-8")
    )
    assert out.strip() == str(rule_modules)


# The pipeline's layers, lowest first: a module may import from its own layer and the layers below it, never from a
# layer above (README "How it works"). A layer is a list of top-level modules or packages of generator/.
LAYERS = [
    # numtext: amounts as text that keep their value; sandbox: the bounded Jinja sandbox; settings_schema: the
    # types of the settings
    ("foundation", ["errors", "paths", "interrupts", "fonts", "output", "catalog", "numtext", "sandbox"]),
    ("load", ["load"]),
    ("tables", ["tables"]),  # the table descriptions: the model is made of them
    ("model", ["model"]),
    ("compute", ["compute", "kinds"]),  # kinds: one record per report kind (its model and computation)
    ("checks", ["checks"]),
    ("regions", ["regions", "settings_schema"]),
    ("render", ["render", "phrases", "formats"]),  # phrases: the phrase book the templates call; formats: filters
    ("writers", ["writers"]),
    ("pipeline", ["pipeline"]),
    # sources: an input from YAML or a workbook (above the excel reader and the pipeline); read: a published report
    # read back into an input (through the workbook importer); watch: render on every save; cli_zh: click in Chinese
    (
        "commands",
        ["batch", "excel", "scaffold", "sources", "read", "watch", "cli", "cli_zh", "__main__", ""],
    ),  # "": __init__.py
]
LAYER = {unit: i for i, (_, units) in enumerate(LAYERS) for unit in units}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_has_a_layer():
    assert not sorted({_unit(name) for name in MODULES} - set(LAYER))


def test_no_import_from_a_higher_layer():
    upward = [
        f"{name} ({LAYERS[LAYER[_unit(name)]][0]}) imports {target} ({LAYERS[LAYER[_unit(target)]][0]})"
        for name, path in MODULES.items()
        for target, _ in _imports(name, path)
        if _unit(target) in LAYER and LAYER[_unit(target)] > LAYER[_unit(name)]
    ]
    assert not upward, "imports from a higher layer:\n" + "\n".join(upward)


MAX_FUNCTION_LINES = 120
# functions still longer (none left: this set stays empty)
LONG_FUNCTIONS: set[str] = set()


def _long_functions() -> set[str]:
    found = set()
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES:
                    found.add(f"{path.relative_to(ROOT).as_posix()}:{node.name}")
    return found


def test_no_function_over_120_lines():
    found = _long_functions()
    assert not found - LONG_FUNCTIONS, f"functions over {MAX_FUNCTION_LINES} lines: {sorted(found - LONG_FUNCTIONS)}"
    assert not LONG_FUNCTIONS - found, (
        f"no longer too long, remove from LONG_FUNCTIONS: {sorted(LONG_FUNCTIONS - found)}"
    )
