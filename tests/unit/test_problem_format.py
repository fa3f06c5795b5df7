"""A problem is printed on one line a terminal cannot be driven by: whatever a
file's name or the content quoted in the message holds (an escape sequence, a
line break, a bidirectional control), it is written as its escape."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kb_tools.problems import Problem

CONTROLS = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])


@given(st.text(min_size=1).filter(lambda t: t.strip()), st.text(), CONTROLS)
def test_a_problem_line_never_carries_a_control_character(path: str, message: str, control: str) -> None:
    line = Problem(f"docs/{path}{control}.md", 3, 5, "warning", f"{message}{control}", "stale").format()
    assert all(c.isprintable() or c in " \u00a0\u202f" for c in line)
    assert ":3:5: warning: " in line and line.endswith("(stale)")


def test_an_escape_sequence_in_a_file_name_is_shown_not_played() -> None:
    line = Problem("docs/a\x1b[31m,b:c\nd.md", 1, 1, "warning", "page jamais relue", "stale").format()
    assert "\x1b" not in line and "\n" not in line and "\\x1b[31m" in line
