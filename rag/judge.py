"""The checker's second opinion: the local LLM asked whether a passage states a claim.

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

from rag import prompts
from rag.llm import LLM, LLMUnavailable, Message

log = logging.getLogger(__name__)


@dataclass
class SupportJudge:
    llm: LLM
    threshold: float = 0.75  # P(yes) a unit needs to support a claim (chosen on the dev pairs)
    max_calls: int = 2  # model calls per claim: the judge's cost is bounded
    min_overlap: float = 0.3  # share of the claim's words a unit needs to be put to the judge
    # A flip the rules read (a negation, an opposite word, reversed parties) is theirs to
    # settle; False puts it to the judge, as before 3 December (for comparison runs).
    flips_stand: bool = True
    _memo: OrderedDict[tuple[str, str], float | None] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def messages(self, claim: str, passage: str) -> list[Message]:
        ask = prompts.template("judge", "user")
        messages: list[Message] = [{"role": "system", "content": prompts.template("judge", "system")}]
        for shown, sentence, reply in prompts.examples("judge"):
            # Constant turns before the question: evaluated once, then llama.cpp's cached prefix.
            messages.append({"role": "user", "content": ask.format(passage=shown, claim=sentence)})
            messages.append({"role": "assistant", "content": reply})
        messages.append({"role": "user", "content": ask.format(passage=passage, claim=claim)})
        return messages

    def p_yes(self, claim: str, passage: str) -> float | None:
        """P(the passage states the claim); None when the model cannot say."""
        key = (claim, passage)
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        try:
            p = self.llm.yes_probability(self.messages(claim, passage))
        except LLMUnavailable as exc:
            # A check must not fail because the model is down: the rules' verdict stands.
            log.warning("support judge unavailable, rules only: %s", exc)
            return None
        with self._lock:
            self._memo[key] = p
            if len(self._memo) > 4096:
                self._memo.popitem(last=False)
        return p

    def forget(self) -> None:
        """Drop remembered answers (benchmarks time checks alike this way)."""
        with self._lock:
            self._memo.clear()
