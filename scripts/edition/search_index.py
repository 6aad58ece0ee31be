"""The search index: the corpus as small, compressed, deterministic files under search/ in the site.

A document is a paragraph of source text (editorial titles, notes and metadata are never indexed
as source words). Documents are numbered in corpus order; briefing b holds documents
start[b] .. start[b] + np[b] - 1, so the browser maps a document to its briefing without a table.

Files (everything but the manifest is zlib-compressed JSON in windows-1256, one byte for each Arabic
letter, any character it lacks written as a JSON escape; the browser decompresses them with
DecompressionStream and decodes them with TextDecoder, whose windows-1256 table is Python's; file
names are stable and the manifest's `id` busts caches):

- search/manifest.json: build id, stop words, first key of every shard, paragraphs per briefing,
  meeting and kind of every briefing, filter labels, entity aliases (folded token sequences).
- search/i/<n>.z: shard n of the postings, {key: encoded postings}; keys sorted by UTF-16 code
  units (the browser's string order), cut into shards of about SHARD_BYTES (a bigger key is a
  shard of its own).
- search/t/<b>.z: the text of briefing b, for snippets: id, title, address, sections (heading,
  speaker) and its paragraphs as [anchor, section, text, quoted speaker]. One file per briefing
  (about 5 KB compressed for a seed-sized text): a page of results needs at most PAGE of them.

Keys: every key of every token (search_text.keys), "=<entity id>" at every token of a mention of
that entity (any Arabic spelling or Latin name), "~<speaker>" on every paragraph of a speaker's
section or quote. Postings of a key, encoded with `varints`: for each document, the gap from the
previous document, the number of positions, then the positions (token ordinals) as gaps.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add, floordiv, mod, mul, sub

from .model import TEXT_KINDS, Corpus, Entity
from .search_text import STOP_WORDS, folded_words, keys

SHARD_BYTES = 16_000
FORMAT = 2
ENCODING = "windows-1256"  # the browser's TextDecoder has the same table (tests/test_search_parity.py)
TEXT_LEVEL = 6  # zlib levels: 9 takes twice the time for 0.1 % less
SHARD_LEVEL = 5

# Postings alphabet: a number is written in base 32, most significant digit first; every digit
# but the last comes from MORE, the last from LAST. Both are safe inside a JSON string.
MORE = "abcdefghijklmnopqrstuvwxyz012345"
LAST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789_-"


def varints(numbers: Iterable[int]) -> str:
    out: list[str] = []
    for n in numbers:
        digits = [LAST[n & 31]]
        n >>= 5
        while n:
            digits.append(MORE[n & 31])
            n >>= 5
        out.append("".join(reversed(digits)))
    return "".join(out)


_SMALL = [varints([n]) for n in range(4096)]  # most gaps are small: encode them by lookup


def varint(n: int) -> str:
    return _SMALL[n] if n < 4096 else varints([n])


_ONE = varint(1)


def unvarints(text: str) -> list[int]:
    out: list[int] = []
    n = 0
    for ch in text:
        i = LAST.find(ch)
        if i >= 0:
            out.append(n * 32 + i)
            n = 0
        else:
            n = n * 32 + MORE.index(ch)
    return out


@dataclass(frozen=True)
class AliasTable:
    """Entity aliases as folded token sequences; an alias shared by two entities is dropped."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first token → ((sequence, entity), ...) longest first
    entities: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]  # (id, Arabic name, sequences)
    protect: frozenset[str]  # every token of every alias: never stripped (search_text.keys)


def alias_table(entities: Sequence[Entity]) -> AliasTable:
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for e in entities:
        for alias in (e.name_ar, e.name_en, *e.variants, *e.latin):
            seq = tuple(folded_words(alias))
            if seq:
                owners[seq].add(e.id)
    by_entity: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for seq, ids in sorted(owners.items()):
        if len(ids) == 1:
            (eid,) = ids
            by_entity[eid].append(seq)
            by_first[seq[0]].append((seq, eid))
    return AliasTable(
        {k: tuple(sorted(v, key=lambda x: (-len(x[0]), x))) for k, v in sorted(by_first.items())},
        tuple((e.id, e.name_ar, tuple(by_entity[e.id])) for e in sorted(entities, key=lambda e: e.id) if by_entity[e.id]),
        frozenset(t for seqs in by_entity.values() for seq in seqs for t in seq))


