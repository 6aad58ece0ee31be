"""Loading and validating the annotation entries in seeds/entities.yml.

Each entry (person, organisation, place, term, event) has a permanent ASCII id, a canonical Arabic
name, a Latin name with `latin_verified` (false: shown as a transliteration), a short Arabic note,
every Arabic spelling that occurs in the texts, Latin aliases for search, spellings that are
ambiguous (never annotated), and for people dated roles. Every problem is collected and located:
`seeds/entities.yml:12: entities[3].kind: 'persn' is not one of: ...`. A spelling may name only one
entry: two entries whose spellings fold to the same matching key are an error, because the matcher
could not tell them apart.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import Problems
from .model import ENTITY_KINDS, Entity, Located, Role
from .schema import Fields
from .spelling import Key, show_key, spelling_key
from .yamlload import Node

ENTITIES_FILE = "seeds/entities.yml"
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def _day_or_unknown(f: Fields, key: str, required: bool) -> date | None:
    if f.raw(key) is None and not required:
        return None
    value, _ = f.day(key, allow_unknown=not required)
    return value


def _roles(f: Fields, kind: str | None) -> tuple[Role, ...]:
    out = []
    items = f.items("roles")
    if items and kind is not None and kind != "person":
        f.problem("roles", f"only a person has roles (this entry is a {kind})", f.raw("roles"))
    for i, item in enumerate(items):
        r = f.child("roles", i, item)
        role_ar, role_en = r.text("ar"), r.text("en", required=False)
        as_of = _day_or_unknown(r, "as_of", required=True)
        start = _day_or_unknown(r, "from", required=False)
        end = _day_or_unknown(r, "to", required=False)
        r.finish()
        if start and end and start > end:
            r.problem("to", f"ends ({end}) before it starts ({start})", r.raw("to"))
        if as_of and ((start and as_of < start) or (end and as_of > end)):
            r.problem("as_of", f"{as_of} is outside the role's dates", r.raw("as_of"))
        if role_ar:
            out.append(Role(role_ar, role_en, start, end, as_of))
    return tuple(out)


def _spellings(f: Fields, key: str, latin: bool) -> list[tuple[str, int]]:
    """Texts of a list with their lines; Latin aliases must not contain Arabic letters, Arabic
    spellings must contain some."""
    out = []
    for i, item in enumerate(f.items(key)):
        where = f"{f.path}.{key}[{i}]"
        if not isinstance(item.value, str) or not item.value.strip():
            f.problems.add(f.file, item.line, where, "must be non-empty text")
            continue
        text = item.value.strip()
        if latin and _ARABIC.search(text):
            f.problems.add(f.file, item.line, where, f"{text!r}: a Latin alias must be written in Latin letters")
            continue
        if not latin and not _ARABIC.search(text):
            f.problems.add(f.file, item.line, where, f"{text!r}: an Arabic spelling must contain Arabic letters "
                           "(Latin names go under latin)")
            continue
        out.append((text, item.line))
    return out


def load_entities(root: Node, file: str, problems: Problems) -> list[Entity]:
    top = Fields(root, file, "", problems)
    entities: list[Entity] = []
    seen_ids: dict[str, int] = {}
    # matching key → (entity id, spelling, line): a key names one entry, or is ambiguous.
    owners: dict[Key, tuple[str, str, int]] = {}
    ambiguous: dict[Key, tuple[str, str, int]] = {}
    for i, item in enumerate(top.items("entities", required=True)):
        f = top.child("entities", i, item)
        eid = f.ident("id")
        kind = f.choice("kind", ENTITY_KINDS)
        name_ar, name_en = f.text("name_ar"), f.text("name_en")
        verified = f.boolean("latin_verified", default=False)
        note_ar = f.text("note_ar")
        variants = _spellings(f, "variants", latin=False)
        latin = _spellings(f, "latin", latin=True)
        ambig = _spellings(f, "ambiguous", latin=False)
        roles = _roles(f, kind)
        f.finish()
        if name_ar is not None and not _ARABIC.search(name_ar):
            f.problem("name_ar", f"{name_ar!r} must be written in Arabic letters", f.raw("name_ar"))
        if eid is not None:
            if eid in seen_ids:
                f.problem("id", f"duplicate entity id {eid!r} (first at line {seen_ids[eid]})", f.raw("id"))
                continue
            seen_ids[eid] = item.line
        if None in (eid, kind, name_ar, name_en, note_ar):
            continue
        assert eid and kind and name_ar and name_en and note_ar
        name_node = f.raw("name_ar")
        spellings = [(name_ar.strip(), name_node.line if name_node else item.line), *variants]
        kept: list[str] = []
        for text, line in spellings:
            key = spelling_key(text)
            if not key:
                problems.add(file, line, f"{f.path}.variants", f"{text!r} has no letters to match")
                continue
            owner = owners.get(key)
            if owner is not None and owner[0] != eid:
                problems.add(file, line, f"{f.path}.variants",
                             f"{text!r} is also a spelling of {owner[0]!r} ({owner[1]!r}, line {owner[2]}): a "
                             "spelling names one entry; if it can name both, list it under ambiguous instead")
                continue
            if key in ambiguous:
                problems.add(file, line, f"{f.path}.variants",
                             f"{text!r} is listed as ambiguous for {ambiguous[key][0]!r} (line {ambiguous[key][2]})")
                continue
            if owner is None:
                owners[key] = (eid, text, line)
                kept.append(text)
        for text, line in ambig:
            key = spelling_key(text)
            if key in owners:
                problems.add(file, line, f"{f.path}.ambiguous",
                             f"{text!r} matches the spelling {show_key(key)!r} of {owners[key][0]!r} "
                             f"(line {owners[key][2]}): a spelling is either an entry's or ambiguous")
                continue
            ambiguous.setdefault(key, (eid, text, line))
        aliases = list(dict.fromkeys([name_en, *(t for t, _ in latin)]))
        entities.append(Entity(eid, kind, name_ar, name_en, verified, note_ar, tuple(kept), tuple(aliases), roles,
                               Located(file, item.line), tuple(t for t, _ in ambig)))
    top.finish()
    return entities
