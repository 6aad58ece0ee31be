"""The search index, without a browser: tokens and keys, the postings encoding, and the index of the
real corpus read back (every posting points at a token of source text that has that key; nothing
editorial is indexed; entity keys cover every spelling; the files are deterministic)."""

from __future__ import annotations

import json
import zlib
from collections import defaultdict

import pytest

from conftest import ROOT
from edition.model import Corpus
from edition.search_index import ENCODING, alias_table, mentions, read_file, search_files, unvarints, varints
from edition.search_text import STOP_WORDS, keys, tokens
from edition.site import load


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load(ROOT)


@pytest.fixture(scope="module")
def files(corpus: Corpus) -> dict[str, bytes]:
    return search_files(corpus)


def test_tokens_split_on_arabic_and_latin_punctuation() -> None:
    text = "«قسد»، (داعش)؛ هل؟ “بلينكن” …روما… Blinken's G20 في28يونيو"
    assert [t.folded for t in tokens(text)] == ["قسد", "داعش", "هل", "بلينكن", "روما", "blinken", "s", "g", "20",
                                                "في", "28", "يونيو"]
    for t in tokens(text):
        assert text[t.start:t.end].strip("ـ") == text[t.start:t.end]


@pytest.mark.parametrize(("word", "expected"), [
    ("وداعش", ["وداعش", "داعش"]),
    ("الوزير", ["الوزير", "وزير"]),  # و after ال belongs to the word
    ("للتحالف", ["للتحالف", "لتحالف", "تحالف", "التحالف"]),
    ("وبالتحالف", ["وبالتحالف", "بالتحالف", "التحالف", "تحالف"]),
    ("بن", ["بن"]),  # one letter never stands alone
    ("blinken", ["blinken"]),
])
def test_keys_strip_attached_letters(word: str, expected: list[str]) -> None:
    assert sorted(keys(word)) == sorted(expected)
    assert keys(word)[0] == word


def test_names_keep_their_letters() -> None:
    protect = frozenset({"فيصل", "التحالف"})
    assert keys("فيصل", protect) == ["فيصل"]
    assert keys("وفيصل", protect) == ["وفيصل", "فيصل"]
    assert "تحالف" in keys("التحالف", protect), "an article is still an article"


@pytest.mark.parametrize("numbers", [[0], [31, 32, 33], [1023, 1024, 1 << 20, 5, 0, 7], list(range(200))])
def test_postings_encoding_round_trips(numbers: list[int]) -> None:
    encoded = varints(numbers)
    assert unvarints(encoded) == numbers
    assert json.loads(json.dumps(encoded)) == encoded and "\\" not in json.dumps(encoded)


def test_index_files_keep_every_character() -> None:
    """Index files are windows-1256 JSON: a character it has not (Persian letters, emoji, Latin
    beyond its few accented letters, controls) is written as a JSON escape and read back exactly."""
    from edition.search_index import _z

    value = {"p": [["p1", 0, "«قسد» ڤ پ گ ی ۀ 😀 é ß ğ Ω \u200f\u202b x\\y \"q\" \n\t", ""]], "ي": "BA"}
    data = _z(value, 6)
    assert read_file("search/t/0.z", data) == value
    raw = zlib.decompress(data)
    assert raw.decode(ENCODING).isascii() is False and b"\\ud83d\\ude00" in raw
    arabic = "قلل بلينكين ودي مايو من أهمية الخلافات"
    assert arabic.encode(ENCODING) in zlib.decompress(_z({"p": [["p1", 0, arabic, ""]]}, 6))
    assert len(arabic.encode(ENCODING)) == len(arabic)  # one byte a letter, where UTF-8 takes two


def _shards(files: dict[str, bytes]) -> dict[str, str]:
    out: dict[str, str] = {}
    for path, data in files.items():
        if path.startswith("search/i/"):
            out.update(read_file(path, data))
    return out


def _decode(value: str) -> dict[int, list[int]]:
    nums, docs, i, doc = unvarints(value), {}, 0, 0
    while i < len(nums):
        doc += nums[i]
        count = nums[i + 1]
        gaps = nums[i + 2:i + 2 + count]
        positions = [sum(gaps[:k + 1]) for k in range(count)]
        docs[doc] = positions
        i += 2 + count
    return docs


