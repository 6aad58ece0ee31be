"""Data exports: one JSON record per briefing, the whole corpus as JSON, and a CSV of paragraphs.

The shape is documented and versioned by the JSON Schema `docs/data/corpus.schema.json`
(published at `data/corpus.schema.json`); SCHEMA_VERSION follows semantic versioning: a new
optional field is a minor version, a removed or renamed field or a changed meaning a major one.
Offsets of spans count Unicode code points of the paragraph's `text`. Pure functions over the
model: the pipeline adds their output to the site.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from .cite import Site
from .model import Briefing, Corpus, Entity, Figure, Meeting, Note, Paragraph, Ref, Section, TimelineEvent

SCHEMA_VERSION = "2.0.0"  # 1.1.0: editorial notes, figures and timeline; 2.0.0: no paragraph url, spans as arrays
SCHEMA_PATH = "data/corpus.schema.json"
CSV_COLUMNS = ("briefing_id", "meeting_id", "section_id", "section_speaker", "paragraph_id", "source_line",
               "quoted_speaker", "url", "text")


def _meeting(m: Meeting) -> dict[str, Any]:
    return {"id": m.id, "kind": m.kind, "title_ar": m.title_ar, "title_en": m.title_en, "date": m.date.isoformat(),
            "city_ar": m.city_ar, "city_en": m.city_en, "venue_ar": m.venue_ar, "hosts_ar": list(m.hosts_ar),
            "hosts_en": list(m.hosts_en), "members": m.members, "note_ar": m.note_ar, "abstract_en": m.abstract_en}


def _entity(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind, "name_ar": e.name_ar, "name_en": e.name_en,
            "name_en_verified": e.name_en_verified, "note_ar": e.note_ar, "variants": list(e.variants),
            "latin": list(e.latin), "ambiguous": list(e.ambiguous),
            "roles": [{"role_ar": r.role_ar, "role_en": r.role_en, "start": _day(r.start), "end": _day(r.end),
                       "as_of": _day(r.as_of)} for r in e.roles]}


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _ref(r: Ref, site: Site) -> dict[str, Any]:
    return {"briefing": r.briefing, "paragraph": r.paragraph, "start": r.start, "end": r.end, "text": r.text,
            "url": site.address(f"briefings/{r.briefing}/") + f"#{r.paragraph}"}


def _note(n: Note, site: Site) -> dict[str, Any]:
    return {"id": n.id, "type": n.type, "ref": _ref(n.ref, site), "note_ar": n.note_ar, "basis_ar": n.basis_ar}


def _figure(f: Figure, site: Site) -> dict[str, Any]:
    return {"id": f.id, "title_ar": f.title_ar, "title_en": f.title_en, "unit_ar": f.unit_ar,
            "comparable": f.comparable, "note_ar": f.note_ar,
            "values": [{"meeting": v.meeting, "value": v.value, "label_ar": v.label_ar, "note_ar": v.note_ar,
                        "refs": [_ref(r, site) for r in v.refs]} for v in f.values]}


def _event(e: TimelineEvent, site: Site) -> dict[str, Any]:
    return {"id": e.id, "when": e.when, "title_ar": e.title_ar, "title_en": e.title_en, "meeting": e.meeting,
            "note_ar": e.note_ar, "refs": [_ref(r, site) for r in e.refs]}


def _paragraph(p: Paragraph) -> dict[str, Any]:
    # No url (its briefing's url, # and its id) and each span as [start, end, kind, target]: they were
    # a third of a record's bytes (schema 2.0.0).
    return {"id": p.id, "line": p.line, "text": p.text, "quoted_speaker": p.speaker,
            "spans": [[s.start, s.end, s.kind, s.target] for s in p.spans]}


def _section(s: Section) -> dict[str, Any]:
    return {"id": s.id, "kind": s.kind, "heading": s.heading, "heading_is_source": s.heading_is_source,
            "heading_line": s.heading_line, "speaker": s.speaker, "note_ar": s.note_ar,
            "paragraphs": [_paragraph(p) for p in s.paragraphs]}


def briefing_record(b: Briefing, site: Site) -> dict[str, Any]:
    m = b.meta
    url = site.address(f"briefings/{m.id}/")
    reasons = {d.line.strip(): d.reason_ar for d in m.debris}
    return {
        "id": m.id, "url": url, "json": site.address(f"briefings/{m.id}.json"),
        "source": {"file": m.seed, "url": site.address(f"sources/{m.seed}")},
        "meeting": m.meeting, "kind": m.kind,
        "title_ar": m.title_ar, "title_en": m.title_en, "title_translit": m.title_translit,
        "abstract_en": m.abstract_en,
        "outlet": {"ar": m.outlet_ar, "en": m.outlet_en, "note_ar": m.outlet_note_ar},
        "published": m.published.isoformat() if m.published else None, "published_note_ar": m.published_note_ar,
        "speakers": [{"id": s.id, "name_ar": s.name_ar, "name_en": s.name_en,
                      "name_en_verified": s.name_en_verified, "role_ar": s.role_ar, "role_en": s.role_en,
                      "entity": s.entity} for s in m.speakers],
        "sections": [_section(s) for s in b.sections],
        "retired": [{"id": r.id, "to": r.to, "reason": r.reason} for r in b.retired],
        "old_addresses": [site.address(a if a.endswith("/") else a + "/") for a in m.old_addresses],
        "debris": [{"line": d.number, "text": d.text.strip(), "reason_ar": reasons[d.text.strip()]} for d in b.debris],
    }


def _head(site: Site) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "schema_url": site.address(SCHEMA_PATH),
            "site": {"name": site.name, "url": site.url}}


def briefing_json(b: Briefing, corpus: Corpus, site: Site) -> str:
    notes = [_note(n, site) for n in corpus.annotations.notes if n.ref.briefing == b.meta.id]
    data = {**_head(site), "meeting": _meeting(corpus.meeting(b.meta.meeting)), "briefing": briefing_record(b, site),
            "notes": notes}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def corpus_json(corpus: Corpus, site: Site) -> str:
    data = {**_head(site), "meetings": [_meeting(m) for m in corpus.meetings],
            "entities": [_entity(e) for e in corpus.entities],
            "briefings": [briefing_record(b, site) for b in corpus.briefings],
            "notes": [_note(n, site) for n in corpus.annotations.notes],
            "figures": [_figure(f, site) for f in corpus.annotations.figures],
            "timeline": [_event(e, site) for e in corpus.annotations.timeline]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def paragraphs_csv(corpus: Corpus, site: Site) -> str:
    """RFC 4180 CSV, UTF-8 without a byte-order mark, CRLF line ends, a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for b in corpus.briefings:
        url = site.address(f"briefings/{b.meta.id}/")
        for s in b.sections:
            for p in s.paragraphs:
                writer.writerow([b.meta.id, b.meta.meeting, s.id, s.speaker or "", p.id, p.line, p.speaker or "",
                                 f"{url}#{p.id}", p.text])
    return out.getvalue()


def export_files(corpus: Corpus, site: Site) -> dict[str, bytes]:
    files = {f"briefings/{b.meta.id}.json": briefing_json(b, corpus, site).encode() for b in corpus.briefings}
    files["data/corpus.json"] = corpus_json(corpus, site).encode()
    files["data/paragraphs.csv"] = paragraphs_csv(corpus, site).encode()
    return files
