"""The id permanence contract (README, "Permanent ids"): real edits to a copy of the seeds never
change or drop a published id, and every edit that would is a located, actionable build failure."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, make_project, open_page, serve_dir
from edition.errors import EditionError
from edition.ids import LOCK_FILE, read_lock
from edition.pipeline import Inputs, load_corpus, site_files
from edition.site import build_site, lock_is_current, update_lock
from htmltext import Element, paragraphs, parse_html

LOCK = read_lock((ROOT / LOCK_FILE).read_text(encoding="utf-8"))
SEED = {name: (ROOT / "seeds" / name).read_text(encoding="utf-8")
        for name in ("000_3df33281dd8b9e93.txt", "002_f724d4bf8a2b4533.txt", "003_edb1e7ae2f850001.txt")}
META_000 = (ROOT / "seeds" / "000_3df33281dd8b9e93.meta.yml").read_text(encoding="utf-8")
META_004 = (ROOT / "seeds" / "004_78a0c063ebd393f5.meta.yml").read_text(encoding="utf-8")

INSERTED = "فقرة جديدة أضافها المحررون في أعلى النص، قبل كل ما نُشر منه."
WORD_OLD, WORD_NEW = "وتنسيقه المستمر مع", "وتنسيقه الدائم مع"
NEW_TEXT = "نص سادس عن اجتماع روما أضيف بعد النشر.\nوفيه فقرة ثانية.\n"
NEW_META = """id: rome-2021-added-later
meeting: rome-2021
kind: news-report
title_ar: نص أضيف بعد النشر
title_en: A text added after publication
title_translit: Naṣṣ uḍīfa baʿd al-nashr
abstract_en: A text written for this test, added after the others were published.
outlet: {note: نص كتبه فريق المشروع للاختبار.}
published: unknown
published_note: نص للاختبار.
sections:
  - {id: report, kind: report, title: التقرير}
"""


def locked_id(seed: str, words: str) -> str:
    return next(pid for pid, w in LOCK.pages[seed].paragraphs if w == words)


def lines_of(seed: str) -> list[str]:
    return SEED[seed].splitlines()


def edited_project(tmp_path: Path) -> tuple[Path, str, str]:
    """The real seeds with the four kinds of edit applied; returns (project, removed id, its successor)."""
    # 1. a paragraph inserted at the top of one text
    washington = INSERTED + "\n" + SEED["003_edb1e7ae2f850001.txt"]
    # 2. one word changed in another
    assert SEED["002_f724d4bf8a2b4533.txt"].count(WORD_OLD) == 1
    ukraine = SEED["002_f724d4bf8a2b4533.txt"].replace(WORD_OLD, WORD_NEW)
    # 4. a paragraph removed (merged into the one before it), retired with a redirect entry
    lines = lines_of("000_3df33281dd8b9e93.txt")
    removed, before = lines[10].strip(), lines[9].strip()
    removed_id = locked_id("000_3df33281dd8b9e93.txt", removed)
    successor = locked_id("000_3df33281dd8b9e93.txt", before)
    briefing = "\n".join(lines[:10] + lines[11:]) + "\n"
    meta_000 = META_000 + f"retired:\n  - {{id: {removed_id}, to: {successor}, reason: merged into {successor}}}\n"
    # 5. a page whose address changes keeps its old one
    meta_004 = META_004.replace("id: washington-2019-news-report\n", "id: washington-2019-allies-report\n", 1)
    meta_004 += "old_addresses:\n  - briefings/washington-2019-news-report/\n"
    project = make_project(tmp_path / "p", {
        "003_edb1e7ae2f850001.txt": washington,
        "002_f724d4bf8a2b4533.txt": ukraine,
        "000_3df33281dd8b9e93.txt": briefing, "000_3df33281dd8b9e93.meta.yml": meta_000,
        "004_78a0c063ebd393f5.meta.yml": meta_004,
        # 3. a new text
        "005_added.txt": NEW_TEXT, "005_added.meta.yml": NEW_META,
    })
    return project, removed_id, successor


def test_the_committed_lock_records_every_published_id() -> None:
    assert lock_is_current(ROOT), "run `python -m edition lock` and commit seeds/ids.lock.json"
    corpus = load_corpus(Inputs.from_dir(ROOT))
    assert sum(len(p.paragraphs) for p in LOCK.pages.values()) == sum(len(b.paragraphs) for b in corpus.briefings)
    for b in corpus.briefings:
        page = LOCK.pages[b.meta.seed]
        assert page.address == f"briefings/{b.meta.id}/"
        assert page.sections == tuple(s.id for s in b.sections)
        assert page.paragraphs == tuple((p.id, p.text) for p in b.paragraphs)


def _element(root: Element, element_id: str) -> Element | None:
    return next((e for e in root.iter() if e.attrs.get("id") == element_id), None)


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The edited copy of the seeds, built once: (project, removed id, its successor)."""
    project, removed_id, successor = edited_project(tmp_path_factory.mktemp("edited"))
    build_site(project, project / "site")
    return project, removed_id, successor


