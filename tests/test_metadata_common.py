"""The common shape of a metadata list item read without Fields (schema.common) gives exactly what
Fields gives: the same values, and it takes an item only when Fields would report no problem for it.
Checked item by item against each general reader, and whole files against load_briefing_meta with
the common path switched off (the same BriefingMeta, the same located problems), on random and
hostile items: wrong types, blank and padded text, ids that only nearly are ids, unknown keys, nulls,
bools for numbers, Arabic with tashkeel and tatweel, non-NFC text, HTML syntax. Every item of the
seeds and of the synthetic metadata must take the common path (or the benchmark would measure the
other one)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from edition import metadata
from edition.errors import Problems
from edition.metadata import (
    DEBRIS,
    LINK,
    QUOTE,
    RETIRED,
    SECTION,
    SPEAKER,
    _debris_fields,
    _link_fields,
    _quote_fields,
    _retired_fields,
    _section_fields,
    _speaker_fields,
    load_briefing_meta,
    load_meetings,
)
from edition.pipeline import Inputs
from edition.schema import Fields, Shape, common
from edition.synth import synth_seeds
from edition.yamlload import Node, load_yaml

ROOT = Path(__file__).resolve().parents[1]


READERS = [(SPEAKER, _speaker_fields), (SECTION, _section_fields), (QUOTE, _quote_fields), (LINK, _link_fields),
           (DEBRIS, _debris_fields), (RETIRED, _retired_fields)]

TEXTS = ["x", "hood", "turn-1", "a--b", "A", "1a", "a-", "-a", "a b", "abc\n", "\nabc", " ", "", "\t", "\u00a0",
         "\u3000", "نص عربي", "دَاعِشُ", "داعــش", "e\u0301", "\u00e9", "<b>", 'a"b', "a&b", "x'y", "intro", "turn",
         "Intro", "headline", "subheading ", "ﻻ", "\u200f", "a\u2028b", "\x00"]
OTHERS: list[Any] = [None, True, False, 0, 1, 2, -1, 1.5, date(2014, 12, 3), [], {}, ["x"]]
KEYS = ["id", "name_ar", "name_en", "name_en_verified", "role_ar", "role_en", "entity", "kind", "title", "speaker",
        "note", "start", "cue", "occurrence", "text", "meeting", "line", "reason", "to", "prefix", "ID", "extra"]


def _value(rng: random.Random, depth: int = 0) -> Node:
    roll = rng.random()
    if roll < 0.6:
        return Node(rng.choice(TEXTS), rng.randint(1, 9))
    if roll < 0.85 or depth:
        return Node(rng.choice(OTHERS), rng.randint(1, 9))
    keys = rng.sample(["line", "prefix", "line", "prefix", "x"], rng.randint(0, 3))  # a section's start
    return Node({key: _value(rng, depth + 1) for key in keys}, rng.randint(1, 9))


IDS = ["hood", "turn-1", "brussels-2018", "x", "a1-b2"]
GOOD: dict[str, list[Any]] = {
    "id": IDS, "speaker": IDS, "entity": IDS, "meeting": IDS, "to": IDS, "kind": ["intro", "turn", "subheading"],
    "name_en_verified": [True, False], "occurrence": [1, 2, 10**20],
    "start": [{"line": Node("وقال هود:", 4)}, {"prefix": Node("ﻻ «x»", 5)}]}


def _item(rng: random.Random, shape: Shape) -> Node:
    """A mapping near the shape: most keys its own with a value that fits, each sometimes missing,
    wrong or extra."""
    values: dict[str, Node] = {}
    for key, _, _ in shape.fields:
        roll = rng.random()
        if roll < 0.75:
            values[key] = Node(rng.choice(GOOD.get(key, TEXTS[:2] + TEXTS[16:20])), rng.randint(1, 9))
        elif roll < 0.85:
            values[key] = _value(rng)
    if rng.random() < 0.2:
        values[rng.choice(KEYS)] = _value(rng)
    if rng.random() < 0.03:
        return Node(rng.choice([None, "x", [], 1]), 3)
    return Node(values, rng.randint(1, 9))


def _fields(node: Node, reader: Any) -> tuple[list[Any], list[Any]]:
    problems = Problems()
    f = Fields(node, "f.meta.yml", "items[0]", problems)
    values = reader(f)
    f.finish()
    return values, problems.items


@pytest.mark.parametrize(("shape", "reader"), READERS)
def test_common_item_is_what_fields_reads(shape: Shape, reader: Any) -> None:
    rng = random.Random(7)
    taken = 0
    for _ in range(4000):
        node = _item(rng, shape)
        values, problems = _fields(node, reader)
        fast = common(node.value, shape)
        if fast is not None:
            taken += 1
            assert not problems, (node, fast)
            assert [(v, type(v)) for v in fast] == [(v, type(v)) for v in values], node
    assert taken > 100, "the random items reach the common path"


def _mutated(rng: random.Random, root: Node) -> Node:
    """A metadata tree with some list items changed at random (by _item's rules)."""
    shapes = {"speakers": SPEAKER, "sections": SECTION, "quotes": QUOTE, "links": LINK, "debris": DEBRIS,
              "retired": RETIRED}
    out = dict(root.value)
    for key, shape in shapes.items():
        node = out.get(key)
        items = list(node.value) if node is not None and isinstance(node.value, list) else []
        for i in range(len(items)):
            if rng.random() < 0.4:
                changed = _item(rng, shape)
                if isinstance(changed.value, dict) and isinstance(items[i].value, dict) and rng.random() < 0.5:
                    changed = Node({**items[i].value, **changed.value}, items[i].line)  # one or two keys changed
                items[i] = changed
        if rng.random() < 0.3 and items:
            items.append(items[rng.randrange(len(items))])  # duplicate ids
        if items or rng.random() < 0.5:
            out[key] = Node(items, node.line if node is not None else 2)
    return Node(out, root.line)


def _load(root: Node, file: str, meetings: dict[str, Any]) -> tuple[Any, list[Any]]:
    problems = Problems()
    meta = load_briefing_meta(root, file, "seed", meetings, problems)
    return meta, sorted(problems.items)


def test_load_briefing_meta_with_and_without_common(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = ROOT / "seeds"
    meetings = {m.id: m for m in load_meetings(load_yaml((seeds / "meetings.yml").read_text(encoding="utf-8"),
                                                          "meetings.yml"), "meetings.yml", Problems())}
    trees = [(path.name, load_yaml(path.read_text(encoding="utf-8"), path.name))
             for path in sorted(seeds.glob("*.meta.yml"))]
    rng = random.Random(11)
    cases = [*trees, *((name, _mutated(rng, tree)) for _ in range(60) for name, tree in trees)]
    fast = [_load(tree, name, meetings) for name, tree in cases]
    monkeypatch.setattr(metadata, "common", lambda values, shape: None)
    general = [_load(tree, name, meetings) for name, tree in cases]
    assert fast == general
    assert sum(bool(problems) for _, problems in fast) > len(cases) // 4, "most mutated files have problems"
    assert all(not problems and meta is not None for meta, problems in fast[:len(trees)]), "the seeds load"


def _items(root: Node) -> list[tuple[Node, Shape]]:
    shapes = {"speakers": SPEAKER, "sections": SECTION, "quotes": QUOTE, "links": LINK, "debris": DEBRIS,
              "retired": RETIRED}
    return [(item, shape) for key, shape in shapes.items() if key in root.value for item in root.value[key].value]


def test_seeds_and_synthetic_items_take_the_common_path() -> None:
    files = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "seeds").glob("*.meta.yml")}
    synthetic = synth_seeds(40, Inputs.from_dir(ROOT))
    files.update({path: data.decode("utf-8") for path, data in synthetic.items() if path.endswith(".meta.yml")})
    items = [found for name, text in files.items() for found in _items(load_yaml(text, name))]
    assert len(items) > 300
    assert [item for item, shape in items if common(item.value, shape) is None] == []
