"""Stand-ins shared by unit tests."""

from __future__ import annotations

import json

from typer.testing import Result

from rag.answer import Passage
from rag.retrieval import Hit
from rag.store import DocumentRecord
from tests.conftest import CORPUS


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


def rag_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    """``rag ARGS`` with ``env``, run in this process by typer's test runner. The command builds
    its own pipeline from the environment as a new process would (settings, index client, model
    contexts), without paying a new process's 15 s of imports and WordNet tables again. The
    command line as separate processes is tested in test_retrieval and test_server_mode."""
    from typer.testing import CliRunner

    from cli import app

    return CliRunner().invoke(app, list(args), input=stdin, env=env, catch_exceptions=False)


def cli_json(env: dict[str, str], *args: str) -> dict:
    """``rag ARGS --json`` with ``env``: its JSON output."""
    run = rag_cli(env, *args, "--json")
    assert run.exit_code == 0, run.stderr[-2000:]
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
