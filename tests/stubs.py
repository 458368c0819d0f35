"""Stand-ins shared by unit tests."""

from __future__ import annotations

import json
import subprocess
import sys

from rag.answer import Passage
from rag.retrieval import Hit
from rag.store import DocumentRecord
from tests.conftest import CORPUS, ROOT


def passage(snippet: str, source: str = "003_720a6b9c76bcb648.txt") -> Passage:
    """The seed article's passage holding ``snippet``, as the retriever would give it."""
    text = (CORPUS / source).read_text(encoding="utf-8")
    start = text.index(snippet)
    return Passage(source, "T", start, start + len(snippet), snippet, similarity=0.7)


BLACK_SEA = passage(
    "Agreements were reportedly reached on both elements. After talks concluded, however, Russia "
    "outlined its demands for sanctions relief, which it said would be a prerequisite for any "
    "maritime ceasefire in the Black Sea to take effect."
)
SWIFT = passage(
    "Decisions on providing sanctions relief to Russia, and specifically Russia’s demand for the Russian "
    "Agricultural Bank to be reconnected to the SWIFT international payments system, are not decisions that "
    "the United States can take unilaterally and will require the agreement of the EU."
)


def cli_json(env: dict[str, str], *args: str) -> dict:
    """``rag ARGS --json`` in a subprocess with ``env``: its JSON output."""
    run = subprocess.run(
        [sys.executable, "-m", "cli", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


class Passages:
    """The retriever's place in ``stream``: these passages, as hits, for any question. Its
    documents have no records, so they are undated and no figure is checked for revisions."""

    def __init__(
        self, *passages: Passage, records: dict[str, DocumentRecord] | None = None, similarity: float = 0.7
    ) -> None:
        self.passages = passages
        self.records = records or {}
        self.similarity = similarity  # the dense similarity every hit is given

    def search(self, question, k, sources=None):  # type: ignore[no-untyped-def]
        kept = [p for p in self.passages if not sources or p.source in sources]
        similarity = self.similarity
        return [Hit(p.source, p.title, p.start, p.end, p.text, dense_similarity=similarity) for p in kept]

    def documents(self) -> dict[str, DocumentRecord]:
        return self.records
