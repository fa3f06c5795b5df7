"""What `make check` adds so that it catches what the content tests of
`make test` would (the table is docs-dev/check-coverage.md): French typography
in the sources, the rules of the customer-service guide that hold for every
tree, and the golden messages (when node is there)."""

from __future__ import annotations

from pathlib import Path

from .content_files import content_file_problems
from .golden import golden_problems
from .guide_checklists import checklist_problems
from .guide_facts import fact_problems
from .model import KnowledgeBase
from .problems import Problem, has_errors
from .support_rules import support_problems
from .typography_check import typography_problems


def parity_problems(root: Path, kb: KnowledgeBase, so_far: list[Problem]) -> list[Problem]:
    """The checks of the content tests, on a project already loaded; the golden
    messages only once everything else passes (a message of a broken tree says nothing)."""
    broken = {p.path for p in so_far if p.level == "error"}  # no knock-on rule on a tree with its own errors
    found = typography_problems(root, kb) + content_file_problems(root, kb) + fact_problems(root, kb)
    if kb.channels and kb.fields:  # else a catalogue has errors of its own: rules reading it would only echo them
        found += support_problems(kb, skip=broken) + checklist_problems(root, kb, skip=broken)
    if not has_errors(so_far + found):
        found += golden_problems(root, kb)
    return found
