"""Plain text on one line: the same result as the regex it replaces, in linear
time whatever the text (a run of spaces made the old one quadratic)."""

from __future__ import annotations

import re
import time

from hypothesis import given
from hypothesis import strategies as st

from kb_tools.text import markdown, one_line_of, plain

#: The former ``_LINE_BREAK`` of kb_tools/text.py, kept as the reference.
OLD_LINE_BREAK = re.compile(r"[ \t]*[\r\n\u2028\u2029\x85\x0b\x0c]+[ \t]*")


@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c",
                                         "\u00a0", "a", "é", ":"]), max_size=40))
def test_one_line_is_what_the_regex_gave(text: str) -> None:
    assert one_line_of(text) == OLD_LINE_BREAK.sub(" ", text)


@given(st.text(max_size=60))
def test_one_line_is_what_the_regex_gave_on_any_text(text: str) -> None:
    assert one_line_of(text) == OLD_LINE_BREAK.sub(" ", text)


def _fastest(call: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def test_plain_and_markdown_take_linear_time_on_long_runs() -> None:
    """200,000 characters at once take about as long as 100 texts of 2,000:
    quadratic, they would take a hundred times longer (20 s for 60,000 spaces)."""
    for unit in (" ", "\t ", " \u00a0", "«  ", "a ", "\\ ", "1"):
        big = unit * (200_000 // len(unit))
        small = unit * (2_000 // len(unit))
        for function in (plain, markdown):
            whole = _fastest(lambda function=function, big=big: function(big))
            pieces = _fastest(lambda function=function, small=small: [function(small) for _ in range(100)])
            assert whole < 10 * pieces + 0.05, (function.__name__, unit, whole, pieces)
