"""Loading the editorial layers that point into the texts: notes, figures and the timeline.

Each file is optional (seeds/notes.yml, seeds/figures.yml, seeds/timeline.yml). Every pointer into
a text is a `ref`: a briefing id, a paragraph id (as the build assigns and the lock keeps) and the
exact words of that paragraph (`occurrence: N` when they occur more than once). A ref that does not
match is a located error, so a note or a figure can never silently drift off its words.
Notes become "note" spans on their paragraphs; they must nest with the layers already there.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from .errors import EditionError, Problems
from .ids import resolve
from .model import (
    NOTE_TYPES,
    Annotations,
    Briefing,
    Corpus,
    Figure,
    FigureValue,
    Located,
    Note,
    Paragraph,
    Ref,
    Section,
    Span,
    TimelineEvent,
)
from .schema import Fields
from .yamlload import Node, load_yaml

NOTES_FILE = "seeds/notes.yml"
FIGURES_FILE = "seeds/figures.yml"
TIMELINE_FILE = "seeds/timeline.yml"
WHEN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class _Refs:
    """Resolves refs against the corpus's paragraphs, indexed when the first ref is resolved (a
    corpus without editorial files needs no index of its paragraphs)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    @functools.cached_property
    def paragraphs(self) -> dict[str, dict[str, Paragraph]]:
        return {b.meta.id: {p.id: p for p in b.paragraphs} for b in self.corpus.briefings}

    # Published ids keep working: a page's old address, a retired paragraph's successor.
    @functools.cached_property
    def renamed(self) -> dict[str, str]:
        return {old.strip("/").removeprefix("briefings/"): b.meta.id for b in self.corpus.briefings
                for old in b.meta.old_addresses if old.strip("/").startswith("briefings/")}

    @functools.cached_property
    def retired(self) -> dict[str, dict[str, str]]:
        return {b.meta.id: resolve(b.retired, {p.id for p in b.paragraphs}) for b in self.corpus.briefings}

    def ref(self, f: Fields) -> Ref | None:
        briefing, paragraph, text = f.ident("briefing"), f.text("paragraph"), f.text("text")
        occurrence = f.integer("occurrence", required=False)
        f.finish()
        if briefing is None or paragraph is None or text is None:
            return None
        if briefing not in self.paragraphs and briefing in self.renamed:
            briefing = self.renamed[briefing]
        if briefing not in self.paragraphs:
            f.problem("briefing", f"unknown briefing {briefing!r} (known: {', '.join(sorted(self.paragraphs))})",
                      f.raw("briefing"))
            return None
        paragraph = self.retired[briefing].get(paragraph, paragraph)
        p = self.paragraphs[briefing].get(paragraph)
        if p is None:
            f.problem("paragraph", f"{briefing} has no paragraph {paragraph!r}", f.raw("paragraph"))
            return None
        starts = [m.start() for m in re.finditer(re.escape(text), p.text)]
        if not starts:
            f.problem("text", f"{text!r} is not in {briefing}#{paragraph} ({p.text[:60]!r}…)", f.raw("text"))
            return None
        if occurrence is None and len(starts) > 1:
            f.problem("text", f"{text!r} occurs {len(starts)} times in {briefing}#{paragraph}: add occurrence: N",
                      f.raw("text"))
            return None
        if occurrence is not None and occurrence > len(starts):
            f.problem("occurrence", f"{text!r} occurs only {len(starts)} time(s) in {briefing}#{paragraph}",
                      f.raw("occurrence"))
            return None
        start = starts[(occurrence or 1) - 1]
        return Ref(briefing, paragraph, start, start + len(text), text)

    def refs(self, f: Fields, key: str, required: bool) -> tuple[Ref, ...]:
        out = []
        items = f.items(key, required=required)
        for i, item in enumerate(items):
            r = self.ref(f.child(key, i, item))
            if r is not None:
                out.append(r)
        return tuple(out)


def _seen(f: Fields, ident: str | None, seen: dict[str, int], what: str) -> bool:
    if ident is None:
        return False
    if ident in seen:
        f.problem("id", f"duplicate {what} id {ident!r} (first at line {seen[ident]})", f.raw("id"))
        return False
    seen[ident] = f.line
    return True


def load_notes(root: Node, file: str, refs: _Refs, problems: Problems) -> list[Note]:
    top = Fields(root, file, "", problems)
    out: list[Note] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(top.items("notes", required=True)):
        f = top.child("notes", i, item)
        nid, kind = f.ident("id"), f.choice("type", NOTE_TYPES)
        note, basis = f.text("note_ar"), f.text("basis_ar")
        ref = refs.ref(f.child("ref")) if f.raw("ref") is not None else None
        if f.raw("ref") is None:
            f.problem("ref", "is required: {briefing: <id>, paragraph: <p..>, text: <the exact words>}")
        f.finish()
        if _seen(f, nid, seen, "note") and kind and note and basis and ref:
            assert nid
            out.append(Note(nid, kind, ref, note, basis, Located(file, item.line)))
    top.finish()
    return out


def _value(f: Fields, refs: _Refs, meetings: set[str]) -> FigureValue | None:
    meeting = f.ident("meeting")
    node = f.raw("value")
    value: float | None = None
    if node is None or node.value is None:
        f.problem("value", "is required: a number, or unknown when the texts do not give it")
    elif node.value == "unknown":
        value = None
    elif isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        value = float(node.value)
    else:
        f.problem("value", "must be a number or unknown", node)
    label = f.text("label_ar")
    note = f.text("note_ar", required=False)
    found = refs.refs(f, "refs", required=False)
    f.finish()
    known = meeting is not None and meeting in meetings
    if meeting is not None and not known:
        f.problem("meeting", f"unknown meeting {meeting!r}", f.raw("meeting"))
    if node is not None and node.value != "unknown" and not f.items("refs"):
        f.problem("refs", "a value needs at least one ref to the words that state it")
    if node is not None and node.value == "unknown" and not note:
        f.problem("note_ar", "is required when the value is unknown: say what is known")
    if meeting is None or not known or label is None:
        return None
    return FigureValue(meeting, value, label, found, note)


