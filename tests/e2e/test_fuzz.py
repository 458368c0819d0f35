"""Schemathesis against the live server's OpenAPI: no 5xx, and no response that breaks its own
schema, on every route. The model is scripted here (this fuzzes the HTTP layer with many
requests); answering through the real model is covered in test_api.py. Schemathesis's pytest
plugin does not load under pytest 9, so its Python API drives Hypothesis directly."""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from api import create_app
from rag.factory import build_pipeline
from rag.llm import ScriptedLLM
from rag.settings import Settings
from tests.conftest import CORPUS
from tests.server import running

# With a key configured, as deployed: schemathesis also checks that a missing or wrong key is refused.
KEY = "fuzz-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("fuzz")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    s = Settings(
        _env_file=None, data_dir=root / "data", corpus_dir=corpus, max_upload_bytes=20_000, api_keys=[KEY]
    )  # type: ignore[call-arg]
    llm = ScriptedLLM(["Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1]."])
    pipeline = build_pipeline(s, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(s, pipeline=pipeline)) as url:
        yield schemathesis.openapi.from_url(f"{url}/openapi.json")


def test_every_operation_conforms(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    calls = {"n": 0}
    for operation in operations:
        # derandomize: the same cases on every run, so a failure is a defect and not a draw of luck.
        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        def check(case):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            # Rules beyond JSON Schema (the last chat message is the user's, a question is not
            # only spaces, a named source exists) answer 4xx to schema-valid data by design.
            case.call_and_validate(headers=AUTH, excluded_checks=[positive_data_acceptance])

        check()
    assert calls["n"] >= 12 * 5


QUESTION = "What did Russia demand after the Black Sea talks?"
STREAMED = [
    ("/ask/stream", {"question": QUESTION}),
    ("/chat", {"messages": [{"role": "user", "content": QUESTION}], "stream": True}),
    (
        "/chat",
        {
            "messages": [
                {"role": "user", "content": QUESTION},
                {"role": "assistant", "content": "Sanctions relief [1]."},
                {"role": "user", "content": "And what did Ukraine say?"},
            ],
            "stream": True,
        },
    ),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": QUESTION}], "stream": True}),
    (
        "/v1/chat/completions",
        {"messages": [{"role": "user", "content": "Who won Eurovision?"}], "stream": True},
    ),
]


@pytest.mark.parametrize(("path", "body"), STREAMED, ids=[f"{p}-{i}" for i, (p, _) in enumerate(STREAMED)])
def test_streamed_responses_conform_event_by_event(api_schema, path, body):
    """Every event of a stream is checked against the documented per-event schema."""
    case = api_schema[path]["POST"].Case(body=body, media_type="application/json")
    response = case.call_and_validate(headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"][0].startswith("text/event-stream")
    assert response.text.count("data:") >= 3


@pytest.mark.parametrize(
    ("path", "body", "old", "new"),
    [
        ("/ask/stream", {"question": QUESTION}, b"event: status", b"event: token"),  # unknown event
        ("/ask/stream", {"question": QUESTION}, b'{"stage": ', b'{"stag": '),  # payload breaks its model
        ("/v1/chat/completions", STREAMED[3][1], b'"delta": {', b'"delta": 1, "x": {'),
    ],
    ids=["event-name", "event-payload", "openai-chunk"],
)
def test_a_stream_that_breaks_its_schema_is_caught(api_schema, path, body, old, new):
    """The per-event check has teeth: a stream that strays from its documented events fails."""
    from schemathesis.core.failures import FailureGroup

    case = api_schema[path]["POST"].Case(body=body, media_type="application/json")
    response = case.call(headers=AUTH)
    assert old in response.content
    response.content = response.content.replace(old, new)
    with pytest.raises((AssertionError, FailureGroup)):
        case.validate_response(response)
