"""The common part of YAML read directly (yamlload._common_tree) gives exactly PyYAML's tree: the same
values of the same types on the same lines, for every seed, every golden case and the synthetic
metadata (which must all take the direct path, or the benchmark would measure the other one), and
for random documents built near the edges of that part (keys and plain values that resolve to
something else than text, quotes, comments, indentation, flow collections, characters YAML reads as
line ends or refuses), each also changed at random; whatever it does not take, PyYAML reads, with
its own errors."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.errors import EditionError
from edition.pipeline import Inputs
from edition.synth import synth_seeds
from edition.yamlload import Node, _common_tree, _composed_tree, load_yaml

ROOT = Path(__file__).resolve().parents[1]

KEYS = ["id", "name_ar", "name_en", "kind", "title", "speaker", "cue", "text", "note", "occurrence", "entity", "a-b",
        "_x", "role_en", "start", "line", "on", "yes", "No", "null", "y", "n", "t", "true", "1", "0x1f", "~",
        "<<", "=", "a-b", "_x", "2014-12-03", "a b", "a:b", '"q"', "'s'", "&a", "*a", "!t", "?", "-x", "x#"]
PLAIN = ["hood", "turn-1", "true", "True", "yes", "NO", "on", "off", "y", "n", "~", "null", "Null", "NULL", "1", "01",
         "0x1f", "0o7", "0b101", "1_000", "+1", "1.5", ".inf", ".nan", "1e3", "1.0e+3", "2014-12-03", "a b", "a  b",
         "a, b", "a]b", "a}b", "a'b", 'a"b', "نص عربي", "دَاعِشُ", "شباط/فبراير 2019", "a\u00a0", "\u00a0a", "e\u0301",
         "-.inf", "-1", "1:30", "190:20:30", "2014-13-45", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10",
         "<<", "=", "x: y", "x #y", "x#y", "-x", "- x", "?x", "%x", "@x", "`x", "|", ">", "!x", "&a", "*a", "'x", '"x',
         "a\tb", "a\u2028b", "a\x85b", "a\ufeffb", "\U0001f600", "\x07"]
QUOTED = ["", "x", "نص: «مقتبس»", "a # b", "a, b", "{a: b}", "[x]", "it's", 'say \\"x\\"', "a\\nb", "\\u0041",
          "tab\there", "\u00a0", "  padded  ", "- x", "#", "dash-", "\\", "x\u2029y"]
MUTATIONS = [":", "#", "-", " ", "  ", "\t", "\n", "\n  ", "{", "}", "[", "]", ",", '"', "'", "\\", "\r", "\ufeff",
             "---\n", "...\n", "%YAML 1.1\n", "&a ", "*a", "!!str ", "|\n", ">-\n", "? ", "\x85", "\u2028"]


def _shape(node: Any) -> Any:
    """A tree compared exactly: each value's type and repr (so 1 is not True and nan is nan), each line."""
    assert isinstance(node, Node)
    if isinstance(node.value, dict):
        return ("map", [(k, _shape(v)) for k, v in node.value.items()], node.line)
    if isinstance(node.value, list):
        return ("seq", [_shape(v) for v in node.value], node.line)
    return (type(node.value).__name__, repr(node.value), node.line)


def _outcome(load: Any, text: str) -> Any:
    try:
        return _shape(load(text, "f.yml"))
    except EditionError as exc:
        return ("problems", [str(p) for p in exc.problems])
    except Exception as exc:  # noqa: BLE001 - compared, not hidden: both ways must fail alike
        return ("exception", type(exc).__name__)


def _check(text: str) -> bool:
    """The direct tree, when there is one, is PyYAML's; load_yaml does what PyYAML does. True when direct."""
    common = _common_tree(text)
    expected = _outcome(_composed_tree, text)
    if common is not None:
        assert _shape(common) == expected, text
    assert _outcome(load_yaml, text) == expected, text
    return common is not None


def test_seeds_cases_and_synthetic_metadata_read_as_pyyaml_does() -> None:
    files = {p: p.read_text(encoding="utf-8-sig") for p in sorted(ROOT.glob("seeds/*.yml"))}
    files.update({p: p.read_text(encoding="utf-8-sig") for p in sorted(ROOT.glob("tests/cases/*/seeds/*.yml"))})
    for text in files.values():
        _check(text)
    synthetic = synth_seeds(40, Inputs.from_dir(ROOT))
    metas = [data.decode("utf-8") for path, data in synthetic.items() if path.endswith(".meta.yml")]
    assert all(_check(text) for text in metas), "every synthetic metadata file takes the direct path"


