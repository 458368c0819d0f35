"""A judge's constant prompt, evaluated once and kept on disk for the next process
(``RAG_LLM_KEEP_PROMPTS``), through the real model. The prompt here is a short one of the
judges' shape (a system text, a worked example, then the question): the mechanism is under
test, and the checker's own 600-token prompt would cost 20 s an evaluation."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from llama_cpp import Llama

from rag.llm import LlamaCppLLM, Message

SYSTEM = "You check a sentence against a passage. Answer yes only if the passage states it."
EXAMPLE = "Passage: The council voted 7-2 to approve the stadium.\nSentence: The council rejected it."


def asked(claim: str) -> list[Message]:
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": EXAMPLE},
        {"role": "assistant", "content": "no"},
        {"role": "user", "content": f"Passage: Russia launched 137 drones overnight.\nSentence: {claim}"},
    ]


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


def fresh(llm: LlamaCppLLM, state_dir: Path | None) -> LlamaCppLLM:
    """The model in a context of its own, as a new process has it."""
    return LlamaCppLLM(llm.model_path, n_ctx=2048, state_dir=state_dir)


def test_a_prompt_kept_by_one_process_is_loaded_by_the_next(llm, tmp_path, evaluated, caplog):
    claim = "Russia launched 137 drones."
    first = fresh(llm, tmp_path).yes_probability(asked(claim))
    kept = list(tmp_path.glob("*.npz"))
    assert len(kept) == 1 and first is not None
    prefix = evaluated[0]  # the constant prompt, evaluated on its own before the question
    assert prefix > 40

    evaluated.clear()
    again = fresh(llm, tmp_path).yes_probability(asked(claim))
    # Loaded, not evaluated: only the question's tokens went through the model ...
    assert evaluated and max(evaluated) < prefix
    # ... and on the same evaluated prefix the judgement is the same, to the bit.
    assert again == first
    assert list(tmp_path.glob("*.npz")) == kept
    # Another question on the same constant prompt uses the same file.
    assert fresh(llm, tmp_path).yes_probability(asked("Russia launched 46 drones.")) is not None
    assert list(tmp_path.glob("*.npz")) == kept

    # A copy cut short (a full disk) is evaluated afresh, with the same judgement, and replaced.
    (path,) = kept
    path.write_bytes(path.read_bytes()[:1000])
    evaluated.clear()
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        assert fresh(llm, tmp_path).yes_probability(asked(claim)) == first
    assert "evaluating it afresh" in caplog.text
    assert evaluated[0] == prefix  # the prompt was evaluated again ...
    assert path.stat().st_size > 100_000  # ... and kept whole

    # Without a state directory nothing is kept, and the prefix is evaluated the same way.
    evaluated.clear()
    assert fresh(llm, None).yes_probability(asked(claim)) == first
    assert evaluated[0] == prefix
