"""Rendering the model as Markdown pages (with raw HTML blocks for source paragraphs).

The generated Markdown is plain Python-Markdown + attr_list: front matter, headings with explicit
ASCII ids, Markdown links between pages (validated by MkDocs), and one raw HTML block per source
paragraph whose every character is escaped. No page content depends on a MkDocs hook.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Mapping
from datetime import date

from . import frontmatter
from .bidi import latin_spans
from .cite import Site
from .markup import attrs, escape_pieces, html, md_inline, nest
from .model import SECTION_KINDS, TEXT_KINDS, Briefing, Corpus, Meeting, Paragraph, Section, Span, Speaker
from .parse import nfc
from .render_cite import citation_block, citation_meta

MONTHS_AR = ("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيو",
             "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
             "كانون الأول/ديسمبر")
UNKNOWN = "غير معروف"
SIBLINGS_LISTED = 12  # other texts of the same meeting listed on a briefing page
DEFAULT_SITE_NAME = "نصوص اجتماعات التحالف الدولي لهزيمة داعش"  # mkdocs.yml site_name, when not given
# Marks the English block (title and abstract) for readers who do not read Arabic.
EN_LABEL = '<p class="lang-label">English</p>'
_CLOSE = {"link": "</a>", "mention": "</a>", "latin": "</bdi>"}  # closing tag by span kind; others </span>


def date_ar(day: date | None) -> str:
    if day is None:
        return UNKNOWN
    return f"{day.day} {MONTHS_AR[day.month - 1]} {day.year}"


def url_of(doc_path: str) -> str:
    """The directory URL MkDocs gives a Markdown page (use_directory_urls)."""
    if doc_path == "index.md":
        return ""
    return doc_path.removesuffix(".md").removesuffix("/index") + "/"


@functools.lru_cache(maxsize=65536)
def _parts(path: str) -> tuple[str, ...] | None:
    """A docs-tree path's names ("" and "." left out), once per path (a page's folder and a link's
    target recur across pages); None for an absolute path or one with "..", which posixpath resolves."""
    parts = tuple(p for p in path.split("/") if p not in ("", "."))
    if path.startswith("/") or ".." in parts:
        return None
    return parts


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the docs tree's relative paths, without its two calls to os.getcwd
    (thousands of links per build); anything unusual goes to posixpath.relpath itself."""
    parts, base = _parts(path), _parts(start)
    if parts is None or base is None:
        return posixpath.relpath(path, start)
    common = 0
    shorter = min(len(parts), len(base))
    while common < shorter and parts[common] == base[common]:
        common += 1
    rel = "/".join(("..",) * (len(base) - common) + parts[common:])
    return rel or "."


def href(from_doc: str, to_url: str) -> str:
    """A relative link from a page to a site URL ("" is the home page); works under a sub-path."""
    here = url_of(from_doc) or "."
    path, _, anchor = to_url.partition("#")
    target = _relpath(path or ".", here)
    if target == ".":
        target = "./"
    elif path == "" or path.endswith("/"):
        target += "/"
    return target + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=4096)
def page_root(doc: str) -> str:
    """The relative way from a page to the site root ("../../" from briefings/x/): links built on
    it are what href() gives, without a path computation per link."""
    way = href(doc, "")
    return "" if way == "./" else way


class MentionTags(dict[str, str]):
    """The opening tags of mentions without a note inside them (annopages.open_tag) on the pages of
    one folder (`root`), by entry id, each made on first use: a paragraph takes its tags by plain
    dictionary lookups, the cheapest call there is per mention."""

    def __init__(self, root: str) -> None:
        super().__init__()
        self.root = root

    def __missing__(self, entity_id: str) -> str:
        tag = self[entity_id] = f'<a class="mention" href="{self.root}entities/{html(entity_id)}/">'
        return tag


@functools.lru_cache(maxsize=256)
def mention_tags(root: str) -> MentionTags:
    return MentionTags(root)


