"""Mistakes an editor (or an attacker) can leave in the folders the site is made
from, each with the rule and the file `make check` reports it at: shared by the
unit tests of the check and the parity test of the build
(tests/build/test_check_build_parity.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# A 1x1 PNG image and the smallest PDF file: what docs/ may publish.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e5270de40000000049454e44ae426082")
#: A page of docs/ as an editor writes one.
PAGE = "---\ndescription: Une page écrite par un éditeur, avec sa propre description.\n---\n\n# Ma page\n\nTexte.\n"
PDF = b"%PDF-1.1\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _write(root: Path, name: str, data: str | bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _link(root: Path, name: str, target: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).symlink_to(target)


def _append(root: Path, name: str, text: str) -> None:
    path = root / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


#: name -> (how to make it in a copy of the project, rule, file reported); rule None: accepted.
MISTAKES: dict[str, tuple[Callable[[Path], None], str | None, str]] = {
    "text-file": (lambda r: _write(r, "docs/notes.txt", "hi\n"), "content-file", "docs/notes.txt"),
    "script": (lambda r: _write(r, "docs/aide/aide.js", "alert(1)\n"), "content-file", "docs/aide/aide.js"),
    "raw-html": (lambda r: _write(r, "docs/x.htm", "<p>x</p>\n"), "content-file", "docs/x.htm"),
    "theme-double": (lambda r: _write(r, "docs/assets/stylesheets/kb-flow.css", "body{}\n"), "content-file",
                     "docs/assets/stylesheets/kb-flow.css"),
    "environment-as-image": (lambda r: _link(r, "docs/assets/env.png", "/proc/self/environ"), "symlink",
                             "docs/assets/env.png"),
    "passwd-as-logo": (lambda r: _link(r, "docs/assets/logo.svg", "/etc/passwd"), "symlink", "docs/assets/logo.svg"),
    "project-file-as-pdf": (lambda r: _link(r, "docs/config.pdf", "../mkdocs.yml"), "symlink", "docs/config.pdf"),
    "linked-folder": (lambda r: _link(r, "docs/partage", "../includes"), "symlink", "docs/partage"),
    "linked-page": (lambda r: _link(r, "docs/copie.md", "escalade.md"), "symlink", "docs/copie.md"),
    "linked-snippet": (lambda r: _link(r, "includes/secret.md", "/etc/passwd"), "symlink", "includes/secret.md"),
    "linked-theme-file": (lambda r: _link(r, "overrides/assets/x.css", "/etc/passwd"), "symlink",
                          "overrides/assets/x.css"),
    "svg-onload": (lambda r: _write(r, "docs/assets/x.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
                   "unsafe-html", "docs/assets/x.svg"),
    "svg-script": (lambda r: _write(r, "docs/assets/y.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
                                                            "</script></svg>"), "inline-script", "docs/assets/y.svg"),
    "svg-foreign": (lambda r: _write(r, "docs/assets/z.svg", '<svg xmlns="http://www.w3.org/2000/svg"><image '
                                                             'href="https://tiers.example/p.png"/></svg>'),
                    "foreign-host", "docs/assets/z.svg"),
    "front-matter": (lambda r: _write(r, "docs/escalade.md", "---\ntemplate: ../../etc/passwd\n---\n# Escalade\n"),
                     "front-matter", "docs/escalade.md"),
    "front-matter-yaml": (lambda r: _write(r, "docs/escalade.md", "---\ndescription: [\n---\n# Escalade\n"),
                          "yaml-syntax", "docs/escalade.md"),
    "flow-marker": (lambda r: _append(r, "docs/escalade.md", "\n<!-- kb-flow: inexistant -->\n"), "unknown-tree",
                    "docs/escalade.md"),
    "channels-marker": (lambda r: _append(r, "docs/escalade.md", "\n<!-- kb-channels: pigeon -->\n"),
                        "unknown-channel", "docs/escalade.md"),
    "home-cards": (lambda r: _append(r, "docs/index.md", "\n<!-- kb-home-cards -->\n"), "home-cards", "docs/index.md"),
    "encoding": (lambda r: _write(r, "docs/escalade.md", "# Café\n".encode("latin-1")), "encoding", "docs/escalade.md"),
    "folder-page": (lambda r: (r / "docs" / "dossier.md").mkdir(), "not-a-file", "docs/dossier.md"),
    "missing-snippet": (lambda r: _append(r, "docs/escalade.md", '\n--8<-- "absent.md"\n'), "bad-snippet",
                        "docs/escalade.md"),
    "broken-link": (lambda r: _append(r, "docs/escalade.md", "\n[voir](absente.md)\n"), "broken-link",
                    "docs/escalade.md"),
    # a page at a generated page's address: the tree's page would replace it (generated-page)
    "tree-page-double": (lambda r: _write(r, "docs/parcours/retrait-en-attente/index.md", PAGE), "generated-page",
                         "docs/parcours/retrait-en-attente/index.md"),
    "tree-page-readme": (lambda r: _write(r, "docs/parcours/securite-compte/README.md", PAGE), "generated-page",
                         "docs/parcours/securite-compte/README.md"),
    # accepted: images, PDF files, what MkDocs leaves out of the site (hidden files, templates/)
    "image-and-pdf": (lambda r: (_write(r, "docs/assets/photo.png", PNG), _write(r, "docs/guide.pdf", PDF)), None, ""),
    "hidden-file": (lambda r: _write(r, "docs/.notes.txt", "hi\n"), None, ""),
}
