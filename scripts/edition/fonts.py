"""Self-hosted fonts: pinned OFL fonts subset to what the site needs, as WOFF2, plus their CSS.

`scripts/fonts` runs this module. It fetches two npm packages that carry Google Fonts' static TTF
files (Noto Naskh Arabic for the Arabic text, Noto Serif for Latin fragments), checks each
package against its pinned integrity hash, subsets every face to the characters declared below,
and writes `docs/assets/fonts/*.woff2` and `docs/assets/fonts/fonts.css`. The output is committed
(the fonts are source assets); running the script again gives the same bytes. The CSS lists for
each face exactly the characters its subset holds (its `unicode-range`), so a browser only ever
downloads a face for characters it can draw, and a character outside every subset falls back
visibly to a system font (tests/test_reader.py checks that no character of the site does).

Needs the `fonts` extra of pyproject.toml (fontTools, Brotli) and npm; nothing here runs at
build or test time.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[2] / "docs" / "assets" / "fonts"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # the registry's sha512 of the tarball
    licence: str  # the OFL text inside the package
    licence_out: str


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    package: Package
    member: str  # the TTF inside the package
    out: str
    ranges: tuple[tuple[int, int], ...]


NASKH = Package("@expo-google-fonts/noto-naskh-arabic", "0.4.5",
                "sha512-KN73tROdoKQubTZ/ZsERCdAlZ1cBLRbRIe196tISAcPLgIqMvIgFCUs1xsrS/pe3fIYxT9l+c95sQF8wv48ijA==",
                "package/LICENSE_FONT", "OFL-NotoNaskhArabic.txt")
SERIF = Package("@expo-google-fonts/noto-serif", "0.4.2",
                "sha512-1xvAYegrtpCuPPunSyhvhV9FHWEzCWjikEoUJkvHt+WWvt+h7lKr+vkXNpqwFQM4W3KjXOccfLd5s04xLMjjDQ==",
                "package/LICENSE_FONT", "OFL-NotoSerif.txt")

# The Arabic face draws Arabic letters, marks and punctuation, and the digits and ASCII
# punctuation that sit inside Arabic text (so they match its weight and size); Latin letters are
# left to the Latin face. Beyond the basic letters: the extra letters Arabic news text uses for
# foreign names (پ چ ژ ڤ ک گ ی) and both Arabic-Indic digit sets.
ARABIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x0040), (0x005B, 0x0060), (0x007B, 0x007E), (0x00A0, 0x00A0), (0x00AB, 0x00AB),
    (0x00BB, 0x00BB), (0x00D7, 0x00D7), (0x060C, 0x060C), (0x061B, 0x061B), (0x061F, 0x061F),
    (0x0621, 0x063A), (0x0640, 0x0655), (0x0660, 0x066D), (0x0670, 0x0671), (0x067E, 0x067E),
    (0x0686, 0x0686), (0x0698, 0x0698), (0x06A4, 0x06A4), (0x06A9, 0x06A9), (0x06AF, 0x06AF),
    (0x06CC, 0x06CC), (0x06D4, 0x06D4), (0x06F0, 0x06F9), (0x200C, 0x200F), (0x2010, 0x2015),
    (0x2018, 0x201E), (0x2026, 0x2026), (0x2039, 0x203A),
)
# The Latin face: English metadata, Latin names and the transliterations used for citations
# (ā ī ū ḥ ṣ ṭ ḍ ẓ ʾ ʿ and the like).
LATIN_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x017F), (0x02BB, 0x02BF), (0x0300, 0x0304), (0x0308, 0x0308),
    (0x0323, 0x0323), (0x0331, 0x0331), (0x1E0C, 0x1E0F), (0x1E24, 0x1E25), (0x1E2A, 0x1E2B),
    (0x1E62, 0x1E63), (0x1E6C, 0x1E6F), (0x1E92, 0x1E96), (0x2010, 0x2014), (0x2018, 0x201E),
    (0x2022, 0x2022), (0x2026, 0x2026), (0x2039, 0x203A), (0x20AC, 0x20AC),
)
ARABIC_FAMILY = "Noto Naskh Arabic"
LATIN_FAMILY = "Noto Serif"
FACES = (
    Face(ARABIC_FAMILY, 400, NASKH, "package/400Regular/NotoNaskhArabic_400Regular.ttf",
         "noto-naskh-arabic-400.woff2", ARABIC_RANGES),
    Face(ARABIC_FAMILY, 700, NASKH, "package/700Bold/NotoNaskhArabic_700Bold.ttf",
         "noto-naskh-arabic-700.woff2", ARABIC_RANGES),
    # One Latin weight: bold Latin (the English title line) is rare, and the browser emboldens the
    # regular face there; a second 17 KB face would not fit the 150 KB budget of a page view.
    Face(LATIN_FAMILY, 400, SERIF, "package/400Regular/NotoSerif_400Regular.ttf", "noto-serif-400.woff2", LATIN_RANGES),
)
LAYOUT_FEATURES = ["ccmp", "locl", "isol", "init", "medi", "fina", "rlig", "rclt", "calt", "liga", "curs",
                   "kern", "mark", "mkmk"]
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright, names, version, licence and its URL


def codepoints(ranges: Iterable[tuple[int, int]]) -> list[int]:
    return sorted({c for lo, hi in ranges for c in range(lo, hi + 1)})


def unicode_range(points: Iterable[int]) -> str:
    """CSS unicode-range for a set of code points, as runs: `U+20-40, U+5B-60, ...`."""
    cps = sorted(set(points))
    runs: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        runs.append(f"U+{cps[i]:X}" if i == j else f"U+{cps[i]:X}-{cps[j]:X}")
        i = j + 1
    return ", ".join(runs)


def parse_unicode_range(value: str) -> set[int]:
    """The code points a CSS unicode-range value covers (the inverse of `unicode_range`)."""
    out: set[int] = set()
    for part in value.split(","):
        part = part.strip().removeprefix("U+").removeprefix("u+")
        lo, _, hi = part.partition("-")
        out.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return out


def font_css(faces: Sequence[tuple[Face, Iterable[int]]]) -> str:
    """The @font-face rules: each face with the characters its subset actually holds."""
    out = ["/* Generated by scripts/fonts (scripts/edition/fonts.py): do not edit. Fonts: SIL Open Font",
           "   License 1.1, see the OFL-*.txt files beside this one. */"]
    for face, points in faces:
        out.append("@font-face {\n"
                   f'  font-family: "{face.family}";\n'
                   "  font-style: normal;\n"
                   f"  font-weight: {face.weight};\n"
                   "  font-display: swap;\n"
                   f'  src: url("{face.out}") format("woff2");\n'
                   f"  unicode-range: {unicode_range(points)};\n"
                   "}")
    return "\n".join(out) + "\n"


def _fetch(package: Package, into: Path) -> Path:
    subprocess.run(["npm", "pack", "--silent", f"{package.name}@{package.version}"], cwd=into, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = into / (package.name.lstrip("@").replace("/", "-") + f"-{package.version}.tgz")
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
    if digest != package.integrity:
        raise SystemExit(f"{tgz.name}: integrity {digest} does not match the pinned {package.integrity}")
    target = into / tgz.name.removesuffix(".tgz")
    with tarfile.open(tgz) as tar:
        tar.extractall(target, filter="data")
    return target


def _subset(source: Path, face: Face, out: Path) -> list[int]:
    from fontTools import subset  # the `fonts` extra

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = LAYOUT_FEATURES
    options.hinting = False
    options.name_IDs = NAME_IDS
    options.name_languages = [0x409]
    font = subset.load_font(str(source), options)
    font.recalcTimestamp = False  # the same input gives the same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints(face.ranges))
    subsetter.subset(font)
    held = sorted(font.getBestCmap())
    subset.save_font(font, str(out), options)
    return held


def main(out_dir: Path = OUT_DIR) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Face, Iterable[int]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        unpacked: dict[str, Path] = {}
        for face in FACES:
            pkg = face.package
            if pkg.name not in unpacked:
                unpacked[pkg.name] = _fetch(pkg, Path(tmp))
                (out_dir / pkg.licence_out).write_bytes((unpacked[pkg.name] / pkg.licence).read_bytes())
            held = _subset(unpacked[pkg.name] / face.member, face, out_dir / face.out)
            missing = sorted(set(codepoints(face.ranges)) - set(held))
            print(f"{face.out}: {(out_dir / face.out).stat().st_size} bytes, {len(held)} characters"
                  + (f" ({len(missing)} declared but not in the font)" if missing else ""))
            written.append((face, [c for c in held if c > 0x1F]))
    (out_dir / "fonts.css").write_text(font_css(written), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