def mention_tag(entity_id: str, root: str) -> str:
    """The opening tag of a mention without a note inside it (annopages.open_tag)."""
    return mention_tags(root)[entity_id]


@functools.lru_cache(maxsize=1024)
def speaker_span_tag(kind: str, speaker_id: str) -> str:
    """The opening tag of a quote or a speaker's label (a few speakers, thousands of spans). A quote
    has no title: a tooltip on a whole quote would pop up together with the tooltip of every mention
    inside it; the attribution is shown under the paragraph."""
    return f"<span{attrs(class_='quote' if kind == 'quote' else 'cue', data_speaker=speaker_id)}>"


def briefing_doc(b: Briefing) -> str:
    return f"briefings/{b.meta.id}.md"


def meeting_doc(m: Meeting) -> str:
    return f"meetings/{m.id}.md"


def front_matter(values: Mapping[str, object]) -> str:
    # PyYAML's text, written directly for the common shapes (frontmatter.py; tests/test_perf_units.py).
    return "---\n" + frontmatter.dump(dict(values)) + "---\n\n"


def md_link(label: str, from_doc: str, to_doc: str, anchor: str = "") -> str:
    target = _relpath(to_doc, posixpath.dirname(from_doc) or ".")
    return f"[{md_inline(label)}]({target}{'#' + anchor if anchor else ''})"


def _mentions_only(text: str, spans: tuple[Span, ...], root: str) -> str | None:
    """The HTML of a paragraph whose only layers are mentions (most paragraphs), as `nest` writes
    it, without its sort and its calls per span; None for any other paragraph. The annotator gives
    mentions in text order and never overlapping; spans in any other order also go to `nest`."""
    tags = mention_tags(root)
    out: list[str] = []
    pos = 0
    for start, end, kind, target in spans:
        if kind != "mention" or start < pos or start >= end:
            return None
        out += (text[pos:start], tags[target], text[start:end], "</a>")
        pos = end
    if pos > len(text):
        return None
    out.append(text[pos:])
    out[0::2] = escape_pieces(text, out[0::2])  # the text pieces are at the even places, the tags at the odd ones
    return "".join(out)


