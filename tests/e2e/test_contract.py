"""One output contract: `rag ... --json` and the HTTP API give the same object for the same input."""

from __future__ import annotations

import json
import os

import httpx
import pytest

from api import create_app
from rag.factory import build_pipeline
from tests.conftest import CORPUS
from tests.e2e.test_api import settings_for
from tests.server import running
from tests.stubs import cli_json

QUESTION = "What did Russia demand after the Black Sea talks?"
DRAFT = "Russia launched 46 drones overnight. Kaja Kallas accused Trump of appeasing Russia."


@pytest.fixture(scope="module")
def both(tmp_path_factory, embedder, llm):
    """A server and the command line on the same index and corpus."""
    root = tmp_path_factory.mktemp("contract")
    settings = settings_for(root, CORPUS)
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    env = {
        **os.environ,
        "RAG_DATA_DIR": str(settings.data_dir),
        "RAG_CORPUS_DIR": str(CORPUS),
        "RAG_LLM_TIMEOUT_S": "900",  # equality is under test, not speed: a busy machine may be slow
    }

    def cli(*args: str) -> dict:
        return cli_json(env, *args)

    with running(create_app(settings, pipeline=pipeline)) as url:
        yield url, cli


def test_search_json_equals_post_search(both):
    url, cli = both
    http = httpx.post(f"{url}/search", json={"question": QUESTION, "k": 5}, timeout=60).json()
    assert http == cli("search", QUESTION, "--k", "5") and len(http["results"]) == 5


def _opinions_apart(body: dict) -> tuple[dict, list[float | None]]:
    """A check's body without the judge's P(yes), and those values: llama.cpp's arithmetic
    depends on how a prompt was split into batches (what an earlier call left cached), so
    two processes agree on it to about two decimals, not bit for bit."""
    rows = body.get("sentences", [body])
    values = [r.get("second_opinion") for r in rows]
    stripped = json.loads(json.dumps(body))
    for r in stripped.get("sentences", [stripped]):
        r.pop("second_opinion", None)
    return stripped, values


def _same_check(a: dict, b: dict) -> bool:
    (sa, va), (sb, vb) = _opinions_apart(a), _opinions_apart(b)
    if sa != sb or len(va) != len(vb):
        return False
    pairs = zip(va, vb, strict=True)
    return all((x is None) == (y is None) and (x is None or abs(x - y) < 0.02) for x, y in pairs)


def test_check_json_equals_post_check(both):
    url, cli = both
    http = httpx.post(f"{url}/check", json={"text": DRAFT}, timeout=60).json()
    assert _same_check(http, cli("check", DRAFT))
    assert [s["verdict"] for s in http["sentences"]] == ["contradicted", "supported"]
    assert "137" in http["sentences"][0]["differing"]
    text = (CORPUS / "003_720a6b9c76bcb648.txt").read_text(encoding="utf-8")
    start = text.index("EU High Representative Kaja Kallas")
    span = {"source": "003_720a6b9c76bcb648.txt", "start": start, "end": start + 80}
    claim = "Kallas accused Trump of appeasing Russia."
    http = httpx.post(f"{url}/check", json={"claim": claim, **span}, timeout=60).json()
    args = ["--source", span["source"], "--start", str(span["start"]), "--end", str(span["end"])]
    assert _same_check(http, cli("check", claim, *args)) and http["verdict"] == "supported"


@pytest.mark.llm
def test_ask_json_equals_post_ask(both):
    url, cli = both
    http = httpx.post(f"{url}/ask", json={"question": QUESTION}, timeout=600).json()
    local = cli("ask", QUESTION)
    # Timings are measurements of two runs; everything else is the same object.
    assert set(http.pop("timings")) == set(local.pop("timings"))
    assert http == local
    assert not http["abstained"] and http["citations"] and http["question"] == QUESTION
