"""Rendering the annotation layers: mentions and notes inside paragraphs, the "who and what is
named here" summary of a briefing, the index pages per kind, an entry page per entity, the
figures page and the timeline page.

Editorial content carries `data-search-ignore` (and Pagefind's `data-pagefind-ignore`), so a search
index never takes it for source words. English fragments carry lang="en" dir="ltr".
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import NamedTuple

from .markup import attrs, html, md_inline
from .model import (
    ENTITY_KINDS,
    NOTE_TYPES,
    Briefing,
    Corpus,
    Entity,
    Figure,
    Meeting,
    Note,
    Paragraph,
    Ref,
    Section,
    Span,
)
from .render import MONTHS_AR, date_ar, front_matter, href, mention_tag, page_root

IGNORE = ' data-search-ignore="" data-pagefind-ignore=""'
KIND_PAGES: dict[str, tuple[str, str]] = {  # kind → (doc, title)
    "person": ("names/people.md", "الأشخاص"),
    "organisation": ("names/organisations.md", "المنظمات والهيئات"),
    "place": ("names/places.md", "الأماكن"),
    "term": ("names/terms.md", "مسرد المصطلحات"),
    "event": ("names/events.md", "الأحداث"),
}
FIGURES_DOC = "figures.md"
TIMELINE_DOC = "timeline.md"
CONTEXT = 45  # characters of context on each side of a mention in a listing
EXCERPTS = 8  # mentions listed with an excerpt on an entry page (the first, in corpus order)
LINKED = 80  # links to texts and paragraphs on an entry page in all; the mentions past them are counted, not listed
SPEAKS = 10  # sections where the entry speaks, listed on its page; the others are counted


def entity_doc(e: Entity) -> str:
    return f"entities/{e.id}.md"


def entity_url(entity_id: str) -> str:
    return f"entities/{entity_id}/"


def latin(e: Entity) -> str:
    """The Latin name in English, isolated; an unverified one is marked (in Arabic) as a transliteration."""
    name = f'<span class="latin" lang="en" dir="ltr">{html(e.name_en)}</span>'
    return name if e.name_en_verified else name + ' <span class="translit">(نقحرة)</span>'


def note_tooltip(n: Note) -> str:
    return f"ملاحظة المحررين ({NOTE_TYPES[n.type]}): {n.note_ar}"


class Mention(NamedTuple):
    """One mention as listed on an entry page: where it is and the exact spelling used there.

    (A named tuple: a corpus of 1,000 texts has over 100,000 of them, made in one pass.)"""

    entity: str
    briefing: Briefing
    section: str
    paragraph: Paragraph
    start: int
    end: int
    spelling: str  # paragraph.text[start:end]


class EntryMentions(NamedTuple):
    """An entry's mentions as its pages use them: the first ones in corpus order, and counts of all."""

    found: list[Mention]  # every mention in the first texts that mention the entry (entry_mentions)
    total: int  # how many mentions in all
    spellings: dict[str, int]  # how often each spelling is used, in the order of first use
    paragraphs: int  # how many paragraphs the mentions are in
    texts: int  # how many texts


NO_MENTIONS = EntryMentions([], 0, {}, 0, 0)


class _Tally:
    """An entry's mentions while entry_mentions collects them."""

    __slots__ = ("found", "spellings", "paragraphs", "texts", "paragraph", "text")

    def __init__(self) -> None:
        self.found: list[Mention] = []
        self.paragraphs = self.texts = 0
        self.spellings: dict[str, int] = {}
        self.paragraph: Paragraph | None = None  # the last paragraph and text counted
        self.text: Briefing | None = None


