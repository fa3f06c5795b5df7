"""Figures from a log of beacons (``python -m kb_tools stats FILE.jsonl``).

Three figures, each computed from counters only (one pass over the log;
memory grows with the number of distinct pages, nodes and answers taken, not
of lines), from the beacons that match the current trees:

- votes: per article page and per flow outcome, « Oui » and « Non » answers to
  « Cette page vous a-t-elle aidé ? »;
- stops: per flow, per node that is not an outcome, arrivals (step and
  outcome beacons at that node) minus departures (beacons whose ``from`` is
  that node), never below 0, against the flow's starts (beacons without
  ``from``);
- deflection: the flows that END on a self-help outcome (catalogue kinds in
  :data:`SELF_HELP_KINDS`) out of the flows that end on an outcome whose
  channel kind is known. An outcome is an end unless the player left it: each
  beacon whose ``from`` is an outcome (« Toujours bloqué », ``still_stuck:``)
  cancels one end there, never below 0; the player ends where that answer
  leads (a contact outcome). The channel is the beacon's, when the catalogue
  knows it, else the node's in the current trees; the others are counted
  apart. The « Non » votes on self-help outcomes go beside it.

The endpoint is public: anyone can post a well-formed beacon. Those that do
not match the current trees (see :data:`APART`: an unknown flow, a node they
do not have, an event that does not fit the node) are counted apart, by node
and reason, never in the figures; a node removed or renamed by a content
change shows there, marked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .beacons import Beacon, Event, MalformedLines
from .model import KnowledgeBase, Node

SELF_HELP_KINDS = frozenset({"faq", "self_help"})

Key = tuple[str, str]  # (tree, node)
#: A step or outcome beacon, as counted: (event, tree, node, from, channel).
FlowKey = tuple[Event, str, str, str | None, str | None]

#: Why a well-formed beacon does not match the current trees, in French, in the order they are checked.
APART: dict[str, str] = {
    "tree": "parcours inconnu des arbres actuels",
    "sensitive": "parcours sensible, qui n’envoie aucun signal",
    "node": "nœud absent des arbres actuels (retiré ou renommé ?)",
    "outcome": "« outcome » sur un nœud qui n’est pas une issue",
    "step": "« step » sur une issue",
    "after-outcome": "« step » venu d’une issue (une issue ne mène qu’à une issue)",
    "feedback": "vote sur un nœud qui n’est pas une issue",
}


#: Distinct keys each counter of :class:`Tally` takes at most. The endpoint is public: anyone can post
#: beacons with ids of their own, and memory must not grow with them. A real site has far fewer
#: (pages × 2, nodes × answers); the beacons past it are counted as ``dropped``, never silently.
MAX_DISTINCT = 20_000


@dataclass
class Tally:
    """What a pass over the log counts."""
    beacons: int = 0
    page_votes: Counter[tuple[str, bool]] = field(default_factory=Counter)
    outcome_votes: Counter[tuple[str, str, bool]] = field(default_factory=Counter)
    #: Step and outcome beacons, judged against the trees by :func:`figures`.
    flow: Counter[FlowKey] = field(default_factory=Counter)
    #: Beacons not counted: their key would have been one more than ``MAX_DISTINCT`` in its counter.
    dropped: int = 0

    def add(self, beacon: Beacon, times: int = 1) -> None:
        self.beacons += times
        if beacon.event == "feedback":
            helpful = bool(beacon.helpful)
            if beacon.tree is None or beacon.node is None:
                self._count(self.page_votes, (beacon.page, helpful), times)
            else:
                self._count(self.outcome_votes, (beacon.tree, beacon.node, helpful), times)
            return
        assert beacon.tree is not None and beacon.node is not None  # step and outcome name both (beacons.FIELDS)
        self._count(self.flow, (beacon.event, beacon.tree, beacon.node, beacon.from_,
                                beacon.channel if beacon.event == "outcome" else None), times)

    def _count(self, counter: Counter[Any], key: Any, times: int) -> None:
        if key not in counter and len(counter) >= MAX_DISTINCT:
            self.dropped += times
            return
        counter[key] += times


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
    #: The outcome's title in the current trees ("" for a page).
    title: str
    yes: int
    no: int

    @property
    def total(self) -> int:
        return self.yes + self.no


@dataclass(frozen=True)
class Stop:
    node: str
    #: The node's title or question in the current trees.
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
    #: Ends on a self-help outcome.
    self_help: int
    #: Ends on an outcome whose channel kind is known.
    known: int
    #: Ends on an outcome whose channel kind is unknown (counted apart).
    unknown: int
    #: Self-help outcomes shown, then left by « Toujours bloqué » (not ends).
    left: int = 0
    #: « Non » votes on self-help outcomes.
    no: int = 0


@dataclass(frozen=True)
class Apart:
    """Beacons of one node that do not match the current trees, for one reason."""
    tree: str
    node: str
    reason: str
    steps: int = 0
    outcomes: int = 0
    yes: int = 0
    no: int = 0

    @property
    def total(self) -> int:
        return self.steps + self.outcomes + self.yes + self.no


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
    #: Well-formed beacons that do not match the current trees, most first.
    apart: tuple[Apart, ...] = ()
    #: Well-formed beacons past ``MAX_DISTINCT`` distinct keys: not counted.
    dropped: int = 0

    @property
    def apart_total(self) -> int:
        return sum(a.total for a in self.apart)


def _by_volume(votes: Iterable[Votes]) -> tuple[Votes, ...]:
    return tuple(sorted(votes, key=lambda v: (-v.total, v.key)))


def _node(kb: KnowledgeBase, tree: str, node: str) -> Node | None:
    """The node in the current trees (None: they do not have it)."""
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


def apart_reason(kb: KnowledgeBase, event: Event, tree: str, node: str, from_: str | None = None) -> tuple[str, str] | None:
    """Why a beacon does not match the current trees, with the node it is shown under; None: it matches."""
    if tree not in kb.trees:
        return "tree", node
    if kb.trees[tree].get("sensitive") is True:
        return "sensitive", node
    found, before = _node(kb, tree, node), None if from_ is None else _node(kb, tree, from_)
    if found is None:
        return "node", node
    if from_ is not None and before is None:
        return "node", from_
    outcome = found["type"] == "outcome"
    if event == "outcome" and not outcome:
        return "outcome", node
    if event == "step" and outcome:
        return "step", node
    if event == "step" and before is not None and before["type"] == "outcome":
        return "after-outcome", node
    if event == "feedback" and not outcome:
        return "feedback", node
    return None


def _flow_stops(kb: KnowledgeBase, arrivals: Counter[Key], departures: Counter[Key],
                starts: Counter[str]) -> tuple[FlowStops, ...]:
    stops: dict[str, list[Stop]] = {}
    for (tree, node), arrived in arrivals.items():
        found = _node(kb, tree, node)
        if found is None or found["type"] == "outcome":  # an outcome is no stop, whether it ends the flow or is left
            continue
        left = max(arrived - departures[tree, node], 0)
        if left:
            stops.setdefault(tree, []).append(Stop(node, _node_title(kb, tree, node), left, _hands_over(kb, tree, node)))
    flows = set(starts) | set(stops)
    return tuple(sorted(
        (FlowStops(tree, str(kb.trees.get(tree, {}).get("title", "")), starts[tree],
                   tuple(sorted(stops.get(tree, []), key=lambda s: (-s.stops, s.node)))) for tree in flows),
        key=lambda f: (-f.starts, f.tree)))


def _channel_kind(kb: KnowledgeBase, tree: str, node: str, channel: str | None) -> str | None:
    if channel is not None and channel in kb.channels:
        return str(kb.channels[channel]["kind"])
    found = _node(kb, tree, node)
    if found is not None and found["type"] == "outcome" and found["channel"] in kb.channels:
        return str(kb.channels[found["channel"]]["kind"])
    return None


def _deflection(kb: KnowledgeBase, outcomes: Counter[tuple[str, str, str | None]], departures: Counter[Key],
                no_votes: Counter[Key]) -> tuple[Deflection, tuple[Deflection, ...]]:
    """Ends per flow: each outcome shown, less one per answer taken on it (« Toujours bloqué »), taken from its
    self-help ends first (a self-help outcome is the one that has such an answer)."""
    shown: dict[Key, list[int]] = {}  # (tree, node) -> [self-help, contact, unknown kind]
    for (tree, node, channel), n in outcomes.items():
        kind = _channel_kind(kb, tree, node, channel)
        shown.setdefault((tree, node), [0, 0, 0])[2 if kind is None else 0 if kind in SELF_HELP_KINDS else 1] += n
    per_flow: dict[str, list[int]] = {}
    for (tree, node), kinds in shown.items():
        row = per_flow.setdefault(tree, [0, 0, 0, 0, 0])
        gone = departures[tree, node]
        for i in (0, 2, 1):
            cancelled = min(gone, kinds[i])
            kinds[i] -= cancelled
            gone -= cancelled
            row[3] += cancelled if i == 0 else 0
        row[0] += kinds[0]
        row[1] += kinds[0] + kinds[1]
        row[2] += kinds[2]
    for (tree, node), n in no_votes.items():
        if _channel_kind(kb, tree, node, None) in SELF_HELP_KINDS:
            per_flow.setdefault(tree, [0, 0, 0, 0, 0])[4] += n
    flows = tuple(sorted((Deflection(tree, *row) for tree, row in per_flow.items()),
                         key=lambda d: (-(d.known + d.unknown), d.tree)))
    total = Deflection("", *(sum(getattr(d, name) for d in flows) for name in ("self_help", "known", "unknown", "left", "no")))
    return total, flows


def figures(kb: KnowledgeBase, counts: Tally, malformed: MalformedLines) -> Figures:
    apart: dict[tuple[str, str, str], Counter[str]] = {}
    arrivals: Counter[Key] = Counter()
    departures: Counter[Key] = Counter()
    starts: Counter[str] = Counter()
    outcomes: Counter[tuple[str, str, str | None]] = Counter()
    for (event, tree, node, from_, channel), n in counts.flow.items():
        why = apart_reason(kb, event, tree, node, from_)
        if why is not None:
            apart.setdefault((tree, why[1], why[0]), Counter())["steps" if event == "step" else "outcomes"] += n
            continue
        arrivals[tree, node] += n
        if from_ is None:
            starts[tree] += n
        else:
            departures[tree, from_] += n
        if event == "outcome":
            outcomes[tree, node, channel] += n
    votes: Counter[tuple[str, str, bool]] = Counter()
    for (tree, node, helpful), n in counts.outcome_votes.items():
        why = apart_reason(kb, "feedback", tree, node)
        if why is None:
            votes[tree, node, helpful] += n
        else:
            apart.setdefault((tree, why[1], why[0]), Counter())["yes" if helpful else "no"] += n
    pages = _by_volume(Votes(page, "", counts.page_votes[page, True], counts.page_votes[page, False])
                       for page in {page for page, _ in counts.page_votes})
    outcome_votes = _by_volume(Votes(f"{tree}/{node}", _node_title(kb, tree, node), votes[tree, node, True],
                                     votes[tree, node, False]) for tree, node in {(t, n) for t, n, _ in votes})
    total, by_flow = _deflection(kb, outcomes, departures, Counter({(t, n): c for (t, n, h), c in votes.items() if not h}))
    rows = sorted((Apart(tree, node, reason, **found) for (tree, node, reason), found in apart.items()),
                  key=lambda a: (-a.total, a.tree, a.node, a.reason))
    return Figures(counts.beacons, malformed, pages, outcome_votes, _flow_stops(kb, arrivals, departures, starts),
                   total, by_flow, tuple(rows), counts.dropped)
