"""The docstring examples in the packages are tests too: `make test` must collect every one."""

from __future__ import annotations

import doctest
import importlib
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules_with_examples() -> list[Path]:
    finder = doctest.DocTestFinder()
    found = []
    for package in ("rag", "eval", "api"):
        for path in sorted((ROOT / package).rglob("*.py")):
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            module = importlib.import_module(dotted)
            if any(t.examples for t in finder.find(module)):
                found.append(path.relative_to(ROOT))
    return found


def test_every_module_with_doctests_is_under_a_test_path():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    found = modules_with_examples()
    assert Path("eval/metrics.py") in found and any(p.parts[0] == "rag" for p in found)
    uncollected = [p for p in found if not any(p.is_relative_to(t) for t in options["testpaths"])]
    assert uncollected == [], f"doctests that `make test` never runs: {uncollected}"
