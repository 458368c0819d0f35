"""Latency summaries shared by the benchmarks."""

from __future__ import annotations

from collections.abc import Sequence

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