def test_real_edits_keep_every_published_id_on_its_page_and_words(edited_site: tuple[Path, str, str],
                                                                   tmp_path: Path) -> None:
    built, removed_id, successor = edited_site
    project = make_project(tmp_path / "p")
    shutil.rmtree(project / "seeds")
    shutil.copytree(built / "seeds", project / "seeds")
    site = built / "site"
    new_address = {"004_78a0c063ebd393f5.txt": "briefings/washington-2019-allies-report/"}
    checked = 0
    for seed, page in LOCK.pages.items():
        address = new_address.get(seed, page.address)
        root = parse_html((site / address / "index.html").read_text(encoding="utf-8"))
        shown = paragraphs(root)
        for sid in page.sections:
            assert _element(root, sid) is not None, (seed, sid)
        for pid, words in page.paragraphs:
            checked += 1
            if seed.startswith("000") and pid == removed_id:
                anchor = _element(root, pid)
                assert anchor is not None and "retired" in anchor.classes and anchor.attrs["data-to"] == successor
                holder = next(d for d in root.find_all("div", "para") if anchor in d.iter())
                assert holder.attrs["id"] == successor, "the old anchor lands on its declared successor"
                continue
            expected = words.replace(WORD_OLD, WORD_NEW) if seed.startswith("002") else words
            assert shown.get(pid) == expected, (seed, pid)
    assert checked == 133
    # the inserted paragraph and the new text got fresh ids; nothing was renumbered
    washington = parse_html((site / "briefings/washington-2019-pompeo-speech-report/index.html").read_text("utf-8"))
    top = next(iter(paragraphs(washington).items()))
    assert top == (f"p{len(LOCK.pages['003_edb1e7ae2f850001.txt'].paragraphs) + 1}", INSERTED)
    added = parse_html((site / "briefings/rome-2021-added-later/index.html").read_text("utf-8"))
    assert list(paragraphs(added)) == ["p1", "p2"]
    # the old page address redirects, keeping the anchor
    old = (site / "briefings/washington-2019-news-report/index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../washington-2019-allies-report/"' in old
    assert "location.hash" in old
    # the lock update records it all, and the edited build then is current
    assert update_lock(project)
    after = json.loads((project / LOCK_FILE).read_text("utf-8"))["pages"]
    assert after["000_3df33281dd8b9e93.txt"]["retired"] == [[removed_id, successor]]
    assert after["004_78a0c063ebd393f5.txt"]["old_addresses"] == ["briefings/washington-2019-news-report/"]
    assert lock_is_current(project)


def problems_of(project: Path) -> list[str]:
    with pytest.raises(EditionError) as exc:
        load_corpus(Inputs.from_dir(project))
    return [str(p) for p in exc.value.problems]


def test_dropping_a_paragraph_without_retiring_it_fails_and_names_the_candidates(tmp_path: Path) -> None:
    lines = lines_of("000_3df33281dd8b9e93.txt")
    rewritten = "كلام جديد تماما حل محل الفقرة القديمة."
    text = "\n".join(lines[:10] + [rewritten] + lines[11:]) + "\n"
    project = make_project(tmp_path / "p", {"000_3df33281dd8b9e93.txt": text})
    gone = locked_id("000_3df33281dd8b9e93.txt", lines[10].strip())
    new = f"p{len(LOCK.pages['000_3df33281dd8b9e93.txt'].paragraphs) + 1}"
    assert problems_of(project) == [
        f"seeds/000_3df33281dd8b9e93.meta.yml:1: retired: published paragraph {gone} "
        f"({lines[10].strip()[:60] + '…'!r}) no longer matches any paragraph of the text; if it was removed or "
        f"merged, add `- {{id: {gone}, to: <the id its anchor should land on>, reason: ...}}` under retired:; "
        f"the new paragraphs on this page are {new} (line 11, {rewritten!r})"]


def test_retirements_must_name_a_published_id_and_a_live_successor(tmp_path: Path) -> None:
    meta = META_000 + ("retired:\n  - {id: p2, to: p1, reason: still live}\n"
                       "  - {id: p900, to: p1, reason: never published}\n"
                       "  - {id: hood, to: nowhere, reason: bad target}\n")
    project = make_project(tmp_path / "p", {"000_3df33281dd8b9e93.meta.yml": meta})
    line = META_000.count("\n") + 2
    f = "seeds/000_3df33281dd8b9e93.meta.yml"
    assert problems_of(project) == [
        f"{f}:{line}: retired.id: 'p2' is retired but is still the id of a paragraph or section on this page: "
        "a published id is never reused",
        f"{f}:{line + 1}: retired.id: 'p900' was never published on this page (see seeds/ids.lock.json): "
        "nothing to retire",
        f"{f}:{line + 2}: retired.id: 'hood' is retired but is still the id of a paragraph or section on this page: "
        "a published id is never reused",
        f"{f}:{line + 2}: retired.to: 'nowhere' is not an id of a paragraph or section on this page "
        "(nor a retired id that leads to one)"]


def test_a_retirement_stays_and_chains_resolve_to_a_live_id(tmp_path: Path) -> None:
    project, removed_id, successor = edited_project(tmp_path)
    update_lock(project)
    # the successor is removed later: the first redirect now lands, through the chain, on the next one
    lines = (project / "seeds/000_3df33281dd8b9e93.txt").read_text("utf-8").splitlines()
    before = lines[8].strip()
    prior = locked_id("000_3df33281dd8b9e93.txt", before)
    meta = (project / "seeds/000_3df33281dd8b9e93.meta.yml").read_text("utf-8")
    text = "\n".join(lines[:9] + lines[10:]) + "\n"
    (project / "seeds/000_3df33281dd8b9e93.txt").write_text(text, "utf-8")
    (project / "seeds/000_3df33281dd8b9e93.meta.yml").write_text(
        meta + f"  - {{id: {successor}, to: {prior}, reason: merged into {prior}}}\n", "utf-8")
    corpus = load_corpus(Inputs.from_dir(project))
    b = next(x for x in corpus.briefings if x.meta.seed == "000_3df33281dd8b9e93.txt")
    assert {(r.id, r.to) for r in b.retired} == {(removed_id, prior), (successor, prior)}
    # a retirement that was published can never be dropped from the metadata
    (project / "seeds/000_3df33281dd8b9e93.meta.yml").write_text(meta.split("retired:")[0], "utf-8")
    assert f"seeds/000_3df33281dd8b9e93.meta.yml:1: retired: {removed_id!r} was retired and published as a redirect " \
           f"to {successor!r}: its entry `- {{id: {removed_id}, to: {successor}, reason: ...}}` must stay under " \
           "retired:" in problems_of(project)


def test_page_addresses_are_never_dropped_or_reused(tmp_path: Path) -> None:
    renamed = META_004.replace("id: washington-2019-news-report\n", "id: washington-2019-allies-report\n", 1)
    project = make_project(tmp_path / "p", {"004_78a0c063ebd393f5.meta.yml": renamed})
    assert problems_of(project) == [
        "seeds/004_78a0c063ebd393f5.meta.yml:1: old_addresses: the page was published at "
        "briefings/washington-2019-news-report/: add `- briefings/washington-2019-news-report/` under "
        "old_addresses: so that address keeps working"]
    thief = NEW_META.replace("id: rome-2021-added-later", "id: washington-2019-news-report")
    project = make_project(tmp_path / "q", {"004_78a0c063ebd393f5.meta.yml": renamed + (
        "old_addresses: [briefings/washington-2019-news-report/]\n"), "005_added.txt": NEW_TEXT,
        "005_added.meta.yml": thief})
    assert problems_of(project) == [
        "seeds/005_added.meta.yml:1: id: the address briefings/washington-2019-news-report/ belongs to "
        "seeds/004_78a0c063ebd393f5.txt (published or declared there): a page address is never reused; "
        "choose another id"]


def test_a_section_id_never_takes_a_paragraph_or_page_id(tmp_path: Path) -> None:
    meta = NEW_META.replace("{id: report,", "{id: p3,")
    project = make_project(tmp_path / "p", {"005_added.txt": NEW_TEXT, "005_added.meta.yml": meta})
    assert problems_of(project) == [
        "seeds/005_added.meta.yml:1: sections: section id 'p3' has the form of a paragraph id (p + number), "
        "which is reserved: rename it"]
    meta = NEW_META.replace("{id: report,", "{id: cite,")
    project = make_project(tmp_path / "q", {"005_added.txt": NEW_TEXT, "005_added.meta.yml": meta})
    assert problems_of(project) == [
        "seeds/005_added.meta.yml:1: sections: section id 'cite' is reserved for the page itself "
        "(cite, provenance, siblings, title): rename it"]


def test_a_corrupt_lock_is_a_located_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"ids.lock.json": '{"version": 1,\n "pages": {\n'})
    problems = problems_of(project)
    assert len(problems) == 1 and re.match(r"^seeds/ids\.lock\.json:3: not valid JSON", problems[0]), problems


