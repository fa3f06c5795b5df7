"""Everything ``make check`` validates, in one call: the trees and catalogues
(:func:`kb_tools.project.load_project`), the pages of ``docs/`` and the menu
of mkdocs.yml (:func:`kb_tools.page_check.check_pages`), what the content
tests of ``make test`` check (:func:`kb_tools.check_parity.parity_problems`,
docs-dev/check-coverage.md), and the public queries a change moves
(:func:`kb_tools.search_moves.search_moves`). Whatever would stop ``make
build`` or fail a content test is found here first, located."""

from __future__ import annotations

from pathlib import Path

from .check_parity import parity_problems
from .hours import use_project
from .model import KnowledgeBase
from .page_check import check_pages
from .problems import Problem, has_errors
from .project import load_project
from .search_moves import search_moves


def check_content(root: Path, trees: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Everything `make check` validates: trees + catalogues (load_project), pages of docs/,
    mkdocs.yml nav, home cards, the content tests' rules, and search moves."""
    use_project(root)  # the public holidays kept in this project's .cache/ (kb_tools/hours.py)
    kb, problems = load_project(trees)
    problems += check_pages(root, kb, descriptions=True, keep=True)  # keep: the pages' anchors in .cache/
    problems += parity_problems(root, kb, problems)  # the content tests of make test (docs-dev/check-coverage.md)
    problems += [] if has_errors(problems) else search_moves(root, kb)
    return kb, sorted(set(problems))
