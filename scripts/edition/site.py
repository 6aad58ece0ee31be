"""Disk-facing wrappers around the pipeline: load from a project folder, write the Markdown tree,
build the static site atomically, update the id lock. The pipeline itself writes nothing."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from . import renderplan
from .cite import Site
from .errors import EditionError, Problem
from .ids import LOCK_FILE, Lock, LockedPage, read_lock, write_lock
from .model import Corpus
from .pipeline import Inputs, briefing_address, data_files, generated_addresses, load_corpus, page_files, site_files

# The last corpus loaded, keyed by a digest of every input file: `build_site` loads (to fail early)
# and then the MkDocs hook loads the same files again; a large corpus is then parsed once, not twice.
_last: tuple[bytes, Corpus] | None = None


def load(root: Path) -> Corpus:
    global _last
    if not (root / "seeds").is_dir():
        raise EditionError([Problem("seeds", 0, "", "the seeds/ folder is missing")])
    inputs = Inputs.from_dir(root)
    digest = hashlib.blake2b()
    for path, data in inputs.files.items():
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    key = digest.digest()
    if _last is not None and _last[0] == key:
        return _last[1]
    corpus = load_corpus(inputs)
    _last = (key, corpus)
    return corpus


# The last generated page files, keyed by the corpus they came from and the site: `build_site` makes
# them before MkDocs starts (to fail early) and the hook then takes the same files, not a second copy.
_last_pages: tuple[Corpus, Site, dict[str, bytes]] | None = None


def generated_files(corpus: Corpus, site: Site) -> dict[str, bytes]:
    """The files the MkDocs hook adds (`page_files`), made once per loaded corpus and site."""
    global _last_pages
    if _last_pages is not None and _last_pages[0] is corpus and _last_pages[1] == site:
        return _last_pages[2]
    files = page_files(corpus, site)
    _last_pages = (corpus, site, files)
    return files


def _write_files(files: dict[str, bytes], dest: Path) -> None:
    for path, content in files.items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _write_data_files(corpus: Corpus, site: Site, dest: Path) -> None:
    """In the child process: the data files, written under `dest`."""
    _write_files(data_files(corpus, site), dest)


class DataFiles:
    """The data files (search index, exports) of one corpus and site, made by a forked child on
    another core while MkDocs renders the pages, then moved into the built site (on a machine with
    one core, or without fork, they are made in this process when they are collected)."""

    def __init__(self, corpus: Corpus, site: Site, staging_parent: Path) -> None:
        self.corpus, self.site = corpus, site
        staging_parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".data-", dir=staging_parent))
        self.child: Any = None
        self.collected = False
        if "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1:
            self.child = multiprocessing.get_context("fork").Process(
                target=_write_data_files, args=(corpus, site, self.staging), daemon=True)
            self.child.start()

    def move_into(self, site_dir: Path, replace: bool = False) -> set[str]:
        """Wait for the files and move them into the built site; their paths. A data file never
        replaces a page (`replace`: files of the previous build in the same folder are replaced)."""
        self.collected = True
        moved: set[str] = set()
        try:
            if self.child is None:
                _write_data_files(self.corpus, self.site, self.staging)
            else:
                self.child.join()
                if self.child.exitcode != 0:
                    raise EditionError([Problem("build", 0, "", "making the search index and the data exports "
                                                f"failed (exit code {self.child.exitcode}; see the messages above)")])
            for folder, _, names in os.walk(self.staging):
                rel = Path(folder).relative_to(self.staging)
                (site_dir / rel).mkdir(parents=True, exist_ok=True)
                for name in names:
                    target = site_dir / rel / name
                    if target.exists() and not replace:
                        raise EditionError([Problem("build", 0, "", f"{rel / name}: both a page and a data file")])
                    os.replace(Path(folder) / name, target)
                    moved.add((rel / name).as_posix())
        finally:
            self.stop()
        return moved

    def stop(self) -> None:
        self.collected = True
        if self.child is not None and self.child.is_alive():
            self.child.terminate()
            self.child.join()
        shutil.rmtree(self.staging, ignore_errors=True)


_job: DataFiles | None = None


def data_job(corpus: Corpus, site: Site, staging_parent: Path) -> DataFiles | None:
    """The data files of this corpus and site, being made: started once, by `build_site` before the
    pages (so the child starts as early as possible) or by the hook. None in a process that renders
    a share of the pages for another (`build_site`, below): the first process makes them."""
    global _job
    if renderplan.share[0] is not None and renderplan.share[0][0] != 0:
        return None
    if _job is not None and not _job.collected and _job.corpus is corpus and _job.site == site:
        return _job
    if _job is not None:
        _job.stop()
    _job = DataFiles(corpus, site, staging_parent)
    return _job


# Shared rendering (renderplan.py): `build_site` runs MkDocs in `jobs` processes at once, each
# rendering a share of the pages into its own folder; the first collects the others' pages.
def _render_share(config: Any, k: int, n: int, site_dir: Path) -> None:
    """In a child process: share k of n of the pages, into its own folder."""
    from mkdocs.commands.build import build

    renderplan.share[0] = (k, n)
    config.site_dir = str(site_dir)
    build(config, dirty=True)


def _shared_build(config: Any, site_dir: Path, jobs: int) -> None:
    from mkdocs.commands.build import build

    context = multiprocessing.get_context("fork")
    quiet = renderplan.NoDirtyWarning()
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(quiet)
    children: list[tuple[Any, Path]] = []
    try:
        for k in range(1, jobs):
            folder = Path(tempfile.mkdtemp(prefix=".site-share-", dir=site_dir.parent))
            child = context.Process(target=_render_share, args=(config, k, jobs, folder), daemon=True)
            child.start()
            children.append((child, folder))
        renderplan.share[0] = (0, jobs)
        build(config, dirty=True)
        renderplan.share[0] = None
        for k, (child, folder) in enumerate(children, start=1):
            child.join()
            if child.exitcode != 0:
                raise EditionError([Problem("mkdocs.yml", 0, "", f"the site build failed in the process rendering "
                                            f"share {k + 1} of {jobs} of the pages (see the messages above)")])
            _collect(folder, site_dir)
    finally:
        renderplan.share[0] = None
        logger.removeFilter(quiet)
        for child, folder in children:
            if child.is_alive():
                child.terminate()
                child.join()
            shutil.rmtree(folder, ignore_errors=True)


def _collect(folder: Path, site_dir: Path) -> None:
    """Move another process's pages into the site; what both wrote (the 404 page, the sitemap) must agree."""
    for parent, _, names in os.walk(folder):
        rel = Path(parent).relative_to(folder)
        for name in names:
            source, target = Path(parent) / name, site_dir / rel / name
            if target.exists():
                if target.read_bytes() != source.read_bytes():
                    raise EditionError([Problem("build", 0, "", f"{rel / name}: two processes wrote it differently")])
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)


