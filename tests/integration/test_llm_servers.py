"""Server-backed LLM adapters against small local HTTP servers.

No Ollama binary (or any OpenAI-compatible server) can run on this machine, so these
tests stand up a loopback server that speaks the real wire formats: Ollama's
``/api/chat`` (NDJSON when streamed, one JSON object when not) and ``/api/tags``, and
OpenAI's ``/v1/chat/completions`` (server-sent events when streamed) and ``/v1/models``.
The adapters go through the official ``ollama`` and ``openai`` clients unchanged.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from rag.llm import LLMUnavailable, OllamaLLM, OpenAICompatibleLLM, create_llm
from rag.settings import Settings

REPLY = ["Russia ", "demanded ", "sanctions ", "relief [1]."]
# The first reply token's alternatives, as the servers report them when asked for logprobs.
TOP = [{"token": "Yes", "logprob": -0.2}, {"token": "No", "logprob": -1.8}, {"token": "The", "logprob": -4.0}]
P_YES = 0.8320  # exp(-0.2) / (exp(-0.2) + exp(-1.8))


class FakeServer(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def _json(self, obj: object, status: int = 200) -> None:
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/api/tags":
            self._json(
                {
                    "models": [
                        {
                            "name": "qwen2.5:7b-instruct",
                            "model": "qwen2.5:7b-instruct",
                            "modified_at": "2025-01-01T00:00:00Z",
                            "size": 1,
                            "digest": "x",
                            "details": {"format": "gguf", "family": "qwen2"},
                        }
                    ]
                }
            )
        elif self.path == "/v1/models":
            self._json(
                {
                    "object": "list",
                    "data": [{"id": "local", "object": "model", "created": 0, "owned_by": "me"}],
                }
            )
        else:
            self._json({"error": "not found"}, 404)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, **body})
        if body.get("model") == "hung":  # a model that never answers in time
            time.sleep(3)
        if self.path == "/api/chat":
            if body.get("model") not in ("qwen2.5:7b-instruct", "hung"):
                self._json({"error": f"model '{body.get('model')}' not found"}, 404)
                return
            if body.get("stream", True):
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.end_headers()
                for piece in REPLY:
                    line = {
                        "model": body["model"],
                        "created_at": "2025-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": piece},
                        "done": False,
                    }
                    self.wfile.write(json.dumps(line).encode() + b"\n")
                    self.wfile.flush()
                final = {
                    "model": body["model"],
                    "created_at": "2025-01-01T00:00:00Z",
                    "message": {"role": "assistant", "content": ""},
                    "done": True,
                    "done_reason": "stop",
                    "total_duration": 1,
                    "eval_count": 4,
                }
                self.wfile.write(json.dumps(final).encode() + b"\n")
            else:
                reply = {
                    "model": body["model"],
                    "created_at": "2025-01-01T00:00:00Z",
                    "message": {"role": "assistant", "content": "".join(REPLY)},
                    "done": True,
                    "done_reason": "stop",
                }
                if body.get("logprobs"):  # Ollama 0.12+: one entry per generated token
                    reply["message"]["content"] = "Yes"
                    reply["logprobs"] = [{**TOP[0], "top_logprobs": TOP[: body.get("top_logprobs", 0)]}]
                self._json(reply)
        elif self.path == "/v1/chat/completions":
            base = {"id": "c1", "created": 0, "model": body["model"]}
            if body.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for piece in REPLY:
                    chunk = {
                        **base,
                        "object": "chat.completion.chunk",
                        "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
            else:
                self._json(
                    {
                        **base,
                        "object": "chat.completion",
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": "".join(REPLY)},
                                "finish_reason": "stop",
                                **(
                                    {
                                        "logprobs": {
                                            "content": [
                                                {
                                                    **TOP[0],
                                                    "bytes": None,
                                                    "top_logprobs": [
                                                        {**t, "bytes": None}
                                                        for t in TOP[: body.get("top_logprobs", 0)]
                                                    ],
                                                }
                                            ]
                                        }
                                    }
                                    if body.get("logprobs")
                                    else {}
                                ),
                            }
                        ],
                    }
                )
        else:
            self._json({"error": "not found"}, 404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


MESSAGES = [{"role": "system", "content": "rules"}, {"role": "user", "content": "q"}]


def test_ollama_streamed_and_not(server):
    settings = Settings(_env_file=None, llm_backend="ollama", ollama_url=server)  # type: ignore[call-arg]
    llm = create_llm(settings)
    assert isinstance(llm, OllamaLLM)
    FakeServer.requests.clear()
    assert list(llm.stream(MESSAGES, 64, 0.0)) == REPLY  # type: ignore[arg-type]
    assert llm.complete(MESSAGES, 64, 0.0) == "".join(REPLY)  # type: ignore[arg-type]
    sent = FakeServer.requests[0]
    assert sent["path"] == "/api/chat" and sent["messages"] == MESSAGES
    assert sent["options"]["temperature"] == 0.0 and sent["options"]["num_predict"] == 64
    assert FakeServer.requests[1]["stream"] is False
    llm.health()


def test_ollama_unknown_model_and_dead_server_are_clear_errors(server):
    llm = OllamaLLM(server, "no-such-model", timeout=5)
    with pytest.raises(LLMUnavailable, match="not found"):
        list(llm.stream(MESSAGES, 8, 0.0))  # type: ignore[arg-type]
    dead = OllamaLLM("http://127.0.0.1:9", "qwen2.5:7b-instruct", timeout=2)
    with pytest.raises(LLMUnavailable, match="not answering"):
        dead.health()


def test_openai_compatible_streamed_and_not(server):
    settings = Settings(_env_file=None, llm_backend="openai", openai_base_url=f"{server}/v1")  # type: ignore[call-arg]
    llm = create_llm(settings)
    assert isinstance(llm, OpenAICompatibleLLM)
    assert list(llm.stream(MESSAGES, 64, 0.0)) == REPLY  # type: ignore[arg-type]
    llm.health()
    dead = OpenAICompatibleLLM("http://127.0.0.1:9/v1", "local", "k", timeout=2)
    with pytest.raises(LLMUnavailable):
        list(dead.stream(MESSAGES, 8, 0.0))  # type: ignore[arg-type]


def test_hung_server_times_out_with_a_clear_error(server):
    for llm in (
        OllamaLLM(server, "hung", timeout=0.5),
        OpenAICompatibleLLM(f"{server}/v1", "hung", "k", timeout=0.5),
    ):
        t0 = time.monotonic()
        with pytest.raises(LLMUnavailable):
            list(llm.stream(MESSAGES, 8, 0.0))  # type: ignore[arg-type]
        assert time.monotonic() - t0 < 2.5, "the timeout setting was not applied"


def test_the_judges_yes_probability_through_both_servers(server):
    """The checker's second opinion reads P(yes) from the servers' logprobs fields."""
    ollama = OllamaLLM(server, "qwen2.5:7b-instruct", timeout=5)
    openai = OpenAICompatibleLLM(server + "/v1", "local", "k", timeout=5)
    for llm, path in ((ollama, "/api/chat"), (openai, "/v1/chat/completions")):
        FakeServer.requests.clear()
        assert llm.judges
        assert llm.yes_probability(MESSAGES) == pytest.approx(P_YES, abs=1e-3)  # type: ignore[arg-type]
        (sent,) = [r for r in FakeServer.requests if r["path"] == path]
        assert sent["logprobs"] is True and sent["top_logprobs"] == 20
