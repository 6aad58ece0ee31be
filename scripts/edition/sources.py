"""Reading a source text: strict UTF-8, located failures, original characters kept.

Accepted: UTF-8 with or without a BOM, LF, CRLF or CR line ends, tabs, no-break spaces, any
Unicode normalisation form and bidi controls (kept as written). Refused with a message naming the
file, the line and the byte offset in the file: UTF-16 (a BOM or NUL bytes), any other encoding
such as Windows-1256 (invalid UTF-8), NUL and other control characters (C0 and C1, except tab and
line ends: they are invisible, and Markdown uses STX/ETX internally as placeholders), a line longer
than MAX_LINE characters (a file that lost its line ends), an empty or blank file. Nothing is
normalised here: Unicode normalisation is for matching only (see normalize.py).
"""

from __future__ import annotations

import re

from .errors import EditionError, Problem
from .model import SourceLine

UTF8_BOM = b"\xef\xbb\xbf"
# Each line of a text is one paragraph; the longest real one is about 1,100 characters.
MAX_LINE = 100_000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTE = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_END = re.compile(rb"\r\n|\r|\n")


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting LF, CRLF and CR line ends."""
    return len(_LINE_END.findall(data, 0, offset)) + 1


def decode_source(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EditionError([Problem(file, 1, "", "byte 0: UTF-16 text (a UTF-16 byte-order mark); save it as UTF-8")])
    skip = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    nul = data.find(b"\x00", skip)
    if nul >= 0:
        raise EditionError([Problem(file, _line_of(data, nul), "",
                                    f"byte {nul}: NUL byte (the file may be UTF-16 or binary); save it as UTF-8 text")])
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        raise EditionError([Problem(
            file, _line_of(data, at), "",
            f"byte {at}: not valid UTF-8 ({exc.reason}); the file may be Windows-1256 or another "
            "encoding: save it as UTF-8")]) from None
    control = first_control(text)
    if control:
        at = skip + len(text[:control.start()].encode("utf-8"))
        raise EditionError([Problem(
            file, _line_of(data, at), "",
            f"byte {at}: control character U+{ord(control.group()):04X}; a text holds only printable "
            "characters, tabs and line ends: remove it")])
    if not text or text.isspace():  # (not text.strip(): the same test, without the stripped copy of the text)
        raise EditionError([Problem(file, 1, "", "the text is empty or blank")])
    if len(text) > MAX_LINE:  # a shorter text has no line that long
        for number, line in enumerate(split_lines(text), start=1):
            if len(line) > MAX_LINE:
                raise EditionError([Problem(
                    file, number, "",
                    f"a line of {len(line):,} characters (the limit is {MAX_LINE:,}; each line is a "
                    "paragraph): has the file lost its line ends?")])
    return text


def first_control(text: str) -> re.Match[str] | None:
    """The first control character refused in a text (`_CONTROL.search(text)`).

    Every such character is in Latin-1 (C0, DEL, C1), so the text's Latin-1 characters, picked out by
    the C encoder (the Arabic, most of a text, dropped), are searched first: a third of the time of
    searching the whole text, which is needed only to locate a character found there."""
    if _CONTROL_BYTE.search(text.encode("latin-1", "ignore")) is None:
        return None
    return _CONTROL.search(text)


def split_lines(text: str) -> list[str]:
    """The lines of a text: split on LF, CRLF or CR (only those: U+2028 and friends stay inside their
    line); line i (1-based) is element i - 1."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def source_lines(text: str) -> list[SourceLine]:
    """The lines of a text with their numbers (split_lines)."""
    return [SourceLine(i, line) for i, line in enumerate(split_lines(text), start=1)]


def clean(line: str) -> str:
    """A line's words without surrounding whitespace (spaces, tabs, no-break spaces)."""
    return line.strip()
