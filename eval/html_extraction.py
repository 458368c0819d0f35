"""Which HTML reader keeps the story and drops the page: a measured comparison.

Each saved page in ``tests/data/html`` has a gold file listing the article's own lines
(headline and paragraphs). A reader's output is read through the same cleaning every
format gets (``rag.documents``), and its content lines are scored:

- **furniture left in**: content lines that are no part of the article (menus, captions,
  related links, comments, newsletter boxes);
- **article lines lost**: gold lines that do not appear in the content.

Readers compared: our own furniture rules on the page's text (tags to lines, nothing
else), and trafilatura with its default, precision and recall settings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from rag.documents import parse_article
from rag.readers import ArticleError

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "header",
    "footer", "nav", "aside", "figure", "figcaption", "blockquote", "h1", "h2", "h3", "h4", "h5",
    "h6", "form", "button", "time", "main", "dl", "dt", "dd", "hr", "title",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "svg", "head"}


class _Lines(HTMLParser):
    """The page's visible text, a line per block element: what a browser's text copy gives."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def own_rules(data: bytes, name: str) -> str:
    parser = _Lines()
    parser.feed(data.decode("utf-8", errors="replace"))
    lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _trafilatura(**options: Any) -> Callable[[bytes, str], str]:
    def read(data: bytes, name: str) -> str:
        import trafilatura

        return trafilatura.extract(data, include_comments=False, include_tables=False, **options) or ""

    return read


def _ours(data: bytes, name: str) -> str:
    """The reader the pipeline uses (rag.readers), headline restored from the metadata."""
    return parse_article(data, name).text


READERS: dict[str, Callable[[bytes, str], str]] = {
    "own furniture rules": own_rules,
    "trafilatura (default)": _trafilatura(),
    "trafilatura (favor_precision)": _trafilatura(favor_precision=True),
    "trafilatura (favor_recall)": _trafilatura(favor_recall=True),
    "rag.readers (trafilatura default + headline)": _ours,
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def content_lines(text: str, name: str) -> list[str]:
    """The lines the cleaning keeps as content, as every format is cleaned."""
    try:
        article = parse_article(text.encode("utf-8"), Path(name).with_suffix(".txt").name)
    except ArticleError:
        return []
    return [
        line
        for block in article.blocks
        for line in article.text[block.start : block.end].split("\n")
        if line.strip()
    ]


def score(lines: list[str], gold: list[str]) -> dict[str, Any]:
    kept = [_norm(x) for x in lines]
    wanted = [_norm(x) for x in gold]
    body = " \n ".join(kept)
    lost = [g for g in wanted if g not in body]
    furniture = [k for k in kept if not any(k in g or g in k for g in wanted)]
    return {"lines": len(kept), "gold": len(wanted), "lost": lost, "furniture": furniture}


def compare(folder: Path) -> dict[str, Any]:
    pages = sorted(p for p in folder.glob("*.html") if p.with_suffix(".json").is_file())
    report: dict[str, Any] = {"pages": [p.name for p in pages], "readers": {}}
    for label, read in READERS.items():
        per_page = {}
        for page in pages:
            gold = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
            try:
                text = read(page.read_bytes(), page.name)
            except ArticleError:
                text = ""
            per_page[page.name] = score(content_lines(text, page.name), gold["article_lines"])
        gold_total = sum(s["gold"] for s in per_page.values())
        report["readers"][label] = {
            "furniture_left_in": sum(len(s["furniture"]) for s in per_page.values()),
            "article_lines_lost": sum(len(s["lost"]) for s in per_page.values()),
            "article_lines": gold_total,
            "pages": per_page,
        }
    return report


def markdown(report: dict[str, Any]) -> str:
    out = [
        "# HTML readers compared",
        "",
        f"{len(report['pages'])} saved pages with gold article lines (`tests/data/html`), each read and "
        "then cleaned as every format is. Made by `python -m eval.html_extraction`.",
        "",
        "| reader | furniture lines left in | article lines lost (of all) |",
        "|---|---|---|",
    ]
    for label, r in report["readers"].items():
        out.append(
            f"| {label} | {r['furniture_left_in']} | {r['article_lines_lost']} / {r['article_lines']} |"
        )
    out += ["", "## What each left in or lost", ""]
    for label, r in report["readers"].items():
        out.append(f"### {label}")
        for page, s in r["pages"].items():
            for line in s["furniture"]:
                out.append(f"- {page}: left in: {line[:100]!r}")
            for line in s["lost"]:
                out.append(f"- {page}: lost: {line[:100]!r}")
        out.append("")
    return "\n".join(out)


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    report = compare(root / "tests" / "data" / "html")
    (root / "eval" / "HTML.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    (root / "eval" / "HTML.md").write_text(markdown(report) + "\n")
    for label, r in report["readers"].items():
        lost = f"{r['article_lines_lost']}/{r['article_lines']}"
        print(f"{label}: furniture {r['furniture_left_in']}, lost {lost}")


if __name__ == "__main__":
    main()
