"""Reading articles: decode, find the headline and dates, mark web cruft, keep offsets.

The canonical text (rag.readers) is never changed. Cleaning only decides which spans of it
are content (``Article.blocks``); everything downstream indexes into ``Article.text``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rag.readers import PAGE_BREAK, SUPPORTED_SUFFIXES, ArticleError, Extracted, extract
from rag.sentences import Span, sentence_spans

__all__ = ["SUPPORTED_SUFFIXES", "Article", "ArticleError", "parse_article", "read_article"]

# Page furniture seen on news sites; compared case-insensitively to a whole stripped line.
BOILERPLATE = frozenset(
    {
        "connect with us",
        "you must log in to post a comment.",
        "documents to download",
        "related posts",
        "related articles",
        "read more",
        "advertisement",
        "share this article",
        "leave a comment",
        "subscribe",
    }
)
# A photo credit such as "(Drew ANGERER/GETTY IMAGES NORTH AMERICA/AFP)".
_PHOTO_CREDIT = re.compile(
    r"\([^()]*\b(?:AFP|GETTY|Getty Images|Reuters|AP Photo|EPA|Shutterstock)\b[^()]*\)"
)
_WORD = re.compile(r"\w+")
# Lines addressed to a language model rather than to readers: planted instructions, fake
# chat turns and fake source lists. They are not reporting, so they are never evidence.
_TO_THE_MODEL = re.compile(
    r"|".join(
        [
            r"\b(ignore|disregard|forget)\b.{0,40}\b(previous|prior|above|earlier)\b.{0,20}"
            r"\b(instructions?|rules|prompts?|directions)\b",
            r"\b(these|here) are your (new )?instructions\b|\byour new instructions\b",
            r"\byou are now (a|an)\b",
            r"\b(system|developer) (notice|prompt|override)\b",
            r"\b(notice|message|note|instructions?) to the (ai |language )?(assistant|model|chatbot)\b",
            r"\bas an ai\b",
            r"^\s*(system|assistant|user)\s*:",
            r"</?\s*(system|context|assistant|user|instructions?|sources?)\s*>",
            r"\bwhen (you are )?asked\b[^.]{0,200},\s*(answer|say|reply|respond|write)\b",
            r"\banswer (every|all|each|any) questions?\b",
            r"\b(always|never|only) cite\b",
            r"\b(reveal|print|repeat|show)\b.{0,20}\b(system )?prompt\b",
            r"^\s*sources?\s*:?\s*$",
            r"^\s*\[\d+\]\s*[\w.-]+\.(txt|md)\b",
        ]
    ),
    re.IGNORECASE,
)

MONTHS = {
    m: i
    for i, m in enumerate(
        """january february march april may june july august september october november december""".split(), 1
    )
}
# Spelled out, or abbreviated as wire style has it in datelines ("Oct. 14, 2026", "Sept. 3").
_MONTH = (
    "("
    + "|".join(m.capitalize() for m in MONTHS)
    + "|"
    + "|".join(rf"{a}\.?" for a in "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec".split())
    + ")"
)


def month_number(name: str) -> int:
    """1-12 for a month's name or its abbreviation ("Oct." -> 10)."""
    return MONTHS[next(m for m in MONTHS if m.startswith(name.lower().rstrip(".")[:3]))]


_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")


@dataclass(frozen=True)
class Article:
    source: str  # file name: the identity of the document
    text: str  # the canonical text: a text file as it is, else what its reader extracted
    title: str
    content_hash: str  # of the original file's bytes
    blocks: tuple[Span, ...]  # runs of content lines, cruft excluded
    dates: tuple[str, ...] = field(default=())  # ISO dates the article states, in order of appearance
    kind: str = "text"  # text | html | pdf | docx
    url: str | None = None
    published: str | None = None

    @property
    def extracted(self) -> Extracted:
        return Extracted(self.text, self.kind, self.url, self.published)

    @property
    def date(self) -> str | None:
        """The latest full date the article states: a lower bound for when it was written."""
        full = [d for d in self.dates if len(d) == 10]
        return max(full) if full else None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_article(path: Path) -> Article:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path.name}: cannot read ({exc.strerror})") from exc
    return parse_article(data, path.name)


