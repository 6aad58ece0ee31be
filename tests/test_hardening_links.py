"""Link check: every internal link and #anchor of the real site resolves, and the checker finds
each kind of broken reference in a small site made for the purpose."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from edition.linkcheck import _parse, check_site, main


def site_url() -> str:
    from mkdocs.config import load_config

    return str(load_config(config_file=str(ROOT / "mkdocs.yml")).site_url or "")


def test_the_real_site_has_no_broken_link_or_anchor(built_site: Path) -> None:
    broken = check_site(built_site, site_url())
    assert [str(b) for b in broken] == []
    refs = [ref for p in built_site.rglob("*.html") for _, ref in _parse(p).refs]
    assert len(refs) > 300 and sum("#" in r for r in refs) > 100, "the check saw the site's links"


def write(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>\n{body}\n</body></html>\n", encoding="utf-8")


def test_each_kind_of_broken_reference_is_reported(tmp_path: Path, capsys: object) -> None:
    write(tmp_path / "index.html", "\n".join([
        '<a href="a/">ok</a> <a href="a/#x">ok</a> <a href="#top" id="top">ok</a> <a name="n" href="#n">ok</a>',
        '<a href="a/#y">missing anchor</a>',
        '<a href="b/">missing page</a>',
        '<img src="assets/logo.png">',
        '<a href="javascript:alert(1)">script</a>',
        '<a href="../outside/">outside</a>',
        '<link rel="canonical" href="https://example.org/site/gone/">',
        '<a href="https://example.org/site/a/#x">ok, absolute</a> <a href="https://elsewhere.org/x">not ours</a>',
        '<a href="a/%D8%A3/">encoded</a> <a href="mailto:x@example.org">mail</a>',
        '<a href="data.json#k">anchor into a file</a>',
    ]))
    write(tmp_path / "a" / "index.html", '<h2 id="x">x</h2><meta http-equiv="refresh" content="0; url=../c/">')
    write(tmp_path / "a" / "أ" / "index.html", "<p>ok</p>")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    broken = [str(b) for b in check_site(tmp_path, "https://example.org/site/")]
    assert broken == [
        "a/index.html:2: ../c/: no such file: c/index.html",
        "index.html:3: a/#y: no id 'y' in a/index.html",
        "index.html:4: b/: no such file: b/index.html",
        "index.html:5: assets/logo.png: no such file: assets/logo.png",
        "index.html:6: javascript:alert(1): a javascript: URL",
        "index.html:7: ../outside/: leaves the site (resolves to /outside/)",
        "index.html:8: /site/gone/: no such file: gone/index.html",
        "index.html:11: data.json#k: an anchor into data.json, which is not an HTML page",
    ]
    assert main([str(tmp_path), "--site-url", "https://example.org/site/"]) == 1
