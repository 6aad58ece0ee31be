"""The annotation pages in the built site: every mention is a link to its entry, every entry page
links every mention by paragraph anchor, notes are editorial and kept out of search, and the
figures and timeline link each value to its paragraph."""

from __future__ import annotations

import functools
import re
from collections import Counter
from html import escape as html_escape
from pathlib import Path

import pytest

from conftest import ROOT
from edition.annopages import Mention
from edition.model import Briefing, Corpus, Entity
from edition.site import load
from htmltext import parse_html

corpus_once = functools.cache(lambda: load(ROOT))


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_mention_is_a_link_to_its_entry(built_site: Path) -> None:
    entities = {e.id: e for e in corpus_once().entities}
    for b in corpus_once().briefings:
        page = html_of(built_site, f"briefings/{b.meta.id}")
        root = parse_html(page)
        links = [(a.attrs["href"], a.text()) for a in root.find_all("a", "mention")]
        expected = [(f"../../entities/{s.target}/", p.text[s.start:s.end])
                    for p in b.paragraphs for s in p.spans if s.kind == "mention"]
        assert links == expected, b.meta.id
        # The tooltip of a mention (cite.js) is its entry's name and note from the "named here" list,
        # where each mentioned entry's note is once: the page never repeats a note per mention.
        named = root.find_all("dl", "named")[0]
        tips = {}
        for dd in named.find_all("dd"):
            kids = [k for k in dd.iter() if k is not dd and k.tag in ("a", "span")]
            for i, a in enumerate(kids):
                if a.tag == "a":
                    note = next(k for k in kids[i + 1:] if k.tag == "a" or "named-note" in k.classes)
                    assert note.tag == "span", a.attrs
                    tips[a.attrs["href"]] = a.text() + note.text()
        named_ids = {s.target for p in b.paragraphs for s in p.spans if s.kind == "mention"}
        for target in named_ids:
            e = entities[target]
            assert tips[f"../../entities/{target}/"] == f"{e.name_ar}: {e.note_ar}"
            same = sum(entities[x].note_ar == e.note_ar for x in named_ids)  # two entries may share a note
            assert page.count(html_escape(e.note_ar)) == same, (b.meta.id, target)


def listed_mentions(page: str) -> tuple[list[tuple[str, int]], int]:
    """An entry page's mention list: (paragraph link, mentions there) in order, and the number of
    mentions it says it does not list. A link with an excerpt is one mention; a compact paragraph
    link is followed by ×n when the paragraph has n > 1."""
    start = page.index('id="mentions"') if 'id="mentions"' in page else page.index("{#mentions ")
    section = page[start:page.index("</article>")]
    if "<ul" in section:
        assert re.search(r'<ul class="mentions" data-search-ignore=""', section)
    links = [(href, int(times or 1))
             for href, times in re.findall(r'<a href="([^"]*#p\d+)"[^>]*>p\d+</a>(?: ×(\d+))?', section)]
    more = re.search(r'data-unlisted="(\d+)"', section)
    return links, int(more.group(1)) if more else 0


def test_entry_pages_link_every_mention_by_paragraph_anchor(built_site: Path) -> None:
    """Every mention is linked from its entry page by its paragraph anchor (here every page lists
    all of its mentions); past the page's bounds the rest are counted and left to search and data."""
    corpus = corpus_once()
    expected: Counter[tuple[str, str]] = Counter()
    for b in corpus.briefings:
        for p in b.paragraphs:
            for s in p.spans:
                if s.kind == "mention":
                    expected[(s.target, f"../../briefings/{b.meta.id}/#{p.id}")] += 1
    got: Counter[tuple[str, str]] = Counter()
    for e in corpus.entities:
        links, unlisted = listed_mentions(html_of(built_site, f"entities/{e.id}"))
        assert unlisted == 0, e.id
        for href, times in links:
            got[(e.id, href)] += times
    assert got == expected


