"""Safe YAML loading that keeps line numbers.

Only YAML's safe tags are constructed (no `!!python/...`); duplicate keys are errors. Mappings and
sequences come back as `Node` objects that remember the line of every key and item, so validation
can say `file:line: key: problem`.

Metadata files are written in a small part of YAML (block mappings and sequences, one-line flow
mappings, one-line scalars), and at 1,000 texts composing them through PyYAML's nodes cost more than
everything else in loading the metadata. `_common_tree` reads that part directly (one line at a
time, a flow mapping by one regex) and gives up on anything else, which then goes the whole way
through PyYAML: so every error, with its message, still comes from PyYAML and `_convert`.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

import yaml

from .errors import EditionError, Problem


class Node(NamedTuple):
    """A YAML value with its 1-based line. `value` is a dict[str, Node], a list[Node] or a scalar.

    A named tuple (immutable like a frozen dataclass): 1,000 metadata files make 75,000 of them, and
    a frozen dataclass's __init__ costs three times as much."""

    value: Any
    line: int

    def get(self, key: str) -> Node | None:
        assert isinstance(self.value, dict)
        found: Node | None = self.value.get(key)
        return found


# Node((value, line)) without the named tuple's own __new__, a Python function: for the values of flow
# mappings, most of the 75,000 nodes of 1,000 metadata files.
_node = functools.partial(tuple.__new__, Node)


class _Loader(yaml.SafeLoader):
    pass


# libyaml's parser (when PyYAML has it) composes the same nodes about ten times faster; a document
# it refuses is parsed again by the pure-Python loader, so error messages stay the same.
_FastLoader: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _convert(loader: Any, node: yaml.Node, file: str, problems: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        problems.append(Problem(file, line, "", f"not allowed here: the tag {node.tag}"))
        return Node(None, line)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                problems.append(Problem(file, key_node.start_mark.line + 1, str(key), "keys must be text"))
                continue
            if key in out:
                problems.append(Problem(file, key_node.start_mark.line + 1, key, "duplicate key"))
                continue
            out[key] = _convert(loader, value_node, file, problems)
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(loader, item, file, problems) for item in node.value], line)
    if node.tag == "tag:yaml.org,2002:str":  # what SafeConstructor.construct_yaml_str returns, without its overhead
        return Node(node.value, line)
    try:
        return Node(loader.construct_object(node, deep=True), line)
    except yaml.constructor.ConstructorError as exc:
        problems.append(Problem(file, line, "", f"not allowed here: {exc.problem}"))
        return Node(None, line)


def load_yaml(text: str, file: str) -> Node:
    """Parse one YAML document; raise EditionError with every located problem."""
    common = _common_tree(text)
    if common is not None:
        return common
    return _composed_tree(text, file)


