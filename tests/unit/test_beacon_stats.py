"""The figures of ``python -m kb_tools stats``, from generated logs of beacons:
players walking the real trees (leaving self-help outcomes by « Toujours
bloqué » too), where each walk ends recounted by hand; beacons that do not
match the trees, counted apart and never in the figures; and every kind of
malformed line, counted at its line number, never fatal."""

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

from kb_tools.beacon_stats import APART, SELF_HELP_KINDS, Figures, figures, tally
from kb_tools.beacons import MAX_LINE, REASONS, Beacon, MalformedLines, read_beacons, read_line
from kb_tools.model import STILL_STUCK, KnowledgeBase
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
        self.kinds: Counter[tuple[str, bool]] = Counter()  # (tree, self-help) per walk that ENDS on an outcome
        self.left: Counter[str] = Counter()  # self-help outcomes left by « Toujours bloqué », per tree
        self.no: Counter[str] = Counter()  # « Non » votes on self-help outcomes, per tree
        self.votes: Counter[tuple[str, bool]] = Counter()  # (page or tree/node, helpful)

    def _end(self, tree: str, node: str) -> None:
        """The last node of a walk in ``tree``: a stop, or an end on an outcome."""
        shown = self.kb.trees[tree]["nodes"][node]
        if shown["type"] == "outcome":
            self.kinds[tree, self._self_help(shown)] += 1
        else:
            self.stops[tree, node] += 1

    def _self_help(self, node: Any) -> bool:
        return bool(self.kb.channels[node["channel"]]["kind"] in SELF_HELP_KINDS)

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
            self.lines.append(_line(**beacon))
            if outcome and rng.random() < 0.5:
                helpful = rng.random() < 0.5
                self.lines.append(_line(event="feedback", page=f"/parcours/{tree}/", tree=tree, node=node,
                                        helpful=helpful))
                self.votes[f"{tree}/{node}", helpful] += 1
                self.no[tree] += not helpful and self._self_help(shown)
            choice = next(taken, -1)
            stuck = [a for a in shown["answers"] if a["id"] == STILL_STUCK] if outcome else []
            if stuck and rng.random() < 0.5:  # « Toujours bloqué » on a self-help outcome, whatever the choices
                choice = shown["answers"].index(stuck[0])
            if choice < 0 or not shown["answers"]:  # the player leaves here, or an outcome without a way on
                self._end(tree, node)
                return
            answer = shown["answers"][choice % len(shown["answers"])]
            where = kb.target(answer, tree)
            assert where is not None
            self.left[tree] += outcome and answer["id"] == STILL_STUCK and self._self_help(shown)
            if where["tree"] == tree:
                node, came_from = where["node"], node
                continue
            # another flow's page: this one sees no departure (its last node here), the other a start
            self._end(tree, node)
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


def _check_walks(walks: Walks, found: Figures) -> None:
    """The figures are those of the walks, counted from where each one ends."""
    stops = {(f.tree, s.node): s.stops for f in found.flows for s in f.stops}
    assert stops == +walks.stops
    assert {f.tree: f.starts for f in found.flows if f.starts} == dict(+walks.starts)
    for flow in found.flows:
        assert [s.stops for s in flow.stops] == sorted((s.stops for s in flow.stops), reverse=True)

    assert found.deflection.unknown == 0
    assert (found.deflection.self_help, found.deflection.known) == (
        sum(n for (_, self_help), n in walks.kinds.items() if self_help), sum(walks.kinds.values()))
    assert (found.deflection.left, found.deflection.no) == (sum(walks.left.values()), sum(walks.no.values()))
    for flow in found.deflection_by_flow:
        assert (flow.self_help, flow.known) == (walks.kinds[flow.tree, True],
                                                walks.kinds[flow.tree, True] + walks.kinds[flow.tree, False])
        assert (flow.left, flow.no) == (walks.left[flow.tree], walks.no[flow.tree])

    votes = {(v.key, True): v.yes for v in (*found.pages, *found.outcomes)}
    votes |= {(v.key, False): v.no for v in (*found.pages, *found.outcomes)}
    assert +Counter(votes) == +walks.votes
    totals = [v.total for v in found.pages]
    assert totals == sorted(totals, reverse=True)


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
    assert malformed.total == 0 and found.beacons == len(walks.lines) and found.apart == ()
    _check_walks(walks, found)


