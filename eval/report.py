"""Writing eval reports: JSON, Markdown."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

KEY_ORDER = [
    "hit_at_1",
    "hit_at_5",
    "mrr",
    "span_recall",
    "fact_coverage",
    "grounded_fact_coverage",
    "source_cited",
    "abstention_rate",
    "false_abstention_rate",
    "citation_recall",
    "citation_precision",
    "quote_exactness",
    "latency_p50_s",
    "latency_p95_s",
    "first_sentence_p50_s",
    "first_sentence_p95_s",
    "errors",
]


def fmt(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def markdown(report: dict[str, Any]) -> str:
    runs = report["runs"]
    names = list(runs)
    lines = [
        f"# Evaluation: {report['meta']['questions']} questions",
        "",
        "| metric | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for key in KEY_ORDER:
        if any(key in runs[n]["summary"] for n in names):
            lines.append(f"| {key} | " + " | ".join(fmt(runs[n]["summary"].get(key)) for n in names) + " |")
    lines += ["", "Settings: " + ", ".join(f"{k}={v}" for k, v in report["meta"].items()), ""]
    claims = report.get("claims")
    if claims:
        lines += [
            f"## Support checker on {claims['count']} labelled claims",
            "",
            f"Balanced accuracy: {claims['balanced_accuracy']:.3f}",
            "",
            "| kind | accuracy |",
            "|---|---|",
        ]
        lines += [f"| {k} | {v:.3f} |" for k, v in claims["per_kind"].items()]
        lines += (
            ["", "Errors:"]
            + [f"- {e['id']} ({e['kind']}, judged {e['verdict']}): {e['claim']}" for e in claims["errors"]]
            + [""]
        )
    lines += _misses(runs)
    for name in names:
        lines += [f"## {name}: per question", "", "| id | abstained | facts | answer |", "|---|---|---|---|"]
        for r in runs[name]["records"]:
            answer = r["answer"].replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {r['id']} | {r['abstained']} | {fmt(r['fact_coverage'])} | {answer} |")
        lines.append("")
    return "\n".join(lines)


def _misses(runs: dict[str, Any]) -> list[str]:
    """Answerable questions that lost facts, by cause, per target."""
    from eval.runner import MISS_CAUSES

    names = list(runs)
    counts = {
        n: Counter(r.get("miss_cause") for r in runs[n]["records"] if r.get("miss_cause")) for n in names
    }
    if not any(counts.values()):
        return []
    lines = ["## Misses by cause (answerable questions short of all facts)", ""]
    lines += ["| cause | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines += [
        f"| {cause} | " + " | ".join(str(counts[n][cause]) for n in names) + " |"
        for cause in MISS_CAUSES
        if any(counts[n][cause] for n in names)
    ]
    return [*lines, ""]


def write(report: dict[str, Any], out: Path) -> None:
    """JSON, Markdown and HTML; a report already in ``out`` becomes the HTML's "previous run"."""
    out.mkdir(parents=True, exist_ok=True)
    previous = None
    old = out / "report.json"
    if old.is_file():
        try:
            previous = json.loads(old.read_text())["runs"]["rag"]["summary"]
        except (KeyError, ValueError):
            previous = None
    old.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    (out / "report.md").write_text(markdown(report))
    (out / "report.html").write_text(html_page(report, previous))


RATE_KEYS = [k for k in KEY_ORDER if not k.endswith("_s")]
LOWER_IS_BETTER = {
    "false_abstention_rate",
    "latency_p50_s",
    "latency_p95_s",
    "first_sentence_p50_s",
    "first_sentence_p95_s",
    "errors",
}


def _esc(text: Any) -> str:
    import html

    return html.escape(str(text))


