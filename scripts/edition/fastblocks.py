"""A Markdown speed-up for the generated pages: runs of HTML block lines stashed as one raw block.

Every paragraph of a briefing is one line of HTML written by the renderer (`<div class="para"
id="p…">…</div>`, every source character escaped), and so are its editorial blocks (metadata,
abstract, section notes, citation block). Python-Markdown would run each of them through
its HTML parser and then through the inline processor, which at 1,000 briefings is most of the
build. This preprocessor runs first and stores each run of such lines (separated by blank lines)
as one raw HTML block, exactly as the raw-HTML preprocessor would have stored them one by one: the
HTML that comes out is the same, byte for byte (tests/test_perf_units.py checks it on every page).
The Markdown itself is unchanged; other renderers read it as it is.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

# The renderer's block lines: a paragraph (render.Renderer.paragraph) or an editorial block (<div
# class=…>, <dl class=…>, <ul class=…>, <ol class=…>), each one complete element on one line, every
# character inside escaped.
PARAGRAPH_LINE = re.compile(r'^<(div|dl|ul|ol) class="[^"<>]*"[^\n]*</\1>$')


class _ParagraphRuns(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        n = len(lines)

        def alone(i: int) -> bool:
            """A paragraph line with a blank line (or the page's edge) on both sides: a block of its own."""
            return (PARAGRAPH_LINE.match(lines[i]) is not None and (i == 0 or lines[i - 1] == "")
                    and (i == n - 1 or lines[i + 1] == ""))

        out: list[str] = []
        i = 0
        while i < n:
            if not alone(i):
                out.append(lines[i])
                i += 1
                continue
            run = [lines[i]]
            j = i + 1
            while True:
                k = j
                while k < n and lines[k] == "":
                    k += 1
                if k < n and k > j and alone(k):
                    run.append(lines[k])
                    j = k + 1
                else:
                    break
            out += ["", self.md.htmlStash.store("\n\n".join(run) + "\n"), ""]
            i = j
        return out


class FastParagraphBlocks(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's naming)
        # Before the raw-HTML preprocessor (20), after whitespace normalisation (30).
        md.preprocessors.register(_ParagraphRuns(md), "edition_paragraph_runs", 25)
