"""Permanent ids: matching today's paragraphs to the ids already published in the lock.

The lock (`seeds/ids.lock.json`, committed, written only by `python -m edition lock`) records for
each source file its page address, its section ids and its paragraph ids with the words each one
was published with. The build never changes a published id:

1. a paragraph whose words are unchanged keeps its id;
2. a paragraph that was edited (a word fixed, a space added) keeps the id of the published
   paragraph it resembles most (similarity at least SIMILAR), each id used once;
3. a new paragraph gets the next number, never a number used before (retired ones included);
4. a published id that matches nothing must be retired in the metadata (`retired:` with `to:`,
   the id its anchor now lands on), or the build fails and says so.

Paragraph ids are `p` + a number; they are unique within their page and never reused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .errors import Problems
from .model import Retirement
from .normalize import fold

LOCK_FILE = "seeds/ids.lock.json"
LOCK_VERSION = 1
SIMILAR = 0.6
PARAGRAPH_ID = re.compile(r"^p([1-9][0-9]*)$")


@dataclass(frozen=True)
class LockedPage:
    seed: str
    address: str
    sections: tuple[str, ...]
    paragraphs: tuple[tuple[str, str], ...]  # (id, words as published)
    retired: tuple[str, ...]


@dataclass(frozen=True)
class Lock:
    pages: dict[str, LockedPage]  # by seed file name


def read_lock(text: str | None) -> Lock:
    if text is None:
        return Lock({})
    data = json.loads(text)
    if data.get("version") != LOCK_VERSION:
        raise ValueError(f"{LOCK_FILE}: version {data.get('version')!r} is not {LOCK_VERSION}")
    pages = {}
    for seed, page in data["pages"].items():
        pages[seed] = LockedPage(seed, page["address"], tuple(page["sections"]),
                                 tuple((p[0], p[1]) for p in page["paragraphs"]), tuple(page.get("retired", [])))
    return Lock(pages)


def write_lock(lock: Lock) -> str:
    pages = {}
    for seed in sorted(lock.pages):
        page = lock.pages[seed]
        pages[seed] = {"address": page.address, "sections": list(page.sections),
                       "paragraphs": [list(p) for p in page.paragraphs], "retired": list(page.retired)}
    return json.dumps({"version": LOCK_VERSION, "pages": pages}, ensure_ascii=False, indent=1) + "\n"


def _number(pid: str) -> int:
    m = PARAGRAPH_ID.match(pid)
    return int(m.group(1)) if m else 0


def assign_paragraph_ids(texts: list[str], locked: LockedPage | None, retired: tuple[Retirement, ...],
                         meta_file: str, problems: Problems) -> list[str]:
    """Ids for `texts` (in document order) that keep every id published in `locked`."""
    retired_ids = {r.id for r in retired}
    published = [(pid, words) for pid, words in (locked.paragraphs if locked else ()) if pid not in retired_ids]
    ids: list[str | None] = [None] * len(texts)
    # 1. unchanged words (compared after folding, so a tashkeel or hamza fix counts as unchanged)
    by_words: dict[str, list[str]] = {}
    for pid, words in published:
        by_words.setdefault(fold(words), []).append(pid)
    for i, words in enumerate(texts):
        queue = by_words.get(fold(words))
        if queue:
            ids[i] = queue.pop(0)
    used = {pid for pid in ids if pid}
    # 2. edited paragraphs: the most similar published paragraph, best pairs first
    left = [(pid, fold(words)) for pid, words in published if pid not in used]
    if left:
        pairs = []
        for i, words in enumerate(texts):
            if ids[i] is not None:
                continue
            folded = fold(words)
            for pid, old in left:
                matcher = SequenceMatcher(None, old, folded, autojunk=False)
                if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                    ratio = matcher.ratio()
                    if ratio >= SIMILAR:
                        pairs.append((-ratio, _number(pid), i, pid))
        for _, _, i, pid in sorted(pairs):
            if ids[i] is None and pid not in used:
                ids[i] = pid
                used.add(pid)
    # 3. published ids that match nothing must be retired
    for pid, words in published:
        if pid not in used:
            excerpt = words if len(words) <= 60 else words[:60] + "…"
            problems.add(meta_file, 1, "retired",
                         f"published paragraph {pid} ({excerpt!r}) no longer matches any paragraph of the text; "
                         f"if it was removed or merged, add `- {{id: {pid}, to: <the id its anchor should land on>, "
                         f"reason: ...}}` under retired:")
    # 4. new paragraphs: numbers after every number ever published
    highest = max([_number(pid) for pid, _ in (locked.paragraphs if locked else ())]
                  + [_number(pid) for pid in (locked.retired if locked else ())]
                  + [_number(r.id) for r in retired] + [0])
    out = []
    for found in ids:
        if found is None:
            highest += 1
            found = f"p{highest}"
        out.append(found)
    return out


def check_sections(section_ids: list[str], locked: LockedPage | None, retired: tuple[Retirement, ...],
                   meta_file: str, problems: Problems) -> None:
    if locked is None:
        return
    retired_ids = {r.id for r in retired}
    for sid in locked.sections:
        if sid not in section_ids and sid not in retired_ids:
            problems.add(meta_file, 1, "sections",
                         f"published section id {sid!r} is gone: keep it, or retire it with "
                         f"`- {{id: {sid}, to: <id>, reason: ...}}` under retired:")


def check_retirements(retired: tuple[Retirement, ...], live_ids: set[str], locked: LockedPage | None,
                      problems: Problems) -> None:
    for r in retired:
        if r.id in live_ids:
            problems.add(r.where.file, r.where.line, "retired.id",
                         f"{r.id!r} is retired but is still the id of a paragraph or section on this page")
        if r.to not in live_ids:
            problems.add(r.where.file, r.where.line, "retired.to",
                         f"{r.to!r} is not an id of a paragraph or section on this page")
    if locked is not None:
        for pid in locked.retired:
            if pid not in {r.id for r in retired}:
                problems.add(retired[0].where.file if retired else "seeds", 1, "retired",
                             f"{pid!r} was retired and published as a redirect: its retired entry must stay")
