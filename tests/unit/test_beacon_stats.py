"""The figures of ``python -m kb_tools stats``, from generated logs of beacons:
players walking the real trees, their stops and outcomes recounted by hand;
and every kind of malformed line, counted at its line number, never fatal."""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.beacon_stats import SELF_HELP_KINDS, figures, tally
from kb_tools.beacons import MAX_LINE, REASONS, Beacon, MalformedLines, read_beacons, read_line
from kb_tools.model import KnowledgeBase
from kb_tools.stats_text import figures_json, format_figures, percent, width
from tests.conftest import REAL_TREE_IDS, ROOT
from tests.payloads import all_payloads

#: Flows that send beacons (jeu-responsable is sensitive: none).
SENT = tuple(tree for tree in REAL_TREE_IDS if tree != "jeu-responsable")


def _read(kb: KnowledgeBase, lines: list[bytes]) -> tuple[Any, MalformedLines]:
    malformed = MalformedLines()
    counts = tally(read_beacons(io.BytesIO(b"\n".join(lines) + b"\n"), malformed))
    return figures(kb, counts, malformed), malformed


def _line(**fields: Any) -> bytes:
    return json.dumps(fields, separators=(",", ":")).encode()


class Walks:
    """Beacons of players walking the real trees, as the browser sends them,
    and what they did, counted directly."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.lines: list[bytes] = []
        self.stops: Counter[tuple[str, str]] = Counter()  # the last node reached in a flow, when not an outcome
        self.starts: Counter[str] = Counter()
        self.kinds: Counter[tuple[str, bool]] = Counter()  # (tree, self-help) per outcome shown
        self.votes: Counter[tuple[str, bool]] = Counter()  # (page or tree/node, helpful)

    def walk(self, tree: str, choices: list[int], rng: random.Random) -> None:
        kb = self.kb
        node, came_from = kb.trees[tree]["start"], None
        self.starts[tree] += 1
        taken = iter(choices)
        while True:
            shown = kb.trees[tree]["nodes"][node]
            outcome = shown["type"] == "outcome"
            beacon: dict[str, Any] = {"event": "outcome" if outcome else "step", "page": f"/parcours/{tree}/",
                                      "tree": tree, "node": node}
            if came_from is not None:
                beacon["from"] = came_from
            if outcome:
                sent = rng.choice([shown["channel"], None, "canal-disparu"])  # absent or unknown: the trees say
                if sent is not None:
                    beacon["channel"] = sent
                self.kinds[tree, kb.channels[shown["channel"]]["kind"] in SELF_HELP_KINDS] += 1
            self.lines.append(_line(**beacon))
            if outcome and rng.random() < 0.5:
                helpful = rng.random() < 0.5
                self.lines.append(_line(event="feedback", page=f"/parcours/{tree}/", tree=tree, node=node,
                                        helpful=helpful))
                self.votes[f"{tree}/{node}", helpful] += 1
            choice = next(taken, -1)
            if choice < 0:  # the player leaves here (a question or a checklist always has answers)
                self.stops[tree, node] += not outcome
                return
            if not shown["answers"]:  # an outcome without a way on
                return
            where = kb.target(shown["answers"][choice % len(shown["answers"])], tree)
            assert where is not None
            if where["tree"] == tree:
                node, came_from = where["node"], node
                continue
            # another flow's page: this one sees no departure, the other a start (first shown, without « from »)
            self.stops[tree, node] += not outcome
            if where["tree"] not in SENT:  # sensitive: sends nothing
                return
            tree, node, came_from = where["tree"], where["node"], None
            self.starts[tree] += 1


def _walks(kb: KnowledgeBase, sessions: list[tuple[int, list[int]]], seed: int) -> Walks:
    rng = random.Random(seed)
    walks = Walks(kb)
    for which, choices in sessions:
        walks.walk(SENT[which % len(SENT)], choices, rng)
    return walks


SESSIONS = st.lists(st.tuples(st.integers(0, 100), st.lists(st.integers(-3, 20), max_size=12)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(SESSIONS, st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_stops_and_deflection_match_a_recount_of_random_walks(
        real_kb: KnowledgeBase, sessions: list[tuple[int, list[int]]], seed: int, shuffle: random.Random) -> None:
    walks = _walks(real_kb, sessions, seed)
    pages = ["/canaux-de-contact/", "/faq-contact/"]
    for i, page in enumerate(pages * (seed % 4)):
        walks.lines.append(_line(event="feedback", page=page, helpful=bool(i % 3)))
        walks.votes[page, bool(i % 3)] += 1
    shuffle.shuffle(walks.lines)  # the figures do not depend on the order of the lines
    found, malformed = _read(real_kb, walks.lines)
    assert malformed.total == 0 and found.beacons == len(walks.lines)

    stops = {(f.tree, s.node): s.stops for f in found.flows for s in f.stops}
    assert stops == +walks.stops
    assert {f.tree: f.starts for f in found.flows if f.starts} == dict(+walks.starts)
    for flow in found.flows:
        assert [s.stops for s in flow.stops] == sorted((s.stops for s in flow.stops), reverse=True)

    assert found.deflection.unknown == 0
    assert (found.deflection.self_help, found.deflection.known) == (
        sum(n for (_, self_help), n in walks.kinds.items() if self_help), sum(walks.kinds.values()))
    for flow in found.deflection_by_flow:
        assert (flow.self_help, flow.known) == (walks.kinds[flow.tree, True],
                                                walks.kinds[flow.tree, True] + walks.kinds[flow.tree, False])

    votes = {(v.key, True): v.yes for v in (*found.pages, *found.outcomes)}
    votes |= {(v.key, False): v.no for v in (*found.pages, *found.outcomes)}
    assert +Counter(votes) == +walks.votes
    totals = [v.total for v in found.pages]
    assert totals == sorted(totals, reverse=True)


def test_an_outcome_the_trees_no_longer_have_is_counted_apart_unless_its_channel_is_known(
        real_kb: KnowledgeBase) -> None:
    page = "/parcours/depot-non-credite/"
    found, _ = _read(real_kb, [
        _line(event="outcome", page=page, tree="depot-non-credite", node="ancienne-issue", channel="pigeon"),
        _line(event="outcome", page=page, tree="depot-non-credite", node="ancienne-issue"),
        _line(event="outcome", page=page, tree="depot-non-credite", node="ancienne-issue", channel="faq"),
        _line(event="outcome", page=page, tree="arbre-retire", node="fin", channel="chat"),
        _line(event="step", page=page, tree="arbre-retire", node="question"),
    ])
    assert (found.deflection.self_help, found.deflection.known, found.deflection.unknown) == (1, 2, 2)
    # a node unknown to the trees but seen as an outcome is no stop; an unknown question is one
    assert {(f.tree, s.node) for f in found.flows for s in f.stops} == {("arbre-retire", "question")}


#: At least one line of every reason a line is malformed.
MALFORMED: dict[str, list[bytes]] = {
    "utf8": [b'{"event":"feedback","page":"/d\xe9p\xf4t/","helpful":true}', b"\xff\xfe", b"\xc3"],
    "nul": [b'{"event":"feedback","page":"/a/","helpful":true}\x00', b"\x00"],
    "long": [b"x" * (MAX_LINE + 1), b'{"event":"feedback","page":"/' + b"a" * MAX_LINE + b'","helpful":true}'],
    "json": [b"pas du json", b'{"event":"step"', b"{'event': 'step'}", b"[" * 2000 + b"]" * 2000,
             b'{"event":"step","page":"/",}', b"NaN]"],
    "object": [b"[]", b"3", b'"step"', b"null", b"true", b"1" * 4000, b"1e999999"],
    "duplicate": [b'{"event":"feedback","page":"/a/","helpful":true,"helpful":false}'],
    "event": [b"{}", b'{"page":"/a/"}', b'{"event":"click","page":"/a/"}', b'{"event":["step"]}',
              b'{"event":"Step","page":"/a/","tree":"a","node":"b"}', b'{"event":null}'],
    "missing": [b'{"event":"step","page":"/a/","tree":"a"}', b'{"event":"feedback","page":"/a/"}',
                b'{"event":"feedback","page":"/a/","tree":"a","helpful":true}', b'{"event":"outcome","tree":"a","node":"b"}'],
    "extra": [b'{"event":"feedback","page":"/a/","helpful":true,"session":"x1"}',
              b'{"event":"step","page":"/a/","tree":"a","node":"b","channel":"chat"}',
              b'{"event":"feedback","page":"/a/","helpful":true,"from":"q"}',
              b'{"event":"step","page":"/a/","tree":"a","node":"b","time":1733500000}'],
    "type": [b'{"event":"feedback","page":"/a/","helpful":"oui"}', b'{"event":"feedback","page":"/a/","helpful":1}',
             b'{"event":"step","page":"/a/","tree":"a","node":7}', b'{"event":"step","page":["/a/"],"tree":"a","node":"b"}',
             b'{"event":"step","page":"/a/","tree":"a","node":"b","from":' + b"9" * 4000 + b"}",
             b'{"event":"step","page":"/a/","tree":{"a":{"a":{}}},"node":"b"}'],
    "value-long": [b'{"event":"step","page":"/a/","tree":"' + b"a" * 61 + b'","node":"b"}',
                   b'{"event":"feedback","page":"/' + b"a" * 1000 + b'","helpful":true}'],
    "slug": [b'{"event":"step","page":"/a/","tree":"a","node":"M\xc3\xa9thode"}',
             b'{"event":"step","page":"/a/","tree":"a","node":"b-"}', b'{"event":"step","page":"/a/","tree":"","node":"b"}',
             b'{"event":"step","page":"/a/","tree":"a","node":"b\\n"}', b'{"event":"step","page":"/a/","tree":"a b","node":"c"}',
             b'{"event":"outcome","page":"/a/","tree":"a","node":"b","channel":"Chat"}'],
    "page": [b'{"event":"feedback","page":"/contact/?email=a@b.example","helpful":true}',
             b'{"event":"feedback","page":"/a/#etape","helpful":true}', b'{"event":"feedback","page":"a/","helpful":true}',
             b'{"event":"feedback","page":"https://x.example/","helpful":true}',
             b'{"event":"feedback","page":"/\xc3\xa9/","helpful":true}', b'{"event":"feedback","page":"/a b/","helpful":true}',
             b'{"event":"feedback","page":"","helpful":true}', b'{"event":"feedback","page":"/a/\\u0000","helpful":true}',
             b'{"event":"feedback","page":"/a/\\n","helpful":true}'],
}
GOOD = _line(event="feedback", page="/canaux-de-contact/", helpful=True)


_SPEC_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_SPEC_PAGE = re.compile(r"/(?!/)[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")
_VALUES = st.one_of(st.sampled_from(["a", "a-b", "a b", "a-", "A", "/", "/a/", "/a?b", "/a#b", "/a/\n", "", "é", "/é/",
                                     "a" * 61, "/" + "a" * 999, "/" + "a" * 1000, "//h.example/", "x\u0000"]),
                    st.text(max_size=8), st.booleans(), st.none(), st.integers(), st.lists(st.text(max_size=2), max_size=2))
_KEYS = st.sampled_from(["event", "page", "tree", "node", "from", "channel", "helpful", "session", "Event"])


_BASES = [{"event": "step", "page": "/p/", "tree": "t", "node": "n"},
          {"event": "outcome", "page": "/p/", "tree": "t", "node": "n", "from": "f", "channel": "c"},
          {"event": "feedback", "page": "/p/", "helpful": True},
          {"event": "feedback", "page": "/p/", "tree": "t", "node": "n", "helpful": False}]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_BASES), st.dictionaries(_KEYS, _VALUES, max_size=2), st.sets(_KEYS, max_size=2))
def test_a_line_is_read_as_a_beacon_only_when_the_format_allows_it(base: dict[str, Any], changed: dict[str, Any],
                                                                   removed: set[str]) -> None:
    data = {key: value for key, value in {**base, **changed}.items() if key not in removed}
    found = read_line(json.dumps(data).encode())
    allowed = {"step": {"event", "page", "tree", "node", "from"}, "outcome": {"event", "page", "tree", "node", "from",
               "channel"}, "feedback": {"event", "page", "tree", "node", "helpful"}}
    ok = (isinstance(data.get("event"), str) and data["event"] in allowed and data.keys() <= allowed[data["event"]] and "page" in data
          and isinstance(data["page"], str) and len(data["page"]) <= 1000 and _SPEC_PAGE.fullmatch(data["page"]) is not None
          and all(isinstance(data[k], str) and len(data[k]) <= 60 and _SPEC_SLUG.fullmatch(data[k])
                  for k in ("tree", "node", "from", "channel") if k in data)
          and (("tree" in data) == ("node" in data)) and ("tree" in data or data["event"] == "feedback")
          and ((data["event"] == "feedback") == isinstance(data.get("helpful"), bool)))
    assert isinstance(found, Beacon) == ok, (data, found)


def test_every_reason_has_examples() -> None:
    assert set(MALFORMED) == set(REASONS)


@pytest.mark.parametrize("reason", sorted(REASONS))
def test_each_malformed_line_is_counted_at_its_line_never_fatal(real_kb: KnowledgeBase, reason: str) -> None:
    lines: list[bytes] = []
    where: list[int] = []
    for bad in MALFORMED[reason]:
        assert read_line(bad) is not None and read_line(bad).reason == reason, bad[:80]  # type: ignore[union-attr]
        lines += [GOOD, b"", b"  \t", bad]
        where.append(len(lines))
    lines.append(GOOD)
    found, malformed = _read(real_kb, lines)
    assert malformed.counts == {reason: len(where)}
    assert malformed.lines[reason] == where[:len(malformed.lines[reason])] and malformed.lines[reason]
    assert found.beacons == len(where) + 1  # blank lines are neither beacons nor malformed
    text = format_figures(found, "x.jsonl")
    assert str(where[0]) in text and "1." in text


@pytest.mark.parametrize(("name", "payload"), all_payloads())
def test_hostile_values_are_refused_and_the_output_stays_plain_text(real_kb: KnowledgeBase, name: str,
                                                                   payload: str) -> None:
    lines = [_line(event="feedback", page=payload, helpful=True),
             _line(event="step", page="/a/", tree=payload, node="b"),
             _line(event="outcome", page="/a/", tree="a", node="b", channel=payload)]
    found, malformed = _read(real_kb, lines)
    text = format_figures(found, "x.jsonl")
    assert malformed.total + found.beacons == 3
    assert not any(c < " " and c != "\n" for c in text)
    assert malformed.total == 3  # none is an id, nor a path as browsers give it


def test_a_byte_order_mark_opens_the_file_and_nothing_else(real_kb: KnowledgeBase) -> None:
    found, malformed = _read(real_kb, [b"\xef\xbb\xbf" + GOOD, b"\xef\xbb\xbf" + GOOD, b"\r\n" + GOOD + b"\r"])
    assert found.beacons == 2 and malformed.counts == {"json": 1} and malformed.lines["json"] == [2]


def test_a_long_line_is_skipped_without_being_kept_whole(real_kb: KnowledgeBase) -> None:
    huge = b'{"event":"feedback","page":"/' + b"a" * 5_000_000 + b'"}'
    found, malformed = _read(real_kb, [GOOD, huge, GOOD, b"[" * 100_000, GOOD])
    assert malformed.counts == {"long": 2} and malformed.lines["long"] == [2, 4]
    assert found.beacons == 3


def test_french_figures() -> None:
    assert percent(5, 8) == "62,5\u00a0%"
    assert percent(0, 0) == "—"
    assert width("Dépôt") == 5 and width("De\u0301po\u0302t") == 5


def test_json_output_carries_the_same_counts(real_kb: KnowledgeBase) -> None:
    found, _ = _read(real_kb, [GOOD, b"nope", GOOD, _line(event="feedback", page="/a/", helpful=False)])
    out = figures_json(found)
    assert out["beacons"] == 3 and out["malformed"] == {"json": {"count": 1, "lines": [2]}}
    assert out["pages"][0] == {"key": "/canaux-de-contact/", "title": "", "yes": 2, "no": 0}


def test_sample_file_has_only_known_ids_besides_its_deliberate_ones(real_kb: KnowledgeBase) -> None:
    kb = real_kb
    sample = ROOT / "tests" / "fixtures" / "beacons-sample.jsonl"
    malformed = MalformedLines()
    beacons = list(read_beacons(io.BytesIO(Path(sample).read_bytes()), malformed))
    assert len(malformed.counts) >= 5  # several kinds of malformed lines
    unknown = {(b.tree, b.node) for b in beacons if b.tree is not None and b.node not in kb.trees[b.tree]["nodes"]}
    assert unknown == {("retrait-en-attente", "ancien-delai")}  # the outcome of an older tree, on purpose
    assert {b.tree for b in beacons} - {None} <= set(SENT)
    assert any(b.tree is None for b in beacons if b.event == "feedback")


def test_long_tables_show_their_top_and_say_how_many_are_left_out(real_kb: KnowledgeBase) -> None:
    lines = [_line(event="step", page="/parcours/depot-non-credite/", tree="depot-non-credite", node=f"n{i}")
             for i in range(30) for _ in range(i + 1)]
    lines += [_line(event="feedback", page=f"/p{i}/", helpful=True) for i in range(12)]
    found, _ = _read(real_kb, lines)
    cut, whole = format_figures(found, "x", top=5), format_figures(found, "x", top=None)
    assert "n29 " in cut and "n24 " not in cut and "n0 " in whole
    assert re.search(r"\b25\b", cut) and re.search(r"\b7\b", cut)  # 25 nodes and 7 pages left out, said as numbers
    assert len(cut.splitlines()) == len(whole.splitlines()) - (25 + 7) + 2  # the rows left out, a line each to say so
