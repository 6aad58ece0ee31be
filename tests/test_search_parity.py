"""The browser folds, tokenises and keys exactly as the index builder does, and reads the index
files' character encoding as it is written (node runs the JS)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from edition.search_index import ENCODING
from edition.search_text import PREFIXES, keys, tokens

ROOT = Path(__file__).resolve().parents[1]
PROTECT = ["فيصل", "بلينكن", "هود", "وورمان", "دي", "مايو", "التحالف", "الياس"]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required in CI for the search parity test")
        pytest.skip("node not installed")
    return node


def test_js_and_python_tokenise_fold_and_key_identically() -> None:
    lines = (ROOT / "tests/search/tricky.txt").read_text(encoding="utf-8").splitlines()
    # Every line also as a whole, and a few joined: offsets are UTF-16 in JS, code points in Python,
    # so compare them only where no character lies beyond the BMP.
    lines += [" ".join(lines[:5])]
    result = subprocess.run([_node(), str(ROOT / "tests/search/parity.js"), str(ROOT / "docs/assets/search-engine.js")],
                            input=json.dumps({"lines": lines, "protect": PROTECT}), capture_output=True, text=True,
                            check=True, timeout=60)
    js = json.loads(result.stdout)
    assert js["prefixes"] == list(PREFIXES)
    # index files are read with the browser's windows-1256 table, written with Python's: the same
    assert js["bytes"] == bytes(range(256)).decode(ENCODING)
    protect = frozenset(PROTECT)
    for line, got in zip(lines, js["out"], strict=True):
        want = [[t.start, t.end, t.folded, keys(t.folded, protect)] for t in tokens(line)]
        if all(ord(c) <= 0xFFFF for c in line):
            assert got == want, line
        else:
            assert [g[2:] for g in got] == [w[2:] for w in want], line
