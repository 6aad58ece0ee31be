"""Source text is untrusted: every character of a paragraph or source heading reaches the reader as
that character, and nothing in a text becomes an element, attribute, include, abbreviation,
footnote, admonition, block, heading, list, quote, code or emphasis.

The property test feeds arbitrary text (every syntax in `hostile.py`, Arabic, bidi controls, any
printable character, any line ends, a BOM) through the whole pipeline: load_corpus (decode, parse,
ids) → site_files (Markdown) → MkDocs' own page rendering with the site's exact Markdown extension
configuration from mkdocs.yml → HTML and table of contents. It then checks that

- the visible text of each paragraph and source heading, in order, is exactly its source line;
- the document's elements and attributes are exactly those of the same page rendered from
  harmless text (same tags, attribute names, classes and ids, in the same order);
- the table of contents (which the theme inserts unescaped) carries the heading as text only.

The number of examples comes from the Hypothesis profile (tests/conftest.py): thousands in
scripts/test, derandomized, no example database, so every run checks the same cases.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from edition.pipeline import Inputs, load_corpus, site_files
from hostile import hostile_line, meetings_yml, meta_yml
from htmltext import Element, parse_html


@cache
def mkdocs_config() -> Any:
    from mkdocs.config import load_config

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    # The plugins' and hooks' on_config may add Markdown extensions (the hook adds one): run them.
    return config.plugins.on_config(config)


def test_the_rendering_uses_every_extension_of_a_real_build() -> None:
    names = {type(e).__name__ if not isinstance(e, str) else e for e in mkdocs_config().markdown_extensions}
    assert {"toc", "attr_list", "FastParagraphBlocks"} <= names, names


def render(lines: list[str], headings: list[int], line_end: str, bom: bool) -> tuple[str, list[Any]]:
    """The briefing page's HTML content and table of contents, exactly as MkDocs renders them."""
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    data = (b"\xef\xbb\xbf" if bom else b"") + line_end.join(lines).encode("utf-8")
    meta = meta_yml("t", [lines[i] for i in headings])
    corpus = load_corpus(Inputs({"seeds/meetings.yml": meetings_yml().encode(), "seeds/t.txt": data,
                                 "seeds/t.meta.yml": meta.encode()}))
    markdown = site_files(corpus)["briefings/t.md"].decode("utf-8")
    config = mkdocs_config()
    file = File("briefings/t.md", src_dir=None, dest_dir="/nonexistent", use_directory_urls=True)
    file.content_string = markdown
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    assert page.content is not None
    return page.content, list(page.toc)


def signature(root: Element) -> list[tuple[str, tuple[str, ...], str, str]]:
    # The renderer's bidi isolation of Latin runs (<bdi>, no attributes) depends on the letters, not on syntax.
    return [(e.tag, tuple(sorted(e.attrs)), e.attrs.get("class", ""), e.attrs.get("id", "")) for e in root.iter()
            if not (e.tag == "bdi" and not e.attrs)]


def shown_texts(root: Element) -> list[str]:
    """Paragraph texts and source headings, in document order, as a reader sees them."""
    out = []
    for e in root.iter():
        if e.tag == "p" and "tx" in e.classes:
            out.append(e.text())
        elif e.tag == "h2" and "src" in e.classes:
            out.append(e.text().removesuffix("¶"))
    return out


def toc_titles(items: list[Any]) -> list[Any]:
    out = []
    for item in items:
        out.append(item.title)
        out += toc_titles(list(item.children))
    return out


@st.composite
def source(draw: st.DrawFn) -> tuple[list[str], list[int], str, bool]:
    lines: list[str] = []
    for raw in draw(st.lists(hostile_line(), min_size=1, max_size=12)):
        lines += raw.split("\n")
    lines.insert(0, draw(st.sampled_from(["الفقرة الأولى", "<b>", "# x", "---"])))
    texts = [x.strip() for x in lines]
    # Headings: whole lines after the first, unique in the text (so harmless text starts its
    # sections at the same lines).
    candidates = [i for i, t in enumerate(texts) if i > 0 and t and texts.count(t) == 1]
    headings = sorted(draw(st.sets(st.sampled_from(candidates), max_size=3))) if candidates else []
    return lines, headings, draw(st.sampled_from(["\n", "\r\n", "\r"])), draw(st.booleans())


