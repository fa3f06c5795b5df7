"""French typography in every built page's running text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.content.site_text import article_text, pages

NBSP = "\u00a0\u202f"
# a colon, semicolon, ! or ? must follow a non-breaking space; times (09:00)
# and addresses (https://, mailto:) are not prose
_BAD_PUNCT = re.compile(rf"(?<![{NBSP}])(?<!\d)(?<!https)(?<!http)(?<!mailto)([:;!?])(?!//)")
_BAD_QUOTE = re.compile(r"[\"']")


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("rule", ["punctuation", "quotes", "guillemets"])
def test_running_text_follows_french_typography(built_site: Path, rule: str) -> None:
    problems = []
    for page in pages(built_site):
        for line in _lines(article_text(page)):
            if rule == "punctuation":
                if _BAD_PUNCT.search(line):
                    problems.append(f"{page.relative_to(built_site)}: « {line.strip()[:90]} »")
            elif rule == "quotes" and _BAD_QUOTE.search(line):
                problems.append(f"{page.relative_to(built_site)}: « {line.strip()[:90]} »")
            elif rule == "guillemets" and re.search(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»", line):
                problems.append(f"{page.relative_to(built_site)}: « {line.strip()[:90]} »")
    assert problems == [], "\n".join(sorted(set(problems)))
