"""The texts' pages' fast paths write exactly what the simple ones wrote: nest's one loop (against
tests/nest_reference.py), the pieces of a text escaped in one call, md_inline's search before its
translate table, and whole pages rendered with every fast path of render.py against the same pages
rendered by the simple versions (nest for every paragraph, a quote's, label's or link's tag made
each time, every link to another page through href on its own page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition import render
from edition.markup import attrs, html, nest
from edition.model import Span
from hostile import ARABIC, BIDI, HEADINGS, INLINE, hostile_text, meta_yml
from nest_reference import reference_nest

ROOT = Path(__file__).resolve().parents[1]
# Text pieces: syntax of every kind, Arabic with tashkeel and tatweel, NFC and non-NFC Latin, astral
# characters, bidi controls, and the characters escape_pieces treats apart (NUL, tab, line end).
PIECES = st.one_of(st.sampled_from(INLINE), st.sampled_from(ARABIC), st.sampled_from(BIDI),
                   st.sampled_from(["\0", "\t", "\n", "&", "<", ">", '"', "'", "é", "e\u0301", "ـــ", "دَاعِشُ",
                                    "\U0001d54f", "\U0001f600", "\u0651", "Ω"]),
                   st.text(max_size=6))
TEXTS = st.lists(PIECES, max_size=8).map("".join)
KINDS = st.sampled_from(["mention", "quote", "label", "link", "latin", "note"])


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(TEXTS)
    # Offsets past the end, empty and inverted spans, ties, crossings and any order.
    bound = len(text) + 3
    raw = draw(st.lists(st.tuples(st.integers(0, bound), st.integers(0, bound), KINDS,
                                  st.sampled_from(["x", "<y>", "", "&z\""])), max_size=10))
    return text, [Span(*r) for r in raw]


def _open(span: Span) -> str:
    return f"<{span.kind} {span.start}-{span.end} {span.target}>"


def _close(span: Span) -> str:
    return f"</{span.kind} {span.start}>"


@settings(max_examples=3000, deadline=None)
@given(text_and_spans())
def test_nest_is_the_reference_nest(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    assert nest(text, spans, _open, _close) == reference_nest(text, spans, _open, _close)
    # Tags named only by kind, as the renderer's (a wrong order or a lost tag shows as well).
    assert (nest(text, spans, lambda s: f"<{s.kind}>", lambda s: f"</{s.kind}>")
            == reference_nest(text, spans, lambda s: f"<{s.kind}>", lambda s: f"</{s.kind}>"))


@settings(max_examples=500, deadline=None)
@given(text_and_spans())
def test_no_source_text_becomes_markup_in_nest(case: tuple[str, list[Span]]) -> None:
    """Without its tags, nest's output is the escaped text: every character of it, in order."""
    text, spans = case
    out = nest(text, spans, lambda s: "\x01", lambda s: "\x02")
    bare = out.replace("\x01", "").replace("\x02", "")
    if "\x01" not in text and "\x02" not in text:
        assert bare == html(text)


@settings(max_examples=1000, deadline=None)
@given(text_and_spans())
def test_escaped_pieces_are_each_piece_escaped(case: tuple[str, list[Span]]) -> None:
    from edition.markup import escape_pieces

    text, spans = case
    cuts = sorted({0, len(text), *(x for s in spans for x in (s.start, s.end) if x <= len(text))})
    pieces = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    assert escape_pieces(text, pieces) == [html(piece) for piece in pieces]


def test_md_inline_searches_exactly_the_characters_it_translates() -> None:
    from edition.markup import _MD_SPECIAL, _MD_TABLE

    for c in range(0x110000):
        assert bool(_MD_SPECIAL.search(chr(c))) == (c in _MD_TABLE), hex(c)


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_md_inline_is_the_translate_table(text: str) -> None:
    from edition.markup import _MD_TABLE, md_inline

    assert md_inline(text) == text.translate(_MD_TABLE)


@pytest.mark.parametrize("speaker", ["s", "vice-president", "<x>", "\"'&", "قائل"])
def test_a_speakers_span_tag_is_the_attrs_one(speaker: str) -> None:
    assert render.speaker_span_tag("quote", speaker) == f"<span{attrs(class_='quote', data_speaker=speaker)}>"
    assert render.speaker_span_tag("label", speaker) == f"<span{attrs(class_='cue', data_speaker=speaker)}>"


def _corpora() -> dict[str, object]:
    from edition.pipeline import Inputs, load_corpus
    from edition.synth import synth_seeds

    real = Inputs.from_dir(ROOT)
    # Hostile texts in a meeting of the real ones (so they list them and are listed), one of them
    # with the id "index", whose page is its folder's index page (briefings/index.md).
    hostile = {**real.files}
    for briefing_id in ("hostile-test", "index"):
        hostile[f"seeds/900_{briefing_id}.txt"] = hostile_text().encode()
        hostile[f"seeds/900_{briefing_id}.meta.yml"] = meta_yml(briefing_id, HEADINGS).replace(
            "meeting: test-2020", "meeting: rome-2021").encode()
    return {"real": load_corpus(real), "hostile": load_corpus(Inputs(hostile)),
            "synth": load_corpus(Inputs(synth_seeds(40, real)))}


class SimpleRenderer(render.Renderer):
    """Every link through href on its own page, every tag made where it is used."""

    def sibling_item(self, doc: str, x: render.Briefing) -> str:
        return (f'<li><a href="{render.href(doc, render.url_of(render.briefing_doc(x)))}">{html(x.meta.title_ar)}</a> — '
                f"{html(render.TEXT_KINDS[x.meta.kind][0])}</li>")

    def speaker_name(self, doc: str, who: render.Speaker) -> str:
        if who.entity and who.entity in self.entities:
            return f'<a class="entity-link" href="{render.href(doc, f"entities/{who.entity}/")}">{html(who.name_ar)}</a>'
        return html(who.name_ar)

    def meeting_href(self, from_doc: str, meeting_id: str) -> str:
        return render.href(from_doc, self.meeting_url(meeting_id))

    def link_tag(self, doc: str, meeting_id: str) -> str:
        m = self.corpus.meeting(meeting_id)
        title = f"{m.title_ar} ({render.date_ar(m.date)})"
        return f"<a{attrs(class_='xref', href=self.meeting_href(doc, m.id), title=title)}>"


def test_pages_are_the_simple_renderers(monkeypatch: pytest.MonkeyPatch) -> None:
    from edition.cite import Site
    from edition.pipeline import markdown_pages

    corpora = _corpora()
    site = Site("s", None)
    fast = {name: markdown_pages(corpus, site) for name, corpus in corpora.items()}  # type: ignore[arg-type]
    assert "briefings/index.md" in fast["hostile"]
    monkeypatch.setattr(render, "nest", reference_nest)
    monkeypatch.setattr(render, "_mentions_only", lambda text, spans, root: None)
    monkeypatch.setattr(render, "speaker_span_tag",
                        lambda kind, who: f"<span{attrs(class_='quote' if kind == 'quote' else 'cue', data_speaker=who)}>")
    monkeypatch.setattr(render, "Renderer", SimpleRenderer)
    for name, corpus in corpora.items():
        simple = markdown_pages(corpus, site)  # type: ignore[arg-type]
        assert simple.keys() == fast[name].keys()
        for path, page in simple.items():
            assert fast[name][path] == page, (name, path)
