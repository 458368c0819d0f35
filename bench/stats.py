"""Latency summaries shared by the benchmarks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from eval.metrics import percentile


def summary(values_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95 and max in milliseconds, and the count."""
    if not values_ms:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0, "n": 0}
    return {
        "p50_ms": round(percentile(values_ms, 50), 2),
        "p95_ms": round(percentile(values_ms, 95), 2),
        "max_ms": round(max(values_ms), 2),
        "n": len(values_ms),
    }


def run_together(workers: Sequence[Callable[[], None]]) -> float:
    """Start every worker in its own thread, wait for all; the wall time in seconds."""
    threads = [threading.Thread(target=w, daemon=True) for w in workers]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def rss_mb() -> float:
    """This process's resident memory, in MiB."""
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20, 1)
