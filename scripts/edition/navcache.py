"""Theme caches: the navigation sidebar rendered once per folder instead of once per page, and the
compiled templates kept between the builds of one `mkdocs serve`.

Material renders its whole navigation (partials/nav.html) for every page. For a page that is not in
the navigation (a briefing or an entry page, once the corpus is large), that HTML depends only on the
folder the page is in (links are relative to it), so pages in the same folder share one rendering.
A page that is in the navigation (it is marked active there, with its table of contents) gets its
own. The theme (theme/main.html) falls back to Material's include when the hook is not in use, and
tests/test_perf_units.py checks that the cached build is byte-identical to the uncached one.
"""

from __future__ import annotations

import posixpath
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup


class NavCache:
    def __init__(self) -> None:
        self.cache: dict[str, Markup] = {}

    def key(self, context: Any) -> str:
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None:
            return "\0" + str(id(page))  # not a page (404 and other templates): never shared
        url = str(page.url)
        if page in nav.pages:
            return "page:" + url
        return "folder:" + posixpath.dirname(url.rstrip("/"))

    @jinja2.pass_context
    def __call__(self, context: Any) -> Markup:
        key = self.key(context)
        html = self.cache.get(key)
        if html is None:
            template = context.environment.get_template("partials/nav.html")
            html = Markup(template.render(context.get_all()))
            self.cache[key] = html
        return html


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process. MkDocs makes a new Jinja
    environment for every build, so under `mkdocs serve` each rebuild compiled Material's templates
    again (about 0.3 s); Jinja checks each template's source checksum, so an edited template is
    compiled afresh."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplateCache()
