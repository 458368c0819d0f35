"""Second opinions from the local LLM: whether a passage states a claim (the checker's),
and whether verified sentences answer the question (the answer's).

The rules in :mod:`rag.grounding` compare words, numbers and names; they cannot tell
"reconnected to SWIFT" from "cut off from SWIFT", or who did what to whom. The judge reads
the passage and the claim and gives P("yes") from one forward pass (nothing is generated).
It is asked about the best units the rules found, in their order, at most ``max_calls``
distinct passages per claim; its answers are remembered per (claim, passage).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import ClassVar

from rag import prompts
from rag.grounding import normalize_numbers
from rag.llm import LLM, LLMUnavailable, Message

log = logging.getLogger(__name__)


@dataclass
class _YesNo:
    """A yes/no question to the local model, read as P("yes") of one token; its answers are
    remembered. ``section`` names its prompt: a system text, a user template over ``fields``,
    and worked examples (one value per field, then the reply)."""

    llm: LLM
    section: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]
    _memo: OrderedDict[tuple[str, ...], float | None] = field(
        default_factory=OrderedDict, init=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _messages(self, *values: str) -> list[Message]:
        ask = prompts.template(self.section, "user")

        def user(values: list[str] | tuple[str, ...]) -> Message:
            return {"role": "user", "content": ask.format(**dict(zip(self.fields, values, strict=True)))}

        messages: list[Message] = [{"role": "system", "content": prompts.template(self.section, "system")}]
        for *shown, reply in prompts.examples(self.section):
            # Constant turns before the question: evaluated once, then llama.cpp's cached prefix.
            messages.append(user(shown))
            messages.append({"role": "assistant", "content": reply})
        messages.append(user(values))
        return messages

    def _p_yes(self, *values: str) -> float | None:
        with self._lock:
            if values in self._memo:
                self._memo.move_to_end(values)
                return self._memo[values]
        try:
            p = self.llm.yes_probability(self._messages(*values))
        except LLMUnavailable as exc:
            # A check must not fail because the model is down: the rules' verdict stands.
            log.warning("%s judge unavailable, rules only: %s", self.section, exc)
            return None
        with self._lock:
            self._memo[values] = p
            if len(self._memo) > 4096:
                self._memo.popitem(last=False)
        return p

    def forget(self) -> None:
        """Drop remembered answers (benchmarks time checks alike this way)."""
        with self._lock:
            self._memo.clear()


@dataclass
class SupportJudge(_YesNo):
    section: ClassVar[str] = "judge"
    fields: ClassVar[tuple[str, ...]] = ("passage", "claim")
    threshold: float = 0.75  # P(yes) a unit needs to support a claim (chosen on the dev pairs)
    max_calls: int = 2  # model calls per claim: the judge's cost is bounded
    min_overlap: float = 0.3  # share of the claim's words a unit needs to be put to the judge
    # A flip the rules read (a negation, an opposite word, reversed parties) is theirs to
    # settle; False puts it to the judge, as before 3 December (for comparison runs).
    flips_stand: bool = True

    def messages(self, claim: str, passage: str) -> list[Message]:
        return self._messages(*_written_alike(passage, claim))

    def p_yes(self, claim: str, passage: str) -> float | None:
        """P(the passage states the claim); None when the model cannot say."""
        return self._p_yes(*_written_alike(passage, claim))


def _written_alike(*texts: str) -> tuple[str, ...]:
    """Numbers and clock times in one form on both sides ("10:40 p.m." and "22:40", "half
    past one" and "1:30"), as the rules compare them: the small model does not convert.

    >>> _written_alike("at 10:40 p.m. on Friday", "at twenty to eleven at night")
    ('at 22:40 on Friday', 'at 10:40 at night')
    """
    return tuple(normalize_numbers(t) for t in texts)


@dataclass
class AnswerJudge(_YesNo):
    """Whether verified sentences answer the question, or only sit beside it: "six people
    were injured" for "how many were killed", a chief executive's resignation for "who was
    appointed". The rules (:func:`rag.answer.answers_the_question`) see a number and a name
    there; this reads what they count and name. It can only hold an answer back, never let
    one through, and it is asked once per answer, after the rules have passed it."""

    section: ClassVar[str] = "answers"
    fields: ClassVar[tuple[str, ...]] = ("question", "answer")
    threshold: float = 0.6  # below this P(yes) the answer is held (chosen on the dev questions)

    def p_yes(self, question: str, answer: str) -> float | None:
        """P(``answer`` answers ``question``); None when the model cannot say."""
        return self._p_yes(question, answer)

    def answers(self, question: str, answer: str) -> bool:
        """False only when the model reads ``answer`` as not answering ``question``."""
        p = self.p_yes(question, answer)
        return p is None or p >= self.threshold
