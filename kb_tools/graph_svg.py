"""An SVG picture of a tree, drawn by our own small code (no Graphviz, no network).

The layout is layered, top down, in the spirit of Sugiyama (layers, order of
each layer and loops: `graph_layout`):

* a node sits one layer below the lowest node that leads to it; other trees
  are boxes too, below every node that hands over to them;
* between two layers of nodes runs a layer of answer labels, so that every
  label has a box of its own and never covers another one;
* an edge that skips layers goes through invisible "dummy" slots, and every
  line drops to the bottom of its row before it turns, so that lines run
  between boxes, never through them; only an edge that closes a cycle (a
  loop) goes back up, round the right-hand side of the drawing;
* within a layer, boxes come in the order with the fewest crossings, then
  follow the mean position of what leads to them, spread apart by a
  least-squares pass (pool adjacent violators) that keeps their order and
  never lets two boxes overlap.

Text widths are estimated (no font metrics here) on the wide side, so that
the text fits its box with the usual sans-serif fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from xml.sax.saxutils import escape

from .graph import box_id, node_label, targets
from .graph_layout import cycle_edges, layers, order_rows
from .model import KnowledgeBase, Tree
from .svg_text import text_width, wrap

__all__ = ["text_width", "to_svg", "wrap"]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"
TEXT_SIZE = 13
SMALL_SIZE = 11
LINE = 17  # line height of TEXT_SIZE text
SMALL_LINE = 15
PAD_X, PAD_Y = 12, 9
NODE_TEXT_WIDTH = 200.0  # wrap node text at about this many pixels
LABEL_TEXT_WIDTH = 150.0
GAP_X = 22.0  # between two boxes of a layer
GAP_Y = 30.0  # between two layers
DUMMY_WIDTH = 8.0
MARGIN = 16.0
TITLE_HEIGHT = 30.0
TITLE_SIZE = 16
BOLD = 1.2  # bold text is this much wider
LANE = 14.0  # between two lines that loop back round the right-hand side

INK = "#1f2328"
LINE_INK = "#57606a"
#: (fill, stroke) of each kind of box; outcomes by urgency, in the colour of the
#: notice the page shows (urgent: a red « Urgent » box, escalation: an orange
#: « Incident bloquant » one; tests/unit/test_urgency.py compares them).
COLOURS = {
    "question": ("#e8eefc", "#3949ab"),
    "checklist": ("#f3f4f6", "#4b5563"),
    "outcome-normal": ("#e6f4ea", "#2e7d32"),
    "outcome-urgent": ("#fde8e8", "#b91c1c"),
    "outcome-escalation": ("#fff1e0", "#b45309"),
    "tree": ("#ffffff", "#455a64"),
    "label": ("#ffffff", "#c4c9d0"),
}
URGENCY_FR = {"normal": "", "urgent": " · urgente", "escalation": " · escalade"}

@dataclass(eq=False)
class _Box:
    key: str
    kind: str  # question, checklist, outcome, tree, label or dummy
    lines: list[str] = field(default_factory=list)
    header: str = ""
    footer: str = ""
    colour: str = ""
    start: bool = False
    row: int = 0
    width: float = DUMMY_WIDTH
    height: float = 0.0
    x: float = 0.0  # centre
    y: float = 0.0  # top
    preds: list[_Box] = field(default_factory=list)

    def measure(self) -> None:
        if self.kind == "dummy":
            return
        size = SMALL_SIZE if self.kind == "label" else TEXT_SIZE
        widths = [text_width(line, size) for line in self.lines]
        widths += [text_width(t, SMALL_SIZE) * BOLD for t in (self.header, self.footer) if t]
        self.width = max(widths) + 2 * PAD_X
        line = SMALL_LINE if self.kind == "label" else LINE
        self.height = len(self.lines) * line + 2 * PAD_Y
        self.height += SMALL_LINE * ((1 if self.header else 0) + (1 if self.footer else 0))
        if self.kind != "label":
            self.width = max(self.width, 120.0)

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass
class _Edge:
    source: _Box
    target: _Box
    label: str
    label_box: _Box
    dummies: list[_Box]
    back: bool


def _node_box(kb: KnowledgeBase, tree: Tree, node_id: str) -> _Box:
    node = tree["nodes"][node_id]
    kind = node["type"]
    box = _Box(node_id, kind, wrap(node_label(node), NODE_TEXT_WIDTH, TEXT_SIZE), start=node_id == tree["start"])
    if kind == "question":
        box.header, box.colour = "Question", "question"
    elif kind == "checklist":
        box.header, box.colour = f"Vérifications ({len(node['steps'])})", "checklist"
    else:
        box.header = "Issue" + URGENCY_FR.get(node["urgency"], "")
        box.colour = f"outcome-{node['urgency']}" if f"outcome-{node['urgency']}" in COLOURS else "outcome-normal"
        channel = kb.channels.get(node["channel"])
        box.footer = "→ " + (str(channel["name"]) if channel else node["channel"])
    if box.start:
        box.header += " · début"
    return box


def _tree_box(kb: KnowledgeBase, key: str, other: str) -> _Box:
    title = str(kb.trees[other]["title"]) if other in kb.trees else other
    return _Box(key, "tree", wrap(title, NODE_TEXT_WIDTH, TEXT_SIZE), header="Autre parcours",
                footer=f"parcours/{other}/", colour="tree")


def _spread(row: list[_Box]) -> None:
    """Centre each box on its wish (mean of its predecessors) without overlaps.

    Least squares under order constraints: with o_i the smallest offset of
    box i from box 0, q_i = x_i - o_i must not decrease; pool adjacent
    violators gives the best non-decreasing q.
    """
    if not row:
        return
    offsets = [0.0]
    for a, b in pairwise(row):
        offsets.append(offsets[-1] + (a.width + b.width) / 2 + GAP_X)
    wishes: list[float] = []
    weights: list[float] = []
    for box in row:
        if box.preds:
            wishes.append(sum(p.x for p in box.preds) / len(box.preds))
            weights.append(1.0)
        else:  # nothing above leads here: follow the neighbour
            wishes.append(wishes[-1] if wishes else 0.0)
            weights.append(1e-3)
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for wish, weight, offset in zip(wishes, weights, offsets, strict=True):
        blocks.append([(wish - offset) * weight, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            top = blocks.pop()
            blocks[-1] = [blocks[-1][0] + top[0], blocks[-1][1] + top[1], blocks[-1][2] + top[2]]
    i = 0
    for total, weight, count in blocks:
        for _ in range(int(count)):
            row[i].x = total / weight + offsets[i]
            i += 1


def _layout(kb: KnowledgeBase, tree: Tree) -> tuple[list[list[_Box]], list[_Box], list[_Edge]]:
    nodes = tree["nodes"]
    raw = {node_id: targets(kb, tree, node) for node_id, node in nodes.items()}
    boxes: dict[str, _Box] = {node_id: _node_box(kb, tree, node_id) for node_id in nodes}
    for out in raw.values():
        for _, where in out:
            if where["tree"] != tree["id"]:
                boxes.setdefault(box_id(tree, where), _tree_box(kb, box_id(tree, where), where["tree"]))
    out_keys = {node_id: [box_id(tree, where) for _, where in out] for node_id, out in raw.items()}
    closing = cycle_edges(tree["start"], list(nodes), out_keys)
    down = {key: [t for i, t in enumerate(out_keys.get(key, [])) if (key, i) not in closing] for key in boxes}
    depth = layers(list(boxes), down)
    for key, box in boxes.items():
        box.row = 2 * depth[key]
    edges: list[_Edge] = []
    for node_id, out in raw.items():
        source = boxes[node_id]
        for index, (answer, where) in enumerate(out):
            text = answer["label"]
            target = boxes[box_id(tree, where)]
            label = _Box(f"{node_id}/{index}", "label", wrap(text, LABEL_TEXT_WIDTH, SMALL_SIZE),
                         colour="label", row=source.row + 1, preds=[source])
            back = (node_id, index) in closing
            dummies: list[_Box] = []
            previous = label
            if not back:
                for between in range(source.row + 2, target.row):
                    dummy = _Box(f"{node_id}/{index}/{between}", "dummy", row=between, preds=[previous])
                    dummies.append(dummy)
                    previous = dummy
                target.preds.append(previous)
            edges.append(_Edge(source, target, text, label, dummies, back))
    everything = [*boxes.values(), *(e.label_box for e in edges), *(d for e in edges for d in e.dummies)]
    rows: list[list[_Box]] = [[] for _ in range(max(b.row for b in everything) + 1)]
    for box in everything:
        box.measure()
        rows[box.row].append(box)
    below: dict[_Box, list[_Box]] = {}
    for box in everything:
        for pred in box.preds:
            below.setdefault(pred, []).append(box)
    rows = order_rows(rows, below)
    for row in rows:
        _spread(row)
    top = MARGIN + TITLE_HEIGHT + (GAP_Y if any(e.back and e.target.row == 0 for e in edges) else 0.0)
    for row in rows:
        height = max((b.height for b in row if b.kind != "dummy"), default=0.0)
        for box in row:
            box.y = top
            if box.kind == "dummy":
                box.height = height
        top += height + GAP_Y
    shift = MARGIN - min(b.left for b in everything)
    for box in everything:
        box.x += shift
    return rows, list(boxes.values()), edges


def _attr(value: object) -> str:
    return '"' + escape(str(value), {'"': "&quot;"}) + '"'


def _ends_attrs(edge: _Edge) -> str:
    """Which answer (its place among the node's answers) an arrow or label draws."""
    answer = edge.label_box.key.rsplit("/", 1)[1]
    return f"data-from={_attr(edge.source.key)} data-to={_attr(edge.target.key)} data-answer={_attr(answer)}"


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, lines: list[str], size: int, line: int, *, css: str, weight: str = "normal") -> str:
    spans = "".join(
        f'<tspan x="{_f(x)}" dy="{0 if i == 0 else line}">{escape(text)}</tspan>' for i, text in enumerate(lines)
    )
    baseline = y + line * 0.76  # first baseline: y is the top of the first line
    return (f'<text class="{css}" x="{_f(x)}" y="{_f(baseline)}" font-size="{size}" font-weight="{weight}" '
            f'text-anchor="middle" fill="{INK}">{spans}</text>')


