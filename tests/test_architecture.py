"""The package's shape: layers that point one way, no import cycle, small modules, a true map.

ARCHITECTURE.md is the map; these tests keep it true.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "generator"
MAX_LINES = 450
MAX_TOP_LEVEL_MODULES = 4


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))
            if "_shipped" not in path.parts}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules `name` imports, wherever the import statement is (a deferred
    import inside a function counts: it is a cycle all the same)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # `from . import report` imports the module report.
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), plus modules that
    import themselves: each one is an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_counter_finds_a_planted_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycle_between_generator_modules():
    assert cycles(import_graph()) == []


def test_the_import_contract_holds():
    """lint-imports checks pyproject's [tool.importlinter] layers: no lower layer imports a
    higher one."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command, "lint-imports is missing: pip install -e '.[test]'"
    result = subprocess.run([command], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_over_450_lines(name):
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it by job"


def test_generator_holds_subpackages_and_few_top_level_modules():
    top = [path.name for path in PACKAGE.glob("*.py")]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert {"core", "model", "inputs", "diagnose", "metrics", "charter", "site", "printables",
            "publish", "sheet", "build", "cli"} <= packages


def architecture() -> str:
    return (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_every_package_listed_in_architecture_exists_and_every_package_is_listed():
    listed = set(re.findall(r"^\| `(\w+)/` \|", architecture(), re.MULTILINE))
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert listed == packages


def test_every_file_the_change_table_points_at_exists():
    table = architecture().split("## To change", 1)[1]
    paths = re.findall(r"`((?:generator|content|theme|tests|docs)/[^`*]+?)`", table)
    assert len(paths) >= 7
    missing = [path for path in paths if not (REPO / path.rstrip("/")).exists()]
    assert missing == []


def test_the_layers_of_the_contract_are_the_layers_of_the_map():
    """The order ARCHITECTURE.md draws is the order pyproject.toml enforces."""
    import tomllib

    contract = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    layers = contract["tool"]["importlinter"]["contracts"][0]["layers"]
    drawn = re.findall(r"^\s*(\w+)/.*$", architecture().split("```", 2)[1], re.MULTILINE)
    enforced = [name.split(".")[1] for layer in layers for name in layer.split(" | ")]
    assert drawn == enforced