def _composed_tree(text: str, file: str) -> Node:
    """The document composed by PyYAML (libyaml's parser, then the pure-Python one for its messages)."""
    problems: list[Problem] = []
    if _FastLoader is not None:
        fast = _FastLoader(text)
        try:
            root = fast.get_single_node()
        except yaml.YAMLError:
            pass
        else:
            if root is None:
                raise EditionError([Problem(file, 1, "", "the file is empty")])
            result = _convert(fast, root, file, problems)
            if problems:
                raise EditionError(problems)
            return result
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        raise EditionError([Problem(file, line, "", f"invalid YAML: {exc.problem}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise EditionError([Problem(file, 1, "", "the file is empty")])
    result = _convert(loader, root, file, problems)
    if problems:
        raise EditionError(problems)
    return result


# -- The common part of YAML, read directly ------------------------------------------------------
#
# What `_common_tree` accepts, and gives exactly what PyYAML gives for it (tests/test_yaml_common.py
# compares the two on every seed and on random documents built to be near the edges):
# - characters: LF line ends, printable characters of the Basic Multilingual Plane except the ones
#   YAML reads as line ends (NEL, U+2028, U+2029) and the byte-order mark; no tab, no CR;
# - no directive, document marker, anchor, alias, tag, block scalar, quoted key or complex key;
# - comments on lines of their own, or after a value that is not plain (` # ...`);
# - a block mapping's keys (plain, ASCII letters, digits, _ and -) at one indentation, each with its
#   value on the same line or a block below it (more indented, or a sequence at the key's own
#   indentation); a block sequence's items (`- `) at one indentation: a block mapping that starts on
#   the item's line, or a value on that line;
# - values on one line: a double-quoted string without escapes, a single-quoted string, a flow
#   mapping or sequence of those, or a plain scalar without `:` or `#` (resolved to null, bool,
#   int, float or date by PyYAML's own resolvers and built by its own constructors).
# Anything else, and any document that would have a problem (a duplicate key, a key that is not text,
# a value that does not construct), returns None: PyYAML then reads it and reports what it finds.

_STR_TAG = "tag:yaml.org,2002:str"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = yaml.SafeLoader.yaml_implicit_resolvers
_CONSTRUCTORS: dict[Any, Any] = yaml.SafeLoader.yaml_constructors
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_UNUSUAL = re.compile("[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_KEY = r"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}"
_DQ = r'"[^"\\]*"'
_PLAIN_START = r"[^ \-?:,\[\]{}#&*!|>'\"%@`]"
_FLOW_PLAIN = _PLAIN_START + r"[^:#,\[\]{}]*"
_BLOCK_KEY = re.compile(rf"({_KEY}):(?: +|$)")
_DASH = re.compile(r"- +")
_END = re.compile(r" *(?: #.*)?")
_BLOCK_PLAIN = re.compile(_PLAIN_START + r"[^:#]*")
_FLOW_PLAIN_RE = re.compile(_FLOW_PLAIN)
_DQ_RE = re.compile(r'"([^"\\]*)"')
_SQ_RE = re.compile(r"'((?:[^']|'')*)'")
# A flow mapping of keys and plain or double-quoted values, or flow mappings of those (most of them):
# checked whole by one regex, then split by another.
_FLAT_INNER = rf"\{{ *{_KEY}: +(?:{_DQ}|{_FLOW_PLAIN})(?: *, *{_KEY}: +(?:{_DQ}|{_FLOW_PLAIN}))* *\}}"
_FLAT_VALUE = rf"(?:{_DQ}|{_FLOW_PLAIN}|{_FLAT_INNER})"
_FLAT_MAP = re.compile(rf"\{{ *{_KEY}: +{_FLAT_VALUE}(?: *, *{_KEY}: +{_FLAT_VALUE})* *\}}")
# (A plain value's group ends at its last character that is not a space: the spaces before a comma
# are no part of it.)
_FLAT_ITEM = re.compile(rf'({_KEY}): +(?:"([^"\\]*)"|({_PLAIN_START}(?:[^:#,\[\]{{}}]*[^:#,\[\]{{}} ])?)|({_FLAT_INNER}))')
_FLOW_KEY = re.compile(rf" *({_KEY}): +")
_EMPTY_MAP = re.compile(r"\{ *\}")
_EMPTY_SEQ = re.compile(r"\[ *\]")
_NEXT = re.compile(r" *([,}\]]) *")

class _Rows:
    """The lines that hold something (not blank, not only a comment): their numbers, indentations
    and words (without trailing spaces), in three lists rather than a tuple per line, so that reading
    a file leaves the garbage collector fewer new objects to look at."""

    __slots__ = ("numbers", "indents", "words")

    def __init__(self, text: str) -> None:
        self.numbers: list[int] = []
        self.indents: list[int] = []
        self.words: list[str] = []
        for number, raw in enumerate(text.split("\n"), start=1):
            words = raw.lstrip(" ")
            if words and words[0] != "#":
                self.numbers.append(number)
                self.indents.append(len(raw) - len(words))
                self.words.append(words.rstrip(" "))


class _Unusual(Exception):
    """Raised where the document leaves the common part: PyYAML reads it instead. A new one each
    time: an exception object raised again keeps every traceback it went through, and with them the
    frames (and the corpus) of every earlier load."""


def _common_tree(text: str) -> Node | None:
    """The document's tree when it is written in the common part of YAML (above), else None.

    A document marker or a directive (`---`, `...`, `%` at the start of a line) needs no search of its
    own: such a line is a row at indentation 0 that neither a key nor a dash starts, and every row at
    indentation 0 is read as a key of the top mapping or an item of a sequence at that indentation,
    so the line leaves the common part there."""
    if _UNUSUAL.search(text):
        return None
    rows = _Rows(text)
    if not rows.words or rows.indents[0] != 0:
        return None
    try:
        root, end = _block(rows, 0, 0)
    except _Unusual:
        return None
    return root if end == len(rows.words) else None


def _block(rows: _Rows, i: int, indent: int) -> tuple[Node, int]:
    if rows.words[i].startswith("- "):
        return _sequence(rows, i, indent, False)
    return _mapping(rows, i, indent)


def _mapping(rows: _Rows, i: int, indent: int) -> tuple[Node, int]:
    """The block mapping whose keys are at `indent` from row i; the node and the row after it."""
    out: dict[str, Node] = {}
    indents, lines = rows.indents, rows.words
    n = len(lines)
    first = rows.numbers[i]
    while i < n and indents[i] == indent:
        words = lines[i]
        match = _BLOCK_KEY.match(words)
        if match is None:
            raise _Unusual
        key = _key(match.group(1))
        if key in out:
            raise _Unusual
        if match.end() < len(words):
            out[key] = _line_value(words, match.end(), rows.numbers[i])
            i += 1
        elif i + 1 < n and indents[i + 1] > indent:
            out[key], i = _block(rows, i + 1, indents[i + 1])
        elif i + 1 < n and indents[i + 1] == indent and lines[i + 1].startswith("- "):
            out[key], i = _sequence(rows, i + 1, indent, True)
        else:  # an empty value: null, placed by libyaml's rules
            raise _Unusual
    if i < n and indents[i] > indent:
        raise _Unusual
    return Node(out, first), i


def _sequence(rows: _Rows, i: int, indent: int, under_key: bool) -> tuple[Node, int]:
    """The block sequence whose dashes are at `indent` from row i (at its key's indentation when
    `under_key`); the node and the row after it."""
    items: list[Node] = []
    indents, lines = rows.indents, rows.words
    n = len(lines)
    first = rows.numbers[i]
    while i < n and indents[i] == indent and lines[i].startswith("- "):
        words = lines[i]
        if words.startswith("- {"):  # a flow mapping (most items in metadata): what _line_value does
            node, end = _flow_mapping(words, 2, rows.numbers[i])
            if end != len(words) and _END.fullmatch(words, end) is None:  # (words has no trailing space)
                raise _Unusual
            items.append(node)
            i += 1
            continue
        dash = _DASH.match(words)
        assert dash is not None
        if _BLOCK_KEY.match(words, dash.end()):  # a block mapping that starts on the item's line
            indents[i], lines[i] = indent + dash.end(), words[dash.end():]
            node, i = _mapping(rows, i, indents[i])
        else:
            node = _line_value(words, dash.end(), rows.numbers[i])
            i += 1
        items.append(node)
    if i < n and (indents[i] > indent or (indents[i] == indent and not under_key)):
        raise _Unusual
    return Node(items, first), i


def _line_value(words: str, at: int, line: int) -> Node:
    """The value that ends a row (after a key or a dash), a comment allowed after it unless plain."""
    if words[at] in "\"'{[":
        node, end = _flow_value(words, at, line)
        if end != len(words) and _END.fullmatch(words, end) is None:
            raise _Unusual
        return node
    plain = _BLOCK_PLAIN.fullmatch(words, at)
    if plain is None:
        raise _Unusual
    return _plain(plain.group(), line)


def _flow_value(words: str, at: int, line: int) -> tuple[Node, int]:
    """A value of flow style at words[at]; the node and where it ends."""
    first = words[at:at + 1]
    if first == '"':
        match = _DQ_RE.match(words, at)
        if match is None:
            raise _Unusual
        return Node(match.group(1), line), match.end()
    if first == "'":
        match = _SQ_RE.match(words, at)
        if match is None:
            raise _Unusual
        return Node(match.group(1).replace("''", "'"), line), match.end()
    if first == "{":
        return _flow_mapping(words, at, line)
    if first == "[":
        return _flow_sequence(words, at, line)
    match = _FLOW_PLAIN_RE.match(words, at)
    if match is None:
        raise _Unusual
    value = match.group().rstrip(" ")
    return _plain(value, line), at + len(value)


def _flow_mapping(words: str, at: int, line: int) -> tuple[Node, int]:
    out: dict[str, Node] = {}
    flat = _FLAT_MAP.match(words, at)
    if flat is not None:
        items = _FLAT_ITEM.findall(words, at, flat.end())
        for key, quoted, plain, inner in items:
            if inner:
                out[key] = _flow_mapping(inner, 0, line)[0]
            else:  # what _plain does, without the call
                out[key] = _node((quoted, line) if not plain else
                                 (plain if plain[0] not in _RESOLVERS else _resolved(plain), line))
        if len(out) != len(items) or not (_TEXT_KEYS.issuperset(out) or _text_keys(out)):  # a duplicate key,
            raise _Unusual                                                             # or one not text
        return _node((out, line)), flat.end()
    empty = _EMPTY_MAP.match(words, at)
    if empty is not None:
        return Node(out, line), empty.end()
    at += 1
    while True:
        match = _FLOW_KEY.match(words, at)
        if match is None:
            raise _Unusual
        key = _key(match.group(1))
        if key in out:
            raise _Unusual
        out[key], at = _flow_value(words, match.end(), line)
        after = _NEXT.match(words, at)
        if after is None or after.group(1) == "]":
            raise _Unusual
        if after.group(1) == "}":
            return Node(out, line), at + after.group().index("}") + 1
        at = after.end()


def _flow_sequence(words: str, at: int, line: int) -> tuple[Node, int]:
    items: list[Node] = []
    empty = _EMPTY_SEQ.match(words, at)
    if empty is not None:
        return Node(items, line), empty.end()
    at += 1
    while True:
        while words.startswith(" ", at):
            at += 1
        node, at = _flow_value(words, at, line)
        items.append(node)
        after = _NEXT.match(words, at)
        if after is None or after.group(1) == "}":
            raise _Unusual
        if after.group(1) == "]":
            return Node(items, line), at + after.group().index("]") + 1
        at = after.end()


_BY_FIRST = {first: (*resolvers, *_RESOLVERS.get(None, [])) for first, resolvers in _RESOLVERS.items()}
_WILDCARD = tuple(_RESOLVERS.get(None, []))


def _implicit_tag(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar (Resolver.resolve, without path resolvers)."""
    for tag, regexp in _BY_FIRST.get(value[0] if value else "", _WILDCARD):
        if regexp.match(value):
            return tag
    return _STR_TAG


def _not_text() -> re.Pattern[str]:
    """One regex for "some resolver takes this non-empty plain scalar": each resolver's own regex,
    tried only where the scalar's first character is one it is registered for (as Resolver.resolve
    does), so a scalar it does not match resolves to text."""
    firsts: dict[re.Pattern[str], str] = {}
    for first, resolvers in _RESOLVERS.items():
        for _, regexp in resolvers:
            if first:
                firsts[regexp] = firsts.get(regexp, "") + first
    assert not _WILDCARD and all(regexp.flags & ~(re.X | re.U) == 0 for regexp in firsts)
    return re.compile("|".join(f"(?=[{re.escape(chars)}])(?{'x' if regexp.flags & re.X else ''}:{regexp.pattern})"
                               for regexp, chars in firsts.items()))


_NOT_TEXT = _not_text()


@functools.lru_cache(maxsize=1024)
def _text_key(value: str) -> bool:
    """Whether a key is text, not such as `yes`, `null` or `1` (which PyYAML reports). Metadata files
    use a few dozen keys, each thousands of times: the answer is kept."""
    return value[0] not in _RESOLVERS or not _NOT_TEXT.match(value)


_TEXT_KEYS: set[str] = set()  # keys found to be text: a few dozen in metadata, each used thousands of times


def _text_keys(keys: dict[str, Node]) -> bool:
    """Whether every key of a mapping is text (a set's superset test, in C, for the keys seen before)."""
    if _TEXT_KEYS.issuperset(keys):
        return True
    if not all(map(_text_key, keys)):
        return False
    if len(_TEXT_KEYS) < 4096:
        _TEXT_KEYS.update(keys)
    return True


def _key(value: str) -> str:
    if not _text_key(value):
        raise _Unusual
    return value


def _plain(value: str, line: int) -> Node:
    if value[0] not in _RESOLVERS:
        return Node(value, line)
    return Node(_resolved(value), line)


@functools.lru_cache(maxsize=1024)
def _resolved(value: str) -> Any:
    """What a plain scalar that may resolve to something else than text constructs to (kept: a few
    such values, `true`, `1` or a date, come back in every file; each is immutable)."""
    if not _NOT_TEXT.match(value):
        return value
    tag = _implicit_tag(value)
    if tag == _STR_TAG:
        return value
    if tag == _BOOL_TAG:  # what SafeConstructor.construct_yaml_bool returns
        return _CONSTRUCTOR.bool_values[value.lower()]
    if tag == _INT_TAG and value.isdigit() and value[0] != "0":  # construct_yaml_int's last case
        return int(value)
    constructor = _CONSTRUCTORS.get(tag)
    if constructor is None or tag.endswith((":merge", ":value")):
        raise _Unusual
    try:
        return constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except Exception:  # noqa: BLE001 - PyYAML reads it again and says (or raises) what it does
        raise _Unusual from None