def _box_svg(box: _Box) -> str:
    fill, stroke = COLOURS[box.colour]
    radius = {"question": 16, "checklist": 0, "outcome": 7, "tree": 7, "label": 9}[box.kind]
    dash = ' stroke-dasharray="6 4"' if box.kind == "tree" else ""
    width = 2.5 if box.start else (1 if box.kind == "label" else 1.5)
    parts = [f'<rect x="{_f(box.left)}" y="{_f(box.y)}" width="{_f(box.width)}" height="{_f(box.height)}" '
             f'rx="{radius}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>']
    y = box.y + PAD_Y
    if box.header:
        parts.append(_text(box.x, y, [box.header], SMALL_SIZE, SMALL_LINE, css="kb-kind", weight="bold"))
        y += SMALL_LINE
    size, line = (SMALL_SIZE, SMALL_LINE) if box.kind == "label" else (TEXT_SIZE, LINE)
    parts.append(_text(box.x, y, box.lines, size, line, css="kb-text"))
    y += len(box.lines) * line
    if box.footer:
        parts.append(_text(box.x, y, [box.footer], SMALL_SIZE, SMALL_LINE, css="kb-channel", weight="bold"))
    return "".join(parts)


def _loop_routes(edges: list[_Edge], rows: list[list[_Box]], bottoms: list[float],
                 right: float) -> dict[int, tuple[float, float, float]]:
    """Each loop's way round the side: its lane, and the heights at which it
    leaves its label's row and reaches its target's row. A loop spanning fewer
    rows gets a lane further in, so that loops nest; in a gap between two rows,
    lines that leave run above lines that arrive, each at a height of its own."""
    loops = sorted((e for e in edges if e.back), key=lambda e: (e.label_box.row - e.target.row, -e.label_box.x))
    lanes = {id(e): right + LANE * (i + 1) for i, e in enumerate(loops)}
    gaps: dict[int, tuple[list[_Edge], list[_Edge]]] = {}  # row above the gap -> (leaving, arriving)
    for edge in loops:
        gaps.setdefault(edge.label_box.row, ([], []))[0].append(edge)
        gaps.setdefault(edge.target.row - 1, ([], []))[1].append(edge)
    heights: dict[tuple[int, bool], float] = {}
    for row, (leaving, arriving) in gaps.items():
        top = bottoms[row] if row >= 0 else MARGIN + TITLE_HEIGHT
        step = ((rows[row + 1][0].y if row + 1 < len(rows) else top + GAP_Y) - top) / (len(leaving) + len(arriving) + 1)
        ordered = [*((e, False) for e in sorted(leaving, key=lambda e: lanes[id(e)])),
                   *((e, True) for e in sorted(arriving, key=lambda e: -lanes[id(e)]))]
        for i, (edge, arrives) in enumerate(ordered):
            heights[id(edge), arrives] = top + step * (i + 1)
    return {key: (lane, heights[key, False], heights[key, True]) for key, lane in lanes.items()}