def default_jobs() -> int:
    """Processes that render pages: two where the machine has two cores and fork, else one."""
    return 2 if "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1 else 1


def site_of(config: Any) -> Site:
    """The site's name and address from a loaded MkDocs config (site_url may be unset)."""
    return Site(str(config.site_name), str(config.site_url) if config.site_url else None)


def configured_site(root: Path) -> Site:
    from mkdocs.config import load_config

    return site_of(load_config(config_file=str(root / "mkdocs.yml")))


def write_markdown(root: Path, out: Path) -> int:
    """The complete docs tree (hand-written docs plus generated pages), for any Markdown renderer."""
    generated = site_files(load(root), configured_site(root))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root / "docs", out)
    _write_files(generated, out)
    return len(generated)


def build_epoch(corpus: Corpus) -> int:
    """The build's date in seconds: SOURCE_DATE_EPOCH when it is set, else the latest date the
    sources give (a meeting's or a publication's), never the clock, so that two builds of the same
    sources are byte-identical on any day."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        if not value.isdigit():
            raise EditionError([Problem("SOURCE_DATE_EPOCH", 0, "", f"{value!r} is not a whole number of seconds")])
        return int(value)
    days = [m.date for m in corpus.meetings] + [b.meta.published for b in corpus.briefings if b.meta.published]
    latest = max(days) if days else date(1970, 1, 1)
    return int(datetime(latest.year, latest.month, latest.day, tzinfo=UTC).timestamp())


def build_site(root: Path, out: Path, jobs: int | None = None) -> None:
    """`mkdocs build --strict` into a fresh folder, then swap it in: a failed build keeps the old site.
    The pages are rendered by `jobs` processes (`default_jobs()`), the data files by one more."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    corpus = load(root)  # fail early, with every located problem, before MkDocs starts
    epoch = build_epoch(corpus)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    job: DataFiles | None = None
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp), strict=True)
        site = site_of(config)
        job = data_job(corpus, site, out.parent)  # search index and exports, on another core
        generated_files(corpus, site)  # the page files, checked; the hook takes these, not a second copy
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # MkDocs' build date (sitemap lastmod, gzip header)
        try:
            if (jobs or default_jobs()) > 1:
                _shared_build(config, tmp, jobs or default_jobs())
            else:
                build(config)
        except MkDocsException as exc:
            raise EditionError([Problem("mkdocs.yml", 0, "", f"the site build failed: {exc}")]) from None
        finally:
            if previous is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous
        from .postbuild import after_build

        after_build(root, tmp)
        old = out.with_name(out.name + ".old")
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if job is not None:
            job.stop()
        if tmp.exists():
            shutil.rmtree(tmp)


def updated_lock(corpus: Corpus, previous: Lock) -> Lock:
    """The lock after this build: every id and address published so far, and today's words."""
    pages = dict(previous.pages)
    for b in corpus.briefings:
        old = previous.pages.get(b.meta.seed)
        address = briefing_address(b.meta.id)
        olds = {*(old.addresses if old else ()), *(a if a.endswith("/") else a + "/" for a in b.meta.old_addresses)}
        pages[b.meta.seed] = LockedPage(
            b.meta.seed, address, tuple(s.id for s in b.sections),
            tuple((p.id, p.text) for p in b.paragraphs), tuple(sorted((r.id, r.to) for r in b.retired)),
            tuple(sorted(olds - {address})))
    addresses = {*previous.addresses, *generated_addresses(page_files(corpus))}
    return Lock(pages, tuple(sorted(addresses)))


def lock_is_current(root: Path) -> bool:
    path = root / LOCK_FILE
    before = path.read_text(encoding="utf-8") if path.exists() else None
    return write_lock(updated_lock(load(root), read_lock(before))) == before


def update_lock(root: Path) -> bool:
    corpus = load(root)
    path = root / LOCK_FILE
    before = path.read_text(encoding="utf-8") if path.exists() else None
    after = write_lock(updated_lock(corpus, read_lock(before)))
    if after != before:
        path.write_text(after, encoding="utf-8")
    return after != before