def parse_article(data: bytes, source: str) -> Article:
    extracted = extract(data, source)
    text = extracted.text
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    lines = [_strip(text, s, e) for s, e in lines]
    lines = [(s, e) for s, e in lines if s < e]
    repeated = Counter(text[s:e].casefold() for s, e in lines)
    kept = [(s, e) for s, e in lines if not _is_cruft(text[s:e], repeated)]
    if not kept:
        raise ArticleError(f"{source}: no article text left after removing page furniture")
    title = _title(text, kept)
    return Article(
        source=source,
        text=text,
        title=title,
        content_hash=content_hash(data),
        blocks=_blocks(text, kept),
        dates=tuple(find_dates(text)),
        kind=extracted.kind,
        url=extracted.url,
        published=extracted.published or find_published(text, kept),
    )


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_cruft(line: str, repeated: Counter[str]) -> bool:
    folded = line.casefold()
    if folded in BOILERPLATE or _TO_THE_MODEL.search(line):
        return True
    words = _WORD.findall(line)
    # Navigation labels ("Share", "News", "Published", "on", "1x"): one word, no sentence mark.
    if len(words) <= 1 and not line.rstrip().endswith(("?", "!")):
        return True
    # Short lines repeated verbatim are page furniture (headers and footers printed twice).
    if repeated[folded] > 1 and len(words) <= 8:
        return True
    return _is_menu(line) or _is_photo_caption(line)


def _is_menu(line: str) -> bool:
    """A menu or share bar: three or more short labels between separators, no figures, no
    sentence ("Home | News | Sport", "Share: Email | Copy link | Print"). A table row with
    figures ("Verrick | 49,012 | 47.1%") or a headline with its site's name is not one.

    >>> _is_menu("Home | News | Politics | City"), _is_menu("Share: Email · Copy link · Print")
    (True, True)
    >>> _is_menu("Verrick | 49,012 | 47.1%"), _is_menu("Chief resigns as toll rises | Midland Press")
    (False, False)
    """
    items = [i.strip() for i in _SEPARATORS.split(line)]
    return len(items) >= 3 and all(0 < len(i.split()) <= 3 and not re.search(r"\d|[.!?]$", i) for i in items)


_SEPARATORS = re.compile(r"\s[|·•]\s")


def _is_photo_caption(line: str) -> bool:
    """Captions carry an agency credit, and scraped ones repeat their own sentences."""
    if _PHOTO_CREDIT.search(line):
        return True
    sentences = [line[s:e].casefold() for s, e in sentence_spans(line)]
    long_ones = [s for s in sentences if len(s.split()) >= 5]
    return len(long_ones) != len(set(long_ones))


def _title(text: str, kept: list[tuple[int, int]]) -> str:
    """The headline: the first content line, when it reads as one (short, not a sentence)."""
    s, e = kept[0]
    first = text[s:e]
    if len(first.split()) <= 20 and not first.endswith("."):
        # A page title's trailing site name: "Chief resigns as toll rises | Midland Press".
        return re.sub(r"\s+[|·•]\s+(?:[A-Z][\w’'&.-]*\s?){1,4}$", "", first) or first
    # No headline in the file: the opening sentence, shortened, stands in for it.
    span = sentence_spans(text, s, e)[0]
    opening = text[span.start : span.end]
    return opening if len(opening) <= 90 else opening[:87].rsplit(" ", 1)[0] + "…"


