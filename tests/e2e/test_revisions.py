"""Revised figures end to end, on the second corpus (a flood whose death toll is revised
9 -> 14 -> 19 -> 21 -> 23 over six dated articles): the "superseded" verdict over HTTP, on
the command line and on the page, and an answer that gives the latest figure, says it was
revised and cites the earlier reports. Real Chroma, embedder and llama.cpp model."""

from __future__ import annotations

import os

import httpx
import pytest

from api import create_app
from rag.factory import build_pipeline
from rag.settings import Settings
from tests.conftest import ROOT
from tests.server import running
from tests.stubs import cli_json

CORPUS2 = ROOT / "eval" / "data" / "corpus2" / "articles"
OLD_TOLL = "The death toll from the floods in the Orsa valley rose to 14."
# The same figure with its own day: a report of that Monday, which later tolls do not make wrong.
DATED_TOLL = "The death toll from the floods in the Orsa valley rose to 14 on Monday."
pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def flood(tmp_path_factory, embedder, llm):
    root = tmp_path_factory.mktemp("revisions")
    settings = Settings(_env_file=None, data_dir=root / "data", corpus_dir=CORPUS2)  # type: ignore[call-arg]
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(settings, pipeline=pipeline)) as url:
        yield url, settings


def test_documents_carry_their_dateline_publication_dates(flood):
    url, _ = flood
    docs = {d["source"]: d for d in httpx.get(f"{url}/documents").json()["documents"]}
    assert docs["100_bridge_collapse_first_report.txt"]["published"] == "2026-03-07"
    assert docs["105_inquiry_interim_report.txt"]["published"] == "2026-04-16"


def _checked_against_the_monday_report(url: str, text: str, verdict: str) -> dict:
    """The one sentence of ``text`` checked over HTTP: its verdict, found in the 9 March
    report, with the 16 April report as the later figure."""
    (s,) = httpx.post(f"{url}/check", json={"text": text}, timeout=300).json()["sentences"]
    assert s["verdict"] == verdict, s
    assert s["evidence"][0]["source"] == "101_toll_rises_warning_dispute.txt"
    assert [r["source"] for r in s["revised_by"]] == ["105_inquiry_interim_report.txt"]
    return s


def test_an_old_toll_is_superseded_over_http_and_on_the_command_line(flood):
    url, settings = flood
    s = _checked_against_the_monday_report(url, OLD_TOLL, "superseded")
    dates = [v["published"] for v in s["versions"]]
    assert dates == sorted(dates) and dates[0] == "2026-03-09" and dates[-1] == "2026-04-16"
    assert "revised by 105_inquiry_interim_report.txt (16 April 2026)" in s["summary"]
    # The same in the perfect tense, which a draft is as likely to use.
    _checked_against_the_monday_report(url, OLD_TOLL.replace(" rose ", " has risen "), "superseded")
    env = {**os.environ, "RAG_DATA_DIR": str(settings.data_dir), "RAG_CORPUS_DIR": str(CORPUS2)}
    (c,) = cli_json(env, "check", OLD_TOLL)["sentences"]
    assert (
        c["verdict"] == "superseded" and c["revised_by"] == s["revised_by"] and c["summary"] == s["summary"]
    )


def test_an_old_toll_that_names_its_day_stays_supported_with_the_later_tolls_listed(flood):
    url, _ = flood
    s = _checked_against_the_monday_report(url, DATED_TOLL, "supported")
    assert "for the time it names; later figures in 105_inquiry_interim_report.txt" in s["summary"]


def test_the_latest_toll_is_supported_and_not_superseded(flood):
    url, _ = flood
    body = httpx.post(f"{url}/check", json={"text": "The death toll was revised to 23."}, timeout=300).json()
    (s,) = body["sentences"]
    assert s["verdict"] == "supported" and s["revised_by"] == []
    assert "the latest of" in s["summary"]


def test_an_answer_gives_the_latest_toll_and_says_it_was_revised(flood):
    url, _ = flood
    body = httpx.post(
        f"{url}/ask", json={"question": "How many people died in the Orsa floods?"}, timeout=600
    ).json()
    assert not body["abstained"], body
    text = body["answer"]
    assert " 23 " in f" {text} " and ("was revised" in text or "revises earlier reports" in text)
    shown = [s for s in body["sentences"] if s["supported"]]
    assert all(s["revision"] is not None for s in shown if any(n in s["text"] for n in ("14", "19", "21")))
    by_id = {c["id"]: c for c in body["citations"]}
    latest = [by_id[i] for s in shown if s["revision"] for i in s["revision"]["current"]]
    assert latest and all(c["published"] == "2026-04-16" or c["source"].startswith("105") for c in latest)


def test_a_toll_asked_as_of_a_date_is_that_dates_figure_not_the_latest(flood):
    url, _ = flood
    body = httpx.post(
        f"{url}/ask",
        json={"question": "What was the death toll from the Orsa floods as of 10 March?"},
        timeout=600,
    ).json()
    assert body["as_of"] == "2026-03-10" and not body["abstained"], body
    text = f" {body['answer']} "
    assert " 14 " in text and not any(f" {n} " in text for n in ("19", "21", "23"))
    assert all(c["published"] <= "2026-03-10" for c in body["citations"])
