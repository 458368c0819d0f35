"""The HTTP API end to end: a real uvicorn server, real Chroma, embedder and (where it
answers questions) the real llama.cpp model."""

from __future__ import annotations

import json
import threading
import time

import httpx
import openai
import pytest

from rag.answer import split_draft
from rag.factory import build_pipeline
from rag.llm import ScriptedLLM
from rag.settings import Settings
from tests.conftest import CORPUS

BLACK_SEA = "What did Russia demand after the Black Sea talks?"


def settings_for(tmp_path, corpus, **kw) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", corpus_dir=corpus, **kw)  # type: ignore[call-arg]


@pytest.fixture
def scripted_url(serve, tmp_path, corpus_copy, embedder):
    """A server whose model is scripted: for errors, documents and auth, which need no real answers."""
    settings = settings_for(tmp_path, corpus_copy)
    llm = ScriptedLLM(["Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1]."])
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    return serve(settings, pipeline=pipeline)


@pytest.fixture(scope="module")
def real_url(tmp_path_factory, embedder, llm):
    from api import create_app
    from tests.server import running

    root = tmp_path_factory.mktemp("api")
    settings = settings_for(root, CORPUS)
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(settings, pipeline=pipeline)) as url:
        yield url


def sse_events(response: httpx.Response) -> list[tuple[str, dict]]:
    events, name = [], None
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[6:])))
    return events