def test_every_posting_points_at_a_source_token_with_that_key(corpus: Corpus, files: dict[str, bytes]) -> None:
    aliases = alias_table(corpus.entities)
    paragraphs = [p for b in corpus.briefings for p in b.paragraphs]
    token_keys = [[keys(t.folded, aliases.protect) for t in tokens(p.text)] for p in paragraphs]
    expected: dict[str, set[int]] = defaultdict(set)
    for d, tk in enumerate(token_keys):
        for ks in tk:
            for k in ks:
                if k not in STOP_WORDS:
                    expected[k].add(d)
        for _, _, eid in mentions(tk, aliases):
            expected["=" + eid].add(d)
    index = _shards(files)
    words = {k for k in index if not k.startswith(("=", "~"))}
    # Nothing but source words: titles, notes, headings and metadata are not indexed as text.
    assert words == {k for k in expected if not k.startswith("=")}
    for key, value in index.items():
        postings = _decode(value)
        if key.startswith("~"):
            continue
        assert set(postings) == expected[key], key
        for d, positions in postings.items():
            for pos in positions:
                assert key.startswith("=") or key in token_keys[d][pos], (key, d, pos)


def test_entity_keys_cover_every_spelling(corpus: Corpus, files: dict[str, bytes]) -> None:
    index = _shards(files)
    docs = [(b.meta.seed[:3], p.text) for b in corpus.briefings for p in b.paragraphs]
    blinken = {docs[d][0] for d in _decode(index["=blinken"])}
    assert blinken == {"000", "001", "002"}
    texts = {docs[d][1] for d in _decode(index["=blinken"])}
    assert any("بلينكين" in t for t in texts) and any("بلكين" in t for t in texts) and any("بلينكن" in t for t in texts)
    sdf = {docs[d][0] for d in _decode(index["=sdf"])}
    assert sdf == {"000", "001", "002", "004"}


def test_shards_are_sorted_as_the_browser_compares_strings(files: dict[str, bytes]) -> None:
    manifest = json.loads(files["search/manifest.json"])
    firsts = manifest["shards"]
    assert firsts == sorted(firsts, key=lambda k: k.encode("utf-16-be"))
    for n, first in enumerate(firsts):
        shard = read_file(f"search/i/{n}.z", files[f"search/i/{n}.z"])
        assert min(shard, key=lambda k: k.encode("utf-16-be")) == first
        if n + 1 < len(firsts):
            assert all(k.encode("utf-16-be") < firsts[n + 1].encode("utf-16-be") for k in shard)


def test_index_is_deterministic_and_in_the_pipeline_output(corpus: Corpus, files: dict[str, bytes]) -> None:
    from edition.pipeline import site_files

    again = search_files(load(ROOT))
    assert again == files
    out = site_files(corpus)
    assert {p: out[p] for p in files} == files
    manifest = json.loads(files["search/manifest.json"])
    assert sum(manifest["np"]) == sum(len(b.paragraphs) for b in corpus.briefings)
    assert len(files["search/manifest.json"]) < 20_000


def test_postings_are_those_of_the_simple_loop_when_paragraphs_repeat() -> None:
    """search_files analyses a repeated paragraph once and merges its documents by sorting: the
    postings are byte for byte those of the plain loop over documents (here on a synthetic corpus,
    with sections and quotes of speakers, plus a second copy of one of its texts, so that paragraphs
    repeat)."""
    from edition.pipeline import Inputs, load_corpus
    from edition.search_index import _analyse, varint
    from edition.synth import synth_seeds

    files = synth_seeds(40, Inputs.from_dir(ROOT))
    files["seeds/synth-09999.txt"] = files["seeds/synth-00000.txt"]
    files["seeds/synth-09999.meta.yml"] = files["seeds/synth-00000.meta.yml"].replace(
        b"id: synth-00000", b"id: synth-09999")
    corpus = load_corpus(Inputs(files))
    aliases = alias_table(corpus.entities)
    want: dict[str, str] = defaultdict(str)
    last: dict[str, int] = defaultdict(int)
    texts = [p.text for b in corpus.briefings for p in b.paragraphs]
    assert len(set(texts)) < len(texts)
    doc = 0
    for b in corpus.briefings:
        for s in b.sections:
            for p in s.paragraphs:
                entries = list(_analyse(p.text, aliases))
                for sid in sorted({x for x in (s.speaker, p.speaker) if x}):
                    sp = b.meta.speaker(sid)
                    entries.append(("~" + (sp.entity or sp.id), "BA"))
                for key, enc in entries:
                    want[key] += varint(doc - last[key]) + enc
                    last[key] = doc
                doc += 1
    assert _shards(search_files(corpus)) == want
