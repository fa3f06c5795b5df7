"""Real builds: the site builds strictly without a warning, and broken
content stops the build with located errors before anything is written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_site_sources

pytestmark = pytest.mark.build
VENV_BIN = Path(sys.executable).parent


def test_every_tree_becomes_a_page_with_its_flow(built_site: Path) -> None:
    for tree in sorted((ROOT / "trees").glob("[!_]*.yml")):
        html = (built_site / "parcours" / tree.stem / "index.html").read_text(encoding="utf-8")
        assert f'data-kb-flow="{tree.stem}"' in html
        assert re.search(r'data-kb-flow-data="\{[^"]+\}"', html)
        assert '<html lang="fr"' in html
        assert re.search(r'<meta name="description" content="[^"]{30,}"', html)


def test_pages_load_nothing_from_another_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        tags = re.findall(r"<(?:script|img|iframe|link)\b[^>]*>", html)
        loading = [t for t in tags if not re.search(r'rel="(?:canonical|alternate)"', t)]
        remote = [t for t in loading if re.search(r'\b(?:src|href)="(?:https?:)?//', t)]
        assert remote == [], f"{page} loads from another host: {remote}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    src = copy_site_sources(tmp_path / "src")
    site = src / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    return src


#: make's options: never reinstall the project's venv from a temporary copy
KEEP = ["-o", f"{VENV_BIN.parent}/.installed-stamp", f"VENV={VENV_BIN.parent}"]


def _make_build_refuses(sources: Path, located: str) -> None:
    """``make build`` fails with the ``located`` error, no traceback, and leaves site/ as it was."""
    before = _snapshot(sources / "site")
    build = subprocess.run(["make", "-s", "build", *KEEP], cwd=sources, capture_output=True, text=True, timeout=180)
    assert build.returncode != 0
    assert "Traceback" not in build.stderr
    assert re.search(located, build.stderr), build.stderr[-800:]
    assert _snapshot(sources / "site") == before


def _break_a_tree(src: Path) -> None:
    text = (src / "trees" / "retrait-en-attente.yml").read_text(encoding="utf-8")
    text = re.sub(r"(\n\s+next: )\S+", r"\1nulle-part", text, count=1)
    (src / "trees" / "retrait-en-attente.yml").write_text(text + "\nid: doublon\n", encoding="utf-8")


def test_broken_tree_fails_mkdocs_build_before_writing(sources: Path) -> None:
    _break_a_tree(sources)
    before = _snapshot(sources / "site")
    started = time.monotonic()
    result = subprocess.run([str(VENV_BIN / "mkdocs"), "build", "--strict", "-d", "site"], cwd=sources,
                            capture_output=True, text=True, timeout=120)
    assert time.monotonic() - started < 10
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"trees/retrait-en-attente\.yml:\d+:\d+: error: .+ \(duplicate-key\)", result.stderr)
    assert _snapshot(sources / "site") == before


def test_bad_pages_fail_the_build_located_all_at_once(sources: Path) -> None:
    page = sources / "docs" / "glossaire.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("---\n", "---\nsearch:\n  boost: beaucoup\n", 1), encoding="utf-8")
    other = sources / "docs" / "faq-contact.md"
    text = other.read_text(encoding="utf-8") + "\n<!-- kb-flow: absent -->\n"
    other.write_text(text, encoding="utf-8")
    marker_line = text.count("\n")  # the last line, counted in the file with its front matter
    contact = sources / "docs" / "contact.md"
    lines = contact.read_text(encoding="utf-8").split("\n")
    flow = next(i for i, line in enumerate(lines) if "kb-flow:" in line)
    lines[flow] = "<!-- kb-flow: avant-de-nous-contacter verification-kyc -->"  # two trees in one marker
    contact.write_text("\n".join(lines), encoding="utf-8")
    before = _snapshot(sources / "site")
    result = subprocess.run([str(VENV_BIN / "mkdocs"), "build", "--strict", "-d", "site"], cwd=sources,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"docs/glossaire\.md:3:3: error: .+ \(front-matter\)", result.stderr), result.stderr
    assert re.search(rf"docs/faq-contact\.md:{marker_line}:15: error: .+ \(unknown-tree\)", result.stderr)
    assert re.search(rf"docs/contact\.md:{flow + 1}:1: error: .+ \(bad-flow-marker\)", result.stderr)
    assert _snapshot(sources / "site") == before  # refused before MkDocs empties site/


def test_make_check_and_make_build_fail_and_keep_the_previous_site(sources: Path) -> None:
    _break_a_tree(sources)
    (sources / "docs" / "casse.md").write_text("# Casse\n\n[lien](page-absente.md)\n", encoding="utf-8")
    before = _snapshot(sources / "site")
    env = {**os.environ, "VENV": str(VENV_BIN.parent)}
    # -o: never reinstall the project's venv from this temporary copy
    keep = ["-o", f"{VENV_BIN.parent}/.installed-stamp", f"VENV={VENV_BIN.parent}"]
    check = subprocess.run(["make", "-s", "check", *keep], cwd=sources, capture_output=True,
                           text=True, timeout=120, env=env)
    assert check.returncode != 0
    assert re.search(r"trees/retrait-en-attente\.yml:\d+:\d+: error:", check.stderr)
    build = subprocess.run(["make", "-s", "build", *keep], cwd=sources, capture_output=True,
                           text=True, timeout=120, env=env)
    assert build.returncode != 0
    assert _snapshot(sources / "site") == before
    # once the tree is fixed, the strict build still refuses the broken link and keeps site/ as it was
    (sources / "trees" / "retrait-en-attente.yml").write_text(
        (ROOT / "trees" / "retrait-en-attente.yml").read_text(encoding="utf-8"), encoding="utf-8")
    build = subprocess.run(["make", "-s", "build", *keep], cwd=sources, capture_output=True,
                           text=True, timeout=180, env=env)
    assert build.returncode != 0
    assert "page-absente.md" in build.stderr
    assert _snapshot(sources / "site") == before
    # and with the page fixed, site/ is replaced as a whole
    (sources / "docs" / "casse.md").unlink()
    build = subprocess.run(["make", "-s", "build", *keep], cwd=sources, capture_output=True,
                           text=True, timeout=180, env=env)
    assert build.returncode == 0, build.stderr
    assert (sources / "site" / "parcours" / "retrait-en-attente" / "index.html").is_file()
    assert (sources / "site" / "index.html").read_text(encoding="utf-8") != "previous site"


# A page that would put script into the built site, three ways: broken front
# matter (MkDocs would publish it as text), a heading that becomes markup in
# <head>, and a raw inline script in the page body.
PAGE_BREAKAGES = {
    "broken-front-matter": ("---\ndescription: [pas fermé\n---\n\n# Casse\n", r"docs/casse\.md:2:14: error: .+ \(yaml-syntax\)"),
    "entity-in-heading": ("# Casse &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n",
                          r"docs/casse\.md:1:1: error: .+ \(head-markup\)"),
    "front-matter-title": ('---\ntitle: "X </title><script>alert(1)</script>"\n---\n\n# Casse\n',
                           r"docs/casse\.md:2:8: error: .+ \(head-markup\)"),
    # keys the theme writes into the page as they are, or that send the player elsewhere
    "front-matter-author": ("---\nauthor: '\"><img src=x onerror=alert(1)>'\n---\n\n# Casse\n",
                            r"docs/casse\.md:2:1: error: .+ \(front-matter\)"),
    "front-matter-status": ("---\ndescription: Une page.\nstatus: 'new\" onmouseover=\"alert(1)'\n---\n\n# Casse\n",
                            r"docs/casse\.md:3:1: error: .+ \(front-matter\)"),
    "redirect-template": ("---\ntemplate: redirect.html\nlocation: https://evil.example/phish\n---\n\n# Casse\n",
                          r"docs/casse\.md:2:1: error: .+ \(front-matter\)"),
    # a boost that would break the search of the whole site (Infinity in the index), or overflow
    "boost-infinity": ("---\nsearch:\n  boost: .inf\n---\n\n# Casse\n", r"docs/casse\.md:3:3: error: .+ \(front-matter\)"),
    "boost-huge": ("---\nsearch:\n  boost: 1" + "0" * 400 + "\n---\n\n# Casse\n",
                   r"docs/casse\.md:3:3: error: .+ \(front-matter\)"),
    "inline-script": ("# Casse\n\nTexte.\n\n<script>alert(1)</script>\n", r"docs/casse\.md:\d+:\d+: error: .+ \(inline-script\)"),
    "foreign-script": ('# Casse\n\n<script src="https://evil.example/x.js"></script>\n',
                       r"docs/casse\.md:\d+:\d+: error: .+ \(inline-script\)"),
    # markup that runs code or leads elsewhere, in a page's own Markdown
    "src-lookalike": ('# Casse\n\n<script data-src="../assets/javascripts/kb/main.js">alert(1)</script>\n',
                      r"docs/casse\.md:\d+:\d+: error: .+ \(inline-script\)"),
    "img-onerror": ('# Casse\n\n<img src="x.png" onerror="alert(1)">\n', r"docs/casse\.md:\d+:\d+: error: .+ \(unsafe-html\)"),
    "attr-list-onclick": ('# Casse\n\nTexte\n{: onclick="alert(1)" }\n', r"docs/casse\.md:\d+:\d+: error: .+ \(unsafe-html\)"),
    "javascript-link": ("# Casse\n\n[x](javascript:alert(1))\n", r"docs/casse\.md:\d+:\d+: error: .+ \(unsafe-html\)"),
    "meta-refresh": ('# Casse\n\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n',
                     r"docs/casse\.md:\d+:\d+: error: .+ \(unsafe-html\)"),
    "base": ('# Casse\n\n<base href="https://evil.example/">\n', r"docs/casse\.md:\d+:\d+: error: .+ \(unsafe-html\)"),
    "foreign-image": ("# Casse\n\n![x](https://tracker.example/p.gif)\n",
                      r"docs/casse\.md:\d+:\d+: error: .+ \(foreign-host\)"),
}


@pytest.mark.parametrize("breakage", sorted(PAGE_BREAKAGES))
def test_a_page_that_would_run_script_stops_make_build(sources: Path, breakage: str) -> None:
    source, located = PAGE_BREAKAGES[breakage]
    (sources / "docs" / "casse.md").write_text(source, encoding="utf-8")
    mkdocs_yml = sources / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8").replace("  - Accueil: index.md\n",
                                                                         "  - Accueil: index.md\n  - casse.md\n"),
                          encoding="utf-8")
    _make_build_refuses(sources, located)


# mkdocs.yml texts the theme writes into <head>, the menu, the footer or a link as they are:
# (text replaced, text put instead, where the error is: its line or a text on that line, column, rule).
REPO = "copyright: Roulettino, service client\nrepo_url: https://github.com/roulettino/aide\n"
CONFIG_BREAKAGES: dict[str, tuple[str, str, int | str, int, str]] = {
    "nav-page-title": ("  - Accueil: index.md\n", '  - "Accueil </title><script>alert(1)</script>": index.md\n', "Accueil <", 5,
                       "head-markup"),
    "nav-section-title": ("  - Contact:\n", "  - Contact & co:\n", "Contact & co", 5, "head-markup"),
    "site-name": ("site_name: Centre d’aide Roulettino\n", 'site_name: "Aide <b>"\n', 1, 12, "head-markup"),
    "site-description": ("site_description: >-\n", 'site_description: >-\n  &lt;img src=x onerror=alert(1)&gt;\n', 2, 19,
                         "head-markup"),
    "copyright": ("copyright: Roulettino, service client\n", "copyright: '<img src=x onerror=alert(1)>'\n", 7, 12,
                  "head-markup"),
    "site-author": ("copyright: Roulettino, service client\n",
                    "copyright: Roulettino\nsite_author: 'x\" onmouseover=\"alert(1)'\n", 8, 14, "head-markup"),
    "repo-name": ("copyright: Roulettino, service client\n", REPO + "repo_name: '<b>dépôt</b>'\n", 9, 12, "head-markup"),
    "repo-url-javascript": ("copyright: Roulettino, service client\n",
                            "copyright: Roulettino\nrepo_url: 'javascript://evil.example/%0Aalert(1)'\n", 8, 11,
                            "unsafe-url"),
    "repo-url-quote": ("copyright: Roulettino, service client\n",
                       "copyright: Roulettino\nrepo_url: 'https://github.com/x\"onmouseover=\"alert(1)'\n", 8, 11,
                       "head-markup"),
    "edit-uri": ("copyright: Roulettino, service client\n", REPO + "edit_uri: 'edit/main/docs/\"><script>alert(1)</script>'\n",
                 9, 11, "head-markup"),
    "extra-social-link": ("  generator: false\n",
                          "  generator: false\n  social:\n    - icon: fontawesome/brands/github\n      link: javascript:alert(1)\n",
                          "link: javascript", 13, "unsafe-url"),
    "extra-alternate-name": ("  generator: false\n",
                             "  generator: false\n  alternate:\n    - name: '<b>English</b>'\n      link: /en/\n      lang: en\n",
                             "name: '<b>", 13, "head-markup"),
    "extra-any-text": ("  generator: false\n", "  generator: false\n  annonce: 'Nouveau & urgent'\n", "annonce:", 12,
                       "head-markup"),
    "theme-palette": ("  favicon: assets/favicon.svg\n",
                      "  favicon: assets/favicon.svg\n  palette:\n    primary: 'indigo\" onclick=\"alert(1)'\n",
                      "primary: 'indigo", 14, "head-markup"),
    "toc-title": ("      permalink: false\n", "      permalink: false\n      title: '</label><script>alert(1)</script>'\n",
                  "title: '</label>", 14, "head-markup"),
}


@pytest.mark.parametrize("breakage", sorted(CONFIG_BREAKAGES))
def test_markup_in_mkdocs_yml_stops_make_build_located(sources: Path, breakage: str) -> None:
    old, new, where, col, rule = CONFIG_BREAKAGES[breakage]
    mkdocs_yml = sources / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"mkdocs.yml changed: {old!r}"
    text = text.replace(old, new)
    mkdocs_yml.write_text(text, encoding="utf-8")
    line = where if isinstance(where, int) else next(
        n for n, written in enumerate(text.splitlines(), start=1) if where in written)
    _make_build_refuses(sources, rf"mkdocs\.yml:{line}:{col}: error: .+ \({rule}\)")


def _outside_page(docs: Path) -> Path:
    outside = docs.parent.parent / "ailleurs.md"  # beside the copy of the project
    outside.write_text("---\ntemplate: redirect.html\nlocation: https://evil.example/\n---\n", encoding="utf-8")
    return outside


# What may sit in docs/ under a page's name, each with the rule a tree file gets for it.
DOCS_ENTRIES: dict[str, tuple[Callable[[Path], None], str]] = {
    "latin-1": (lambda docs: (docs / "x.md").write_bytes("---\ndescription: Café\n---\n".encode("latin-1")),
                r"docs/x\.md:2:17: error: .+ \(encoding\)"),
    "folder": (lambda docs: (docs / "x.md").mkdir(), r"docs/x\.md:1:1: error: .+ \(not-a-file\)"),
    "dangling-symlink": (lambda docs: (docs / "y.md").symlink_to("nowhere"), r"docs/y\.md:1:1: error: .+ \(symlink\)"),
    "symlink-loop": (lambda docs: (docs / "y.md").symlink_to("y.md"), r"docs/y\.md:1:1: error: .+ \(symlink\)"),
    "symlink-outside": (lambda docs: (docs / "y.md").symlink_to(_outside_page(docs)),
                        r"docs/y\.md:1:1: error: .+ \(symlink\)"),
    "folder-symlink-outside": (lambda docs: (docs / "z").symlink_to(_outside_page(docs).parent, target_is_directory=True),
                               r"docs/z:1:1: error: .+ \(symlink\)"),
    "markdown-extension": (lambda docs: (docs / "x.markdown").write_text("---\ntemplate: redirect.html\n---\n",
                                                                          encoding="utf-8"),
                           r"docs/x\.markdown:2:1: error: .+ \(front-matter\)"),
}


@pytest.mark.parametrize("entry", sorted(DOCS_ENTRIES))
def test_an_odd_entry_in_docs_stops_make_build_located(sources: Path, entry: str) -> None:
    make, located = DOCS_ENTRIES[entry]
    make(sources / "docs")
    _make_build_refuses(sources, located)


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_make_build_publishes_a_site_readable_as_mkdir_would_make_it(sources: Path, umask: int) -> None:
    """Not the 0700 of a temporary folder: nginx, running as another user, would answer 403."""
    import shutil

    shutil.rmtree(sources / "site")
    folders, files = 0o777 & ~umask, 0o666 & ~umask
    site = sources / "site"
    for _ in ("first build", "a second one, swapped in"):
        build = subprocess.run(["make", "-s", "build", *KEEP], cwd=sources, capture_output=True, text=True,
                               timeout=180, preexec_fn=lambda: os.umask(umask))
        assert build.returncode == 0, build.stderr[-800:]
        assert oct(site.stat().st_mode & 0o777) == oct(folders)
        for path in site.rglob("*"):
            assert oct(path.stat().st_mode & 0o777) == oct(folders if path.is_dir() else files), path


# Files of docs/ that are not pages: a script, a page in raw HTML, a theme file's double.
DOCS_FILES = {
    "script": ("aide.js", "alert(1)\n", r"docs/aide\.js:1:1: error: .+ \(content-file\)"),
    "raw-page": ("x.htm", "<p>x</p><script>alert(1)</script>\n", r"docs/x\.htm:1:1: error: .+ \(content-file\)"),
    "server-page": ("e.shtml", "<script>alert(1)</script>\n", r"docs/e\.shtml:1:1: error: .+ \(content-file\)"),
    "xml": ("f.xml", '<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>\n',
            r"docs/f\.xml:1:1: error: .+ \(content-file\)"),
    "script-other-extension": ("kb-sw.es", "alert(1)\n", r"docs/kb-sw\.es:1:1: error: .+ \(content-file\)"),
    "svg": ("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>\n',
            r"logo\.svg:1:\d+: error: .+ \(unsafe-html\)"),
    "theme-double": ("assets/stylesheets/kb-flow.css", "body{display:none}\n",
                     r"docs/assets/stylesheets/kb-flow\.css:1:1: error: .+ \(content-file\)"),
}


@pytest.mark.parametrize("kind", sorted(DOCS_FILES))
def test_a_docs_file_that_would_run_as_the_site_stops_make_build(sources: Path, kind: str) -> None:
    name, content, located = DOCS_FILES[kind]
    (sources / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (sources / "docs" / name).write_text(content, encoding="utf-8")
    _make_build_refuses(sources, located)
