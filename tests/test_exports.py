"""Data exports: data/corpus.json and each briefings/<id>.json validate against the published,
versioned schema; their paragraph ids and words are those of the built pages; the CSV agrees."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import ROOT
from edition.cite import Site
from edition.exports import CSV_COLUMNS, SCHEMA_VERSION, corpus_json
from edition.site import configured_site, load
from htmltext import paragraphs, parse_html

SCHEMA = json.loads((ROOT / "docs" / "data" / "corpus.schema.json").read_text(encoding="utf-8"))


def validator(definition: str | None = None) -> Any:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    schema = SCHEMA if definition is None else {"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]}
    return jsonschema.Draft202012Validator(schema)


def page_paragraphs(site: Path, briefing_id: str) -> dict[str, str]:
    return paragraphs(parse_html((site / "briefings" / briefing_id / "index.html").read_text(encoding="utf-8")))


def test_corpus_json_validates_and_its_paragraphs_are_the_pages(built_site: Path) -> None:
    data = json.loads((built_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    validator().validate(data)
    assert data["schema_version"] == SCHEMA_VERSION
    assert SCHEMA_VERSION in SCHEMA["description"], "the schema documents the version it describes"
    assert (built_site / "data" / "corpus.schema.json").exists(), "the schema is published beside the data"
    site = configured_site(ROOT)
    assert data["site"] == {"name": site.name, "url": site.url}
    built = sorted(p.name for p in (built_site / "briefings").iterdir() if p.is_dir())
    assert sorted(b["id"] for b in data["briefings"]) == built
    total = 0
    for b in data["briefings"]:
        shown = page_paragraphs(built_site, b["id"])
        exported = {p["id"]: p["text"] for s in b["sections"] for p in s["paragraphs"]}
        assert list(exported) == list(shown), b["id"]
        assert exported == shown, "the words are the words on the page"
        total += len(exported)
        for s in b["sections"]:
            for p in s["paragraphs"]:
                assert "url" not in p, "a paragraph's address is its briefing's url and its id"
                for start, end, _, _ in p["spans"]:
                    assert 0 <= start < end <= len(p["text"])
    assert total == sum(len(b.paragraphs) for b in load(ROOT).briefings)


def test_each_briefing_has_its_own_json_record(built_site: Path) -> None:
    corpus = json.loads((built_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    check = validator("briefingFile")
    for b in corpus["briefings"]:
        record = json.loads((built_site / "briefings" / f"{b['id']}.json").read_text(encoding="utf-8"))
        check.validate(record)
        assert record["briefing"] == b
        assert record["meeting"]["id"] == b["meeting"]
        assert b["json"].endswith(f"briefings/{b['id']}.json")
        raw = (built_site / "sources" / b["source"]["file"]).read_bytes()
        assert raw == (ROOT / "seeds" / b["source"]["file"]).read_bytes()


def test_paragraphs_csv_has_one_row_per_paragraph(built_site: Path) -> None:
    data = json.loads((built_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    raw = (built_site / "data" / "paragraphs.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    expected = [[b["id"], b["meeting"], s["id"], s["speaker"] or "", p["id"], str(p["line"]), p["quoted_speaker"] or "",
                 f"{b['url']}#{p['id']}", p["text"]] for b in data["briefings"] for s in b["sections"] for p in s["paragraphs"]]
    assert rows[1:] == expected


def test_the_schema_rejects_what_it_must() -> None:
    data = json.loads(corpus_json(load(ROOT), Site("s", None)))
    check = validator()
    check.validate(data)
    assert data["site"]["url"] is None and data["briefings"][0]["url"].startswith("briefings/"), "relative without site_url"
    paragraph = data["briefings"][0]["sections"][0]["paragraphs"][0]
    for field, bad in [("id", "_1"), ("text", ""), ("line", 0)]:
        saved = paragraph[field]
        paragraph[field] = bad
        with pytest.raises(jsonschema.ValidationError):
            check.validate(data)
        paragraph[field] = saved
    data["briefings"][0]["published"] = "28 June 2021"
    with pytest.raises(jsonschema.ValidationError):
        check.validate(data)


def test_annotations_are_exported_and_point_at_the_exact_words(built_site: Path) -> None:
    data = json.loads((built_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    words = {(b["id"], p["id"]): p for b in data["briefings"] for s in b["sections"] for p in s["paragraphs"]}
    refs = [n["ref"] for n in data["notes"]]
    refs += [r for f in data["figures"] for v in f["values"] for r in v["refs"]]
    refs += [r for e in data["timeline"] for r in e["refs"]]
    assert data["notes"] and data["figures"] and data["timeline"] and data["entities"]
    urls = {b["id"]: b["url"] for b in data["briefings"]}
    for ref in refs:
        p = words[(ref["briefing"], ref["paragraph"])]
        assert p["text"][ref["start"]:ref["end"]] == ref["text"], ref
        assert ref["url"] == f"{urls[ref['briefing']]}#{ref['paragraph']}"
    mentions = [s for p in words.values() for s in p["spans"] if s[2] == "mention"]
    assert mentions and {s[3] for s in mentions} <= {e["id"] for e in data["entities"]}
    for n in data["notes"]:
        p = words[(n["ref"]["briefing"], n["ref"]["paragraph"])]
        assert [n["ref"]["start"], n["ref"]["end"], "note", n["id"]] in p["spans"]
        one = json.loads((built_site / "briefings" / f"{n['ref']['briefing']}.json").read_text(encoding="utf-8"))
        assert n in one["notes"]
