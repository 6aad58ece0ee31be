"""The typed document model: frozen dataclasses shared by every stage of the pipeline.

Metadata types (Meeting, Speaker, SectionSpec, ...) describe what a maintainer declared; document
types (Briefing, Section, Paragraph, Span) describe what the parser found in a source text. Only
the renderer knows Markdown or HTML; nothing here holds markup.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from functools import cached_property
from typing import NamedTuple, TypeVar

_Class = TypeVar("_Class", bound=type)


def _dict_init(cls: _Class) -> _Class:
    """Give a frozen dataclass an __init__ that writes the fields into the instance's dictionary.

    The __init__ that dataclasses generates for a frozen class calls object.__setattr__ once per field
    (the class's own __setattr__ raises), which takes twice as long as writing the dictionary, and
    loading 1,000 texts makes some 60,000 of the objects marked with this (26,000 paragraphs: two per
    paragraph, numbered then annotated). Generated the way dataclasses generates its own: the same
    parameters (the fields in order, with their defaults); the class stays a frozen dataclass (fields,
    replace, eq, hash, repr). tests/test_model_init.py compares it with the generated one.
    """
    own = fields(cls)
    assert all(f.init and f.default_factory is MISSING for f in own) and "__post_init__" not in vars(cls)
    defaults = {f"_default_{f.name}": f.default for f in own if f.default is not MISSING}
    parameters = ", ".join(f.name if f.default is MISSING else f"{f.name}=_default_{f.name}" for f in own)
    writes = "".join(f"\n    d[{f.name!r}] = {f.name}" for f in own)
    namespace: dict[str, object] = {}
    exec(f"def __init__(self, {parameters}):\n    d = self.__dict__{writes}", defaults, namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    setattr(cls, "__init__", init)  # noqa: B010 - mypy refuses assigning a method
    return cls

# Kinds of text a briefing can be (shown on the page and used as a search filter).
TEXT_KINDS: dict[str, tuple[str, str]] = {
    "press-briefing": ("إيجاز صحفي", "press briefing"),
    "statement-and-remarks": ("بيان وتصريحات", "statement and remarks"),
    "news-report": ("تقرير إخباري", "news report"),
    "meeting-report": ("تقرير عن الاجتماع", "meeting report"),
    "statement": ("بيان", "statement"),
    "remarks": ("تصريحات", "remarks"),
    "interview": ("مقابلة", "interview"),
}

# Kinds of section inside a briefing.
SECTION_KINDS: dict[str, str] = {
    "intro": "تقديم",
    "headline": "عنوان",
    "release": "ترويسة",
    "turn": "مداخلة",
    "statement": "بيان",
    "remarks": "تصريحات",
    "report": "تقرير",
    "subheading": "عنوان فرعي",
}


@_dict_init
@dataclass(frozen=True)
class Located:
    """Where a declaration came from, for error messages: `file:line`."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Meeting:
    id: str
    title_ar: str
    title_en: str
    date: date
    city_ar: str
    city_en: str
    kind: str  # "ministerial", "political-directors", "defence-ministers", ...
    venue_ar: str | None = None
    hosts_ar: tuple[str, ...] = ()
    hosts_en: tuple[str, ...] = ()
    members: int | None = None
    note_ar: str | None = None
    abstract_en: str | None = None
    where: Located | None = field(default=None, compare=False)


@_dict_init
@dataclass(frozen=True)
class Speaker:
    id: str
    name_ar: str
    name_en: str
    name_en_verified: bool
    role_ar: str | None = None
    role_en: str | None = None
    entity: str | None = None
    where: Located | None = field(default=None, compare=False)


@_dict_init
@dataclass(frozen=True)
class SectionSpec:
    """A declared section: where it starts and how its heading is made.

    `start_line` (a whole source line, which then becomes the heading: source words) or
    `start_prefix` (a paragraph that opens with a label; the heading is the editorial `title`).
    The first section has neither: it starts at the top of the text.
    """

    id: str
    kind: str
    title_ar: str | None
    start_line: str | None
    start_prefix: str | None
    speaker: str | None
    note_ar: str | None
    where: Located


@_dict_init
@dataclass(frozen=True)
class QuoteSpec:
    cue: str
    speaker: str
    occurrence: int | None
    where: Located


@_dict_init
@dataclass(frozen=True)
class LinkSpec:
    """A phrase of the text that refers to another meeting."""

    text: str
    meeting: str
    occurrence: int | None
    where: Located


@_dict_init
@dataclass(frozen=True)
class DebrisSpec:
    line: str
    reason_ar: str
    where: Located


@_dict_init
@dataclass(frozen=True)
class Retirement:
    """A published paragraph id that no longer has its own paragraph; its anchor lands on `to`."""

    id: str
    to: str
    reason: str
    where: Located


@_dict_init
@dataclass(frozen=True)
class BriefingMeta:
    id: str
    seed: str  # file name of the source text in seeds/
    meeting: str
    kind: str
    title_ar: str
    title_en: str
    title_translit: str
    abstract_en: str
    outlet_ar: str | None  # None: the outlet is not named
    outlet_en: str | None
    outlet_note_ar: str | None
    published: date | None  # None: unknown
    published_note_ar: str | None
    speakers: tuple[Speaker, ...]
    sections: tuple[SectionSpec, ...]
    quotes: tuple[QuoteSpec, ...]
    links: tuple[LinkSpec, ...]
    debris: tuple[DebrisSpec, ...]
    retired: tuple[Retirement, ...]
    old_addresses: tuple[str, ...]
    meta_file: str
    inline_meeting: Meeting | None = None

    def speaker(self, speaker_id: str) -> Speaker:
        for s in self.speakers:
            if s.id == speaker_id:
                return s
        raise KeyError(speaker_id)


@dataclass(frozen=True)
class SourceLine:
    """One line of a source text as read, with its 1-based line number."""

    number: int
    text: str


class Span(NamedTuple):
    """A layer on a paragraph's text: [start, end) in the paragraph's characters.

    kind: "quote" (attributed words; `target` is the speaker id), "label" (a speaker label or cue),
    "link" (a reference to a meeting; `target` is the meeting id), "mention" (an entity; `target`
    is the entity id), "note" (an editorial note; `target` is the note id).

    A named tuple, immutable like the frozen dataclasses: a corpus of 1,000 texts has some 130,000
    spans, and a named tuple is made and read several times faster.
    """

    start: int
    end: int
    kind: str
    target: str


@_dict_init
@dataclass(frozen=True)
class Paragraph:
    id: str
    line: int
    text: str
    spans: tuple[Span, ...] = ()
    speaker: str | None = None  # quoted speaker, when the paragraph carries an attributed quote


@_dict_init
@dataclass(frozen=True)
class Section:
    id: str
    kind: str
    heading: str  # source words when `heading_is_source`, else an editorial title
    heading_is_source: bool
    heading_line: int | None
    speaker: str | None
    note_ar: str | None
    paragraphs: tuple[Paragraph, ...]


@_dict_init
@dataclass(frozen=True)
class Briefing:
    meta: BriefingMeta
    sections: tuple[Section, ...]
    debris: tuple[SourceLine, ...]
    raw: bytes
    retired: tuple[Retirement, ...] = ()

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)


