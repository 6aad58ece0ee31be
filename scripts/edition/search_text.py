"""Search text processing: tokens, folded forms and index keys; the browser does exactly the same.

`tokens(text)` splits a text into words on every character that is not a letter, a digit or a
combining mark (so Arabic and Latin punctuation ، ؛ ؟ « » “ ” ( ) … and spaces all split), and
also between a run of letters and a run of digits (في28يونيو → في، 28، يونيو). Each token keeps
its [start, end) in the original string and its folded form (normalize.fold: hamza/alef forms,
ى/ي, ة/ه, ؤ/و, ئ/ي, tashkeel, tatweel, digits, Latin case).

`keys(folded)` is the set of index keys of a folded token: the token itself, then every stem left
by removing attached letters (و or ف, then ب ك or ل, then ال; or و/ف + لل for ل + ال), when at
least two letters remain. The text is indexed under every key of each token, and each query word
is looked up under every key of its own, so وداعش finds داعش and داعش finds وداعش, الوزير finds
وزير (but و is never stripped after ال: الوزير never becomes زير).

docs/assets/search-engine.js implements the same three functions; tests/test_search_parity.py
runs both on the same strings (tests/search/tricky.txt) and compares.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .normalize import _DROP, fold

# Attached letters, in the order they attach: conjunction, preposition, article.
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ك", "ل")
_ART = ("", "ال")
MIN_STEM = 2


def _prefixes() -> tuple[str, ...]:
    out = {c + p + a for c in _CONJ for p in _PREP for a in _ART}
    out |= {c + "لل" for c in _CONJ}  # ل + ال written لل (للتحالف)
    out.discard("")
    return tuple(sorted(out, key=lambda s: (len(s), s)))


PREFIXES = _prefixes()

# Function words that occur in most paragraphs: not indexed, skipped in queries that have other
# words (a query made only of these finds nothing, and says so). Folded forms. "ال" alone is the
# article cut off by a tatweel or a digit (الـ79).
STOP_WORDS = frozenset(fold(w) for w in (
    "في", "من", "على", "إلى", "الى", "عن", "أن", "ان", "إن", "و", "أو", "او", "ثم", "مع", "هذا", "هذه",
    "ذلك", "تلك", "التي", "الذي", "الذين", "كان", "كانت", "قد", "لقد", "ما", "لا", "لم", "لن", "هو", "هي",
    "هم", "كل", "بين", "ال", "عند", "كما", "إلى", "حتى", "أي", "اي", "نحن", "أنا", "the", "of", "and", "to", "in",
))


def _kind(ch: str) -> str:
    """'l' letter, 'd' digit, 'm' mark (joins the current token), '' separator.

    Only the Basic Multilingual Plane has letters and marks here: anything beyond it (emoji,
    historic scripts) separates words, on both sides, which keeps the browser's code simple."""
    if ch > "\uffff":
        return ""
    if ch in _DROP:
        return "m"
    if "0" <= ch <= "9" or "\u0660" <= ch <= "\u0669" or "\u06f0" <= ch <= "\u06f9":
        return "d"
    cat = unicodedata.category(ch)
    if cat[0] == "L":
        return "l"
    if cat[0] == "M":
        return "m"
    return ""


def _char_class(kind: str) -> str:
    """A regex character class of every code point of one kind, as ranges (built once)."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF or _kind(chr(cp)) != kind:
            continue
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_L, _M, _D = _char_class("l"), _char_class("m"), _char_class("d")
# A token: optional leading marks, then a run of letters or a run of digits (marks join either);
# a change between letters and digits starts a new token; a run of marks alone is a token too.
_TOKEN = re.compile(f"[{_M}]*(?:[{_L}][{_L}{_M}]*|[{_D}][{_D}{_M}]*)|[{_M}]+")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    folded: str


_FOLDED: dict[str, str] = {}


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        folded = _FOLDED.get(raw)
        if folded is None:
            folded = _FOLDED[raw] = fold(raw)
        if folded:
            out.append(Token(m.start(), m.end(), folded))
    return out


def is_arabic(folded: str) -> bool:
    return "\u0600" <= folded[0] <= "\u06ff"


def keys(folded: str, protect: frozenset[str] = frozenset()) -> list[str]:
    """The token itself first, then its stems (no duplicates, in a fixed order).

    لل (ل + ال) also gives the stem with its article back (للتحالف → تحالف and التحالف).
    `protect`: words known whole (the tokens of entity names): such a word loses no letter of its
    own (فيصل never becomes يصل; وفيصل gives فيصل and stops), except an article (الياس → ياس).
    """
    out = [folded]
    if not is_arabic(folded) or _whole(folded, protect):
        return out
    for p in PREFIXES:
        if folded.startswith(p) and len(folded) - len(p) >= MIN_STEM:
            stem = folded[len(p):]
            for s in (stem, "ال" + stem) if p.endswith("لل") else (stem,):
                if s not in out:
                    out.append(s)
            if _whole(stem, protect):
                break
    return out


def _whole(word: str, protect: frozenset[str]) -> bool:
    return word in protect and not word.startswith("ال")


def folded_words(text: str) -> list[str]:
    """The folded form of every token of `text` (what `tokens` gives, without the offsets)."""
    out: list[str] = []
    for raw in _TOKEN.findall(text):
        folded = _FOLDED.get(raw)
        if folded is None:
            folded = _FOLDED[raw] = fold(raw)
        if folded:
            out.append(folded)
    return out
