"""Reading a source text: strict UTF-8, located failures, original characters kept.

Accepted: UTF-8 with or without a BOM, LF, CRLF or CR line ends. Refused with a message naming the
file and the byte or line: UTF-16 (a BOM or NUL bytes), any other encoding such as Windows-1256
(invalid UTF-8), NUL bytes, an empty or blank file. Nothing is normalised here: Unicode
normalisation is for matching only (see normalize.py).
"""

from __future__ import annotations

from .errors import EditionError, Problem
from .model import SourceLine

UTF8_BOM = b"\xef\xbb\xbf"


def decode_source(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EditionError([Problem(file, 0, "", "byte 0: UTF-16 text (a UTF-16 byte-order mark); save it as UTF-8")])
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise EditionError([Problem(
            file, line, "", f"byte {nul}: NUL byte (the file may be UTF-16 or binary); save it as UTF-8 text")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EditionError([Problem(
            file, line, "",
            f"byte {exc.start}: not valid UTF-8 ({exc.reason}); the file may be Windows-1256 or another "
            "encoding: save it as UTF-8")]) from None
    if not text.strip():
        raise EditionError([Problem(file, 0, "", "the text is empty or blank")])
    return text


def source_lines(text: str) -> list[SourceLine]:
    """Split on LF, CRLF or CR (only those: U+2028 and friends stay inside their line)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(i, line) for i, line in enumerate(normalised.split("\n"), start=1)]


def clean(line: str) -> str:
    """A line's words without surrounding whitespace (spaces, tabs, no-break spaces)."""
    return line.strip()
