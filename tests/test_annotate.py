"""Mention detection: folded matching, attached letters, longest match, ambiguity, other layers; and
the full mention list of every briefing against tests/cases/mentions/<briefing>.tsv.

After a deliberate change to the data or the matcher, regenerate the lists with
`UPDATE_GOLDEN=1 scripts/test tests/test_annotate.py` and review the diff.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from edition.annotate import _LEAD, Matcher, _fits, _forms, annotate, annotate_paragraph
from edition.model import Entity, Paragraph, Span
from edition.normalize import _DROP, fold_map
from edition.site import load
from edition.spelling import LONGER_LOWER, SPACES, WORD, Folded, fold_joined, fold_plain, spelling_key

GOLDEN = Path(__file__).parent / "cases" / "mentions"
corpus_once = functools.cache(lambda: load(ROOT))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def entity(eid: str, name: str, *variants: str, kind: str = "person", ambiguous: tuple[str, ...] = ()) -> Entity:
    return Entity(eid, kind, name, eid, False, "note", (name, *variants), (eid,), (), None, ambiguous)


MATCHER = Matcher([
    entity("pompeo", "مايك بومبيو", "بومبيو"),
    entity("usa", "الولايات المتحدة", kind="place"),
    entity("un", "الأمم المتحدة", kind="organisation"),
    entity("isis", "داعش", kind="organisation"),
    entity("coalition", "التحالف الدولي لهزيمة داعش", "التحالف الدولي", kind="organisation",
           ambiguous=("التحالف",)),
    entity("sdf", "قوات سوريا الديمقراطية", "قسد", kind="organisation"),
    entity("blinken", "أنتوني ج. بلينكن", "بلينكن"),
    entity("worman", "باتريك وورمان", "وورمان"),
    entity("covid", "كوفيد-19", kind="term"),
])


def found(text: str) -> list[tuple[str, str | None]]:
    return [(text[s:e], who) for s, e, who in MATCHER.find(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("قال بومبيو", [("بومبيو", "pompeo")]),
    ("وبومبيو فبومبيو لبومبيو وكبومبيو فلبومبيو", [("بومبيو", "pompeo")] * 5),
    ("للولايات المتحدة", [("للولايات المتحدة", "usa")]),  # ل + ال: both lams stay in the mention
    ("وللأمم المتحدة", [("للأمم المتحدة", "un")]),
    ("بالولايات المتحدة وبالولايات المتحدة", [("الولايات المتحدة", "usa")] * 2),
    ("وفبومبيو", []),  # two conjunctions do not combine
    ("لداعش ولداعش وبداعش", [("داعش", "isis")] * 3),
    ("الدواعش", []),  # not an attached letter: a different word
    ("داعشي", []),
    ("وورمان", [("وورمان", "worman")]),  # a name that starts with و is itself first
])
def test_attached_letters(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_folding_matches_variant_spellings_but_keeps_the_original() -> None:
    text = "قالَ مايكْ بومبيوّ والأمـــم المتحدة وإلامم المتحده"
    assert found(text) == [("مايكْ بومبيوّ", "pompeo"), ("الأمـــم المتحدة", "un"), ("إلامم المتحده", "un")]


def test_longest_match_first_and_separators_count() -> None:
    assert found("اجتماع التحالف الدولي لهزيمة داعش اليوم") == [("التحالف الدولي لهزيمة داعش", "coalition")]
    assert found("أنتوني ج. بلينكن") == [("أنتوني ج. بلينكن", "blinken")]
    assert found("أنتوني ج بلينكن") == [("بلينكن", "blinken")]  # a different separator is another spelling
    assert found("قوات سوريا  الديمقراطية (قسد)") == [("قوات سوريا  الديمقراطية", "sdf"), ("قسد", "sdf")]
    assert found("جائحة كوفيد-19") == [("كوفيد-19", "covid")]


def test_ambiguous_spellings_are_left_alone() -> None:
    assert found("وسيناقش التحالف") == [("التحالف", None)]
    p = Paragraph("p1", 1, "وسيناقش التحالف الدولي ثم التحالف")
    spans = annotate_paragraph(MATCHER, p).spans
    assert [(p.text[s.start:s.end], s.target) for s in spans] == [("التحالف الدولي", "coalition")]


def test_never_inside_a_link_and_never_across_another_layer() -> None:
    text = "منذ اجتماع واشنطن مع بومبيو قال “داعش باق” ثم بومبيو"
    link = Span(text.index("اجتماع"), text.index("قال") - 1, "link", "washington-2019")
    quote_start = text.index("“")
    crossing = Span(text.index("باق"), len(text), "quote", "x")
    inner = Span(quote_start, text.index("”") + 1, "quote", "y")
    p = annotate_paragraph(MATCHER, Paragraph("p1", 1, text, (link, crossing, inner)))
    mentions = [(text[s.start:s.end], s.start) for s in p.spans if s.kind == "mention"]
    assert mentions == [("داعش", text.index("داعش")), ("بومبيو", text.rindex("بومبيو"))]


def test_headings_are_not_annotated() -> None:
    corpus = corpus_once()
    b = next(b for b in corpus.briefings if b.meta.id == "rome-2021-us-officials-briefing")
    assert [s.heading for s in b.sections if s.heading_is_source] == ["هود", "وورمان", "كوبر"]
    # The turn headings name the speakers; only the paragraphs carry mentions.
    hood = [p for p in b.paragraphs for s in p.spans if s.kind == "mention" and s.target == "hood"]
    assert hood and all(p.text != "هود" for p in hood)


def mention_rows(briefing_id: str) -> str:
    corpus = corpus_once()
    b = next(b for b in corpus.briefings if b.meta.id == briefing_id)
    rows = ["paragraph\tstart\tend\tentity\ttext"]
    for p in b.paragraphs:
        for s in p.spans:
            if s.kind == "mention":
                rows.append(f"{p.id}\t{s.start}\t{s.end}\t{s.target}\t{p.text[s.start:s.end]}")
    return "\n".join(rows) + "\n"


BRIEFINGS = sorted(b.meta.id for b in corpus_once().briefings)


@pytest.mark.parametrize("briefing_id", BRIEFINGS)
def test_full_mention_list_of_each_briefing(briefing_id: str) -> None:
    path = GOLDEN / f"{briefing_id}.tsv"
    got = mention_rows(briefing_id)
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no expected mention list: run UPDATE_GOLDEN=1 for {briefing_id}"
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("spelling", "entity_id"), [
    ("بلينكن", "blinken"), ("بلينكين", "blinken"), ("بلكين", "blinken"), ("قوات سوريا الديمقراطية", "sdf"),
    ("قوات سوريا الديموقراطية", "sdf"), ("قسد", "sdf"), ("قوات الدفاع السورية", "sdf"), ("ترامب", "trump"),
    ("ترمب", "trump"), ("إفريقيا", "africa"), ("أفريقيا", "africa"), ("بومبيو", "pompeo"),
])
def test_every_variant_of_the_issue_resolves_where_it_occurs(spelling: str, entity_id: str) -> None:
    """Each listed spelling occurs in the texts; every occurrence is a mention of its entry, unless it is
    part of a longer name (غرب إفريقيا); and every page where it occurs links the entry."""
    corpus = corpus_once()
    pages = 0
    for b in corpus.briefings:
        here = 0
        for p in b.paragraphs:
            at = p.text.find(spelling)
            while at >= 0:
                end = at + len(spelling)
                covering = [s for s in p.spans if s.kind == "mention" and s.start <= at and end <= s.end]
                assert len(covering) == 1, (b.meta.id, p.id, spelling)
                cover = covering[0]
                assert cover.target == entity_id or cover.end - cover.start > len(spelling), (b.meta.id, p.id)
                here += cover.target == entity_id
                at = p.text.find(spelling, end)
        pages += here > 0
    assert pages


# The matcher as it was before the corpus was searched in one go (first word looked up in a
# dictionary, the rest walked word by word, the overlaps sorted out at the end): a straightforward
# reading of the rules in annotate.py's docstring, against which the compiled matcher is checked.
class _RefNode:
    def __init__(self) -> None:
        self.next: dict[tuple[str, str], _RefNode] = {}
        self.done = False
        self.entity: str | None = None


class ReferenceMatcher:
    def __init__(self, entities: list[Entity]) -> None:
        first: dict[str, dict[int, _RefNode]] = {}
        for e in entities:
            for spelling, target in [(s, e.id) for s in e.variants] + [(s, None) for s in e.ambiguous]:
                key = spelling_key(spelling)
                if not key:
                    continue
                for form, prefix in _forms(key[0]):
                    node = first.setdefault(form, {}).setdefault(prefix, _RefNode())
                    for i in range(1, len(key), 2):
                        node = node.next.setdefault((key[i], key[i + 1]), _RefNode())
                    if not node.done or target is None:
                        node.entity = target
                    node.done = True
        self.first = {form: sorted(roots.items()) for form, roots in first.items()}

    def find(self, text: str) -> list[tuple[int, int, str | None]]:
        folded = Folded.of(text)
        ft = folded.text
        found: list[tuple[int, int, str | None]] = []
        for m in WORD.finditer(ft):
            best: tuple[int, int, str | None] | None = None
            for prefix, root in self.first.get(m.group(), []):
                stop, node = self._walk(ft, m.end(), root)
                if node is not None and (best is None or -stop < best[1]):
                    best = (m.start() + prefix, -stop, node.entity)
            if best is not None:
                found.append(best)
        found.sort()
        out: list[tuple[int, int, str | None]] = []
        last = -1
        for start, neg_end, entity in found:
            if start >= last:
                last = -neg_end
                out.append((reference_start(text, start), reference_end(text, -neg_end), entity))
        return out

    @staticmethod
    def _walk(ft: str, pos: int, node: _RefNode) -> tuple[int, _RefNode | None]:
        best: tuple[int, _RefNode | None] = (pos, node if node.done else None)
        while node.next:
            m = WORD.search(ft, pos)
            if m is None:
                break
            child = node.next.get((SPACES.sub(" ", ft[pos:m.start()]), m.group()))
            if child is None:
                break
            node, pos = child, m.end()
            if node.done:
                best = (pos, node)
        return best


def reference_start(text: str, folded_offset: int) -> int:
    """The original offset of a folded character, by the slow path's index (normalize.fold_map)."""
    return fold_map(text)[1][folded_offset]


