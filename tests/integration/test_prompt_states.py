"""The judges' constant prompt, evaluated once and kept on disk for the next process
(``RAG_LLM_KEEP_PROMPTS``), through the real model."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from llama_cpp import Llama

from rag.judge import SupportJudge
from rag.llm import LlamaCppLLM

PASSAGE = "Overnight, Russian forces launched 137 drones across the country, officials said."
CLAIM = "Russia launched 137 drones overnight."


@pytest.fixture
def evaluated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many tokens each ``Llama.eval`` call evaluated, in every context."""
    counts: list[int] = []
    real = Llama.eval

    def counting(self: Llama, tokens: list[int]) -> None:
        counts.append(len(tokens))
        real(self, tokens)

    monkeypatch.setattr(Llama, "eval", counting)
    return counts


def fresh(llm: LlamaCppLLM, state_dir: Path | None) -> SupportJudge:
    """A judge on a context of its own, as a new process has."""
    return SupportJudge(LlamaCppLLM(llm.model_path, n_ctx=2048, state_dir=state_dir))


def test_a_prompt_kept_by_one_process_is_loaded_by_the_next(llm, tmp_path, evaluated, caplog):
    first = fresh(llm, tmp_path).p_yes(CLAIM, PASSAGE)
    kept = list(tmp_path.glob("*.npz"))
    assert len(kept) == 1 and first is not None
    prefix = evaluated[0]  # the constant prompt, evaluated on its own before the claim
    assert prefix > 300

    evaluated.clear()
    again = fresh(llm, tmp_path).p_yes(CLAIM, PASSAGE)
    # Loaded, not evaluated: only the claim's tokens went through the model ...
    assert evaluated and max(evaluated) < prefix
    # ... and on the same evaluated prefix the judgement is the same, to the bit.
    assert again == first
    assert list(tmp_path.glob("*.npz")) == kept

    # A copy cut short (a full disk) is evaluated afresh, with the same judgement, and replaced.
    (path,) = kept
    path.write_bytes(path.read_bytes()[:1000])
    evaluated.clear()
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        assert fresh(llm, tmp_path).p_yes(CLAIM, PASSAGE) == first
    assert "evaluating it afresh" in caplog.text
    assert evaluated[0] == prefix  # the prompt was evaluated again ...
    assert path.stat().st_size > 1_000_000  # ... and kept whole
