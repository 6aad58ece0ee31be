"""The model classes whose __init__ is written by hand (Paragraph, Located: made tens of thousands of
times, the hand-written one writes the instance's dictionary instead of calling object.__setattr__ per
field) stay the frozen dataclasses they were: the same parameters as their fields, in order, with the
same defaults; the values where the generated __init__ puts them; frozen; replace, eq, hash and repr
as a dataclass generated from the same fields has them."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from edition.model import Located, Paragraph, Span

CASES: list[tuple[type, tuple[Any, ...], dict[str, Any]]] = [
    (Paragraph, ("p1", 3, "نص"), {}),
    (Paragraph, ("p1", 3, "نص", (Span(0, 1, "mention", "x"),), "hood"), {}),
    (Paragraph, ("p2",), {"line": 4, "text": "x", "speaker": None}),
    (Located, ("seeds/x.meta.yml", 7), {}),
    (Located, (), {"file": "f", "line": 0}),
]


def _generated(cls: type) -> type:
    """The frozen dataclass generated from the class's fields (its own __init__)."""
    return dataclasses.make_dataclass(cls.__name__, [(f.name, f.type, f) for f in dataclasses.fields(cls)],
                                      frozen=True)


@pytest.mark.parametrize("cls", [Paragraph, Located])
def test_signature_is_the_fields(cls: type) -> None:
    parameters = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [inspect.Parameter.empty if f.default is dataclasses.MISSING
                                               else f.default for f in fields]


@pytest.mark.parametrize(("cls", "args", "kwargs"), CASES)
def test_same_as_the_generated_init(cls: type, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    made, reference = cls(*args, **kwargs), _generated(cls)(*args, **kwargs)
    assert dataclasses.asdict(made) == dataclasses.asdict(reference)
    assert vars(made) == vars(reference)
    assert hash(made) == hash(reference) and repr(made) == repr(reference)
    assert made == cls(*args, **kwargs) and made == dataclasses.replace(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 9
    name = dataclasses.fields(cls)[0].name
    assert getattr(dataclasses.replace(made, **{name: "other"}), name) == "other"