def every_mention(corpus: Corpus) -> dict[str, list[Mention]]:
    """Entity id → every one of its mentions, in corpus order: the simple pass that
    annopages.entry_mentions is checked against."""
    out: dict[str, list[Mention]] = {}
    for b in corpus.briefings:
        for s in b.sections:
            for p in s.paragraphs:
                for span in p.spans:
                    if span.kind == "mention":
                        out.setdefault(span.target, []).append(
                            Mention(span.target, b, s.id, p, span.start, span.end, p.text[span.start:span.end]))
    return out


def test_entry_pages_are_bounded_and_count_what_they_do_not_list(tmp_path: Path) -> None:
    """With many texts an entry page lists its first mentions (EXCERPTS with an excerpt, LINKED
    paragraphs in all), in corpus order, and gives the number of the others."""
    from edition.annopages import (
        EXCERPTS,
        LINKED,
        annotation_files,
        entry_mentions,
        listed_texts_at_most,
    )
    from edition.pipeline import Inputs, load_corpus
    from edition.synth import synth_project

    corpus = load_corpus(Inputs.from_dir(synth_project(ROOT, 40, tmp_path / "p")))
    found = every_mention(corpus)
    counted = entry_mentions(corpus)
    assert set(counted) == set(found)
    pages = annotation_files(corpus)
    for e in corpus.entities:
        ms = found.get(e.id, [])
        page = pages[f"entities/{e.id}.md"]
        links, unlisted = listed_mentions(page + "</article>")
        listed = sum(times for _, times in links)
        assert listed + unlisted == len(ms), e.id
        order = [f"../../briefings/{m.briefing.meta.id}/#{m.paragraph.id}" for m in ms[:listed]]
        assert [h for h, times in links for _ in range(times)] == order, e.id
        texts = len({h.partition("#")[0] for h, _ in links})
        assert len({h for h, _ in links}) + texts <= LINKED or listed <= EXCERPTS, e.id
        assert page.count('class="ctx"') == min(EXCERPTS, len(ms)), e.id
        if unlisted:  # the texts of the mentions not listed, counted (annopages counts the listed texts off)
            assert f"، في {len({id(m.briefing) for m in ms[listed:]})} من النصوص)" in page, e.id
        if ms:  # what entry_mentions keeps and counts in its one pass, against the simple pass
            entry = counted[e.id]
            first_texts = list(dict.fromkeys(id(m.briefing) for m in ms))[:listed_texts_at_most()]
            assert entry.found == [m for m in ms if id(m.briefing) in first_texts], e.id
            assert entry.total == len(ms), e.id
            assert entry.paragraphs == len({id(m.paragraph) for m in ms}), e.id
            assert entry.texts == len({id(m.briefing) for m in ms}), e.id
            assert list(entry.spellings.items()) == list(Counter(m.spelling for m in ms).items()), e.id
    biggest = max(corpus.entities, key=lambda e: len(found.get(e.id, [])))
    assert listed_mentions(pages[f"entities/{biggest.id}.md"] + "</article>")[1] > 0, "the bound is reached"


def test_entry_pages_need_only_the_mentions_of_their_first_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """entry_mentions keeps the mentions of the first texts an entry page can list, and counts the
    rest: with a small bound (so that most entries have more texts than it), every entry page and
    index is the one made from every mention."""
    from edition import annopages
    from edition.pipeline import Inputs, load_corpus
    from edition.synth import synth_project

    corpus = load_corpus(Inputs.from_dir(synth_project(ROOT, 40, tmp_path / "p")))
    monkeypatch.setattr(annopages, "EXCERPTS", 2)
    monkeypatch.setattr(annopages, "LINKED", 5)
    kept, every = annopages.entry_mentions(corpus), annopages.entry_mentions(corpus, kept_texts=10**9)
    assert sum(len(kept[k].found) < len(every[k].found) for k in every) > 10, "the bound is reached"
    speaking = annopages.speaking_sections(corpus)
    for e in corpus.entities:
        assert (annopages.entity_page(e, corpus, kept.get(e.id, annopages.NO_MENTIONS), speaking)
                == annopages.entity_page(e, corpus, every.get(e.id, annopages.NO_MENTIONS), speaking)), e.id
    for kind in annopages.KIND_PAGES:
        assert annopages.kind_page(kind, corpus, kept) == annopages.kind_page(kind, corpus, every), kind


