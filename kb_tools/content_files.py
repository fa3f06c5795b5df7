"""What the content tests check of the pages and files around the trees, found
in the sources (docs-dev/check-coverage.md):

- every page has a description of its own, of at least 30 characters
  (``page-description``; tests/content/test_pages.py reads it in the built page);
- every tooltip of includes/glossaire-infobulles.md is defined on the glossary
  page (``glossary-term``);
- every tree and catalogue starts with the line that names its schema, for
  VS Code (``schema-comment``; tests/unit/test_architecture.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from .front_matter import BLOCK
from .model import KnowledgeBase
from .problems import Problem
from .yaml_loader import load_text

MIN_DESCRIPTION = 30
GLOSSARY_PAGE = Path("docs") / "glossaire.md"
TOOLTIPS = Path("includes") / "glossaire-infobulles.md"
_TOOLTIP = re.compile(r"^\*\[([^\]]+)\]: ", re.MULTILINE)
SCHEMAS = {"_channels": "channels", "_fields": "fields", "_synonyms": "synonyms"}


def _site_description(root: Path) -> str | None:
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    doc, _ = load_text("mkdocs.yml", text.replace("!ENV", "").encode("utf-8"))
    found = doc.data.get("site_description") if doc is not None and isinstance(doc.data, dict) else None
    return " ".join(found.split()) if isinstance(found, str) else None


def page_description_problems(root: Path) -> list[Problem]:
    docs = root / "docs"
    site_wide = _site_description(root)
    found = []
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        try:
            source = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the page checks say why
        shown = page.relative_to(root).as_posix()
        block = BLOCK.match(source)
        doc = load_text(shown, block.group(1).encode("utf-8"))[0] if block else None
        meta = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        description = meta.get("description")
        if description is not None and not isinstance(description, str):
            continue  # a list or a number: the front-matter rule reports it
        words = " ".join((description or "").split())
        line = next((i for i, text in enumerate(source.split("\n"), 1) if text.startswith("description:")), 1)
        if len(words) < MIN_DESCRIPTION:
            found.append(Problem(shown, line, 1, "error",
                                 f"la page n’a pas de description d’au moins {MIN_DESCRIPTION} caractères : écrivez dans "
                                 "l’en-tête « description: » une phrase qui dit ce que le joueur trouve ici "
                                 "(elle s’affiche dans les moteurs de recherche)", "page-description"))
        elif words == site_wide:
            found.append(Problem(shown, line, 1, "error",
                                 "la description est celle de tout le site (site_description de mkdocs.yml) : "
                                 "écrivez celle de cette page", "page-description"))
    return found


def glossary_problems(root: Path) -> list[Problem]:
    try:
        tooltips = (root / TOOLTIPS).read_text(encoding="utf-8")
        glossary = (root / GLOSSARY_PAGE).read_text(encoding="utf-8").lower()
    except (OSError, UnicodeDecodeError):
        return []
    return [Problem(TOOLTIPS.as_posix(), tooltips[:m.start()].count("\n") + 1, 3, "error",
                    f"« {m.group(1)} » a une infobulle mais n’est pas défini dans {GLOSSARY_PAGE.as_posix()} : "
                    "ajoutez-le au glossaire, ou retirez l’infobulle", "glossary-term")
            for m in _TOOLTIP.finditer(tooltips) if m.group(1).lower() not in glossary]


def schema_comment_problems(root: Path, kb: KnowledgeBase) -> list[Problem]:
    """Only in a project that has the schemas the line names (not a folder of trees alone)."""
    if not (root / "kb_tools" / "schema").is_dir():
        return []
    found = []
    for name, doc in sorted(kb.documents.items()):
        schema = SCHEMAS.get(name, "tree")
        wanted = f"# yaml-language-server: $schema=../kb_tools/schema/{schema}.schema.json"
        try:
            first = Path(doc.path).read_text(encoding="utf-8").split("\n", 1)[0]
        except (OSError, UnicodeDecodeError):
            continue
        if first != wanted:
            found.append(Problem(doc.path, 1, 1, "error",
                                 f"la première ligne doit nommer la description du fichier, pour VS Code : « {wanted} »",
                                 "schema-comment"))
    return found


def content_file_problems(root: Path, kb: KnowledgeBase) -> list[Problem]:
    return page_description_problems(root) + glossary_problems(root) + schema_comment_problems(root, kb)
