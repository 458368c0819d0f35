"""Benchmarks, JSON out: ingest, retrieval at scale, answer-time breakdown against the bare
LLM and a LlamaIndex baseline, and HTTP under load.

    python -m bench.run --quick      # under 5 minutes: 2k synthetic chunks, the 0.5B model
    python -m bench.run              # 10k and 100k synthetic chunks, the default model

Each corpus size runs in its own process, so its memory figure is its own. The
synthetic corpus for scale is made deterministically from the real articles: their
sentences, drawn with a fixed seed and regrouped into articles of twelve sentences in
paragraphs of three, so the text statistics (vocabulary, sentence length) are the
corpus's own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stats import summary
from rag.documents import read_article
from rag.embeddings import SentenceTransformerEmbedder
from rag.evidence import Evidence
from rag.factcheck import DraftChecker
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
RAW_ENCODE_SAMPLE = 2000  # chunks: enough for a stable rate, and 100k would take 20 minutes


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    fn()  # warm-up: caches, lazy loads
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return summary(times)


def synthetic_corpus(dest: Path, chunks_wanted: int, seed: int = 7) -> int:
    sentences = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        article = read_article(path)
        for block in article.blocks:
            sentences += [article.text[s:e] for s, e in sentence_spans(article.text, *block)]
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    per_doc = 12
    docs = max(1, chunks_wanted // 4)  # twelve sentences make about four 600-character chunks
    for d in range(docs):
        picked = [rng.choice(sentences) for _ in range(per_doc)]
        # Paragraphs of three sentences: combinations almost never repeat, so no cache
        # (segmentation, embedding) sees the same paragraph twice, as in a real corpus.
        body = "\n\n".join(" ".join(picked[i : i + 3]) for i in range(0, per_doc, 3))
        (dest / f"syn_{d:06d}.txt").write_text(f"Synthetic dispatch {d}\n\n{body}\n", encoding="utf-8")
    return docs


def _dir_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def bench_ingest_and_search(settings: Settings, label: str) -> dict[str, Any]:
    embedder = SentenceTransformerEmbedder()
    pipeline = build_pipeline(settings, embedder=embedder)
    embedder.embed(["warm-up"])  # model load is not ingest time
    seen = [0]

    def progress(name: str) -> None:
        seen[0] += 1
        if seen[0] % 2000 == 0:
            print(f"  {label}: {seen[0]} files read", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    report = pipeline.ingest(progress=progress)
    ingest_s = time.perf_counter() - t0
    texts = [f"{c.title}\n{c.text}" for c in pipeline.store.iter_chunks()]
    sample = random.Random(0).sample(texts, min(len(texts), RAW_ENCODE_SAMPLE))
    t0 = time.perf_counter()
    embedder.embed(sample)
    raw_rate = len(sample) / (time.perf_counter() - t0)
    r = pipeline.retriever
    t0 = time.perf_counter()
    r.refresh()
    bm25_build_s = time.perf_counter() - t0
    vec = r.embed_query(QUERIES[0])
    rules_only = DraftChecker(r, Evidence(pipeline.checker, pipeline.texts), pipeline.texts)
    if pipeline.judge is not None:
        pipeline.judge.p_yes("warm-up", "The judge's constant prompt is evaluated once.")

    def judged_check() -> None:
        if pipeline.judge is not None:
            pipeline.judge.forget()  # every repeat asks the model afresh
        pipeline.factchecker.check_text(DRAFT)

    per_query = [timed(lambda q=q: pipeline.search(q, 5), 5) for q in QUERIES]  # type: ignore[misc]
    p50s = sorted(d["p50_ms"] for d in per_query)
    out: dict[str, Any] = {
        "corpus": label,
        "documents": len(pipeline.store.documents()),
        "chunks": len(texts),
        "ingest_s": round(ingest_s, 2),
        "ingest_chunks_per_s": round(report.chunks / ingest_s, 1),
        "raw_encode_chunks_per_s": round(raw_rate, 1),
        "raw_encode_sample": len(sample),
        "ingest_vs_raw_encode": round((report.chunks / ingest_s) / raw_rate, 3),
        "bm25_build_s": round(bm25_build_s, 2),
        "hybrid": {
            **timed(lambda: [pipeline.search(q, 5) for q in QUERIES], 5),
            "per_query_p50_ms": p50s[len(p50s) // 2],
            "per_query_p95_ms": round(max(d["p95_ms"] for d in per_query), 2),
        },
        "query_embedding": timed(lambda: r.embed_query(QUERIES[1]), 20),
        "dense_only": timed(lambda: r.store.query(vec, 30), 20),
        "bm25_only": timed(lambda: r.lexical_search(QUERIES[0], 30), 20),
        "draft_check_10_sentences_rules_only": timed(lambda: rules_only.check_text(DRAFT), 3),
        "draft_check_10_sentences": timed(judged_check, 3),
        "index_on_disk_mb": _dir_mb(settings.chroma_path),
        "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    return out


def _one_scale(chunks: int, out: Path) -> None:
    """Child process: one corpus size, its own memory."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        if chunks == 0:
            corpus, label = ROOT / "corpus", "5 articles"
        else:
            corpus, label = base / "corpus", f"synthetic ~{chunks} chunks"
            synthetic_corpus(corpus, chunks)
        s = Settings(_env_file=None, data_dir=base / "data", corpus_dir=corpus)  # type: ignore[call-arg]
        out.write_text(json.dumps(bench_ingest_and_search(s, label)))


