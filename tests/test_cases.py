"""Golden cases: tests/cases/<name>/seeds/ (a meetings.yml, texts and metadata) → expected files.

A case either builds, and every file it generates matches `expected/` byte for byte (pages,
raw sources), or fails, and the located problems match `expected_error.txt`. After a deliberate
change, regenerate with `UPDATE_GOLDEN=1 scripts/test tests/test_cases.py` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from edition.errors import EditionError
from edition.pipeline import Inputs, load_corpus, site_files

CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "seeds").is_dir())


def inputs_of(case: Path) -> Inputs:
    return Inputs({f"seeds/{p.name}": p.read_bytes() for p in sorted((case / "seeds").iterdir())})


@pytest.mark.parametrize("name", case_names())
def test_case(name: str) -> None:
    case = CASES / name
    error_file = case / "expected_error.txt"
    expected_dir = case / "expected"
    try:
        files = site_files(load_corpus(inputs_of(case)))
    except EditionError as exc:
        got = str(exc) + "\n"
        if UPDATE:
            error_file.write_text(got, encoding="utf-8")
            shutil.rmtree(expected_dir, ignore_errors=True)
        assert error_file.exists(), f"{name}: the case failed unexpectedly:\n{got}"
        assert got == error_file.read_text(encoding="utf-8")
        return
    if UPDATE:
        error_file.unlink(missing_ok=True)
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, content in files.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_bytes(content)
    assert not error_file.exists(), f"{name}: expected an error, but the case built"
    expected = {str(p.relative_to(expected_dir)): p.read_bytes() for p in expected_dir.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected)
    for path, content in files.items():
        assert content.decode("utf-8", "replace") == expected[path].decode("utf-8", "replace"), path