def _blocks(text: str, kept: list[tuple[int, int]]) -> tuple[Span, ...]:
    """Merge content lines separated only by whitespace, so no block spans removed cruft
    (nor a page break: a chunk, and so a citation, stays on one page)."""
    blocks: list[Span] = []
    for s, e in kept:
        gap = text[blocks[-1].end : s] if blocks else "x"
        if not gap.strip() and PAGE_BREAK not in gap:
            blocks[-1] = Span(blocks[-1].start, e)
        else:
            blocks.append(Span(s, e))
    return tuple(blocks)


# A dateline: "LYON, May 2, 2025 (Agency) –", "BRENNICK, 7 March 2026 (Northern Press Agency) -".
_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'’-]{{1,40}}(?:,\s*[A-Z][A-Za-z.]+)?,\s+(?:(\d{{1,2}})\s+{_MONTH}|{_MONTH}\s+(\d{{1,2}}))"
    r",?\s+(\d{4})\b[^\n]{0,60}?\s[-–—]"
)
_DATELINE_ANY_LINE = re.compile(_DATELINE.pattern, re.MULTILINE)


def without_dateline(text: str) -> str:
    r"""``text`` with any dateline blanked: its date is when the article was filed, which no
    claim about an event states or contradicts.

    >>> without_dateline("Title\nVELDRA, 16 April 2026 (Agency) - The toll rose to 23.")
    'Title\n The toll rose to 23.'
    """
    return _DATELINE_ANY_LINE.sub("", text)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A time a sentence gives its events: a weekday, "yesterday", a day of a month.
_OWN_TIME = re.compile(
    rf"\b(?:{'|'.join(_WEEKDAYS)}|yesterday|today|tonight|\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})\b",
    re.IGNORECASE,
)


def dateline_undated(text: str) -> str:
    r"""``text`` with each dateline's date and agency blanked, its place kept, when the text
    gives its events a time of their own: the dateline dates the filing ("SALTMERE, 30 April
    (Agency) – The court on Wednesday overturned..." does not say the court ruled on 30 April).
    Without one, the dateline's date is what the sentence is true as of, and stays.

    >>> dateline_undated("VELDRA, 16 April 2026 (Agency) - The court ruled on Monday.")
    'VELDRA – The court ruled on Monday.'
    >>> dateline_undated("VELDRA, 16 April 2026 (Agency) - The toll rose to 23.")
    'VELDRA, 16 April 2026 (Agency) - The toll rose to 23.'
    """
    if not _dates_itself(text):
        return text
    return _DATELINE_ANY_LINE.sub(lambda m: m.group().split(",")[0] + " –", text)


def _dates_itself(text: str) -> bool:
    """Whether ``text``, its dateline aside, gives its events a time of their own (a weekday,
    "yesterday", a day of a month): then its dateline's date is only when it was filed."""
    return _OWN_TIME.search(without_dateline(text)) is not None


def without_filing_line(sentence: str) -> str:
    """A sentence to show a reader, without the dateline it opens with when it gives its events
    a time of its own: "SALTMERE, 30 April 2026 (Agency) – The court on Wednesday (29 April
    2026) overturned…" puts a filing date beside the event's and reads as if the court ruled
    on 30 April. Without a time of its own, the dateline's date is what the sentence is true
    as of, and stays. Its citation still quotes the article as written.

    >>> without_filing_line("VELDRA, 16 April 2026 (Agency) - the court ruled on Monday.")
    'The court ruled on Monday.'
    >>> without_filing_line("VELDRA, 16 April 2026 (Agency) - The toll rose to 23.")
    'VELDRA, 16 April 2026 (Agency) - The toll rose to 23.'
    """
    m = _DATELINE.match(sentence)
    rest = sentence[m.end() :].lstrip() if m else ""
    if not rest or not _dates_itself(rest):
        return sentence
    return rest[0].upper() + rest[1:]


# A day in words, its year optional: "24 August", "the 24th of August", "August 24, 2026".
# Its day and month are groups 1 and 2, or 4 and 3 (see _day_month); its year, group 5.
_DAY_PHRASE = (
    rf"(?:the\s+)?(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
    rf"|{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?)(?:,?\s+(\d{{4}}))?\b"
)