def reference_end(text: str, folded_end: int) -> int:
    """After the character before `folded_end` and the marks that follow it."""
    end = fold_map(text)[1][folded_end - 1] + 1
    while end < len(text) and text[end] in _DROP:
        end += 1
    return end


def test_the_compiled_matcher_finds_what_the_reference_finds_in_every_real_paragraph() -> None:
    corpus = corpus_once()
    texts = [p.text for b in corpus.briefings for s in b.sections for p in s.paragraphs]
    texts += [s.heading for b in corpus.briefings for s in b.sections]
    reference = ReferenceMatcher(list(corpus.entities))
    expected = [reference.find(t) for t in texts]
    matcher = Matcher(corpus.entities)
    assert list(matcher.find_all(texts)) == expected
    assert [matcher.find(t) for t in texts] == expected
    assert sum(map(len, expected)) > 500


# Spellings that exercise every branch of the compiled expression: the article with each attached
# letter, a first word that starts with an attached letter (و ف ب ك ل) and one that two spellings can
# both give (وورمان: itself, or و + ورمان; للامم: ل + الامم, or itself), one-letter words, separators
# other than a space, a Latin name (the case then matters), digits, an ambiguous spelling inside a
# longer one, a spelling whose continuation is missing, and a longer spelling sharing a first word.
HOSTILE = [
    entity("un", "الأمم المتحدة", "الامم", "للامم المتحده العامة", kind="organisation"),
    entity("worman", "باتريك وورمان", "وورمان"),
    entity("orman", "ورمان", "فورمان ج", ambiguous=("ورمان دي",)),
    entity("blinken", "أنتوني ج. بلينكن", "بلينكن", "ب"),
    entity("kabul", "كابل", "بكابل", "ك"),
    entity("covid", "كوفيد-19", "كوفيد ١٩", "Covid-19", "COVID", kind="term"),
    entity("quote", 'قال "داعش', "قال “داعش", kind="term"),
    entity("isis", "داعش", "ISIS", "داعش_", kind="organisation"),
    entity("coalition", "التحالف الدولي لهزيمة داعش", "التحالف الدولي", kind="organisation",
           ambiguous=("التحالف",)),
    entity("al", "ال", "ال ال", kind="term"),
    entity("assembly", "الجمعية العامة", ambiguous=("الأمم المتحدة العامة",), kind="organisation"),
]
WORDS = ["الأمم", "الامم", "للامم", "وللأمم", "المتحدة", "المتحده", "العامة", "باتريك", "وورمان", "ورمان", "فورمان",
         "ج", "دي", "أنتوني", "بلينكن", "ب", "كابل", "بكابل", "وبكابل", "ك", "كوفيد", "١٩", "19", "Covid", "COVID",
         "covid", "İSIS", "ISIS", "isis", "قال", "داعش", "لداعش", "التحالف", "الدولي", "لهزيمة", "ال", "لل", "وال",
         "x", "وورمان دي", "للامم المتحده العامة", "الامم المتحدة العامة"]
