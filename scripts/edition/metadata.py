"""Loading and validating the metadata files in seeds/: meetings.yml and one <seed>.meta.yml per text.

Validation is against the schema written out below (and documented in the README); every problem
is collected and located. Cross-references (meetings, speakers) are checked here; whether declared
lines and cues occur in the text is checked by the parser, which has the text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import Problems
from .model import (
    SECTION_KINDS,
    TEXT_KINDS,
    BriefingMeta,
    DebrisSpec,
    LinkSpec,
    Located,
    Meeting,
    QuoteSpec,
    Retirement,
    SectionSpec,
    Speaker,
)
from .schema import (
    BAD,
    REQUIRED,
    Fields,
    Shape,
    boolean_value,
    choice_value,
    common,
    ident_value,
    integer_value,
    text_value,
)
from .yamlload import Node

MEETING_KINDS = {
    "ministerial": "اجتماع وزاري",
    "small-group-ministerial": "اجتماع وزاري للمجموعة المصغرة",
    "political-directors": "اجتماع المديرين السياسيين",
    "defence-ministers": "اجتماع وزراء الدفاع",
}


def meeting_from(f: Fields) -> Meeting | None:
    meeting_id = f.ident("id")
    title_ar = f.plain("title_ar")
    title_en = f.plain("title_en")
    day, _ = f.day("date", allow_unknown=False)
    city_ar = f.text("city_ar")
    city_en = f.text("city_en")
    kind = f.choice("kind", MEETING_KINDS)
    venue_ar = f.text("venue_ar", required=False)
    hosts_ar = f.texts("hosts_ar")
    hosts_en = f.texts("hosts_en")
    members = f.integer("members", required=False)
    note_ar = f.text("note_ar", required=False)
    abstract_en = f.plain("abstract_en", required=False)
    f.finish()
    if None in (meeting_id, title_ar, title_en, day, city_ar, city_en, kind):
        return None
    assert meeting_id and title_ar and title_en and day and city_ar and city_en and kind
    return Meeting(meeting_id, title_ar, title_en, day, city_ar, city_en, kind, venue_ar, hosts_ar, hosts_en,
                   members, note_ar, abstract_en, Located(f.file, f.line))


def load_meetings(root: Node, file: str, problems: Problems) -> list[Meeting]:
    top = Fields(root, file, "", problems)
    meetings = []
    seen: dict[str, int] = {}
    for i, item in enumerate(top.items("meetings", required=True)):
        f = top.child("meetings", i, item)
        meeting = meeting_from(f)
        if meeting is None:
            continue
        if meeting.id in seen:
            f.problem("id", f"duplicate meeting id {meeting.id!r} (first at line {seen[meeting.id]})", f.raw("id"))
            continue
        seen[meeting.id] = item.line
        meetings.append(meeting)
    top.finish()
    return sorted(meetings, key=lambda m: (m.date, m.id))


# The shapes of list items, for schema.common: each is what the Fields calls in the loop that reads
# such an item (the general path, for an item that is not of this shape or has a problem) read.
SPEAKER = Shape(("id", ident_value, REQUIRED), ("name_ar", text_value, REQUIRED), ("name_en", text_value, REQUIRED),
                ("name_en_verified", boolean_value, False), ("role_ar", text_value, None),
                ("role_en", text_value, None), ("entity", ident_value, None))
START = Shape(("line", text_value, None), ("prefix", text_value, None))


def _start_value(value: Any) -> Any:
    """A section's start, [line, prefix] with exactly one of them, when it has no problem."""
    read = common(value, START)
    return read if read is not None and (read[0] is None) != (read[1] is None) else BAD


SECTION = Shape(("id", ident_value, REQUIRED), ("kind", choice_value(SECTION_KINDS), REQUIRED),
                ("title", text_value, None), ("speaker", ident_value, None), ("note", text_value, None),
                ("start", _start_value, None))
QUOTE = Shape(("cue", text_value, REQUIRED), ("speaker", ident_value, REQUIRED), ("occurrence", integer_value, None))
LINK = Shape(("text", text_value, REQUIRED), ("meeting", ident_value, REQUIRED), ("occurrence", integer_value, None))
DEBRIS = Shape(("line", text_value, REQUIRED), ("reason", text_value, REQUIRED))
RETIRED = Shape(("id", ident_value, REQUIRED), ("to", ident_value, REQUIRED), ("reason", text_value, REQUIRED))