@pytest.mark.parametrize(("excerpts", "linked"), [(2, 5), (2, 6), (6, 8), (3, 20), (0, 1), (0, 0)])
def test_the_bound_on_listed_texts_is_reached_and_never_passed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                excerpts: int, linked: int) -> None:
    """An entry named once in each text (the cheapest texts to list, two links each) is listed over
    exactly listed_texts_at_most() texts: its page from the mentions of those texts is its page from all
    of them, and with one text fewer it is not. With no room for any text (EXCERPTS 0, LINKED < 2) the
    bound is one text: a page without a mention kept would say the entry is named nowhere."""
    from edition import annopages
    from edition.pipeline import Inputs, load_corpus
    from edition.synth import synth_project

    monkeypatch.setattr(annopages, "EXCERPTS", excerpts)
    monkeypatch.setattr(annopages, "LINKED", linked)
    corpus = load_corpus(Inputs.from_dir(synth_project(ROOT, 40, tmp_path / "p")))
    e = corpus.entities[0]
    once = []
    for b in corpus.briefings:  # the first mention of each text, made a mention of e
        p = next(p for p in b.paragraphs if any(s.kind == "mention" for s in p.spans))
        s = next(s for s in p.spans if s.kind == "mention")
        once.append(Mention(e.id, b, "", p, s.start, s.end, p.text[s.start:s.end]))
    bound = annopages.listed_texts_at_most()
    assert bound < len(once)

    def page(texts: int) -> str:
        return annopages.mention_list(e, corpus, annopages.EntryMentions(once[:texts], len(once), {}, len(once),
                                                                         len(once)), "../")

    assert page(bound) == page(len(once))
    assert page(bound - 1) != page(len(once))


def named_here_simply(doc: str, b: Briefing, corpus: Corpus) -> str:
    """annopages.named_here as it was written first (the entries grouped by kind, then each kind's items
    made): what the one pass is checked against."""
    from edition.annopages import IGNORE, _named_item
    from edition.model import ENTITY_KINDS
    from edition.render import page_root

    counts: dict[str, int] = {}
    for p in b.paragraphs:
        for span in p.spans:
            if span.kind == "mention":
                counts[span.target] = counts.get(span.target, 0) + 1
    if not counts:
        return ""
    by_kind: dict[str, list[Entity]] = {}
    for eid in counts:
        e = corpus.entity_index[eid]
        by_kind.setdefault(e.kind, []).append(e)
    rows = []
    for kind, label in ENTITY_KINDS.items():
        found = by_kind.get(kind)
        if found:
            items = "، ".join(_named_item(e.id, e.name_ar, e.note_ar, page_root(doc), counts[e.id]) for e in found)
            rows.append(f"<dt>{label}</dt><dd>{items}</dd>")
    return ("## من وما يُذكر في هذا النص {#named-here .ed}\n\n"
            f'<dl class="named ed"{IGNORE}>' + "".join(rows) + "</dl>\n")


def test_named_here_is_the_simple_summary(tmp_path: Path) -> None:
    from edition.annopages import named_here
    from edition.pipeline import Inputs, load_corpus
    from edition.synth import synth_project

    for corpus in (corpus_once(), load_corpus(Inputs.from_dir(synth_project(ROOT, 40, tmp_path / "p")))):
        for b in corpus.briefings:
            for doc in (f"briefings/{b.meta.id}.md", "index.md", "a/b/c.md"):
                assert named_here(doc, b, corpus) == named_here_simply(doc, b, corpus), b.meta.id
    assert named_here("index.md", corpus.briefings[0], corpus), "the synthetic texts name entries"


