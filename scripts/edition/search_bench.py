"""Search figures measured in headless Chromium, for the edition's search and for Material's default.

`measure_search(site_dir, queries)` serves a built site on loopback (plain files, no compression),
opens a briefing page, and measures what a reader gets from the search box:

- the bytes of the page view, and how many of them were a search index (the target: none);
- the first query: bytes downloaded from opening the search to its results (engine, index files),
  and the time from the last keystroke to the results on screen;
- later queries (the other queries, typed one after another): median and maximum of that time.

Times run from the `input` event of the last keystroke to the animation frame after the last change
of the results list (the search box must have settled: no change for QUIET_MS). It works for both
engines: the edition's (search/manifest.json in the site) and Material's (search/search_index.json).

    python -m edition.search_bench --n 1000            # synthetic corpus, ours and Material's, printed
    python -m edition.search_bench --site site          # an already built site
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
QUERIES = ("بلينكن", "داعش", "قسد", "افريقيا", "دي مايو", "Blinken", "٤٣٦", "وموزمبيق", "المقاتلين الأجانب",
           "العراق", "الولايات المتحدة", "التحالف الدولي", "Pompeo", "الساحل")
QUIET_MS = 600
TYPE_DELAY_MS = 40

_ENGINES = {
    # engine: (how to open the search, the input, the results element)
    "edition": ("#es-open", "#es-q", "#es-results"),
    "material": ("input.md-search__input", "input.md-search__input", ".md-search-result"),
}

_INSTRUMENT = """(sel) => {
  const w = window.__sb = {lastInput: 0, lastChange: 0, changes: 0};
  document.addEventListener('input', () => { w.lastInput = performance.now(); }, true);
  const el = document.querySelector(sel);
  new MutationObserver(() => { w.changes++; requestAnimationFrame(() => { w.lastChange = performance.now(); }); })
    .observe(el, {childList: true, subtree: true, characterData: true, attributes: true});
}"""

_SETTLED = """([quiet, sel]) => {
  const w = window.__sb, now = performance.now();
  const el = document.querySelector(sel);
  const initialising = el && /تهيئة|Initializing/.test(el.textContent) && !el.querySelector('li');
  return w.lastInput > 0 && w.lastChange > w.lastInput && now - w.lastChange > quiet && !initialising;
}"""


@dataclass(frozen=True)
class SearchFigures:
    engine: str  # "edition" or "material"
    page_view_bytes: int  # everything a briefing page view downloads
    page_view_index_bytes: int  # of which, search index (and search engine code loaded for it)
    first_query_bytes: int  # from opening the search to the first query's results
    first_query_ms: float  # last keystroke → results shown
    later_median_ms: float
    later_max_ms: float
    later_count: int
    first_results: int  # result entries shown for the first query (a sanity check: not zero)

    def labelled(self) -> tuple[tuple[str, str], ...]:
        view = f"{self.page_view_bytes / 1e3:.0f} KB ({self.page_view_index_bytes / 1e3:.0f} KB)"
        return (("page view (search index part)", view),
                ("first query: downloaded", f"{self.first_query_bytes / 1e3:.0f} KB"),
                ("first query: last keystroke → results", f"{self.first_query_ms:.0f} ms"),
                (f"later queries ({self.later_count}): median / max", f"{self.later_median_ms:.0f} / {self.later_max_ms:.0f} ms"))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def _serving(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is required for measurements in a browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def engine_of(site: Path) -> str:
    if (site / "search" / "manifest.json").is_file():
        return "edition"
    if (site / "search" / "search_index.json").is_file():
        return "material"
    raise ValueError(f"{site}: no search index (neither search/manifest.json nor search/search_index.json)")


def _is_index(url: str) -> bool:
    return "/search/" in url or "search-engine.js" in url or "/workers/search" in url


def _type_and_time(page: Any, engine: str, query: str, timeout_s: float = 60, detail: list[str] | None = None,
                   finished: list[Any] | None = None) -> float:
    """Type `query` into the search box after clearing it; ms from the last keystroke to the results
    (infinity when they have not settled within `timeout_s`)."""
    _, box, results = _ENGINES[engine]
    page.locator(box).fill("")
    page.locator(box).dispatch_event("keyup", {"key": "Backspace"})
    page.wait_for_timeout(QUIET_MS)
    page.evaluate("() => { window.__sb.lastInput = 0; window.__sb.lastChange = 0; }")
    for ch in query:
        # Playwright types a character that is not on a US keyboard as an input event only; a real
        # Arabic keyboard also sends keyup, which Material's search listens to: send it too.
        page.locator(box).press_sequentially(ch)
        page.locator(box).dispatch_event("keyup", {"key": ch})
        page.wait_for_timeout(TYPE_DELAY_MS)
    try:
        page.wait_for_function(_SETTLED, arg=[QUIET_MS, results], timeout=timeout_s * 1000, polling=50)
    except Exception as exc:  # playwright's TimeoutError: report it as a figure, not a crash
        if "Timeout" not in type(exc).__name__:
            raise
        return float("inf")
    ms = float(page.evaluate("window.__sb.lastChange - window.__sb.lastInput"))
    if detail is not None:
        timing = page.evaluate(f"(document.querySelector('{results}') || {{dataset: {{}}}}).dataset.timing || ''")
        fetched = [r.url.rsplit("/search/", 1)[-1].split("?")[0] for r in (finished or []) if "/search/" in r.url]
        detail.append(f"{query}: {ms:.0f} ms (search,texts,render: {timing}); fetched while typing: {' '.join(fetched)}")
    return ms


def measure_search(site_dir: Path, queries: Sequence[str] = QUERIES, page_path: str | None = None,
                   browser: Any = None, detail: list[str] | None = None) -> SearchFigures:
    """Measure one built site's search (see the module docstring). `page_path`: the page to open
    (default: the first briefing page found). `detail`: a list to which a line per later query is
    added (its time, the search box's own breakdown, the index files fetched while it was typed)."""
    site_dir = Path(site_dir)
    engine = engine_of(site_dir)
    if page_path is None:
        page_path = _first_page(site_dir, engine)
    if browser is None:
        with chromium() as b:
            return measure_search(site_dir, queries, page_path, b, detail)
    opener, box, results = _ENGINES[engine]
    with _serving(site_dir) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        finished: list[Any] = []
        context.on("requestfinished", lambda r: finished.append(r))
        try:
            page = context.new_page()
            page.goto(base + page_path, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            view = _bytes(finished)
            view_index = _bytes(finished, _is_index)
            finished.clear()
            page.evaluate(_INSTRUMENT, results)
            page.locator(opener).first.click()
            page.locator(box).wait_for(state="visible")
            first_ms = _type_and_time(page, engine, queries[0])
            first_bytes = _bytes(finished)
            if detail is not None:
                detail.append(f"first query {queries[0]}: {first_ms:.0f} ms; downloaded: " + " ".join(
                    f"{r.url.rsplit('/', 1)[-1].split('?')[0]} {_bytes([r]) / 1e3:.1f}" for r in finished))
            shown = page.locator(f"{results} li").count()
            later = []
            for q in queries[1:]:
                finished.clear()
                later.append(_type_and_time(page, engine, q, detail=detail, finished=finished))
        finally:
            context.close()
    return SearchFigures(engine, view, view_index, first_bytes, first_ms,
                         statistics.median(later) if later else 0.0, max(later, default=0.0), len(later), shown)


def _bytes(requests: list[Any], keep: Any = None) -> int:
    total = 0
    for r in requests:
        if r.url.startswith(("data:", "blob:")) or (keep is not None and not keep(r.url)):
            continue
        sizes = r.sizes()
        total += int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])
    return total