def listed_texts_at_most() -> int:
    """How many texts an entry page can list (mention_list): it lists whole texts, each at a cost of
    at least two links (its title, and an excerpt or a paragraph). While fewer than EXCERPTS mentions
    are listed, a text is listed whatever it costs, and each adds at least one mention: so at most
    EXCERPTS texts. A text after that is listed only if every link so far fits within LINKED: so at
    most LINKED // 2 texts in all. (A text past these is never listed: without it the page is the
    same, tests/test_annotation_pages.py checks both bounds are reached.) At least one text, even
    when none can be listed: a page without any mention kept says the entry is named nowhere."""
    return max(1, EXCERPTS, LINKED // 2)


def entry_mentions(corpus: Corpus, kept_texts: int | None = None) -> dict[str, EntryMentions]:
    """Entity id → its mentions in its first `kept_texts` texts (by default all an entry page can
    list, listed_texts_at_most()), and the number of all its mentions, their spellings, paragraphs
    and texts, in one pass: an entry page's work past counting is bounded like its list, however many
    texts name the entry (and counting while each mention is at hand beats passes over 100,000 of
    them afterwards). The pass is in corpus order, so an entry's mentions in one paragraph, and in
    one text, come one after the other: a paragraph or a text is counted where it changes. The
    number of all its mentions is the sum of its spellings' counts (not a count of its own).
    tests/test_annotation_pages.py checks it against the simple pass over every mention."""
    kept = listed_texts_at_most() if kept_texts is None else kept_texts
    tallies: dict[str, _Tally] = {}
    new = tuple.__new__  # what Mention(...) does, without its keyword handling
    for b in corpus.briefings:
        for s in b.sections:
            sid = s.id
            for p in s.paragraphs:
                text = p.text
                for start, end, kind, target in p.spans:
                    if kind != "mention":
                        continue
                    tally = tallies.get(target)
                    if tally is None:
                        tally = tallies[target] = _Tally()
                    if tally.paragraph is not p:
                        tally.paragraph = p
                        tally.paragraphs += 1
                        if tally.text is not b:
                            tally.text = b
                            tally.texts += 1
                    spelling = text[start:end]
                    tally.spellings[spelling] = tally.spellings.get(spelling, 0) + 1
                    if tally.texts <= kept:
                        tally.found.append(new(Mention, (target, b, sid, p, start, end, spelling)))
    return {eid: EntryMentions(t.found, sum(t.spellings.values()), t.spellings, t.paragraphs, t.texts)
            for eid, t in tallies.items()}


# -- inside a briefing page ----------------------------------------------------------------------

def open_tag(corpus_entities: dict[str, Entity], notes: dict[str, Note], doc: str, span: Span,
             spans: tuple[Span, ...] = ()) -> str:
    """The opening tag of a mention or a note. A mention carries no note of its own: its entry's note
    is once on the page, in the "named here" list, and cite.js makes it the mention's tooltip (without
    script the mention is a link to the entry page). Nested elements would each pop a tooltip at once,
    so a note that lies inside a mention is the mention's title (cite.js puts the entry's note before
    it), and a note that overlaps a mention has no tooltip of its own (its text is in the block under
    the paragraph)."""
    if span.kind == "mention":
        inner = [note_tooltip(notes[s.target]) for s in spans
                 if s.kind == "note" and span.start <= s.start and s.end <= span.end]
        if inner:
            return f'<a{attrs(class_="mention", href=page_root(doc) + entity_url(span.target), title=" — ".join(inner))}>'
        return mention_tag(span.target, page_root(doc))
    n = notes[span.target]
    overlaps = any(s.kind == "mention" and s.start < span.end and span.start < s.end for s in spans)
    if overlaps:
        return f'<span{attrs(class_="enote-ref", data_note=n.id, data_note_type=n.type)}>'
    return f'<span{attrs(class_="enote-ref", data_note=n.id, data_note_type=n.type, title=note_tooltip(n))} tabindex="0">'


def paragraph_notes(notes: list[Note]) -> str:
    """The editorial notes on a paragraph, shown under it and kept out of the search index."""
    if not notes:
        return ""
    items = "".join(
        f'<p class="enote" id="note-{n.id}"><span class="enote-type">ملاحظة المحررين: {NOTE_TYPES[n.type]}</span> '
        f'«<span class="enote-words">{html(n.ref.text)}</span>»: {html(n.note_ar)} '
        f'<span class="enote-basis">الأساس: {html(n.basis_ar)}</span></p>' for n in notes)
    return f'<aside class="enotes ed"{IGNORE} aria-label="ملاحظات المحررين">{items}</aside>'


@functools.lru_cache(maxsize=65536)
def _named_item(entity_id: str, name_ar: str, note_ar: str, root: str, count: int) -> str:
    # Keyed by strings (their hashes are cached), not by the Entity, whose hash walks every field.
    return (f'<a href="{root}entities/{html(entity_id)}/">{html(name_ar)}</a><span class="count"> ({count})</span>'
            f'<span class="print-only named-note">: {html(note_ar)}</span>')


def named_here(doc: str, b: Briefing, corpus: Corpus) -> str:
    """The "who and what is named here" summary of a briefing (Markdown with raw HTML): the entries
    by kind, each kind in the order of first mention (each entry's item made as it is put in its
    kind's list, in one pass over the entries named)."""
    counts: dict[str, int] = {}  # in the order of first mention
    for s in b.sections:
        for p in s.paragraphs:
            for span in p.spans:
                if span.kind == "mention":
                    counts[span.target] = counts.get(span.target, 0) + 1
    if not counts:
        return ""
    by_id = corpus.entity_index
    root = page_root(doc)
    by_kind: dict[str, list[str]] = {kind: [] for kind in ENTITY_KINDS}
    for eid, count in counts.items():
        e = by_id[eid]
        items = by_kind.get(e.kind)
        if items is not None:
            # Each entry's note is on the page once, here: cite.js makes it the tooltip of the entry's
            # mentions, and a printed page (which has no tooltips) shows these as its end notes.
            items.append(_named_item(eid, e.name_ar, e.note_ar, root, count))
    rows = "".join(f"<dt>{ENTITY_KINDS[kind]}</dt><dd>{'، '.join(items)}</dd>"
                   for kind, items in by_kind.items() if items)
    return ("## من وما يُذكر في هذا النص {#named-here .ed}\n\n"
            f'<dl class="named ed"{IGNORE}>' + rows + "</dl>\n")


# -- pages ---------------------------------------------------------------------------------------

def _ref_link(doc: str, corpus: Corpus, ref: Ref) -> str:
    b = next(x for x in corpus.briefings if x.meta.id == ref.briefing)
    title = f"{b.meta.title_ar}، الفقرة {ref.paragraph}: «{ref.text}»"
    return (f'<a{attrs(class_="src-ref", href=href(doc, f"briefings/{ref.briefing}/#{ref.paragraph}"), title=title)}'
            f' dir="ltr">{html(b.meta.seed[:3])}#{ref.paragraph}</a>')


def _snippet(m: Mention) -> str:
    text = m.paragraph.text
    start, end = max(0, m.start - CONTEXT), min(len(text), m.end + CONTEXT)
    before = ("…" if start else "") + html(text[start:m.start])
    after = html(text[m.end:end]) + ("…" if end < len(text) else "")
    return f'<span class="ctx">{before}<mark>{html(m.spelling)}</mark>{after}</span>'


def speaking_sections(corpus: Corpus) -> dict[str, list[tuple[Briefing, Section]]]:
    """Entry id → the sections where the entry speaks, in corpus order."""
    out: dict[str, list[tuple[Briefing, Section]]] = {}
    for b in corpus.briefings:
        for sp in b.meta.speakers:
            if sp.entity is not None:
                out.setdefault(sp.entity, []).extend((b, s) for s in b.sections if s.speaker == sp.id)
    return out


def entity_page(e: Entity, corpus: Corpus, entry: EntryMentions,
                speaking_by_entry: dict[str, list[tuple[Briefing, Section]]] | None = None) -> str:
    """An entry's page. `entry`: entry_mentions(corpus)[e.id] (NO_MENTIONS for none);
    `speaking_by_entry`: speaking_sections(corpus), when the caller has it."""
    doc = entity_doc(e)
    root = page_root(doc)
    kind_doc, kind_title = KIND_PAGES[e.kind]
    fm = {"title": e.name_ar,
          "description": f"{e.name_en}: every mention in the Coalition ministerial texts, by paragraph.",
          "edition": {"type": "entity", "id": e.id, "kind": e.kind, "name_en": e.name_en,
                      "latin_verified": e.name_en_verified, "latin": list(e.latin)}}
    out = [front_matter(fm), f"# {md_inline(e.name_ar)} {{#title .ed}}\n"]
    rows = [("النوع", f'<a href="{href(doc, kind_doc.removesuffix(".md") + "/")}">{kind_title}</a>'),
            ("بالحروف اللاتينية", latin(e))]
    for role in e.roles:
        en = f' <span class="latin" lang="en" dir="ltr">{html(role.role_en)}</span>' if role.role_en else ""
        dates = f"في {date_ar(role.as_of)}" if role.as_of else ""
        if role.start or role.end:
            dates += f" (من {date_ar(role.start)} إلى {date_ar(role.end)})"
        rows.append(("الصفة", f"{html(role.role_ar)}{en} <span class=\"when\">{dates}</span>"))
    if entry.spellings:  # the most used first, as Counter.most_common orders them
        rows.append(("الكتابات في النصوص", "، ".join(
            f"«{html(s)}» <span class=\"count\">({n})</span>" for s, n in Counter(entry.spellings).most_common())))
    others = [x for x in e.latin if x != e.name_en]
    if others:
        rows.append(("أسماء لاتينية أخرى", '<span class="latin" lang="en" dir="ltr">'
                     + ", ".join(html(x) for x in others) + "</span>"))
    out.append('<dl class="bmeta ed">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>\n")
    out.append(f'<p class="entity-note ed">{html(e.note_ar)}</p>\n')
    speaking = (speaking_by_entry if speaking_by_entry is not None else speaking_sections(corpus)).get(e.id, [])
    if speaking:
        out.append("## يتحدث في {#speaks .ed}\n")
        for b, s in speaking[:SPEAKS]:  # bounded too: the texts' speaker sections are in data/corpus.json
            out.append(f"- [{md_inline(b.meta.title_ar)}: {md_inline(s.heading)}](../briefings/{b.meta.id}.md#{s.id})")
        if len(speaking) > SPEAKS:
            out.append(f"- وأقسام أخرى لا تُسرد هنا (عددها {len(speaking) - SPEAKS})")
        out.append("")
    out.append("## المواضع {#mentions .ed}\n")
    out.append(mention_list(e, corpus, entry, root))
    return "\n".join(out)


def mention_list(e: Entity, corpus: Corpus, entry: EntryMentions, root: str) -> str:
    """The mentions of an entry, bounded whatever the corpus size. One item per text, in corpus order:
    the text's title, then its mentions, the first EXCERPTS of the page with an excerpt, the others as
    one link per paragraph (×n when it has n mentions); up to LINKED links in all (a text's title
    counts as one). Then the number of the mentions not listed, which search (the name finds every
    mention) and data/corpus.json (every mention span) give."""
    found = entry.found
    if not found:
        return '<p class="ed">لا يرد هذا المدخل في فقرات النصوص إلا داخل عنوان أو رابط إلى اجتماع.</p>\n'
    items: list[str] = []
    listed = links = 0
    i = 0
    while i < len(found):
        b = found[i].briefing
        j = i
        while j < len(found) and found[j].briefing is b:
            j += 1
        ms = found[i:j]
        shown = ms[:max(0, EXCERPTS - listed)]
        per_paragraph: dict[str, int] = {}  # (a Counter made for each text, of a mention or two, took longer)
        for m in ms[len(shown):]:
            per_paragraph[m.paragraph.id] = per_paragraph.get(m.paragraph.id, 0) + 1
        cost = 1 + len(shown) + len(per_paragraph)
        if listed >= EXCERPTS and links + cost > LINKED:
            break
        bid = b.meta.id
        item = f'<li><a href="{root}briefings/{bid}/">{html(b.meta.title_ar)}</a>'
        if shown:
            item += "<ul>" + "".join(
                f'<li><a href="{root}briefings/{bid}/#{m.paragraph.id}" class="pref" dir="ltr">{m.paragraph.id}</a> '
                f"«{html(m.spelling)}» {_snippet(m)}</li>" for m in shown) + "</ul>"
        if per_paragraph:
            item += " " + " ".join(f'<a href="{root}briefings/{bid}/#{pid}">{pid}</a>' + (f" ×{n}" if n > 1 else "")
                                   for pid, n in per_paragraph.items())
        items.append(item + "</li>")
        listed += len(ms)
        links += cost
        i = j
    out = [f'<p class="ed">عدد المواضع: {entry.total} · الفقرات: {entry.paragraphs} · النصوص: {entry.texts}</p>',
           f'<ul class="mentions"{IGNORE}>' + "".join(items) + "</ul>"]
    if listed < entry.total:
        rest_texts = entry.texts - len(items)  # each item is all the mentions of one text
        out.append(f'<p class="ed more" data-unlisted="{entry.total - listed}">بقية المواضع لا تُسرد هنا (عددها '
                   f"{entry.total - listed}، في {rest_texts} من النصوص): البحث باسم المدخل (بأي من كتاباته) يجد كل مواضعه، "
                   f'وملف البيانات <a href="{root}data/corpus.json"><code>data/corpus.json</code></a> يسردها كلها '
                   f'(المقاطع من النوع <code>mention</code> وهدفها <code>{html(e.id)}</code>).</p>')
    return "\n\n".join(out) + "\n"


def _aliases(e: Entity) -> str:
    """Every other spelling of an entry: its Arabic variants, then its Latin names (in English)."""
    arabic = "، ".join(html(v) for v in e.variants if v != e.name_ar)
    others = [x for x in e.latin if x != e.name_en]
    latin_names = (f'<span class="latin" lang="en" dir="ltr">{html(", ".join(others))}</span>' if others else "")
    return " · ".join(x for x in (arabic, latin_names) if x)


def _index_table(doc: str, entries: list[Entity], found: dict[str, EntryMentions]) -> str:
    rows = []
    for e in entries:
        entry = found.get(e.id, NO_MENTIONS)
        rows.append(f'<tr id="{e.id}"><td><a href="{href(doc, entity_url(e.id))}">{html(e.name_ar)}</a></td>'
                    f"<td>{latin(e)}</td><td>{_aliases(e)}</td><td>{html(e.note_ar)}</td><td>{entry.total}</td>"
                    f"<td>{entry.texts}</td></tr>")
    return ('<table class="entity-index ed"><thead><tr><th>الاسم</th><th>بالحروف اللاتينية</th>'
            "<th>كتابات وأسماء أخرى</th><th>التعريف</th><th>المواضع</th><th>النصوص</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>\n")


def kind_page(kind: str, corpus: Corpus, found: dict[str, EntryMentions]) -> str:
    doc, title = KIND_PAGES[kind]
    fm = {"title": title, "description": f"Index of {kind}s named in the Coalition ministerial texts.",
          "edition": {"type": "index", "kind": kind}}
    out = [front_matter(fm), f"# {title} {{#title .ed}}\n"]
    out.append(_index_table(doc, sorted((e for e in corpus.entities if e.kind == kind), key=lambda e: e.name_ar),
                            found))
    if kind == "term":
        # The glossary also gives the other names of the bodies the texts abbreviate or name in two ways
        # (داعش / الدولة الإسلامية / ISIS / Daesh, قسد / SDF).
        named = sorted((e for e in corpus.entities if e.kind == "organisation"
                        and (len(e.variants) > 1 or len(e.latin) > 1)), key=lambda e: e.name_ar)
        if named:
            out.append("## أسماء المنظمات المختصرة والبديلة {#abbreviations .ed}\n")
            out.append(_index_table(doc, named, found).replace('<tr id="', '<tr id="abbr-'))
    out.append("## فهارس أخرى {#other-indexes .ed}\n")
    for other, (other_doc, other_title) in KIND_PAGES.items():
        if other != kind:
            out.append(f"- [{other_title}](../{other_doc})")
    if corpus.annotations.figures:
        out.append(f"- [{FIGURES_TITLE}](../{FIGURES_DOC})")
    if corpus.annotations.timeline:
        out.append(f"- [{TIMELINE_TITLE}](../{TIMELINE_DOC})")
    out.append("")
    return "\n".join(out)


FIGURES_TITLE = "الاجتماعات بالأرقام"
TIMELINE_TITLE = "الخط الزمني للأحداث المذكورة في النصوص"


def _meetings_of(figures: tuple[Figure, ...], corpus: Corpus) -> list[Meeting]:
    used = {v.meeting for f in figures for v in f.values}
    return [m for m in corpus.meetings if m.id in used]


def figures_title(corpus: Corpus) -> str:
    meetings = _meetings_of(corpus.annotations.figures, corpus)
    if not meetings:
        return FIGURES_TITLE
    return " و".join(f"{m.city_ar} {m.date.year}" for m in meetings) + " بالأرقام"


def _number(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) else f"{x:,.1f}"


def figures_page(corpus: Corpus) -> str:
    doc = FIGURES_DOC
    meetings = _meetings_of(corpus.annotations.figures, corpus)
    title = figures_title(corpus)
    fm = {"title": title, "description": "The figures that recur across the Coalition ministerials, side by side.",
          "edition": {"type": "figures"}}
    out = [front_matter(fm), f"# {md_inline(title)} {{#title .ed}}\n",
           '<p class="ed">الأرقام كما تذكرها النصوص، كل قيمة مع روابط إلى الفقرات التي تذكرها. «غير مذكور» يعني '
           "أن النصوص لا تعطي الرقم لذلك الاجتماع. التغيّر محسوب من القيمتين حين تقيسان الشيء نفسه.</p>\n"]
    head = "".join(f'<th><a href="{href(doc, f"meetings/{m.id}/")}">{html(m.city_ar)} {m.date.year}</a></th>'
                   for m in meetings)
    rows = []
    for f in corpus.annotations.figures:
        cells = []
        by_meeting = {v.meeting: v for v in f.values}
        for m in meetings:
            v = by_meeting.get(m.id)
            if v is None:
                cells.append('<td class="unknown">غير مذكور</td>')
                continue
            links = " ".join(_ref_link(doc, corpus, r) for r in v.refs)
            note = f'<span class="vnote">{html(v.note_ar)}</span>' if v.note_ar else ""
            cls = "value" if v.value is not None else "unknown"
            cells.append(f'<td class="{cls}">{html(v.label_ar)} <span class="refs">{links}</span>{note}</td>')
        change = "—"
        nums = [by_meeting[m.id].value for m in meetings if m.id in by_meeting]
        if f.comparable and len(nums) == len(meetings) >= 2 and all(x is not None for x in nums):
            first, last = nums[0], nums[-1]
            assert first is not None and last is not None
            sign = "" if last == first else ("+" if last > first else "−")
            change = f'<bdi dir="ltr">{sign}{_number(abs(last - first))}</bdi> {html(f.unit_ar)}'
        elif not f.comparable:
            change = "لا تقاس القيمتان بالمقياس نفسه"
        note = f'<span class="fnote">{html(f.note_ar)}</span>' if f.note_ar else ""
        rows.append(f'<tr id="f-{f.id}"><th scope="row">{html(f.title_ar)} <span class="latin" lang="en" dir="ltr">'
                    f"{html(f.title_en)}</span>{note}</th>{''.join(cells)}<td class=\"change\">{change}</td></tr>")
    out.append(f'<table class="figures ed"><thead><tr><th>الرقم</th>{head}<th>التغيّر</th></tr></thead>'
               f"<tbody>{''.join(rows)}</tbody></table>\n")
    return "\n".join(out)


def when_ar(when: str) -> str:
    parts = when.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS_AR[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def timeline_page(corpus: Corpus) -> str:
    doc = TIMELINE_DOC
    fm = {"title": TIMELINE_TITLE, "description": "Events the Coalition ministerial texts mention, in date order.",
          "edition": {"type": "timeline"}}
    out = [front_matter(fm), f"# {TIMELINE_TITLE} {{#title .ed}}\n",
           '<p class="ed">أحداث تذكرها النصوص، مرتبة بحسب التاريخ، وكل حدث مع روابط إلى الفقرات التي تذكره. '
           "التاريخ بالدقة التي تسمح بها النصوص (سنة، أو شهر، أو يوم).</p>\n", '<ol class="events ed">']
    hubs = {m.id for m in corpus.hub_meetings}
    for ev in corpus.annotations.timeline:
        title = html(ev.title_ar)
        if ev.meeting in hubs:
            title = f'<a href="{href(doc, f"meetings/{ev.meeting}/")}">{title}</a>'
        elif ev.meeting:
            title = f'<a href="{href(doc, "#m-" + ev.meeting)}">{title}</a>'
        links = " ".join(_ref_link(doc, corpus, r) for r in ev.refs)
        note = f'<span class="vnote">{html(ev.note_ar)}</span>' if ev.note_ar else ""
        out.append(f'<li id="e-{ev.id}"><time datetime="{ev.when}">{when_ar(ev.when)}</time> <span class="etitle">'
                   f'{title}</span> <span class="latin" lang="en" dir="ltr">{html(ev.title_en)}</span> '
                   f'<span class="refs">{links}</span>{note}</li>')
    out.append("</ol>\n")
    return "\n".join(out)


def annotation_files(corpus: Corpus) -> dict[str, str]:
    """Every annotation page, keyed by its path in the docs tree."""
    if not corpus.entities and not corpus.annotations.figures and not corpus.annotations.timeline:
        return {}
    found = entry_mentions(corpus)
    speaking = speaking_sections(corpus)
    out: dict[str, str] = {}
    for e in corpus.entities:
        out[entity_doc(e)] = entity_page(e, corpus, found.get(e.id, NO_MENTIONS), speaking)
    if corpus.entities:
        for kind in KIND_PAGES:
            out[KIND_PAGES[kind][0]] = kind_page(kind, corpus, found)
    if corpus.annotations.figures:
        out[FIGURES_DOC] = figures_page(corpus)
    if corpus.annotations.timeline:
        out[TIMELINE_DOC] = timeline_page(corpus)
    return out


def annotation_nav(corpus: Corpus) -> list[object]:
    items: list[object] = []
    if corpus.entities:
        items += [KIND_PAGES[k][0] for k in KIND_PAGES]
    if corpus.annotations.figures:
        items.append(FIGURES_DOC)
    if corpus.annotations.timeline:
        items.append(TIMELINE_DOC)
    return [{"الفهارس والأرقام": items}] if items else []

