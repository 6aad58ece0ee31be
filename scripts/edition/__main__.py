"""Command line: `python -m edition markdown|build|lock|check`.

markdown  write the complete docs tree (hand-written docs plus generated pages) to a folder
build     build the static site into site/ (strict); on failure the previous site/ stays in place
lock      record every id the current sources publish in seeds/ids.lock.json
check     load and validate everything; print located problems
synth     write a copy of the project with N synthetic briefings (for benchmarks) to a folder
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import site
from .errors import EditionError

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    md = sub.add_parser("markdown", help="write the docs tree with generated pages")
    md.add_argument("--out", type=Path, default=ROOT / "build" / "docs")
    b = sub.add_parser("build", help="build the static site")
    b.add_argument("--out", type=Path, default=ROOT / "site")
    sub.add_parser("lock", help="record the published ids in seeds/ids.lock.json")
    sub.add_parser("check", help="validate sources and metadata")
    sy = sub.add_parser("synth", help="write a project copy with N synthetic briefings")
    sy.add_argument("n", type=int)
    sy.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "markdown":
            count = site.write_markdown(ROOT, args.out)
            print(f"wrote {count} files to {args.out}")
        elif args.command == "build":
            site.build_site(ROOT, args.out)
            print(f"built the site in {args.out}")
        elif args.command == "lock":
            changed = site.update_lock(ROOT)
            print("seeds/ids.lock.json " + ("updated" if changed else "already up to date"))
        elif args.command == "synth":
            from .synth import synth_project

            synth_project(ROOT, args.n, args.out)
            print(f"wrote a project with {args.n} synthetic briefings to {args.out} (build it with its scripts/build)")
        else:
            corpus = site.load(ROOT)
            print(f"ok: {len(corpus.briefings)} texts, {len(corpus.meetings)} meetings")
            if not site.lock_is_current(ROOT):
                print("seeds/ids.lock.json is out of date: run `python -m edition lock` before publishing, "
                      "and commit it", file=sys.stderr)
                return 1
    except EditionError as exc:
        print(f"{len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
