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

from ..pipeline import Inputs, load_corpus, site_files
from ..synth import synth_project
from .measure import chromium, timed, tree_bytes, view_weights
from .plain import write_plain
from .report import BuildFigures, SizeResult, chart_svg, report_markdown

ROOT = Path(__file__).resolve().parents[3]


def generation_seconds(project: Path) -> float:
    """Text → Markdown pages (the pipeline, annotations included), best of two, files already read."""
    inputs = Inputs.from_dir(project)
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        site_files(load_corpus(inputs))
        best = min(best, time.perf_counter() - start)
    return best


def measure_size(n: int, work: Path, browser: object, log: bool = True) -> SizeResult:
    """Everything for one N: generate, time the real build and the plain one, weigh one page."""
    start = time.perf_counter()
    project = synth_project(ROOT, n, work / f"edition-{n}")
    generator_s = time.perf_counter() - start
    corpus = load_corpus(Inputs.from_dir(project))
    generation_s = generation_seconds(project)
    first = corpus.briefings[0].meta.id

    run = timed([str(project / "scripts" / "build")], cwd=project)
    site = project / "site"
    page = f"briefings/{first}/"
    raw, packed = view_weights(browser, site, page)
    edition = BuildFigures(run.seconds, run.peak_rss_bytes, tree_bytes(site), (site / page / "index.html").stat().st_size,
                           raw.transfer_bytes, packed.transfer_bytes, packed.requests, packed.search_index_bytes)
    if log:
        print(f"  N={n}: ours built in {run.seconds:.1f} s", file=sys.stderr)

    plain_dir = write_plain(corpus, work / f"plain-{n}")
    prun = timed([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=plain_dir)
    psite = plain_dir / "site"
    ppage = f"{first}/"
    praw, ppacked = view_weights(browser, psite, ppage)
    plain = BuildFigures(prun.seconds, prun.peak_rss_bytes, tree_bytes(psite), (psite / ppage / "index.html").stat().st_size,
                         praw.transfer_bytes, ppacked.transfer_bytes, ppacked.requests, ppacked.search_index_bytes)
    if log:
        print(f"  N={n}: plain built in {prun.seconds:.1f} s", file=sys.stderr)
    source_bytes = sum(len(b.raw) for b in corpus.briefings)
    return SizeResult(n, source_bytes, generator_s, generation_s, edition, plain)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated numbers of briefings")
    parser.add_argument("--serve-size", type=int, default=100, help="briefings for the serve loop (0: skip it)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench", help="report folder")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
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
            results.append(measure_size(n, work, browser))
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
