"""Problems found in the content, kept apart from how they are printed.

Every problem is a record taken from the YAML marks, in the spirit of
yamllint: ``(path, line, col, level, message, rule)``.  Lines and columns
are 1-based, as editors show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    level: Level
    message: str
    rule: str

    def __post_init__(self) -> None:
        if self.rule not in RULES and not self.rule.startswith("schema-"):
            raise ValueError(f"unregistered rule {self.rule!r}: add it to RULES and to EDITING.md")

    def format(self) -> str:
        """``path:line:col: level: message (rule)``, the format compilers use, on
        one line: a line break or an invisible character quoted from the content
        is written as its escape (``\\n``, ``\\u202e``)."""
        return f"{_shown(self.path)}:{self.line}:{self.col}: {self.level}: {_shown(self.message)} ({self.rule})"


def _shown(text: str) -> str:
    """``text`` on one line, as a terminal shows it: a line break, an escape
    sequence or another invisible character (from the content, or from a file's
    name) written as its escape, never sent to the terminal."""
    return "".join(c if c.isprintable() or c in " \u00a0\u202f" else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level == "error" for p in problems)


#: Every rule a problem can carry; EDITING.md explains each one.
RULES = frozenset({
    # reading the file
    "io", "symlink", "not-a-file", "file-size", "bom", "encoding", "empty-file", "no-tabs", "yaml-syntax",
    "duplicate-key", "forbidden-tag", "alias-bomb", "key-type", "control-char", "too-deep",
    # schema
    "missing-key", "unknown-key", "wrong-type", "unknown-value", "bad-id", "bad-format",
    "unsafe-url", "too-short", "too-long", "too-few", "too-many", "duplicate-item",
    # references and graph
    "unknown-node", "unknown-tree", "unreachable", "no-exit", "unknown-channel",
    "missing-ticket", "missing-request", "bad-request", "bad-subject", "bad-example",
    "unknown-field", "unknown-placeholder", "bad-placeholder", "bad-set-value",
    "duplicate-answer", "duplicate-answer-id", "bad-answer-id", "duplicate-field-role",
    "id-filename", "duplicate-tree", "missing-file", "file-name",
    # a self-help outcome without its way on (still_stuck), D of issue 13
    "dead-end",
    # front matter of a Markdown page, and text written into <head>
    "front-matter", "head-markup",
    # a built page holds a script no template of the theme writes, markup that
    # runs code or redirects, or a resource from another host; docs/ ships a script
    "inline-script", "unsafe-html", "foreign-host", "content-file",
    # deployment values (KB_* variables) and the plugin's options
    "unsafe-env", "env-name",
    "bidi-control", "control-character",
    # catalogues
    "bad-hours", "overlapping-hours", "channel-loop",
    # the two schema validators disagree (a bug of ours, reported rather than passed)
    "schema-disagreement",
    # flow markers in a Markdown page
    "bad-flow-marker", "duplicate-flow", "reserved-name",
    # channel markers in a Markdown page (« <!-- kb-channels --> », « <!-- kb-hours --> »)
    "bad-channels-marker",
    # pages of docs/ and the menu of mkdocs.yml (kb_tools/page_check.py)
    "broken-link", "broken-anchor", "faq-indent", "nav-missing", "not-in-nav", "bad-snippet",
    # a page of docs/ at a generated page's address; categories the menu would merge or split (kb_tools/nav_order.py)
    "generated-page", "category-slug", "category-letters",
    # the home page's cards marker (« <!-- kb-home-cards --> »); a tree the router does not offer
    "home-cards", "not-in-router",
    # what `make check` adds for the content tests of `make test` (docs-dev/check-coverage.md)
    "typography", "golden-message", "contact-email", "document-channel", "resolved-self-help", "request-subject",
    "glossary-term", "schema-comment", "subject-shown", "guide-checklist", "guide-fact",
    # wording advice, warnings from ``report`` only
    "long-label", "question-mark", "short-description", "no-keywords",
    # a change to keywords, synonyms or a page moves a public query's first page (kb_tools/search_moves.py)
    "search-moved",
    # a text of the skeleton `kb_tools new` writes, left in a tree (kb_tools/skeleton_check.py)
    "skeleton-text",
    # known incidents (trees/_incidents.yml, kb_tools/incidents.py)
    "duplicate-incident", "unknown-affects", "incident-time", "incident-order", "incident-ended",
    # review keys of a tree or a page (kb_tools/review.py); content to review, from `report --stale` only
    "review", "stale",
})
