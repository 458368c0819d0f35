"""Server mode for real: a `chroma run` server on loopback, one process ingesting, another
searching and asking, with no local state shared (separate data dirs; BM25 from the store)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rag.factory import build_pipeline
from rag.settings import Settings
from tests.conftest import CORPUS
from tests.server import free_port

CHROMA = Path(sys.executable).parent / "chroma"


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    """`chroma run` from the chromadb package on loopback, returned once it answers."""
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("chroma server did not start")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    proc = start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)


def rag_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=900,
    )


def test_ingest_in_one_process_search_and_ask_in_another(chroma_url, tmp_path, embedder, llm):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    writer_env = {
        "RAG_CHROMA_URL": chroma_url,
        "RAG_DATA_DIR": str(tmp_path / "writer"),
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_COLLECTION": "server-mode",
    }
    done = rag_cli("ingest", env=writer_env)
    assert done.returncode == 0, done.stderr
    assert "added 5" in done.stdout

    # The reader: another process's view, its own (empty) data dir, the same server.
    reader_settings = Settings(
        _env_file=None,
        chroma_url=chroma_url,
        data_dir=tmp_path / "reader",
        corpus_dir=corpus,  # type: ignore[call-arg]
        collection="server-mode",
    )
    reader = build_pipeline(reader_settings, llm=llm, embedder=embedder)
    hits = reader.search("What did Witkoff call the territorial disputes?", k=3)
    assert hits[0].source == "001_98a077d4f102de21.txt" and hits[0].bm25_score > 0
    assert not (tmp_path / "reader").exists() or not any((tmp_path / "reader").iterdir())

    answer = reader.answerer.ask("What did Russia demand after the Black Sea talks?")
    assert not answer.abstained and "sanction" in answer.answer.lower()

    # The writer removes a document; the reader's BM25 and dense sides both follow.
    (corpus / "001_98a077d4f102de21.txt").unlink()
    pruned = rag_cli("ingest", "--prune", env=writer_env)
    assert pruned.returncode == 0 and "removed 1" in pruned.stdout
    assert all(h.source != "001_98a077d4f102de21.txt" for h in reader.search("elephant in the room", k=10))

    # And a third process searches through the CLI with JSON out.
    found = rag_cli(
        "search",
        "Black Sea sanctions relief",
        "--json",
        env={**writer_env, "RAG_DATA_DIR": str(tmp_path / "third")},
    )
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["results"][0]["source"] == "003_720a6b9c76bcb648.txt"


def test_unreachable_chroma_server_is_a_clear_error(tmp_path):
    settings = Settings(
        _env_file=None,
        chroma_url=f"http://127.0.0.1:{free_port()}",  # type: ignore[call-arg]
        data_dir=tmp_path,
    )
    from rag.store import StoreUnavailable

    with pytest.raises(StoreUnavailable, match="cannot open the Chroma store"):
        build_pipeline(settings)


def test_compose_file_is_valid():
    root = CORPUS.parent
    for cmd in (["docker", "compose", "config", "--quiet"], ["docker-compose", "config", "--quiet"]):
        if shutil.which(cmd[0]) is None:
            continue
        version = subprocess.run([*cmd[:-2], "version"], capture_output=True, text=True)
        if version.returncode != 0:  # e.g. a docker client without the compose plugin
            continue
        probe = subprocess.run(
            cmd,
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, "RAG_OLLAMA_MODEL": "qwen2.5:7b-instruct"},
        )
        if "unknown command" in probe.stderr or "is not a docker command" in probe.stderr:
            continue
        assert probe.returncode == 0, probe.stderr
        return
    pytest.skip("no docker compose client on this machine")


def test_chroma_server_down_gives_503_and_recovers(tmp_path, embedder):
    """/health, /ask, /documents and /check answer 503 with a message while Chroma is down, and
    recover by themselves."""
    from api import create_app
    from rag.llm import ScriptedLLM
    from tests.server import running

    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def start() -> subprocess.Popen:
        return start_chroma(tmp_path / "chroma", port)

    proc = start()
    settings = Settings(
        _env_file=None,
        chroma_url=url,
        data_dir=tmp_path / "d",
        corpus_dir=CORPUS,  # type: ignore[call-arg]
        collection="down-test",
    )
    llm = ScriptedLLM(["Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1]."])
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(settings, pipeline=pipeline)) as api:
        assert httpx.get(f"{api}/health").status_code == 200
        proc.terminate()
        proc.wait(timeout=30)
        h = httpx.get(f"{api}/health", timeout=30)
        assert h.status_code == 503 and h.json()["store"]["ok"] is False
        assert h.json()["embedder"]["ok"] is True and h.json()["llm"]["ok"] is True  # only the store is down
        r = httpx.post(
            f"{api}/ask", json={"question": "What did Russia demand after the Black Sea talks?"}, timeout=60
        )
        assert r.status_code == 503 and r.json()["error"]["code"] == "store_unavailable"
        assert httpx.get(f"{api}/documents", timeout=30).status_code == 503
        # Draft checks search the store too: an outage is a 503 with its code, never a 500.
        for body in (
            {"text": "Russia launched 137 drones overnight."},
            {
                "claim": "Russia launched 137 drones.",
                "source": "004_fe0d15e1fe376c9e.txt",
                "start": 0,
                "end": 50,
            },
        ):
            r = httpx.post(f"{api}/check", json=body, timeout=60)
            assert r.status_code == 503 and r.json()["error"]["code"] == "store_unavailable", r.text
        proc = start()
        try:
            assert httpx.get(f"{api}/health", timeout=30).status_code == 200
            r = httpx.post(
                f"{api}/ask",
                json={"question": "What did Russia demand after the Black Sea talks?"},
                timeout=60,
            )
            assert r.status_code == 200 and not r.json()["abstained"]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
