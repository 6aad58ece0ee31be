"""The fast paths used at scale give exactly the results of the simple ones: folding by one
translate table, YAML composed by libyaml, a corpus loaded once per set of inputs."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from edition import site, yamlload
from edition.errors import EditionError
from edition.normalize import fold, fold_char

ROOT = Path(__file__).resolve().parents[1]
ARABIC = st.text(alphabet=st.sampled_from(
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآٱىةؤئـًٌٍَُِّْٰ٠١٢٣٤٥٦٧٨٩۰۱۲ ،؛؟«»AaZzΣσςİ\u200b\u200f\u202b\u2066\ufeffé\u0301"))


def _reference_fold(text: str) -> str:
    return "".join(fold_char(ch) for ch in unicodedata.normalize("NFC", text))


@settings(max_examples=300, deadline=None)
@given(st.one_of(ARABIC, st.text()))
def test_fast_fold_is_the_character_by_character_fold(text: str) -> None:
    assert fold(text) == _reference_fold(text)


def test_real_paragraphs_fold_the_same() -> None:
    corpus = site.load(ROOT)
    for b in corpus.briefings:
        for p in b.paragraphs:
            assert fold(p.text) == _reference_fold(p.text)


@pytest.mark.skipif(yamlload._FastLoader is None, reason="PyYAML without libyaml")
def test_libyaml_and_python_yaml_give_the_same_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted((ROOT / "seeds").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        fast = yamlload.load_yaml(text, path.name)
        monkeypatch.setattr(yamlload, "_FastLoader", None)
        assert yamlload.load_yaml(text, path.name) == fast, path.name
        monkeypatch.undo()


@pytest.mark.parametrize("text", ["a: [1, 2\nb: 3\n", "a: 1\na: 2\n", "a: !!python/object:os.system x\n", "", "k: v: w\n"])
def test_yaml_errors_are_the_python_loaders(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EditionError) as fast:
        yamlload.load_yaml(text, "f.yml")
    monkeypatch.setattr(yamlload, "_FastLoader", None)
    with pytest.raises(EditionError) as slow:
        yamlload.load_yaml(text, "f.yml")
    assert [str(p) for p in fast.value.problems] == [str(p) for p in slow.value.problems]


def test_load_reuses_the_corpus_only_for_identical_inputs(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    first = site.load(tmp_path)
    assert site.load(tmp_path) is first
    text = next((tmp_path / "seeds").glob("*.txt"))
    text.write_bytes(text.read_bytes() + "فقرة جديدة.\n".encode())
    second = site.load(tmp_path)
    assert second is not first and second.briefings != first.briefings


def _pages_for_markdown_check() -> dict[str, str]:
    from edition.pipeline import Inputs, load_corpus, site_files
    from edition.synth import synth_seeds
    from hostile import HEADINGS, hostile_text, meta_yml

    real = Inputs.from_dir(ROOT)
    hostile = Inputs({**real.files, "seeds/900_hostile.txt": hostile_text().encode(),
                      "seeds/900_hostile.meta.yml": meta_yml("hostile-test", HEADINGS).replace(
                          "meeting: test-2020", "meeting: rome-2021").encode()})
    pages: dict[str, str] = {}
    for name, inputs in (("real", real), ("hostile", hostile), ("synth", Inputs(synth_seeds(30, real)))):
        for path, data in site_files(load_corpus(inputs)).items():
            if path.endswith(".md"):
                pages[f"{name}:{path}"] = data.decode()
    for path in sorted((ROOT / "docs").rglob("*.md")):
        pages[f"docs:{path.name}"] = path.read_text(encoding="utf-8")
    return pages


def test_fast_paragraph_blocks_give_the_same_html_on_every_page() -> None:
    import markdown
    from mkdocs.config import load_config

    from edition.fastblocks import FastParagraphBlocks
    from edition.render import front_matter

    config = load_config(str(ROOT / "mkdocs.yml"))
    pages = _pages_for_markdown_check()
    grouped = 0
    for name, text in pages.items():
        body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
        plain = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        fast = markdown.Markdown(extensions=[*config.markdown_extensions, FastParagraphBlocks()],
                                 extension_configs=config.mdx_configs)
        assert fast.convert(body) == plain.convert(body), name
        grouped += len(plain.htmlStash.rawHtmlBlocks) - len(fast.htmlStash.rawHtmlBlocks)
    assert grouped > 500, "the fast path did group paragraph blocks"
    assert front_matter({"title": "x"}) == "---\ntitle: x\n---\n\n"


def test_front_matter_is_the_pure_python_dumpers_text() -> None:
    from edition.render import front_matter

    for name, text in _pages_for_markdown_check().items():
        if not text.startswith("---\n") or name.startswith("docs:"):
            continue
        values = yaml.safe_load(text.split("---\n", 2)[1])
        assert front_matter(values) == "---\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=True,
                                                               width=1000) + "---\n\n", name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "briefings", "x.md", "index.md", ".", "", "..", "c"]), max_size=4),
       st.lists(st.sampled_from(["a", "b", "briefings", "meetings", ".", "", "..", "c"]), max_size=4))
def test_relpath_is_posixpaths(path: list[str], start: list[str]) -> None:
    import posixpath

    from edition.render import _relpath

    p, s = "/".join(path) or ".", "/".join(start) or "."
    assert _relpath(p, s) == posixpath.relpath(p, s)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ARABIC, st.text()))
def test_md_inline_escapes_every_ascii_sign(text: str) -> None:
    from edition.markup import _MD_SAFE, md_inline

    expected = "".join(ch if ch in _MD_SAFE or ord(ch) > 0x7F else f"&#{ord(ch)};" for ch in text)
    assert md_inline(text) == expected


@settings(max_examples=400, deadline=None)
@given(st.one_of(ARABIC, st.text()))
def test_nfc_map_fast_path_is_the_cluster_walk(text: str) -> None:
    from edition.parse import _nfc_map_clusters, nfc_map

    composed, index = nfc_map(text)
    slow_composed, slow_index = _nfc_map_clusters(text)
    assert composed == slow_composed and list(index) == list(slow_index)


def test_navigation_rendered_once_per_folder_is_the_per_page_rendering(
        built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared navigation HTML (edition/navcache.py) equals rendering it afresh for every page."""
    import itertools

    from edition.navcache import NavCache
    from edition.site import build_site

    fresh = itertools.count()
    monkeypatch.setattr(NavCache, "key", lambda self, context: f"fresh-{next(fresh)}")
    out = tmp_path / "site"
    build_site(ROOT, out, jobs=1)  # one process, so that the counter sees every page
    pages = sorted(p.relative_to(out) for p in out.rglob("*.html"))
    assert pages == sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    assert next(fresh) >= len(pages) - 1, "every page rendered its own navigation"
    for page in pages:
        assert (out / page).read_bytes() == (built_site / page).read_bytes(), page


