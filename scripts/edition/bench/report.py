"""The benchmark's figures, their targets and the report (Markdown table and SVG chart): pure functions."""

from __future__ import annotations

from dataclasses import dataclass

# Targets (issue 7), as ratios to the plain build measured in the same run.
BUILD_RATIO = 0.5
SITE_RATIO = 0.15
VIEW_BYTES = 150 * 1024
GENERATION_BYTES_PER_S = 10 * 1024 * 1024
SERVE_SECONDS = 3.0
# Search targets (issue 4), at the largest N.
SEARCH_FIRST_BYTES = 300 * 1024
SEARCH_FIRST_MS = 300.0
SEARCH_LATER_MS = 50.0


@dataclass(frozen=True)
class BuildFigures:
    build_s: float
    build_cpu_s: float
    peak_rss_bytes: int
    site_bytes: int
    page_html_bytes: int  # the HTML of one briefing page
    view_raw_bytes: int  # viewing that page, served uncompressed (search index excluded)
    view_gzip_bytes: int  # the same, served with gzip like a static host
    view_requests: int
    view_index_bytes: int  # search index fetched by the page view (gzip), reported apart
    search: tuple[tuple[str, str], ...] = ()  # labelled figures from search_bench.measure_search
    # (page view's search-index bytes, first query bytes, first query ms, later queries' max ms) or None
    search_numbers: tuple[int, int, float, float] | None = None
    data_bytes: int = 0  # downloadable copies of the texts: sources/*.txt, briefings/*.json, data/


@dataclass(frozen=True)
class SizeResult:
    n: int
    source_bytes: int  # bytes of source text in the corpus
    generator_s: float  # writing the synthetic project
    generation_s: float  # text → Markdown pages, annotations included: CPU seconds in process (best of five)
    edition: BuildFigures
    plain: BuildFigures

    @property
    def generation_rate(self) -> float:
        return self.source_bytes / self.generation_s if self.generation_s > 0 else float("inf")


def _mb(b: float) -> str:
    return f"{b / 1e6:.1f}"


def _kb(b: float) -> str:
    return f"{b / 1024:.0f}"


def _ok(met: bool) -> str:
    return "met" if met else "**NOT met**"


def marginal_bytes_per_briefing(results: list[SizeResult]) -> list[tuple[int, int, float]]:
    """(N from, N to, site bytes added per briefing) between consecutive sizes: constant when growth is linear."""
    rs = sorted(results, key=lambda r: r.n)
    return [(a.n, b.n, (b.edition.site_bytes - a.edition.site_bytes) / (b.n - a.n)) for a, b in zip(rs, rs[1:], strict=False)]


