"""Reader experience and hosting, checked on the built files: fonts, English metadata, sharing
tags, robots.txt, sitemap, the 404 page, bidi isolation and the deploy workflow."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from conftest import ROOT
from edition.bidi import latin_spans
from edition.fonts import ARABIC_RANGES, FACES, LATIN_RANGES, codepoints, parse_unicode_range, unicode_range
from edition.hosting import robots_txt
from edition.model import Span
from edition.site import load
from htmltext import parse_html

FONTS = ROOT / "docs" / "assets" / "fonts"
FACE_RE = re.compile(r"@font-face\s*{([^}]*)}")


def faces_css() -> list[dict[str, str]]:
    css = (FONTS / "fonts.css").read_text(encoding="utf-8")
    out = []
    for body in FACE_RE.findall(css):
        decl = {}
        for line in body.split(";"):
            if ":" in line:
                key, _, value = line.partition(":")
                decl[key.strip()] = value.strip()
        out.append(decl)
    return out


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


# -- units -----------------------------------------------------------------------------------


def test_unicode_range_round_trips() -> None:
    points = [0x20, 0x21, 0x22, 0x41, 0x600, 0x601, 0x602, 0x1E24]
    assert unicode_range(points) == "U+20-22, U+41, U+600-602, U+1E24"
    assert parse_unicode_range(unicode_range(points)) == set(points)
    assert set(codepoints(((0x20, 0x22), (0x21, 0x23)))) == {0x20, 0x21, 0x22, 0x23}


def test_latin_runs_are_isolated_without_crossing_layers() -> None:
    text = "قال Joe Biden: إن COVID-19 وG20 مهمة في 2021."
    runs = [text[s.start:s.end] for s in latin_spans(text)]
    assert runs == ["Joe Biden", "COVID-19", "G20"]
    assert not [s for s in latin_spans("عدد الأعضاء 83 عضوا في 2021")], "numbers alone need no isolation"
    start = text.index("Biden")
    crossing = Span(start, start + 8, "mention", "x")  # "Biden: إ" crosses the end of "Joe Biden"
    assert [text[s.start:s.end] for s in latin_spans(text, [crossing])] == ["COVID-19", "G20"]
    inside = Span(start, start + 5, "mention", "x")
    assert "Joe Biden" in [text[s.start:s.end] for s in latin_spans(text, [inside])]


def test_robots_names_the_sitemap() -> None:
    assert robots_txt("https://example.org/sub/") == "User-agent: *\nAllow: /\nSitemap: https://example.org/sub/sitemap.xml\n"
    assert "Sitemap" not in robots_txt(None)


# -- fonts -----------------------------------------------------------------------------------


def test_fonts_are_self_hosted_subset_woff2_with_swap_and_licence() -> None:
    faces = faces_css()
    assert len(faces) == len(FACES)
    for decl, face in zip(faces, FACES, strict=True):
        assert decl["font-display"] == "swap"
        assert decl["src"] == f'url("{face.out}") format("woff2")'
        data = (FONTS / face.out).read_bytes()
        assert data[:4] == b"wOF2", face.out
        assert len(data) < 40_000, f"{face.out}: {len(data)} bytes: is it still a subset?"
        declared = set(codepoints(face.ranges))
        held = parse_unicode_range(decl["unicode-range"])
        assert held <= declared, sorted(held - declared)
        assert len(held) > 0.9 * len(declared), "most declared characters are in the font"
    for pkg in {face.package for face in FACES}:
        licence = (FONTS / pkg.licence_out).read_text(encoding="utf-8")
        assert "SIL Open Font License" in licence


def test_every_character_on_every_page_has_a_self_hosted_face(built_site: Path) -> None:
    """A character outside every subset would be drawn by whatever font the reader's system has."""
    covered: set[int] = set()
    for decl in faces_css():
        covered |= parse_unicode_range(decl["unicode-range"])
    assert set(codepoints(ARABIC_RANGES)) & covered and set(codepoints(LATIN_RANGES)) & covered
    missing: dict[str, str] = {}
    for path in html_pages(built_site):
        root = parse_html(path.read_text(encoding="utf-8"))
        for main in root.find_all("article"):
            for ch in main.text():
                # Bidi isolates and the like are invisible; a pictographic symbol (the ✎ that marks an
                # editorial note) comes from the system's symbol font, as no text face has it.
                drawn = unicodedata.category(ch) not in ("Cc", "Cf", "So")
                if drawn and ord(ch) > 0x20 and ord(ch) not in covered and ch not in "¶":
                    missing.setdefault(ch, str(path.relative_to(built_site)))
    assert not missing, {f"U+{ord(c):04X} {c}": where for c, where in missing.items()}