def load_figures(root: Node, file: str, refs: _Refs, meetings: set[str], problems: Problems) -> list[Figure]:
    top = Fields(root, file, "", problems)
    out: list[Figure] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(top.items("figures", required=True)):
        f = top.child("figures", i, item)
        fid, title_ar, title_en, unit = f.ident("id"), f.text("title_ar"), f.text("title_en"), f.text("unit_ar")
        comparable = f.boolean("comparable", default=True)
        note = f.text("note_ar", required=False)
        values = []
        for j, v in enumerate(f.items("values", required=True)):
            value = _value(f.child("values", j, v), refs, meetings)
            if value is not None:
                values.append(value)
        f.finish()
        if _seen(f, fid, seen, "figure") and title_ar and title_en and unit:
            assert fid
            out.append(Figure(fid, title_ar, title_en, unit, tuple(values), comparable, note, Located(file, item.line)))
    top.finish()
    return out


def load_timeline(root: Node, file: str, refs: _Refs, meetings: set[str], problems: Problems) -> list[TimelineEvent]:
    top = Fields(root, file, "", problems)
    out: list[TimelineEvent] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(top.items("events", required=True)):
        f = top.child("events", i, item)
        eid = f.ident("id")
        when_node = f.raw("when")
        when = None if when_node is None else str(when_node.value)
        if when_node is None:
            f.problem("when", "is required: YYYY, YYYY-MM or YYYY-MM-DD")
        elif not WHEN.match(when or ""):
            f.problem("when", f"{when!r} is not YYYY, YYYY-MM or YYYY-MM-DD (quote it: \"2018-12\")", when_node)
            when = None
        title_ar, title_en = f.text("title_ar"), f.text("title_en")
        meeting = f.ident("meeting", required=False)
        note = f.text("note_ar", required=False)
        found = refs.refs(f, "refs", required=True)
        f.finish()
        if meeting is not None and meeting not in meetings:
            f.problem("meeting", f"unknown meeting {meeting!r}", f.raw("meeting"))
        if _seen(f, eid, seen, "event") and when and title_ar and title_en:
            assert eid
            out.append(TimelineEvent(eid, when, title_ar, title_en, found, meeting, note, Located(file, item.line)))
    top.finish()
    return sorted(out, key=lambda e: (e.when, e.id))


def _read(files: dict[str, bytes], path: str, problems: Problems) -> Node | None:
    if path not in files:
        return None
    try:
        return load_yaml(files[path].decode("utf-8-sig"), path)
    except EditionError as exc:
        problems.extend(exc)
    except UnicodeDecodeError as exc:
        problems.add(path, 0, "", f"byte {exc.start}: not valid UTF-8")
    return None


def load_annotations(files: dict[str, bytes], corpus: Corpus, problems: Problems) -> Annotations:
    refs = _Refs(corpus)
    meetings = {m.id for m in corpus.meetings}
    notes: list[Note] = []
    figures: list[Figure] = []
    timeline: list[TimelineEvent] = []
    if (root := _read(files, NOTES_FILE, problems)) is not None:
        notes = load_notes(root, NOTES_FILE, refs, problems)
    if (root := _read(files, FIGURES_FILE, problems)) is not None:
        figures = load_figures(root, FIGURES_FILE, refs, meetings, problems)
    if (root := _read(files, TIMELINE_FILE, problems)) is not None:
        timeline = load_timeline(root, TIMELINE_FILE, refs, meetings, problems)
    return Annotations(tuple(notes), tuple(figures), tuple(timeline))


def attach_notes(corpus: Corpus, problems: Problems) -> Corpus:
    """Each note becomes a "note" span on its paragraph; it must nest with the spans already there."""
    by_paragraph: dict[tuple[str, str], list[Note]] = {}
    for n in corpus.annotations.notes:
        by_paragraph.setdefault((n.ref.briefing, n.ref.paragraph), []).append(n)
    if not by_paragraph:
        return corpus

    def paragraph(b: Briefing, p: Paragraph) -> Paragraph:
        notes = by_paragraph.get((b.meta.id, p.id))
        if not notes:
            return p
        spans = list(p.spans)
        for n in notes:
            start, end = n.ref.start, n.ref.end
            crossing = [s for s in spans if s.start < end and start < s.end
                        and not (s.start <= start and end <= s.end) and not (start <= s.start and s.end <= end)]
            if crossing:
                where = n.where or Located(NOTES_FILE, 0)
                problems.add(where.file, where.line, "ref.text", f"{n.ref.text!r} crosses the edge of a {crossing[0].kind} "
                             f"({p.text[crossing[0].start:crossing[0].end][:40]!r}): make the words nest with it")
                continue
            spans.append(Span(start, end, "note", n.id))
        return replace(p, spans=tuple(sorted(spans, key=lambda s: (s.start, -s.end))))

    def section(b: Briefing, s: Section) -> Section:
        return replace(s, paragraphs=tuple(paragraph(b, p) for p in s.paragraphs))

    return replace(corpus, briefings=tuple(
        replace(b, sections=tuple(section(b, s) for s in b.sections)) for b in corpus.briefings))