def _edge_path(edge: _Edge, start_x: float, end_x: float, loop: tuple[float, float, float] | None,
               bottoms: list[float]) -> str:
    """Down from the source to the bottom of its row, into the label, then
    through the dummies (or round the right-hand side for a loop) to the target."""
    label = edge.label_box
    points = [(start_x, edge.source.bottom), (start_x, bottoms[edge.source.row]), (label.x, label.y),
              (label.x, bottoms[label.row])]
    if loop:  # down into the gap, round the right-hand side, into the target from above
        lane, below, above = loop
        points += [(label.x, below), (lane, below), (lane, above), (end_x, above), (end_x, edge.target.y)]
    else:
        for dummy in edge.dummies:
            points += [(dummy.x, dummy.y), (dummy.x, dummy.bottom)]
        points.append((end_x, edge.target.y))
    unique = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    first, *rest = unique
    return f"M{_f(first[0])} {_f(first[1])}" + "".join(f" L{_f(x)} {_f(y)}" for x, y in rest)


def to_svg(kb: KnowledgeBase, tree: Tree) -> str:
    rows, boxes, edges = _layout(kb, tree)
    everything = [b for row in rows for b in row]
    right = max(b.right for b in everything)
    lanes = sum(e.back for e in edges)
    title = f"{tree['title']} ({tree['id']})"
    width = max(right + MARGIN + (LANE * (lanes + 1) if lanes else 0),
                2 * MARGIN + text_width(title, TITLE_SIZE) * BOLD)
    # Where each edge leaves its source (spread along the bottom, in the order
    # of the labels) and reaches its target (spread along the top).
    starts: dict[int, float] = {}
    ends: dict[int, float] = {}
    by_source: dict[_Box, list[_Edge]] = {}
    by_target: dict[_Box, list[_Edge]] = {}
    for edge in edges:
        by_source.setdefault(edge.source, []).append(edge)
        by_target.setdefault(edge.target, []).append(edge)
    bottoms = [max((b.bottom for b in row), default=0.0) for row in rows]
    loops = _loop_routes(edges, rows, bottoms, right)
    height = max([*bottoms, *(below for _, below, _ in loops.values())]) + MARGIN
    for box in boxes:
        leaving = sorted(by_source.get(box, []), key=lambda e: e.label_box.x)
        for i, edge in enumerate(leaving):
            starts[id(edge)] = box.left + box.width * (i + 1) / (len(leaving) + 1)
        incoming = sorted(by_target.get(box, []),
                          key=lambda e: (e.back, -loops[id(e)][0] if e.back else (e.dummies or [e.label_box])[-1].x))
        for i, edge in enumerate(incoming):
            spread = min(box.width * 0.6, 16.0 * (len(incoming) - 1))
            ends[id(edge)] = box.x - spread / 2 + (spread * i / (len(incoming) - 1) if len(incoming) > 1 else 0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" role="img" aria-labelledby="kb-title" '
        f'font-family={_attr(FONT)}>',
        f"<title id=\"kb-title\">{escape('Schéma du parcours ' + title)}</title>",
        '<defs><marker id="kb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto"><polygon points="0,0 10,5 0,10" fill="{LINE_INK}"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{_f(MARGIN)}" y="{_f(MARGIN + 15)}" font-size="{TITLE_SIZE}" font-weight="bold" '
        f'fill="{INK}">{escape(title)}</text>',
    ]
    for edge in edges:
        path = _edge_path(edge, starts[id(edge)], ends[id(edge)], loops.get(id(edge)), bottoms)
        dash = ' stroke-dasharray="5 4"' if edge.target.kind == "tree" else ""
        out.append(
            f'<g class={_attr("kb-edge kb-loop" if edge.back else "kb-edge")} {_ends_attrs(edge)}>'
            f'<path d="{path}" fill="none" stroke="{LINE_INK}" stroke-width="1.4"{dash} '
            f'marker-end="url(#kb-arrow)"/></g>'
        )
    # Labels after every line, so that no line is drawn over a label.
    for edge in edges:
        out.append(f'<g class="kb-label" {_ends_attrs(edge)}>'
                   f"{_box_svg(edge.label_box)}</g>")
    for box in boxes:
        css = f"kb-node kb-{box.kind}"
        out.append(f'<g class={_attr(css)} data-node={_attr(box.key)}>{_box_svg(box)}</g>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
