"""Shared fixtures: project copies, one strict build of the real site, a local HTTP server and a
headless Chromium page that records console errors and every request off the site's host."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = ROOT / "tests" / "artifacts"


def make_project(dest: Path, seeds: dict[str, bytes | str] | None = None, keep_real_seeds: bool = True) -> Path:
    """A copy of the project in `dest` (scripts/ linked, docs/ and seeds/ copied), with extra or
    replaced seed files; a value of "" deletes that file."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    (dest / "scripts").symlink_to(ROOT / "scripts")
    if keep_real_seeds:
        shutil.copytree(ROOT / "seeds", dest / "seeds")
    else:
        (dest / "seeds").mkdir()
    for name, content in (seeds or {}).items():
        path = dest / "seeds" / name
        if content == "":
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(content.encode() if isinstance(content, str) else content)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real seeds built once, strict, exactly as scripts/build does."""
    from edition.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(ROOT, out)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Like a static host: a missing page gets the site's own 404.html (with status 404), the
        one of the first path segment (a site served under a sub-path) or of the root."""
        first = self.path.lstrip("/").split("/", 1)[0]
        candidates = [Path(self.directory) / first / "404.html", Path(self.directory) / "404.html"]
        page = next((c for c in candidates if c.is_file()), None) if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve_dir(directory: Path, prefix: str = "") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on 127.0.0.1 at `/<prefix>/`; returns the server and the site's base URL."""
    root = directory
    if prefix:
        root = directory.parent / f"served-{prefix}"
        if not root.exists():
            root.mkdir()
            (root / prefix).symlink_to(directory)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/" + (f"{prefix}/" if prefix else "")
    return server, base


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    server, base = serve_dir(built_site)
    yield base
    server.shutdown()
    server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is required in CI for the browser tests")
        pytest.skip(f"{CHROMIUM} not installed: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watched:
    """A page plus what it did: console errors, page errors and requests to other hosts."""

    page: Any
    host: str
    console_errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def clean(self) -> None:
        assert not self.console_errors, self.console_errors
        assert not self.offsite, self.offsite


def open_page(browser: Any, base: str, width: int = 1280, height: int = 900, **context: Any) -> Watched:
    ctx = browser.new_context(viewport={"width": width, "height": height}, **context)
    page = ctx.new_page()
    host = base.split("/")[2]
    w = Watched(page, host)
    page.on("console", lambda m: w.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.console_errors.append(str(e)))

    def on_request(request: Any) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if url.split("/")[2] != host:
            w.offsite.append(url)

    page.on("request", on_request)
    return w


@pytest.fixture
def watched(browser: Any, site_url: str) -> Iterator[Watched]:
    w = open_page(browser, site_url)
    yield w
    w.page.context.close()


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Property tests: deterministic (derandomized, no example database) so every run checks the same
# cases. "ci" (the default, used by scripts/test) runs thousands; HYPOTHESIS_PROFILE=dev is quicker.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=2000, derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=200, derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
