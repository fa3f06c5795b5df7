"""Every ``make X`` the project tells an editor to run exists: in README.md,
EDITING.md, CONTRIBUTING.md, the skeleton of a new tree, and every message of
kb_tools (a command that a merge dropped would leave the editor stuck)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

TARGET = re.compile(r"^([a-z][a-z0-9-]*):", re.MULTILINE)
NAMED = re.compile(r"\bmake ([a-z][a-z0-9-]*)\b")
#: « make » is also a French-looking word in prose; these are the only non-targets we accept
NOT_COMMANDS = {"sure", "it", "the", "a", "markup"}  # English comments (« make markup safe »)


def _sources() -> list[tuple[str, str]]:
    paths = [ROOT / "README.md", ROOT / "EDITING.md", ROOT / "CONTRIBUTING.md"]
    paths += sorted((ROOT / "kb_tools").rglob("*.py")) + sorted((ROOT / "kb_tools").rglob("*.j2"))
    paths += sorted((ROOT / "kb_tools").rglob("*.yml"))
    return [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in paths if p.is_file()]


def test_every_make_command_named_to_a_user_is_a_target() -> None:
    targets = set(TARGET.findall((ROOT / "Makefile").read_text(encoding="utf-8")))
    named = {(path, name) for path, text in _sources() for name in NAMED.findall(text)}
    assert {"serve", "check", "golden", "build", "test"} <= {name for _, name in named}  # the scan reads them
    missing = sorted((path, name) for path, name in named if name not in targets | NOT_COMMANDS)
    assert missing == []
