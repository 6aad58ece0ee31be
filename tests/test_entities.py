"""The annotation data: seeds/entities.yml loads, is complete for the issue's variants, and a
malformed entry fails with a located message; adding an entry or a spelling is a data edit only."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, make_project
from edition.entities import ENTITIES_FILE, load_entities
from edition.errors import EditionError, Problems
from edition.model import ENTITY_KINDS
from edition.normalize import fold_map
from edition.pipeline import site_files
from edition.site import load
from edition.spelling import Folded, spelling_key
from edition.yamlload import load_yaml

REAL = (ROOT / ENTITIES_FILE).read_text(encoding="utf-8")


def entities_of(text: str) -> tuple[list[str], list[str]]:
    """(entity ids, located problems) of an entities file."""
    problems = Problems()
    try:
        found = load_entities(load_yaml(text, ENTITIES_FILE), ENTITIES_FILE, problems)
    except EditionError as exc:
        return [], [str(p) for p in exc.problems]
    return [e.id for e in found], [str(p) for p in sorted(problems.items)]


def test_real_data_loads_into_the_corpus() -> None:
    corpus = load(ROOT)
    ids = [e.id for e in corpus.entities]
    assert len(ids) == len(set(ids)) >= 100
    assert {e.kind for e in corpus.entities} == set(ENTITY_KINDS)
    for e in corpus.entities:
        assert e.name_ar in e.variants and e.name_en in e.latin
        if e.kind == "person":
            assert e.roles and all(r.as_of for r in e.roles), e.id


@pytest.mark.parametrize(("spelling", "entity"), [
    ("بلينكن", "blinken"), ("بلينكين", "blinken"), ("بلكين", "blinken"), ("أنتوني ج. بلينكن", "blinken"),
    ("قوات سوريا الديمقراطية", "sdf"), ("قوات سوريا الديموقراطية", "sdf"), ("قسد", "sdf"),
    ("قوات الدفاع السورية", "sdf"), ("ترامب", "trump"), ("ترمب", "trump"), ("إفريقيا", "africa"),
    ("أفريقيا", "africa"), ("بومبيو", "pompeo"), ("دي مايو", "di-maio"), ("داعش", "isis"),
    ("الدولة الإسلامية", "isis"), ("الدولة الاسلامية", "isis"), ("عملية العزم الصلب", "operation-inherent-resolve"),
    ("قرار مجلس الأمن رقم 2254", "unscr-2254"), ("مجموعة العشرين", "g20"),
])
def test_the_issue_spellings_name_their_entry(spelling: str, entity: str) -> None:
    owners = {spelling_key(v): e.id for e in load(ROOT).entities for v in e.variants}
    assert owners[spelling_key(spelling)] == entity


@pytest.mark.parametrize(("alias", "entity"), [
    ("Blinken", "blinken"), ("Pompeo", "pompeo"), ("Di Maio", "di-maio"), ("ISIS", "isis"), ("Daesh", "isis"),
    ("SDF", "sdf"), ("G20", "g20"),
])
def test_latin_aliases_for_search(alias: str, entity: str) -> None:
    assert alias in next(e for e in load(ROOT).entities if e.id == entity).latin


def test_unverified_latin_names_are_marked() -> None:
    by_id = {e.id: e for e in load(ROOT).entities}
    assert by_id["blinken"].name_en_verified and by_id["pompeo"].name_en_verified
    assert not by_id["worman"].name_en_verified and not by_id["jibo"].name_en_verified


GOOD_ENTRY = """entities:
  - id: blinken
    kind: person
    name_ar: أنتوني بلينكن
    name_en: Antony Blinken
    latin_verified: true
    note_ar: وزير الخارجية.
    roles:
      - {ar: وزير الخارجية, en: Secretary of State, as_of: 2021-06-28}
    variants: [بلينكن]
    latin: [Blinken]
"""


def test_a_good_file_loads() -> None:
    assert entities_of(GOOD_ENTRY) == (["blinken"], [])


@pytest.mark.parametrize(("edit", "problems"), [
    (("kind: person", "kind: persn"),
     ["seeds/entities.yml:3: entities[0].kind: 'persn' is not one of: event, organisation, person, place, term"]),
    (("    note_ar: وزير الخارجية.\n", ""), ["seeds/entities.yml:2: entities[0].note_ar: is required (text)"]),
    (("id: blinken", "id: Blinken"),
     ["seeds/entities.yml:2: entities[0].id: 'Blinken' is not an ASCII id: lower-case letters, digits and single "
      "hyphens, starting with a letter (e.g. rome-2021)"]),
    (("latin: [Blinken]", "latin: [بلينكن]"),
     ["seeds/entities.yml:11: entities[0].latin[0]: 'بلينكن': a Latin alias must be written in Latin letters"]),
    (("variants: [بلينكن]", "variants: [Blinken]"),
     ["seeds/entities.yml:10: entities[0].variants[0]: 'Blinken': an Arabic spelling must contain Arabic letters "
      "(Latin names go under latin)"]),
    (("as_of: 2021-06-28", "as_of: June 2021"),
     ["seeds/entities.yml:9: entities[0].roles[0].as_of: must be a date YYYY-MM-DD"]),
    (("    latin: [Blinken]\n", "    latin: [Blinken]\n    alias: [x]\n"),
     ["seeds/entities.yml:12: entities[0].alias: unknown key (allowed: ambiguous, id, kind, latin, "
      "latin_verified, name_ar, name_en, note_ar, roles, variants)"]),
])
def test_a_malformed_entry_fails_with_a_located_message(edit: tuple[str, str], problems: list[str]) -> None:
    assert edit[0] in GOOD_ENTRY
    assert entities_of(GOOD_ENTRY.replace(edit[0], edit[1]))[1] == problems


def test_duplicates_collisions_and_misplaced_roles_are_errors() -> None:
    text = GOOD_ENTRY + """  - id: blinken
    kind: place
    name_ar: روما
    name_en: Rome
    note_ar: مدينة.
    roles: [{ar: مدينة, as_of: 2021-01-01}]
  - id: other
    kind: person
    name_ar: شخص
    name_en: Someone
    note_ar: شخص.
    variants: [بلينكِن]
    ambiguous: [أنتوني بلينكن]