def _pick(rng: random.Random, choices: list[str], common: int) -> str:
    """Mostly one of the first `common` choices (what metadata holds), sometimes any."""
    return rng.choice(choices[:common] if rng.random() < 0.98 else choices)


def _scalar(rng: random.Random, depth: int) -> str:
    kind = rng.random()
    if kind < 0.5:
        return _pick(rng, PLAIN, 40)
    if kind < 0.8:
        return '"' + _pick(rng, QUOTED, 8) + '"'
    if kind < 0.9 or depth > 1:
        return "'" + _pick(rng, QUOTED, 8).replace("'", "''") + "'"
    if kind < 0.95:
        return _flow_mapping(rng, depth + 1)
    return "[" + ", ".join(_scalar(rng, depth + 1) for _ in range(rng.randint(0, 3))) + "]"


def _flow_mapping(rng: random.Random, depth: int = 0) -> str:
    items = [f"{_key(rng)}:{rng.choice([' '] * 8 + ['  ', ''])}{_scalar(rng, depth)}" for _ in range(rng.randint(0, 4))]
    separator = rng.choice([", ", ", ", ",", " , "])
    return "{" + rng.choice(["", " "]) + separator.join(items) + rng.choice(["", " "]) + "}"


def _key(rng: random.Random) -> str:
    return _pick(rng, KEYS, 16)


def _block(rng: random.Random, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping at `indent`, its values of every kind."""
    lines: list[str] = []
    pad = " " * indent
    for _ in range(rng.randint(1, 4)):
        key = _key(rng)
        roll = rng.random()
        if roll < 0.1:
            lines.append(rng.choice([pad, "", pad + "# a comment: x", "# " + _pick(rng, PLAIN, 40)]))
        if roll < 0.55 or depth > 2:
            comment = rng.choice(["", "", "", "", "", "", "", "", " # note", "  #x", "#x"])
            lines.append(f"{pad}{key}: {_scalar(rng, 0)}{comment}{rng.choice(['', ' '])}")
        elif roll < 0.7:
            lines.append(f"{pad}{key}:")
            lines.extend(_block(rng, indent + rng.choice([2, 4]), depth + 1))
        else:
            lines.append(f"{pad}{key}:")
            lines.extend(_sequence(rng, indent + rng.choice([0, 2, 2]), depth + 1))
    return lines


def _sequence(rng: random.Random, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.5:
            lines.append(f"{pad}- {_flow_mapping(rng)}")
        elif roll < 0.75 and depth < 3:
            dash = rng.choice(["- ", "-  "])
            inner = _block(rng, indent + len(dash), depth + 1)
            lines.append(pad + dash + inner[0].lstrip(" ") if inner[0].strip() else pad + dash.rstrip())
            lines.extend(inner[1:])
        else:
            lines.append(f"{pad}- {_scalar(rng, 0)}")
    return lines


def _document(rng: random.Random) -> str:
    text = "\n".join(_block(rng, 0, 0)) + rng.choice(["\n", "", "\n\n"])
    if rng.random() < 0.3:
        text = rng.choice(["# a comment\n", "\n", ""]) + text
    for _ in range(rng.choice([0, 0, 0, 1, 2])):  # changed at random, anywhere
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(MUTATIONS) + text[at + rng.choice([0, 0, 1]):]
    return text


def test_random_documents_read_as_pyyaml_does() -> None:
    rng = random.Random(20261129)
    direct = sum(_check(_document(rng)) for _ in range(3000))
    assert direct > 400, f"only {direct} of 3,000 documents took the direct path"


@settings(max_examples=500, deadline=None)
@given(st.randoms(use_true_random=False))
def test_random_documents_read_as_pyyaml_does_shrinking(rng: random.Random) -> None:
    _check(_document(rng))


def test_a_document_marker_or_directive_at_any_line_leaves_the_common_part() -> None:
    """_common_tree has no search for `---`, `...` or `%` at the start of a line: such a line, wherever it
    is put, must still send the document to PyYAML."""
    text = next(data.decode("utf-8") for path, data in synth_seeds(1, Inputs.from_dir(ROOT)).items()
                if path.endswith(".meta.yml"))
    lines = text.split("\n")
    assert _common_tree(text) is not None
    for marker in ("---", "--- # x", "---x", "...", "... ", "...x: 1", "%YAML 1.1", "%TAG ! x", "%"):
        for at in range(len(lines) + 1):
            changed = "\n".join([*lines[:at], marker, *lines[at:]])
            assert _common_tree(changed) is None, (marker, at)
            _check(changed)
