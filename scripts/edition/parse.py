"""Parsing a source text into sections and paragraphs, as its metadata declares.

Nothing is guessed: sections start where the metadata says (a whole line, or a paragraph that
opens with a label), debris lines are the declared ones, quotes are attributed by declared cues.
Every declaration must match the text, or the parser reports where it failed. Paragraphs keep
their characters exactly (only the whitespace around a line is trimmed); ids are assigned later.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .errors import Problems
from .model import BriefingMeta, SectionSpec, SourceLine, Span
from .sources import clean, decode_source, split_lines

OPENING_QUOTES = {"“": "”", "«": "»", '"': '"', "„": "”", "‘": "’"}


class DraftParagraph(NamedTuple):
    """A paragraph before ids: its source line, words and layers. A named tuple (immutable like a
    frozen dataclass, made three times as fast): 1,000 texts have 16,000 paragraphs."""

    line: int
    text: str
    spans: tuple[Span, ...]
    speaker: str | None


@dataclass(frozen=True)
class DraftSection:
    spec: SectionSpec
    heading_line: int | None
    paragraphs: tuple[DraftParagraph, ...]
    heading_text: str | None = None  # the source line that is the heading, as written


@dataclass(frozen=True)
class Draft:
    sections: tuple[DraftSection, ...]
    debris: tuple[SourceLine, ...]


@functools.cache
def _combining() -> re.Pattern[str]:
    """Every character of the Basic Multilingual Plane with a non-zero canonical combining class
    (one bitmap class, built once); characters beyond it are caught by _own_nfc."""
    ranges: list[tuple[int, int]] = []
    for c in range(0x10000):
        if unicodedata.combining(chr(c)):
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1] = (ranges[-1][0], c)
            else:
                ranges.append((c, c))
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]")


def _own_nfc(text: str) -> bool:
    """Whether `text` is its own NFC form cluster by cluster (in NFC, nothing beyond the BMP), so
    that nfc_map, nfc and nfc_index can answer without the cluster walk.

    Nothing beyond the BMP: its UTF-16 form has no surrogate pair, two bytes a character (the C
    encoder's count, three times as fast as a regex search for such a character; a lone surrogate,
    which an escape in YAML can make, is passed as the two bytes it is). A part of a text
    that is its own NFC form is its own NFC form too (NFC composes a mark only with a starter before
    it, and a part has no starter its text lacks), so a text that passes needs no test per line."""
    return (unicodedata.is_normalized("NFC", text)
            and len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text))


def nfc_map(text: str) -> tuple[str, Sequence[int]]:
    """The NFC form of `text` and, for each of its characters and its end, the index in `text` where
    that character's cluster starts. Declarations match the text in NFC (a text may be stored
    decomposed, its metadata composed, or the reverse); spans point into the original characters."""
    # Text already in NFC (most lines, tashkeel or not) is its own NFC form: each cluster (a character
    # and the combining marks after it) is kept as it is, so a character's index is its own, or for a
    # mark the start of its cluster. Checked in C, marks found by one pattern; the character-by-
    # character path is for the rest.
    if _own_nfc(text):
        marks = _combining_runs().finditer(text)
        first = next(marks, None)
        if first is None:
            return text, range(len(text) + 1)
        index = list(range(len(text) + 1))
        for run in (first, *marks):
            start, end = run.span()
            index[start:end] = [max(start - 1, 0)] * (end - start)
        return text, index
    return _nfc_map_clusters(text)


@functools.cache
def _combining_runs() -> re.Pattern[str]:
    return re.compile(_combining().pattern + "+")


@functools.lru_cache(maxsize=4096)
def _nfc_map_clusters(text: str) -> tuple[str, Sequence[int]]:
    out: list[str] = []
    index: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", text[i:j]):
            out.append(ch)
            index.append(i)
        i = j
    index.append(len(text))
    return "".join(out), tuple(index)


def nfc(text: str) -> str:
    """The NFC form of `text`, as nfc_map gives it, without the map (text already in NFC is its own)."""
    if _own_nfc(text):
        return text
    return _nfc_map_clusters(text)[0]


def nfc_index(text: str, at: int) -> int:
    """`nfc_map(text)[1][at]`: where in `text` the cluster of character `at` of its NFC form starts.

    A declaration found in a paragraph needs two of these, not the map of the whole paragraph (of every
    paragraph, before: most of the parser's time). In text already in NFC the answer is `at` itself,
    or for a combining mark the character before its run of marks (0 for marks that open the text)."""
    if _own_nfc(text):
        return _own_index(text, at)
    return _nfc_map_clusters(text)[1][at]


def _own_index(text: str, at: int) -> int:
    """nfc_index(text, at) for a text that is its own NFC form."""
    if not 0 <= at <= len(text):
        raise IndexError(at)
    start = at
    while start >= 0 and start < len(text) and unicodedata.combining(text[start]):
        start -= 1
    return max(start, 0)


class _Haystack:
    """The paragraphs' NFC forms, searched as one string: joined by line ends, which no paragraph holds
    (so a needle without one never matches across two paragraphs, and one with one matches nowhere).
    One `find` per occurrence, not one per paragraph and declaration."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self.joined = "\n".join(paragraphs)
        self.starts = list(itertools.accumulate((len(p) + 1 for p in paragraphs[:-1]), initial=0))

    def find(self, needle: str, occurrence: int | None) -> list[tuple[int, int, int]]:
        """All (paragraph index, start, end) where `needle` occurs (compared in NFC; start and end in
        the paragraph's NFC form), overlapping ones included, or only the n-th when `occurrence` is set."""
        wanted = nfc(needle)
        hits: list[tuple[int, int, int]] = []
        if not wanted:  # found at every position of every paragraph, its end included
            hits = [(i, k, k) for i, p in enumerate(self.paragraphs) for k in range(len(p) + 1)]
        elif "\n" not in wanted:
            at = self.joined.find(wanted)
            while at >= 0:
                index = bisect.bisect_right(self.starts, at) - 1
                start = at - self.starts[index]
                hits.append((index, start, start + len(wanted)))
                if len(hits) == occurrence:  # the n-th is the one wanted: the rest need not be searched
                    break
                at = self.joined.find(wanted, at + 1)
        if occurrence is not None:
            return hits[occurrence - 1: occurrence]
        return hits


def quote_extent(text: str, after: int) -> tuple[int, int]:
    """The quoted words that follow a cue: from the opening quote mark to its closing mark.

    Without a quote mark right after the cue, the quote runs to the end of the paragraph.
    """
    i = after
    while i < len(text) and text[i] in " \u00a0\t":
        i += 1
    if i >= len(text) or text[i] not in OPENING_QUOTES:
        return i, len(text)
    start = end = i
    # A quote may continue in further quoted runs separated only by spaces and punctuation.
    while end < len(text) and text[end] in OPENING_QUOTES:
        close = text.find(OPENING_QUOTES[text[end]], end + 1)
        if close < 0:
            return start, len(text)
        end = close + 1
        gap = end
        while gap < len(text) and text[gap] in " \u00a0.،,":
            gap += 1
        if gap < len(text) and text[gap] in OPENING_QUOTES and gap > end:
            end = gap
    return start, end


def parse_text(meta: BriefingMeta, data: bytes) -> Draft:
    file = f"seeds/{meta.seed}"
    text = decode_source(data, file)
    problems = Problems()
    lines = split_lines(text)
    # The non-blank lines: their numbers, their words as written and in NFC (each line folded once;
    # in a text that is its own NFC form, as most are, every line is: one test for the whole text).
    kept = [(number, words) for number, words in enumerate(map(clean, lines), start=1) if words]
    own = _own_nfc(text)
    line_words = [words for _, words in kept] if own else [nfc(words) for _, words in kept]
    index_in = _own_index if own else nfc_index
    # Each paragraph's line number and words as written (`body`), and its words in NFC (`body_words`):
    # the lines that are not declared debris.
    body, body_words = kept, line_words
    debris: tuple[SourceLine, ...] = ()
    if meta.debris:
        debris_texts = {nfc(clean(d.line)) for d in meta.debris}
        debris = tuple(SourceLine(number, lines[number - 1])
                       for (number, _), words in zip(kept, line_words, strict=True) if words in debris_texts)
        present = set(line_words)
        for d in meta.debris:
            if nfc(clean(d.line)) not in present:
                problems.add(meta.meta_file, d.where.line, "debris.line", f"{d.line!r} is not a line of {file}")
        body = [line for line, words in zip(kept, line_words, strict=True) if words not in debris_texts]
        body_words = [words for words in line_words if words not in debris_texts]

    # Section boundaries: each declared start is searched after the previous section's start.
    starts: list[int] = []
    missing: set[int] = set()  # sections whose declared start is not in the text
    for i, spec in enumerate(meta.sections):
        if spec.start_line is None and spec.start_prefix is None:
            starts.append(0)
            continue
        begin = starts[-1] + 1 if starts else 0
        found = None
        whole = nfc(clean(spec.start_line)) if spec.start_line is not None else None
        prefix = nfc(spec.start_prefix) if spec.start_prefix is not None else None
        for index in range(begin, len(body)):
            words = body_words[index]
            if words == whole or (prefix is not None and words.startswith(prefix)):
                found = index
                break
        what = spec.start_line if spec.start_line is not None else spec.start_prefix
        key = f"sections[{i}].start." + ("line" if spec.start_line is not None else "prefix")
        if found is None:
            problems.add(meta.meta_file, spec.where.line, key,
                         f"{what!r} not found in {file}" + (" after the previous section's start" if i else ""))
            found = begin
            missing.add(i)
        elif i == 0 and found != 0:
            problems.add(meta.meta_file, spec.where.line, key,
                         f"the first section must start at the first line of {file} (line {body[0][0]})")
        starts.append(found)

    haystack = _Haystack(body_words)  # once per text, not once per declaration
    spans: dict[int, list[Span]] = {}
    speakers: dict[int, str] = {}
    for q in meta.quotes:
        hits = haystack.find(q.cue, q.occurrence)
        if len(hits) != 1:
            if not hits:
                message = f"{q.cue!r} not found in {file}" + (f" (occurrence {q.occurrence})" if q.occurrence else "")
            else:
                message = f"{q.cue!r} occurs {len(hits)} times in {file}: add occurrence: N (1 to {len(hits)})"
            problems.add(meta.meta_file, q.where.line, "quotes.cue", message)
            continue
        index, start, end = hits[0]
        words = body[index][1]
        offset, cue_end = index_in(words, start), index_in(words, end)
        spans.setdefault(index, []).append(Span(offset, cue_end, "label", q.speaker))
        start, end = quote_extent(words, cue_end)
        if end > start:
            spans[index].append(Span(start, end, "quote", q.speaker))
        speakers.setdefault(index, q.speaker)
    for link in meta.links:
        hits = haystack.find(link.text, link.occurrence)
        if len(hits) != 1:
            message = (f"{link.text!r} not found in {file}" if not hits
                       else f"{link.text!r} occurs {len(hits)} times in {file}: add occurrence: N")
            problems.add(meta.meta_file, link.where.line, "links.text", message)
            continue
        index, start, end = hits[0]
        words = body[index][1]
        spans.setdefault(index, []).append(Span(index_in(words, start), index_in(words, end), "link", link.meeting))
    for i, spec in enumerate(meta.sections):
        if spec.start_prefix is not None and i > 0 and i not in missing:  # (else it has no label to mark)
            index = starts[i]
            end = index_in(body[index][1], len(nfc(spec.start_prefix)))
            spans.setdefault(index, []).append(Span(0, end, "label", spec.speaker or spec.id))
    problems.raise_if_any()

    sections = []
    for i, spec in enumerate(meta.sections):
        first = starts[i]
        last = starts[i + 1] if i + 1 < len(starts) else len(body)
        heading_line = heading_text = None
        if spec.start_line is not None:
            heading_line, heading_text = body[first]
            first += 1
        paragraphs = tuple(
            DraftParagraph(body[k][0], body[k][1],
                           tuple(sorted(spans[k], key=lambda s: (s.start, -s.end))) if k in spans else (),
                           speakers.get(k))
            for k in range(first, last))
        sections.append(DraftSection(spec, heading_line, paragraphs, heading_text))
    return Draft(tuple(sections), debris)
