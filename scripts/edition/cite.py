"""Citations of a briefing or one of its paragraphs: Chicago, APA, MLA and BibTeX, as plain text.

Pure functions over the model; no Markdown or HTML here (render_cite.py shows them on the page).
What the texts and their metadata do not give is said so, never guessed: an unknown publication
date is "n.d.", an outlet that is not named is left out (the title leads). Each citation is built
with two tokens, URL and ACCESSED, that the caller fills: the page or paragraph address and the
access date, which only the reader's browser knows (cite.js fills it when the reader copies).

Bidi: in the plain-text formats every Arabic run is wrapped in RLI…PDI and the whole citation in
LRI…PDI (Unicode isolates), so pasting into a left-to-right or right-to-left document never
reorders the Latin parts around the Arabic ones. BibTeX gets no control characters (TeX input):
its braces already keep each field apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .model import Briefing, Meeting

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"
URL = "⟦url⟧"
ACCESSED = "⟦accessed⟧"
PARA = "⟦para⟧"  # in BibTeX keys: "" for the page, ":p12" for a paragraph
STYLES = ("chicago", "apa", "mla", "bibtex")
STYLE_NAMES = {"chicago": "Chicago", "apa": "APA", "mla": "MLA", "bibtex": "BibTeX"}
# How each style writes the access date (cite.js formats today's date the same way).
ACCESS_FORMATS = {"chicago": "mdy", "apa": "mdy", "mla": "dmy-abbr", "bibtex": "iso"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


@dataclass(frozen=True)
class Site:
    """The published site: its name and its address (None: not configured, addresses stay relative)."""

    name: str
    url: str | None

    def address(self, path: str) -> str:
        """An absolute address when the site's URL is known; else the path relative to the site root."""
        if self.url is None:
            return path
        return self.url.rstrip("/") + "/" + path


@dataclass(frozen=True)
class Record:
    """What a citation says about a briefing, from its metadata only."""

    key: str
    title_ar: str
    title_translit: str
    title_en: str
    outlet_ar: str | None
    outlet_en: str | None
    published: date | None
    meeting_en: str
    site_name: str


def record(b: Briefing, meeting: Meeting, site: Site) -> Record:
    m = b.meta
    for value in (m.title_ar, m.title_translit, m.title_en, m.outlet_ar or "", m.outlet_en or "", site.name):
        if URL in value or ACCESSED in value or "⟦" in value:
            raise ValueError(f"{m.meta_file}: the character ⟦ is reserved in titles and outlet names")
    return Record(m.id, m.title_ar, m.title_translit, m.title_en, m.outlet_ar, m.outlet_en, m.published,
                  meeting.title_en, site.name)


def _ar(text: str, isolate: bool) -> str:
    return f"{RLI}{text}{PDI}" if isolate else text


def _outlet(r: Record, isolate: bool = True) -> str | None:
    """The issuing body: its English name (a transliteration when marked so) with the Arabic one."""
    if r.outlet_ar is None:
        return None
    en = (r.outlet_en or "").replace(" (transliteration)", "")
    return f"{en} ({_ar(r.outlet_ar, isolate)})" if en else _ar(r.outlet_ar, isolate)


def _mdy(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def chicago(r: Record) -> str:
    """Chicago notes-bibliography, bibliography entry for a web page."""
    parts = []
    outlet = _outlet(r)
    if outlet:
        parts.append(f"{outlet}.")
    parts.append(f"“{r.title_translit} ({_ar(r.title_ar, True)}) [{r.title_en}].”")
    published = _mdy(r.published) if r.published else "n.d."
    parts.append(f"{_ar(r.site_name, True)}, {published}" + ("" if published.endswith(".") else "."))
    parts.append(f"Accessed {ACCESSED}.")
    parts.append(f"{URL}.")
    return LRI + " ".join(parts) + PDI


def apa(r: Record) -> str:
    """APA 7, a web page with a retrieval date (the text may be corrected: ids stay, words may not)."""
    outlet = _outlet(r)
    published = f"{r.published.year}, {MONTHS[r.published.month - 1]} {r.published.day}" if r.published else "n.d."
    title = f"{r.title_translit} [{r.title_en}] ({_ar(r.title_ar, True)})"
    head = f"{outlet}. ({published}). {title}." if outlet else f"{title}. ({published})."
    return LRI + f"{head} {_ar(r.site_name, True)}. Retrieved {ACCESSED}, from {URL}" + PDI


def mla(r: Record) -> str:
    """MLA 9: author (the issuing body), title, container (this site), date, location, access date."""
    outlet = _outlet(r)
    published = f"{r.published.day} {MLA_MONTHS[r.published.month - 1]} {r.published.year}" if r.published else "n.d."
    parts = []
    if outlet:
        parts.append(f"{outlet}.")
    parts.append(f"“{r.title_translit} ({_ar(r.title_ar, True)}) [{r.title_en}].”")
    parts.append(f"{_ar(r.site_name, True)}, {published}, {URL}.")
    parts.append(f"Accessed {ACCESSED}.")
    return LRI + " ".join(parts) + PDI


_TEX_SPECIAL = re.compile(r"[{}&%$#_\\~^]")  # the characters _bib changes; most values have none


def _bib(value: str) -> str:
    """A BibTeX field value: braces kept balanced, TeX specials escaped."""
    if not _TEX_SPECIAL.search(value):
        return value
    out = []
    for ch in value:
        if ch in "{}" or ch in "&%$#_":
            out.append("\\" + ch)
        elif ch == "\\":
            out.append("\\textbackslash{}")
        elif ch in "~^":
            out.append("\\" + ch + "{}")
        else:
            out.append(ch)
    return "".join(out)


def bibtex(r: Record) -> str:
    """biblatex @online entry; the key is the page id (and the paragraph id when citing one)."""
    fields = []
    if r.outlet_ar is not None:
        en = (r.outlet_en or "").replace(" (transliteration)", "")
        fields.append(("author", "{" + _bib(f"{en} ({r.outlet_ar})" if en else r.outlet_ar) + "}"))
    fields.append(("title", _bib(r.title_ar)))
    fields.append(("titleaddon", _bib(f"{r.title_translit} [{r.title_en}]")))
    if r.published:
        fields.append(("date", r.published.isoformat()))
    else:
        fields.append(("note", "Publication date unknown (n.d.)"))
    fields.append(("organization", _bib(r.site_name)))
    fields.append(("langid", "arabic"))
    fields.append(("url", URL))
    fields.append(("urldate", ACCESSED))
    lines = [f"  {name} = {{{value}}}," for name, value in fields]
    return "@online{" + r.key + PARA + ",\n" + "\n".join(lines) + "\n}"


def citations(r: Record) -> dict[str, str]:
    """Every style's citation with the URL, ACCESSED and PARA tokens still in it."""
    return {"chicago": chicago(r), "apa": apa(r), "mla": mla(r), "bibtex": bibtex(r)}


def access_date(day: date, style: str) -> str:
    """How `style` writes an access date (the same rules as cite.js)."""
    fmt = ACCESS_FORMATS[style]
    if fmt == "mdy":
        return _mdy(day)
    if fmt == "dmy-abbr":
        return f"{day.day} {MLA_MONTHS[day.month - 1]} {day.year}"
    return day.isoformat()


def fill(template: str, url: str, accessed: str, paragraph: str | None = None) -> str:
    """A citation ready to paste: the address (with `#paragraph` when citing one) and access date."""
    if paragraph:
        url += f"#{paragraph}"
    return template.replace(URL, url).replace(ACCESSED, accessed).replace(PARA, f":{paragraph}" if paragraph else "")
