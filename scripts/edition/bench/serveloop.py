"""The maintainer loop: under `mkdocs serve --dirty` (as scripts/serve runs it: only the pages an
edit changes are rebuilt, renderplan.py), how long from saving a seed to seeing the updated page.

The page is open in headless Chromium with MkDocs' live reload; a paragraph is appended to the
seed text and the clock stops when the reloaded page shows it. Repeated a few times.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ..search_bench import chromium

MARKER = "فقرة أضيفت للقياس رقم {k}."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _up(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (loopback)
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def serve_loop(project: Path, page_path: str, seed_file: str, edits: int = 3) -> tuple[float, ...]:
    """Seconds from each save of `seeds/<seed_file>` to the updated page in the browser."""
    port = _free_port()
    log_path = project / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/{page_path}"
            if not _up(url, 300):
                raise RuntimeError(f"mkdocs serve did not come up:\n{log_path.read_text()[-3000:]}")
            times = []
            with chromium() as browser:
                page = browser.new_page()
                page.goto(url, wait_until="load")
                seed = project / "seeds" / seed_file
                for k in range(1, edits + 1):
                    marker = MARKER.format(k=k)
                    seed.write_bytes(seed.read_bytes() + f"{marker}\n".encode())
                    start = time.perf_counter()
                    deadline = start + 60
                    while True:
                        try:
                            if page.evaluate("m => !!document.body && document.body.innerText.includes(m)", marker):
                                break
                        except Exception as exc:  # noqa: BLE001 (the page navigates while it reloads: try again)
                            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                                raise
                        if time.perf_counter() > deadline:
                            raise RuntimeError(f"edit {k} not shown within 60 s:\n{log_path.read_text()[-3000:]}")
                        time.sleep(0.05)
                    times.append(time.perf_counter() - start)
                    page.wait_for_timeout(1500)  # let the server settle before the next save
            return tuple(times)
        finally:
            server.terminate()
            server.wait(30)
