"""Permanent ids: matching today's pages, sections and paragraphs to the ids already published.

The lock (`seeds/ids.lock.json`, committed, written only by `python -m edition lock`) records for
each source file its page address (and every earlier address), its section ids, its paragraph
ids with the words each one was published with, and its retired ids with their successors; and
the address of every generated page (home, meeting hubs, briefings and any later page kind).
The build never changes or drops a published id:

1. a paragraph whose words are unchanged (after Arabic folding) keeps its id;
2. a paragraph that was edited (a word fixed, a space added) keeps the id of the published
   paragraph it resembles most (similarity at least SIMILAR), best pairs first, each id used once;
3. a new paragraph gets the next number, never a number used before (retired ones included);
4. a published id that matches nothing must be retired in the metadata (`retired:` with `to:`,
   the id its anchor now lands on), or the build fails and says which new paragraphs could be
   its successor;
5. a retirement names an id that was published and is no longer live, its `to` leads (directly
   or through other retired ids) to a live id, and it stays in the metadata for ever;
6. a page address that was published keeps working: the current one, or under `old_addresses`;
   no other page may take it; every generated page ever published is still generated;
7. a section id never takes the form of a paragraph id nor one of the page's own ids.

Paragraph ids are `p` + a number; they are unique within their page and never reused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .errors import EditionError, Problem, Problems
from .model import Retirement
from .normalize import fold

LOCK_FILE = "seeds/ids.lock.json"
LOCK_VERSION = 1
SIMILAR = 0.6
PARAGRAPH_ID = re.compile(r"^p([1-9][0-9]*)$")
# Ids the renderer gives parts of every briefing page (title, citation block, provenance, siblings).
PAGE_IDS = frozenset({"title", "cite", "provenance", "siblings"})
ADDRESS = re.compile(r"^(?!.*(?:^|/)\.{1,2}(?:/|$))[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*/?$")


@dataclass(frozen=True)
class LockedPage:
    seed: str
    address: str
    sections: tuple[str, ...]
    paragraphs: tuple[tuple[str, str], ...]  # (id, words as published)
    retired: tuple[tuple[str, str], ...] = ()  # (retired id, the id its anchor lands on)
    old_addresses: tuple[str, ...] = ()

    @property
    def ids(self) -> set[str]:
        """Every id this page has published (live or retired)."""
        return {*self.sections, *(pid for pid, _ in self.paragraphs), *(rid for rid, _ in self.retired)}

    @property
    def addresses(self) -> tuple[str, ...]:
        return (self.address, *self.old_addresses)


@dataclass(frozen=True)
class Lock:
    pages: dict[str, LockedPage]  # by seed file name
    addresses: tuple[str, ...] = ()  # every generated page published ("" is the home page)


def _lock_error(message: str, line: int = 0) -> EditionError:
    return EditionError([Problem(LOCK_FILE, line, "", message + "; regenerate it with `python -m edition lock` "
                                                            "from the last good version in git")])


def read_lock(text: str | None) -> Lock:
    if text is None:
        return Lock({})
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _lock_error(f"not valid JSON ({exc.msg})", exc.lineno) from None
    if not isinstance(data, dict) or data.get("version") != LOCK_VERSION:
        raise _lock_error(f"version is not {LOCK_VERSION}")
    pages = {}
    try:
        for seed, page in data["pages"].items():
            pages[seed] = LockedPage(
                seed, page["address"], tuple(page["sections"]),
                tuple((str(p[0]), str(p[1])) for p in page["paragraphs"]),
                tuple((str(r[0]), str(r[1])) for r in page.get("retired", [])),
                tuple(page.get("old_addresses", [])))
        addresses = tuple(str(a) for a in data.get("addresses", []))
    except (KeyError, TypeError, IndexError, AttributeError) as exc:
        raise _lock_error(f"unexpected structure ({exc!r})") from None
    return Lock(pages, addresses)


def write_lock(lock: Lock) -> str:
    """The lock as JSON, one paragraph per line, so that a diff shows exactly which ids changed."""
    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    out = ["{", f' "version": {LOCK_VERSION},', ' "addresses": [']
    out.append(",\n".join(f"  {dump(a)}" for a in sorted(lock.addresses)))
    out += [" ],", ' "pages": {']
    seeds = sorted(lock.pages)
    for n, seed in enumerate(seeds):
        page = lock.pages[seed]
        out.append(f"  {dump(seed)}: {{")
        out.append(f'   "address": {dump(page.address)},')
        out.append(f'   "old_addresses": {dump(list(page.old_addresses))},')
        out.append(f'   "sections": {dump(list(page.sections))},')
        out.append(f'   "retired": {dump([list(r) for r in page.retired])},')
        out.append('   "paragraphs": [')
        out.append(",\n".join(f"    {dump(list(p))}" for p in page.paragraphs))
        out.append("   ]")
        out.append("  }" + ("," if n + 1 < len(seeds) else ""))
    out += [" }", "}"]
    return "\n".join(out) + "\n"


def _number(pid: str) -> int:
    m = PARAGRAPH_ID.match(pid)
    return int(m.group(1)) if m else 0


def _excerpt(words: str) -> str:
    return repr(words if len(words) <= 60 else words[:60] + "…")


def assign_paragraph_ids(texts: list[str], locked: LockedPage | None, retired: tuple[Retirement, ...],
                         meta_file: str, problems: Problems, lines: list[int] | None = None) -> list[str]:
    """Ids for `texts` (in document order) that keep every id published in `locked`.

    `lines` (the source line of each text) only makes the error messages more helpful.
    """
    retired_ids = {r.id for r in retired}
    everything = list(locked.paragraphs if locked else ())
    published = [(pid, words) for pid, words in everything if pid not in retired_ids]
    ids: list[str | None] = [None] * len(texts)
    # 1. unchanged words (compared after folding, so a tashkeel or hamza fix counts as unchanged); a
    #    retired id whose words are still there stays live, and check_retirements reports it
    by_words: dict[str, list[str]] = {}
    for pid, words in everything:
        by_words.setdefault(fold(words), []).append(pid)
    for i, words in enumerate(texts if by_words else ()):  # a page never published has nothing to match
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
    # 3. new paragraphs: numbers after every number ever published or retired
    highest = max([_number(pid) for pid in (locked.ids if locked else ())] + [_number(r.id) for r in retired] + [0])
    out = []
    for found in ids:
        if found is None:
            highest += 1
            found = f"p{highest}"
        out.append(found)
    # 4. published ids that match nothing must be retired (the new paragraphs named as candidates)
    for pid, words in published:
        if pid not in used:
            new = [f"{out[i]} ({f'line {lines[i]}, ' if lines else ''}{_excerpt(texts[i])})"
                   for i, found in enumerate(ids) if found is None]
            candidates = ("; the new paragraphs on this page are " + ", ".join(new)) if new else ""
            problems.add(meta_file, 1, "retired",
                         f"published paragraph {pid} ({_excerpt(words)}) no longer matches any paragraph of the "
                         f"text; if it was removed or merged, add `- {{id: {pid}, to: <the id its anchor should land "
                         f"on>, reason: ...}}` under retired:{candidates}")
    return out


def check_sections(section_ids: list[str], locked: LockedPage | None, retired: tuple[Retirement, ...],
                   meta_file: str, problems: Problems) -> None:
    for sid in section_ids:
        if PARAGRAPH_ID.match(sid):
            problems.add(meta_file, 1, "sections",
                         f"section id {sid!r} has the form of a paragraph id (p + number), which is reserved: rename it")
        elif sid in PAGE_IDS:
            problems.add(meta_file, 1, "sections",
                         f"section id {sid!r} is reserved for the page itself ({', '.join(sorted(PAGE_IDS))}): rename it")
    if locked is None:
        return
    retired_ids = {r.id for r in retired}
    for sid in locked.sections:
        if sid not in section_ids and sid not in retired_ids:
            problems.add(meta_file, 1, "sections",
                         f"published section id {sid!r} is gone: keep it, or retire it with "
                         f"`- {{id: {sid}, to: <id>, reason: ...}}` under retired:")


def resolve(retired: tuple[Retirement, ...], live_ids: set[str]) -> dict[str, str]:
    """Each retired id → the live id its anchor finally lands on (following chains); unresolved ids are left out."""
    step = {r.id: r.to for r in retired}
    out = {}
    for rid in step:
        seen = {rid}
        target = step[rid]
        while target in step and target not in live_ids and target not in seen:
            seen.add(target)
            target = step[target]
        if target in live_ids:
            out[rid] = target
    return out


def check_retirements(retired: tuple[Retirement, ...], live_ids: set[str], locked: LockedPage | None,
                      meta_file: str, problems: Problems) -> None:
    published = locked.ids if locked else set()
    final = resolve(retired, live_ids)
    seen: set[str] = set()
    for r in retired:
        if r.id in seen:
            problems.add(r.where.file, r.where.line, "retired.id", f"{r.id!r} is retired twice")
        seen.add(r.id)
        if r.id in live_ids:
            problems.add(r.where.file, r.where.line, "retired.id",
                         f"{r.id!r} is retired but is still the id of a paragraph or section on this page: "
                         "a published id is never reused")
        elif r.id not in published:
            problems.add(r.where.file, r.where.line, "retired.id",
                         f"{r.id!r} was never published on this page (see {LOCK_FILE}): nothing to retire")
        if r.id not in final:
            problems.add(r.where.file, r.where.line, "retired.to",
                         f"{r.to!r} is not an id of a paragraph or section on this page "
                         "(nor a retired id that leads to one)")
    if locked is not None:
        for rid, to in locked.retired:
            if rid not in seen:
                problems.add(meta_file, 1, "retired",
                             f"{rid!r} was retired and published as a redirect to {to!r}: its entry "
                             f"`- {{id: {rid}, to: {to}, reason: ...}}` must stay under retired:")


def check_address(address: str, old_addresses: tuple[str, ...], locked: LockedPage | None,
                  meta_file: str, problems: Problems) -> None:
    """The page's published addresses keep working (current, or listed under old_addresses)."""
    for a in old_addresses:
        if not ADDRESS.match(a) or a.strip("/") == address.strip("/"):
            problems.add(meta_file, 1, "old_addresses",
                         f"{a!r} is not an earlier address of this page: write it as path segments of ASCII letters, "
                         "digits, '-', '_' and '.', such as briefings/old-id/")
    if locked is None:
        return
    kept = {address, *(a if a.endswith("/") else a + "/" for a in old_addresses)}
    for published in locked.addresses:
        if published not in kept:
            problems.add(meta_file, 1, "old_addresses",
                         f"the page was published at {published}: add `- {published}` under old_addresses: "
                         "so that address keeps working")


