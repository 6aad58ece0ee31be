"""Metadata is data: a `!!python/...` tag never runs (the golden case meta-python-tag pins the
message), and every problem of every file is reported at once, located `file:line: key: problem`
(the golden cases meta-* pin each kind: unknown keys, duplicate ids, declarations not found in the
text, unknown speakers, meetings and entities, wrong types, YAML errors, text unsafe in templates)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from edition.errors import EditionError
from edition.pipeline import load_corpus
from test_cases import CASES, inputs_of

LOCATED = re.compile(r"^seeds/[^:]+:\d+: (?:[\w.\[\]]+: )?\S")


def test_a_python_tag_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(EditionError) as exc:
        load_corpus(inputs_of(CASES / "meta-python-tag"))
    assert "python/object/apply:os.system" in str(exc.value)
    assert not os.listdir(tmp_path), "os.system ran"


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.name.startswith("meta-")))
def test_every_metadata_problem_is_located(name: str) -> None:
    expected = (CASES / name / "expected_error.txt").read_text(encoding="utf-8").splitlines()
    assert expected, name
    for line in expected:
        assert LOCATED.match(line), line


def test_every_yaml_file_is_read_through_the_safe_loader() -> None:
    """A guard for code added later: no module loads YAML except yamlload.py, whose loaders are safe."""
    scripts = Path(__file__).resolve().parents[1] / "scripts" / "edition"
    unsafe = re.compile(r"yaml\.(load|load_all|full_load|unsafe_load)\(|yaml\.(Loader|FullLoader|UnsafeLoader|CLoader)\b")
    offenders = [f"{p.name}:{i}" for p in sorted(scripts.rglob("*.py")) if p.name != "yamlload.py"
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if unsafe.search(line)]
    assert offenders == []
    import yaml

    from edition import yamlload

    for loader in (yamlload._Loader, yamlload._FastLoader):
        if loader is not None:  # the libyaml loader exists only where PyYAML was built with it
            assert issubclass(loader, yaml.constructor.SafeConstructor), loader
            assert not issubclass(loader, yaml.constructor.FullConstructor), loader