def mentions(token_keys: Sequence[Sequence[str]], aliases: AliasTable) -> list[tuple[int, int, str]]:
    """(start, end, entity) token ranges, longest alias first, never overlapping."""
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(token_keys)
    while i < n:
        best: tuple[int, str] | None = None
        for k in token_keys[i]:
            for seq, eid in aliases.by_first.get(k, ()):
                size = len(seq)
                if (best is None or size > best[0]) and i + size <= n and all(
                        seq[j] in token_keys[i + j] for j in range(1, size)):
                    best = (size, eid)
                    break
        if best is None:
            i += 1
        else:
            out.append((i, i + best[0], best[1]))
            i += best[0]
    return out


def _analyse(text: str, aliases: AliasTable,
             word_keys: dict[str, tuple[list[str], list[str]]] | None = None) -> tuple[tuple[str, str], ...]:
    """(key, encoded "count, position gaps") for every key of a paragraph, sorted by key.
    `word_keys`: for each folded word met so far (a corpus has far fewer words than tokens), its keys
    and those of them that are indexed (not stop words)."""
    positions: dict[str, list[int]] = defaultdict(list)
    cache = {} if word_keys is None else word_keys
    token_keys = []
    for i, word in enumerate(folded_words(text)):
        entry = cache.get(word)
        if entry is None:
            ks = keys(word, aliases.protect)
            entry = cache[word] = (ks, [k for k in ks if k not in STOP_WORDS])
        token_keys.append(entry[0])
        for k in entry[1]:
            positions[k].append(i)
    for start, end, eid in mentions(token_keys, aliases):
        positions["=" + eid].extend(range(start, end))
    out = []
    for k, ps in positions.items():
        if len(ps) == 1:  # most keys of a paragraph: count 1, one position
            out.append((k, _ONE + varint(ps[0])))
            continue
        ps.sort()
        out.append((k, "".join(map(varint, [len(ps), ps[0], *map(sub, ps[1:], ps)]))))
    return tuple(sorted(out))


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be")


