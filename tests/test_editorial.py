"""Editorial notes, figures and the timeline: loaded with located errors, attached to the exact
words of a paragraph, and rendered as pages whose every value links to a source paragraph."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from conftest import ROOT, make_project
from edition.errors import EditionError
from edition.model import NOTE_TYPES
from edition.site import load

corpus_once = functools.cache(lambda: load(ROOT))


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    with pytest.raises(EditionError) as info:
        load(make_project(tmp_path / "p", files))
    return [str(p) for p in info.value.problems]


def test_the_issue_notes_exist_with_type_and_basis() -> None:
    notes = {(n.ref.briefing, n.ref.text): n for n in corpus_once().annotations.notes}
    wanted = {
        ("rome-2021-joint-statement-and-blinken-remarks", "بلكين"): "sic",
        ("rome-2021-ukraine-gate-report", "قوات الدفاع السورية"): "translation-note",
        ("rome-2021-us-officials-briefing", "إنالولايات"): "sic",
        ("washington-2019-pompeo-speech-report", "110 كلم مربع"): "source-conflict",
        ("rome-2021-ukraine-gate-report", "77 دولة أخرى وخمس منظمات"): "source-conflict",
        ("washington-2019-news-report", "الدول الـ74 وخمس منظمات"): "source-conflict",
    }
    for key, kind in wanted.items():
        assert notes[key].type == kind
    assert len(notes) >= 15 and all(n.basis_ar and n.type in NOTE_TYPES for n in notes.values())


def test_notes_are_spans_on_the_exact_words_and_the_words_are_unchanged() -> None:
    for b in corpus_once().briefings:
        for p in b.paragraphs:
            for s in p.spans:
                if s.kind == "note":
                    note = next(n for n in corpus_once().annotations.notes if n.id == s.target)
                    assert p.text[s.start:s.end] == note.ref.text and p.id == note.ref.paragraph


def test_every_figure_and_event_links_to_a_source_paragraph() -> None:
    corpus = corpus_once()
    paragraphs = {(b.meta.id, p.id): p for b in corpus.briefings for p in b.paragraphs}
    figures = corpus.annotations.figures
    assert {f.id for f in figures} >= {"coalition-members", "people-freed", "iraqis-returned", "fighters-held-by-sdf",
                                       "stabilisation-sought", "stabilisation-shortfall", "new-us-humanitarian-aid"}
    for f in figures:
        for v in f.values:
            assert v.refs or v.value is None, (f.id, v.meeting)
            for r in v.refs:
                assert paragraphs[(r.briefing, r.paragraph)].text[r.start:r.end] == r.text
    members = {v.meeting: v.value for v in next(f for f in figures if f.id == "coalition-members").values}
    assert members == {"washington-2019": 79, "rome-2021": 83}
    events = corpus.annotations.timeline
    assert [e.when for e in events] == sorted(e.when for e in events)
    assert {"coalition-founded", "brussels-ministerial", "rabat-political-directors", "withdrawal-announced",
            "washington-ministerial", "munich-defence-ministers", "baghdad-bombings", "rome-ministerial", "g20-matera",
            "next-ministerial"} <= {e.id for e in events}
    for e in events:
        assert e.refs
        for r in e.refs:
            assert paragraphs[(r.briefing, r.paragraph)].text[r.start:r.end] == r.text


def test_a_ref_that_misses_its_words_is_a_located_error(tmp_path: Path) -> None:
    notes = """notes:
  - id: bad
    type: sic
    ref: {briefing: rome-2021-ukraine-gate-report, paragraph: p3, text: بلينكنن}
    note_ar: ملاحظة.
    basis_ar: أساس.
  - id: bad2
    type: typo
    ref: {briefing: no-such-briefing, paragraph: p1, text: x}
    note_ar: ملاحظة.
    basis_ar: أساس.
  - id: bad3
    type: sic
    ref: {briefing: rome-2021-ukraine-gate-report, paragraph: p999, text: x}
    note_ar: ملاحظة.
"""
    got = problems_of(tmp_path, {"notes.yml": notes})
    assert got[0].startswith("seeds/notes.yml:4: notes[0].ref.text: 'بلينكنن' is not in rome-2021-ukraine-gate-report#p3")
    assert got[1:] == [
        "seeds/notes.yml:8: notes[1].type: 'typo' is not one of: context, correction, sic, source-conflict, "
        "translation-note",
        "seeds/notes.yml:9: notes[1].ref.briefing: unknown briefing 'no-such-briefing' (known: "
        "rome-2021-joint-statement-and-blinken-remarks, rome-2021-ukraine-gate-report, rome-2021-us-officials-briefing, "
        "washington-2019-news-report, washington-2019-pompeo-speech-report)",
        "seeds/notes.yml:12: notes[2].basis_ar: is required (text)",
        "seeds/notes.yml:14: notes[2].ref.paragraph: rome-2021-ukraine-gate-report has no paragraph 'p999'",
    ]


def test_figure_and_timeline_errors_are_located(tmp_path: Path) -> None:
    figures = """figures:
  - id: members
    title_ar: الأعضاء
    title_en: Members
    unit_ar: عضوا
    values:
      - {meeting: rome-2021, value: 83, label_ar: 83 عضوا}
      - {meeting: paris-2030, value: unknown, label_ar: غير مذكور}
"""
    timeline = """events:
  - id: founded
    when: 2014-13
    title_ar: تأسيس
    title_en: Founded
    refs: []
"""
    assert problems_of(tmp_path, {"figures.yml": figures, "timeline.yml": timeline}) == [
        "seeds/figures.yml:7: figures[0].values[0].refs: a value needs at least one ref to the words that state it",
        "seeds/figures.yml:8: figures[0].values[1].meeting: unknown meeting 'paris-2030'",
        "seeds/figures.yml:8: figures[0].values[1].note_ar: is required when the value is unknown: say what is known",
        "seeds/timeline.yml:3: events[0].when: '2014-13' is not YYYY, YYYY-MM or YYYY-MM-DD (quote it: \"2018-12\")",
    ]


def test_a_note_that_crosses_a_quote_edge_is_an_error(tmp_path: Path) -> None:
    # «قال دي مايو: “يجب علينا» would cut the quote that starts at “.
    notes = """notes:
  - id: crossing
    type: context
    ref: {briefing: rome-2021-ukraine-gate-report, paragraph: p6, text: "مايو: “يجب"}
    note_ar: ملاحظة.
    basis_ar: أساس.
"""
    got = problems_of(tmp_path, {"notes.yml": notes})
    assert len(got) == 1 and got[0].startswith("seeds/notes.yml:2: ref.text: 'مايو: “يجب' crosses the edge of a")