def test_each_briefing_names_who_and_what(built_site: Path) -> None:
    root = parse_html(html_of(built_site, "briefings/washington-2019-pompeo-speech-report"))
    named = root.find_all("dl", "named")[0]
    assert "data-search-ignore" in named.attrs
    people = [a.text() for a in named.find_all("a")]
    for name in ["مايك بومبيو", "الياس أبو صعب", "جيم جيفري", "محمد الحكيم", "نادية مراد", "كريم خان"]:
        assert name in people


def test_notes_are_marked_editorial_and_excluded_from_search(built_site: Path) -> None:
    root = parse_html(html_of(built_site, "briefings/rome-2021-ukraine-gate-report"))
    refs = {s.attrs["data-note"]: s for s in root.find_all("span", "enote-ref")}
    assert refs["sdf-mistranslated"].text() == "قوات الدفاع السورية"
    # The note covers a mention: the mention's tooltip carries both, so only one tooltip pops up.
    mention = next(a for a in root.find_all("a", "mention") if a.text() == "قوات الدفاع السورية")
    assert "ترجمة خاطئة" in mention.attrs["title"] and "title" not in refs["sdf-mistranslated"].attrs
    alone = parse_html(html_of(built_site, "briefings/rome-2021-us-officials-briefing")).find_all("span", "enote-ref")
    assert [(s.attrs["tabindex"], "title" in s.attrs) for s in alone] == [("0", True)]
    asides = root.find_all("aside", "enotes")
    assert asides and all("data-search-ignore" in a.attrs and "data-pagefind-ignore" in a.attrs for a in asides)
    assert any(p.attrs.get("id") == "note-sdf-mistranslated" for a in asides for p in a.find_all("p", "enote"))


def test_figures_page_side_by_side_with_links(built_site: Path) -> None:
    page = html_of(built_site, "figures")
    root = parse_html(page)
    assert "واشنطن 2019 وروما 2021 بالأرقام" in root.find_all("h1")[0].text()
    row = next(tr for tr in root.find_all("tr") if tr.attrs.get("id") == "f-coalition-members")
    cells = row.find_all("td")
    assert "79" in cells[0].text() and "83" in cells[1].text() and "+4" in cells[2].text()
    for td in root.find_all("td", "value"):
        links = td.find_all("a", "src-ref")
        assert links and all("#p" in a.attrs["href"] for a in links)


def test_timeline_links_every_event(built_site: Path) -> None:
    root = parse_html(html_of(built_site, "timeline"))
    events = root.find_all("ol", "events")[0].find_all("li")
    assert len(events) == len(corpus_once().annotations.timeline)
    for li in events:
        assert li.find_all("a", "src-ref"), li.attrs["id"]


def test_english_names_are_marked_english(built_site: Path) -> None:
    for url in ["names/people", "entities/worman"]:
        root = parse_html(html_of(built_site, url))
        latins = root.find_all(None, "latin")
        assert latins and all(x.attrs.get("lang") == "en" and x.attrs.get("dir") == "ltr" for x in latins)
    assert "(نقحرة)" in parse_html(html_of(built_site, "entities/worman")).text()


def test_glossary_gives_arabic_and_english_names(built_site: Path) -> None:
    root = parse_html(html_of(built_site, "names/terms"))
    rows = {tr.attrs["id"]: tr.text() for tr in root.find_all("tr") if "id" in tr.attrs}
    assert "عملية العزم الصلب" in rows["operation-inherent-resolve"]
    assert "Operation Inherent Resolve" in rows["operation-inherent-resolve"]
    assert "2254" in rows["unscr-2254"]
    for entity, words in {"abbr-isis": ["داعش", "الدولة الإسلامية", "ISIS", "Daesh"],
                          "abbr-sdf": ["قسد", "قوات سوريا الديمقراطية", "SDF"]}.items():
        for word in words:
            assert word in rows[entity], (entity, word)