@pytest.mark.browser
def test_old_links_land_in_a_browser(browser: Any, edited_site: tuple[Path, str, str]) -> None:
    project, removed_id, successor = edited_site
    server, base = serve_dir(project / "site")
    try:
        w = open_page(browser, base)
        page = w.page
        # a retired paragraph's link lands on its successor, which is highlighted
        page.goto(base + f"briefings/rome-2021-us-officials-briefing/#{removed_id}", wait_until="networkidle")
        page.wait_for_timeout(300)
        assert page.evaluate(f"document.getElementById('{successor}').classList.contains('landed')")
        top = page.evaluate(f"document.getElementById('{successor}').getBoundingClientRect().top")
        assert 0 <= top < 250, top
        # a renamed page's old address, with its anchor, reaches the same paragraph at the new address
        page.goto(base + "briefings/washington-2019-news-report/#p3", wait_until="networkidle")
        page.wait_for_url("**/briefings/washington-2019-allies-report/#p3")
        page.wait_for_timeout(300)
        assert 0 <= page.evaluate("document.getElementById('p3').getBoundingClientRect().top") < 250
        w.clean()
        page.context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_every_published_page_address_stays_generated(tmp_path: Path) -> None:
    lock = (ROOT / LOCK_FILE).read_text(encoding="utf-8")
    assert '  "meetings/rome-2021/",\n' in lock
    # a page kind that was published (say an entry page) and is no longer generated
    project = make_project(tmp_path / "p", {"ids.lock.json": lock.replace(
        '  "meetings/rome-2021/",\n', '  "meetings/rome-2021/",\n  "entities/someone/",\n')})
    corpus = load_corpus(Inputs.from_dir(project))
    with pytest.raises(EditionError) as exc:
        site_files(corpus)
    assert str(exc.value) == (
        "seeds/ids.lock.json: addresses: the page entities/someone/ was published and is no longer generated: "
        "restore what made it (a text, a meeting, an entry), or keep the address as a redirect: under "
        "old_addresses: of the text it became, or in seeds/moved.yml for any other page")
    with pytest.raises(EditionError):
        build_site(project, project / "site")
    assert not (project / "site").exists(), "nothing is built"


