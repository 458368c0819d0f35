"""HTTP under load: N concurrent clients asking through a real uvicorn on loopback.

Bounded in count (``requests_per_client`` each) and time (``deadline_s`` per level).
While the clients ask, a prober calls ``/health`` every half second: it must stay
fast, because the model works in worker threads and the event loop stays free.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

import httpx

from api import create_app
from bench.stats import rss_mb, run_together, summary
from rag.factory import Pipeline
from tests.server import running


def _level(url: str, clients: int, questions: list[str], deadline_s: float) -> dict[str, Any]:
    work: queue.Queue[str] = queue.Queue()
    for q in questions:
        work.put(q)
    latencies: list[float] = []
    failures: list[str] = []
    health: list[float] = []
    health_failures: list[str] = []
    done = threading.Event()
    stop_at = time.monotonic() + deadline_s

    def client() -> None:
        with httpx.Client(timeout=deadline_s) as http:
            while time.monotonic() < stop_at:
                try:
                    q = work.get_nowait()
                except queue.Empty:
                    return
                t0 = time.perf_counter()
                try:
                    r = http.post(f"{url}/ask", json={"question": q})
                    body = r.json()
                    if r.status_code != 200 or not body.get("answer"):
                        failures.append(f"{r.status_code}: {str(body)[:200]}")
                        continue
                    latencies.append((time.perf_counter() - t0) * 1000)
                except httpx.HTTPError as exc:
                    failures.append(f"{type(exc).__name__}: {exc}")

    def prober() -> None:
        with httpx.Client(timeout=30) as http:
            while not done.wait(0.5):
                t0 = time.perf_counter()
                try:
                    r = http.get(f"{url}/health")
                    health.append((time.perf_counter() - t0) * 1000)
                    if r.status_code != 200:
                        health_failures.append(str(r.status_code))
                except httpx.HTTPError as exc:
                    health_failures.append(type(exc).__name__)

    probe = threading.Thread(target=prober, daemon=True)
    probe.start()
    wall = run_together([client] * clients)
    done.set()
    probe.join()
    unsent = work.qsize()
    return {
        "clients": clients,
        "requests": len(questions),
        "completed": len(latencies),
        "failed": len(failures),
        "not_sent_before_deadline": unsent,
        "failures": failures[:5],
        "wall_s": round(wall, 1),
        "throughput_per_min": round(len(latencies) / wall * 60, 2),
        "latency": summary(latencies),
        "health_under_load": {**summary(health), "failed": len(health_failures)},
        "rss_mb_after": rss_mb(),
    }


def bench_load(
    pipeline: Pipeline,
    questions: list[str],
    warm_up: str,
    levels: tuple[int, ...] = (1, 4, 16),
    requests_per_client: int = 1,
    deadline_s: float = 1800.0,
    progress: bool = True,
) -> dict[str, Any]:
    app = create_app(pipeline.settings, pipeline=pipeline)
    out: dict[str, Any] = {"model": pipeline.llm.name, "rss_mb_before": rss_mb(), "levels": []}
    with running(app) as url:
        # Not one of the measured questions: llama.cpp would reuse its evaluated prompt.
        httpx.post(f"{url}/ask", json={"question": warm_up}, timeout=600)
        offset = 0
        for clients in levels:
            n = max(2, clients * requests_per_client)
            asked = [questions[(offset + i) % len(questions)] for i in range(n)]
            offset += n
            result = _level(url, clients, asked, deadline_s)
            out["levels"].append(result)
            if progress:
                print(
                    f"  load {clients} clients: {result['completed']}/{n} ok, "
                    f"p50 {result['latency']['p50_ms']:.0f} ms, "
                    f"/health p95 {result['health_under_load']['p95_ms']:.0f} ms",
                    flush=True,
                )
    out["lost_requests"] = sum(lv["failed"] + lv["not_sent_before_deadline"] for lv in out["levels"])
    return out
