"""What a flow page carries for the browser (kb_tools.flow_data.browser_data):
only what the flow's modules read. The strings are those of the parts the
flow has (a flow without a request form carries none of the form's, one
without mediation none of the ladder's), and every string a module can say
belongs to a part, so a flow that has the part always carries it."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from kb_tools import strings
from kb_tools.flow_data import BROWSER_STRINGS, browser_data, browser_parts, flow_data
from kb_tools.project import load_project

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "overrides" / "assets" / "javascripts" / "kb"
#: literals of the modules that are no string of the catalogue: the flow bar's hooks ([data-kb-back]...)
HOOKS = {"back", "restart"}


def _said_by_modules() -> set[str]:
    """Every catalogue key a module of kb/ names: a literal ("ticket_title"), a property of
    the catalogue (`words.today`, `strings.zone`), or the weekdays ("day_" + ...)."""
    keys = set(strings.catalogue()) | {"zone"}
    said: set[str] = set()
    for path in MODULES.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        said |= {k for k in re.findall(r'"([a-z_]+)"', text) if k in keys} - HOOKS
        said |= {k for k in re.findall(r"\b(?:words|strings)\.([a-z_]+)", text) if k in keys}
        if '"day_" +' in text:
            said |= {k for k in keys if k.startswith("day_")}
    return said


def _kb():  # type: ignore[no-untyped-def]
    kb, problems = load_project(ROOT / "trees", env={})
    assert problems == []
    return kb


def test_every_string_a_module_says_belongs_to_a_part_and_every_part_is_said() -> None:
    parts = {key for keys in BROWSER_STRINGS.values() for key in keys}
    said = _said_by_modules()
    assert said - parts == set(), "a module says a string no flow would carry"
    assert parts - said == set(), "a part lists a string no module says"
    assert parts <= set(strings.catalogue()) | {"zone"}


def _without_forms(tree: Any) -> Any:
    """The tree with no request form on any outcome (each outcome asks « Cela vous a-t-il aidé ? »)."""
    bare = copy.deepcopy(tree)
    for node in bare["nodes"].values():
        if node["type"] == "outcome":
            node["ticket"] = None
    return bare


@pytest.mark.parametrize("forms", [True, False], ids=["as written", "without request forms"])
@pytest.mark.parametrize("tree_id", sorted(_kb().trees))
def test_a_flow_carries_the_strings_of_its_parts_and_no_other(tree_id: str, forms: bool) -> None:
    kb = _kb()
    tree = kb.trees[tree_id] if forms else _without_forms(kb.trees[tree_id])
    data, whole = browser_data(kb, tree), flow_data(kb, tree)
    parts = browser_parts(data)
    carried = set(data["strings"])
    assert carried == {key for part in parts for key in BROWSER_STRINGS[part]}
    assert {key: whole["strings"][key] for key in carried} == data["strings"], "a string changed on its way"
    outcomes = [n for n in data["nodes"].values() if n["type"] == "outcome"]
    kinds = {c["kind"] for c in data["channels"].values()}
    # what the flow's nodes never show, it never carries
    if not any(n["ticket"] for n in outcomes):
        assert not {k for k in carried if k.startswith(("ticket_", "error_", "copy", "download"))}, tree_id
    if not ("mediation" in kinds and any(n["ticket"] for n in outcomes)):
        assert not {k for k in carried if k.startswith("referral_")}, tree_id
    if "chat" not in kinds:
        assert not {k for k in carried if k.startswith("chat_")}, tree_id
    if not data["incidents"]:
        assert "known_issue" not in carried
    if all(n["ticket"] for n in outcomes):
        assert not {k for k in carried if k.startswith("feedback_")}, tree_id
    if not forms:
        assert {"feedback_question", "feedback_yes", "feedback_no"} <= carried and "ticket_title" not in carried
    # the build's own texts (the article, the cards, the notice) are never in a page's data
    assert not {k for k in carried if k.startswith(("card_", "open_", "example_notice", "still_stuck", "page_", "quick_exit"))}
    assert not carried & {"back", "restart", "trail", "answer_resolved", "answer_stuck", "incident_label"}


@pytest.mark.parametrize("tree_id", sorted(_kb().trees))
def test_a_flow_keeps_what_its_modules_read_and_drops_what_the_article_says(tree_id: str) -> None:
    kb = _kb()
    data, whole = browser_data(kb, kb.trees[tree_id]), flow_data(kb, kb.trees[tree_id])
    assert data["nodes"].keys() == whole["nodes"].keys() and data["channels"].keys() == whole["channels"].keys()
    for nid, node in data["nodes"].items():
        assert [a["id"] for a in node["answers"]] == [a["id"] for a in whole["nodes"][nid]["answers"]]
        for answer, full in zip(node["answers"], whole["nodes"][nid]["answers"], strict=True):
            assert answer["said"] == full["said"] and answer["set"] == full["set"]
            assert (answer["target"]["tree"], answer["target"]["node"]) == (full["target"]["tree"], full["target"]["node"])
            assert "label" not in answer and "trail" not in answer and "anchor" not in answer["target"]
        assert node.get("ticket") == whole["nodes"][nid].get("ticket")
    for cid, channel in data["channels"].items():
        assert not any(key.endswith("_env") for key in channel), cid
        for key in ("kind", "url", "address", "via", "fallback", "hours", "complaint_required", "complaint_wait_days"):
            assert channel.get(key) == whole["channels"][cid].get(key), (cid, key)
    assert all("example" not in field for field in data["fields"].values())