def test_fonts_are_listed_in_the_page_head(built_site: Path) -> None:
    head = (built_site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert 'href="assets/fonts/fonts.css"' in head
    assert "fonts.googleapis" not in head and "fonts.gstatic" not in head


# -- English metadata, sharing tags, hosting ---------------------------------------------------


def meta_tags(page: str) -> dict[str, str]:
    root = parse_html(page)
    out = {}
    for m in root.find_all("meta"):
        key = m.attrs.get("property") or m.attrs.get("name")
        if key:
            out[key] = m.attrs.get("content", "")
    for link in root.find_all("link"):
        if link.attrs.get("rel") == "canonical":
            out["canonical"] = link.attrs["href"]
    return out


def english_block(page: str) -> tuple[str, str]:
    root = parse_html(page)
    blocks = root.find_all("div", "abstract")
    assert len(blocks) == 1
    block = blocks[0]
    assert block.attrs.get("lang") == "en" and block.attrs.get("dir") == "ltr"
    label = block.find_all("p", "lang-label")
    assert label and label[0].text() == "English"
    paras = [p.text() for p in block.find_all("p") if "lang-label" not in p.classes]
    return paras[0], " ".join(paras[1:])


def test_every_briefing_and_hub_has_an_english_title_abstract_and_description(built_site: Path) -> None:
    corpus = load(ROOT)
    site_url = "https://coalition-texts.example.org/"
    pages = [(f"briefings/{b.meta.id}/", b.meta.title_ar, b.meta.title_en, b.meta.abstract_en) for b in corpus.briefings]
    pages += [(f"meetings/{m.id}/", m.title_ar, m.title_en, m.abstract_en or "") for m in corpus.hub_meetings]
    assert len(pages) == 7
    for address, title_ar, title_en, abstract in pages:
        page = (built_site / address / "index.html").read_text(encoding="utf-8")
        shown_title, shown_abstract = english_block(page)
        assert shown_title == title_en and title_en, address
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", abstract.strip()) if s]
        assert 2 <= len(sentences) <= 4, (address, len(sentences))
        assert shown_abstract == abstract.strip()
        tags = meta_tags(page)
        assert tags["description"] == abstract.strip()
        assert tags["og:description"] == tags["twitter:description"] == abstract.strip()
        assert tags["og:title"] == tags["twitter:title"] == title_ar
        assert tags["canonical"] == tags["og:url"] == site_url + address
        assert tags["twitter:card"] == "summary"
        assert tags["og:type"] == ("article" if address.startswith("briefings/") else "website")


def test_every_page_has_its_own_sharing_tags(built_site: Path) -> None:
    seen: dict[str, str] = {}
    for path in html_pages(built_site):
        page = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in page:
            continue  # an old address's redirect
        tags = meta_tags(page)
        rel = str(path.relative_to(built_site))
        for key in ("description", "og:title", "og:description", "twitter:card", "twitter:title"):
            assert tags.get(key), (rel, key)
        if rel != "404.html":
            assert tags["og:title"] not in seen, (rel, seen.get(tags["og:title"]))
            seen[tags["og:title"]] = rel


def test_robots_sitemap_and_arabic_404(built_site: Path) -> None:
    assert (built_site / "robots.txt").read_text() == robots_txt("https://coalition-texts.example.org/")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for b in load(ROOT).briefings:
        assert f"https://coalition-texts.example.org/briefings/{b.meta.id}/" in locs
    assert "https://coalition-texts.example.org/meetings/rome-2021/" in locs
    page = (built_site / "404.html").read_text(encoding="utf-8")
    root = parse_html(page)
    html = root.find_all("html")[0]
    assert html.attrs.get("lang") == "ar" and html.attrs.get("dir") == "rtl"
    h1 = root.find_all("h1")
    assert len(h1) == 1 and h1[0].text().startswith("الصفحة غير موجودة")
    # Absolute links from site_url's path: the page works at any depth of a missing address.
    assert 'href="/assets/reader.css"' in page and 'href="/."' in page


def test_deploy_workflow_builds_with_scripts_build_and_the_pages_address() -> None:
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    build = [s for s in steps if "scripts/build" in s.get("run", "")]
    assert len(build) == 1 and "SITE_URL" in build[0]["env"]
    uploads = [s for s in steps if "upload-pages-artifact" in s.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == "site"
    assert any("deploy-pages" in s.get("uses", "") for s in steps)