ENTITY_KINDS: dict[str, str] = {
    "person": "أشخاص",
    "organisation": "منظمات وهيئات",
    "place": "أماكن",
    "term": "مصطلحات",
    "event": "أحداث",
}


@dataclass(frozen=True)
class Role:
    """A person's role, dated: Pompeo was Secretary of State in 2019, Blinken in 2021."""

    role_ar: str
    role_en: str | None
    start: date | None  # None: not known
    end: date | None
    as_of: date | None = None  # a date on which the texts show the person in this role


@dataclass(frozen=True)
class Entity:
    """A curated annotation entry (seeds/entities.yml).

    `variants`: every Arabic spelling that occurs in the texts (canonical name included); matched on
    folded text with attached letters handled. `latin`: Latin-letter names and abbreviations
    (name_en included) for search (Blinken, ISIS, SDF). `ambiguous`: spellings that may name this
    entity but also others (left unannotated rather than guessed).
    """

    id: str
    kind: str
    name_ar: str
    name_en: str
    name_en_verified: bool
    note_ar: str
    variants: tuple[str, ...]
    latin: tuple[str, ...]
    roles: tuple[Role, ...] = ()
    where: Located | None = field(default=None, compare=False)
    ambiguous: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corpus:
    meetings: tuple[Meeting, ...]
    briefings: tuple[Briefing, ...]
    entities: tuple[Entity, ...] = ()
    annotations: Annotations = field(default_factory=lambda: Annotations())
    published: tuple[str, ...] = ()  # every page address published so far (seeds/ids.lock.json)
    moved: tuple[Moved, ...] = ()  # earlier addresses of pages other than briefings (seeds/moved.yml)

    # Lookups are built once per corpus (cached on the instance), so pages asking for their meeting
    # or its other texts cost no scan of the corpus: no work grows with the square of its size.
    @cached_property
    def _meetings_by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.meetings}

    @cached_property
    def _briefings_by_meeting(self) -> dict[str, tuple[Briefing, ...]]:
        out: dict[str, list[Briefing]] = {}
        for b in self.briefings:
            out.setdefault(b.meta.meeting, []).append(b)
        return {k: tuple(v) for k, v in out.items()}

    def meeting(self, meeting_id: str) -> Meeting:
        return self._meetings_by_id[meeting_id]

    def briefings_of(self, meeting_id: str) -> tuple[Briefing, ...]:
        return self._briefings_by_meeting.get(meeting_id, ())

    @cached_property
    def entity_index(self) -> dict[str, Entity]:
        """The entries by id."""
        return {e.id: e for e in self.entities}

    @cached_property
    def hub_meetings(self) -> tuple[Meeting, ...]:
        """Meetings with at least one source text get a hub page, in date order."""
        return tuple(m for m in self.meetings if m.id in self._briefings_by_meeting)


