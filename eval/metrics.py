"""Evaluation metrics: pure functions with examples.

Keyword scoring is careful: matching is on word boundaries after normalising the forms
a right answer takes (number words and digits, "12 February" / "February 12" /
"12th of February", hyphens, curly quotes), so "uk" does not match "ukraine", "aid"
does not match "said", and "april 20" does not match "april 2025".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
        sixteen seventeen eighteen nineteen twenty""".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100"}
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"


def normalize(text: str) -> str:
    """Lower-case, unify quotes, hyphens, number words and date order.

    >>> normalize("On February 12th, the thirty-day truce—Zelensky’s plan")
    "on 12 february, the 30 day truce zelensky's plan"
    >>> normalize("the 12th of February")
    'the 12 february'
    """
    t = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    t = re.sub(r"[-–—]", " ", t)
    t = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", t)
    t = re.sub(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", lambda m: _NUMBER_WORDS[m.group(1)], t)
    t = re.sub(rf"\b(\d{{1,2}}) of ({_MONTHS})\b", r"\1 \2", t)
    t = re.sub(rf"\b({_MONTHS}) (\d{{1,2}})\b(?!\d)", r"\2 \1", t)
    return re.sub(r"\s+", " ", t).strip()


def contains_phrase(text: str, phrase: str) -> bool:
    """Whole-word match after normalising both sides.

    >>> contains_phrase("Ukraine said so", "uk"), contains_phrase("The UK said so", "uk")
    (False, True)
    >>> contains_phrase("He said it", "aid"), contains_phrase("Poland", "land")
    (False, False)
    >>> contains_phrase("by April 2025", "april 20"), contains_phrase("by Easter, April 20.", "april 20")
    (False, True)
    >>> contains_phrase("on the 12th of February", "February 12")
    True
    """
    needle = normalize(phrase)
    return bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", normalize(text)))


def fact_coverage(answer: str, facts: Sequence[Sequence[str]]) -> float:
    """Share of required facts present; each fact is a group of acceptable phrasings.

    >>> fact_coverage("Sanctions relief and the SWIFT link.", [["sanctions relief"], ["swift"]])
    1.0
    >>> fact_coverage("Sanctions relief.", [["sanctions relief"], ["swift", "payments system"]])
    0.5
    >>> fact_coverage("anything", [])
    1.0
    """
    if not facts:
        return 1.0
    return sum(any(contains_phrase(answer, p) for p in group) for group in facts) / len(facts)


def hit_at_k(retrieved: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """1.0 when a relevant source is among the first k retrieved.

    >>> hit_at_k(["a", "b", "c"], ["b"], 1), hit_at_k(["a", "b", "c"], ["b"], 2)
    (0.0, 1.0)
    """
    return float(any(r in relevant for r in retrieved[:k]))


def reciprocal_rank(retrieved: Sequence[str], relevant: Sequence[str]) -> float:
    """1/rank of the first relevant source, 0 when none is retrieved.

    >>> reciprocal_rank(["a", "b", "c"], ["c"])
    0.3333333333333333
    """
    for i, r in enumerate(retrieved, 1):
        if r in relevant:
            return 1.0 / i
    return 0.0


def span_recall(retrieved: Sequence[tuple[str, int, int]], gold: Sequence[tuple[str, int, int]]) -> float:
    """Share of gold passage characters covered by retrieved spans (same file).

    >>> span_recall([("f", 0, 50)], [("f", 40, 60)])
    0.5
    >>> span_recall([], [])
    1.0
    """
    total = sum(e - s for _, s, e in gold)
    if total == 0:
        return 1.0
    covered = 0
    for src, s, e in gold:
        chars: set[int] = set()
        for rs, a, b in retrieved:
            if rs == src:
                chars.update(range(max(s, a), min(e, b)))
        covered += len(chars)
    return covered / total


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile; NaN for no values.

    >>> percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 95)
    (2, 4)
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; NaN for no values.

    >>> mean([1.0, 0.0])
    0.5
    """
    return sum(values) / len(values) if values else math.nan


def balanced_accuracy(labels: Sequence[bool], predictions: Sequence[bool]) -> float:
    """Mean of the recall on positives and the recall on negatives.

    >>> balanced_accuracy([True, True, False, False], [True, False, False, False])
    0.75
    """
    pos = [p for y, p in zip(labels, predictions, strict=True) if y]
    neg = [not p for y, p in zip(labels, predictions, strict=True) if not y]
    parts = [sum(x) / len(x) for x in (pos, neg) if x]
    return sum(parts) / len(parts) if parts else math.nan