def _speaker_fields(f: Fields) -> list[Any]:
    """A speaker's values read by Fields, in the order of SPEAKER (its general path)."""
    return [f.ident("id"), f.text("name_ar"), f.text("name_en"), f.boolean("name_en_verified", default=False),
            f.text("role_ar", required=False), f.text("role_en", required=False), f.ident("entity", required=False)]


def _speakers(top: Fields) -> tuple[Speaker, ...]:
    out: list[Speaker] = []
    ids: set[str] = set()
    for i, item in enumerate(top.items("speakers")):
        sid, name_ar, name_en, verified, role_ar, role_en, entity = (
            common(item.value, SPEAKER) or _read(top.child("speakers", i, item), _speaker_fields))
        if sid and name_ar and name_en:
            if sid in ids:
                f = top.child("speakers", i, item)
                f.problem("id", f"duplicate speaker id {sid!r}", f.raw("id"))
            ids.add(sid)
            out.append(Speaker(sid, name_ar, name_en, verified, role_ar, role_en, entity,
                               Located(top.file, item.line)))
    return tuple(out)


def _section_fields(f: Fields) -> list[Any]:
    """A section's values read by Fields, as common(item.value, SECTION) gives them, every problem reported."""
    sid = f.ident("id")
    kind = f.choice("kind", SECTION_KINDS)
    title = f.text("title", required=False)
    speaker = f.ident("speaker", required=False)
    note = f.text("note", required=False)
    start = f.child("start") if f.raw("start") is not None else None
    line = prefix = None
    if start is not None:
        line, prefix = start.text("line", required=False), start.text("prefix", required=False)
        if (line is None) == (prefix is None):
            start.problem("", "give exactly one of line (a whole source line) or prefix (a paragraph's opening)")
        start.finish()
    f.finish()
    return [sid, kind, title, speaker, note, None if start is None else [line, prefix]]


def _sections(top: Fields, speakers: tuple[Speaker, ...]) -> tuple[SectionSpec, ...]:
    out: list[SectionSpec] = []
    ids: set[str] = set()
    speaker_ids = {s.id for s in speakers}
    for i, item in enumerate(top.items("sections", required=True)):
        f = top.child("sections", i, item)  # for the checks below (it reports an item that is not a mapping)
        sid, kind, title, speaker, note, start = common(item.value, SECTION) or _section_fields(f)
        line, prefix = start or (None, None)
        if i > 0 and start is None:
            f.problem("start", "is required for every section after the first")
        if line is None and title is None:
            f.problem("title", "is required unless the section starts at a whole line (which is its heading)")
        if speaker is not None and speaker not in speaker_ids:
            f.problem("speaker", f"unknown speaker {speaker!r} (declared: {', '.join(sorted(speaker_ids)) or 'none'})",
                      f.raw("speaker"))
        if sid and sid in ids:
            f.problem("id", f"duplicate section id {sid!r}", f.raw("id"))
        if sid and kind:
            ids.add(sid)
            out.append(SectionSpec(sid, kind, title, line, prefix, speaker, note, Located(top.file, item.line)))
    return tuple(out)


def _occurrence(f: Fields) -> int | None:
    return f.integer("occurrence", required=False)


# How Fields reads a list item (its general path): the values in the order of its Shape above.

def _quote_fields(f: Fields) -> list[Any]:
    return [f.text("cue"), f.ident("speaker"), _occurrence(f)]


def _link_fields(f: Fields) -> list[Any]:
    return [f.text("text"), f.ident("meeting"), _occurrence(f)]


def _debris_fields(f: Fields) -> list[Any]:
    return [f.text("line"), f.text("reason")]


def _retired_fields(f: Fields) -> list[Any]:
    return [f.ident("id"), f.ident("to"), f.text("reason")]


def _read(f: Fields, fields: Callable[[Fields], list[Any]]) -> list[Any]:
    """An item read by Fields, unknown keys reported."""
    values = fields(f)
    f.finish()
    return values