def _json_escape(err: UnicodeError) -> tuple[str, int]:
    """A character windows-1256 has not: its JSON escape (\\uXXXX, a surrogate pair beyond the BMP)."""
    assert isinstance(err, UnicodeEncodeError)
    out: list[str] = []
    for ch in err.object[err.start:err.end]:
        units = _utf16(ch)
        out.extend(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
    return "".join(out), err.end


codecs.register_error("edition-json-escape", _json_escape)


def _z(value: object, level: int) -> bytes:
    """JSON in windows-1256 (one byte for each Arabic letter; any other character escaped), deflated."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return zlib.compress(data.encode(ENCODING, "edition-json-escape"), level)


def read_file(path: str, data: bytes) -> object:
    """An index file back (the manifest, a shard or a text), as the browser reads it."""
    if path.endswith(".z"):
        return json.loads(zlib.decompress(data).decode(ENCODING))
    return json.loads(data)


def search_files(corpus: Corpus, root_url: str = "") -> dict[str, bytes]:
    """Every file of the search index, keyed by its path in the site.

    Paragraphs with the same text are analysed once; each key's postings are then joined from its
    texts' documents by C-level maps and one sort (no Python loop over postings)."""
    aliases = alias_table(corpus.entities)
    same_text: dict[str, list[int]] = {}  # text → its documents, in order
    heard: dict[str, list[int]] = defaultdict(list)  # "~<speaker>" → documents
    meetings = [m.id for m in corpus.meetings]
    kinds = list(TEXT_KINDS)
    speakers: dict[str, str] = {}
    files: dict[str, bytes] = {}
    np_: list[int] = []
    bm: list[int] = []
    bk: list[int] = []
    doc = 0
    for bi, b in enumerate(corpus.briefings):
        sections = []
        paras: list[list[object]] = []
        for si, s in enumerate(b.sections):
            who = b.meta.speaker(s.speaker) if s.speaker else None
            sections.append([s.heading, who.name_ar if who else ""])
            for p in s.paragraphs:
                docs = same_text.get(p.text)
                if docs is None:
                    same_text[p.text] = [doc]
                else:
                    docs.append(doc)
                for sid in sorted({x for x in (s.speaker, p.speaker) if x}):
                    sp = b.meta.speaker(sid)
                    who_key = sp.entity or sp.id
                    speakers.setdefault(who_key, sp.name_ar)
                    heard["~" + who_key].append(doc)
                paras.append([p.id, si, p.text, b.meta.speaker(p.speaker).name_ar if p.speaker else ""])
                doc += 1
        files[f"search/t/{bi}.z"] = _z({"i": b.meta.id, "t": b.meta.title_ar, "u": f"briefings/{b.meta.id}/",
                                        "s": sections, "p": paras}, TEXT_LEVEL)
        np_.append(len(paras))
        bm.append(meetings.index(b.meta.meeting))
        bk.append(kinds.index(b.meta.kind))

    # Documents of the same text share their analysis. A document d of text t is coded d * R + t: a
    # key's documents are then its texts' coded lists merged by one sort of small integers.
    texts = [*same_text.values(), *heard.values()]
    r = len(texts)
    coded = [list(map(add, map(mul, docs, repeat(r)), repeat(t))) for t, docs in enumerate(texts)]
    runs: dict[str, list[tuple[int, str]]] = defaultdict(list)  # key → (text, encoded positions)
    word_keys: dict[str, tuple[list[str], list[str]]] = {}
    for t, text in enumerate(same_text):
        for key, enc in _analyse(text, aliases, word_keys):
            runs[key].append((t, enc))
    for t, key in enumerate(heard, len(same_text)):
        runs[key].append((t, "BA"))  # one position, 0 (filters use no positions)
    gap_text = [varint(n) for n in range(doc + 1)]

    shard_keys: list[str] = []
    shard: dict[str, str] = {}
    size = 0

    def flush() -> None:
        nonlocal shard, size
        if shard:
            files[f"search/i/{len(shard_keys) - 1}.z"] = _z(shard, SHARD_LEVEL)
        shard, size = {}, 0

    for key in sorted(runs, key=_utf16):
        key_runs = runs[key]
        if len(key_runs) == 1:
            t, enc = key_runs[0]
            docs = texts[t]
            encs: Iterable[str] = repeat(enc, len(docs))
        else:
            merged = list(chain.from_iterable(coded[t] for t, _ in key_runs))
            merged.sort()
            docs = list(map(floordiv, merged, repeat(r)))
            encs = map(dict(key_runs).__getitem__, map(mod, merged, repeat(r)))
        value = "".join(map(add, map(gap_text.__getitem__, map(sub, docs, chain((0,), docs))), encs))
        cost = len(value) + len(key.encode()) + 6
        if not shard or size + cost > SHARD_BYTES:
            flush()
            shard_keys.append(key)
        shard[key] = value
        size += cost
    flush()

    body = "".join(sorted(hashlib.sha256(v).hexdigest() + k for k, v in files.items()))
    manifest = {
        "format": FORMAT,
        "id": hashlib.sha256(body.encode()).hexdigest()[:12],
        "stop": sorted(STOP_WORDS),
        "shards": shard_keys,
        "np": np_, "bm": bm, "bk": bk,
        "meetings": [[m.id, f"{m.city_ar} {m.date.year}"] for m in corpus.meetings],
        "kinds": [[k, TEXT_KINDS[k][0]] for k in kinds],
        "speakers": sorted([k, v] for k, v in speakers.items()),
        "entities": [[eid, name, [list(s) for s in seqs]] for eid, name, seqs in aliases.entities],
    }
    files["search/manifest.json"] = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"),
                                               sort_keys=True).encode()
    return dict(sorted(files.items()))
