"""Mention detection: folded matching, attached letters, longest match, ambiguity, other layers; and
the full mention list of every briefing against tests/cases/mentions/<briefing>.tsv.

After a deliberate change to the data or the matcher, regenerate the lists with
`UPDATE_GOLDEN=1 scripts/test tests/test_annotate.py` and review the diff.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from conftest import ROOT
from edition.annotate import Matcher, annotate_paragraph
from edition.model import Entity, Paragraph, Span
from edition.site import load

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
