"""The model classes given a dictionary-writing __init__ (model._dict_init: Paragraph, Located, the
metadata specs, Section, Briefing, ... made tens of thousands of times while loading) stay the frozen
dataclasses they were: the same parameters as their fields, in order, with the same defaults; the
values where the generated __init__ puts them, given by position or by name, defaults left out;
frozen; replace, eq, hash and repr as a dataclass generated from the same fields has them."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from edition import model
from edition.model import Located, Paragraph, Span

CLASSES = [c for c in vars(model).values()
           if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == model.__name__]


def _generated(cls: type) -> type:
    """The frozen dataclass generated from the class's fields (with its generated __init__)."""
    return dataclasses.make_dataclass(cls.__name__, [(f.name, f.type, f) for f in dataclasses.fields(cls)],
                                      frozen=True)


def test_the_loading_classes_are_marked() -> None:
    marked = {c.__name__ for c in CLASSES if c.__init__.__code__.co_names == ("__dict__",)}  # no __setattr__
    assert {"Paragraph", "Located", "Speaker", "SectionSpec", "QuoteSpec", "LinkSpec", "DebrisSpec", "Retirement",
            "BriefingMeta", "Section", "Briefing"} <= marked


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_same_as_the_generated_init(cls: type) -> None:
    fields = dataclasses.fields(cls)
    parameters = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in fields]
    for p, f in zip(parameters, fields, strict=True):
        if f.default is not dataclasses.MISSING:
            assert p.default == f.default
        elif f.default_factory is dataclasses.MISSING:
            assert p.default is inspect.Parameter.empty
    values = [f"value {i}" for i in range(len(fields))]
    required = [f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    for args, kwargs in ((values, {}), ((), dict(zip([f.name for f in fields], values, strict=True))),
                         ((), {name: f"only {name}" for name in required})):
        made, reference = cls(*args, **kwargs), _generated(cls)(*args, **kwargs)
        assert vars(made) == vars(reference)
        assert hash(made) == hash(reference) and repr(made) == repr(reference)
        assert made == cls(*args, **kwargs) and made == dataclasses.replace(made)
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.x = 9  # type: ignore[attr-defined]
        first = fields[0].name
        assert getattr(dataclasses.replace(made, **{first: "other"}), first) == "other"


def test_real_values() -> None:
    p = Paragraph("p1", 3, "نص", (Span(0, 1, "mention", "x"),), "hood")
    assert (p.id, p.line, p.text, p.spans, p.speaker) == ("p1", 3, "نص", (Span(0, 1, "mention", "x"),), "hood")
    assert Paragraph("p2", 4, "x") == Paragraph("p2", 4, "x", (), None)
    assert str(Located("seeds/x.meta.yml", 7)) == "seeds/x.meta.yml:7"
    assert dataclasses.asdict(Located("f", 1)) == {"file": "f", "line": 1}
