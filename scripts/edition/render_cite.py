"""The citation layer of a briefing page: the page's citation block and the data behind the
`citation_*` meta tags and schema.org JSON-LD (front matter `citation:`, written into the page head
by the theme partial `partials/citation-meta.html`).

Everything a reader needs is in the generated Markdown: the block shows every format with the
page address and says how to cite a paragraph (its permalink is next to it). cite.js only enhances:
it adds after each paragraph's permalink a button that copies the paragraph link and its citation
(the copied text is the shown one, with the address, date and paragraph filled in), and fills in
today's date.
"""

from __future__ import annotations

from typing import Any

from .cite import ACCESS_FORMATS, ACCESSED, PARA, STYLE_NAMES, URL, Record, Site, citations, record
from .markup import attrs, html
from .model import TEXT_KINDS, Briefing, Meeting

ACCESS_PLACEHOLDER = "[date of access]"
# schema.org types for each kind of text.
SCHEMA_TYPES = {"news-report": "NewsArticle", "meeting-report": "Report", "press-briefing": "Article",
                "statement-and-remarks": "Article", "statement": "Article", "remarks": "Article",
                "interview": "Article"}


def page_path(b: Briefing) -> str:
    return f"briefings/{b.meta.id}/"


def _multiline(text: str) -> str:
    """An attribute value that keeps its line breaks (html() turns them into spaces)."""
    if "\n" not in text:  # every style but BibTeX
        return html(text)
    return "&#10;".join(html(line) for line in text.split("\n"))


# The tokens as they read once escaped, and what each becomes on the page (the access date's per style).
_URL, _PARA = html(URL), html(PARA)
_ACCESSED = html(ACCESSED)
_ACCESS_SPANS = {style: f'<span class="cite-acc" data-fmt="{fmt}">{ACCESS_PLACEHOLDER}</span>'
                 for style, fmt in ACCESS_FORMATS.items()}


def _shown(template: str, url: str, style: str) -> str:
    """A citation as HTML: escaped text, the address and the access date marked for cite.js."""
    out = _multiline(template)
    out = out.replace(_URL, f'<span class="cite-url">{html(url)}</span>')
    out = out.replace(_ACCESSED, _ACCESS_SPANS[style])
    return out.replace(_PARA, '<span class="cite-para"></span>')


def citation_block(b: Briefing, meeting: Meeting, site: Site) -> str:
    """Markdown: the page's "how to cite" section, every format, with a note on the address."""
    rec = record(b, meeting, site)
    url = site.address(page_path(b))
    note = ""
    if site.url is None:
        note = ('<p class="cite-note">العنوان هنا نسبي إلى جذر الموقع لأن عنوان الموقع (<code>site_url</code>) '
                "لم يُضبط عند البناء؛ زر النسخ يضع العنوان الكامل كما يظهر في المتصفح.</p>")
    intro = ("<p>لكل فقرة رقم دائم ورابط لا يتغير (رقم الفقرة بجانبها)، وزر «اقتبس» ينسخ رابط الفقرة "
             "والاستشهاد بها بالصيغة المختارة هنا. للاستشهاد بفقرة أضف رقمها إلى العنوان بعد العلامة #، "
             "مثل <code>#p1</code>. تاريخ الاطلاع هو يوم قراءتك الصفحة.</p>")
    styles = []
    for style, template in citations(rec).items():
        cls = "cite-text cite-lines" if "\n" in template else "cite-text"  # BibTeX: its line breaks are kept
        styles.append(f'<div class="cite-style" data-style="{style}" lang="en" dir="ltr">'
                      f'<p class="cite-name">{STYLE_NAMES[style]}</p>'
                      f'<p class="{cls}">{_shown(template, url, style)}</p>'

                      "</div>")
    block = (f"<div{attrs(class_='cite-block ed', data_url=url, data_absolute='true' if site.url else 'false')}>"
             f"{intro}{note}{''.join(styles)}</div>")
    return "## الاستشهاد بهذا النص {#cite .ed}\n\n" + block + "\n"


def citation_meta(b: Briefing, meeting: Meeting, site: Site) -> dict[str, Any]:
    """Front matter `citation:` — the meta tags (name, content) and the JSON-LD record."""
    m = b.meta
    rec: Record = record(b, meeting, site)
    url = site.address(page_path(b))
    outlet_en = (m.outlet_en or "").replace(" (transliteration)", "") or None
    tags: list[list[str]] = [["citation_title", m.title_ar]]
    if m.outlet_ar:
        tags.append(["citation_author", outlet_en or m.outlet_ar])
        tags.append(["citation_publisher", f"{outlet_en} ({m.outlet_ar})" if outlet_en else m.outlet_ar])
    if m.published:
        tags.append(["citation_publication_date", m.published.strftime("%Y/%m/%d")])
        tags.append(["citation_date", m.published.strftime("%Y/%m/%d")])
    tags.append(["citation_language", "ar"])
    if site.url:  # a relative address would mislead a reference manager: it uses the page's own then
        tags += [["citation_public_url", url], ["citation_fulltext_html_url", url]]
    tags += [["citation_keywords", meeting.title_en], ["DC.title", m.title_ar],
             ["DC.title.alternative", m.title_translit], ["DC.language", "ar"], ["DC.type", TEXT_KINDS[m.kind][1]]]
    if m.published:
        tags.append(["DC.date", m.published.isoformat()])
    organisation = ({"@type": "Organization", "name": outlet_en or m.outlet_ar, "alternateName": m.outlet_ar}
                    if m.outlet_ar else None)
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[m.kind],
        "headline": m.title_ar,
        "name": m.title_ar,
        "alternateName": [m.title_translit, m.title_en],
        "inLanguage": "ar",
        "abstract": m.abstract_en,
        "genre": TEXT_KINDS[m.kind][1],
        "isPartOf": {"@type": "WebSite", "name": rec.site_name, **({"url": site.url} if site.url else {})},
        "about": {"@type": "Event", "name": meeting.title_en, "alternateName": meeting.title_ar,
                  "startDate": meeting.date.isoformat(),
                  "location": {"@type": "Place", "name": meeting.city_en, "alternateName": meeting.city_ar}},
        "mentions": [{"@type": "Person", "name": s.name_ar, "alternateName": s.name_en} for s in m.speakers],
    }
    if site.url:
        ld.update({"@id": url, "url": url, "isBasedOn": site.address(f"sources/{m.seed}")})
    if m.published:
        ld["datePublished"] = m.published.isoformat()
    if organisation:
        ld["author"] = organisation
        ld["publisher"] = organisation
    return {"tags": tags, "jsonld": ld}
