"""Arabic folding for matching and search; the displayed text is never folded.

`fold` maps a string to its matching form: NFC; tashkeel, Quranic marks and tatweel removed; the
alef forms (أ إ آ ٱ ا) unified to ا; ى → ي; ة → ه; ؤ → و; ئ → ي; Arabic-Indic and Persian digits →
ASCII digits; Latin lower-cased; bidi controls and zero-width characters removed. `fold_map` also
returns, for every folded character, the index of the original character it came from, so a match
found in folded text maps back to the exact original span.

The same table is written to the browser (search) as JSON, so both sides fold identically.
"""

from __future__ import annotations

import re
import unicodedata

# Removed: tashkeel (U+064B..U+065F), superscript alef (U+0670), Quranic marks (U+06D6..U+06ED),
# tatweel (U+0640), bidi controls, zero-width characters and soft hyphens.
_DROP = {chr(c) for c in list(range(0x064B, 0x0660)) + [0x0670] + list(range(0x06D6, 0x06EE))}
_DROP |= {"\u0640", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\u061c", "\ufeff"}
_DROP |= {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}

_MAP: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي", "ة": "ه", "ؤ": "و", "ک": "ك",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Extended Arabic-Indic (Persian) digits


def fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    return _MAP.get(ch, ch.lower())


# fold() in C speed: one regular expression finds the characters the table changes (most Arabic
# letters stay as they are) and str.lower does the rest; the same result as fold_char on every
# character, except that str.lower treats a capital sigma by its context, so text with one takes
# the character-by-character path.
_TABLE: dict[str, str] = {c: "" for c in _DROP} | _MAP
_CHANGED = re.compile("[" + "".join(re.escape(c) for c in sorted(_TABLE)) + "]")


def _folded(m: re.Match[str]) -> str:
    return _TABLE[m.group()]


def fold(text: str) -> str:
    normal = unicodedata.normalize("NFC", text)
    if "\u03a3" in normal:
        return "".join(fold_char(ch) for ch in normal)
    return _CHANGED.sub(_folded, normal).lower()


def fold_map(text: str) -> tuple[str, list[int]]:
    """Folded text plus, per folded character, the index in `text` it comes from.

    NFC is applied per character cluster so indexes stay in the original string: a base letter
    followed by combining marks is composed on its own.
    """
    out: list[str] = []
    index: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]) and text[j] not in _DROP:
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        for ch in cluster:
            folded = fold_char(ch)
            for f in folded:
                out.append(f)
                index.append(i)
        i = j
    return "".join(out), index


def table() -> dict[str, object]:
    """The folding rules as data, for the browser."""
    return {"drop": "".join(sorted(_DROP)), "map": dict(sorted(_MAP.items()))}
