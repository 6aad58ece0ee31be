"""The one pipeline: seeds/ → validated metadata → parsed briefings with permanent ids → pages.

`load_corpus(root)` reads and checks everything and returns the typed Corpus (or raises one
EditionError listing every problem). `build_pages(corpus, ...)` returns every generated file as
bytes keyed by its path inside the docs tree. Nothing here writes to disk: the command line, the
MkDocs hook and the tests are thin wrappers around these two functions.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .annotate import annotate
from .cite import Site
from .editorial import attach_notes, load_annotations
from .entities import ENTITIES_FILE, load_entities
from .errors import EditionError, Problems
from .ids import (
    LOCK_FILE,
    Lock,
    LockedPage,
    assign_paragraph_ids,
    check_address,
    check_published_addresses,
    check_reserved_addresses,
    check_retirements,
    check_sections,
    read_lock,
    resolve,
)
from .metadata import load_briefing_meta, load_meetings
from .model import Briefing, BriefingMeta, Corpus, Entity, Meeting, Paragraph, Retirement, Section
from .moved import check_moved, load_moved
from .parse import parse_text
from .yamlload import load_yaml

MEETINGS_FILE = "seeds/meetings.yml"


@dataclass(frozen=True)
class Inputs:
    """Everything the pipeline reads, as bytes keyed by path relative to the project root."""

    files: dict[str, bytes]

    @classmethod
    def from_dir(cls, root: Path) -> Inputs:
        seeds = root / "seeds"
        files = {f"seeds/{p.name}": p.read_bytes() for p in sorted(seeds.iterdir()) if p.is_file()}
        return cls(files)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a stage makes a great many objects that stay (the
    corpus: paragraphs, spans, metadata nodes; the pages). Reference counting frees almost all that
    goes (the few cycles, such as a PyYAML loader's, are collected by a later full collection), and
    the collections that the growing heap would set off each walk all of it (a tenth of the
    generation time at 1,000 texts). A nested use leaves the collector as it found it.

    What the stage made and kept is moved to the oldest generation as it ends (`freeze` then
    `unfreeze`, which also starts the young generation's count again), where it would be after two
    collections anyway: else the first allocation after the stage sets off a collection of the
    young generation that walks every object the stage kept (0.03 s after loading 1,000 texts).
    Only when nothing was frozen before: `unfreeze` thaws every frozen object, also those that the
    program froze itself (such as a server that freezes what it loaded before it forks)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def briefing_address(briefing_id: str) -> str:
    return f"briefings/{briefing_id}/"


@gc_paused()
def load_corpus(inputs: Inputs) -> Corpus:
    problems = Problems()
    files = inputs.files
    if MEETINGS_FILE not in files:
        problems.add(MEETINGS_FILE, 0, "", "missing: the meetings file is required")
        problems.raise_if_any()
    meetings: list[Meeting] = []
    try:
        meetings = load_meetings(load_yaml(files[MEETINGS_FILE].decode("utf-8-sig"), MEETINGS_FILE),
                                 MEETINGS_FILE, problems)
    except EditionError as exc:
        problems.extend(exc)
    except UnicodeDecodeError as exc:
        problems.add(MEETINGS_FILE, 0, "", f"byte {exc.start}: not valid UTF-8")
    known = {m.id: m for m in meetings}
    lock = Lock({})
    if LOCK_FILE in files:
        try:
            lock = read_lock(files[LOCK_FILE].decode("utf-8"))
        except EditionError as exc:
            problems.extend(exc)

    texts = sorted(p for p in files if p.endswith(".txt"))
    metas = sorted(p for p in files if p.endswith(".meta.yml"))
    for meta_path in metas:
        if meta_path.removesuffix(".meta.yml") + ".txt" not in files:
            problems.add(meta_path, 0, "", f"no source text {meta_path.removesuffix('.meta.yml')}.txt beside it")
    briefings: list[Briefing] = []
    inline: dict[str, Meeting] = {}
    seen_ids: dict[str, str] = {}
    for text_path in texts:
        meta_path = text_path.removesuffix(".txt") + ".meta.yml"
        seed = text_path.removeprefix("seeds/")
        if meta_path not in files:
            problems.add(text_path, 0, "", f"no metadata file: add {meta_path} (see the README)")
            continue
        try:
            root = load_yaml(files[meta_path].decode("utf-8-sig"), meta_path)
        except EditionError as exc:
            problems.extend(exc)
            continue
        except UnicodeDecodeError as exc:
            problems.add(meta_path, 0, "", f"byte {exc.start}: not valid UTF-8")
            continue
        meta = load_briefing_meta(root, meta_path, seed, known, problems)
        if meta is None:
            continue
        if meta.id in seen_ids:
            problems.add(meta_path, 1, "id", f"duplicate briefing id {meta.id!r} (also in {seen_ids[meta.id]})")
            continue
        seen_ids[meta.id] = meta_path
        if meta.inline_meeting is not None:
            if meta.inline_meeting.id in inline and inline[meta.inline_meeting.id] != meta.inline_meeting:
                problems.add(meta_path, 1, "meeting", f"meeting {meta.inline_meeting.id!r} is declared differently "
                             "in another metadata file: move it to meetings.yml")
            inline.setdefault(meta.inline_meeting.id, meta.inline_meeting)
        try:
            briefings.append(_with_ids(meta, files[text_path], lock.pages.get(seed), problems))
        except EditionError as exc:
            problems.extend(exc)
    for seed, page in lock.pages.items():
        if f"seeds/{seed}" not in files:
            problems.add(LOCK_FILE, 0, seed, f"published page {page.address} has no source text any more: restore "
                         f"seeds/{seed} (a published page never disappears)")
    check_reserved_addresses([(b.meta.seed, briefing_address(b.meta.id), b.meta.old_addresses, b.meta.meta_file)
                              for b in briefings], lock, problems)
    before = len(problems.items)
    entities = _load_entities(files, problems)
    if len(problems.items) == before:  # a broken entry would make every reference to it an error too
        _check_speaker_entities(briefings, entities, problems)
    problems.raise_if_any()
    all_meetings = sorted([*meetings, *inline.values()], key=lambda m: (m.date, m.id))
    corpus = Corpus(tuple(all_meetings), tuple(sorted(briefings, key=_briefing_order(all_meetings))), tuple(entities),
                    published=lock.addresses, moved=load_moved(files, problems))
    # Editorial layers point at paragraph ids and words, so they are checked once the texts are.
    corpus = replace(corpus, annotations=load_annotations(files, corpus, problems))
    corpus = attach_notes(corpus, problems)
    problems.raise_if_any()
    return annotate(corpus)


def _load_entities(files: dict[str, bytes], problems: Problems) -> list[Entity]:
    """The annotation entries; a corpus without seeds/entities.yml simply has none."""
    if ENTITIES_FILE not in files:
        return []
    try:
        return load_entities(load_yaml(files[ENTITIES_FILE].decode("utf-8-sig"), ENTITIES_FILE),
                             ENTITIES_FILE, problems)
    except EditionError as exc:
        problems.extend(exc)
    except UnicodeDecodeError as exc:
        problems.add(ENTITIES_FILE, 0, "", f"byte {exc.start}: not valid UTF-8")
    return []


def _check_speaker_entities(briefings: list[Briefing], entities: list[Entity], problems: Problems) -> None:
    known = {e.id for e in entities}
    for b in briefings:
        for i, s in enumerate(b.meta.speakers):
            if s.entity is not None and s.entity not in known:
                problems.add(b.meta.meta_file, s.where.line if s.where else 0, f"speakers[{i}].entity",
                             f"unknown entity {s.entity!r}: declare it in {ENTITIES_FILE}")


def _briefing_order(meetings: list[Meeting]) -> Callable[[Briefing], tuple[int, str]]:
    order = {m.id: i for i, m in enumerate(meetings)}
    return lambda b: (order[b.meta.meeting], b.meta.seed)


def _with_ids(meta: BriefingMeta, data: bytes, locked: LockedPage | None, problems: Problems) -> Briefing:
    draft = parse_text(meta, data)
    texts = [p.text for s in draft.sections for p in s.paragraphs]
    local = Problems()
    lines = [p.line for s in draft.sections for p in s.paragraphs]
    ids = iter(assign_paragraph_ids(texts, locked, meta.retired, meta.meta_file, local, lines))
    sections = []
    for ds in draft.sections:
        paragraphs = tuple(Paragraph(next(ids), p.line, p.text, p.spans, p.speaker) for p in ds.paragraphs)
        heading = ds.spec.title_ar if ds.heading_line is None else ds.heading_text
        if heading is None:
            heading = ds.spec.start_line.strip() if ds.spec.start_line else ds.spec.id
        sections.append(Section(ds.spec.id, ds.spec.kind, heading, ds.heading_line is not None, ds.heading_line,
                                ds.spec.speaker, ds.spec.note_ar, paragraphs))
    section_ids = [s.id for s in sections]
    check_sections(section_ids, locked, meta.retired, meta.meta_file, local)
    live = set(section_ids) | {p.id for s in sections for p in s.paragraphs}
    check_retirements(meta.retired, live, locked, meta.meta_file, local)
    check_address(briefing_address(meta.id), meta.old_addresses, locked, meta.meta_file, local)
    problems.items.extend(local.items)
    # The page carries each retired id as an anchor on the live id it finally lands on.
    final = resolve(meta.retired, live)
    landed = tuple(Retirement(r.id, final[r.id], r.reason, r.where) for r in meta.retired if r.id in final)
    return Briefing(meta, tuple(sections), draft.debris, data, landed)


# Every page embeds the navigation, so its size must not grow with the corpus: it names at most
# NAV_MEETINGS meetings (the latest; the home page's timeline lists them all) and lists briefings
# only while the whole corpus has at most NAV_BRIEFINGS of them (hub pages list them all).
NAV_MEETINGS = 4
NAV_BRIEFINGS = 24
NAV_BRIEFINGS_PER_MEETING = 12


def site_files(corpus: Corpus, site: Site | None = None) -> dict[str, bytes]:
    """Every generated file of the docs tree: Markdown pages, raw sources, redirects, search index,
    data exports (`page_files` and `data_files`).

    `site` gives the site's name and address for citations (mkdocs.yml `site_name`, `site_url`);
    without it, addresses in citations and exports are relative to the site root."""
    out = page_files(corpus, site)
    out.update(data_files(corpus, site))
    return out


@gc_paused()
def page_files(corpus: Corpus, site: Site | None = None) -> dict[str, bytes]:
    """The files MkDocs renders or links: Markdown pages (texts, hubs, annotation pages), raw
    sources, redirect pages. Fails, located, when a published page address would disappear."""
    from .annopages import annotation_files
    from .render import DEFAULT_SITE_NAME, href, redirect_page

    site = site or Site(DEFAULT_SITE_NAME, None)
    out = markdown_pages(corpus, site)
    for b in corpus.briefings:
        out[f"sources/{b.meta.seed}"] = b.raw
        for old in b.meta.old_addresses:
            old_dir = old.strip("/")
            out[f"{old_dir}/index.html"] = redirect_page(
                href(f"{old_dir}.md", briefing_address(b.meta.id))).encode()
    out.update((path, page.encode()) for path, page in annotation_files(corpus).items())
    problems = Problems()
    pages = generated_addresses(out)
    check_moved(corpus.moved, pages, problems)
    for move in corpus.moved:
        old_dir = move.old.strip("/")
        out[f"{old_dir}/index.html"] = redirect_page(href(f"{old_dir}.md", move.new)).encode()
    check_published_addresses(corpus.published, generated_addresses(out), problems)
    problems.raise_if_any()
    return out


@gc_paused()
def data_files(corpus: Corpus, site: Site | None = None) -> dict[str, bytes]:
    """The files no page links in its Markdown and MkDocs does not process: the search index (read
    by search.js) and the data exports. `scripts/build` makes them beside MkDocs, on another core."""
    from .exports import export_files
    from .render import DEFAULT_SITE_NAME
    from .search_index import search_files

    site = site or Site(DEFAULT_SITE_NAME, None)
    out = search_files(corpus)
    out.update(export_files(corpus, site))
    return out


def markdown_pages(corpus: Corpus, site: Site) -> dict[str, bytes]:
    """The generated Markdown pages: home, meeting hubs, briefings (annotations included)."""
    from .render import Renderer, briefing_doc, meeting_doc

    r = Renderer(corpus, site)
    out: dict[str, bytes] = {"index.md": r.home_page().encode()}
    for m in corpus.hub_meetings:
        out[meeting_doc(m)] = r.hub_page(m).encode()
    for b in corpus.briefings:
        out[briefing_doc(b)] = r.briefing_page(b).encode()
    return out


def generated_addresses(files: dict[str, bytes]) -> set[str]:
    """The page addresses a set of generated files serves: Markdown pages and redirect pages."""
    from .render import url_of

    pages = {url_of(p) for p in files if p.endswith(".md")}
    return pages | {p.removesuffix("index.html") for p in files if p.endswith("/index.html")}


def navigation(corpus: Corpus) -> list[object]:
    """MkDocs nav: home, then one section per meeting (its hub first), then the hand-written pages."""
    from .render import briefing_doc, meeting_doc

    nav: list[object] = [{"الرئيسية": "index.md"}]
    hubs = corpus.hub_meetings
    by_meeting: dict[str, list[Briefing]] = {}
    for b in corpus.briefings:
        by_meeting.setdefault(b.meta.meeting, []).append(b)
    list_briefings = len(corpus.briefings) <= NAV_BRIEFINGS
    for m in hubs[-NAV_MEETINGS:]:
        items: list[object] = [meeting_doc(m)]
        briefings = by_meeting[m.id]
        if list_briefings and len(briefings) <= NAV_BRIEFINGS_PER_MEETING:
            items += [briefing_doc(b) for b in briefings]
        nav.append({f"{m.city_ar} {m.date.year}": items})
    from .annopages import annotation_nav

    nav += annotation_nav(corpus)
    nav.append({"عن هذه النشرة": "about.md"})
    return nav
