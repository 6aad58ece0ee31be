"""MkDocs hook: a thin shell that adds the pipeline's pages to the build as in-memory files.

Nothing is written into docs/ (writing there would make `mkdocs serve` rebuild forever). Under
`mkdocs serve`, seeds/ is watched; a broken edit turns every page into a page listing the
located problems, and the next good edit brings the site back, without restarting the server.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from edition.errors import EditionError  # noqa: E402
from edition.fastblocks import FastParagraphBlocks  # noqa: E402
from edition.navcache import TEMPLATES, NavCache  # noqa: E402
from edition.pipeline import navigation  # noqa: E402
from edition.render import front_matter  # noqa: E402
from edition.renderplan import Incremental, NoDirtyWarning, pages_populated, share_files  # noqa: E402
from edition.site import data_job, generated_files, load, site_of  # noqa: E402

log = logging.getLogger("mkdocs.edition")
_state: dict[str, Any] = {"command": "build", "generated": {}, "last_paths": ["index.md"]}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    if command == "serve" and dirty:  # `mkdocs serve --dirty` (scripts/serve): rebuild what changed
        _state["incremental"] = Incremental()
        logging.getLogger("mkdocs.commands.build").addFilter(NoDirtyWarning())


def error_page(error: EditionError) -> bytes:
    from edition.markup import html

    items = "".join(f"<li><code>{html(str(p))}</code></li>" for p in error.problems)
    return (front_matter({"title": "خطأ في المصادر", "edition": {"type": "error"}})
            + "# تعذّر بناء الموقع {#build-error}\n\n"
            + f'<div class="build-error" dir="ltr" lang="en"><p>The sources have {len(error.problems)} '
            + f"problem(s). Fix them and save: this page reloads by itself.</p><ul>{items}</ul></div>\n").encode()


def on_config(config: Any) -> Any:
    root = Path(config.config_file_path).resolve().parent
    _state["root"] = root
    _state["data"] = None
    try:
        corpus = load(root)
        site = site_of(config)
        # The search index and the data exports: made on another core while MkDocs renders the pages,
        # moved into the site after the build (on_post_build); nothing in the pages' Markdown links them.
        _state["data"] = data_job(corpus, site, Path(config.site_dir).parent)
        generated = generated_files(corpus, site)
    except EditionError as exc:
        if _state["data"] is not None:
            _state["data"].stop()
            _state["data"] = None
        if _state["command"] != "serve":
            raise PluginError(f"{len(exc.problems)} problem(s) in the sources:\n{exc}") from None
        page = error_page(exc)
        _state["generated"] = {path: page for path in _state["last_paths"]}
        _state["generated"].setdefault("index.md", page)
        config.nav = [{"خطأ": "index.md"}]
        return config
    if not any(isinstance(e, FastParagraphBlocks) for e in config.markdown_extensions):
        config.markdown_extensions.append(FastParagraphBlocks())  # same HTML, faster (fastblocks.py)
    _state["generated"] = generated
    _state["last_paths"] = [p for p in _state["generated"] if p.endswith(".md")]
    config.nav = navigation(corpus)
    return config


def on_files(files: Files, config: Any) -> Files:
    for path, content in _state["generated"].items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    if _state.get("incremental") is not None:
        plan = _state["incremental"]
        plan.plan(files, config, _state["generated"])  # only what changed (renderplan.py)
        log.info(f"Incremental build: {len(plan.rebuilt)} of {len(files.documentation_pages())} pages to rebuild")
    else:
        share_files(files, config)  # which pages this process renders, when `scripts/build` shares them out
    return files


def on_env(env: Any, config: Any, files: Files) -> Any:
    pages_populated()
    env.globals["edition_nav"] = NavCache()  # one per build: the navigation may change between builds
    env.bytecode_cache = TEMPLATES  # compiled templates, kept between the builds of `mkdocs serve`
    # JSON in the pages (Material's configuration block, the JSON-LD record) in UTF-8 instead of
    # \uXXXX escapes: a third of the bytes for Arabic. Jinja's tojson still escapes < > & and '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def on_post_build(config: Any) -> None:
    incremental = _state.get("incremental")
    paths = set()
    if _state.get("data") is not None:
        paths = _state["data"].move_into(Path(config.site_dir), replace=incremental is not None)
    if incremental is not None:
        incremental.remove_stale(config, paths)


def on_build_error(error: Exception) -> None:
    if _state.get("data") is not None:
        _state["data"].stop()


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(_state["root"] / "seeds"))
    return server


_HTML_OPEN = '<html lang="ar" class="no-js">'


def _rtl_root(output: str) -> str:
    """Material puts dir only on <body>; the root element carries it too, so every part of the
    document (including what scripts insert outside <body>) is right to left."""
    if _HTML_OPEN not in output:
        raise PluginError(f"expected {_HTML_OPEN!r} in the theme's output: has the theme changed?")
    return output.replace(_HTML_OPEN, '<html lang="ar" dir="rtl" class="no-js">', 1)


# The theme's indentation: white space with a line break in it between two tags (a text node of
# white space only) becomes one line break, outside the article. The page renders the same: such a
# node is one space or nothing in normal flow, and outside <article> there is no preformatted
# element (tests/test_page_compact.py checks the built site). An attribute value would be touched
# only if it held >, a line break and then <: the values in the page chrome are Material's own
# strings and metadata fields, and the metadata loader refuses < and > in those.
_INDENT = re.compile(r">[ \t\r]*\n[ \t\r\n]*<")


def compact(output: str) -> str:
    """The page without the theme's indentation outside the article (the text's own markup is left
    as it is); a page without an article is left as it is."""
    start = output.find("<article")
    end = output.rfind("</article>")
    if start < 0 or end < start:
        return output
    return _INDENT.sub(">\n<", output[:start]) + output[start:end] + _INDENT.sub(">\n<", output[end:])


def on_post_page(output: str, page: Any, config: Any) -> str:
    return compact(_rtl_root(output))


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return _rtl_root(output_content) if template_name.endswith(".html") else output_content
