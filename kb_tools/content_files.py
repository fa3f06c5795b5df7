"""What the content tests check of the pages and files around the trees, found
in the sources (docs-dev/check-coverage.md):

- every tooltip of includes/glossaire-infobulles.md is defined on the glossary
  page (``glossary-term``);
- every tree and catalogue starts with the line that names its schema, for
  VS Code (``schema-comment``; tests/unit/test_architecture.py).
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from .model import KnowledgeBase
from .problems import Problem

GLOSSARY_PAGE = Path("docs") / "glossaire.md"
TOOLTIPS = Path("includes") / "glossaire-infobulles.md"
_TOOLTIP = re.compile(r"^\*\[([^\]]+)\]: ", re.MULTILINE)
SCHEMAS = {"_channels": "channels", "_fields": "fields", "_synonyms": "synonyms", "_incidents": "incidents"}


def glossary_problems(root: Path) -> list[Problem]:
    try:
        tooltips = (root / TOOLTIPS).read_text(encoding="utf-8")
        glossary = (root / GLOSSARY_PAGE).read_text(encoding="utf-8").lower()
    except (OSError, UnicodeDecodeError):
        return []
    starts = [m.start() for m in re.finditer("\n", tooltips)]  # a line's number: bisect, not a count per term
    return [Problem(TOOLTIPS.as_posix(), bisect.bisect_left(starts, m.start()) + 1, 3, "error",
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
    return glossary_problems(root) + schema_comment_problems(root, kb)
