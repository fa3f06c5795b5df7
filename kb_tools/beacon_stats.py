"""Figures from a log of beacons (``python -m kb_tools stats FILE.jsonl``).

Three figures, each computed from counters only (one pass over the log;
memory grows with the number of distinct pages and nodes, not of lines):

- votes: per article page and per flow outcome, « Oui » and « Non » answers to
  « Cette page vous a-t-elle aidé ? »;
- stops: per flow, per node that is not an outcome, arrivals (step and
  outcome beacons at that node) minus departures (beacons whose ``from`` is
  that node), never below 0, against the flow's starts (beacons without
  ``from``);
- deflection: outcomes on a self-help channel (catalogue kinds in
  :data:`SELF_HELP_KINDS`) out of the outcomes whose channel kind is known.
  The channel is the beacon's, when the catalogue knows it, else the node's in
  the current trees; the others are counted apart.

Titles and channels come from the current trees; a tree or node they no
longer have is still counted, under its id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from .beacons import Beacon, MalformedLines
from .model import KnowledgeBase, Node

SELF_HELP_KINDS = frozenset({"faq", "self_help"})

Key = tuple[str, str]  # (tree, node)


@dataclass
class Tally:
    """What a pass over the log counts."""
    beacons: int = 0
    page_votes: Counter[tuple[str, bool]] = field(default_factory=Counter)
    outcome_votes: Counter[tuple[str, str, bool]] = field(default_factory=Counter)
    starts: Counter[str] = field(default_factory=Counter)
    arrivals: Counter[Key] = field(default_factory=Counter)
    departures: Counter[Key] = field(default_factory=Counter)
    #: Outcome beacons by (tree, node, channel sent or None).
    outcomes: Counter[tuple[str, str, str | None]] = field(default_factory=Counter)

    def add(self, beacon: Beacon, times: int = 1) -> None:
        self.beacons += times
        if beacon.event == "feedback":
            helpful = bool(beacon.helpful)
            if beacon.tree is None or beacon.node is None:
                self.page_votes[beacon.page, helpful] += times
            else:
                self.outcome_votes[beacon.tree, beacon.node, helpful] += times
            return
        assert beacon.tree is not None and beacon.node is not None  # step and outcome name both (beacons.FIELDS)
        self.arrivals[beacon.tree, beacon.node] += times
        if beacon.from_ is None:
            self.starts[beacon.tree] += times
        else:
            self.departures[beacon.tree, beacon.from_] += times
        if beacon.event == "outcome":
            self.outcomes[beacon.tree, beacon.node, beacon.channel] += times


def tally(beacons: Iterable[Beacon]) -> Tally:
    """Logs repeat the same beacons: in each batch of lines, each distinct one is counted, then added once."""
    counts = Tally()
    lines = iter(beacons)
    while batch := list(islice(lines, 1 << 16)):
        for beacon, times in Counter(batch).items():
            counts.add(beacon, times)
    return counts


@dataclass(frozen=True)
class Votes:
    #: A page path, or ``tree/node`` for a flow's outcome.
    key: str
    #: The outcome's title in the current trees ("" for a page, or an outcome they no longer have).
    title: str
    yes: int
    no: int

    @property
    def total(self) -> int:
        return self.yes + self.no


@dataclass(frozen=True)
class Stop:
    node: str
    #: The node's title or question in the current trees ("" when unknown).
    title: str
    stops: int
    #: The node has an answer into another flow: the players who took it count here as stopped
    #: (the other flow's page sends its own beacons, without ``from``).
    hands_over: bool


@dataclass(frozen=True)
class FlowStops:
    tree: str
    title: str
    starts: int
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class Deflection:
    #: A flow id, or "" for every flow.
    tree: str
    self_help: int
    known: int
    unknown: int


@dataclass(frozen=True)
class Figures:
    #: Well-formed lines.
    beacons: int
    malformed: MalformedLines
    pages: tuple[Votes, ...]
    outcomes: tuple[Votes, ...]
    flows: tuple[FlowStops, ...]
    deflection: Deflection
    deflection_by_flow: tuple[Deflection, ...]


def _by_volume(votes: Iterable[Votes]) -> tuple[Votes, ...]:
    return tuple(sorted(votes, key=lambda v: (-v.total, v.key)))


def _node(kb: KnowledgeBase, tree: str, node: str) -> Node | None:
    """The node in the current trees (None: they no longer have it)."""
    nodes: dict[str, Node] = kb.trees.get(tree, {}).get("nodes", {})
    return nodes.get(node)


def _node_title(kb: KnowledgeBase, tree: str, node: str) -> str:
    found = _node(kb, tree, node)
    if found is None:
        return ""
    return str(found.get("title") or found.get("text") or "")


def _hands_over(kb: KnowledgeBase, tree: str, node: str) -> bool:
    found = _node(kb, tree, node)
    if found is None:
        return False
    return any((where := kb.target(a, tree)) is not None and where["tree"] != tree for a in found["answers"])


def _flow_stops(kb: KnowledgeBase, counts: Tally) -> tuple[FlowStops, ...]:
    stops: dict[str, list[Stop]] = {}
    seen_outcomes = {(tree, node) for tree, node, _ in counts.outcomes}
    for (tree, node), arrived in counts.arrivals.items():
        known = _node(kb, tree, node)
        # an outcome by the current trees, or by the beacons for a node they no longer have
        if (tree, node) in seen_outcomes if known is None else known["type"] == "outcome":
            continue
        left = max(arrived - counts.departures[tree, node], 0)
        if left:
            stops.setdefault(tree, []).append(Stop(node, _node_title(kb, tree, node), left, _hands_over(kb, tree, node)))
    flows = set(counts.starts) | set(stops)
    return tuple(sorted(
        (FlowStops(tree, str(kb.trees.get(tree, {}).get("title", "")), counts.starts[tree],
                   tuple(sorted(stops.get(tree, []), key=lambda s: (-s.stops, s.node)))) for tree in flows),
        key=lambda f: (-f.starts, f.tree)))


def _channel_kind(kb: KnowledgeBase, tree: str, node: str, channel: str | None) -> str | None:
    if channel is not None and channel in kb.channels:
        return str(kb.channels[channel]["kind"])
    found = _node(kb, tree, node)
    if found is not None and found["type"] == "outcome" and found["channel"] in kb.channels:
        return str(kb.channels[found["channel"]]["kind"])
    return None


def _deflection(kb: KnowledgeBase, counts: Tally) -> tuple[Deflection, tuple[Deflection, ...]]:
    per_flow: dict[str, list[int]] = {}
    for (tree, node, channel), n in counts.outcomes.items():
        kind = _channel_kind(kb, tree, node, channel)
        row = per_flow.setdefault(tree, [0, 0, 0])
        if kind is None:
            row[2] += n
        else:
            row[1] += n
            row[0] += n if kind in SELF_HELP_KINDS else 0
    flows = tuple(sorted((Deflection(tree, *row) for tree, row in per_flow.items()),
                         key=lambda d: (-(d.known + d.unknown), d.tree)))
    total = Deflection("", sum(d.self_help for d in flows), sum(d.known for d in flows),
                       sum(d.unknown for d in flows))
    return total, flows


def figures(kb: KnowledgeBase, counts: Tally, malformed: MalformedLines) -> Figures:
    pages = _by_volume(Votes(page, "", counts.page_votes[page, True], counts.page_votes[page, False])
                       for page in {page for page, _ in counts.page_votes})
    outcomes = _by_volume(Votes(f"{tree}/{node}", _node_title(kb, tree, node), counts.outcome_votes[tree, node, True],
                                counts.outcome_votes[tree, node, False])
                          for tree, node in {(t, n) for t, n, _ in counts.outcome_votes})
    total, by_flow = _deflection(kb, counts)
    return Figures(counts.beacons, malformed, pages, outcomes, _flow_stops(kb, counts), total, by_flow)
