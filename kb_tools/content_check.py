"""One entry point for `make check`: everything it validates."""

from __future__ import annotations

from pathlib import Path

from .check_parity import parity_problems
from .model import KnowledgeBase
from .problems import Problem
from .project import load_project


def check_content(root: Path, trees: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Everything `make check` validates: trees + catalogues (load_project), pages of docs/,
    mkdocs.yml nav, home cards, and the extra checks other helpers register."""
    kb, problems = load_project(trees)
    problems += parity_problems(root, kb, problems)  # the content tests of make test (docs-dev/check-coverage.md)
    return kb, sorted(set(problems))
