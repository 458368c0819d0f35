"""Prompt templates, loaded from ``prompts.toml`` (data, versioned with eval results)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    with resources.files(__package__).joinpath("prompts.toml").open("rb") as fh:
        return tomllib.load(fh)


def version() -> str:
    return str(load()["version"])


def abstention() -> str:
    return str(load()["abstention"])


def template(section: str, name: str) -> str:
    return str(load()[section][name])


def examples(section: str) -> list[list[str]]:
    """Worked examples of a prompt: each a list of strings (its inputs, then the reply)."""
    return [list(map(str, row)) for row in load()[section].get("examples", [])]
