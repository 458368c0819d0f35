"""A shortened soak (bench/soak.py): mixed asks, uploads, deletes, reads and bad input at
once through a real server and the real model; afterwards nothing is lost or doubled."""

from __future__ import annotations

import shutil

import pytest

from bench.soak import soak
from rag.factory import build_pipeline
from rag.settings import Settings
from tests.conftest import CORPUS


@pytest.mark.llm
def test_mixed_load_loses_nothing(tmp_path, embedder, llm):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")  # type: ignore[call-arg]
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok

    result = soak(pipeline, seconds=40)

    assert result["problems"] == []
    assert result["server_errors_5xx"] == 0
    assert result["uploaded"] >= 5 and result["bad_inputs_sent"] >= 3
    by_route = result["by_route_and_status"]
    assert by_route.get("POST /ask 200", 0) + by_route.get("POST /ask/stream 200", 0) >= 2
    assert result["documents_at_end"] == 5 + result["uploaded"] - result["deleted"]