def test_pages_rendered_by_two_processes_are_the_one_process_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build_site` shares the pages between processes (site.py, "Shared rendering"): the site is
    byte for byte the one a single process builds, and the second process did render pages."""
    from edition import site as site_module

    collected: list[str] = []
    collect = site_module._collect

    def counting(folder: Path, site_dir: Path) -> None:
        collected.extend(str(p.relative_to(folder)) for p in folder.rglob("index.html"))
        collect(folder, site_dir)

    monkeypatch.setattr(site_module, "_collect", counting)
    one, two = tmp_path / "one", tmp_path / "two"
    site_module.build_site(ROOT, one, jobs=1)
    site_module.build_site(ROOT, two, jobs=2)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for path in files:
        assert (one / path).read_bytes() == (two / path).read_bytes(), path
    # With five texts every text is in the navigation; the entry pages are not, and are dealt out.
    entries = [p for p in collected if p.startswith("entities/")]
    assert entries and len(entries) < len(list((one / "entities").glob("*/index.html"))), collected
    assert entries == collected, "pages in the navigation are written by the first process"


_YAML_TRICKY = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab -:#?,[]{}&*!|>'\"%@`.~_019eEnNyYtTfFxo+\t\\/")
                                     + ["ب", "ا", "\u2066", "\u2069", "\u200f", "\xa0", "\x85", "\u2028", "\ufeff",
                                        "\U0001f600", "\n", "\r", "é"]), max_size=10),
    st.sampled_from(["null", "true", "yes", "No", "on", "~", "1e3", "0x1F", "1_000", "12:30", "2014-12-03", "<<", "=",
                     ".inf", "-.5", "+1", "0o7", "010", "---", "...", "- a", "? x", ": y", "a: b", "a #b", "#c", "x" * 500]))
_YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), _YAML_TRICKY),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_YAML_TRICKY, inner, max_size=3)),
    max_leaves=8)


@settings(max_examples=2000, deadline=None)
@given(st.dictionaries(_YAML_TRICKY, _YAML_VALUES, max_size=4))
def test_front_matter_writer_is_pyyamls_text(values: dict[str, object]) -> None:
    from edition import frontmatter

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    assert frontmatter.dump(values) == yaml.dump(values, Dumper=dumper, allow_unicode=True, sort_keys=True, width=1000)


def test_front_matter_writer_with_an_object_met_twice() -> None:
    from edition import frontmatter

    shared = {"a": "b"}
    values = {"x": shared, "y": shared, "z": [], "w": {}}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    assert frontmatter.dump(values) == yaml.dump(values, Dumper=dumper, allow_unicode=True, sort_keys=True, width=1000)
    assert "&id001" in frontmatter.dump(values)
