"""Which pages an MkDocs build renders: all of them, a share of them, or the changed ones.

MkDocs' dirty build (`build(config, dirty=True)`, `mkdocs serve --dirty`) reads and writes only the
files whose `File.is_modified()` is true. The hook sets that method on every file, from one of two
plans:

- **Shares** (`scripts/build`, site.py): `n` processes build at once. Pages outside the navigation
  (texts, entry pages) are dealt out in turn; pages in the navigation are read by every process
  (their titles are in every page's navigation) and written by the first, which also copies the
  static files.
- **Incremental serve** (`mkdocs serve --dirty`, as `scripts/serve` runs it): after the first build,
  a generated file is written again only when its bytes changed. Pages in the navigation are read
  every time (for their titles) and written only when changed. When anything that every page shows
  changes (the navigation, a title in it, the theme, mkdocs.yml), every page is rebuilt. Pages and
  data files that are no longer generated are removed from the served folder.

Reading is "populate" (Markdown to HTML), writing is "build" (template to file): MkDocs asks
`is_modified()` in both phases; the hook switches the phase in on_env, between the two.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

share: list[tuple[int, int] | None] = [None]  # (k, n) while this process renders share k of n
_phase = ["populate"]


class NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave stale pages (a warning aborts a strict build); the
    plans here start from an empty folder (shares) or remove what is stale (incremental serve)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def pages_populated() -> None:
    """Every page is read (MkDocs' on_env): from now on `is_modified()` answers for writing."""
    _phase[0] = "build"


def _renders(populate: bool, write: bool) -> Callable[[], bool]:
    return lambda: write if _phase[0] == "build" else populate


def nav_paths(item: Any, out: set[str] | None = None) -> set[str]:
    """Every page path named in an MkDocs nav configuration."""
    out = set() if out is None else out
    if isinstance(item, str):
        out.add(item)
    elif isinstance(item, dict):
        for value in item.values():
            nav_paths(value, out)
    elif isinstance(item, list):
        for value in item:
            nav_paths(value, out)
    return out


def share_files(files: Any, config: Any) -> None:
    """Under `build_site`'s shared rendering, mark which files this process reads and writes."""
    _phase[0] = "populate"
    if share[0] is None:
        return
    k, n = share[0]
    nav = nav_paths(config.nav or [])
    others = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in nav)
    owner = {uri: i % n for i, uri in enumerate(others)}
    for f in files:
        if f.is_documentation_page() and f.src_uri in nav:
            populate, write = True, k == 0
        elif f.is_documentation_page():
            populate = write = owner[f.src_uri] == k
        else:
            populate = write = k == 0
        f.is_modified = _renders(populate, write)


class Incremental:
    """The incremental plan of one `mkdocs serve --dirty` process (kept by the hook between builds)."""

    def __init__(self) -> None:
        self.previous: dict[str, bytes] | None = None
        self.signature = b""
        self.stale: list[str] = []
        self.data_paths: set[str] = set()
        self.rebuilt: list[str] = []  # the pages the last build wrote (for tests and the log)

    def plan(self, files: Any, config: Any, generated: dict[str, bytes]) -> None:
        _phase[0] = "populate"
        nav = nav_paths(config.nav or [])
        signature = _signature(config, files, generated, nav)
        full = self.previous is None or signature != self.signature
        previous = self.previous or {}
        self.rebuilt = []
        for f in files:
            if f.src_uri in generated:
                changed = full or previous.get(f.src_uri) != generated[f.src_uri]
                populate = changed or (f.is_documentation_page() and f.src_uri in nav)
            elif f.is_documentation_page():
                changed = full or File.is_modified(f)
                populate = changed or f.src_uri in nav
            else:
                continue  # static files: MkDocs copies those whose source is newer than the copy
            f.is_modified = _renders(populate, changed)
            if changed and f.is_documentation_page():
                self.rebuilt.append(f.src_uri)
        self.stale = [path for path in previous if path not in generated]
        self.previous = dict(generated)
        self.signature = signature

    def remove_stale(self, config: Any, data_paths: set[str]) -> None:
        """After the build: remove the pages and data files this build no longer generates."""
        site = Path(config.site_dir)
        gone = [File.generated(config, path, content=b"").dest_uri for path in self.stale]
        gone += sorted(self.data_paths - data_paths)
        for rel in gone:
            target = site / rel
            target.unlink(missing_ok=True)
            parent = target.parent
            while parent != site and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        self.data_paths = data_paths


def _signature(config: Any, files: Any, generated: dict[str, bytes], nav: set[str]) -> bytes:
    """What every page shows beyond its own content: the navigation and its titles, the theme's
    templates and the configuration."""
    digest = hashlib.blake2b()
    digest.update(json.dumps(config.nav, ensure_ascii=False, sort_keys=True, default=str).encode())
    for path in sorted(nav):
        if path in generated:
            title = get_data(generated[path].decode("utf-8"))[1].get("title")
            digest.update(f"{path}\0{title}\0".encode())
        else:
            f = files.get_file_from_path(path)
            if f is not None and f.abs_src_path:
                digest.update(Path(f.abs_src_path).read_bytes())
    watched = [Path(config.config_file_path)]
    if config.theme.custom_dir:
        watched += sorted(p for p in Path(config.theme.custom_dir).rglob("*") if p.is_file())
    for p in watched:
        digest.update(f"{p}\0{p.stat().st_mtime_ns}\0".encode())
    return digest.digest()
