"""The journalists' page in a real headless Chromium (Debian's), driven by Playwright.

Screenshots are saved to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from api import create_app
from rag.factory import build_pipeline
from rag.llm import ScriptedLLM
from rag.settings import Settings
from tests.conftest import CORPUS
from tests.formats import QUESTIONS, formats_corpus
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


@pytest.fixture(scope="module")
def formats_site(tmp_path_factory, embedder, llm):
    root = tmp_path_factory.mktemp("browser-formats")
    settings = Settings(_env_file=None, data_dir=root / "data", corpus_dir=formats_corpus(root))  # type: ignore[call-arg]
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(settings, pipeline=pipeline)) as url:
        yield url


@pytest.mark.parametrize(("question", "source", "fact", "where"), QUESTIONS)
def test_pdf_docx_and_html_answers_highlight_in_the_extracted_text(
    browser, formats_site, question, source, fact, where
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(formats_site)
    ask(page, question)
    answer = page.locator("#messages li.assistant").last
    assert fact in answer.inner_text()
    link = answer.locator(".sources li", has_text=source).first
    quote = link.locator("blockquote").inner_text()
    assert fact in quote
    link.locator("button.source-link").click()
    mark = page.locator("#reader-text mark")
    mark.wait_for(timeout=10_000)
    assert mark.inner_text().strip() == quote.strip()
    meta = page.locator("#reader-meta").inner_text()
    assert "download original" in meta
    if "page" in where:
        assert f"page {where['page']}" in meta and f"p. {where['page']}" in link.inner_text()
    if "published" in where:
        assert f"published {where['published']}" in meta
    with page.expect_download() as download:
        page.locator("#reader-original").click()
    assert download.value.suggested_filename == source
    shot(page, f"formats-{source}")
    context.close()


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


def test_a_revised_figure_is_shown_superseded_with_its_versions(browser, embedder, llm, tmp_path):
    corpus2 = CORPUS.parent / "eval" / "data" / "corpus2" / "articles"
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", corpus_dir=corpus2)  # type: ignore[call-arg]
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(settings, pipeline=pipeline)) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url)
        page.locator("#tab-check").click()
        page.locator("#draft").fill("The death toll from the floods in the Orsa valley rose to 14.")
        page.locator("#check-form button").click()
        page.wait_for_selector("#check-results .verdict", timeout=300_000)
        verdict = page.locator("#check-results .verdict").first
        assert "superseded" in (verdict.get_attribute("class") or "")
        assert verdict.locator(".badge").inner_text() == "Superseded"  # not shown as "Contradicted"
        assert "revised by 105_inquiry_interim_report.txt (16 April 2026)" in verdict.inner_text()
        versions = verdict.locator(".timeline li")
        assert versions.count() >= 2
        assert versions.first.locator(".when").inner_text() == "2026-03-09"
        assert versions.last.locator(".when").inner_text() == "2026-04-16"
        versions.last.locator(".source-link").click()
        assert "23" in page.locator("#reader-text mark").inner_text()
        assert "published 2026-04-16" in page.locator("#reader-meta").inner_text()
        shot(page, "05-check-superseded")
        context.close()


# --- streaming: what the page shows while the model writes -----------------------------
class SlowScript(ScriptedLLM):
    """Scripted, a word every 0.15 s: slow enough for the page to be watched mid-answer."""

    def stream(self, messages, max_tokens, temperature):  # type: ignore[no-untyped-def]
        for word in super().stream(messages, max_tokens, temperature):
            time.sleep(0.15)
            yield word


@pytest.fixture(scope="module")
def scripted(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("browser-scripted")
    settings = Settings(_env_file=None, data_dir=root / "data", corpus_dir=CORPUS)  # type: ignore[call-arg]
    llm = SlowScript(["unused"])
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    assert pipeline.ingest().ok
    with running(create_app(settings, pipeline=pipeline)) as url:
        yield url, llm


# Records, at every change of the page, the answer's text and how many sentences it shows.
WATCH = """
window.__frames = [];
new MutationObserver(() => {
  const li = document.querySelector("#messages li.assistant:last-child");
  if (!li) return;
  window.__frames.push({
    t: performance.now(),
    text: document.body.innerText,
    sentences: li.querySelectorAll(".answer-text .sentence").length,
    streaming: li.classList.contains("streaming"),
  });
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""


def watched_page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_an_invented_answer_never_appears_on_the_page(browser, scripted):
    url, llm = scripted
    invention = "Kaja Kallas called the Black Sea ceasefire a historic victory for Europe"
    llm.replies, llm.calls = [f"{invention} [1]. She said it was signed on 9 May [2]."], []
    context, page = watched_page(browser, url)
    ask(page, "What did Kaja Kallas say about the Black Sea ceasefire?")
    frames = page.evaluate("window.__frames")
    context.close()
    assert llm.calls, "the model was asked: the pre-check did not decline first"
    assert any(f["streaming"] for f in frames), "the page was watched while the answer streamed"
    assert not [f for f in frames if "historic victory" in f["text"] or "9 May" in f["text"]]
    assert "don't say" in frames[-1]["text"].lower()


TWO_SENTENCES = (
    "Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1]. Russia wants "
    "the Russian Agricultural Bank reconnected to the SWIFT international payments system [2]."
)


def test_verified_sentences_arrive_one_by_one(browser, scripted):
    url, llm = scripted
    llm.replies, llm.calls = [TWO_SENTENCES], []
    context, page = watched_page(browser, url)
    ask(page, "What did Russia demand after the Black Sea talks?")
    frames = page.evaluate("window.__frames")
    shot(page, "05-streamed-sentences")
    context.close()
    live = [f for f in frames if f["streaming"]]
    counts = [f["sentences"] for f in live]
    # One sentence on the page, verified, while the second was still being written.
    assert 1 in counts and 2 in counts and counts.index(1) < counts.index(2)
    one = next(f for f in live if f["sentences"] == 1)
    assert "sanctions relief" in one["text"] and "SWIFT international" not in one["text"]
    assert "SWIFT" in frames[-1]["text"] and not frames[-1]["streaming"]


def test_a_compound_question_shows_its_parts_and_names_the_one_not_answered(browser, scripted):
    url, llm = scripted
    llm.replies, llm.calls = [TWO_SENTENCES.split(" Russia wants")[0]], []
    context, page = watched_page(browser, url)
    ask(page, "What did Russia demand after the Black Sea talks, and what did Emmanuel Macron say about it?")
    frames = page.evaluate("window.__frames")
    context.close()
    assert len(llm.calls) == 1, "the part naming Macron, whom no article names, was never put to the model"
    final = frames[-1]["text"]
    assert "sanctions relief" in final and "Answered part by part" in final
    assert "The articles don't answer: What did Emmanuel Macron say about it?" in final
