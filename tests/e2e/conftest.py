"""A real uvicorn server on a loopback port, in a thread of the test process."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from api import create_app
from tests.server import running


@pytest.fixture
def serve() -> Iterator[Callable[..., str]]:
    """serve(settings, pipeline=..., llm=...) -> base URL; stopped after the test."""
    stack: list = []

    def start(settings, **kwargs) -> str:  # type: ignore[no-untyped-def]
        cm = running(create_app(settings, **kwargs))
        stack.append(cm)
        return cm.__enter__()

    yield start
    for cm in reversed(stack):
        cm.__exit__(None, None, None)