# --- answering through the real model ----------------------------------------------------
@pytest.mark.llm
def test_ask_black_sea(real_url):
    r = httpx.post(f"{real_url}/ask", json={"question": BLACK_SEA}, timeout=300)
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"answer", "abstained", "citations", "sentences", "timings"}
    assert not body["abstained"] and "sanction" in body["answer"].lower()
    for c in body["citations"]:
        assert (CORPUS / c["source"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["quote"]


@pytest.mark.llm
def test_ask_stream_sends_verified_sentences_then_done(real_url):
    with httpx.stream("POST", f"{real_url}/ask/stream", json={"question": BLACK_SEA}, timeout=300) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = sse_events(r)
    names = [n for n, _ in events]
    assert names[0] == "status" and names[-1] == "done"
    assert set(names) <= {"status", "sentence", "withheld", "done"}
    final = events[-1][1]
    sentences = [p for n, p in events if n == "sentence"]
    assert sentences and " ".join(p["text"] for p in sentences) == final["answer"]
    assert "sanction" in final["answer"].lower() and final["citations"]


@pytest.mark.llm
def test_chat_follow_up_is_rewritten_from_history(real_url):
    first_q = "Who is Vitali Klitschko?"
    first = httpx.post(f"{real_url}/ask", json={"question": first_q}, timeout=300).json()
    messages = [
        {"role": "user", "content": first_q},
        {"role": "assistant", "content": first["answer"]},
        {"role": "user", "content": "What did he say about giving up territory?"},
    ]
    r = httpx.post(f"{real_url}/chat", json={"messages": messages}, timeout=300)
    assert r.status_code == 200
    body = r.json()
    assert "klitschko" in body["standalone_question"].lower()
    assert "give up territory" in body["answer"].lower()


@pytest.mark.llm
def test_unanswerable_over_http_abstains(real_url):
    body = httpx.post(
        f"{real_url}/ask", json={"question": "Who won the 2024 Eurovision Song Contest?"}, timeout=300
    ).json()
    assert body["abstained"] and body["citations"] == []


@pytest.mark.llm
def test_openai_client_non_streamed_and_streamed(real_url):
    client = openai.OpenAI(base_url=f"{real_url}/v1", api_key="unused", timeout=300)
    assert [m.id for m in client.models.list()] == ["newsroom-rag"]
    done = client.chat.completions.create(
        model="newsroom-rag", messages=[{"role": "user", "content": BLACK_SEA}]
    )
    text = done.choices[0].message.content or ""
    assert "sanction" in text.lower() and "[1]" in text
    citations = (done.model_extra or {})["citations"]
    assert citations and citations[0]["source"] == "003_720a6b9c76bcb648.txt"
    stream = client.chat.completions.create(
        model="newsroom-rag", messages=[{"role": "user", "content": BLACK_SEA}], stream=True
    )
    chunks = list(stream)
    deltas = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert "".join(deltas) == text
    # A delta per verified sentence: as many as the answer has sentences.
    assert len(deltas) == len(split_draft(text))
    assert (chunks[-1].model_extra or {}).get("citations")


TWO_SENTENCES = (
    "Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1]. "
    "Russia wants the Russian Agricultural Bank reconnected to the SWIFT international payments system [2]."
)


def test_openai_client_streams_a_multi_sentence_answer_as_several_deltas(
    serve, tmp_path, corpus_copy, embedder
):
    settings = settings_for(tmp_path, corpus_copy)
    pipeline = build_pipeline(settings, llm=ScriptedLLM([TWO_SENTENCES]), embedder=embedder)
    assert pipeline.ingest().ok
    client = openai.OpenAI(base_url=f"{serve(settings, pipeline=pipeline)}/v1", api_key="unused", timeout=60)
    chunks = list(
        client.chat.completions.create(
            model="newsroom-rag", messages=[{"role": "user", "content": BLACK_SEA}], stream=True
        )
    )
    deltas = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(deltas) == 2 and "sanctions relief" in deltas[0] and "SWIFT" in deltas[1]
    citations = (chunks[-1].model_extra or {})["citations"]
    assert {c["id"] for c in citations} == {1, 2}
    assert all(f"[{c['id']}]" in "".join(deltas) for c in citations)
    assert chunks[-1].choices[0].finish_reason == "stop"


@pytest.mark.llm
def test_health_answers_during_a_long_generation_and_concurrent_asks_complete(real_url):
    questions = [
        BLACK_SEA,
        "How many drones did Russia launch in the overnight assault?",
        "Which EU official accused Trump of appeasing Russia?",
    ]
    results: dict[str, dict] = {}
    finished: list[str] = []

    def ask(q: str) -> None:
        results[q] = httpx.post(f"{real_url}/ask", json={"question": q}, timeout=600).json()
        finished.append(q)

    threads = [threading.Thread(target=ask, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    health = httpx.get(f"{real_url}/health", timeout=30)
    assert health.status_code == 200
    assert len(finished) < len(questions), "/health should answer while generations are running"
    for t in threads:
        t.join()
    assert "sanction" in results[questions[0]]["answer"].lower()
    assert "137" in results[questions[1]]["answer"]
    assert "Kallas" in results[questions[2]]["answer"]


@pytest.mark.llm
def test_slow_model_times_out_with_a_clear_504_and_frees_the_model(real_url, llm):
    # A generation deadline shorter than the prompt evaluation: the first token comes too late.
    llm.timeout = 0.2
    try:
        t0 = time.monotonic()
        r = httpx.post(f"{real_url}/ask", json={"question": BLACK_SEA}, timeout=120)
        took = time.monotonic() - t0
        with httpx.stream("POST", f"{real_url}/ask/stream", json={"question": BLACK_SEA}, timeout=120) as s:
            events = sse_events(s)
    finally:
        llm.timeout = 120.0
    assert r.status_code == 504, r.text
    assert r.json()["error"]["code"] == "llm_timeout" and "RAG_LLM_TIMEOUT_S" in r.json()["error"]["message"]
    assert took < 60
    assert events[-1][0] == "error" and events[-1][1]["code"] == "llm_timeout"
    # The model's turn was given back: the next question is answered.
    ok = httpx.post(f"{real_url}/ask", json={"question": BLACK_SEA}, timeout=600)
    assert ok.status_code == 200 and "sanction" in ok.json()["answer"].lower()


@pytest.mark.llm
def test_full_queue_is_refused_at_once_with_retry_after(real_url, llm):
    llm.max_waiting = 0
    llm._lock.acquire()  # a generation in progress
    try:
        t0 = time.monotonic()
        r = httpx.post(f"{real_url}/ask", json={"question": BLACK_SEA}, timeout=60)
        took = time.monotonic() - t0
    finally:
        llm._lock.release()
        llm.max_waiting = 16
    assert r.status_code == 503 and r.json()["error"]["code"] == "llm_busy", r.text
    assert r.headers["retry-after"] == "30" and took < 10


# --- errors, documents and auth (scripted model) ----------------------------------------
def test_health(scripted_url):
    r = httpx.get(f"{scripted_url}/health")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["documents"] == 5


@pytest.mark.parametrize(
    "body,status,code",
    [
        ({"question": ""}, 422, "invalid_request"),
        ({"question": "   "}, 422, "invalid_request"),
        ({"question": "x" * 5000}, 422, "invalid_request"),
        ({"question": 12}, 422, "invalid_request"),
        ({"question": "q", "top_k": "many"}, 422, "invalid_request"),
        ({"question": "q", "top_k": 0}, 422, "invalid_request"),
        ({"question": "q", "extra": 1}, 422, "invalid_request"),
        ({}, 422, "invalid_request"),
        ({"question": "q", "sources": ["nope.txt"]}, 404, "document_not_found"),
    ],
)
def test_bad_ask_requests_get_clear_4xx(scripted_url, body, status, code):
    for path in ("/ask", "/ask/stream"):
        r = httpx.post(f"{scripted_url}{path}", json=body)
        assert r.status_code == status, r.text
        assert r.json()["error"]["code"] == code and r.json()["error"]["message"]


def test_malformed_json_and_unknown_routes(scripted_url):
    r = httpx.post(f"{scripted_url}/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_json"
    r = httpx.get(f"{scripted_url}/nope")
    assert r.status_code == 404 and "error" in r.json()
    r = httpx.post(f"{scripted_url}/chat", json={"messages": [{"role": "assistant", "content": "hi"}]})
    assert r.status_code == 422


def test_documents_lifecycle(scripted_url, corpus_copy):
    docs = httpx.get(f"{scripted_url}/documents").json()["documents"]
    assert len(docs) == 5 and {"source", "title", "chunks", "content_hash", "ingested_at"} <= set(docs[0])
    one = httpx.get(f"{scripted_url}/documents/003_720a6b9c76bcb648.txt").json()
    assert one["text"] == (CORPUS / "003_720a6b9c76bcb648.txt").read_text(encoding="utf-8")

    article = (
        "Grain corridor reopens\n\nThe Black Sea grain corridor reopened on Monday, Odesa officials said.\n"
    )
    r = httpx.post(f"{scripted_url}/documents", files={"file": ("005_grain.txt", article.encode())})
    assert r.status_code == 201 and r.json()["source"] == "005_grain.txt" and r.json()["chunks"] >= 1
    assert (corpus_copy / "005_grain.txt").read_text(encoding="utf-8") == article
    assert len(httpx.get(f"{scripted_url}/documents").json()["documents"]) == 6

    again = httpx.post(f"{scripted_url}/documents", files={"file": ("copy.txt", article.encode())})
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate_content"

    assert httpx.delete(f"{scripted_url}/documents/005_grain.txt").status_code == 204
    assert not (corpus_copy / "005_grain.txt").exists()
    assert httpx.get(f"{scripted_url}/documents/005_grain.txt").status_code == 404
    assert httpx.delete(f"{scripted_url}/documents/005_grain.txt").status_code == 404


@pytest.mark.parametrize(
    "name,data,status,code",
    [
        ("../evil.txt", b"Title\n\nSome text here.", 422, "invalid_file_name"),
        ("/etc/passwd.txt", b"Title\n\nSome text here.", 422, "invalid_file_name"),
        ("..\\..\\win.txt", b"Title\n\nSome text here.", 422, "invalid_file_name"),
        ("-rf.txt", b"Title\n\nSome text here.", 422, "invalid_file_name"),
        ("report.odt", b"PK\x03\x04", 415, "unsupported_file_type"),
        ("report.pdf", b"%PDF-1.4", 422, "invalid_article"),
        ("bad.txt", b"\xff\xfe\xfa bad bytes", 422, "invalid_article"),
        ("empty.txt", b"", 422, "invalid_article"),
        ("huge.txt", b"a " * 10_000_001, 413, "file_too_large"),
    ],
)
def test_bad_uploads(scripted_url, corpus_copy, tmp_path, name, data, status, code):
    r = httpx.post(f"{scripted_url}/documents", files={"file": (name, data)})
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    assert sorted(p.name for p in corpus_copy.iterdir()) == sorted(p.name for p in CORPUS.iterdir())
    assert not (tmp_path / "evil.txt").exists()


def test_auth_required_when_keys_set(serve, tmp_path, corpus_copy, embedder):
    settings = settings_for(
        tmp_path, corpus_copy, api_keys=["s3cret", "other"], cors_origins=["https://desk.example"]
    )
    pipeline = build_pipeline(settings, llm=ScriptedLLM(["x"]), embedder=embedder)
    pipeline.ingest()
    url = serve(settings, pipeline=pipeline)
    assert httpx.get(f"{url}/health").status_code == 200
    for method, path, kw in [
        ("POST", "/ask", {"json": {"question": "q"}}),
        ("POST", "/ask/stream", {"json": {"question": "q"}}),
        ("POST", "/chat", {"json": {"messages": [{"role": "user", "content": "q"}]}}),
        ("POST", "/search", {"json": {"question": "q"}}),
        ("POST", "/check", {"json": {"text": "Russia launched 46 drones."}}),
        ("POST", "/documents", {"files": {"file": ("x.txt", b"Title line here\n\nSome text here.")}}),
        ("GET", "/documents", {}),
        ("GET", "/documents/003_720a6b9c76bcb648.txt", {}),
        ("DELETE", "/documents/003_720a6b9c76bcb648.txt", {}),
        ("GET", "/v1/models", {}),
        (
            "POST",
            "/v1/chat/completions",
            {"json": {"messages": [{"role": "user", "content": "q"}], "stream": True}},
        ),
    ]:
        r = httpx.request(method, f"{url}{path}", **kw)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized", (path, r.text)
        r = httpx.request(method, f"{url}{path}", headers={"Authorization": "Bearer wrong"}, **kw)
        assert r.status_code == 401
    ok = httpx.get(f"{url}/documents", headers={"Authorization": "Bearer other"})
    assert ok.status_code == 200
    # The scheme is in the API document, so generated clients and /docs know to send the key.
    doc = httpx.get(f"{url}/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert {"HTTPBearer": []} in doc["paths"]["/ask"]["post"]["security"]
    pre = httpx.options(
        f"{url}/ask", headers={"Origin": "https://desk.example", "Access-Control-Request-Method": "POST"}
    )
    assert pre.headers.get("access-control-allow-origin") == "https://desk.example"
    bad = httpx.options(
        f"{url}/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in bad.headers


def test_unreachable_llm_gives_503(serve, tmp_path, corpus_copy, embedder):
    settings = settings_for(
        tmp_path, corpus_copy, llm_backend="ollama", ollama_url="http://127.0.0.1:9", llm_timeout_s=2
    )
    pipeline = build_pipeline(settings, embedder=embedder)
    pipeline.ingest()
    url = serve(settings, pipeline=pipeline)
    r = httpx.post(f"{url}/ask", json={"question": BLACK_SEA}, timeout=30)
    assert r.status_code == 503 and r.json()["error"]["code"] == "llm_unavailable"
    h = httpx.get(f"{url}/health", timeout=30)
    assert h.status_code == 503 and h.json()["llm"]["ok"] is False and h.json()["store"]["ok"] is True
    with httpx.stream("POST", f"{url}/ask/stream", json={"question": BLACK_SEA}, timeout=30) as s:
        events = sse_events(s)
    assert events[-1][0] == "error" and events[-1][1]["code"] == "llm_unavailable"


def test_check_endpoint(scripted_url):
    r = httpx.post(f"{scripted_url}/check", json={"text": "Russia launched 46 drones overnight."})
    assert r.status_code == 200
    s = r.json()["sentences"][0]
    assert s["verdict"] == "contradicted" and "137" in s["differing"]
    text = (CORPUS / "004_fe0d15e1fe376c9e.txt").read_text(encoding="utf-8")
    start = text.index("The Russian Defense Ministry")
    span = {"source": "004_fe0d15e1fe376c9e.txt", "start": start, "end": start + 70}
    r = httpx.post(
        f"{scripted_url}/check", json={"claim": "Russia said it intercepted 46 Ukrainian drones.", **span}
    )
    assert r.status_code == 200 and r.json()["verdict"] == "supported"
    assert set(r.json()) == {"verdict", "score", "missing", "reason", "second_opinion"}
    for body, status in [
        ({"text": ""}, 422),
        ({"text": "x" * 20_000}, 413),
        ({}, 422),
        ({"text": "a", "claim": "b", **span}, 422),
        ({"claim": "b"}, 422),
        ({"claim": "b", "source": "nope.txt", "start": 0, "end": 5}, 404),
        ({"claim": "b", "source": "004_fe0d15e1fe376c9e.txt", "start": 0, "end": 10**7}, 422),
    ]:
        r = httpx.post(f"{scripted_url}/check", json=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["error"]["message"]


class SlowStartLLM(ScriptedLLM):
    """Scripted, with a long silence before the first token, as prompt evaluation gives."""

    def stream(self, messages, max_tokens, temperature):  # type: ignore[no-untyped-def]
        time.sleep(1.0)
        yield from super().stream(messages, max_tokens, temperature)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/ask/stream", {"question": BLACK_SEA}),
        ("/chat", {"messages": [{"role": "user", "content": BLACK_SEA}], "stream": True}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": BLACK_SEA}], "stream": True}),
    ],
)
def test_streams_send_keepalive_comments_while_the_model_is_silent(
    serve, tmp_path, corpus_copy, embedder, monkeypatch, path, body
):
    from api import sse

    monkeypatch.setattr(sse, "PING_INTERVAL_S", 0.2)
    settings = settings_for(tmp_path, corpus_copy)
    llm = SlowStartLLM(["Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1]."])
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    url = serve(settings, pipeline=pipeline)
    with httpx.stream("POST", f"{url}{path}", json=body, timeout=60) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        raw = r.read().decode()
    assert raw.startswith(": ping") or "\n\n: ping" in raw
    assert raw.index(": ping") < raw.index("sanctions")
    assert "sanctions relief" in raw