# (and characters beyond the Basic Multilingual Plane: a letter, 𝐀, and a symbol, 😀; see Matcher._pattern)
GAPS = [" ", "  ", ". ", "-", ' "', " “", "\n", "\u00a0", "_", "،", "\x00", "", "\U0001d400", " \U0001f600"]
MARKS = ["", "َ", "ّ", "ـ", "\u200f", "\u0654", "\u0653"]  # tashkeel, tatweel, RLM, hamza and madda (not NFC after alef)


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        word = draw(st.sampled_from(WORDS))
        if draw(st.booleans()):  # a mark somewhere in the word
            at = draw(st.integers(0, len(word)))
            word = word[:at] + draw(st.sampled_from(MARKS)) + word[at:]
        parts += [word, draw(st.sampled_from(GAPS))]
    return "".join(parts)


HOSTILE_REFERENCE = ReferenceMatcher(HOSTILE)
HOSTILE_MATCHER = Matcher(HOSTILE)


def mention_spans(found: list[tuple[int, int, str | None]]) -> tuple[Span, ...]:
    return tuple(Span(start, end, "mention", entity) for start, end, entity in found if entity is not None)


@given(st.lists(hostile_text(), max_size=6))
def test_the_compiled_matcher_finds_what_the_reference_finds_in_hostile_paragraphs(texts: list[str]) -> None:
    expected = [HOSTILE_REFERENCE.find(t) for t in texts]
    assert list(HOSTILE_MATCHER.find_all(texts)) == expected
    assert [HOSTILE_MATCHER.find(t) for t in texts] == expected
    assert list(HOSTILE_MATCHER.mentions_all(texts)) == list(map(mention_spans, expected))