def test_walks_that_leave_a_self_help_outcome_for_contact_are_no_deflection(real_kb: KnowledgeBase) -> None:
    """Three flows walked to a self-help outcome, each then « Toujours bloqué » to contact: no flow ends on
    self-help. Every flow with such an outcome, on every self-help outcome it has."""
    kb = real_kb
    tried = 0
    for tree in SENT:
        for node_id, node in kb.trees[tree]["nodes"].items():
            stuck = [a for a in node["answers"] if a["id"] == STILL_STUCK] if node["type"] == "outcome" else []
            if not stuck:
                continue
            tried += 1
            where = kb.target(stuck[0], tree)
            assert where is not None and where["tree"] == tree
            contact = kb.trees[tree]["nodes"][where["node"]]
            page = f"/parcours/{tree}/"
            lines = [_line(event="outcome", page=page, tree=tree, node=node_id, channel=node["channel"]),
                     _line(event="feedback", page=page, tree=tree, node=node_id, helpful=False),
                     _line(**{"event": "outcome", "page": page, "tree": tree, "node": where["node"], "from": node_id,
                              "channel": contact["channel"]})] * 3
            found, _ = _read(kb, lines)
            d = found.deflection
            assert (d.self_help, d.known, d.left, d.no) == (0, 3, 3, 3), (tree, node_id)
            assert percent(d.self_help, d.known).startswith("0,0")
            assert found.flows == () or all(not f.stops for f in found.flows)  # an outcome is no stop, left or not
            kept = _read(kb, lines[:2] * 3)[0].deflection
            assert (kept.self_help, kept.known, kept.left) == (3, 3, 0)  # staying there: three ends on self-help
    assert tried >= 5


#: Ids that the current trees do not have, or have elsewhere.
_ODD_TREES = ("inconnu", "jeu-responsable")
_ODD_NODES = ("disparu", "methode", "resolu", "contact-chat", "erreur")


def _apart_by_hand(kb: KnowledgeBase, event: str, tree: str, node: str, from_: str | None) -> str | None:
    """The rules of README.md (« ne correspond pas aux arbres actuels »), restated."""
    if tree not in kb.trees:
        return "tree"
    if tree == "jeu-responsable":
        return "sensitive"
    nodes = kb.trees[tree]["nodes"]
    if node not in nodes or (from_ is not None and from_ not in nodes):
        return "node"
    kind = nodes[node]["type"]
    if event == "outcome" and kind != "outcome":
        return "outcome"
    if event == "step" and kind == "outcome":
        return "step"
    if event == "step" and from_ is not None and nodes[from_]["type"] == "outcome":
        return "after-outcome"
    if event == "feedback" and kind != "outcome":
        return "feedback"
    return None


FORGED = st.lists(st.tuples(st.sampled_from(["step", "outcome", "feedback"]),
                            st.sampled_from([*SENT, *_ODD_TREES]), st.sampled_from(_ODD_NODES),
                            st.sampled_from([None, *_ODD_NODES]), st.booleans()), max_size=30)


@settings(max_examples=60, deadline=None)
@given(SESSIONS, st.integers(0, 2**32), FORGED)
def test_beacons_that_do_not_match_the_trees_are_counted_apart_never_in_the_figures(
        real_kb: KnowledgeBase, sessions: list[tuple[int, list[int]]], seed: int,
        forged: list[tuple[str, str, str, str | None, bool]]) -> None:
    """Anyone can post to the endpoint: well-formed nonsense added to real walks changes no figure, and each
    piece is counted apart, under its node and reason."""
    walks = _walks(real_kb, sessions, seed)
    expected: Counter[tuple[str, str, str]] = Counter()
    lines = list(walks.lines)
    for event, tree, node, from_, helpful in forged:
        fields: dict[str, Any] = {"event": event, "page": f"/parcours/{tree}/", "tree": tree, "node": node}
        if event == "feedback":
            fields["helpful"] = helpful
            from_ = None
        elif from_ is not None:
            fields["from"] = from_
        why = _apart_by_hand(real_kb, event, tree, node, from_)
        if why is None:
            continue  # it happens to fit the trees: a beacon like any other
        lines.append(_line(**fields))
        shown = from_ if why == "node" and node in real_kb.trees[tree]["nodes"] else node
        expected[tree, shown, why] += 1
    found, _ = _read(real_kb, lines)
    _check_walks(walks, found)
    assert {(a.tree, a.node, a.reason): a.total for a in found.apart} == dict(expected)
    assert found.apart_total == sum(expected.values()) and found.beacons == len(lines)
    assert {a.reason for a in found.apart} <= set(APART)
    text = format_figures(found, "x.jsonl")
    assert "(s)" not in text  # « 1 début », « 2 débuts »: counts agree with their word
    if expected:
        assert str(found.apart_total) in text and all(f"{a.tree}/{a.node}" in text for a in found.apart[:50])
    assert figures_json(found)["apart"]["total"] == found.apart_total


