"""The generated Markdown stands on its own: written to disk, it builds without the hook."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import ROOT
from edition.pipeline import navigation
from edition.site import load, write_markdown


def test_markdown_tree_builds_without_the_hook(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    count = write_markdown(ROOT, docs)
    assert count >= 8
    assert (docs / "briefings" / "rome-2021-us-officials-briefing.md").exists()
    assert (docs / "about.md").read_bytes() == (ROOT / "docs" / "about.md").read_bytes()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"hooks:\n(  - .*\n)+", "", config)  # every hook
    config = config.replace("custom_dir: scripts/edition/theme", f"custom_dir: {ROOT / 'scripts/edition/theme'}")
    config += "\n" + yaml.safe_dump({"nav": navigation(load(ROOT))}, allow_unicode=True)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    cfg = load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    build(cfg)
    page = (tmp_path / "site" / "briefings" / "rome-2021-us-officials-briefing" / "index.html").read_text("utf-8")
    assert 'id="hood"' in page and 'id="p7"' in page
