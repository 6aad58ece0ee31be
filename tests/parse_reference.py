"""The parser as it was before its fast paths (edition/parse.py: one NFC test per line, declarations
found in one string of all paragraphs, the cluster map made only where a declaration is found),
kept as the reference they are compared with (tests/test_parse_fast.py). One change, made in both:
a section whose prefix is not found gets no label span (the lookup of its end crashed with an
IndexError instead of reporting the problem when the paragraph it fell back on was shorter than
the prefix, or when there was none)."""

from __future__ import annotations

from collections.abc import Sequence

from edition.errors import Problems
from edition.model import BriefingMeta, Span
from edition.parse import Draft, DraftParagraph, DraftSection, nfc_map, quote_extent
from edition.sources import clean, decode_source, source_lines


def nfc(text: str) -> str:
    return nfc_map(text)[0]


def _find_occurrence(haystack: list[tuple[str, Sequence[int]]], needle: str,
                     occurrence: int | None) -> list[tuple[int, int, int]]:
    """All (paragraph index, start, end) where `needle` occurs (compared in NFC), or only the n-th
    when `occurrence` is set. `haystack`: the paragraphs' nfc_map, made once per text."""
    hits = []
    wanted = nfc(needle)
    for index, (composed, at) in enumerate(haystack):
        start = composed.find(wanted)
        while start >= 0:
            hits.append((index, at[start], at[start + len(wanted)]))
            start = composed.find(wanted, start + 1)
    if occurrence is not None:
        return hits[occurrence - 1: occurrence]
    return hits



def reference_parse_text(meta: BriefingMeta, data: bytes) -> Draft:
    file = f"seeds/{meta.seed}"
    text = decode_source(data, file)
    problems = Problems()
    lines = [line for line in source_lines(text) if clean(line.text)]
    line_words = [nfc(clean(line.text)) for line in lines]  # each line's words in NFC, once
    debris_texts = {nfc(clean(d.line)) for d in meta.debris}
    debris = tuple(line for line, words in zip(lines, line_words, strict=True) if words in debris_texts)
    present = set(line_words)
    for d in meta.debris:
        if nfc(clean(d.line)) not in present:
            problems.add(meta.meta_file, d.where.line, "debris.line", f"{d.line!r} is not a line of {file}")
    body = [line for line, words in zip(lines, line_words, strict=True) if words not in debris_texts]
    body_words = [words for words in line_words if words not in debris_texts]

    # Section boundaries: each declared start is searched after the previous section's start.
    starts: list[int] = []
    missing: set[int] = set()
    for i, spec in enumerate(meta.sections):
        if spec.start_line is None and spec.start_prefix is None:
            starts.append(0)
            continue
        begin = starts[-1] + 1 if starts else 0
        found = None
        for index in range(begin, len(body)):
            words = body_words[index]
            if (spec.start_line is not None and words == nfc(clean(spec.start_line))) or (
                    spec.start_prefix is not None and words.startswith(nfc(spec.start_prefix))):
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
                         f"the first section must start at the first line of {file} (line {body[0].number})")
        starts.append(found)

    paragraphs_by_line: list[tuple[int, str]] = [(line.number, clean(line.text)) for line in body]
    composed = [nfc_map(text) for _, text in paragraphs_by_line]  # once per text, not once per declaration
    spans: dict[int, list[Span]] = {}
    speakers: dict[int, str] = {}
    for q in meta.quotes:
        hits = _find_occurrence(composed, q.cue, q.occurrence)
        if len(hits) != 1:
            if not hits:
                message = f"{q.cue!r} not found in {file}" + (f" (occurrence {q.occurrence})" if q.occurrence else "")
            else:
                message = f"{q.cue!r} occurs {len(hits)} times in {file}: add occurrence: N (1 to {len(hits)})"
            problems.add(meta.meta_file, q.where.line, "quotes.cue", message)
            continue
        index, offset, cue_end = hits[0]
        words = paragraphs_by_line[index][1]
        spans.setdefault(index, []).append(Span(offset, cue_end, "label", q.speaker))
        start, end = quote_extent(words, cue_end)
        if end > start:
            spans[index].append(Span(start, end, "quote", q.speaker))
        speakers.setdefault(index, q.speaker)
    for link in meta.links:
        hits = _find_occurrence(composed, link.text, link.occurrence)
        if len(hits) != 1:
            message = (f"{link.text!r} not found in {file}" if not hits
                       else f"{link.text!r} occurs {len(hits)} times in {file}: add occurrence: N")
            problems.add(meta.meta_file, link.where.line, "links.text", message)
            continue
        index, offset, end = hits[0]
        spans.setdefault(index, []).append(Span(offset, end, "link", link.meeting))
    for i, spec in enumerate(meta.sections):
        if spec.start_prefix is not None and i > 0 and i not in missing:
            index = starts[i]
            end = composed[index][1][len(nfc(spec.start_prefix))]
            spans.setdefault(index, []).append(Span(0, end, "label", spec.speaker or spec.id))
    problems.raise_if_any()

    sections = []
    for i, spec in enumerate(meta.sections):
        first = starts[i]
        last = starts[i + 1] if i + 1 < len(starts) else len(body)
        heading_line = heading_text = None
        if spec.start_line is not None:
            heading_line, heading_text = body[first].number, clean(body[first].text)
            first += 1
        paragraphs = tuple(
            DraftParagraph(body[k].number, paragraphs_by_line[k][1],
                           tuple(sorted(spans.get(k, []), key=lambda s: (s.start, -s.end))), speakers.get(k))
            for k in range(first, last))
        sections.append(DraftSection(spec, heading_line, paragraphs, heading_text))
    return Draft(tuple(sections), debris)

