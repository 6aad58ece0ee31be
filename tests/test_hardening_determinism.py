"""Determinism and no loss: identical builds, dates from the sources (or SOURCE_DATE_EPOCH), nothing
written into seeds/ or docs/, no stale page after its source is removed, and a failed build that
leaves the previous site in place."""

from __future__ import annotations

import gzip
import hashlib
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import make_project
from edition.errors import EditionError
from edition.site import build_site, load, write_markdown

pytestmark = pytest.mark.slow

EXTRA_META = """id: extra-test-report
meeting: rome-2021
kind: news-report
title_ar: تقرير إضافي للاختبار
title_en: An extra test report
title_translit: Taqrīr iḍāfī
abstract_en: A text written for this test.
outlet: {note: نص للاختبار.}
published: unknown
published_note: نص للاختبار.
sections:
  - {id: report, kind: report, title: التقرير}
"""


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` (hidden ones too) with the digest of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return make_project(tmp_path / "p", {"900_extra.txt": "فقرة أولى.\nفقرة ثانية.\n", "900_extra.meta.yml": EXTRA_META})


def test_two_builds_are_byte_identical_and_dated_from_the_sources(project: Path, tmp_path: Path) -> None:
    build_site(project, tmp_path / "one" / "site")
    build_site(project, tmp_path / "two" / "site")
    one, two = tree(tmp_path / "one" / "site"), tree(tmp_path / "two" / "site")
    assert len(one) > 20
    assert one == two
    latest = max([m.date for m in load(project).meetings]
                 + [b.meta.published for b in load(project).briefings if b.meta.published])
    sitemap = (tmp_path / "one" / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count(f"<lastmod>{latest.isoformat()}</lastmod>") == sitemap.count("<lastmod>") > 5
    header = (tmp_path / "one" / "site" / "sitemap.xml.gz").read_bytes()[:10]
    assert struct.unpack("<I", header[4:8])[0] == int(datetime(latest.year, latest.month, latest.day,
                                                                tzinfo=UTC).timestamp()), "gzip header date"


def test_source_date_epoch_is_honoured(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(365 * 86400))
    build_site(project, tmp_path / "site")
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>1971-01-01</lastmod>") == sitemap.count("<lastmod>") > 5
    assert gzip.decompress((tmp_path / "site" / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(EditionError) as exc:
        build_site(project, tmp_path / "site")
    assert str(exc.value) == "SOURCE_DATE_EPOCH: 'yesterday' is not a whole number of seconds"


def test_the_build_writes_nothing_into_seeds_or_docs(project: Path, tmp_path: Path) -> None:
    before = tree(project / "seeds"), tree(project / "docs")
    build_site(project, project / "site")
    write_markdown(project, tmp_path / "md")
    assert (tree(project / "seeds"), tree(project / "docs")) == before
    assert sorted(p.name for p in project.iterdir()) == ["docs", "mkdocs.yml", "scripts", "seeds", "site"]


def test_no_stale_page_survives_the_removal_of_its_source(project: Path) -> None:
    build_site(project, project / "site")
    page = project / "site" / "briefings" / "extra-test-report" / "index.html"
    assert page.exists()
    (project / "seeds" / "900_extra.txt").unlink()
    (project / "seeds" / "900_extra.meta.yml").unlink()
    build_site(project, project / "site")
    assert not page.parent.exists()
    left = [p for p in (project / "site").rglob("*") if p.is_file() and b"extra-test-report" in p.read_bytes()]
    assert left == [], "no page, sitemap entry, index or export still names the removed text"


def test_a_failed_build_leaves_the_previous_site_in_place(project: Path) -> None:
    build_site(project, project / "site")
    before = tree(project / "site")
    meta = project / "seeds" / "900_extra.meta.yml"
    meta.write_text(EXTRA_META + "colour: red\n", encoding="utf-8")
    with pytest.raises(EditionError) as exc:
        build_site(project, project / "site")
    assert str(exc.value).startswith("seeds/900_extra.meta.yml:13: colour: unknown key (allowed: ")
    assert tree(project / "site") == before
    # A failure inside MkDocs itself (strict: a hand-written page links to a missing page).
    meta.write_text(EXTRA_META, encoding="utf-8")
    (project / "docs" / "broken.md").write_text("# صفحة\n\n[رابط](missing.md)\n", encoding="utf-8")
    with pytest.raises(EditionError) as exc:
        build_site(project, project / "site")
    assert str(exc.value).startswith("mkdocs.yml: the site build failed: ")
    assert tree(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == ["docs", "mkdocs.yml", "scripts", "seeds", "site"], \
        "no temporary build folder is left behind"


@pytest.mark.parametrize("mode", [pytest.param([], id="full"), pytest.param(["--dirty"], id="incremental")])
def test_serve_shows_a_broken_edit_and_recovers_when_it_is_fixed(project: Path, tmp_path: Path, mode: list[str]) -> None:
    import subprocess
    import sys
    import time

    from conftest import free_port
    from test_serve_reload import fetch, wait_for

    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *mode, "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=log, stderr=subprocess.STDOUT)
        try:
            page = f"http://127.0.0.1:{port}/briefings/extra-test-report/"
            assert wait_for(page, "فقرة ثانية.", 90), log_path.read_text()
            meta = project / "seeds" / "900_extra.meta.yml"
            meta.write_text(EXTRA_META.replace("kind: news-report", "kind: rumour"), encoding="utf-8")
            problem = "seeds/900_extra.meta.yml:3: kind: &#x27;rumour&#x27; is not one of"
            assert wait_for(page, problem, 60), fetch(page)[:2000] + log_path.read_text()
            assert "تعذّر بناء الموقع" in fetch(page)
            assert wait_for(f"http://127.0.0.1:{port}/", problem, 10), "every page shows the problem"
            meta.write_text(EXTRA_META, encoding="utf-8")
            (project / "seeds" / "900_extra.txt").write_text("فقرة أولى.\nفقرة ثانية بعد الإصلاح.\n", encoding="utf-8")
            assert wait_for(page, "فقرة ثانية بعد الإصلاح.", 60), fetch(page)[:2000] + log_path.read_text()
            assert problem not in fetch(page)
            # Removing the text removes its page from the served site too.
            (project / "seeds" / "900_extra.txt").unlink()
            meta.unlink()
            deadline = time.monotonic() + 60
            while fetch(page) and time.monotonic() < deadline:
                time.sleep(0.3)
            assert fetch(page) == "", "no stale page under serve"
            assert wait_for(f"http://127.0.0.1:{port}/", "مصادر", 30)
            assert server.poll() is None, "the server is still running"
        finally:
            server.terminate()
            server.wait(10)
