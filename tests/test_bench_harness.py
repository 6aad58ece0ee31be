"""The benchmark harness on a tiny corpus: every figure is measured (not made up) and the report
shows them with the targets. The full benchmark (scripts/bench) is not run here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from edition.bench.__main__ import measure_size
from edition.bench.measure import timed, tree_bytes
from edition.bench.plain import plain_files
from edition.bench.report import chart_svg, report_markdown, targets
from edition.pipeline import Inputs, load_corpus
from edition.synth import synth_seeds

ROOT = Path(__file__).resolve().parents[1]


def test_plain_build_has_one_page_per_text_with_material_defaults() -> None:
    corpus = load_corpus(Inputs(synth_seeds(3, Inputs.from_dir(ROOT))))
    files = plain_files(corpus)
    assert sorted(files) == ["docs/index.md", *sorted(f"docs/{b.meta.id}.md" for b in corpus.briefings), "mkdocs.yml"]
    assert b"plugins" not in files["mkdocs.yml"] and b"nav" not in files["mkdocs.yml"], "Material defaults"


def test_timed_reports_peak_memory_of_children(tmp_path: Path) -> None:
    run = timed(["python3", "-c", "b = bytearray(64 * 1024 * 1024); print(len(b))"], cwd=tmp_path)
    assert run.peak_rss_bytes >= 64 * 1024 * 1024
    assert run.output.strip() == str(64 * 1024 * 1024)
    with pytest.raises(RuntimeError, match="failed"):
        timed(["python3", "-c", "raise SystemExit(3)"], cwd=tmp_path)


@pytest.mark.browser
@pytest.mark.slow
def test_one_tiny_size_end_to_end(tmp_path: Path, browser: Any) -> None:
    # The search figures need a corpus where the standard queries find something: scripts/bench measures them.
    result = measure_size(2, tmp_path, browser, log=False, search=False)
    assert result.edition.data_bytes > 0 and result.edition.search_numbers is None
    site = tmp_path / "edition-2" / "site"
    assert result.edition.site_bytes == tree_bytes(site) > 0
    assert result.edition.page_html_bytes == (site / "briefings" / "synth-00000" / "index.html").stat().st_size
    for figures in (result.edition, result.plain):
        assert figures.build_s > 0 and figures.peak_rss_bytes > 10 * 2**20
        # gzip makes a page view lighter; both are real transfers with at least the page itself.
        assert figures.page_html_bytes < figures.view_raw_bytes
        assert 0 < figures.view_gzip_bytes < figures.view_raw_bytes
    assert result.plain.view_index_bytes > 0, "Material's default search downloads its index on a page view"
    text = report_markdown([result], (2, (1.5, 2.5)), "scripts/bench --sizes 2")
    assert "| 2 | " in text and "scripts/bench --sizes 2" in text
    assert "1.50, 2.50 s" in text
    names = [name for name, _, _ in targets([result], (1.5, 2.5))]
    assert len(names) == 7 and any("serve" in name for name in names)
    assert "n/a (search not measured)" in text
    floor = result.edition.data_bytes / result.plain.site_bytes
    assert "Size floor at N=2: the downloadable copies of the texts alone are " in text and f"{floor:.3f} ×" in text
    assert chart_svg([result]).startswith("<svg")
