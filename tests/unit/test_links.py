"""Link targets in tree Markdown are judged decoded, as a browser reads them:
every spelling of ``javascript:`` is refused, ordinary links are accepted,
and ``check`` locates the refusal at the text that holds the link."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.links import unsafe_links
from kb_tools.project import load_project
from tests.payloads import markdown_links

BAD_TREE = Path(__file__).resolve().parent.parent / "bad_trees" / "unsafe-url.yml"

SYNTAXES = [
    "voir [ici]({}) fin",
    "![capture]({})",
    "voir [ici][r] fin\n\n[r]: {}",
    "voir [ici][r]\n\n[r]:\n    {}",
    "voir <{}> fin",
    "voir [ici](<{}>) fin",
    '<a href="{}">ici</a>',
    # a reference definition inside a container, and a target far from its opener
    "!!! note\n    [r]: {}\n\nVoir [ici][r].",
    "> [r]: {}\n\nVoir [ici][r].",
    "1. Étape\n\n    [r]: {}\n\nVoir [ici][r].",
    "voir [ici](" + " " * 250 + "{}) fin",
    "voir [ici](\t" + "\n\t" * 150 + "{}) fin",
    "voir [ici](\u00a0{}) fin",  # Python-Markdown strips any Unicode space before the target
    "voir [ici](\u2003\u3000{}) fin",
]


@st.composite
def encoded_char(draw: st.DrawFn, char: str) -> str:
    """One character of a scheme, spelled any way an HTML attribute decodes back to it."""
    char = draw(st.sampled_from([char.lower(), char.upper()]))
    spelling = draw(st.sampled_from(["raw", "decimal", "hex", "percent", "named"]))
    zeros = "0" * draw(st.integers(0, 6))
    if spelling == "decimal":
        return f"&#{zeros}{ord(char)};"
    if spelling == "hex":
        return f"&#{draw(st.sampled_from('xX'))}{zeros}{ord(char):x};"
    if spelling == "percent":
        return f"%{ord(char):02X}"
    if spelling == "named" and char == ":":
        return "&colon;"
    return char


@st.composite
def javascript_url(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["javascript", "vbscript", "data"]))
    parts = []
    for char in scheme + ":":
        parts.append(draw(encoded_char(char)))
        parts.append(draw(st.text(alphabet="\t\n\r", max_size=2)))  # the URL parser drops these
    lead = draw(st.text(alphabet=" \x01\x1f", max_size=3))
    return lead + "".join(parts) + "alert(1)"


@settings(max_examples=400, deadline=None)
@given(url=javascript_url(), syntax=st.sampled_from(SYNTAXES))
def test_every_spelling_of_a_code_scheme_is_refused(url: str, syntax: str) -> None:
    found = unsafe_links(syntax.format(url))
    assert len(found) == 1 and found[0] in ("javascript:", "vbscript:", "data:"), (url, found)


@settings(max_examples=200, deadline=None)
@given(host=st.from_regex(r"[a-z]{1,10}(\.[a-z]{2,6}){1,2}", fullmatch=True),
       leading=st.sampled_from(["//", "/\\", "\\\\", "\\/", "&#47;/", "%2F/", " //", "/\t/"]),
       syntax=st.sampled_from(SYNTAXES))
def test_links_to_another_host_without_a_scheme_are_refused(host: str, leading: str, syntax: str) -> None:
    assert unsafe_links(syntax.format(f"{leading}{host}/x")) == ["//"]


_PATH = st.from_regex(r"(/[a-z0-9\-]{1,12}){0,3}/?", fullmatch=True)


@st.composite
def benign_url(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["https", "http", "site", "relative", "mailto", "anchor"]))
    if kind in ("https", "http"):
        host = draw(st.from_regex(r"[a-z]{1,10}\.(fr|com|example)", fullmatch=True))
        query = draw(st.sampled_from(["", "?x=1", "?a=1&b=%C3%A9", "#haut"]))
        return f"{kind}://{host}{draw(_PATH)}{query}"
    if kind == "site":
        return "/" + draw(_PATH).lstrip("/")
    if kind == "relative":
        return draw(st.sampled_from(["../", "./", ""])) + draw(st.from_regex(r"[a-z\-]{1,12}/", fullmatch=True))
    if kind == "mailto":
        return "mailto:" + draw(st.from_regex(r"[a-z]{1,8}(\+[a-z]{1,4})?@[a-z]{1,8}\.fr", fullmatch=True))
    return "#" + draw(st.from_regex(r"[a-z\-]{1,12}", fullmatch=True))


@settings(max_examples=300, deadline=None)
@given(url=benign_url(), syntax=st.sampled_from(SYNTAXES[:4] + SYNTAXES[5:]))
def test_ordinary_links_are_accepted(url: str, syntax: str) -> None:
    assert unsafe_links(syntax.format(url)) == []


@pytest.mark.parametrize("text", [
    "Note : le délai est de 48 h ; ensuite, écrivez-nous.",
    "[Important]: notez bien : ceci n'est pas un lien.",
    "Entre 9 h et 18 h (heure de Paris : voir [la page](/contact/)).",
    "Tapez <votre identifiant> puis validez.",
    "Un montant &lt; 10 € : voir [les limites](https://www.roulettino.example/limites?min=10&max=100).",
])
def test_ordinary_french_text_is_not_taken_for_a_link(text: str) -> None:
    assert unsafe_links(text) == []


@pytest.mark.parametrize(("name", "text"), markdown_links(), ids=[n for n, _ in markdown_links()])
def test_check_locates_every_link_payload(name: str, text: str, project: Path) -> None:
    tree = project / "unsafe-url.yml"
    shutil.copy(BAD_TREE, tree)
    source = tree.read_text(encoding="utf-8")
    tree.write_text(source.replace('"Cliquez [ici](javascript:alert(1)) pour continuer."',
                                   '"' + text.replace("\\", "\\\\").replace("\n", "\\n") + '"'), encoding="utf-8")
    _, problems = load_project(project)
    assert [(p.rule, p.line, p.col) for p in problems] == [("unsafe-url", 12, 11)], name
