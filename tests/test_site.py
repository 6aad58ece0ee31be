"""The real site: a strict build of the five texts, their fidelity and their ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, make_project
from edition.errors import EditionError
from edition.pipeline import Inputs, load_corpus
from edition.site import build_site, load
from htmltext import paragraphs, parse_html

ASCII_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def page(site: Path, briefing_id: str) -> str:
    return (site / "briefings" / briefing_id / "index.html").read_text(encoding="utf-8")


def test_five_briefings_two_hubs_one_home(built_site: Path) -> None:
    corpus = load(ROOT)
    assert len(corpus.briefings) == 5
    pages = sorted(p.name for p in (built_site / "briefings").iterdir() if p.is_dir())
    assert pages == sorted(b.meta.id for b in corpus.briefings)
    assert sorted(p.name for p in (built_site / "meetings").iterdir()) == ["rome-2021", "washington-2019"]
    assert (built_site / "index.html").exists()
    for b in corpus.briefings:
        assert (built_site / "sources" / b.meta.seed).read_bytes() == (ROOT / "seeds" / b.meta.seed).read_bytes()


def test_every_line_outside_debris_appears_verbatim(built_site: Path) -> None:
    corpus = load(ROOT)
    for b in corpus.briefings:
        root = parse_html(page(built_site, b.meta.id))
        shown = list(paragraphs(root).values())
        shown += [h.text().removesuffix("¶") for h in root.find_all("h2", "src")]
        debris = {d.line.strip() for d in b.meta.debris}
        lines = [x.strip() for x in (ROOT / "seeds" / b.meta.seed).read_text(encoding="utf-8").splitlines()]
        expected = [x for x in lines if x and x not in debris]
        assert sorted(shown) == sorted(expected), b.meta.id
        for d in debris:
            assert d not in shown
            assert d in root.text(), "declared debris is listed in the provenance note"


def test_ids_are_unique_ascii_and_never_positional(built_site: Path) -> None:
    for path in (built_site / "briefings").glob("*/index.html"):
        root = parse_html(path.read_text(encoding="utf-8"))
        ids = [e.attrs["id"] for e in root.iter() if "id" in e.attrs]
        assert len(ids) == len(set(ids)), path
        for e in root.find_all("div", "para") + root.find_all("h2"):
            assert ASCII_ID.match(e.attrs["id"]), e.attrs["id"]
            assert not re.match(r"^_\d+$", e.attrs["id"])


def test_speaker_sections_and_attributed_quotes(built_site: Path) -> None:
    briefing = parse_html(page(built_site, "rome-2021-us-officials-briefing"))
    turns = {h.attrs["id"]: h.text().removesuffix("¶") for h in briefing.find_all("h2") if h.attrs.get("data-kind") == "turn"}
    assert turns == {"hood": "هود", "worman": "وورمان", "cooper": "كوبر"}
    statement = parse_html(page(built_site, "rome-2021-joint-statement-and-blinken-remarks"))
    kinds = [h.attrs.get("data-kind") for h in statement.find_all("h2")]
    assert "statement" in kinds and "remarks" in kinds
    assert kinds.index("statement") < kinds.index("remarks")
    remarks = next(h for h in statement.find_all("h2") if h.attrs.get("data-kind") == "remarks")
    assert remarks.attrs["id"] == "blinken-remarks"
    for briefing_id, speaker in [("rome-2021-ukraine-gate-report", "di-maio"),
                                 ("washington-2019-pompeo-speech-report", "pompeo"),
                                 ("washington-2019-news-report", "pompeo")]:
        root = parse_html(page(built_site, briefing_id))
        quotes = [q for q in root.find_all("span", "quote") if q.attrs.get("data-speaker") == speaker]
        assert quotes, (briefing_id, speaker)


def test_references_to_other_meetings_become_links(built_site: Path) -> None:
    root = parse_html(page(built_site, "rome-2021-us-officials-briefing"))
    links = {a.text(): a.attrs["href"] for a in root.find_all("a", "xref")}
    assert links["شباط/فبراير 2019"] == "../../meetings/washington-2019/"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'id="m-brussels-2018"' in home and 'id="m-rabat-2018"' in home


def test_pages_are_rtl_arabic_and_load_nothing_off_site(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "http-equiv=\"refresh\"" in text:
            continue
        assert '<html lang="ar" dir="rtl"' in text, path
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def _sixth_meeting_meta() -> str:
    return """id: brussels-2022-test-report
meeting:
  id: marrakech-2022
  kind: ministerial
  title_ar: الاجتماع الوزاري للتحالف في مراكش
  title_en: Coalition ministerial, Marrakech
  date: 2022-05-11
  city_ar: مراكش
  city_en: Marrakech
kind: news-report
title_ar: تقرير تجريبي عن اجتماع مراكش
title_en: A test report on the Marrakech meeting
title_translit: Taqrīr tajrībī ʿan ijtimāʿ Marrākush
abstract_en: A text written for this test, to show that a sixth text needs no code.
outlet: {note: نص كتبه فريق المشروع للاختبار.}
published: unknown
published_note: نص للاختبار.
sections:
  - {id: report, kind: report, title: التقرير}
"""


def test_a_sixth_text_is_data_only_and_gets_a_new_hub(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "005_test.txt": "اجتمع وزراء التحالف في مراكش.\nوقال الوزير: «نص تجريبي».\n",
        "005_test.meta.yml": _sixth_meeting_meta(),
    })
    build_site(project, project / "site")
    assert (project / "site" / "briefings" / "brussels-2022-test-report" / "index.html").exists()
    hub = (project / "site" / "meetings" / "marrakech-2022" / "index.html").read_text(encoding="utf-8")
    assert "brussels-2022-test-report" in hub
    rome = (project / "site" / "meetings" / "rome-2021" / "index.html").read_text(encoding="utf-8")
    assert "../marrakech-2022/" in rome, "the previous hub links the new one"


def test_a_text_without_metadata_is_a_located_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"005_test.txt": "نص.\n"})
    with pytest.raises(EditionError) as exc:
        load_corpus(Inputs.from_dir(project))
    assert str(exc.value) == "seeds/005_test.txt: no metadata file: add seeds/005_test.meta.yml (see the README)"
