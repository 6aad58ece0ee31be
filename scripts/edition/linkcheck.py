"""Link check over the built site: every internal link and `#anchor` must resolve.

Walks every HTML page under the site folder, collects the ids (and `<a name>`) each page defines,
and checks every internal reference: `href` of `<a>`, `<link>` and `<area>`, `src` of `<script>`,
`<img>`, `<iframe>`, `<source>`, and the target of a `<meta http-equiv=refresh>`. A reference is
internal when it is relative, starts with `/`, or points under the configured `site_url`. It
resolves when the file exists (a directory means its `index.html`), and, with a fragment, when
the target page defines that id. `javascript:` URLs are always an error. Nothing is skipped
silently: a reference the checker cannot read is reported too.

    python -m edition.linkcheck site/ [--site-url URL]
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_REFS = {("a", "href"), ("link", "href"), ("area", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
         ("source", "src"), ("embed", "src"), ("form", "action")}
_BASE = "http://site.invalid/"  # a stand-in origin for resolving relative references


@dataclass(frozen=True, order=True)
class Broken:
    page: str
    line: int
    ref: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.ref}: {self.problem}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        line = self.getpos()[0]
        for t, attr in _REFS:
            if tag == t and attr in values:
                self.refs.append((line, values[attr]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _, _, target = values.get("content", "").partition("url=")
            if target:
                self.refs.append((line, target.strip()))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check_site(site: Path, site_url: str = "") -> list[Broken]:
    """Every broken internal reference in the built site at `site`, sorted."""
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}
    prefix = urlsplit(site_url).path if site_url else "/"
    host = urlsplit(site_url).netloc if site_url else ""
    broken: list[Broken] = []
    for rel, page in pages.items():
        here = urljoin(_BASE, prefix.lstrip("/") + rel)
        for line, ref in page.refs:
            ref = ref.strip()
            if ref.lower().startswith("javascript:"):
                broken.append(Broken(rel, line, ref, "a javascript: URL"))
                continue
            parts = urlsplit(ref)
            if parts.scheme in {"mailto", "tel", "data", "blob"}:
                continue
            if parts.scheme in {"http", "https"} or ref.startswith("//"):
                if not host or parts.netloc != host:
                    continue  # another site: not ours to check
                ref = parts.path or "/"
                ref += f"#{parts.fragment}" if parts.fragment else ""
                parts = urlsplit(ref)
            elif parts.scheme:
                broken.append(Broken(rel, line, ref, f"unknown scheme {parts.scheme}:"))
                continue
            target_url = urlsplit(urljoin(here, parts.path)) if parts.path else urlsplit(here)
            path = unquote(target_url.path)
            if not path.startswith(prefix):
                broken.append(Broken(rel, line, ref, f"leaves the site (resolves to {path})"))
                continue
            target = posixpath.normpath(path[len(prefix):]) if path != prefix else "."
            if target.startswith(".."):
                broken.append(Broken(rel, line, ref, f"leaves the site (resolves to {path})"))
                continue
            file = site / target
            if path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append(Broken(rel, line, ref, f"no such file: {file.relative_to(site).as_posix()}"))
                continue
            if parts.fragment:
                key = file.relative_to(site).as_posix()
                ids = pages[key].ids if key in pages else set()
                if key not in pages:
                    broken.append(Broken(rel, line, ref, f"an anchor into {key}, which is not an HTML page"))
                elif unquote(parts.fragment) not in ids:
                    broken.append(Broken(rel, line, ref, f"no id {unquote(parts.fragment)!r} in {key}"))
    return sorted(set(broken))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.linkcheck", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--site-url", default="")
    args = parser.parse_args(argv)
    broken = check_site(args.site, args.site_url)
    for b in broken:
        print(b, file=sys.stderr)
    pages = sum(1 for _ in args.site.rglob("*.html"))
    print(f"{len(broken)} broken link(s) or anchor(s) in {pages} pages")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
