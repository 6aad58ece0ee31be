"""A deterministic synthetic corpus for benchmarks: N briefings made from the real texts' paragraphs.

`synth_seeds(n, inputs)` is pure: from the real seeds (texts, metadata, meetings and any other data
file such as annotation data) it returns the files of a seeds/ folder holding N synthetic briefings,
spread over several extra meetings (appended to the real meetings.yml) and over every real speaker.
Each synthetic text is about the size of a real one and is made of real paragraphs, each between two
real sentences drawn from the other paragraphs (so that synthetic paragraphs almost never repeat one
another: a corpus of copies would flatter anything that works once per distinct text), with speaker
turns (a name on its own line), attributed quotes (real cues), links to other meetings (real
phrases) and, now and then, a declared debris line, so that parsing, ids, annotations, cross-links
and the search index all run on it. The same N gives the same bytes.

`synth_project(root, n, dest)` writes a copy of the project with those seeds in place of the real
ones (the build scripts and configuration copied, `.venv` linked), buildable with `scripts/build`.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .model import Corpus, Speaker
from .pipeline import MEETINGS_FILE, Inputs, load_corpus
from .sources import clean

# Arabic city names for the synthetic meetings (the real ones are in meetings.yml).
CITIES = (("بغداد", "Baghdad"), ("باريس", "Paris"), ("لندن", "London"), ("الكويت", "Kuwait"),
          ("عمّان", "Amman"), ("الرياض", "Riyadh"), ("أبوظبي", "Abu Dhabi"), ("مراكش", "Marrakesh"),
          ("برلين", "Berlin"), ("مدريد", "Madrid"), ("أنقرة", "Ankara"), ("الدوحة", "Doha"))
BRIEFINGS_PER_MEETING = 25
FIRST_MEETING = date(2014, 12, 3)
MAX_QUOTES = 3
SENTENCE_END = re.compile(r"(?<=[.!؟])\s+")
# Not copied into a synthetic seeds/ folder: the real texts, their metadata and their id lock.
_OWN = (".txt", ".meta.yml")
# Editorial notes, figures and the timeline point at paragraphs of the real texts, so they stay out too
# (the entities, and so the mention detection, come along).
_SKIP = {"seeds/ids.lock.json", MEETINGS_FILE, "seeds/notes.yml", "seeds/figures.yml", "seeds/timeline.yml"}


@dataclass(frozen=True)
class _Pool:
    """What synthetic briefings are made of, taken once from the real corpus."""

    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]  # the paragraphs' sentences, set around other paragraphs
    sizes: tuple[int, ...]  # bytes of each real text, to make synthetic ones the same size
    speakers: tuple[Speaker, ...]
    cues: tuple[tuple[str, str], ...]  # (cue, speaker id)
    links: tuple[tuple[str, str], ...]  # (phrase, meeting id)
    debris: tuple[str, ...]


def _pool(corpus: Corpus) -> _Pool:
    paragraphs: list[str] = []
    speakers: dict[str, Speaker] = {}
    cues: dict[str, str] = {}
    links: dict[str, str] = {}
    debris: list[str] = []
    for b in corpus.briefings:
        paragraphs += [p.text for p in b.paragraphs if len(p.text) > 40]
        for s in b.meta.speakers:
            speakers.setdefault(s.id, s)
        for q in b.meta.quotes:
            # Only cues that end with a colon or are long: short ones ("أضاف") occur everywhere.
            if q.cue.endswith(":") or len(q.cue) >= 12:
                cues.setdefault(q.cue, q.speaker)
        for link in b.meta.links:
            links.setdefault(link.text, link.meeting)
        debris += [d.line for d in b.meta.debris if d.line not in debris]
    unique = tuple(dict.fromkeys(paragraphs))
    sentences = tuple(dict.fromkeys(x for p in unique for x in SENTENCE_END.split(p) if len(x) >= 25))
    return _Pool(unique, sentences, tuple(len(b.raw) for b in corpus.briefings),
                 tuple(speakers[k] for k in sorted(speakers)), tuple(sorted(cues.items())),
                 tuple(sorted(links.items())), tuple(debris))


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _meetings(n: int) -> list[tuple[str, str, str, date]]:
    """(id, city_ar, city_en, date) of the synthetic meetings: one per BRIEFINGS_PER_MEETING briefings, at least two."""
    count = max(2, -(-n // BRIEFINGS_PER_MEETING))
    out = []
    for i in range(count):
        city_ar, city_en = CITIES[i % len(CITIES)]
        day = FIRST_MEETING + timedelta(days=61 * i)
        out.append((f"synth-{city_en.lower().replace(' ', '-')}-{day.year}-{i + 1:03d}", city_ar, city_en, day))
    return out


def _meetings_yaml(real: str, n: int) -> str:
    lines = [real.rstrip("\n"), "", "  # Synthetic meetings for the benchmark (edition.synth)."]
    for i, (mid, city_ar, city_en, day) in enumerate(_meetings(n)):
        lines += [f"  - id: {mid}", "    kind: ministerial",
                  f"    title_ar: {_q(f'اجتماع تجريبي للتحالف في {city_ar} رقم {i + 1}')}",
                  f"    title_en: {_q(f'Synthetic Coalition meeting {i + 1}, {city_en}')}",
                  f"    date: {day.isoformat()}", f"    city_ar: {_q(city_ar)}", f"    city_en: {_q(city_en)}",
                  f"    abstract_en: {_q(f'A synthetic meeting made for the benchmark, number {i + 1}.')}", ""]
    return "\n".join(lines)


def _briefing(i: int, pool: _Pool, meeting: tuple[str, str, str, date]) -> tuple[str, str]:
    """(text, metadata) of synthetic briefing number i."""
    rng = random.Random(f"edition.synth:{i}")
    target = pool.sizes[i % len(pool.sizes)]
    turns = rng.sample(pool.speakers, k=min(len(pool.speakers), 1 + i % 3))
    order = rng.sample(range(len(pool.paragraphs)), k=len(pool.paragraphs))
    chosen: list[str] = []
    size = 0
    for k in order:
        if size >= target:
            break
        before, after = (pool.sentences[rng.randrange(len(pool.sentences))] for _ in range(2))
        paragraph = f"{before} {pool.paragraphs[k]} {after}"
        chosen.append(paragraph)
        size += len(paragraph.encode()) + 1
    # Intro, then one turn per speaker: its name on its own line, then its share of the paragraphs.
    cut = max(1, len(chosen) // (len(turns) + 1))
    lines = chosen[:cut]
    rest = chosen[cut:]
    per_turn = -(-len(rest) // len(turns)) if rest else 0
    for t, speaker in enumerate(turns):
        lines += [speaker.name_ar, *(rest[t * per_turn:(t + 1) * per_turn] or [chosen[0]])]
    debris = pool.debris[i % len(pool.debris)] if pool.debris and i % 7 == 3 else None
    if debris is not None:
        lines.insert(len(lines) // 2, debris)

    body = [clean(line) for line in lines]
    declared = {s.id: s for s in turns}
    quotes: list[tuple[str, str]] = []
    quoted: set[int] = set()
    for cue, speaker_id in pool.cues:
        hit = next((k for k, line in enumerate(body) if cue in line), None)
        if hit is None or hit in quoted or len(quotes) >= MAX_QUOTES or body[hit].count(cue) != 1:
            continue
        if any(cue in other or other in cue for other, _ in quotes):
            continue
        quoted_speaker = next((s for s in pool.speakers if s.id == speaker_id), None)
        if quoted_speaker is None:
            continue
        declared.setdefault(quoted_speaker.id, quoted_speaker)
        quotes.append((cue, speaker_id))
        quoted.add(hit)
    links = [(phrase, mid) for phrase, mid in pool.links if any(phrase in line for line in body)][:4]

    mid, city_ar, city_en, day = meeting
    kind = ("press-briefing", "news-report", "statement-and-remarks", "remarks")[i % 4]
    meta = [
        f"# Synthetic briefing {i} for the benchmark (edition.synth), made of real paragraphs.",
        f"id: synth-{i:05d}", f"meeting: {mid}", f"kind: {kind}",
        f"title_ar: {_q(f'نص تجريبي رقم {i + 1} عن اجتماع {city_ar}')}",
        f"title_en: {_q(f'Synthetic text {i + 1} on the meeting in {city_en}')}",
        f"title_translit: {_q(f'Naṣṣ tajrībī raqm {i + 1}')}",
        f"abstract_en: {_q('A synthetic text for the benchmark, made of paragraphs of the real texts.')}",
        "outlet:", f"  note: {_q('نص تجريبي: لا وسيلة نشر.')}",
    ]
    if i % 5 == 4:
        meta += ["published: unknown", f"published_note: {_q('نص تجريبي بلا تاريخ نشر.')}"]
    else:
        meta.append(f"published: {day.isoformat()}")
    meta.append("speakers:")
    for s in sorted(declared.values(), key=lambda s: s.id):
        fields = [f"id: {s.id}", f"name_ar: {_q(s.name_ar)}", f"name_en: {_q(s.name_en)}",
                  f"name_en_verified: {'true' if s.name_en_verified else 'false'}"]
        fields += [f"role_ar: {_q(s.role_ar)}"] if s.role_ar else []
        fields += [f"role_en: {_q(s.role_en)}"] if s.role_en else []
        fields += [f"entity: {s.entity}"] if s.entity else []
        meta.append("  - {" + ", ".join(fields) + "}")
    meta += ["sections:", f"  - {{id: intro, kind: intro, title: {_q('تقديم')}}}"]
    for t, s in enumerate(turns):
        meta.append(f"  - {{id: turn-{t + 1}, kind: turn, start: {{line: {_q(s.name_ar)}}}, speaker: {s.id}}}")
    if quotes:
        meta.append("quotes:")
        meta += [f"  - {{cue: {_q(cue)}, occurrence: 1, speaker: {sid}}}" for cue, sid in quotes]
    if links:
        meta.append("links:")
        meta += [f"  - {{text: {_q(phrase)}, occurrence: 1, meeting: {target}}}" for phrase, target in links]
    if debris is not None:
        meta += ["debris:", f"  - {{line: {_q(debris)}, reason: {_q('سطر تجريبي من بقايا صفحة الموقع.')}}}"]
    return "\n".join(lines) + "\n", "\n".join(meta) + "\n"


def synth_seeds(n: int, inputs: Inputs) -> dict[str, bytes]:
    """The files of a seeds/ folder with N synthetic briefings (pure: writes nothing)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    pool = _pool(load_corpus(inputs))
    meetings = _meetings(n)
    out = {path: data for path, data in inputs.files.items() if path not in _SKIP and not path.endswith(_OWN)}
    out[MEETINGS_FILE] = _meetings_yaml(inputs.files[MEETINGS_FILE].decode("utf-8-sig"), n).encode()
    for i in range(n):
        text, meta = _briefing(i, pool, meetings[i * len(meetings) // n])
        out[f"seeds/synth-{i:05d}.txt"] = text.encode()
        out[f"seeds/synth-{i:05d}.meta.yml"] = meta.encode()
    return dict(sorted(out.items()))


def write_seeds(files: dict[str, bytes], seeds_dir: Path) -> None:
    """Replace `seeds_dir` with exactly these files."""
    if seeds_dir.exists():
        shutil.rmtree(seeds_dir)
    seeds_dir.mkdir(parents=True)
    for path, data in files.items():
        (seeds_dir / path.removeprefix("seeds/")).write_bytes(data)


# Not copied into a synthetic project: the real seeds, outputs, caches and version control.
_NOT_COPIED = {"seeds", "site", "build", "tests", ".git", ".venv", "node_modules", ".pytest_cache",
               ".mypy_cache", ".ruff_cache", "__pycache__"}
_LINKED = (".venv", "node_modules")


def synth_project(root: Path, n: int, dest: Path) -> Path:
    """A copy of the project at `root` in `dest`, with N synthetic briefings as its seeds/."""
    files = synth_seeds(n, Inputs.from_dir(root))
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for item in sorted(root.iterdir()):
        if item.name in _NOT_COPIED or item.name.startswith(".site"):
            continue
        if item.is_dir():
            shutil.copytree(item, dest / item.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif item.is_file():
            shutil.copy2(item, dest / item.name)
    for name in _LINKED:
        if (root / name).exists():
            (dest / name).symlink_to((root / name).resolve())
    write_seeds(files, dest / "seeds")
    return dest
