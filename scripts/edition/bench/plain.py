"""The plain build we compare against: the same texts as a default Material for MkDocs site.

One page per text (its title, then its lines as paragraphs), no annotations, no metadata pages,
Material's defaults: built-in search, default navigation (every page listed in every page). Only
`font: false` differs, because this machine cannot reach the third-party font host.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..model import Corpus

MKDOCS_YML = """site_name: Plain Material build (benchmark baseline)
theme:
  name: material
  language: ar
  font: false
"""


def plain_files(corpus: Corpus) -> dict[str, bytes]:
    """Every file of the plain project (mkdocs.yml and docs/), keyed by path (pure)."""
    out = {"mkdocs.yml": MKDOCS_YML.encode(),
           "docs/index.md": "# النصوص\n\nنصوص الاجتماعات، صفحة لكل نص.\n".encode()}
    for b in corpus.briefings:
        text = b.raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
        out[f"docs/{b.meta.id}.md"] = (f"# {b.meta.title_ar}\n\n" + "\n\n".join(paragraphs) + "\n").encode()
    return out


def write_plain(corpus: Corpus, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    for path, data in plain_files(corpus).items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return dest
