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


CHECKS = {
    "punctuation": _BAD_PUNCT,
    "quotes": _BAD_QUOTE,
    "guillemets": re.compile(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»"),
}


@pytest.mark.parametrize("rule", sorted(CHECKS))
def test_running_text_follows_french_typography(built_site: Path, rule: str) -> None:
    problems = {
        f"{page.relative_to(built_site)}: « {line.strip()[:90]} »"
        for page in pages(built_site)
        for line in article_text(page).splitlines()
        if CHECKS[rule].search(line)
    }
    assert not problems, "\n".join(sorted(problems))
