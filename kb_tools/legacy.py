"""Old flow links (``#p=0.2.1``, ``#TREE=0.2.1``) name answers by their index.

They still mean the same way through a tree as long as its answer order is
the one recorded at the migration to answer ids (``legacy_order.json``): the
build then marks the tree's flow data ``legacy: true`` and the browser maps
the indexes onto answer ids. Any reordering, insertion or change of answer
changes the order's hash, and old links open at the start with a notice.

The record is written once, at that migration, and never again: recording a
later order would send old links down other ways. A tree created since has
no entry (no old link can name it).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from .model import MORE, Tree

RECORD = Path(__file__).with_name("legacy_order.json")


def order_hash(tree: Tree) -> str:
    """A short hash of the answer order: node ids in order, each with its answer ids in order.

    An outcome's way on (``still_stuck``) came after the migration and no old
    link names it: it is left out, as outcomes had no answer then. Answers a
    question's ``more: trees`` adds come after the written ones: old indexes
    still name the same answers, so they are left out too."""
    order = [[node_id, [a["id"] for a in node["answers"] if a["source"] != MORE] if node["type"] != "outcome" else []]
             for node_id, node in tree["nodes"].items()]
    return hashlib.sha256(json.dumps(order, separators=(",", ":")).encode("utf-8")).hexdigest()[:16]


@functools.cache
def recorded() -> dict[str, str]:
    """Tree id -> the order hash at the migration commit."""
    data = json.loads(RECORD.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def is_legacy(tree: Tree) -> bool:
    """Whether old index links still lead where they led in ``tree``."""
    return recorded().get(tree["id"]) == order_hash(tree)
