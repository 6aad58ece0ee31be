"""The benchmark behind `scripts/bench`: synthetic corpora of N briefings built by the real build and
by a plain Material build of the same texts, measured side by side (see __main__.py)."""
