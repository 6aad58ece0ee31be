"""Spellings as matching keys: folded words and the separators between them.

A name such as «أنتوني ج. بلينكن» becomes the key ('انتوني', ' ', 'ج', '. ', 'بلينكن'): its words
folded (normalize.fold), and between them the separator as written with runs of white space made
one space. Two spellings name the same thing for the matcher exactly when their keys are equal, so
the annotation data can be checked for collisions at load time with the same rule the matcher uses.

`Folded` folds a whole paragraph at C speed (str.replace) and maps folded offsets back to the
original characters; only text that is not NFC, or whose lower-casing changes its length, takes
the slower character-by-character path of normalize.fold_map.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from .normalize import _DROP, _MAP, fold_map

# Letters and digits of any script; everything else separates words.
WORD = re.compile(r"[^\W_]+")
SPACES = re.compile(r"\s+")
_REPLACE = tuple(_MAP.items())
_DROPPED = re.compile("[" + "".join(re.escape(c) for c in sorted(_DROP)) + "]")

Key = tuple[str, ...]


class Folded:
    """A paragraph's folded text and the way back to its original character offsets.

    (A plain class with slots: it is made once per paragraph on the hot path.)"""

    __slots__ = ("text", "original", "_drops", "_index")

    def __init__(self, text: str, original: str, drops: tuple[int, ...] | None, index: tuple[int, ...] | None) -> None:
        self.text = text
        self.original = original
        self._drops = drops  # original offsets of dropped characters (fast path); None: not yet looked for
        self._index = index  # folded offset → original offset (slow path)

    @classmethod
    def of(cls, original: str) -> Folded:
        # str.replace per mapped character is several times faster than str.translate with a table.
        text = original
        drops: tuple[int, ...] | None = ()
        if _DROPPED.search(text):
            drops = None
            text = _DROPPED.sub("", text)
        for old, new in _REPLACE:
            text = text.replace(old, new)
        lowered = text.lower()
        if len(lowered) == len(text) and unicodedata.is_normalized("NFC", original):
            return cls(lowered, original, drops, None)
        folded, index = fold_map(original)
        return cls(folded, original, (), tuple(index))

    def start(self, folded_offset: int) -> int:
        """The original offset of the character at `folded_offset`."""
        if self._index is not None:
            return self._index[folded_offset]
        drops = self._drops
        if drops is None:
            drops = self._drops = tuple(m.start() for m in _DROPPED.finditer(self.original))
        if not drops:
            return folded_offset
        original = folded_offset
        # Each dropped character before the position shifts it by one; re-check after each shift.
        seen = 0
        while True:
            count = bisect_right(drops, original)
            if count == seen:
                return original
            original += count - seen
            seen = count

    def end(self, folded_end: int) -> int:
        """The original offset just after the character before `folded_end`, taking along the
        marks (tashkeel, tatweel) that follow it, so a span never splits a letter from its marks."""
        if folded_end == 0:
            return 0
        end = self.start(folded_end - 1) + 1
        while end < len(self.original) and self.original[end] in _DROP:
            end += 1
        return end


def words(folded: str) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(folded)]


def key_of_folded(folded: str) -> Key:
    """The matching key of already folded text: words and normalised separators, in order."""
    spans = words(folded)
    out: list[str] = []
    for i, (start, end) in enumerate(spans):
        if i:
            out.append(SPACES.sub(" ", folded[spans[i - 1][1]:start]))
        out.append(folded[start:end])
    return tuple(out)


def spelling_key(spelling: str) -> Key:
    return key_of_folded(Folded.of(spelling).text)


def show_key(key: Key) -> str:
    return "".join(key)