def _day_month(m: re.Match[str]) -> tuple[str, str]:
    """The day and the month a match of a day-then-month or month-then-day pattern gives."""
    return (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))


# A day a sentence dates itself to: "on 3 August", "as of August 24, 2026", "as at the 24th of August".
_ON_DAY = re.compile(rf"\b(?:on|as of|as at)\s+{_DAY_PHRASE}", re.IGNORECASE)
_AS_AT = re.compile(r"\bas (?:of|at)\b", re.IGNORECASE)
_A_YEAR = re.compile(r"(?<![\d,.])(?:1[89]|20)\d\d(?![\d,]\d)")


def on_publication_day(claim: str, published: str | None) -> str | None:
    """How ``claim`` dates itself to its article's publication day, when it does: "as of" (a
    state on that day: "As of 24 August, 315 people were in shelters") or "on" (an event or a
    statement on that day: "On 3 August, officials said..."); None otherwise. A day without a
    year is in the article's year.

    >>> on_publication_day("As of 24 August, 315 people were in shelters.", "2026-08-24")
    'as of'
    >>> on_publication_day("On August 3, officials said 2,300 had left.", "2026-08-03")
    'on'
    >>> on_publication_day("On 3 August 2025, officials said so.", "2026-08-03") is None
    True
    >>> on_publication_day("Officials said 2,300 had left.", "2026-08-03") is None
    True
    """
    if not published:
        return None
    for m in _ON_DAY.finditer(claim):
        day, month = _day_month(m)
        if _iso(m.group(5) or published[:4], month, day) == published:
            return "as of" if _AS_AT.match(m.group()) else "on"
    return None


def has_own_time(text: str) -> bool:
    """Whether ``text``, its dateline aside, gives what it tells a time of its own: a day, a
    weekday, "yesterday", a year. Without one, it is told as of its article's date.

    >>> has_own_time("The number fell to 315, the council said."), has_own_time("It rose in 2025.")
    (False, True)
    """
    body = without_dateline(text)
    return bool(_OWN_TIME.search(body) or _A_YEAR.search(body))


# A byline's "Published 12 March 2026" / "Published on March 12, 2026" / "Published: 2026-03-12".
_PUBLISHED = re.compile(
    rf"^(?:published|first published|posted)(?:\s+on)?:?\s+(?:(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?:(\d{{1,2}})\s+{_MONTH}|{_MONTH}\s+(\d{{1,2}})),?\s+(\d{{4}})|(\d{{4}}-\d{{2}}-\d{{2}}))",
    re.IGNORECASE,
)


# "By Marta Selwick", "By Jane Doe and Ali Khan": a byline, above the story.
_BYLINE = re.compile(r"^by\s+[A-Z][\w'’.-]*(?:\s+(?:and\s+)?[A-Z][\w'’.-]*){0,5}\s*$", re.IGNORECASE)


def is_byline(line: str) -> bool:
    """Whether ``line`` is a byline or a "Published: …" line: no paragraph of the story.

    >>> [is_byline(x) for x in ("By Marta Selwick", "Published: 11 August 2026", "By Friday, 40 had left.")]
    [True, True, False]
    """
    line = line.strip()
    return bool(_BYLINE.match(line) or _PUBLISHED.match(line))


