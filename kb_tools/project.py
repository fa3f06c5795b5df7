"""Load a content folder: the two catalogues and every tree, then validate.

Layout of the folder (``trees/`` by default)::

    _channels.yml   contact channels
    _fields.yml     ticket fields
    <tree-id>.yml   one decision tree per file

Nothing here raises on bad content: every problem becomes a
:class:`~kb_tools.problems.Problem`, and all of them are returned at once.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import incidents
from .deploy_values import CHANNEL_KEYS, COMPLAINT_KEYS, check_channel_env, check_site_env, env_value
from .exits import reaching_exit
from .model import KnowledgeBase, normalise_channel, normalise_field, normalise_tree
from .nav_order import category_problems
from .problems import Problem
from .review import review_problems
from .router_check import link_router
from .rules import check_catalogues, check_tree
from .schema_check import check_schema
from .skeleton_check import skeleton_problems
from .yaml_loader import Document, load_file

CHANNELS_FILE = "_channels.yml"
FIELDS_FILE = "_fields.yml"
SYNONYMS_FILE = "_synonyms.yml"  # optional
INCIDENTS_FILE = incidents.INCIDENTS_FILE  # optional


def _real(path: Path) -> Path:
    """``path`` with its folders resolved but not its own name: a symlink
    (even a loop) stays itself, to be reported by the loader."""
    try:
        return path.absolute().parent.resolve() / path.name
    except (OSError, RuntimeError):
        return path.absolute()


def display_path(path: Path) -> str:
    """The path as the editor would type it: relative to the working folder when possible."""
    try:
        return str(_real(path).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def tree_files(folder: Path) -> list[Path]:
    """Every ``*.yml`` / ``*.yaml`` entry, whatever it is (symlink, folder,
    FIFO...): the loader says what is wrong with those that are not files."""
    return sorted(p for p in folder.glob("*.y*ml") if not p.name.startswith(("_", ".")))


def _apply_env(channel: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    out = normalise_channel(channel)
    complaint_set = True  # both complaint settings given by the deployment
    for key in CHANNEL_KEYS:
        value = env_value(channel, key, env)  # a refused value is reported by check_channel_env
        if value is not None:
            out[key] = value
            out["example"] = False
        elif key in COMPLAINT_KEYS and key in channel:
            complaint_set = False
    # the complaint settings stay example values (said by the notice) until both variables are set
    out["complaint_example"] = bool(channel.get("example")) and not complaint_set
    return out


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading makes millions of small dicts, lists and strings, not in cycles
    (reference counting frees them): the cyclic collector would go over them
    again and again, a sixth of ``check`` at 100,000 nodes. It is back on
    afterwards, and collects then whatever cycle was left meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_project(
    folder: Path,
    extra: Iterable[Path] = (),
    env: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> tuple[KnowledgeBase, list[Problem]]:
    """Load and validate everything in ``folder`` (plus ``extra`` tree files).

    A file of ``extra`` outside ``folder`` takes the place of the tree of
    ``folder`` with the same name or ``id``: that is how an edited copy is
    checked against the other trees and the catalogues. ``now``: the time an
    incident's end is compared with (the clock by default).
    """
    with _no_cyclic_gc():
        return _load_project(folder, extra, os.environ if env is None else env, now or datetime.now(UTC))


def _load_project(folder: Path, extra: Iterable[Path], env: Mapping[str, str],
                  now: datetime) -> tuple[KnowledgeBase, list[Problem]]:
    kb = KnowledgeBase()
    problems: list[Problem] = []
    inside = _real(folder).parent  # symlinks may lead anywhere in the project, not out of it

    for name, schema in ((CHANNELS_FILE, "channels"), (FIELDS_FILE, "fields")):
        path = folder / name
        if not os.path.lexists(path):
            problems.append(Problem(display_path(path), 1, 1, "error",
                                    f"fichier manquant : le dossier {display_path(folder)} doit contenir {name}",
                                    "missing-file"))
            continue
        doc, found = load_file(path, display_path(path), inside)
        if doc is not None:
            found = check_schema(doc, schema)
        problems += found
        if doc is None or found:
            continue
        kb.documents[name[:-4]] = doc  # "_channels", "_fields": never a tree id
        if schema == "channels":
            problems += check_channel_env(doc, env)
            kb.timezone = doc.data["timezone"]
            kb.business_hours = doc.data["business_hours"]
            kb.channels = {cid: _apply_env(c, env) for cid, c in doc.data["channels"].items()}
        else:
            kb.fields = {fid: normalise_field(f) for fid, f in doc.data["fields"].items()}
    problems += check_catalogues(kb)
    config = folder.parent / "mkdocs.yml"  # deploy_values.SITE_VARIABLES, read there with !ENV
    if config.is_file():
        problems += check_site_env(env, config, display_path(config))
    synonyms = folder / SYNONYMS_FILE
    if os.path.lexists(synonyms):
        doc, found = load_file(synonyms, display_path(synonyms), inside)
        if doc is not None:
            found = check_schema(doc, "synonyms")
        problems += found
        if doc is not None and not found:
            kb.synonyms = [list(group) for group in doc.data["synonyms"]]

    problems += _load_trees(kb, folder, extra, inside)
    problems += link_router(kb)  # before the rules: they check the answers it adds like written ones
    ends = reaching_exit(kb)
    for tree_id, tree in kb.trees.items():
        problems += check_tree(tree, kb, stem=Path(kb.documents[tree_id].path).stem, ends=ends)
    problems += skeleton_problems(kb)
    problems += category_problems(kb.trees, kb.documents)  # a category is also a page's address
    problems += _load_incidents(kb, folder / INCIDENTS_FILE, inside, now)
    return kb, sorted(set(problems))


def _load_incidents(kb: KnowledgeBase, path: Path, inside: Path, now: datetime) -> list[Problem]:
    """The known incidents, once the trees they name are loaded."""
    if not os.path.lexists(path):
        return []
    doc, found = load_file(path, display_path(path), inside)
    if doc is not None:
        found = incidents.schema_times(doc, check_schema(doc, "incidents"), kb.timezone)
    if doc is None or found:
        return found
    found = incidents.check_incidents(doc, kb, now)
    kb.documents[path.stem] = doc  # "_incidents": never a tree id
    if not any(p.level == "error" for p in found):
        kb.incidents = incidents.normalise(doc.data)
    return found


def _load_trees(kb: KnowledgeBase, folder: Path, extra: Iterable[Path], inside: Path) -> list[Problem]:
    """Load every tree of ``folder`` and ``extra`` into ``kb``. A file named in
    ``extra`` comes first: a tree of ``folder`` with its name or its id gives way."""
    problems: list[Problem] = []
    found_here = tree_files(folder)
    own = {_real(p) for p in found_here}
    catalogues = {_real(folder / name) for name in (CHANNELS_FILE, FIELDS_FILE, SYNONYMS_FILE, INCIDENTS_FILE)}  # checked with the project
    named: dict[Path, Path] = {}  # real path -> the path as first typed
    for path in extra:
        if _real(path) not in catalogues:
            named.setdefault(_real(path), path)
    stems: dict[str, Path] = {}
    loaded: list[tuple[Path, Document]] = []
    for path in [*named.values(), *(p for p in found_here if _real(p) not in named)]:
        shown = display_path(path)
        if path.suffix != ".yml":
            problems.append(Problem(shown, 1, 1, "error", "renommez le fichier en .yml", "file-name"))
            continue
        if path.stem in stems:
            if _real(path) in named:  # two named files: a project tree only gives way
                problems.append(Problem(shown, 1, 1, "error",
                                        f"un autre fichier porte déjà ce nom : {display_path(stems[path.stem])}",
                                        "duplicate-tree"))
            continue
        stems[path.stem] = path
        doc, found = load_file(path, shown, inside if _real(path) in own else None)
        if doc is not None:
            found = check_schema(doc, "tree")
        problems += found
        if doc is None or found:
            if doc is not None and isinstance(doc.data, dict):  # the rules will not run: the review keys now
                problems += review_problems(doc.data, doc)
            kb.broken.add(path.stem)
            continue
        loaded.append((path, doc))
    # an id held by two files goes to a named one, else to the one named after it
    holders: dict[str, Path] = {}
    for path, doc in sorted(loaded, key=lambda item: (_real(item[0]) not in named, item[1].data["id"] != item[0].stem)):
        tree_id = doc.data["id"]
        holder = holders.setdefault(tree_id, path)
        if holder is not path and (_real(path) in named or _real(holder) not in named):
            line, col = doc.at(("id",))
            problems.append(Problem(doc.path, line, col, "error",
                                    f"l’identifiant « {tree_id} » est déjà celui de {display_path(holder)} ; "
                                    f"donnez à chaque arbre le sien, le nom de son fichier ({path.stem})",
                                    "duplicate-tree"))
            kb.broken.add(path.stem)
    for path, doc in loaded:  # in file order
        if holders[doc.data["id"]] is path:
            kb.trees[doc.data["id"]] = normalise_tree(doc.data)
            kb.documents[doc.data["id"]] = doc
    return problems
