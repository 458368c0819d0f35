"""Asking or searching an index that holds no articles is an error that says so, not
"The articles don't say." (untrue of the articles; the index is the cause)."""

from __future__ import annotations

import os

import pytest

from tests.stubs import rag_cli


@pytest.mark.parametrize("command", [["ask", "Who won the vote?"], ["search", "the vote"]])
def test_an_empty_index_is_an_error_naming_the_fix(command, tmp_path):
    result = rag_cli({**os.environ, "RAG_DATA_DIR": str(tmp_path / "empty")}, *command)
    assert result.exit_code == 2, result.output
    assert "holds no articles" in result.output and "rag ingest" in result.output
    assert "The articles don't say" not in result.output