@given(source())
def test_source_text_stays_text_through_the_whole_pipeline(case: tuple[list[str], list[int], str, bool]) -> None:
    lines, headings, line_end, bom = case
    content, toc = render(lines, headings, line_end, bom)
    root = parse_html(content)
    assert shown_texts(root) == [x.strip() for x in lines if x.strip()]

    harmless = [f"سطر {i}" if x.strip() else x for i, x in enumerate(lines)]
    expected_content, expected_toc = render(harmless, headings, "\n", False)
    assert signature(root) == signature(parse_html(expected_content))

    got_titles, expected_titles = toc_titles(toc), toc_titles(expected_toc)
    assert len(got_titles) == len(expected_titles)
    for got, expected in zip(got_titles, expected_titles, strict=True):
        if not expected.startswith("سطر "):
            assert got == expected
            continue
        title = parse_html(got)  # the theme writes a table-of-contents title unescaped
        assert len(list(title.iter())) == 1, f"markup in a table-of-contents entry: {got!r}"
        # The toc extension collapses whitespace (a no-break space becomes a space) in this copy.
        assert title.text().split() == lines[int(expected.removeprefix("سطر "))].split()


# -- the same with the edition's layers: mentions of entries, a declared quote, a meeting link ----

CUE = "وصرّح المتحدث التجريبي:"
LINK = "الاجتماع التجريبي السابق"
LAYERS = {("span", "cue"), ("span", "quote"), ("a", "xref"), ("a", "mention"), ("span", "note")}


@cache
def some_entities() -> bytes:
    """A few real entries (people and organisations the generated lines name), in the real schema."""
    import yaml

    data = yaml.safe_load((ROOT / "seeds" / "entities.yml").read_text(encoding="utf-8"))
    keep = {"blinken", "di-maio", "pompeo", "coalition", "isis", "sdf", "un"}
    entries = [e for e in data["entities"] if e["id"] in keep]
    assert len(entries) == len(keep)
    return yaml.safe_dump({"entities": entries}, allow_unicode=True).encode("utf-8")


def render_layered(lines: list[str]) -> str:
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    meta = meta_yml("t", []) + f"quotes:\n  - {{cue: \"{CUE}\", speaker: s}}\nlinks:\n  - {{text: {LINK}, meeting: test-2020}}\n"
    corpus = load_corpus(Inputs({"seeds/meetings.yml": meetings_yml().encode(), "seeds/t.txt": "\n".join(lines).encode(),
                                 "seeds/t.meta.yml": meta.encode(),
                                 "seeds/entities.yml": some_entities()}))
    config = mkdocs_config()
    file = File("briefings/t.md", src_dir=None, dest_dir="/nonexistent", use_directory_urls=True)
    file.content_string = site_files(corpus)["briefings/t.md"].decode("utf-8")
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    assert page.content is not None
    return page.content


@st.composite
def layered_source(draw: st.DrawFn) -> list[str]:
    names = st.sampled_from(["بلينكن", "وبلينكين", "قسد", "لداعش", "دي مايو", "بومبيو", "التحالف الدولي", "الأمم المتحدة"])
    mixed = st.lists(st.one_of(names, st.builds(str, hostile_line().map(lambda x: x.replace("\n", " ")))),
                     min_size=1, max_size=6).map(" ".join)
    lines = draw(st.lists(mixed, min_size=1, max_size=6))
    quote = f"{draw(mixed)} بلينكن {CUE} «{draw(mixed)} {LINK} {draw(mixed)}» {draw(mixed)}"
    lines.insert(draw(st.integers(0, len(lines))), quote)
    return ["الفقرة الأولى", *lines]


@settings(max_examples=min(500, settings.default.max_examples))  # each example renders entry pages too
@given(layered_source())
def test_the_editions_layers_on_hostile_text_add_only_their_own_elements(lines: list[str]) -> None:
    # A declared cue or link must occur once (a located error otherwise, tested in the golden cases).
    assume(sum(line.count(CUE) for line in lines) == 1 and sum(line.count(LINK) for line in lines) == 1)
    root = parse_html(render_layered(lines))
    assert shown_texts(root) == [x.strip() for x in lines if x.strip()]
    for tx in root.find_all("p", "tx"):
        for e in tx.iter():
            if e is tx or (e.tag == "bdi" and not e.attrs):  # the renderer's isolation of Latin runs
                continue
            assert any(e.tag == tag and cls in e.classes for tag, cls in LAYERS), (e.tag, e.attrs)
            assert set(e.attrs) <= {"class", "href", "title", "data-speaker", "data-entity", "data-note", "data-kind",
                                    "tabindex", "role", "aria-describedby", "aria-label", "lang", "dir"}, e.attrs
            assert not e.attrs.get("href", "../").startswith(("javascript", "http", "//")), e.attrs
    assert len(root.find_all("span", "quote")) == 1 and len(root.find_all("a", "xref")) == 1
    assert root.find_all("a", "mention"), "the entries' names are marked"
