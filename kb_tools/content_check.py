"""One entry point for everything `make check` validates (helper B of issue 14
fills it in: pages of docs/, mkdocs.yml nav, home cards...)."""

from __future__ import annotations

from pathlib import Path

from .model import KnowledgeBase
from .problems import Problem
from .project import load_project


def check_content(root: Path, trees: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Everything `make check` validates: trees + catalogues (load_project), pages of docs/,
    mkdocs.yml nav, home cards, and the extra checks other helpers register."""
    return load_project(trees)
