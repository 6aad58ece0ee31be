"""The benchmark's synthetic corpus: deterministic, valid, spread over meetings and speakers, and
exercising quotes, links and debris, so the whole pipeline runs on it."""

from __future__ import annotations

from pathlib import Path

from edition.pipeline import Inputs, load_corpus, site_files
from edition.synth import synth_project, synth_seeds

ROOT = Path(__file__).resolve().parents[1]


def test_same_n_gives_the_same_bytes() -> None:
    inputs = Inputs.from_dir(ROOT)
    first = synth_seeds(12, inputs)
    assert first == synth_seeds(12, inputs)
    assert synth_seeds(13, inputs)["seeds/synth-00000.txt"] == first["seeds/synth-00000.txt"]


def test_synthetic_corpus_is_valid_and_varied() -> None:
    real = Inputs.from_dir(ROOT)
    files = synth_seeds(60, real)
    assert not any(p.endswith(".txt") and "synth-" not in p for p in files), "real texts are not copied"
    corpus = load_corpus(Inputs(files))
    assert len(corpus.briefings) == 60
    assert len(corpus.hub_meetings) >= 3
    assert {m.id for m in load_corpus(real).meetings} <= {m.id for m in corpus.meetings}
    assert len({s.speaker for b in corpus.briefings for s in b.sections if s.speaker}) >= 5
    spans = {sp.kind for b in corpus.briefings for p in b.paragraphs for sp in p.spans}
    assert {"quote", "label", "link"} <= spans
    assert any(b.debris for b in corpus.briefings)
    sizes = sorted(len(b.raw) for b in corpus.briefings)
    real_sizes = sorted(len(b.raw) for b in load_corpus(real).briefings)
    assert real_sizes[0] <= sizes[len(sizes) // 2] <= real_sizes[-1] * 1.2, "seed-sized texts"
    real_paragraphs = {p.text for b in load_corpus(real).briefings for p in b.paragraphs if len(p.text) > 40}
    texts = [p.text for b in corpus.briefings for p in b.paragraphs]
    assert all(any(r in t for r in real_paragraphs) for t in texts), "each holds a whole real paragraph"
    # Framed by two real sentences of other paragraphs: a synthetic paragraph (almost) never repeats,
    # so nothing that works once per distinct text looks faster on the benchmark than on real texts.
    assert len(set(texts)) >= 0.98 * len(texts), (len(set(texts)), len(texts))
    pages = site_files(corpus)
    assert "briefings/synth-00059.md" in pages


def test_synthetic_project_is_a_buildable_copy(tmp_path: Path) -> None:
    dest = synth_project(ROOT, 3, tmp_path / "p")
    assert (dest / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    assert (dest / "scripts" / "build").exists()
    assert sorted(p.name for p in (dest / "seeds").glob("*.txt")) == [f"synth-0000{i}.txt" for i in range(3)]
