"""Front matter: the YAML text PyYAML writes for a page's metadata (`yaml.dump` with libyaml, keys
sorted, Unicode as it is, width 1000), written directly for the values pages use.

A thousand pages' front matter through PyYAML's representer took more time than rendering their
text. The common case is a mapping of mappings, lists, None, booleans, ints and one-line strings;
its text is written here by PyYAML's own rules (a plain scalar unless an indicator, a leading or
trailing space, or a value that would read back as another type asks for quotes; then single
quotes). Anything else (a long or multi-line string, characters libyaml escapes, an object met twice,
which PyYAML writes as an anchor) goes to yaml.dump itself. tests/test_perf_units.py checks both
give the same text on every page and on generated scalars.
"""

from __future__ import annotations

import functools
import re

import yaml

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
# One line of characters libyaml writes as they are (its printable set without its line breaks
# U+0085, U+2028, U+2029 and without the byte-order mark).
_SAFE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+\\Z")
_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_LONG = 400  # a longer line may be folded at width 1000, by rules not repeated here


class _Fallback(Exception):
    """A value this writer leaves to yaml.dump."""


def dump(values: dict[str, object]) -> str:
    """yaml.dump(values, Dumper=CSafeDumper, allow_unicode=True, sort_keys=True, width=1000)."""
    out: list[str] = []
    try:
        if not values:  # written in flow style
            raise _Fallback
        _mapping(values, 0, "", out, set())
    except _Fallback:
        return yaml.dump(values, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000)
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def _string(s: str) -> str:
    if not s:
        return "''"
    if len(s) > _LONG or not _SAFE.match(s):
        raise _Fallback
    c = s[0]
    plain = not (c in _INDICATORS or (c in "?:-" and (len(s) == 1 or s[1] == " "))
                 or s.startswith(("---", "...")) or c == " " or s[-1] == " "
                 or ": " in s or s[-1] == ":" or " #" in s)
    if plain and _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) == _STR:  # type: ignore[no-untyped-call]
        return s
    return "'" + s.replace("'", "''") + "'"


def _scalar(value: object, shared: set[int]) -> str:
    kind = type(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return str(value)
    if kind is list or kind is dict:  # empty here: flow style
        _once(value, shared)
        return "[]" if kind is list else "{}"
    raise _Fallback


def _once(value: object, shared: set[int]) -> None:
    """PyYAML writes an object met twice as an anchor and an alias."""
    if id(value) in shared:
        raise _Fallback
    shared.add(id(value))


@functools.lru_cache(maxsize=4096)
def _key(key: str) -> str:
    """A mapping key as written before its value: `key:`."""
    if type(key) is not str or len(key) > 128:  # a longer key is written as a complex key
        raise _Fallback
    return _string(key) + ":"


def _mapping(d: dict[str, object], indent: int, lead: str, out: list[str], shared: set[int]) -> None:
    _once(d, shared)
    pad = " " * indent
    start = lead
    for key in sorted(d):
        value = d[key]
        if type(value) is str:  # most values: a one-line string
            out.append(f"{start}{_key(key)} {_string(value)}\n")
        elif type(value) is dict and value:
            out.append(f"{start}{_key(key)}\n")
            _mapping(value, indent + 2, " " * (indent + 2), out, shared)
        elif type(value) is list and value:
            out.append(f"{start}{_key(key)}\n")
            _sequence(value, indent, pad, out, shared)  # PyYAML does not indent a sequence in a mapping
        else:
            out.append(f"{start}{_key(key)} {_scalar(value, shared)}\n")
        start = pad


def _sequence(items: list[object], indent: int, lead: str, out: list[str], shared: set[int]) -> None:
    _once(items, shared)
    pad = " " * indent
    start = lead + "- "
    for value in items:
        if type(value) is str:
            out.append(f"{start}{_string(value)}\n")
        elif type(value) is dict and value:
            _mapping(value, indent + 2, start, out, shared)
        elif type(value) is list and value:
            _sequence(value, indent + 2, start, out, shared)
        else:
            out.append(f"{start}{_scalar(value, shared)}\n")
        start = pad + "- "
