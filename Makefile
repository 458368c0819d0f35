# One task runner for developers and CI.
VENV := .venv
BIN := $(VENV)/bin
export RAG_DATA_DIR ?= data

.PHONY: setup run ingest test test-fast lint eval results bench bench-quick clean

setup:  ## create .venv, install pinned deps, provision the embedder and the default GGUF
	@bash scripts/setup.sh

run: setup  ## ingest corpus/ (only what changed; all of it into an empty index), then serve on :8000
	@$(BIN)/rag ingest
	@$(BIN)/rag serve

ingest: setup
	@$(BIN)/rag ingest --prune

test: setup  ## every test: unit, integration (real Chroma, embedder, llama.cpp), doctests
	@$(BIN)/pytest

test-fast: setup  ## unit tests and doctests only
	@$(BIN)/pytest tests/unit rag eval api cli

eval: setup  ## the full seed evaluation, LlamaIndex's CitationQueryEngine and LlamaIndex with our engine beside it (eval/runs/latest); then revised figures (eval/REVISIONS.md)
	@$(BIN)/rag ingest
	@$(BIN)/rag eval --baseline --llamaindex-verified --out eval/runs/latest
	@$(BIN)/rag eval revisions --split test

results: setup  ## answers on every corpus's test split (8 corpora, 100 questions; about 70 min), each ingested afresh, into eval/RESULTS.md
	@$(BIN)/python scripts/results.py

bench-quick: setup  ## under 5 min: ingest/search at 2k chunks, answer breakdown, LlamaIndex, HTTP load (0.5B)
	@$(BIN)/python -m bench.run --quick

bench: setup  ## the same at 10k and 100k chunks with the default model (about 45 min)
	@$(BIN)/python -m bench.run

lint: setup
	@$(BIN)/ruff check rag api eval cli tests scripts bench
	@$(BIN)/ruff format --check rag api eval cli tests scripts bench
	@$(BIN)/mypy

clean:
	rm -rf data data-corpus2 data-corpus3 .pytest_cache .mypy_cache .ruff_cache
