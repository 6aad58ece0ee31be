"""The parser's fast paths give exactly what the parser gave before them (kept in parse_reference.py):
one NFC test per line instead of its cluster map, the declarations found in one string of all
paragraphs, the map made only at a hit. Compared on the real and synthetic seeds, and on random
texts and declarations built to break them: decomposed text and metadata, tashkeel, marks that open
a line, characters beyond the Basic Multilingual Plane, Hangul jamo that compose, singletons that
NFC replaces (some of them spaces), every line end, a BOM, needles that hold a line end or occur
many times, overlapping occurrences. And the tests they rest on: a text's control characters found
among its Latin-1 characters, its lines split only where it has a CR, its own NFC form tested once
for the whole text (every part of such a text is its own NFC form too)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.errors import EditionError
from edition.model import BriefingMeta, DebrisSpec, LinkSpec, Located, QuoteSpec, SectionSpec
from edition.parse import _own_nfc, nfc, nfc_index, nfc_map, parse_text
from edition.pipeline import Inputs, load_corpus
from edition.sources import _CONTROL, decode_source, first_control, split_lines
from edition.synth import synth_seeds
from parse_reference import reference_parse_text

ROOT = Path(__file__).resolve().parents[1]

FRAGMENTS = [
    "دَاعِشُ", "وقال بلينكن:", "«نص مقتبس»", "“بين علامتين”", "„x”", "‘y’", '"z"', "«", "»", "“", "”",
    "التحالف", "ّ", "ٰ", "ـ", "ﻻ", "،", ".", "ب", "a", "e\u0301", "é", "\u212b", "\u0344", "\u0958",
    "\u1100", "\u1161", "\u11a8", "가", "\U0001f600", "\U0001d165", "\U0001d400", "\U00011131\U00011127",
    " ", "  ", "\u00a0", "\t", "\u2000", "\u2001", "\u3000", "\u2028", "\u200f", "\ufeff",
]
LINE_ENDS = ["\n", "\r\n", "\r"]
WHERE = "seeds/t.meta.yml"


def _pieces(min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(FRAGMENTS), min_size=min_size, max_size=max_size).map("".join)


def _outcome(parse: Any, meta: BriefingMeta, data: bytes) -> object:
    """What a parser gives: its draft, its located problems, or the kind of exception it raised."""
    try:
        return parse(meta, data)
    except EditionError as exc:
        return ("problems", exc.problems)
    except Exception as exc:  # noqa: BLE001 - compared, not hidden: both parsers must fail alike
        return ("exception", type(exc).__name__)


def _same(meta: BriefingMeta, data: bytes) -> None:
    outcome = _outcome(parse_text, meta, data)
    assert outcome == _outcome(reference_parse_text, meta, data)
    assert not (isinstance(outcome, tuple) and outcome[0] == "exception"), outcome


def _real_briefings() -> list[tuple[BriefingMeta, bytes]]:
    real = Inputs.from_dir(ROOT)
    synthetic = load_corpus(Inputs(synth_seeds(40, real))).briefings
    return [(b.meta, b.raw) for b in (*load_corpus(real).briefings, *synthetic)]


def test_real_and_synthetic_seeds_parse_as_before() -> None:
    briefings = _real_briefings()
    assert any(b[0].quotes for b in briefings) and any(b[0].links for b in briefings)
    for meta, data in briefings:
        assert parse_text(meta, data) == reference_parse_text(meta, data), meta.seed


@pytest.mark.parametrize("form", ["NFD", "NFC"])
def test_real_seeds_rewritten_parse_as_before(form: str) -> None:
    """The real texts decomposed (or composed), with CRLF line ends and a BOM; metadata as written."""
    for meta, data in _real_briefings():
        text = unicodedata.normalize(form, data.decode("utf-8")).replace("\n", "\r\n")
        _same(meta, b"\xef\xbb\xbf" + text.encode("utf-8"))


@settings(max_examples=400, deadline=None)
@given(st.one_of(_pieces(max_size=30), st.text()), st.data())
def test_nfc_and_nfc_index_are_the_map(text: str, data: st.DataObject) -> None:
    composed, index = nfc_map(text)
    assert nfc(text) == composed
    assert [nfc_index(text, at) for at in range(len(composed) + 1)] == list(index)
    beyond = data.draw(st.sampled_from([len(composed) + 1, len(composed) + 7]))
    with pytest.raises(IndexError):
        nfc_index(text, beyond)


def _meta(sections: list[SectionSpec], quotes: list[QuoteSpec], links: list[LinkSpec],
          debris: list[DebrisSpec]) -> BriefingMeta:
    return BriefingMeta("t", "t.txt", "m", "news-report", "ن", "T", "T", "T", None, None, "ن", None, None, (),
                        tuple(sections), tuple(quotes), tuple(links), tuple(debris), (), (), WHERE)


@st.composite
def _declared(draw: st.DrawFn, lines: list[str]) -> str:
    """A needle: part of a line (maybe all of it, maybe padded or in another normalisation form), a
    piece of two lines across a line end, or made up."""
    how = draw(st.sampled_from(["slice", "slice", "slice", "line", "across", "made-up"]))
    line = draw(st.sampled_from(lines))
    if how == "made-up":
        needle = draw(_pieces(1, 3))
    elif how == "across":
        needle = line[-2:] + "\n" + draw(st.sampled_from(lines))[:2]
    elif how == "line":
        needle = draw(st.sampled_from(["", " ", "\u00a0"])) + line + draw(st.sampled_from(["", " ", "\t"]))
    else:
        a = draw(st.integers(0, len(line)))
        needle = line[a:draw(st.integers(a, len(line)))]
    form = draw(st.sampled_from([None, None, "NFC", "NFD"]))
    return unicodedata.normalize(form, needle) if form else needle


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_random_texts_and_declarations_parse_as_before(data: st.DataObject) -> None:
    line = _pieces()
    lines = data.draw(st.lists(line, min_size=1, max_size=8))
    end = data.draw(st.sampled_from(LINE_ENDS))
    text = end.join(lines) + data.draw(st.sampled_from(["", end]))
    if data.draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    raw = data.draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + text.encode("utf-8")
    lines = [unicodedata.normalize(data.draw(st.sampled_from(["NFC", "NFD"])), x) for x in lines]
    needle = _declared(lines)
    occurrence = st.one_of(st.none(), st.integers(1, 3))
    where = iter(range(1, 1000))

    sections = []
    for i in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.sampled_from(["none", "line", "prefix"] if i == 0 else ["line", "prefix"]))
        whole = data.draw(needle) if start == "line" else None
        prefix = data.draw(needle) if start == "prefix" else None
        sections.append(SectionSpec(f"s{i}", "turn", None, whole, prefix, data.draw(st.sampled_from([None, "p"])),
                                    None, Located(WHERE, next(where))))
    quotes = [QuoteSpec(data.draw(needle), "p", data.draw(occurrence), Located(WHERE, next(where)))
              for _ in range(data.draw(st.integers(0, 4)))]
    links = [LinkSpec(data.draw(needle), "m", data.draw(occurrence), Located(WHERE, next(where)))
             for _ in range(data.draw(st.integers(0, 3)))]
    debris = [DebrisSpec(data.draw(needle), "x", Located(WHERE, next(where)))
              for _ in range(data.draw(st.integers(0, 2)))]
    meta = _meta(sections, quotes, links, debris)
    _same(meta, raw)
    _same(replace(meta, quotes=(), links=(), debris=()), raw)  # most of these parse without a problem


def test_a_prefix_not_found_after_the_last_line_is_reported() -> None:
    """It crashed (IndexError: the label of a section that had no paragraph was looked up)."""
    where = [Located(WHERE, line) for line in (1, 2)]
    sections = [SectionSpec("intro", "intro", "تقديم", None, None, None, None, where[0]),
                SectionSpec("end", "report", "خاتمة", None, "وختم سامي:", None, None, where[1])]
    with pytest.raises(EditionError) as exc:
        parse_text(_meta(sections, [], [], []), "نص قصير\n".encode())
    assert str(exc.value) == ("seeds/t.meta.yml:2: sections[1].start.prefix: 'وختم سامي:' not found in seeds/t.txt "
                              "after the previous section's start")


CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\x7f", "\x80", "\x85", "\x9f"]
NEAR_CONTROLS = ["\t", "\n", "\r", "\xa0", "\xa9", "\xff", "\u0100", "\u0180", "\u0880", "\u1f80", "\uff9f", "\u200f"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS + LINE_ENDS + NEAR_CONTROLS + CONTROLS), max_size=30).map("".join)
       | st.text())
def test_the_first_control_character_is_the_one_a_search_finds(text: str) -> None:
    found, simple = first_control(text), _CONTROL.search(text)
    assert (found and (found.start(), found.group())) == (simple and (simple.start(), simple.group()))


BLANKS = [" ", "\t", "\n", "\r", "\xa0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u3000",
          "\u200b", "\u180e", "\ufeff", "a", "ب"]  # (the last five are not white space)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BLANKS), max_size=12).map("".join)
       | st.text(st.characters(blacklist_categories=("Cs", "Cc"))))
def test_a_text_is_blank_when_stripping_leaves_nothing(text: str) -> None:
    """decode_source's blank test (`isspace`, which does not copy the text) is `not text.strip()`."""
    try:
        decode_source(text.encode(), "seeds/t.txt")
        blank = False
    except EditionError as exc:
        blank = str(exc) == "seeds/t.txt:1: the text is empty or blank"
    assert blank == (not text.removeprefix("\ufeff").strip())  # (a leading byte-order mark is no part of the text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS + LINE_ENDS + ["\n\r", "\r\r\n"]), max_size=30).map("".join))