def _bar(value: float | None, scale: float, colour: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return '<span class="na">n/a</span>'
    width = 0 if scale <= 0 else max(0.0, min(1.0, value / scale)) * 100
    return f'<div class="bar"><span style="width:{width:.1f}%;background:{colour}"></span><b>{value:.3f}</b></div>'


def html_page(report: dict[str, Any], previous: dict[str, Any] | None = None) -> str:
    """One self-contained page: metric bars (this run, each system, the previous run) and per-question rows."""
    runs = report["runs"]
    colours = ["#0b57d0", "#b3261e", "#137333", "#8a5a00"]
    series = [(name, runs[name]["summary"], colours[i % 4]) for i, name in enumerate(runs)]
    if previous:
        series.append(("previous run", previous, "#9aa0a6"))
    rows = []
    for key in KEY_ORDER:
        values = [s.get(key) for _, s, _ in series]
        finite = [v for v in values if isinstance(v, (int, float)) and not math.isnan(v)]
        scale = 1.0 if key in RATE_KEYS else (max(finite) if finite else 1.0)
        cells = "".join(f"<td>{_bar(s.get(key), scale, c)}</td>" for _, s, c in series)
        better = "lower is better" if key in LOWER_IS_BETTER else "higher is better"
        rows.append(f"<tr><th>{_esc(key)}<small>{better}</small></th>{cells}</tr>")
    head = "".join(f"<th>{_esc(n)}</th>" for n, _, _ in series)
    questions = []
    for name in runs:
        for r in runs[name]["records"]:
            cites = "".join(
                f"<li>[{c['id']}] {_esc(c['source'])} {c['start']}–{c['end']}: “{_esc(c['quote'])}”</li>"
                for c in r["citations"]
            )
            verdicts = " ".join("✔" if ok else "✘" for ok in r["sentence_supported"]) or "–"
            cls = "abst" if r["abstained"] else ""
            questions.append(
                f"<tr class='{cls}'><td>{_esc(name)}</td><td>{_esc(r['id'])}</td><td>{_esc(r['question'])}</td>"
                f"<td>{_esc(r['answer'])}<ul>{cites}</ul></td><td>{verdicts}</td>"
                f"<td>{fmt(r['fact_coverage'])}</td><td>{r['total_s']:.1f}s</td></tr>"
            )
    claims = report.get("claims")
    claims_html = ""
    if claims:
        kinds = "".join(
            f"<tr><th>{_esc(k)}</th><td>{_bar(v, 1.0, '#137333')}</td></tr>"
            for k, v in claims["per_kind"].items()
        )
        claims_html = (
            f"<h2>Support checker as a classifier ({claims['count']} labelled claims)</h2>"
            f"<p>Balanced accuracy: <b>{claims['balanced_accuracy']:.3f}</b></p><table>{kinds}</table>"
        )
    meta = ", ".join(f"{_esc(k)}={_esc(v)}" for k, v in report["meta"].items())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Evaluation</title>
<style>body{{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2126}}table{{border-collapse:collapse;margin:1rem 0}}
th,td{{border-bottom:1px solid #e3e5e8;padding:.35rem .6rem;text-align:left;vertical-align:top}}th small{{display:block;color:#777;font-weight:400}}
.bar{{position:relative;width:220px;height:1.3rem;background:#f1f3f4}}.bar span{{position:absolute;left:0;top:0;bottom:0}}
.bar b{{position:relative;padding-left:.3rem;font-weight:600}}tr.abst{{background:#fff8e1}}ul{{margin:.3rem 0;padding-left:1.1rem;font-size:.85rem;color:#555}}</style>
</head><body><h1>Evaluation: {report["meta"]["questions"]} questions</h1><p>{meta}</p>
<h2>Metrics</h2><table><tr><th>metric</th>{head}</tr>{"".join(rows)}</table>{claims_html}
<h2>Per question</h2><table><tr><th>system</th><th>id</th><th>question</th><th>answer and citations</th>
<th>sentences supported</th><th>facts</th><th>time</th></tr>{"".join(questions)}</table></body></html>"""


def compare(a: dict[str, Any], b: dict[str, Any], system: str = "rag") -> str:
    """Per-metric deltas from report A to report B, and the questions whose outcome changed."""
    sa, sb = a["runs"][system]["summary"], b["runs"][system]["summary"]
    lines = ["| metric | A | B | delta |", "|---|---|---|---|"]
    for key in KEY_ORDER:
        if key in sa and key in sb:
            delta = sb[key] - sa[key]
            lines.append(f"| {key} | {fmt(sa[key])} | {fmt(sb[key])} | {delta:+.3f} |")
    ra = {r["id"]: r for r in a["runs"][system]["records"]}
    changed = []
    for r in b["runs"][system]["records"]:
        old = ra.get(r["id"])
        if old is None:
            continue
        before, after = _outcome(old), _outcome(r)
        if before != after:
            changed.append(f"- {r['id']}: {before} -> {after} ({r['question']})")
    return "\n".join(
        [*lines, "", "Changed outcomes:" if changed else "No question changed outcome.", *changed]
    )


def _outcome(r: dict[str, Any]) -> str:
    if not r["answerable"]:
        return "abstained" if r["abstained"] else "answered (should abstain)"
    if r["abstained"]:
        return "abstained (should answer)"
    return f"facts {fmt(r['fact_coverage'])}"
