"""Unit tests per stage: folding, quote extents, span nesting, id assignment, YAML safety."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.errors import EditionError, Problems
from edition.ids import LockedPage, assign_paragraph_ids
from edition.markup import md_inline, nest
from edition.model import Located, Retirement, Span
from edition.normalize import fold, fold_map
from edition.parse import quote_extent
from edition.render import _mentions_only, mention_tag
from edition.yamlload import load_yaml


@pytest.mark.parametrize(("a", "b"), [
    ("الأميركية", "الاميركية"), ("إفريقيا", "افريقيا"), ("آذار", "اذار"), ("ٱلله", "الله"),
    ("مستشفى", "مستشفي"), ("الدولة", "الدوله"), ("مسؤول", "مسوول"), ("رئيس", "رييس"),
    ("دَاعِشُ", "داعش"), ("داعـــش", "داعش"), ("٢٠١٩", "2019"), ("۲۰۱۹", "2019"), ("ISIS", "isis"),
])
def test_fold_unifies_spellings(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_map_points_back_to_original_characters() -> None:
    text = "قالَ بلينكـن: ٤٣٦"
    folded, index = fold_map(text)
    assert folded == "قال بلينكن: 436"
    start = folded.index("بلينكن")
    end = start + len("بلينكن")
    assert text[index[start]: index[end - 1] + 1] == "بلينكـن"


def test_fold_map_keeps_decomposed_input_indexes() -> None:
    text = "e\u0301t\u00e9"  # decomposed é, then a composed é
    folded, index = fold_map(text)
    assert folded == "été"
    assert index == [0, 2, 3]


@pytest.mark.parametrize(("text", "after", "quoted"), [
    ("وقال: “نص”.", 5, "“نص”"),
    ("وقال: «نص» و«آخر».", 5, "«نص»"),
    ("قال: “هذا”. “وذاك”", 4, "“هذا”. “وذاك”"),
    ("وقال إن الأمر مهم.", 4, "إن الأمر مهم."),
    ("وقال: “بلا إغلاق", 5, "“بلا إغلاق"),
])
def test_quote_extent(text: str, after: int, quoted: str) -> None:
    start, end = quote_extent(text, after)
    assert text[start:end] == quoted


def test_nest_escapes_and_drops_crossing_spans() -> None:
    spans = [Span(0, 5, "a", ""), Span(3, 8, "b", ""), Span(1, 2, "c", "")]
    out = nest("<b>&x\"yz", spans, lambda s: f"[{s.kind}]", lambda s: f"[/{s.kind}]")
    assert out == "[a]&lt;[c]b[/c]&gt;&amp;x[/a]&quot;yz"
    # The pieces are escaped in one call joined by NUL; a text holding NUL is escaped piece by piece.
    out = nest("<b>\0&x\"yz", [Span(1, 4, "a", "")], lambda s: "<a>", lambda s: "</a>")
    assert out == "&lt;<a>b&gt;\0</a>&amp;x&quot;yz"
    tags = nest("<'>", [Span(0, 3, "a", ""), Span(1, 2, "b", "")], lambda s: f"<{s.kind}>", lambda s: f"</{s.kind}>")
    assert tags == "<a>&lt;<b>&#x27;</b>&gt;</a>"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("ab<>&\"'\n\t\r\0 ;#x") + ["د", "ا", "\u0651", "ـ", "é", "e\u0301", "\u2066"]),
                max_size=40).map("".join))
def test_special_character_test_is_the_html_escapes_search(text: str) -> None:
    from edition.markup import _SPECIAL, has_special, html

    assert has_special(text) == bool(_SPECIAL.search(text)) == (html(text) != text)


def test_md_inline_leaves_no_syntax() -> None:
    assert md_inline("*x* {#id} <b> [a](b)") == (
        "&#42;x&#42; &#123;&#35;id&#125; &#60;b&#62; &#91;a&#93;&#40;b&#41;")
    assert md_inline("هود") == "هود"


def page(*paragraphs: str, retired: tuple[tuple[str, str], ...] = ()) -> LockedPage:
    return LockedPage("t.txt", "briefings/t/", ("intro",),
                      tuple((f"p{i}", text) for i, text in enumerate(paragraphs, start=1)), retired)


def test_ids_survive_insertion_edits_and_removal_with_retirement() -> None:
    locked = page("الفقرة الأولى عن الاجتماع.", "الفقرة الثانية عن التحالف الدولي.", "الفقرة الثالثة والأخيرة.")
    problems = Problems()
    ids = assign_paragraph_ids(
        ["فقرة جديدة في الأعلى تماما لا تشبه غيرها.", "الفقرة الأولى عن الاجتماع.",
         "الفقرة الثانية عن التحالف الدولى.", "الفقرة الثالثة والاخيرة!"], locked, (), "m.yml", problems)
    assert not problems.items
    assert ids == ["p4", "p1", "p2", "p3"]


def test_a_vanished_published_paragraph_must_be_retired() -> None:
    locked = page("الفقرة الأولى عن الاجتماع.", "كلام مختلف تماما سيحذف من النص.")
    problems = Problems()
    assign_paragraph_ids(["الفقرة الأولى عن الاجتماع."], locked, (), "seeds/t.meta.yml", problems)
    assert [str(p) for p in problems.items] == [
        "seeds/t.meta.yml:1: retired: published paragraph p2 ('كلام مختلف تماما سيحذف من النص.') no longer "
        "matches any paragraph of the text; if it was removed or merged, add `- {id: p2, to: <the id its anchor "
        "should land on>, reason: ...}` under retired:"]
    retired = (Retirement("p2", "p1", "merged", Located("seeds/t.meta.yml", 9)),)
    problems = Problems()
    ids = assign_paragraph_ids(["الفقرة الأولى عن الاجتماع.", "فقرة جديدة"], locked, retired, "m", problems)
    assert not problems.items
    assert ids == ["p1", "p3"], "a retired number is never reused"


def test_yaml_never_constructs_python_objects() -> None:
    with pytest.raises(EditionError) as exc:
        load_yaml("a: !!python/object/apply:os.system ['true']\n", "seeds/x.meta.yml")
    assert str(exc.value) == ("seeds/x.meta.yml:1: not allowed here: the tag "
                              "tag:yaml.org,2002:python/object/apply:os.system")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab<&\"' دا\t\n\0", max_size=30),
       st.lists(st.tuples(st.integers(0, 32), st.integers(0, 32), st.sampled_from(["mention", "mention", "quote"])),
                max_size=6))
def test_paragraph_of_mentions_only_is_what_nest_writes(text: str, raw: list[tuple[int, int, str]]) -> None:
    spans = tuple(Span(s, e, kind, "x") for s, e, kind in raw)
    fast = _mentions_only(text, spans, "../../")
    ordered = all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    if all(s.kind == "mention" and s.start < s.end for s in spans) and ordered and (not spans or spans[-1].end <= len(text)):
        tag = mention_tag("x", "../../")
        assert fast == nest(text, spans, lambda s: tag, lambda s: "</a>")
    else:
        assert fast is None


def test_gc_paused_nests_and_restores() -> None:
    import gc

    from edition.pipeline import Inputs, gc_paused, load_corpus

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(EditionError):  # restored after a failure too
        load_corpus(Inputs({}))
    assert gc.isenabled()


def test_gc_paused_leaves_what_it_kept_in_the_oldest_generation() -> None:
    """The next young collection does not walk what a stage kept; a cycle it dropped is still collected."""
    import gc
    import weakref

    from edition.pipeline import gc_paused

    class Box:
        me: object = None

    with gc_paused():
        kept = [Box() for _ in range(100)]
        dropped = Box()
        dropped.me = dropped
        gone = weakref.ref(dropped)
        del dropped
    assert gc.isenabled()
    assert any(o is kept for o in gc.get_objects(generation=2))
    gc.collect()
    assert gone() is None


def test_gc_paused_leaves_what_the_program_froze_frozen() -> None:
    """gc_paused's freeze/unfreeze must not thaw what the program froze itself (gc.freeze).

    A frozen object is in no generation that gc.get_objects lists; thawed, it is in the oldest. The
    test follows one object of its own, not the freeze count, which other threads (the test servers')
    lower whenever a frozen object of theirs is freed."""
    import gc

    from edition.pipeline import gc_paused

    mine = [object()]
    gc.freeze()
    try:
        assert not any(o is mine for o in gc.get_objects())
        with gc_paused():
            kept = [object() for _ in range(10)]
        assert not any(o is mine for o in gc.get_objects()), "gc_paused thawed an object the program froze"
        assert kept
    finally:
        gc.unfreeze()


def test_loading_again_keeps_nothing_of_the_last_corpus() -> None:
    """`mkdocs serve` loads the corpus again on every save: nothing may keep the earlier ones alive
    (an exception object raised again keeps every frame it went through, and so their corpora)."""
    import gc
    from pathlib import Path

    from edition.model import Corpus
    from edition.pipeline import Inputs, load_corpus

    root = Path(__file__).resolve().parents[1]
    inputs = Inputs.from_dir(root)
    inputs.files["seeds/000_3df33281dd8b9e93.meta.yml"] += b"\nzz_unusual: 'x' #c\n"  # takes PyYAML's way

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, Corpus) for o in gc.get_objects())

    before = alive()
    for _ in range(3):
        with pytest.raises(EditionError):  # the unknown key is reported; the frames must still go
            load_corpus(inputs)
        load_corpus(Inputs.from_dir(root))
    assert alive() == before