def test_a_moved_page_keeps_its_address_as_a_redirect(tmp_path: Path) -> None:
    lock = (ROOT / LOCK_FILE).read_text(encoding="utf-8").replace(
        '  "meetings/rome-2021/",\n', '  "meetings/rome-2021/",\n  "entities/someone/",\n')
    moved = "moved:\n  - {from: entities/someone/, to: meetings/rome-2021/, reason: a test}\n"
    project = make_project(tmp_path / "p", {"ids.lock.json": lock, "moved.yml": moved})
    files = site_files(load_corpus(Inputs.from_dir(project)))
    assert 'url=../../meetings/rome-2021/"' in files["entities/someone/index.html"].decode()
    bad = "moved:\n  - {from: meetings/rome-2021/, to: entities/nowhere/, reason: x}\n"
    project = make_project(tmp_path / "q", {"moved.yml": bad})
    with pytest.raises(EditionError) as exc:
        site_files(load_corpus(Inputs.from_dir(project)))
    assert [str(p) for p in exc.value.problems] == [
        "seeds/moved.yml:2: moved.from: meetings/rome-2021/ is still a page of the site: only an address that no "
        "page has any more can move",
        "seeds/moved.yml:2: moved.to: entities/nowhere/ is not a page of the site"]
    project = make_project(tmp_path / "r", {"moved.yml": "moved:\n  - {from: ../etc/, to: x/, reason: x}\n"})
    assert problems_of(project) == [
        "seeds/moved.yml:2: moved[0].from: '../etc/' is not a page address: path segments of ASCII letters, digits, "
        "'-', '_' and '.', such as entities/old-id/"]
