"""The error page of `make serve` (kb_tools/plugin/overlay.py): the messages
quote what the editor typed, so none of it may become markup; and the page is
what MkDocs' live reload can hook into."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb_tools.plugin.overlay import Shown, error_page
from kb_tools.problems import Problem
from tests.payloads import SLOPPY, all_payloads

PAYLOADS = [*all_payloads(), *[(f"sloppy/{name}", value) for name, value in SLOPPY],
            ("close-body", "</body></html><script>alert(1)</script>"),
            ("close-pre", "</pre></li></ol><script>alert(1)</script>"),
            ("comment", "<!-- x --><!--"), ("style", "</style><style>body{display:none}</style>")]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.text: list[str] = []
        self.comments = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments += 1


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def _page(value: str) -> str:
    located = Shown.of(Problem(f"trees/{value}.yml", 3, 7, "error", f"« {value} » inconnu", "unknown-node"))
    return error_page("Le site ne se construit pas", [located, Shown("", "warning", value)], ["Corrigez."])


BENIGN = _parse(_page("texte"))


@pytest.mark.parametrize(("name", "value"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_a_hostile_message_stays_text(name: str, value: str) -> None:
    page = _page(value)
    parsed = _parse(page)
    assert [tag for tag, _ in parsed.tags] == [tag for tag, _ in BENIGN.tags]
    assert parsed.tags == BENIGN.tags  # no attribute added either
    assert parsed.comments == 0
    text = "".join(parsed.text)
    assert f"« {value} » inconnu".replace("\n", "\\n").replace("\t", "\\t") in text
    assert f"trees/{value}.yml:3:7" in text
    # MkDocs puts its live-reload script before the last </body>: the page's own
    assert page.rindex("</body>") > page.rindex("</main>")


@given(st.text(max_size=60), st.text(min_size=1, max_size=60), st.sampled_from(["error", "warning"]))
def test_any_text_is_shown_as_written(where: str, message: str, level: str) -> None:
    def page(where: str, message: str) -> _Tags:
        return _parse(error_page("Titre", [Shown(where, level, message, "rule")], ["Faites ceci."]))

    parsed = page(where, message)
    assert parsed.tags == page("x" if where else "", "y").tags
    text = "".join(parsed.text)
    assert message in text
    assert where in text


def test_a_log_line_of_the_build_keeps_its_place() -> None:
    problem = Problem("docs/faq-contact.md", 42, 5, "error", "réponse indentée de 2 espaces", "front-matter")
    assert Shown.read(problem.format(), "error") == Shown.of(problem)
    assert Shown.of(problem).where == "docs/faq-contact.md:42:5"
    free = Shown.read("Doc file 'contact.md' contains a link 'x.md', but the target is not found", "warning")
    assert (free.where, free.level, free.rule) == ("", "warning", "")


def test_the_page_counts_and_levels() -> None:
    shown = [Shown("a.yml:1:1", "error", "m", "yaml-syntax"), Shown("b.md:2:3", "warning", "m", "broken-link"),
             Shown("", "error", "m")]
    parsed = _parse(error_page("Titre", shown, ["Un.", "Deux."]))
    classes = [dict(attrs).get("class") for tag, attrs in parsed.tags if tag == "li"]
    assert classes == ["kb-problem kb-error", "kb-problem kb-warning", "kb-problem kb-error", None, None]
    assert ("meta", (("name", "viewport"), ("content", "width=device-width, initial-scale=1"))) in parsed.tags
    # self-contained: nothing loaded from anywhere
    assert not [attrs for _, attrs in parsed.tags if any(k in ("src", "href") for k, _ in attrs)]