def test_a_node_the_trees_no_longer_have_stays_visible_apart_and_marked(real_kb: KnowledgeBase) -> None:
    page = "/parcours/depot-non-credite/"
    found, _ = _read(real_kb, [
        _line(event="outcome", page=page, tree="depot-non-credite", node="ancienne-issue", channel="pigeon"),
        _line(event="outcome", page=page, tree="depot-non-credite", node="ancienne-issue"),
        _line(event="outcome", page=page, tree="depot-non-credite", node="ancienne-issue", channel="faq"),
        _line(event="feedback", page=page, tree="depot-non-credite", node="ancienne-issue", helpful=False),
        _line(event="outcome", page=page, tree="arbre-retire", node="fin", channel="chat"),
        _line(event="step", page=page, tree="arbre-retire", node="question"),
        _line(event="outcome", page=page, tree="depot-non-credite", node="resolu", channel="unknown-channel"),
    ])
    assert (found.deflection.self_help, found.deflection.known, found.deflection.unknown) == (1, 1, 0)
    assert not [s for f in found.flows for s in f.stops]
    rows = {(a.tree, a.node): (a.reason, a.steps, a.outcomes, a.yes, a.no) for a in found.apart}
    assert rows == {("depot-non-credite", "ancienne-issue"): ("node", 0, 3, 0, 1),
                    ("arbre-retire", "fin"): ("tree", 0, 1, 0, 0), ("arbre-retire", "question"): ("tree", 1, 0, 0, 0)}
    text = format_figures(found, "x.jsonl")
    assert "depot-non-credite/ancienne-issue" in text and APART["node"] in text


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
    assert out["apart"] == {"total": 0, "rows": []}
    assert out["pages"][0] == {"key": "/canaux-de-contact/", "title": "", "yes": 2, "no": 0}


def test_sample_file_has_only_known_ids_besides_its_deliberate_ones(real_kb: KnowledgeBase) -> None:
    kb = real_kb
    sample = ROOT / "tests" / "fixtures" / "beacons-sample.jsonl"
    malformed = MalformedLines()
    beacons = list(read_beacons(io.BytesIO(Path(sample).read_bytes()), malformed))
    assert len(malformed.counts) >= 5  # several kinds of malformed lines
    apart = {(b.tree, b.node, _apart_by_hand(kb, b.event, b.tree, b.node, b.from_)) for b in beacons
             if b.tree is not None and b.node is not None}
    apart = {a for a in apart if a[2] is not None}
    assert apart == {("retrait-en-attente", "ancien-delai", "node"),  # the outcome of an older tree, on purpose
                     ("inconnu", "resolu", "tree"), ("depot-non-credite", "methode", "outcome"),
                     ("connexion-acces", "resolu", "step"), ("connexion-acces", "erreur", "feedback")}
    assert any(b.event == "outcome" and b.from_ is not None and kb.trees[b.tree]["nodes"][b.from_]["type"] == "outcome"
               for b in beacons if b.tree in kb.trees)  # a self-help outcome left by « Toujours bloqué »
    assert {b.tree for b in beacons} - {None, "inconnu"} <= set(SENT)
    assert any(b.tree is None for b in beacons if b.event == "feedback")


def test_long_tables_show_their_top_and_say_how_many_are_left_out(real_kb: KnowledgeBase) -> None:
    # nodes the trees do not have: the table of beacons counted apart, cut like any other
    lines = [_line(event="step", page="/parcours/depot-non-credite/", tree="depot-non-credite", node=f"n{i}")
             for i in range(30) for _ in range(i + 1)]
    lines += [_line(event="feedback", page=f"/p{i}/", helpful=True) for i in range(12)]
    found, _ = _read(real_kb, lines)
    cut, whole = format_figures(found, "x", top=5), format_figures(found, "x", top=None)
    assert "n29 " in cut and "n24 " not in cut and "n0 " in whole
    assert re.search(r"\b25\b", cut) and re.search(r"\b7\b", cut)  # 25 nodes and 7 pages left out, said as numbers
    assert len(cut.splitlines()) == len(whole.splitlines()) - (25 + 7) + 2  # the rows left out, a line each to say so


@pytest.mark.parametrize("kind", ["page", "outcome-vote", "flow"])
def test_ids_of_their_own_never_grow_the_counters_past_the_cap(monkeypatch: pytest.MonkeyPatch, real_kb: KnowledgeBase,
                                                                kind: str) -> None:
    """The endpoint is public: a log of invented ids is counted up to the cap, the rest said, never kept."""
    import kb_tools.beacon_stats as beacon_stats

    monkeypatch.setattr(beacon_stats, "MAX_DISTINCT", 50)
    made = {"page": lambda i: Beacon("feedback", f"/p{i}/", helpful=True),
            "outcome-vote": lambda i: Beacon("feedback", "/x/", "inconnu", f"n{i}", helpful=False),
            "flow": lambda i: Beacon("step", "/x/", "inconnu", f"n{i}")}[kind]
    counts = tally([made(i) for i in range(80)] + [made(0)] * 5)
    assert counts.dropped == 30 and counts.beacons == 85
    assert max(len(counts.page_votes), len(counts.outcome_votes), len(counts.flow)) == 50
    found = figures(real_kb, counts, MalformedLines())
    assert found.dropped == 30 and figures_json(found)["dropped"] == 30
    assert "30" in format_figures(found, "journal")