def find_published(text: str, lines: list[tuple[int, int]], head: int = 8) -> str | None:
    r"""The publication date an article states in its dateline or byline, among its first
    lines; None (undated) when it states none: a date in the story is not its publication date.

    >>> t = "Title\n\nBRENNICK, 7 March 2026 (Northern Press Agency) – At least nine people died."
    >>> find_published(t, [(0, 5), (7, len(t))])
    '2026-03-07'
    >>> find_published("Talks end\n\nThe talks of 7 March 2026 ended.", [(0, 9), (11, 42)]) is None
    True
    >>> t = "HALLORAN, Oct. 14, 2026 (Northern Wire) — A cyberattack shut down computer systems."
    >>> find_published(t, [(0, len(t))])
    '2026-10-14'
    """
    for s, e in lines[:head]:
        line = text[s:e]
        if m := _DATELINE.match(line):
            day, month = _day_month(m)
            return _iso(m.group(5), month, day) or None
        if m := _PUBLISHED.match(line):
            if m.group(6):
                return m.group(6) if _valid_iso(m.group(6)) else None
            day, month = _day_month(m)
            return _iso(m.group(5), month, day) or None
    return None


def _valid_iso(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[str]:
    """Full dates stated in the text, as ISO strings, in order of first appearance.

    >>> find_dates("On 12 February 2025 and again on April 17, 2025; not 13 March.")
    ['2025-02-12', '2025-04-17']
    """
    found: list[tuple[int, str]] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        found.append((m.start(), _iso(m.group(3), m.group(2), m.group(1))))
    for m in _MONTH_DAY_YEAR.finditer(text):
        found.append((m.start(), _iso(m.group(3), m.group(1), m.group(2))))
    out: list[str] = []
    for _, iso in sorted(found):
        if iso and iso not in out:
            out.append(iso)
    return out


def _iso(year: str, month: str, day: str) -> str:
    try:
        return date(int(year), month_number(month), int(day)).isoformat()
    except ValueError:
        return ""


_RELATIVE = re.compile(
    r"\b(?:(next|last|this|on|from|until|by|since|late on|early on)\s+)?"
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|[Yy]esterday|[Tt]oday|[Tt]omorrow)\b"
    r"(?!,?\s+\d{1,2}\s+[A-Z][a-z]+|,?\s+[A-Z][a-z]+\s+\d)",  # "Monday, 9 March" states its date
)
# Where a clause ends: not the colon of "06:00", the comma of "12,700" or the stop of
# "6 a.m." ("will walk out from 06:00 on Thursday" is one clause).
_CLAUSE_END = re.compile(r"[;–—]|(?<!\d)[,:](?!\d)|\.(?=\s+[A-Z\"“])")
_FUTURE = re.compile(r"\b(will|would|is to|are to|due to|expected to|plans? to|scheduled)\b", re.IGNORECASE)


def relative_dates(text: str, published: str | None) -> list[tuple[int, int, str]]:
    """Weekdays and "yesterday"/"today"/"tomorrow" in ``text``, as (start, end, ISO date),
    counted from the publication date: a weekday is the last one on or before it, or the next
    one after it when the sentence speaks of what will happen ("next Monday", "will meet on
    Monday"). Nothing is resolved for an undated article.

    >>> t = "The toll rose on Monday. Talks will resume on Friday. Yesterday it rained."
    >>> [(t[s:e], d) for s, e, d in relative_dates(t, "2026-03-11")]
    [('Monday', '2026-03-09'), ('Friday', '2026-03-13'), ('Yesterday', '2026-03-10')]
    >>> t = "Dockers will walk out on Thursday after a ballot, the union said on Tuesday."
    >>> [(t[s:e], d) for s, e, d in relative_dates(t, "2026-04-14")]
    [('Thursday', '2026-04-16'), ('Tuesday', '2026-04-14')]
    >>> t = "Dockers will walk out from 06:00 on Thursday; they stopped at 6 a.m. on Monday."
    >>> [(t[s:e], d) for s, e, d in relative_dates(t, "2026-04-14")]
    [('Thursday', '2026-04-16'), ('Monday', '2026-04-13')]
    >>> relative_dates("On Monday, 9 March, it rose.", "2026-03-11"), relative_dates("On Monday.", None)
    ([], [])
    """
    if not published:
        return []
    base = date.fromisoformat(published)
    out = []
    for m in _RELATIVE.finditer(text):
        word, lead = m.group(2).lower(), (m.group(1) or "").lower()
        if word in ("yesterday", "today", "tomorrow"):
            shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[word]
        else:
            back = (base.weekday() - _WEEKDAYS.index(word)) % 7
            # Its own clause: "walk out on Thursday after ..., the union said on Tuesday" has
            # the future before the first weekday only.
            ends = [e.end() for e in _CLAUSE_END.finditer(text, 0, m.start())]
            clause = text[ends[-1] if ends else 0 : m.start()]
            ahead = lead == "next" or (lead != "last" and _FUTURE.search(clause) is not None)
            shift = (7 - back) % 7 or 7 if ahead else -back
        out.append((m.start(2), m.end(2), date.fromordinal(base.toordinal() + shift).isoformat()))
    return out


