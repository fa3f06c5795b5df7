"""The shortcuts of kb_tools/invisible.py say what the slow ways say: the
regular expression that passes over clean texts matches exactly the
characters ``hidden`` reports, and ``suspect_strings`` keeps every string
in which ``hidden`` finds something, in the order of ``strings``."""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.invisible import _SPACES, _SUSPECT, _UNSEEN, BIDI, ZERO_WIDTH, hidden, label_key, strings, suspect_strings
from kb_tools.yaml_loader import load_text
from tests.conftest import ROOT

ODD = [*sorted(BIDI | ZERO_WIDTH), "\n", "\t", "\x1b", "\x85", "\u2028", "\u00a0", "\u202f"]


def test_the_expression_matches_what_hidden_reports() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(_SUSPECT.search(char)) == any(hidden(char, markdown=False)), hex(code)


def _found(data: Any) -> list[tuple[Any, str, bool]]:
    return [item for item in strings(data) if any(hidden(item[1], markdown=False))]


def test_suspect_strings_of_the_real_trees() -> None:
    for path in sorted((ROOT / "trees").glob("*.yml")):
        doc, _ = load_text(path.name, path.read_bytes())
        assert doc is not None
        assert list(suspect_strings(doc.data)) == _found(doc.data)


TEXT = st.text(alphabet=st.one_of(st.sampled_from(ODD), st.characters()), max_size=6)
DATA = st.recursive(st.one_of(TEXT, st.integers(), st.booleans(), st.none()),
                    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
                    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(DATA)
def test_suspect_strings_of_random_data(data: Any) -> None:
    assert list(suspect_strings(data)) == _found(data)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_label_key_as_defined(label: str) -> None:
    # every character Unicode draws as nothing goes (zero-width ones and bidi controls among them)
    visible = "".join(c for c in label if not _UNSEEN.match(c))
    assert not any(c in visible for c in ZERO_WIDTH | BIDI)
    assert label_key(label) == _SPACES.sub(" ", unicodedata.normalize("NFC", visible)).strip().casefold()