class Renderer:
    """Renders every page of a corpus; knows page paths and how to link between them."""

    def __init__(self, corpus: Corpus, site: Site | None = None) -> None:
        self.corpus = corpus
        self.site = site or Site(DEFAULT_SITE_NAME, None)
        self.hubs = {m.id for m in corpus.hub_meetings}
        self.entities = corpus.entity_index
        self.notes = {n.id: n for n in corpus.annotations.notes}
        from .annopages import open_tag as annotation_tag

        self.annotation_tag = annotation_tag
        self._sibling_items: dict[tuple[str, str], str] = {}
        self._link_tags: dict[tuple[str, str], str] = {}

    def meeting_url(self, meeting_id: str) -> str:
        if meeting_id in self.hubs:
            return f"meetings/{meeting_id}/"
        return f"#m-{meeting_id}"  # on the home page's timeline

    # A text's page links to entry and meeting pages on its way to the site root (page_root), as its
    # mentions do: what href() gives for an address outside the page's folder, without a path
    # computation per link (thousands of speakers' names and meeting links).

    def speaker_name(self, doc: str, who: Speaker) -> str:
        """A speaker's name on a text's page, linked to the speaker's entry page when there is one."""
        if who.entity and who.entity in self.entities:
            return f'<a class="entity-link" href="{page_root(doc)}entities/{who.entity}/">{html(who.name_ar)}</a>'
        return html(who.name_ar)

    def meeting_href(self, from_doc: str, meeting_id: str) -> str:
        """The link from a text's page to a meeting: its hub page, or its place on the home page's timeline."""
        return page_root(from_doc) + self.meeting_url(meeting_id)

    def link_tag(self, doc: str, meeting_id: str) -> str:
        """The opening tag of a paragraph's link to a meeting, made once per meeting and way to the root."""
        root = page_root(doc)
        tag = self._link_tags.get((root, meeting_id))
        if tag is None:
            m = self.corpus.meeting(meeting_id)
            title = f"{m.title_ar} ({date_ar(m.date)})"
            tag = self._link_tags[root, meeting_id] = (
                f"<a{attrs(class_='xref', href=self.meeting_href(doc, m.id), title=title)}>")
        return tag

    def sibling_item(self, doc: str, x: Briefing) -> str:
        """Text `x`'s line in the list of its meeting's other texts on page `doc`. A page's link to
        another page is the same from every page of its folder (../<id>/ from briefings/<other id>/),
        since a page does not list itself: the line is made once per folder and text, not on each of
        the dozen pages that list it."""
        key = (posixpath.dirname(url_of(doc).rstrip("/")), x.meta.id)
        item = self._sibling_items.get(key)
        if item is None:
            item = self._sibling_items[key] = (
                f'<li><a href="{href(doc, url_of(briefing_doc(x)))}">{html(x.meta.title_ar)}</a> — '
                f"{html(TEXT_KINDS[x.meta.kind][0])}</li>")
        return item

    # -- paragraphs ---------------------------------------------------------------------------

    def span_open(self, doc: str, b: Briefing, spans: tuple[Span, ...] = ()) -> object:
        # Most spans are mentions of a paragraph without notes: their tag depends only on the entry and
        # the page's folder, and comes from a cache (annopages.open_tag gives the same string). A note
        # span points at one of the corpus's notes: without notes, no paragraph has one.
        plain_mentions = not self.notes or not any(s.kind == "note" for s in spans)
        mention_tags_here = mention_tags(page_root(doc))

        def open_tag(span: Span) -> str:
            kind = span.kind
            if kind == "mention" and plain_mentions:
                return mention_tags_here[span.target]
            if kind == "quote" or kind == "label":
                return speaker_span_tag(kind, span.target)
            if span.kind == "latin":
                return "<bdi>"
            if span.kind == "link":
                return self.link_tag(doc, span.target)
            if span.kind in ("mention", "note"):
                return self.annotation_tag(self.entities, self.notes, doc, span, spans)
            raise ValueError(f"unknown span kind {span.kind}")
        return open_tag

    @staticmethod
    def span_close(span: Span) -> str:
        return _CLOSE.get(span.kind, "</span>")

    def paragraph(self, doc: str, b: Briefing, p: Paragraph, redirects: list[str]) -> str:
        latin = latin_spans(p.text, p.spans)
        body = None if latin else _mentions_only(p.text, p.spans, page_root(doc))
        if body is None:
            body = nest(p.text, (*p.spans, *latin), self.span_open(doc, b, p.spans), self.span_close)  # type: ignore[arg-type]
        # The permalink only: cite.js adds the cite button (and the permalink's tooltip) after it.
        tools = f'<a class="pid" href="#{p.id}">{p.id}</a>'
        if p.speaker:
            who = b.meta.speaker(p.speaker)
            tools += f'<span class="attrib ed">اقتباس منسوب إلى {html(who.name_ar)}</span>'
        anchors = ""
        if redirects:
            anchors = "".join(f'<span class="retired" id="{rid}" data-to="{p.id}"></span>' for rid in redirects)
        notes = ""
        if self.notes:
            from .annopages import paragraph_notes

            notes = paragraph_notes([self.notes[s.target] for s in p.spans if s.kind == "note"])
        return (f'<div class="para" id="{html(p.id)}" data-line="{p.line}">{anchors}'
                f'<p class="tx">{body}</p><div class="ptools">{tools}</div>{notes}</div>')

    def section(self, doc: str, b: Briefing, s: Section, redirects: dict[str, list[str]]) -> list[str]:
        """A section's Markdown, as pieces the page joins by newlines with its own (a text's paragraphs
        are copied once into its page, not first into a section's string)."""
        kind = SECTION_KINDS[s.kind]
        cls = ".src" if s.heading_is_source else ".ed"
        heading = md_inline(s.heading)
        if s.heading_is_source:  # isolated: a bidi control in the line cannot move the permalink
            heading = f"<bdi>{heading}</bdi>"
        out = [f"## {heading} {{#{s.id} {cls} data-kind=\"{s.kind}\"}}\n"]
        notes = []
        if s.speaker:
            who = b.meta.speaker(s.speaker)
            role = f"، {html(who.role_ar)}" if who.role_ar else ""
            latin = html(who.name_en) + ("" if who.name_en_verified else " (نقحرة)")
            notes.append(f'<span class="who">{kind}: {self.speaker_name(doc, who)}{role}</span> '
                         f'<span class="latin" lang="en" dir="ltr">{latin}</span>')
        elif not s.heading_is_source:
            notes.append(f'<span class="who">{kind}</span>')
        if s.heading_is_source:
            notes.append(f'<span class="srcnote">العنوان من النص المصدر (السطر {s.heading_line})</span>')
        else:
            notes.append('<span class="srcnote">عنوان من وضع المحررين</span>')
        if s.note_ar:
            notes.append(f'<span class="secnote">{html(s.note_ar)}</span>')
        out.append(f'<div class="sec-meta ed">{" · ".join(notes)}</div>\n')
        for sid in redirects.get(s.id, []):
            out.append(f'<span class="retired" id="{sid}" data-to="{s.id}"></span>\n')
        for p in s.paragraphs:
            out += (self.paragraph(doc, b, p, redirects.get(p.id, [])), "")  # each block, then a blank line
        return out

    # -- pages --------------------------------------------------------------------------------

    def briefing_page(self, b: Briefing) -> str:
        doc = briefing_doc(b)
        m = self.corpus.meeting(b.meta.meeting)
        meta = b.meta
        kind_ar, kind_en = TEXT_KINDS[meta.kind]
        outlet = html(meta.outlet_ar) if meta.outlet_ar else "غير مذكور في النص"
        if meta.outlet_note_ar:
            outlet += f' <span class="note">({html(meta.outlet_note_ar)})</span>'
        published = date_ar(meta.published)
        if meta.published_note_ar:
            published += f' <span class="note">({html(meta.published_note_ar)})</span>'
        speakers = "، ".join(
            f'{self.speaker_name(doc, s)} <span class="latin" lang="en" dir="ltr">{html(s.name_en)}</span>'
            for s in meta.speakers) or "—"
        siblings = [x for x in self.corpus.briefings_of(m.id) if x is not b]
        redirects: dict[str, list[str]] = {}
        for r in b.retired:
            redirects.setdefault(r.to, []).append(r.id)
        fm = {
            "title": meta.title_ar,
            "description": meta.abstract_en,
            "edition": {"type": "briefing", "id": meta.id, "seed": meta.seed, "meeting": m.id,
                        "kind": meta.kind, "title_en": meta.title_en, "title_translit": meta.title_translit,
                        "outlet_ar": meta.outlet_ar, "outlet_en": meta.outlet_en,
                        "published": meta.published.isoformat() if meta.published else None,
                        "speakers": [s.id for s in meta.speakers]},
            "citation": citation_meta(b, m, self.site),
        }
        out = [front_matter(fm), f"# {md_inline(meta.title_ar)} {{#title .ed}}\n"]
        rows = [
            ("الاجتماع", f'<a href="{self.meeting_href(doc, m.id)}">{html(m.title_ar)}</a> ({date_ar(m.date)})'),
            ("نوع النص", f'{kind_ar} <span class="latin" lang="en" dir="ltr">{kind_en}</span>'),
            ("الناشر", outlet),
            ("تاريخ النشر", published),
            ("المتحدثون والمقتبَس منهم", speakers),
            ("الملف المصدر", f'<a href="{href(doc, "sources/" + meta.seed)}"><code>{html(meta.seed)}</code></a>'),
        ]
        out.append('<dl class="bmeta ed">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>\n")
        out.append(f'<div class="abstract ed" lang="en" dir="ltr">{EN_LABEL}<p><strong>{html(meta.title_en)}</strong></p>'
                   f"<p>{html(meta.abstract_en)}</p></div>\n")
        for s in b.sections:
            out += self.section(doc, b, s, redirects)
        if self.entities:
            from .annopages import named_here

            out.append(named_here(doc, b, self.corpus))
        out.append(citation_block(b, m, self.site))
        out.append("## مصدر النص وما حُذف منه {#provenance .ed}\n")
        prov = [f'<p>النص المنشور هنا هو الملف <code>{html(meta.seed)}</code> كما هو، كلمة كلمة، '
                f'وكل سطر منه يظهر في فقرة لها رقم دائم. ما يظهر بخط مختلف (العناوين التحريرية والملاحظات '
                f'وأسماء المتحدثين) من وضع المحررين وليس من النص. '
                f'<a href="{href(doc, "sources/" + meta.seed)}">النص الخام</a>.</p>']
        if b.debris:
            items = []
            for line in b.debris:
                reason = next(d.reason_ar for d in meta.debris if nfc(d.line.strip()) == nfc(line.text.strip()))
                items.append(f'<li><span class="debris" dir="auto">{html(line.text.strip())}</span> '
                             f'(السطر {line.number}): {html(reason)}</li>')
            prov.append("<p>حُذفت من النص المقروء هذه الأسطر، وهي من بقايا صفحة الويب التي نُسخ منها "
                        "وليست من النص:</p><ul class=\"debris-list\">" + "".join(items) + "</ul>")
        else:
            prov.append("<p>لم يُحذف من النص أي سطر.</p>")
        out.append('<div class="provenance ed">' + "".join(prov) + "</div>\n")
        if siblings:
            out.append("## مصادر أخرى عن الاجتماع نفسه {#siblings .ed}\n")
            # At most SIBLINGS_LISTED: the page's size must not grow with its meeting's (the hub lists them all).
            # One HTML line, like the paragraphs: a Markdown list costs MkDocs ~0.1 ms per item per page.
            items = [self.sibling_item(doc, x) for x in siblings[:SIBLINGS_LISTED]]
            if len(siblings) > SIBLINGS_LISTED:
                items.append(f'<li><a href="{href(doc, url_of(meeting_doc(m)) + "#sources")}">'
                             f"كل نصوص الاجتماع ({len(siblings) + 1})</a></li>")
            out.append(f'<ul class="siblings ed">{"".join(items)}</ul>\n')
        return "\n".join(out)

    def hub_page(self, m: Meeting) -> str:
        doc = meeting_doc(m)
        hubs = list(self.corpus.hub_meetings)
        i = hubs.index(m)
        fm = {"title": m.title_ar, "description": m.abstract_en or m.title_en,
              "edition": {"type": "meeting", "id": m.id, "title_en": m.title_en, "date": m.date.isoformat()}}
        out = [front_matter(fm), f"# {md_inline(m.title_ar)} {{#title .ed}}\n"]
        rows = [("التاريخ", date_ar(m.date)), ("المكان", html(m.city_ar) + (f"، {html(m.venue_ar)}" if m.venue_ar else "")),
                ("المضيفون", "، ".join(html(h) for h in m.hosts_ar) or UNKNOWN),
                ("عدد أعضاء التحالف", str(m.members) if m.members else UNKNOWN)]
        out.append('<dl class="bmeta ed">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>\n")
        if m.note_ar:
            out.append(f'<p class="ed">{html(m.note_ar)}</p>\n')
        out.append(f'<div class="abstract ed" lang="en" dir="ltr">{EN_LABEL}<p><strong>{html(m.title_en)}</strong></p>'
                   + (f"<p>{html(m.abstract_en)}</p>" if m.abstract_en else "") + "</div>\n")
        out.append("## المصادر {#sources .ed}\n")
        for b in self.corpus.briefings_of(m.id):
            out.append(f"- {md_link(b.meta.title_ar, doc, briefing_doc(b))} — "
                       f"{md_inline(TEXT_KINDS[b.meta.kind][0])}، {md_inline(b.meta.outlet_ar or 'ناشر غير مذكور')}، "
                       f"{md_inline(date_ar(b.meta.published))}")
        out.append("\n## الاجتماعات الأخرى {#others .ed}\n")
        if i > 0:
            out.append(f"- الاجتماع السابق: {md_link(hubs[i - 1].title_ar, doc, meeting_doc(hubs[i - 1]))}")
        if i + 1 < len(hubs):
            out.append(f"- الاجتماع التالي: {md_link(hubs[i + 1].title_ar, doc, meeting_doc(hubs[i + 1]))}")
        out.append(f"- {md_link('كل الاجتماعات على الخط الزمني', doc, 'index.md', 'timeline')}\n")
        return "\n".join(out)

    def home_page(self) -> str:
        doc = "index.md"
        fm = {"title": "اجتماعات التحالف الدولي لهزيمة داعش: نصوص عربية محققة",
              "description": "Arabic texts about the ministerial meetings of the Global Coalition to Defeat ISIS, "
                             "annotated, searchable and citable paragraph by paragraph.",
              "edition": {"type": "home"}}
        out = [front_matter(fm), "# اجتماعات التحالف الدولي لهزيمة داعش {#title .ed}\n",
               '<p class="lead ed">نصوص عربية عن الاجتماعات الوزارية للتحالف الدولي لهزيمة داعش، منشورة كما هي '
               'كلمة كلمة، مقسّمة بحسب المتحدثين، مع ملاحظات المحررين، وروابط دائمة لكل فقرة يمكن الاستشهاد بها.</p>\n',
               f'<div class="abstract ed" lang="en" dir="ltr">{EN_LABEL}<p>Arabic texts about the ministerial meetings of the '
               'Global Coalition to Defeat ISIS, published word for word, divided by speaker, annotated, and citable '
               'paragraph by paragraph.</p></div>\n',
               "## الخط الزمني {#timeline .ed}\n", '<ol class="timeline ed">']
        for m in self.corpus.meetings:
            title = html(m.title_ar)
            if m.id in self.hubs:
                title = f'<a href="{href(doc, self.meeting_url(m.id))}">{title}</a>'
            count = len(self.corpus.briefings_of(m.id))
            extra = f"{count} مصادر" if count > 2 else ("مصدران" if count == 2 else ("مصدر واحد" if count else ""))
            note = f'<span class="note">{html(m.note_ar)}</span>' if m.note_ar and m.id not in self.hubs else ""
            count_html = f'<span class="count">{extra}</span>' if extra else ""
            out.append(f'<li id="m-{m.id}"><time datetime="{m.date.isoformat()}">{date_ar(m.date)}</time> '
                       f"<span>{title}</span> {count_html}{note}</li>")
        out.append("</ol>\n")
        out.append("## كل النصوص {#briefings .ed}\n")
        for m in self.corpus.hub_meetings:
            out.append(f"### {md_inline(m.title_ar)} {{#list-{m.id} .ed}}\n")
            for b in self.corpus.briefings_of(m.id):
                out.append(f"- {md_link(b.meta.title_ar, doc, briefing_doc(b))} — {md_inline(TEXT_KINDS[b.meta.kind][0])}")
            out.append("")
        return "\n".join(out)


def redirect_page(target_url_from_here: str) -> str:
    """A static page at an old address that sends readers (and their #anchor) to the new one."""
    t = html(target_url_from_here)
    return ("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
            f"<title>نُقلت هذه الصفحة</title><link rel=\"canonical\" href=\"{t}\">"
            f"<meta http-equiv=\"refresh\" content=\"0; url={t}\">"
            f"<script>location.replace({t!r}.replace(/&amp;/g,'&') + location.hash)</script></head>"
            f"<body><p>نُقلت هذه الصفحة إلى <a href=\"{t}\">عنوانها الجديد</a>.</p></body></html>\n")
