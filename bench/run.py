"""Benchmarks: ingest throughput, search latency and draft-check latency, JSON out.

    python -m bench.run [--quick] [--out bench/results]

The synthetic corpus for scale is made deterministically from the real articles: their
sentences, drawn with a fixed seed and regrouped into articles of twelve sentences in
paragraphs of three, so the text statistics (vocabulary, sentence length) are the
corpus's own.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rag.documents import read_article
from rag.embeddings import SentenceTransformerEmbedder
from rag.factory import build_pipeline
from rag.sentences import sentence_spans
from rag.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "What did Russia demand after the Black Sea talks?",
    "How many drones did Russia launch overnight?",
    "Who accused Trump of appeasing Russia?",
    "What did Klitschko say about territory?",
    "When was the first round of bilateral talks?",
    "What did Witkoff say about Putin?",
    "Where did American and European representatives meet?",
    "What conditions did Putin set for a ceasefire?",
]
DRAFT = (
    "Russia launched 46 drones overnight. Kaja Kallas accused Trump of appeasing Russia. "
    "The first round of talks took place in Saudi Arabia on 18 February 2025. "
    "Klitschko said one of the scenarios is to give up territory. Russia controls about a third of Ukraine. "
    "Putin agreed to a 30-day halt on strikes against energy infrastructure. "
    "Witkoff called the territorial disputes the elephant in the room. "
    "Macron hosted the talks in Geneva. Leshchenko called Klitschko's comments counterproductive. "
    "The US said it will deploy troops to Ukraine."
)


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    fn()  # warm-up: caches, lazy loads
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(0.95 * len(times)) - 1)], 2),
        "runs": repeat,
    }


def synthetic_corpus(dest: Path, chunks_wanted: int, seed: int = 7) -> int:
    sentences = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        article = read_article(path)
        for block in article.blocks:
            sentences += [article.text[s:e] for s, e in sentence_spans(article.text, *block)]
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    n = 0
    per_doc = 12
    docs = max(1, chunks_wanted // 4)  # twelve sentences make about four 600-character chunks
    for d in range(docs):
        picked = [rng.choice(sentences) for _ in range(per_doc)]
        # Paragraphs of three sentences: combinations almost never repeat, so no cache
        # (segmentation, embedding) sees the same paragraph twice, as in a real corpus.
        body = "\n\n".join(" ".join(picked[i : i + 3]) for i in range(0, per_doc, 3))
        (dest / f"syn_{d:06d}.txt").write_text(f"Synthetic dispatch {d}\n\n{body}\n", encoding="utf-8")
        n += 1
    return n


def bench_ingest_and_search(settings: Settings, embedder: SentenceTransformerEmbedder, label: str) -> dict:
    pipeline = build_pipeline(settings, embedder=embedder)
    embedder.embed(["warm-up"])  # model load is not ingest time
    t0 = time.perf_counter()
    report = pipeline.ingest()
    ingest_s = time.perf_counter() - t0
    chunks = list(pipeline.store.iter_chunks())
    texts = [f"{c.title}\n{c.text}" for c in chunks]
    t0 = time.perf_counter()
    embedder.embed(texts)
    encode_s = time.perf_counter() - t0
    r = pipeline.retriever
    r._refresh()
    vec = r.embed_query(QUERIES[0])
    out: dict[str, Any] = {
        "corpus": label,
        "chunks": len(chunks),
        "ingest_s": round(ingest_s, 2),
        "ingest_chunks_per_s": round(report.chunks / ingest_s, 1),
        "raw_encode_chunks_per_s": round(len(texts) / encode_s, 1),
        "ingest_vs_raw_encode": round((report.chunks / ingest_s) / (len(texts) / encode_s), 3),
        "hybrid": timed(lambda: [pipeline.search(q, 5) for q in QUERIES], 5),
        "dense_only": timed(lambda: r.store.query(vec, 30), 20),
        "bm25_only": timed(lambda: r._lexical.search(QUERIES[0], 30), 20),
        "draft_check_10_sentences": timed(lambda: pipeline.factchecker.check_text(DRAFT), 3),
    }
    out["hybrid"]["per_query_p50_ms"] = round(out["hybrid"]["p50_ms"] / len(QUERIES), 2)
    out["draft_check_10_sentences"]["per_sentence_p50_ms"] = round(
        out["draft_check_10_sentences"]["p50_ms"] / 10, 1
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5 articles and 2k synthetic chunks (minutes)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    sizes = [2_000] if args.quick else [10_000, 100_000]
    embedder = SentenceTransformerEmbedder()
    results: dict[str, Any] = {"machine": {"cores": __import__("os").cpu_count()}, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        s = Settings(_env_file=None, data_dir=base / "real", corpus_dir=ROOT / "corpus")  # type: ignore[call-arg]
        results["runs"].append(bench_ingest_and_search(s, embedder, "5 articles"))
        print(json.dumps(results["runs"][-1]), flush=True)
        for size in sizes:
            corpus = base / f"syn{size}"
            synthetic_corpus(corpus, size)
            s = Settings(_env_file=None, data_dir=base / f"data{size}", corpus_dir=corpus)  # type: ignore[call-arg]
            results["runs"].append(bench_ingest_and_search(s, embedder, f"synthetic ~{size} chunks"))
            print(json.dumps(results["runs"][-1]), flush=True)
            shutil.rmtree(corpus)
    args.out.mkdir(parents=True, exist_ok=True)
    name = "quick" if args.quick else "full"
    (args.out / f"{name}.json").write_text(json.dumps(results, indent=2))
    lines = [
        "| corpus | chunks | ingest chunks/s | vs raw encode | hybrid p50 ms/query | dense p50 ms | "
        "bm25 p50 ms | 10-sentence check p50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results["runs"]:
        lines.append(
            f"| {r['corpus']} | {r['chunks']} | {r['ingest_chunks_per_s']} | {r['ingest_vs_raw_encode']} | "
            f"{r['hybrid']['per_query_p50_ms']} | {r['dense_only']['p50_ms']} | {r['bm25_only']['p50_ms']} | "
            f"{r['draft_check_10_sentences']['p50_ms']} |"
        )
    (args.out / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