def test_lines_are_split_as_before(text: str) -> None:
    assert split_lines(text) == text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _own_nfc_simple(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and all(ord(c) < 0x10000 for c in text)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_pieces(max_size=30), st.text()), st.data())
def test_a_part_of_a_text_that_is_its_own_nfc_form_is_too(text: str, data: st.DataObject) -> None:
    if data.draw(st.booleans()):
        text = unicodedata.normalize(data.draw(st.sampled_from(["NFC", "NFD"])), text)
    if data.draw(st.booleans()):  # a lone surrogate (a YAML escape can make one)
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])) + text[at:]
    assert _own_nfc(text) == _own_nfc_simple(text)
    a = data.draw(st.integers(0, len(text)))
    part = text[a:data.draw(st.integers(a, len(text)))]
    assert _own_nfc(part) == _own_nfc_simple(part)
    if _own_nfc(text):
        assert _own_nfc(part) and nfc(part) == part


def test_a_lone_surrogate_in_a_declaration_is_not_found_rather_than_a_crash() -> None:
    """A YAML escape can make one (`cue: "\\ud800"`); the UTF-16 count must not refuse it."""
    assert nfc("\ud800") == "\ud800" and not _own_nfc("\U0001f600\ud800")
    sections = [SectionSpec("intro", "intro", "تقديم", None, None, None, None, Located(WHERE, 1))]
    quotes = [QuoteSpec("\ud800", "p", None, Located(WHERE, 2))]
    _same(_meta(sections, quotes, [], []), "نص قصير\n".encode())
