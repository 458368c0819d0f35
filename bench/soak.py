"""A bounded mixed load against a real server on loopback: asks, uploads, deletes, reads
and bad input at once, for a fixed time. Then the books are checked: every upload that
got a 2xx is listed, searchable and in the corpus folder exactly once; every delete is
gone; nothing was written outside the corpus and data folders; no 5xx was returned.

    python -m bench.soak --seconds 180 [--model qwen2.5-coder-0.5b]

Writes bench/results/soak.json. ``tests/e2e/test_soak.py`` runs it for a shorter time.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api import create_app
from bench.run import ROOT, synthetic_corpus
from bench.stats import rss_mb, run_together
from eval.runner import load_questions
from rag.factory import Pipeline, build_pipeline
from rag.settings import Settings
from tests.server import running

# Each bad input and the status it must get. Names are checked before content.
BAD_UPLOADS: list[tuple[str, bytes, int]] = [
    ("../escape.txt", b"Headline\n\nA sentence that must never land outside the corpus.", 422),
    ("/etc/passwd.txt", b"Headline\n\nAn absolute path for a name.", 422),
    ("notes.pdf", b"%PDF-1.4 not an article", 422),  # a PDF is read, and this one cannot be
    ("notes.rtf", b"{\\rtf1 not a format we read}", 415),
    ("empty.txt", b"", 422),
    ("latin1.txt", "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00e0 la carte.".encode("latin-1") * 3, 422),
    ("huge.txt", b"word " * 4_000_001, 413),  # just over the 20 MB limit
]


@dataclass
class Books:
    """What the clients did and saw; checked against the server's state at the end."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    uploaded: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    bad_inputs: int = 0
    server_errors: int = 0
    rss_mb: list[tuple[float, float]] = field(default_factory=list)

    def saw(self, route: str, r: httpx.Response, expect: tuple[int, ...]) -> bool:
        with self.lock:
            self.statuses[f"{route} {r.status_code}"] += 1
            self.server_errors += r.status_code >= 500
            if r.status_code not in expect:
                self.errors.append(f"{route}: {r.status_code} (expected {expect}): {r.text[:200]}")
                return False
            return True


def _loop(stop_at: float, books: Books, step: Callable[[], None]) -> None:
    while time.monotonic() < stop_at:
        try:
            step()
        except Exception as exc:  # a transport error or a broken worker: either way, on the books
            with books.lock:
                books.errors.append(f"{step.__name__}: {type(exc).__name__}: {exc}")
            if not isinstance(exc, httpx.HTTPError):
                return  # a worker that cannot work would only repeat its error