def targets(results: list[SizeResult], serve: tuple[float, ...] | None) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for every target of issues 7 and 4; build and size at the largest N."""
    if not results:
        return []
    big = max(results, key=lambda r: r.n)
    e, p = big.edition, big.plain
    build = e.build_s / p.build_s
    cpu = e.build_cpu_s / p.build_cpu_s
    size = e.site_bytes / p.site_bytes
    reading = (e.site_bytes - e.data_bytes) / p.site_bytes
    view = max(r.edition.view_gzip_bytes for r in results)
    out = [
        (f"full build at N={big.n} ≤ {BUILD_RATIO} × plain (wall-clock time)", f"{build:.2f} ×", build <= BUILD_RATIO),
        (f"full build at N={big.n} ≤ {BUILD_RATIO} × plain (CPU time, steadier when other work shares the machine)",
         f"{cpu:.2f} ×", cpu <= BUILD_RATIO),
        (f"site size at N={big.n} ≤ {SITE_RATIO} × plain (every file)", f"{size:.3f} ×", size <= SITE_RATIO),
        (f"site size at N={big.n} ≤ {SITE_RATIO} × plain, without the downloadable copies of the texts "
         "(sources/*.txt, briefings/*.json, data/), which the plain build does not have",
         f"{reading:.3f} ×", reading <= SITE_RATIO),
        (f"viewing a briefing page ≤ {VIEW_BYTES // 1024} KB at every N (gzip transfer)", f"{_kb(view)} KB",
         view <= VIEW_BYTES),
        (f"generation ≥ {GENERATION_BYTES_PER_S // 2**20} MB/s of source text (N={big.n})",
         f"{big.generation_rate / 2**20:.1f} MB/s", big.generation_rate >= GENERATION_BYTES_PER_S),
    ]
    marg = marginal_bytes_per_briefing(results)
    if len(marg) >= 2:
        values = [m for _, _, m in marg]
        spread = max(values) / min(values) if min(values) > 0 else float("inf")
        out.append(("linear site growth (bytes per added briefing within 1.5× across sizes)",
                    ", ".join(f"{a}→{b}: {_kb(m)} KB" for a, b, m in marg), spread <= 1.5))
    if e.search_numbers is not None:
        index, first_bytes, first_ms, later_max = e.search_numbers
        out += [(f"search at N={big.n}: a page view downloads no search index", f"{_kb(index)} KB", index == 0),
                (f"search at N={big.n}: first query downloads ≤ {SEARCH_FIRST_BYTES // 1024} KB",
                 f"{_kb(first_bytes)} KB", first_bytes <= SEARCH_FIRST_BYTES),
                (f"search at N={big.n}: first query's results ≤ {SEARCH_FIRST_MS:.0f} ms after the last keystroke",
                 f"{first_ms:.0f} ms", first_ms <= SEARCH_FIRST_MS),
                (f"search at N={big.n}: later queries ≤ {SEARCH_LATER_MS:.0f} ms (the slowest)",
                 f"{later_max:.0f} ms", later_max <= SEARCH_LATER_MS)]
    elif e.search:
        out.append((f"search at N={big.n}: measured", "failed (see the search table)", False))
    if serve:
        out.append(("mkdocs serve --dirty (scripts/serve): a saved seed shows on the page "
                    f"< {SERVE_SECONDS:.0f} s (the slowest save)",
                    f"{max(serve):.2f} s", max(serve) < SERVE_SECONDS))
    return out


def report_markdown(results: list[SizeResult], serve: tuple[int, tuple[float, ...]] | None, command: str) -> str:
    rs = sorted(results, key=lambda r: r.n)
    lines = [f"Produced by `{command}`. Ours = the real build (`scripts/build`: pages, annotations, search index, "
             "exports); plain = a default Material build of the same texts (one page per text, built-in search, "
             "default navigation). Peak memory is the largest resident set of the build process or any child. "
             "Data = the downloadable copies of the texts (sources/*.txt, briefings/*.json, data/). "
             "Viewing = bytes a reader's headless Chromium downloads for one briefing page (response bodies and "
             "headers; fonts included, search index excluded), served by a local server uncompressed (raw) and "
             "with gzip for text types like any static host (gz).", "",
             "| N | source MB | generator s | build s ours / plain (ratio) | build CPU s ours / plain (ratio) "
             "| peak MB ours / plain "
             "| site MB ours / plain (ratio) | of which data MB | site KB per briefing ours / plain "
             "| page HTML KB ours / plain | viewing KB ours raw / gz | viewing KB plain raw / gz "
             "| generation MB/s (CPU time, best of 5) |",
             "|---:|---:|---:|---|---|---|---|---:|---|---|---|---|---:|"]
    for r in rs:
        e, p = r.edition, r.plain
        lines.append(
            f"| {r.n} | {_mb(r.source_bytes)} | {r.generator_s:.2f} | {e.build_s:.1f} / {p.build_s:.1f} "
            f"({e.build_s / p.build_s:.2f}) | {e.build_cpu_s:.1f} / {p.build_cpu_s:.1f} ({e.build_cpu_s / p.build_cpu_s:.2f}) "
            f"| {_mb(e.peak_rss_bytes)} / {_mb(p.peak_rss_bytes)} "
            f"| {_mb(e.site_bytes)} / {_mb(p.site_bytes)} ({e.site_bytes / p.site_bytes:.3f}) | {_mb(e.data_bytes)} "
            f"| {_kb(e.site_bytes / r.n)} / {_kb(p.site_bytes / r.n)} | {_kb(e.page_html_bytes)} / {_kb(p.page_html_bytes)} "
            f"| {_kb(e.view_raw_bytes)} / {_kb(e.view_gzip_bytes)} | {_kb(p.view_raw_bytes)} / {_kb(p.view_gzip_bytes)} "
            f"| {r.generation_rate / 2**20:.1f} |")
    marg = marginal_bytes_per_briefing(rs)
    if marg:
        lines += ["", "Bytes added per briefing (ours): " + ", ".join(f"N {a}→{b}: {_kb(m)} KB" for a, b, m in marg) + "."]
    lines += ["", "Search (headless Chromium, through the search box; `edition.search_bench`):", ""]
    labels = list(dict.fromkeys(label for r in rs for f in (r.edition, r.plain) for label, _ in f.search))
    if labels:
        lines += ["| N | build | " + " | ".join(labels) + " |", "|---:|---|" + "---|" * len(labels)]
        for r in rs:
            for name, f in (("ours", r.edition), ("plain (Material's search)", r.plain)):
                values = dict(f.search)
                lines.append(f"| {r.n} | {name} | " + " | ".join(values.get(label, "n/a") for label in labels) + " |")
    else:
        lines.append("n/a (search not measured)")
    if serve:
        n, times = serve
        lines += ["", f"Maintainer loop (`mkdocs serve --dirty`, as scripts/serve runs it, {n} briefings): "
                  "saving a seed shows the updated page after "
                  + ", ".join(f"{t:.2f}" for t in times) + " s."]
    lines += ["", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {_ok(met)} |" for name, value, met in targets(rs, serve[1] if serve else None)]
    lines += ["", export_floor(rs)]
    return "\n".join(lines) + "\n"


def export_floor(results: list[SizeResult]) -> str:
    """What the downloadable copies of the texts (issue 5: raw text, JSON record per briefing, corpus
    JSON, paragraphs CSV) weigh against the plain build at the largest N: a floor under the site-size
    ratio that no page or index trimming can lower."""
    big = max(results, key=lambda r: r.n)
    e, p = big.edition, big.plain
    floor = e.data_bytes / p.site_bytes
    verdict = "above" if floor > SITE_RATIO else "within"
    return (f"Size floor at N={big.n}: the downloadable copies of the texts alone are {_mb(e.data_bytes)} MB "
            f"({_kb(e.data_bytes / big.n)} KB per briefing for {_kb(big.source_bytes / big.n)} KB of source text), "
            f"{floor:.3f} × the plain build: {verdict} the {SITE_RATIO} × site-size target before any page is counted.")


def chart_svg(results: list[SizeResult]) -> str:
    """Build time and site size against N (log-log), ours and plain, as a self-contained SVG."""
    import math

    rs = sorted(results, key=lambda r: r.n)
    w, h, pad = 420, 300, 50
    panels = [("build time (s)", [(r.n, r.edition.build_s) for r in rs], [(r.n, r.plain.build_s) for r in rs]),
              ("site size (MB)", [(r.n, r.edition.site_bytes / 1e6) for r in rs],
               [(r.n, r.plain.site_bytes / 1e6) for r in rs])]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * w}" height="{h}" font-family="sans-serif" '
             'font-size="12"><rect width="100%" height="100%" fill="white"/>']
    for i, (title, ours, plain) in enumerate(panels):
        x0 = i * w
        values = [v for _, v in ours + plain if v > 0]
        ns = [n for n, _ in ours]
        if not values or not ns:
            continue
        lo_n, hi_n = math.log10(min(ns)), math.log10(max(ns)) + 1e-9
        lo_v, hi_v = math.log10(min(values)) - 0.1, math.log10(max(values)) + 0.1

        def xy(n: float, v: float, x0: int = x0, lo_n: float = lo_n, hi_n: float = hi_n,
               lo_v: float = lo_v, hi_v: float = hi_v) -> str:
            x = x0 + pad + (math.log10(n) - lo_n) / max(hi_n - lo_n, 1e-9) * (w - 2 * pad)
            y = h - pad - (math.log10(max(v, 1e-9)) - lo_v) / (hi_v - lo_v) * (h - 2 * pad)
            return f"{x:.1f},{y:.1f}"

        parts.append(f'<text x="{x0 + w / 2}" y="20" text-anchor="middle">{title} against N (log-log)</text>')
        parts.append(f'<line x1="{x0 + pad}" y1="{h - pad}" x2="{x0 + w - pad}" y2="{h - pad}" stroke="black"/>')
        parts.append(f'<line x1="{x0 + pad}" y1="{pad}" x2="{x0 + pad}" y2="{h - pad}" stroke="black"/>')
        for n in ns:
            x = xy(n, 10 ** lo_v).split(",")[0]
            parts.append(f'<text x="{x}" y="{h - pad + 16}" text-anchor="middle">{n}</text>')
        for v in sorted({min(values), max(values)}):
            y = xy(ns[0], v).split(",")[1]
            parts.append(f'<text x="{x0 + pad - 4}" y="{y}" text-anchor="end">{v:.3g}</text>')
        for series, colour, name, dy in ((ours, "#283593", "ours", 0), (plain, "#c62828", "plain", 16)):
            points = " ".join(xy(n, v) for n, v in series)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
            parts.append(f'<text x="{x0 + w - pad}" y="{pad + dy}" fill="{colour}" text-anchor="end">{name}</text>')
        parts.append(f'<text x="{x0 + w / 2}" y="{h - 10}" text-anchor="middle">N briefings</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