def load_briefing_meta(root: Node, file: str, seed: str, known_meetings: dict[str, Meeting],
                       problems: Problems) -> BriefingMeta | None:
    top = Fields(root, file, "", problems)
    bid = top.ident("id")
    inline_meeting: Meeting | None = None
    meeting_node = top.raw("meeting")
    meeting_id: str | None = None
    if meeting_node is not None and isinstance(meeting_node.value, dict):
        inline_meeting = meeting_from(top.child("meeting"))
        meeting_id = inline_meeting.id if inline_meeting else None
        if meeting_id in known_meetings:
            top.problem("meeting.id", f"meeting {meeting_id!r} is already declared in meetings.yml: "
                        "refer to it by id", meeting_node)
    else:
        meeting_id = top.ident("meeting")
        if meeting_id is not None and meeting_id not in known_meetings:
            top.problem("meeting", f"unknown meeting {meeting_id!r} (known: {', '.join(sorted(known_meetings))}); "
                        "declare it in meetings.yml or inline here", meeting_node)
    kind = top.choice("kind", TEXT_KINDS)
    title_ar, title_en, translit = top.plain("title_ar"), top.text("title_en"), top.text("title_translit")
    abstract_en = top.plain("abstract_en")
    outlet = top.child("outlet")
    outlet_ar = outlet.text("ar", required=False)
    outlet_en = outlet.text("en", required=False)
    outlet_note = outlet.text("note", required=False)
    outlet.finish()
    if (outlet_ar is None) != (outlet_en is None):
        outlet.problem("", "give both ar and en, or neither (with a note) when the outlet is not named")
    if outlet_ar is None and outlet_note is None:
        outlet.problem("note", "is required when the outlet is not named: say what is known")
    published, _ = top.day("published", allow_unknown=True)
    published_note = top.text("published_note", required=False)
    if published is None and published_note is None and top.raw("published") is not None:
        top.problem("published_note", "is required when the date is unknown: say what is known")
    speakers = _speakers(top)
    sections = _sections(top, speakers)
    speaker_ids = {s.id for s in speakers}
    quotes = []
    for i, item in enumerate(top.items("quotes")):
        cue, speaker, occ = common(item.value, QUOTE) or _read(top.child("quotes", i, item), _quote_fields)
        if speaker is not None and speaker not in speaker_ids:
            f = top.child("quotes", i, item)
            f.problem("speaker", f"unknown speaker {speaker!r}", f.raw("speaker"))
        if cue and speaker:
            quotes.append(QuoteSpec(cue, speaker, occ, Located(file, item.line)))
    links = []
    all_meetings = set(known_meetings) | ({inline_meeting.id} if inline_meeting else set())
    for i, item in enumerate(top.items("links")):
        text, meeting, occ = common(item.value, LINK) or _read(top.child("links", i, item), _link_fields)
        if meeting is not None and meeting not in all_meetings:
            f = top.child("links", i, item)
            f.problem("meeting", f"unknown meeting {meeting!r}", f.raw("meeting"))
        if text and meeting:
            links.append(LinkSpec(text, meeting, occ, Located(file, item.line)))
    debris = []
    for i, item in enumerate(top.items("debris")):
        line, reason = common(item.value, DEBRIS) or _read(top.child("debris", i, item), _debris_fields)
        if line and reason:
            debris.append(DebrisSpec(line, reason, Located(file, item.line)))
    retired = []
    for i, item in enumerate(top.items("retired")):
        rid, to, reason = common(item.value, RETIRED) or _read(top.child("retired", i, item), _retired_fields)
        if rid and to and reason:
            retired.append(Retirement(rid, to, reason, Located(file, item.line)))
    old_addresses = top.texts("old_addresses")
    top.finish()
    if None in (bid, meeting_id, kind, title_ar, title_en, translit, abstract_en):
        return None
    assert bid and meeting_id and kind and title_ar and title_en and translit and abstract_en
    return BriefingMeta(bid, seed, meeting_id, kind, title_ar, title_en, translit, abstract_en, outlet_ar, outlet_en,
                        outlet_note, published, published_note, speakers, sections, tuple(quotes), tuple(links),
                        tuple(debris), tuple(retired), old_addresses, file, inline_meeting)