def soak(pipeline: Pipeline, seconds: float, seed: int = 3) -> dict[str, Any]:
    settings = pipeline.settings
    root = settings.corpus_dir.parent
    books = Books()
    rng = random.Random(seed)
    questions = [q["question"] for q in load_questions() if not q.get("history")]
    articles_dir = Path(tempfile.mkdtemp())
    synthetic_corpus(articles_dir, 4 * 400, seed=seed)  # fresh articles to upload
    fresh = sorted(articles_dir.iterdir())
    original = set(pipeline.store.documents())
    twin = sorted(settings.corpus_dir.iterdir())[0].read_bytes()
    bad_uploads = [*BAD_UPLOADS, ("same_content.txt", twin, 409)]  # a copy under a new name
    stop_at = time.monotonic() + seconds

    with running(create_app(settings, pipeline=pipeline)) as url:
        http = httpx.Client(base_url=url, timeout=max(600.0, seconds))

        def ask() -> None:
            q = rng.choice(questions)
            if rng.random() < 0.5:
                r = http.post("/ask", json={"question": q})
                if books.saw("POST /ask", r, (200,)) and not r.json().get("answer"):
                    books.errors.append(f"/ask gave an empty answer for {q!r}")
            else:
                with http.stream("POST", "/ask/stream", json={"question": q}) as s:
                    body = s.read().decode()
                    books.saw("POST /ask/stream", s, (200,))
                    if "event: done" not in body:
                        books.errors.append(f"/ask/stream ended without 'done' for {q!r}: {body[-200:]}")

        def write() -> None:
            with books.lock:
                mine = sorted(books.uploaded - books.deleted)
            if mine and rng.random() < 0.25:
                name = rng.choice(mine)
                if books.saw("DELETE /documents", http.delete(f"/documents/{name}"), (204,)):
                    with books.lock:
                        books.deleted.add(name)
            elif rng.random() < 0.2:
                name, data, status = rng.choice(bad_uploads)
                r = http.post("/documents", files={"file": (name, data)})
                books.saw("POST /documents (bad)", r, (status,))
                books.bad_inputs += 1
            elif fresh:
                path = fresh.pop()
                name = f"soak_{path.name}"
                r = http.post("/documents", files={"file": (name, path.read_bytes())})
                if books.saw("POST /documents", r, (201,)):
                    with books.lock:
                        books.uploaded.add(name)
            time.sleep(0.2)

        def read() -> None:
            kind = rng.random()
            if kind < 0.3:
                r = http.get("/documents")
                books.saw("GET /documents", r, (200,))
            elif kind < 0.5:
                name = rng.choice(sorted(original))
                books.saw("GET /documents/{source}", http.get(f"/documents/{name}"), (200,))
            elif kind < 0.7:
                r = http.post("/search", json={"question": rng.choice(questions), "k": 5})
                books.saw("POST /search", r, (200,))
            elif kind < 0.8:
                books.saw("GET /health", http.get("/health"), (200,))
            elif kind < 0.9:
                r = http.post("/check", json={"text": "Russia launched 46 drones overnight."})
                books.saw("POST /check", r, (200,))
            else:
                r = http.post("/ask", content=b"{not json", headers={"content-type": "application/json"})
                books.saw("POST /ask (bad)", r, (400,))
                r = http.post("/ask", json={"question": "   "})
                books.saw("POST /ask (bad)", r, (422,))
                books.bad_inputs += 2
            time.sleep(0.05)

        def memory() -> None:
            books.rss_mb.append((round(seconds - (stop_at - time.monotonic()), 1), rss_mb()))
            time.sleep(2.0)

        steps = (ask, ask, write, read, read, memory)
        wall = run_together([functools.partial(_loop, stop_at, books, step) for step in steps])

        # The books: the server's own view, after the dust settles.
        listed = [d["source"] for d in http.get("/documents").json()["documents"]]
        http.close()
    shutil.rmtree(articles_dir, ignore_errors=True)

    expected = original | (books.uploaded - books.deleted)
    stored = Counter(c.source for c in pipeline.store.iter_chunks())
    records = pipeline.store.documents()
    problems = list(books.errors)
    missing, unexpected = expected - set(listed), set(listed) - expected
    doubled = len(listed) - len(set(listed))
    if missing or unexpected:
        problems.append(
            f"listed documents differ: missing {sorted(missing)[:5]}, unexpected {sorted(unexpected)[:5]}"
        )
    if doubled:
        problems.append(f"{doubled} documents are listed twice")
    for source, record in records.items():
        if stored[source] != record.chunks:
            problems.append(f"{source}: {stored[source]} chunks stored, {record.chunks} committed")
    on_disk = {p.name for p in settings.corpus_dir.iterdir() if not p.name.startswith(".")}
    if on_disk != expected:
        problems.append(f"corpus folder differs from the index: {sorted(on_disk ^ expected)[:5]}")
    outside = sorted(p.name for p in root.iterdir() if p.name not in {"corpus", "data"})
    if outside:
        problems.append(f"files written outside corpus/ and data/: {outside}")

    rss = [m for _, m in books.rss_mb]
    half = len(rss) // 2
    return {
        "seconds": round(wall, 1),
        "model": pipeline.llm.name,
        "requests": sum(books.statuses.values()),
        "by_route_and_status": dict(sorted(books.statuses.items())),
        "bad_inputs_sent": books.bad_inputs,
        "uploaded": len(books.uploaded),
        "deleted": len(books.deleted),
        "documents_at_end": len(listed),
        "lost_or_duplicated_documents": len(missing) + len(unexpected) + doubled,
        "server_errors_5xx": sum(
            n for k, n in books.statuses.items() if k.rsplit(" ", 1)[-1].startswith("5")
        ),
        "problems": problems,
        "rss_mb": {
            "first": rss[0] if rss else None,
            "max": max(rss) if rss else None,
            "last": rss[-1] if rss else None,
            "mean_first_half": round(sum(rss[:half]) / half, 1) if half else None,
            "mean_second_half": round(sum(rss[half:]) / (len(rss) - half), 1) if half else None,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--model", default=None, help="local model (default: the configured one)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "soak.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        extra = {"local_model": args.model} if args.model else {}
        settings = Settings(_env_file=None, data_dir=Path(tmp) / "data", corpus_dir=corpus, **extra)  # type: ignore[call-arg]
        pipeline = build_pipeline(settings)
        assert pipeline.ingest().ok
        result = soak(pipeline, args.seconds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
