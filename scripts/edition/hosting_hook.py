"""MkDocs hook: a thin shell that writes robots.txt into the built site (see hosting.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from edition.hosting import robots_txt  # noqa: E402


def on_post_build(config: Any) -> None:
    Path(config.site_dir, "robots.txt").write_text(robots_txt(config.site_url), encoding="utf-8")
