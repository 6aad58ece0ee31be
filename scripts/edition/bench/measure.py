"""Measuring one build: wall time and peak memory of a command, size of a site, and what a reader's
browser downloads to view one page (headless Chromium, served locally with and without gzip)."""

from __future__ import annotations

import gzip
import http.server
import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# Compressed by the local server, as static hosts do; fonts and images are sent as they are.
COMPRESSIBLE = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
                ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8"}
OTHER_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".png": "image/png",
               ".ico": "image/x-icon", ".jpg": "image/jpeg", ".wasm": "application/wasm"}
# A page view's requests for a search index are counted apart ("search index excluded").
SEARCH_INDEX_MARKERS = ("search_index.json", "/pagefind/", "/search/index")


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the command and its descendants (steadier on a shared machine)
    peak_rss_bytes: int  # largest resident set of the process or any of its descendants
    output: str


# Runs the command and reports its wall time and peak memory. A small process of its own does the
# waiting: a child's ru_maxrss starts at its parent's resident size (fork and exec carry the
# high-water mark over), so the benchmark, which holds a whole corpus, must not be that parent.
_WAITER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as f:
    json.dump({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
               "exit": os.waitstatus_to_exitcode(status)}, f)
"""


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `cmd`, fail loudly on a non-zero exit; wall time and peak memory (ru_maxrss of the command
    and of every descendant it waited for), measured by a small waiting process."""
    with tempfile.TemporaryDirectory() as tmp, (Path(tmp) / "out").open("w+b") as out:
        figures = Path(tmp) / "figures.json"
        subprocess.run([sys.executable, "-S", "-c", _WAITER, str(figures), *cmd], cwd=cwd, env=env,
                       stdout=out, stderr=subprocess.STDOUT, check=False)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
        if not figures.exists():
            raise RuntimeError(f"{' '.join(cmd)} could not be started in {cwd}:\n{output[-4000:]}")
        result = json.loads(figures.read_text())
    if result["exit"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result['exit']}) in {cwd}:\n{output[-4000:]}")
    return Run(float(result["seconds"]), float(result["cpu"]), int(result["maxrss_kb"]) * 1024, output)


def tree_bytes(folder: Path) -> int:
    """Total size of the files under `folder` (apparent sizes; symlinks not followed)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


class _Handler(http.server.BaseHTTPRequestHandler):
    root: Path
    compress: bool
    cache: dict[Path, bytes]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = Path(unquote(urlsplit(self.path).path).lstrip("/"))
        target = (self.root / path).resolve()
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_relative_to(self.root) or not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes()
        kind = COMPRESSIBLE.get(target.suffix) or OTHER_TYPES.get(target.suffix, "application/octet-stream")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if self.compress and target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            if target not in self.cache:
                self.cache[target] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.cache[target]
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(site: Path, compress: bool) -> Iterator[str]:
    """Serve `site` on an ephemeral loopback port; gzip text types when `compress`. Yields the base URL."""
    handler = type("Handler", (_Handler,), {"root": site.resolve(), "compress": compress, "cache": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class PageWeight:
    transfer_bytes: int  # response bodies as transferred plus response headers, search index excluded
    requests: int
    search_index_bytes: int  # what the page view fetched for a search index (reported apart)


def page_weight(browser: Any, url: str) -> PageWeight:
    """Open `url` in a fresh context (cold cache), wait until the network is idle, sum the responses."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    finished: list[Any] = []
    context.on("requestfinished", lambda request: finished.append(request))
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        total = index = 0
        for request in finished:
            if request.url.startswith(("data:", "blob:")):
                continue
            sizes = request.sizes()
            size = int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])
            if any(marker in request.url for marker in SEARCH_INDEX_MARKERS):
                index += size
            else:
                total += size
        return PageWeight(total, len(finished), index)
    finally:
        context.close()


def view_weights(browser: Any, site: Path, page_path: str) -> tuple[PageWeight, PageWeight]:
    """(raw, gzip) weights of viewing `page_path` of `site`."""
    with serving(site, compress=False) as base:
        raw = page_weight(browser, base + page_path)
    with serving(site, compress=True) as base:
        packed = page_weight(browser, base + page_path)
    return raw, packed
