"""Schemathesis against the live server's OpenAPI: no 5xx, and no response that breaks its own
schema, on every route. The model is scripted here (this fuzzes the HTTP layer, thousands of
requests); answering through the real model is covered in test_api.py."""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api import create_app
from rag.factory import build_pipeline
from rag.llm import ScriptedLLM
from rag.settings import Settings
from tests.conftest import CORPUS
from tests.e2e.conftest import running


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("fuzz")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    s = Settings(_env_file=None, data_dir=root / "data", corpus_dir=corpus, max_upload_bytes=20_000)  # type: ignore[call-arg]
    llm = ScriptedLLM(["Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1]."])
    pipeline = build_pipeline(s, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(s, pipeline=pipeline)) as url:
        yield schemathesis.openapi.from_url(f"{url}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case):
    case.call_and_validate()