def _first_page(site: Path, engine: str) -> str:
    if engine == "edition":
        first = sorted((site / "briefings").iterdir())[0]
        return f"briefings/{first.name}/"
    pages = sorted(p.parent for p in site.glob("*/index.html") if p.parent.name not in {"search", "assets"})
    return f"{pages[0].name}/"


# -- a plain Material site of the same texts, for the comparison -------------------------------------

PLAIN_MKDOCS_YML = """site_name: Plain Material build (search comparison)
theme:
  name: material
  language: ar
  font: false
plugins:
  - search:
      lang: ar
"""


def build_plain_material(project: Path, dest: Path) -> Path:
    """Material's defaults on the same texts (one page per text: title, then its lines as paragraphs)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .site import load

    corpus = load(project)
    docs = dest / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text("# النصوص\n", encoding="utf-8")
    for b in corpus.briefings:
        text = b.raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        (docs / f"{b.meta.id}.md").write_text(f"# {b.meta.title_ar}\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    build(load_config(config_file=str(dest / "mkdocs.yml"), site_dir=str(dest / "site")))
    return dest / "site"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.search_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="synthetic briefings (ignored with --site)")
    parser.add_argument("--site", type=Path, help="measure this built site only")
    parser.add_argument("--material", type=Path, help="an already built plain Material site of the same texts")
    parser.add_argument("--no-material", action="store_true", help="skip Material's search")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--detail", action="store_true", help="print a line per later query (time, breakdown, files)")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[2]
    sites: list[tuple[str, Path]] = []
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        work = args.work or Path(tmp)
        if args.site:
            sites.append(("this site", args.site))
        else:
            from .site import build_site
            from .synth import synth_project

            project = synth_project(root, args.n, work / f"edition-{args.n}")
            start = time.perf_counter()
            build_site(project, project / "site")
            print(f"search_bench: built the edition, N={args.n}, in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            sites.append((f"edition, N={args.n}", project / "site"))
            if args.material:
                sites.append(("Material's search", args.material))
            elif not args.no_material:
                start = time.perf_counter()
                sites.append(("Material's search", build_plain_material(project, work / f"material-{args.n}")))
                print(f"search_bench: built the plain Material site in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        with chromium() as browser:
            for label, site in sites:
                detail: list[str] = []
                figures = measure_search(site, QUERIES, browser=browser, detail=detail if args.detail else None)
                print(f"{label} ({figures.engine}):")
                for name, value in figures.labelled():
                    print(f"  {name}: {value}")
                print(f"  results shown for {QUERIES[0]!r}: {figures.first_results}")
                for line in detail:
                    print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