def check_reserved_addresses(pages: list[tuple[str, str, tuple[str, ...], str]], lock: Lock,
                             problems: Problems) -> None:
    """No page takes an address that another page has, or has published. `pages`: (seed, address,
    old addresses, meta file) of every page of this build."""
    owner: dict[str, str] = {}
    for seed, page in lock.pages.items():
        for a in page.addresses:
            owner.setdefault(a, seed)
    for seed, address, olds, _ in pages:
        for a in (address, *(o if o.endswith("/") else o + "/" for o in olds)):
            owner.setdefault(a, seed)
    for seed, address, olds, meta_file in pages:
        for a in (address, *(o if o.endswith("/") else o + "/" for o in olds)):
            if owner[a] != seed:
                problems.add(meta_file, 1, "id" if a == address else "old_addresses",
                             f"the address {a} belongs to seeds/{owner[a]} (published or declared there): "
                             "a page address is never reused; choose another id")


def check_published_addresses(published: tuple[str, ...], generated: set[str], problems: Problems) -> None:
    """Every page address ever published is still generated (a page, or a redirect page)."""
    for address in published:
        if address not in generated:
            problems.add(LOCK_FILE, 0, "addresses",
                         f"the page {address or '(home)'} was published and is no longer generated: restore what "
                         "made it (a text, a meeting, an entry), or keep the address as a redirect: under "
                         "old_addresses: of the text it became, or in seeds/moved.yml for any other page")
