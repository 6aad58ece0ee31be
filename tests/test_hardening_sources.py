"""Encodings and shapes of a source text: each either builds correctly or fails with a message
naming the file, the line and the byte. Exact messages are pinned here."""

from __future__ import annotations

import unicodedata

import pytest

from edition.errors import EditionError
from edition.model import Briefing
from edition.pipeline import Inputs, load_corpus, site_files
from hostile import meetings_yml

META = """id: t
meeting: test-2020
kind: news-report
title_ar: نص للاختبار
title_en: A test text
title_translit: Naṣṣ
abstract_en: A test text.
outlet: {note: نص للاختبار.}
published: unknown
published_note: نص للاختبار.
speakers:
  - {id: s, name_ar: سامي, name_en: Sami}
sections:
  - {id: intro, kind: intro, title: تقديم}
  - {id: s, kind: turn, start: {line: "سامي"}, speaker: s}
quotes:
  - {cue: "وقال سامي:", speaker: s}
"""

TEXT = "اجتمع الوزراء في روما.\nسامي\nوقال سامي: «آن الأوان».\n"


def build(data: bytes, meta: str = META) -> Briefing:
    corpus = load_corpus(Inputs({"seeds/meetings.yml": meetings_yml().encode(), "seeds/t.txt": data,
                                 "seeds/t.meta.yml": meta.encode()}))
    return corpus.briefings[0]


def error(data: bytes) -> str:
    with pytest.raises(EditionError) as exc:
        build(data)
    return str(exc.value)


def shown(b: Briefing) -> list[str]:
    return [p.text for p in b.paragraphs]


# -- accepted ---------------------------------------------------------------------------------

@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_utf8_with_or_without_bom_and_any_line_end_build_the_same_page(bom: bytes, line_end: str) -> None:
    data = bom + TEXT.replace("\n", line_end).encode()
    b = build(data)
    assert shown(b) == ["اجتمع الوزراء في روما.", "وقال سامي: «آن الأوان»."]
    assert [p.line for p in b.paragraphs] == [1, 3]
    assert b.sections[1].heading == "سامي"
    corpus = load_corpus(Inputs({"seeds/meetings.yml": meetings_yml().encode(), "seeds/t.txt": data,
                                 "seeds/t.meta.yml": META.encode()}))
    assert site_files(corpus)["sources/t.txt"] == data, "the raw source is published byte for byte"


def test_trailing_and_no_break_spaces_are_trimmed_around_a_line_and_kept_inside() -> None:
    b = build("اجتمع\u00a0الوزراء في روما.  \t\nسامي\u00a0 \n\u00a0وقال سامي: «آن الأوان».\u00a0\n".encode())
    assert shown(b) == ["اجتمع\u00a0الوزراء في روما.", "وقال سامي: «آن الأوان»."]
    assert b.sections[1].heading == "سامي"


@pytest.mark.parametrize(("text_form", "meta_form"), [("NFD", "NFC"), ("NFC", "NFD"), ("NFD", "NFD")])
def test_declarations_match_in_nfc_and_the_original_characters_are_kept(text_form: str, meta_form: str) -> None:
    # آ (alef with madda) and إ decompose into alef plus a combining mark.
    text = "اجتمع الوزراء في روما.\nسامي آدم\nوقال سامي آدم: «إن الأوان آن».\n"
    meta = META.replace('"سامي"', '"سامي آدم"').replace('"وقال سامي:"', '"وقال سامي آدم:"')
    source = unicodedata.normalize(text_form, text)
    assert (source != text) == (text_form == "NFD")
    b = build(source.encode(), unicodedata.normalize(meta_form, meta))
    lines = source.split("\n")
    assert shown(b) == [lines[0], lines[2]]
    assert b.sections[1].heading == lines[1]
    quote = b.paragraphs[1]
    label = next(s for s in quote.spans if s.kind == "label")
    said = next(s for s in quote.spans if s.kind == "quote")
    assert quote.text[label.start:label.end] == unicodedata.normalize(text_form, "وقال سامي آدم:")
    assert quote.text[said.start:said.end] == unicodedata.normalize(text_form, "«إن الأوان آن»")


def test_bidi_controls_are_kept_in_the_text() -> None:
    text = "اجتمع \u202eالوزراء abc\u202c في \u2067روما.\nسامي\nوقال سامي: «\u202dآن الأوان».\n"
    b = build(text.encode())
    assert shown(b) == ["اجتمع \u202eالوزراء abc\u202c في \u2067روما.", "وقال سامي: «\u202dآن الأوان»."]


# -- refused, with the file, the line and the byte --------------------------------------------

def test_utf16_with_a_bom() -> None:
    assert error("\ufeff".encode("utf-16-le") + TEXT.encode("utf-16-le")) == (
        "seeds/t.txt:1: byte 0: UTF-16 text (a UTF-16 byte-order mark); save it as UTF-8")


def test_utf16_without_a_bom() -> None:
    # The first ASCII character (a space) has a NUL high byte; Arabic letters are U+06xx (0x06, a control).
    assert error(TEXT.encode("utf-16-le")) == (
        "seeds/t.txt:1: byte 11: NUL byte (the file may be UTF-16 or binary); save it as UTF-8 text")
    assert error("اجتمع".encode("utf-16-le")) == (
        "seeds/t.txt:1: byte 1: control character U+0006; a text holds only printable characters, tabs and "
        "line ends: remove it")


def test_windows_1256() -> None:
    data = b"first line\n" + "اجتمع الوزراء".encode("cp1256")
    assert error(data) == (
        "seeds/t.txt:2: byte 11: not valid UTF-8 (invalid continuation byte); the file may be Windows-1256 or "
        "another encoding: save it as UTF-8")


def test_invalid_utf8_offset_counts_the_bom_and_cr_line_ends() -> None:
    data = b"\xef\xbb\xbf" + "سطر\rسطر\r\nنص ".encode() + b"\xff"
    at = len(data) - 1
    assert error(data) == (
        f"seeds/t.txt:3: byte {at}: not valid UTF-8 (invalid start byte); the file may be Windows-1256 or "
        "another encoding: save it as UTF-8")


def test_nul_byte() -> None:
    assert error("سطر\nنص".encode() + b"\x00") == (
        "seeds/t.txt:2: byte 11: NUL byte (the file may be UTF-16 or binary); save it as UTF-8 text")


@pytest.mark.parametrize(("char", "name"), [("\x02", "U+0002"), ("\x1b", "U+001B"), ("\x0c", "U+000C"),
                                            ("\x7f", "U+007F"), ("\x85", "U+0085"), ("\x9b", "U+009B")])
def test_control_characters(char: str, name: str) -> None:
    assert error(f"سطر\nنص{char}".encode()) == (
        f"seeds/t.txt:2: byte 11: control character {name}; a text holds only printable characters, tabs and "
        "line ends: remove it")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \n\t\r\n", "\u00a0\u3000\n".encode()])
def test_empty_or_blank_file(data: bytes) -> None:
    assert error(data) == "seeds/t.txt:1: the text is empty or blank"


def test_a_20_mb_single_line_file_fails_at_once_naming_the_line() -> None:
    line = "اجتمع الوزراء في روما abc. " * 500_000
    data = ("سطر\n" + line + "\n").encode()
    assert len(data) > 20 * 2**20
    assert error(data) == (
        f"seeds/t.txt:2: a line of {len(line):,} characters (the limit is 100,000; each line is a paragraph): "
        "has the file lost its line ends?")
