"""Safe YAML loading that keeps line numbers.

Only YAML's safe tags are constructed (no `!!python/...`); duplicate keys are errors. Mappings and
sequences come back as `Node` objects that remember the line of every key and item, so validation
can say `file:line: key: problem`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .errors import EditionError, Problem


@dataclass(frozen=True)
class Node:
    """A YAML value with its 1-based line. `value` is a dict[str, Node], a list[Node] or a scalar."""

    value: Any
    line: int

    def get(self, key: str) -> Node | None:
        assert isinstance(self.value, dict)
        found: Node | None = self.value.get(key)
        return found


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
