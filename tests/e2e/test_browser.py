"""The journalists' page in a real headless Chromium (Debian's), driven by Playwright.

Screenshots are saved to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api import create_app
from rag.factory import build_pipeline
from rag.settings import Settings
from tests.conftest import CORPUS
from tests.server import running

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = CORPUS.parent / "test-artifacts"
pytestmark = [
    pytest.mark.llm,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, embedder, llm):
    root = tmp_path_factory.mktemp("browser")
    settings = Settings(_env_file=None, data_dir=root / "data", corpus_dir=CORPUS)  # type: ignore[call-arg]
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(settings, pipeline=pipeline)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site)
    yield page
    context.close()


def ask(page, question: str) -> None:
    box = page.locator('[name="question"]')
    box.fill(question)
    box.press("Enter")
    page.wait_for_selector("#messages li.assistant:last-child:not(.streaming)", timeout=300_000)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_ask_click_citation_highlights_passage(page):
    ask(page, "What did Russia demand after the Black Sea talks?")
    answer = page.locator("#messages li.assistant").last
    assert "sanction" in answer.inner_text().lower()
    cite = answer.locator("[data-citation]").first
    n = cite.get_attribute("data-citation")
    assert n == "1"
    cite.click()
    mark = page.locator("#reader-text mark")
    mark.wait_for(timeout=10_000)
    quote = answer.locator(".sources blockquote").first.inner_text()
    assert mark.inner_text().strip() == quote.strip()
    assert "sanctions relief" in mark.inner_text()
    shot(page, "01-answer-with-citation")


def test_follow_up_uses_history_and_survives_reload(page):
    page.locator("#new-chat").click()
    ask(page, "Who is Vitali Klitschko?")
    ask(page, "What did he say about giving up territory?")
    last = page.locator("#messages li.assistant").last
    assert "give up territory" in last.inner_text().lower()
    assert "answered as" in last.inner_text().lower()
    page.reload()
    assert page.locator("#messages li.assistant").count() == 2
    shot(page, "02-follow-up")


def test_unanswerable_question_shows_abstention(page):
    page.locator("#new-chat").click()
    ask(page, "Who won the 2024 Eurovision Song Contest?")
    last = page.locator("#messages li.assistant").last
    assert "abstained" in (last.get_attribute("class") or "")
    assert "don't say" in last.inner_text().lower()
    shot(page, "03-abstention")


def test_check_a_draft_and_phone_width(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site)
    page.locator("#tab-check").click()
    page.locator("#draft").fill(
        "Russia launched 46 drones overnight. Kaja Kallas accused Trump of appeasing Russia."
    )
    page.locator("#check-form button").click()
    page.wait_for_selector("#check-results .verdict", timeout=60_000)
    verdicts = page.locator("#check-results .verdict")
    assert "contradicted" in (verdicts.nth(0).get_attribute("class") or "")
    assert "supported" in (verdicts.nth(1).get_attribute("class") or "")
    verdicts.nth(0).locator(".source-link").first.click()
    assert "137" in page.locator("#reader-text mark").inner_text()
    shot(page, "04-check-draft-phone")
    context.close()