def test_texts_left_out_and_marks_at_the_edges_of_texts_keep_every_match_in_its_own_text() -> None:
    """_matches bisects once per text, at its start (the next text's start ends it): a text left out
    of the joined whole (not NFC, or holding JOIN) first, between two and last, and marks (gaps) just
    before and just after the JOIN between two texts, against the reference text by text."""
    not_nfc, nul = "الا\u0654مم داعش", "داعش\x00 ISIS"
    texts = [not_nfc, "كابلَ", "َبكابل داعشّ", nul, not_nfc, "ّداعش ـالامم", "", "ISISّ", not_nfc, nul]
    assert sum(len(HOSTILE_REFERENCE.find(t)) for t in texts) >= 10
    for cut in range(len(texts)):
        some = texts[cut:] + texts[:cut]
        expected = [HOSTILE_REFERENCE.find(t) for t in some]
        assert list(HOSTILE_MATCHER.find_all(some)) == expected
        assert list(HOSTILE_MATCHER.mentions_all(some)) == list(map(mention_spans, expected))
    assert fold_joined([not_nfc, "داعش", nul]).spans[::2] == [(-1, -1), (-1, -1)]


# How a paragraph took its mentions before annotate made them at C speed and built the model by its
# constructors (dataclasses.replace, one Span(...) per match): the reference for both.
def reference_with_mentions(p: Paragraph, found: list[tuple[int, int, str | None]]) -> Paragraph:
    spans = [Span(start, end, "mention", entity) for start, end, entity in found
             if entity is not None and _fits(start, end, p.spans)]
    if not spans:
        return p
    return replace(p, spans=tuple(sorted([*p.spans, *spans], key=lambda s: (s.start, -s.end))))


KINDS = ["link", "quote", "label", "note"]


@given(hostile_text(), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), st.sampled_from(KINDS)), max_size=4))
def test_a_paragraph_takes_the_mentions_that_fit_its_other_layers(text: str, layers: list[tuple[int, int, str]]) -> None:
    spans = tuple(sorted(Span(min(a, b, len(text)), min(max(a, b), len(text)), kind, "x") for a, b, kind in layers))
    p = Paragraph("p1", 1, text, spans, "speaker")
    assert annotate_paragraph(HOSTILE_MATCHER, p) == reference_with_mentions(p, HOSTILE_REFERENCE.find(text))


