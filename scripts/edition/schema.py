"""A small typed reader over located YAML nodes: required and optional keys, types, unknown keys.

Every problem is collected (never raised on the first one) with the file, line and key path, so
a maintainer sees all of them at once: `seeds/x.meta.yml:7: speakers[1].label: must be text`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .errors import Problems
from .yamlload import Node

ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
UNSAFE = '<>&"'
_UNSAFE_RE = re.compile(f"[{UNSAFE}]")  # whether a text has one (a set of its characters took longer)
ID_HELP = "an ASCII id: lower-case letters, digits and single hyphens, starting with a letter (e.g. rome-2021)"


class Fields:
    """Reads one mapping node; records problems into `problems` under the key path `path`."""

    def __init__(self, node: Node | None, file: str, path: str, problems: Problems) -> None:
        self.file = file
        self.path = path
        self.problems = problems
        self.node = node
        self.ok = node is not None and isinstance(node.value, dict)
        self.values: dict[str, Node] = node.value if node is not None and self.ok else {}
        self.line = node.line if node is not None else 0
        self.seen: set[str] = set()
        if node is not None and not self.ok:
            problems.add(file, node.line, path or "(top)", "must be a mapping of keys to values")

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str) -> Node | None:
        self.seen.add(key)
        return self.values.get(key)  # empty unless the node is a mapping

    def problem(self, key: str, message: str, node: Node | None = None) -> None:
        line = node.line if node is not None else self.line
        self.problems.add(self.file, line, self._key(key), message)

    def text(self, key: str, required: bool = True) -> str | None:
        self.seen.add(key)  # self.raw(key), the call saved: text is most of what metadata reads
        node = self.values.get(key)
        if node is None or node.value is None:
            if required and self.ok:
                self.problem(key, "is required (text)")
            return None
        if not isinstance(node.value, str) or not node.value.strip():
            self.problem(key, "must be non-empty text", node)
            return None
        return node.value

    def plain(self, key: str, required: bool = True) -> str | None:
        """Text that the theme writes into the page unescaped (page title, description): no HTML
        syntax characters, so it can never become markup or break out of an attribute."""
        value = self.text(key, required)
        if value is not None and _UNSAFE_RE.search(value):
            found = sorted(set(value) & set(UNSAFE))
            self.problem(key, f"must not contain {' '.join(found)}: it is written into the page's head and navigation "
                         "as it is (write quotes as “ ” or « »)", self.raw(key))
            return None
        return value

    def ident(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not ID_RE.match(value):
            self.problem(key, f"{value!r} is not {ID_HELP}", self.raw(key))
            return None
        return value

    def choice(self, key: str, choices: dict[str, Any], required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and value not in choices:
            self.problem(key, f"{value!r} is not one of: {', '.join(sorted(choices))}", self.raw(key))
            return None
        return value

    def integer(self, key: str, required: bool = True) -> int | None:
        node = self.raw(key)
        if node is None or node.value is None:
            if required and self.ok:
                self.problem(key, "is required (a whole number)")
            return None
        if isinstance(node.value, bool) or not isinstance(node.value, int) or node.value < 1:
            self.problem(key, "must be a whole number of at least 1", node)
            return None
        return node.value

    def boolean(self, key: str, default: bool) -> bool:
        node = self.raw(key)
        if node is None:
            return default
        if not isinstance(node.value, bool):
            self.problem(key, "must be true or false", node)
            return default
        return node.value

    def day(self, key: str, allow_unknown: bool) -> tuple[date | None, bool]:
        """A date written as YYYY-MM-DD; `unknown` when allowed. Returns (date, present)."""
        node = self.raw(key)
        if node is None:
            if self.ok:
                self.problem(key, "is required (YYYY-MM-DD" + (" or unknown)" if allow_unknown else ")"))
            return None, False
        if allow_unknown and node.value == "unknown":
            return None, True
        if isinstance(node.value, date):
            return node.value, True
        self.problem(key, "must be a date YYYY-MM-DD" + (" or unknown" if allow_unknown else ""), node)
        return None, False

    def items(self, key: str, required: bool = False) -> list[Node]:
        node = self.raw(key)
        if node is None or node.value is None:
            if required and self.ok:
                self.problem(key, "is required (a list)")
            return []
        if not isinstance(node.value, list):
            self.problem(key, "must be a list", node)
            return []
        return list(node.value)

    def texts(self, key: str) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self.items(key)):
            if isinstance(item.value, str) and item.value.strip():
                out.append(item.value)
            else:
                self.problems.add(self.file, item.line, f"{self._key(key)}[{i}]", "must be non-empty text")
        return tuple(out)

    def child(self, key: str, index: int | None = None, node: Node | None = None) -> Fields:
        path = self._key(key) + (f"[{index}]" if index is not None else "")
        return Fields(node if node is not None else self.raw(key), self.file, path, self.problems)

    def finish(self) -> None:
        """Report keys nobody asked for: a typo must never be silently ignored."""
        if not self.ok or self.node is None:
            return
        for key, value in self.node.value.items():
            if key not in self.seen:
                allowed = ", ".join(sorted(self.seen))
                self.problems.add(self.file, value.line, self._key(key), f"unknown key (allowed: {allowed})")


# -- The common shape, read without Fields ----------------------------------------------------------
#
# At 1,000 texts, metadata has some 10,000 list items (speakers, sections, quotes, links, ...), nearly
# all of them flow mappings without a problem, and reading each through a Fields (its seen set, one
# method call per key, finish) cost more than building the models. `common` reads an item that has
# the expected shape and no problem, with one check per key; it returns None for anything else, and
# the caller then reads that item with Fields, which reports whatever is wrong
# (tests/test_metadata_common.py compares the two on random and hostile items).

BAD = object()  # what a check returns for a value Fields would report (or that `common` leaves to it)
REQUIRED = object()  # a Shape's default for a key that must be given


def text_value(value: Any) -> Any:
    """Fields.text's value when it has no problem."""
    return value if isinstance(value, str) and value.strip() else BAD


def ident_value(value: Any) -> Any:
    """Fields.ident's value when it has no problem."""
    return value if isinstance(value, str) and ID_RE.match(value) else BAD  # an id is never blank


def integer_value(value: Any) -> Any:
    """Fields.integer's value when it has no problem."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else BAD


def boolean_value(value: Any) -> Any:
    """Fields.boolean's value when it has no problem."""
    return value if isinstance(value, bool) else BAD


def choice_value(choices: dict[str, Any]) -> Any:
    """Fields.choice's check, for these choices."""
    def check(value: Any) -> Any:
        return value if isinstance(value, str) and value in choices else BAD  # a choice is never blank
    return check


class Shape:
    """The keys of a mapping, each with the check of its value and its default (REQUIRED when it
    must be given): the `common` reading of what a sequence of Fields calls and finish() read."""

    __slots__ = ("keys", "fields")

    def __init__(self, *fields: tuple[str, Any, Any]) -> None:
        self.fields = fields
        self.keys = frozenset(key for key, _, _ in fields)


def common(values: Any, shape: Shape) -> list[Any] | None:
    """The values of a mapping (a node's value) of this shape, in the shape's order, when Fields
    would read them without a problem (no unknown key, no missing or wrong value); None otherwise."""
    if not isinstance(values, dict) or not shape.keys.issuperset(values):
        return None
    out = []
    for key, check, default in shape.fields:
        child = values.get(key)
        value = default if child is None else check(child.value)
        if value is BAD or value is REQUIRED:
            return None
        out.append(value)
    return out