"""
    assert entities_of(text)[1] == [
        "seeds/entities.yml:12: entities[1].id: duplicate entity id 'blinken' (first at line 2)",
        "seeds/entities.yml:17: entities[1].roles: only a person has roles (this entry is a place)",
        "seeds/entities.yml:23: entities[2].variants: 'بلينكِن' is also a spelling of 'blinken' ('بلينكن', line 10): "
        "a spelling names one entry; if it can name both, list it under ambiguous instead",
        "seeds/entities.yml:24: entities[2].ambiguous: 'أنتوني بلينكن' matches the spelling 'انتوني بلينكن' of "
        "'blinken' (line 4): a spelling is either an entry's or ambiguous",
    ]


def test_a_malformed_entry_fails_the_build(tmp_path: Path) -> None:
    broken = REAL.replace("    kind: person\n    name_ar: مايك بومبيو", "    kind: persn\n    name_ar: مايك بومبيو")
    project = make_project(tmp_path / "p", {"entities.yml": broken})
    line = broken.splitlines().index("    kind: persn") + 1
    with pytest.raises(EditionError) as info:
        load(project)
    assert [str(p) for p in info.value.problems] == [
        f"seeds/entities.yml:{line}: entities[2].kind: 'persn' is not one of: event, organisation, person, place, term"]


def test_an_unknown_speaker_entity_is_a_located_error(tmp_path: Path) -> None:
    meta = (ROOT / "seeds" / "003_edb1e7ae2f850001.meta.yml").read_text(encoding="utf-8")
    project = make_project(tmp_path / "p", {"003_edb1e7ae2f850001.meta.yml": meta.replace(
        "entity: pompeo", "entity: pompeoo")})
    line = meta.splitlines().index("    entity: pompeo")  # 1-based: the line before, `- id: pompeo`
    with pytest.raises(EditionError) as info:
        load(project)
    assert [str(p) for p in info.value.problems] == [
        f"seeds/003_edb1e7ae2f850001.meta.yml:{line}: speakers[0].entity: unknown entity 'pompeoo': "
        "declare it in seeds/entities.yml"]


def test_adding_an_entry_or_a_spelling_is_a_data_edit(tmp_path: Path) -> None:
    saudi = "name_ar: السعودية, name_en: Saudi Arabia, latin_verified: true, note_ar:"
    assert REAL.count(saudi) == 1
    added = REAL.replace(saudi, saudi.replace("name_en:", "variants: [المملكة], name_en:")).replace(
        "variants: [], latin: []}\n  - {id: kyiv", "latin: []}\n  - {id: kyiv") + """
  - id: g20-joint-council
    kind: event
    name_ar: مجلس الشؤون الخارجية والتنمية المشترك
    name_en: G20 joint foreign affairs and development council
    note_ar: جلسة مشتركة لوزراء خارجية مجموعة العشرين ووزراء التنمية فيها.
    variants: []
    latin: []
"""
    corpus = load(make_project(tmp_path / "p", {"entities.yml": added}))
    found = {(b.meta.id, p.id, p.text[s.start:s.end], s.target) for b in corpus.briefings for p in b.paragraphs
             for s in p.spans if s.kind == "mention" and s.target in ("saudi-arabia", "g20-joint-council")}
    assert ("rome-2021-ukraine-gate-report", "p14", "المملكة", "saudi-arabia") in found
    assert ("rome-2021-us-officials-briefing", "p36", "مجلس الشؤون الخارجية والتنمية المشترك",
            "g20-joint-council") in found
    files = site_files(corpus)
    assert "rome-2021-us-officials-briefing/#p36" in files["entities/g20-joint-council.md"].decode()
    assert 'href="../../entities/g20-joint-council/"' in files["briefings/rome-2021-us-officials-briefing.md"].decode()


@given(st.text(alphabet=st.sampled_from("بلينكن أإآاىيةه َُِّـ\u200f٠١٩İABc.،")))
def test_fast_folding_agrees_with_fold_map(text: str) -> None:
    folded = Folded.of(text)
    slow, index = fold_map(text)
    assert folded.text == slow
    assert [folded.start(i) for i in range(len(slow))] == index