def test_the_corpus_takes_the_mentions_it_took_before() -> None:
    """annotate() of the real corpus without its mentions, against the reference above: every paragraph,
    section and briefing as before (and the same objects where nothing changed)."""
    annotated = corpus_once()

    def bare(p: Paragraph) -> Paragraph:
        return replace(p, spans=tuple(s for s in p.spans if s.kind != "mention"))

    corpus = replace(annotated, briefings=tuple(
        replace(b, sections=tuple(replace(s, paragraphs=tuple(map(bare, s.paragraphs))) for s in b.sections))
        for b in annotated.briefings))
    matcher = Matcher(corpus.entities)
    expected = replace(corpus, briefings=tuple(
        replace(b, sections=tuple(
            replace(s, paragraphs=tuple(reference_with_mentions(p, matcher.find(p.text)) for p in s.paragraphs))
            for s in b.sections))
        for b in corpus.briefings))
    got = annotate(corpus)
    assert got == expected == annotated
    unchanged = [(p, q) for b, c in zip(corpus.briefings, got.briefings, strict=True)
                 for p, q in zip(b.paragraphs, c.paragraphs, strict=True) if p == q]
    assert unchanged and all(p is q for p, q in unchanged)


def test_the_lead_of_the_pattern_is_every_character_of_the_plane_that_is_not_a_word_character() -> None:
    """The ranges of _LEAD against [\\W_] on each of the 65,536 characters of the Basic Multilingual
    Plane (surrogates included); a text with a character beyond it is searched with [\\W_] itself."""
    plane = "".join(map(chr, range(0x10000)))
    assert re.findall(_LEAD, plane) == re.findall(r"[\W_]", plane)
    assert len(re.findall(_LEAD, plane)) > 10_000
    for text, narrow in [("", True), ("بومبيو \ud800", True), ("\uffff", True), ("\U00010000", False),
                         ("بومبيو \U0010ffff", False)]:
        assert (HOSTILE_MATCHER._pattern(text) is HOSTILE_MATCHER.pattern) == narrow, text
    assert HOSTILE_MATCHER._wide.pattern == r"[\W_]" + HOSTILE_MATCHER.body


@pytest.mark.parametrize("lead", ["\U0001d400", "\U0001d7d9", "\U00020000", "\U0001f600", "\U000e0001", "\U0010fffd"])
def test_a_character_beyond_the_plane_leads_a_match_only_if_it_is_not_a_word_character(lead: str) -> None:
    """𝐀 (a letter), 𝟙 (a digit) and 𠀀 (a CJK ideograph) are word characters; 😀, a tag and a
    private use character are not."""
    text = f"{lead}داعش {lead}ISIS"
    assert HOSTILE_MATCHER.find(text) == HOSTILE_REFERENCE.find(text)
    assert bool(HOSTILE_MATCHER.find(text)) == (re.fullmatch(r"[\W_]", lead) is not None)


@given(hostile_text())
def test_a_matcher_without_case_or_with_a_join_in_a_spelling_finds_the_same(text: str) -> None:
    caseless = [e for e in HOSTILE if e.id not in ("covid", "isis")]
    assert not Matcher(caseless).cased
    assert list(Matcher(caseless).find_all([text, text])) == [ReferenceMatcher(caseless).find(text)] * 2
    joining = [*caseless, entity("nul", "داعش\x00قال")]
    assert not Matcher(joining).joinable
    assert list(Matcher(joining).find_all([text])) == [ReferenceMatcher(joining).find(text)]
    assert list(Matcher(joining).mentions_all([text])) == [mention_spans(ReferenceMatcher(joining).find(text))]


def test_hostile_spellings_cover_every_branch() -> None:
    assert HOSTILE_MATCHER.cased and HOSTILE_MATCHER.joinable
    text = "وللأمم المتحدة وورمان فورمان ج ك ب بكابل وبكابل كوفيد-19 COVID قال “داعش ال ال لل"
    assert [(text[s:e], who) for s, e, who in HOSTILE_MATCHER.find(text)] == [
        ("للأمم المتحدة", "un"), ("وورمان", "worman"), ("فورمان ج", "orman"), ("ك", "kabul"), ("ب", "blinken"),
        ("بكابل", "kabul"), ("بكابل", "kabul"), ("كوفيد-19", "covid"), ("COVID", "covid"), ("قال “داعش", "quote"),
        ("ال ال", "al"), ("لل", "al")]
    # A word two spellings can give: the longest match of either (ورمان دي, ambiguous, over وورمان).
    for text in ["وورمان", "وورمان دي", "فورمان ج", "للامم", "للامم المتحده العامة", "بكابل"]:
        assert HOSTILE_MATCHER.find(text) == HOSTILE_REFERENCE.find(text), text
    assert HOSTILE_MATCHER.find("وورمان دي") == [(1, 9, None)]
    # The same text written by an entry's spelling and an ambiguous one: ambiguous.
    assert HOSTILE_MATCHER.find("للامم المتحده العامة") == [(0, 20, None)]


