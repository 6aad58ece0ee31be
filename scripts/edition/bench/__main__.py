"""`scripts/bench`: build synthetic corpora of N briefings with the real build and with a plain
Material build of the same texts, and print (and write to a Markdown report with a chart) the time,
memory, size, page weight, generation rate and search figures side by side, with the targets.

    scripts/bench                      # sizes 10, 100, 1000 and the serve loop at 100
    scripts/bench --sizes 10,100 --serve-size 0
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from ..cite import Site
from ..pipeline import Inputs, load_corpus, page_files
from ..search_bench import chromium
from ..synth import synth_project
from .measure import Run, timed, tree_bytes, view_weights
from .plain import write_plain
from .report import BuildFigures, SizeResult, chart_svg, report_markdown

ROOT = Path(__file__).resolve().parents[3]


def generation_seconds(project: Path) -> float:
    """Text → every generated Markdown page (validation, parsing, ids, annotations, the texts' pages,
    hubs, home, the entry pages and indexes of the annotations, raw copies, redirects): what
    `pipeline.page_files` gives MkDocs. Best of five, CPU time of this process, the files already
    read (other work on the machine only ever adds to a run's time, so the fastest run is the
    closest to the stage's own cost). The search index and the data exports are not Markdown and are left out here (they are in
    the build time)."""
    inputs = Inputs.from_dir(project)
    site = Site("bench", None)
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        page_files(load_corpus(inputs), site)
        best = min(best, time.process_time() - start)
    return best


def data_bytes(site: Path) -> int:
    """The downloadable copies of the texts: raw sources, per-briefing JSON records, corpus exports."""
    total = tree_bytes(site / "sources") if (site / "sources").is_dir() else 0
    total += tree_bytes(site / "data") if (site / "data").is_dir() else 0
    return total + sum(p.stat().st_size for p in (site / "briefings").glob("*.json"))


def _search(site: Path, page: str, browser: object) -> tuple[tuple[tuple[str, str], ...], tuple[int, int, float, float] | None]:
    from ..search_bench import measure_search

    try:
        f = measure_search(site, page_path=page, browser=browser)
    except Exception as exc:  # noqa: BLE001 (shown in the report as the failure it is; the other figures still count)
        print(f"bench: search measurement failed on {site}: {exc}", file=sys.stderr)
        return (("search measurement", f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"),), None
    return f.labelled(), (f.page_view_index_bytes, f.first_query_bytes, f.first_query_ms, f.later_max_ms)


def _figures(site: Path, page: str, run: Run, browser: object, search: bool, data: int) -> BuildFigures:
    raw, packed = view_weights(browser, site, page)
    labelled, numbers = _search(site, page, browser) if search else ((), None)
    html = (site / page / "index.html").stat().st_size
    return BuildFigures(run.seconds, run.cpu_seconds, run.peak_rss_bytes, tree_bytes(site), html,
                        raw.transfer_bytes, packed.transfer_bytes, packed.requests, packed.search_index_bytes,
                        labelled, numbers, data)


def measure_size(n: int, work: Path, browser: object, log: bool = True, search: bool = True) -> SizeResult:
    """Everything for one N: generate, time the real build and the plain one, weigh one page, search."""
    start = time.perf_counter()
    project = synth_project(ROOT, n, work / f"edition-{n}")
    generator_s = time.perf_counter() - start
    generation_s = generation_seconds(project)
    corpus = load_corpus(Inputs.from_dir(project))
    first = corpus.briefings[0].meta.id
    source_bytes = sum(len(b.raw) for b in corpus.briefings)
    plain_dir = write_plain(corpus, work / f"plain-{n}")
    del corpus

    run = timed([str(project / "scripts" / "build")], cwd=project)
    if log:
        print(f"  N={n}: ours built in {run.seconds:.1f} s", file=sys.stderr)
    site = project / "site"
    edition = _figures(site, f"briefings/{first}/", run, browser, search, data_bytes(site))

    prun = timed([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=plain_dir)
    if log:
        print(f"  N={n}: plain built in {prun.seconds:.1f} s", file=sys.stderr)
    plain = _figures(plain_dir / "site", f"{first}/", prun, browser, search, 0)
    return SizeResult(n, source_bytes, generator_s, generation_s, edition, plain)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated numbers of briefings")
    parser.add_argument("--serve-size", type=int, default=100, help="briefings for the serve loop (0: skip it)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench", help="report folder")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    parser.add_argument("--no-search", action="store_true", help="skip the search figures")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    command = "scripts/bench" + ("" if argv is None and len(sys.argv) == 1 else " " + " ".join(
        sys.argv[1:] if argv is None else argv))
    out: Path = args.out
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    results = []
    serve = None
    started = time.perf_counter()
    with chromium() as browser:
        for n in sizes:
            print(f"bench: N={n}", file=sys.stderr)
            results.append(measure_size(n, work, browser, search=not args.no_search))
            if not args.keep:
                shutil.rmtree(work / f"edition-{n}")
                shutil.rmtree(work / f"plain-{n}")
        chart = out / "bench.svg"
        chart.write_text(chart_svg(results), encoding="utf-8")
        shot = browser.new_page(viewport={"width": 840, "height": 300})
        shot.goto(chart.resolve().as_uri())
        shot.screenshot(path=str(out / "bench.png"))
        shot.close()
    if args.serve_size > 0:
        from .serveloop import serve_loop

        print(f"bench: serve loop at N={args.serve_size}", file=sys.stderr)
        project = synth_project(ROOT, args.serve_size, work / f"serve-{args.serve_size}")
        corpus = load_corpus(Inputs.from_dir(project))
        b = corpus.briefings[0]
        serve = (args.serve_size, serve_loop(project, f"briefings/{b.meta.id}/", b.meta.seed))
        if not args.keep:
            shutil.rmtree(project)
    text = report_markdown(results, serve, command)
    (out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"bench: report in {out / 'report.md'}, chart in {out / 'bench.png'} "
          f"({time.perf_counter() - started:.0f} s in all)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
