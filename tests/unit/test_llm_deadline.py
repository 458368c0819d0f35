"""The generation deadline and the bounded wait, without a model (control flow only)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from rag.llm import LlamaCppLLM, LLMBusy, LLMTimeout, within


def test_within_stops_a_slow_stream_and_closes_it():
    closed = []

    def slow() -> Iterator[str]:
        try:
            for i in range(100):
                time.sleep(0.02)
                yield str(i)
        finally:
            closed.append(True)

    got = []
    with pytest.raises(LLMTimeout, match=r"took longer than 0\.1 s"):
        for piece in within(slow(), 0.1, "the test model"):
            got.append(piece)
    assert 2 <= len(got) < 10 and closed == [True]


def test_within_passes_a_fast_stream_through():
    assert list(within(iter(["a", "b"]), 5, "x")) == ["a", "b"]


def test_a_full_queue_refuses_without_waiting(tmp_path: Path):
    model = LlamaCppLLM(tmp_path / "none.gguf", max_waiting=1)
    model._lock.acquire()  # someone is generating
    model._waiting = 1  # and one question waits
    try:
        with pytest.raises(LLMBusy, match=r"busy \(1 waiting\)"):
            next(iter(model.stream([{"role": "user", "content": "hi"}], 8, 0.0)))
    finally:
        model._lock.release()
    assert model._waiting == 1  # the refused question did not count itself


def test_a_chat_template_that_cannot_be_rendered_costs_the_warm_start_not_the_call(tmp_path, caplog):
    """Finding the judges' constant prompt is an optimisation: a template it cannot render
    leaves the call to evaluate the whole prompt, as before, and raises nothing."""
    fake = SimpleNamespace(
        n_tokens=0,
        metadata={"tokenizer.chat_template": "{% if %}"},  # not valid Jinja
        detokenize=lambda ids, special=False: b"<s>",
        token_eos=lambda: 1,
        token_bos=lambda: 2,
        eval=lambda tokens: pytest.fail("nothing is evaluated ahead of the call"),
    )
    model = LlamaCppLLM(tmp_path / "none.gguf", state_dir=tmp_path)
    messages = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        model._warm(fake, messages)  # type: ignore[arg-type]
    assert "could not render the constant prompt" in caplog.text
    assert not list(tmp_path.iterdir())