def test_lower_case_keeps_every_character_in_its_class() -> None:
    """What fold_joined(lower=False) and LONGER_LOWER rely on, checked on every code point: lower-casing
    makes at most İ longer; it keeps letters and digits, white space and the rest apart; and a
    character another one lower-cases to has an upper case of its own, so a pattern whose characters
    are all caseless (c.lower() == c == c.upper()) matches the same before and after."""
    longer = []
    for code in range(0x110000):
        c = chr(code)
        low = c.lower()
        if len(low) != 1:
            longer.append(c)
            continue
        assert low.isalnum() == c.isalnum() and low.isspace() == c.isspace(), hex(code)
        if low != c:
            assert low.upper() != low, hex(code)
    assert "".join(longer) == LONGER_LOWER


@given(st.lists(st.text(alphabet=st.sampled_from("بلي ن أإآاىيةه َُِّـ\u200f\u0654٠١٩İABcσΣ.،\x00")), max_size=5),
       st.booleans())
def test_texts_folded_together_are_each_folded_alone(texts: list[str], lower: bool) -> None:
    joined = fold_joined(texts, lower)
    assert joined.text.count("\x00") == sum(start >= 0 for start, _ in joined.spans)  # one before each text kept
    for text, (start, end) in zip(texts, joined.spans, strict=True):
        slow = not unicodedata.is_normalized("NFC", text) or fold_plain(text) is None
        assert (start < 0) == ("\x00" in text or slow)
        if start < 0:
            continue
        alone, part = Folded.of(text), joined.text[start:end]
        assert joined.text[start - 1] == "\x00"
        assert part == alone.text if lower else part.lower() == alone.text
        origin = start + bisect_left(joined.gaps, start)
        for f in range(len(part)):
            g = start + f
            assert alone.start(f) == g + bisect_right(joined.gaps, g) - origin == reference_start(text, f)
        for f in range(1, len(part) + 1):
            g = start + f
            assert alone.end(f) == g + bisect_right(joined.gaps, g) - origin == reference_end(text, f)


def test_annotate_rebuilds_the_model_with_every_field_it_does_not_change() -> None:
    """annotate() rebuilds paragraphs, sections and briefings by position (a constructor call costs a
    fraction of dataclasses.replace): every field it does not change must come through, whatever
    fields the model gains later. Each such field is set here to an object of its own, found by
    introspection, so a field added to the model and not to annotate's constructor calls fails."""
    from dataclasses import fields

    from edition.model import Briefing, Section

    annotated = corpus_once()
    b = next(b for b in annotated.briefings if any(s.kind == "mention" for p in b.paragraphs for s in p.spans))
    sentinels: dict[tuple[str, str], object] = {}

    def marked(obj: object, keep: set[str], **values: object) -> object:
        for f in fields(obj):  # type: ignore[arg-type]
            if f.name not in keep:
                values[f.name] = sentinels.setdefault((type(obj).__name__, f.name), object())
        return replace(obj, **values)  # type: ignore[type-var]

    sections = tuple(
        marked(s, {"paragraphs"}, paragraphs=tuple(
            marked(p, {"text", "spans"}, spans=tuple(x for x in p.spans if x.kind != "mention")) for p in s.paragraphs))
        for s in b.sections)
    corpus = replace(annotated, briefings=(marked(b, {"meta", "sections"}, sections=sections),))
    (got,) = annotate(corpus).briefings
    assert isinstance(got, Briefing) and all(isinstance(s, Section) for s in got.sections)
    checked = 0
    for obj in [got, *got.sections, *got.paragraphs]:
        for f in fields(obj):
            marker = sentinels.get((type(obj).__name__, f.name))
            if marker is not None:
                assert getattr(obj, f.name) is marker, (type(obj).__name__, f.name)
                checked += 1
    assert any(s.kind == "mention" for p in got.paragraphs for s in p.spans)  # paragraphs were rebuilt
    assert checked > len(got.paragraphs) * 3
