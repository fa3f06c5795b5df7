"""Everything ``make check`` validates, in one call (``python -m kb_tools check``)."""

from __future__ import annotations

from pathlib import Path

from .model import KnowledgeBase
from .problems import Problem, has_errors
from .project import load_project
from .search_moves import search_moves


def check_content(root: Path, trees: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Everything `make check` validates: trees + catalogues (load_project), pages of docs/,
    mkdocs.yml nav, home cards, and the extra checks other helpers register."""
    kb, problems = load_project(trees)
    problems += [] if has_errors(problems) else search_moves(root, kb)
    return kb, problems
