"""Steps that run on the built HTML after MkDocs (search index, exports); none yet beyond a check."""

from __future__ import annotations

from pathlib import Path


def after_build(root: Path, site_dir: Path) -> None:
    if not (site_dir / "index.html").exists():
        raise RuntimeError(f"{site_dir}: the build wrote no index.html")
