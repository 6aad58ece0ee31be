"""`mkdocs serve` picks up an edit to a seed without a restart, and does not rebuild in a loop."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port, make_project

pytestmark = pytest.mark.slow


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (loopback)
            return str(r.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, words: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if words in fetch(url):
            return True
        time.sleep(0.3)
    return False


# Plain `mkdocs serve` rebuilds every page; `--dirty` (scripts/serve) only what changed (renderplan.py).
SERVE_MODES = [pytest.param([], id="full"), pytest.param(["--dirty"], id="incremental")]


@pytest.mark.parametrize("mode", SERVE_MODES)
def test_serve_picks_up_a_seed_edit_without_a_reload_loop(tmp_path: Path, mode: list[str]) -> None:
    project = make_project(tmp_path / "p")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *mode, "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT)
    try:
        page = f"http://127.0.0.1:{port}/briefings/washington-2019-pompeo-speech-report/"
        assert wait_for(page, "مصدر دبلوماسي", 60), (tmp_path / "serve.log").read_text()
        text = project / "seeds" / "003_edb1e7ae2f850001.txt"
        text.write_bytes(text.read_bytes() + "فقرة أضيفت أثناء التشغيل.\n".encode())
        assert wait_for(page, "فقرة أضيفت أثناء التشغيل.", 30), (tmp_path / "serve.log").read_text()
        time.sleep(2)
        builds = (tmp_path / "serve.log").read_text().count("Building documentation")
        assert builds >= 2, "the initial build and the rebuild after the edit are logged"
        time.sleep(5)
        assert (tmp_path / "serve.log").read_text().count("Building documentation") == builds, "rebuild loop"
        if mode:
            counts = re.findall(r"Incremental build: (\d+) of (\d+) pages", (tmp_path / "serve.log").read_text())
            assert len(counts) == builds and counts[0][0] == counts[0][1], "the first build renders every page"
            rebuilt, total = map(int, counts[-1])
            # The edited text, and the entry pages whose excerpts changed; not the other texts.
            assert 1 <= rebuilt < total // 4, counts
            other = f"http://127.0.0.1:{port}/briefings/rome-2021-ukraine-gate-report/"
            assert "تقرير بوابة أوكرانيا" in fetch(other), "an unchanged page is still served"
            assert "فقرة أضيفت أثناء التشغيل." not in fetch(other)
        assert not any((project / "docs").rglob("*.md")) or sorted(
            p.name for p in (project / "docs").rglob("*.md")) == ["about.md"], "nothing written into docs/"
    finally:
        server.terminate()
        server.wait(10)
        log.close()
