"""Moved pages other than briefings (which list theirs under `old_addresses:` in their metadata):
`seeds/moved.yml` says where a published address now lives, so it keeps working as a redirect.

    moved:
      - {from: entities/old-id/, to: entities/new-id/, reason: the entry was renamed}

Every problem is located: a malformed address, an address that is still a page, a target that is
not a page of the site. The lock (ids.py) then accepts the old address as kept.
"""

from __future__ import annotations

from .errors import EditionError, Problems
from .ids import ADDRESS
from .model import Located, Moved
from .schema import Fields
from .yamlload import load_yaml

MOVED_FILE = "seeds/moved.yml"


def _address(value: str) -> str:
    return value.strip("/") + "/"


def load_moved(files: dict[str, bytes], problems: Problems) -> tuple[Moved, ...]:
    if MOVED_FILE not in files:
        return ()
    try:
        root = load_yaml(files[MOVED_FILE].decode("utf-8-sig"), MOVED_FILE)
    except EditionError as exc:
        problems.extend(exc)
        return ()
    except UnicodeDecodeError as exc:
        problems.add(MOVED_FILE, 0, "", f"byte {exc.start}: not valid UTF-8")
        return ()
    top = Fields(root, MOVED_FILE, "", problems)
    out: list[Moved] = []
    for i, item in enumerate(top.items("moved", required=True)):
        f = top.child("moved", i, item)
        old, new, reason = f.text("from"), f.text("to"), f.text("reason")
        f.finish()
        for key, value in (("from", old), ("to", new)):
            if value is not None and (not ADDRESS.match(value) or value.strip("/") == ""):
                f.problem(key, f"{value!r} is not a page address: path segments of ASCII letters, digits, "
                          "'-', '_' and '.', such as entities/old-id/", f.raw(key))
                old = new = None
        if old and new and reason:
            if any(m.old == _address(old) for m in out):
                f.problem("from", f"{old!r} is moved twice", f.raw("from"))
            out.append(Moved(_address(old), _address(new), reason, Located(MOVED_FILE, item.line)))
    top.finish()
    return tuple(out)


def check_moved(moved: tuple[Moved, ...], pages: set[str], problems: Problems) -> None:
    """`pages`: the addresses of the generated pages (redirects excluded)."""
    for m in moved:
        if m.old in pages:
            problems.add(m.where.file, m.where.line, "moved.from",
                         f"{m.old} is still a page of the site: only an address that no page has any more can move")
        if m.new not in pages:
            problems.add(m.where.file, m.where.line, "moved.to", f"{m.new} is not a page of the site")