NOTE_TYPES: dict[str, str] = {
    "sic": "خطأ في الأصل",
    "correction": "تصحيح",
    "translation-note": "ملاحظة على الترجمة",
    "context": "سياق",
    "source-conflict": "تعارض بين المصادر",
}


@dataclass(frozen=True)
class Ref:
    """Exact words of one paragraph: [start, end) of `text` in paragraph `paragraph` of a briefing."""

    briefing: str
    paragraph: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Note:
    """An editorial note on words of the source (seeds/notes.yml); the words are never changed."""

    id: str
    type: str  # a key of NOTE_TYPES
    ref: Ref
    note_ar: str
    basis_ar: str
    where: Located | None = field(default=None, compare=False)


@dataclass(frozen=True)
class FigureValue:
    meeting: str
    value: float | None  # None: not a single number (the text gives a range or no figure)
    label_ar: str  # the value as shown, e.g. "79 عضوا"
    refs: tuple[Ref, ...]
    note_ar: str | None = None


@dataclass(frozen=True)
class Figure:
    """A number that recurs across the meetings (seeds/figures.yml), each value linked to its words."""

    id: str
    title_ar: str
    title_en: str
    unit_ar: str
    values: tuple[FigureValue, ...]
    comparable: bool  # false: the values measure different things, no change is computed
    note_ar: str | None = None
    where: Located | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TimelineEvent:
    """An event the texts mention (seeds/timeline.yml); `when` is YYYY, YYYY-MM or YYYY-MM-DD."""

    id: str
    when: str
    title_ar: str
    title_en: str
    refs: tuple[Ref, ...]
    meeting: str | None = None
    note_ar: str | None = None
    where: Located | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Moved:
    """A published page address (not a briefing's) that now lives at `new` (seeds/moved.yml)."""

    old: str
    new: str
    reason: str
    where: Located


@dataclass(frozen=True)
class Annotations:
    """The editorial layers loaded beside the texts."""

    notes: tuple[Note, ...] = ()
    figures: tuple[Figure, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