def run_scales(sizes: list[int]) -> list[dict[str, Any]]:
    runs = []
    for size in sizes:
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            cmd = [sys.executable, "-m", "bench.run", "--one-scale", str(size), "--one-scale-out", f.name]
            subprocess.run(cmd, check=True, cwd=ROOT)
            runs.append(json.loads(Path(f.name).read_text()))
        print(json.dumps(runs[-1]), flush=True)
    return runs


def run_answers(
    model: str, n_questions: int, load_levels: tuple[int, ...], per_client: int
) -> dict[str, Any]:
    from bench.answer import bench_answers, gold_questions
    from bench.load import bench_load

    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(_env_file=None, data_dir=Path(tmp), corpus_dir=ROOT / "corpus", local_model=model)  # type: ignore[call-arg]
        pipeline = build_pipeline(s)
        assert pipeline.ingest().ok
        pipeline.answerer.ask(QUERIES[0])  # load the model; not part of any figure
        answers = bench_answers(pipeline, n_questions)
        questions = [q["question"] for q in gold_questions(16)]
        load = bench_load(pipeline, questions, QUERIES[-1], load_levels, per_client)
    return {"answer": answers, "http_load": load}


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| corpus | chunks | ingest chunks/s | vs raw encode | hybrid p50 / p95 ms per query | "
        "dense p50 ms | bm25 p50 ms | query embedding p50 ms | index MB | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["scales"]:
        lines.append(
            f"| {r['corpus']} | {r['chunks']} | {r['ingest_chunks_per_s']} | {r['ingest_vs_raw_encode']} | "
            f"{r['hybrid']['per_query_p50_ms']} / {r['hybrid']['per_query_p95_ms']} | "
            f"{r['dense_only']['p50_ms']} | {r['bm25_only']['p50_ms']} | {r['query_embedding']['p50_ms']} | "
            f"{r['index_on_disk_mb']} | {r['process_peak_rss_mb']} |"
        )
    a = results.get("answer")
    if a:
        st, li = a["stages"], a["llamaindex_baseline"]
        lines += [
            "",
            f"Answers ({a['model']}, {a['questions']} gold test-split questions, {a['llm_called']} reached "
            f"the model; evidence budget {a['evidence_chars'] or 'whole hits'} characters):",
            "",
            "| | p50 ms | p95 ms |",
            "|---|---|---|",
            *(
                f"| {label} | {d['p50_ms']} | {d['p95_ms']} |"
                for label, d in [
                    ("first verified sentence shown", a["time_to_first_verified_sentence"]),
                    ("time to first token", a["time_to_first_token"]),
                    ("total", a["total"]),
                    ("retrieval", st["retrieval"]),
                    ("sentence selection", st["selection"]),
                    ("prompt evaluation (with wait for the model)", st["prompt_eval"]),
                    ("decoding", st["decode"]),
                    ("verification", st["verification"]),
                    (
                        "LLM alone, same prompt: first sentence (unchecked)",
                        a["llm_alone"]["time_to_first_sentence"],
                    ),
                    ("LLM alone, same prompt: total", a["llm_alone"]["total"]),
                    ("ours outside the LLM", a["ours_outside_llm"]),
                    ("LlamaIndex CitationQueryEngine", li["total"]),
                ]
            ),
            "",
            f"Share of answer time outside the LLM: {a['overhead_share']}. "
            f"Fact coverage ours {a['fact_coverage']}, LlamaIndex {li['fact_coverage']}; "
            f"LlamaIndex p50 latency / ours: {li['latency_ratio_baseline_over_ours']}.",
        ]
    load = results.get("http_load")
    if load:
        lines += [
            "",
            f"HTTP load ({load['model']}, POST /ask on loopback; lost requests: {load['lost_requests']}):",
            "",
            "| clients | requests | ok | answers/min | p50 ms | p95 ms | /health p50 / p95 ms | RSS MB |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for lv in load["levels"]:
            h = lv["health_under_load"]
            lines.append(
                f"| {lv['clients']} | {lv['requests']} | {lv['completed']} | {lv['throughput_per_min']} | "
                f"{lv['latency']['p50_ms']} | {lv['latency']['p95_ms']} | {h['p50_ms']} / {h['p95_ms']} | "
                f"{lv['rss_mb_after']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--quick", action="store_true", help="2k synthetic chunks and the 0.5B model (minutes)"
    )
    parser.add_argument("--sections", default="scale,answer", help="scale, answer (answers and load)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--one-scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-scale-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_scale is not None:
        _one_scale(args.one_scale, args.one_scale_out)
        return
    sections = set(args.sections.split(","))
    name = "quick" if args.quick else "full"
    previous = args.out / f"{name}.json"
    # A run of some sections keeps the other sections' figures from the last run.
    kept = json.loads(previous.read_text()) if previous.is_file() and sections != {"scale", "answer"} else {}
    results: dict[str, Any] = {"scales": [], **kept, "machine": {"cores": os.cpu_count()}, "name": name}
    t0 = time.perf_counter()
    if "scale" in sections:
        results["scales"] = run_scales([0, 2_000] if args.quick else [0, 10_000, 100_000])
    if "answer" in sections:
        if args.quick:
            results.update(run_answers("qwen2.5-coder-0.5b", 2, (1, 4, 16), 1))
        else:
            results.update(run_answers(Settings(_env_file=None).local_model, 8, (1, 4, 16), 2))  # type: ignore[call-arg]
    results["wall_s"] = round(time.perf_counter() - t0, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{name}.json").write_text(json.dumps(results, indent=2))
    (args.out / f"{name}.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
