"""Dependencies point one way: ``rag`` is the library; ``api``, ``eval`` and ``cli`` use it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# package -> packages of this project it must never import
FORBIDDEN = {"rag": {"api", "eval", "cli", "bench", "tests"}, "api": {"eval", "cli", "bench", "tests"}}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_points_up(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_top_levels(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_private_name_crosses_a_package_line():
    """``from rag.x import _y`` and ``obj._attr`` of another package are API that nobody declared."""
    found = []
    for package in ("api", "eval", "cli", "bench"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "rag":
                    found += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []
