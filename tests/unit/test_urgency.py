"""What each `urgency` shows in the article (EDITING.md « L’urgence d’une
issue »): urgent is not escalation — an urgent outcome tells the player to
contact us now and never, by itself, to ask for a supervisor; and the tree's
diagram colours each urgency as the page does."""

from __future__ import annotations

import colorsys
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import material as material_package
import pytest

from kb_tools.graph_svg import to_svg
from kb_tools.project import load_project
from kb_tools.render import environment, render_article
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"

#: what asks for a supervisor, in the escalation notice
SUPERVISOR = re.compile(r"escalad|superviseur", re.IGNORECASE)


def _notice(project: Path, urgency: str) -> tuple[str, str] | None:
    """The admonition (kind, body) the outcome ``retrait-retenu`` shows with ``urgency``."""
    tree = project / "retrait-en-attente.yml"
    text = tree.read_text(encoding="utf-8")
    tree.write_text(re.sub(r"urgency: \w+", f"urgency: {urgency}", text), encoding="utf-8")
    kb, problems = load_project(project, env={})
    assert [p.format() for p in problems if p.level == "error"] == []
    article = render_article(environment(), kb, kb.trees["retrait-en-attente"])
    section = article.split('data-kb-node="retrait-retenu"', 1)[1].split("</section>", 1)[0]
    # the notice comes first, right under the outcome's heading
    found = re.match(r'[^\n]*\n\n## [^\n]*\n\n!!! (\w+) "[^"]*"\n\n((?:    .*\n)+)', section)
    return None if found is None else (found.group(1), found.group(2))


def test_normal_shows_no_notice(project: Path) -> None:
    assert _notice(project, "normal") is None


def test_escalation_asks_for_a_supervisor(project: Path) -> None:
    notice = _notice(project, "escalation")
    assert notice is not None and SUPERVISOR.search(notice[1])


@pytest.mark.parametrize("channel", ["chat", "escalation"])
def test_urgent_says_contact_us_now_and_never_asks_for_a_supervisor(project: Path, channel: str) -> None:
    tree = project / "retrait-en-attente.yml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("channel: escalation", f"channel: {channel}"), encoding="utf-8")
    urgent, escalation = _notice(project, "urgent"), _notice(project, "escalation")
    assert urgent is not None and escalation is not None
    assert urgent[0] != escalation[0], "urgent and escalation look the same"
    assert not SUPERVISOR.search(urgent[1]), urgent[1]


# The diagram of a tree (`graph --format svg`, and its copy under `make serve`)
# colours an outcome as the page colours its notice: the page's colour is the
# border of the admonition the outcome template picks for the urgency, as the
# site's style sheets set it (Material's, then ours in overrides/, which win).
STYLE_SHEETS = [*sorted((Path(material_package.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css")),
                *sorted((ROOT / "overrides").rglob("*.css"))]
URGENCIES = ("urgent", "escalation")


def _page_colour(kind: str, urgency: str) -> str:
    """The last ``border-color`` the style sheets give the notice of ``kind`` on an outcome of ``urgency``."""
    css = "\n".join(re.sub(r"/\*.*?\*/", "", p.read_text(encoding="utf-8"), flags=re.DOTALL) for p in STYLE_SHEETS)
    mine = re.compile(rf"\.admonition\.{kind}(?![\w-])|\.kb-urgency--{urgency}\b[^,]*\.(?:admonition|{kind})(?![\w-])")
    found = [colour for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
             if any(mine.search(s) and ":" not in s.split(".admonition")[-1] for s in selectors.split(","))
             for colour in re.findall(r"border(?:-left)?-color:\s*(#[0-9a-fA-F]{6})", body)]
    assert found, f"no style sheet colours the « {kind} » notice"
    return found[-1]


def _diagram_colours(project: Path, node_id: str) -> tuple[str, str]:
    """(fill, stroke) of ``node_id``'s box in the SVG diagram of retrait-en-attente."""
    kb, _ = load_project(project, env={})
    box = ET.fromstring(to_svg(kb, kb.trees["retrait-en-attente"])).find(f".//{SVG}g[@data-node='{node_id}']/{SVG}rect")
    assert box is not None
    return box.get("fill", ""), box.get("stroke", "")


def _hue(colour: str) -> float:
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(red, green, blue)[0] * 360


def _apart(a: float, b: float) -> float:
    return min(abs(a - b), 360 - abs(a - b))


def test_the_diagram_colours_each_urgency_as_the_page_does(project: Path) -> None:
    page, diagram = {}, {}
    for urgency in URGENCIES:
        notice = _notice(project, urgency)  # also sets the outcome's urgency
        assert notice is not None
        page[urgency] = _hue(_page_colour(notice[0], urgency))
        diagram[urgency] = _diagram_colours(project, "retrait-retenu")
    assert _apart(page["urgent"], page["escalation"]) > 20, "the page shows both urgencies in one colour"
    for urgency in URGENCIES:
        for colour in diagram[urgency]:
            nearest = min(URGENCIES, key=lambda u: _apart(_hue(colour), page[u]))
            assert nearest == urgency and _apart(_hue(colour), page[urgency]) < 20, (urgency, colour, page)