_A_DAY = re.compile(_DAY_PHRASE, re.IGNORECASE)


def days_named(text: str, published: str | None) -> list[tuple[str, str]]:
    """The days ``text`` names, as (the word or figures that name it, ISO date): weekdays
    counted from the publication date (:func:`relative_dates`), a day of a month in the
    publication year unless it gives its own. Nothing for an undated article.

    >>> days_named("Dockers will walk out on Thursday, the union said on Tuesday.", "2026-04-14")
    [('Thursday', '2026-04-16'), ('Tuesday', '2026-04-14')]
    >>> days_named("It reopens on 22 June, not on June 15, 2025.", "2026-06-10")
    [('22 June', '2026-06-22'), ('June 15, 2025', '2025-06-15')]
    """
    if not published:
        return []
    found = [
        (m.start(), m.group(), m.group(5) or published[:4], *_day_month(m)) for m in _A_DAY.finditer(text)
    ]
    days = [(at, words, iso) for at, words, year, day, month in found if (iso := _iso(year, month, day))]
    days += [(s, text[s:e], iso) for s, e, iso in relative_dates(text, published)]
    return [(words, iso) for _at, words, iso in sorted(days)]


def spoken(iso: str | None) -> str:
    """An ISO date as a reader writes it.

    >>> spoken("2026-03-09"), spoken(None)
    ('9 March 2026', 'undated')
    """
    if not iso:
        return "undated"
    d = date.fromisoformat(iso)
    return f"{d.day} {list(MONTHS)[d.month - 1].capitalize()} {d.year}"


_AS_OF = re.compile(rf"\b(?:as of|as at|by|up to)\s+{_DAY_PHRASE}", re.IGNORECASE)


def as_of(question: str, published: list[str]) -> str | None:
    """The date a question asks a figure "as of" ("by 10 June", "as of March 9, 2026"), as an
    ISO date. Without a year, the year that puts it nearest the articles' publication dates.

    >>> as_of("How many cases had been confirmed by 10 June?", ["2026-06-02", "2026-07-01"])
    '2026-06-10'
    >>> as_of("As of March 9th, how many had died?", ["2025-12-30", "2026-04-16"])
    '2026-03-09'
    >>> as_of("How many died on 10 June?", ["2026-06-02"]), as_of("By when will it open?", [])
    (None, None)
    """
    m = _AS_OF.search(question)
    if not m:
        return None
    day, month = _day_month(m)
    years = [int(m.group(5))] if m.group(5) else sorted({int(p[:4]) for p in published})
    dates = []
    for y in years:
        try:
            dates.append(date(y, month_number(month), int(day)))
        except ValueError:
            continue
    if not dates:
        return None
    known = [date.fromisoformat(p) for p in published] or dates
    return min(dates, key=lambda d: min(abs((d - p).days) for p in known)).isoformat()


def without_as_of(question: str) -> str:
    """The question without its "as of" date: the date bounds what is read, it is not a fact
    the evidence must state.

    >>> without_as_of("How many cases had been confirmed by 10 June?")
    'How many cases had been confirmed?'
    """
    return re.sub(r"\s+([?.!,])", r"\1", _AS_OF.sub("", question)).strip()
