"""The customer-service guide the site is written from, and how its words are compared.

The guide sits beside the repository (../shared/seed/), not in it; KB_GUIDE
names another copy (a wrong path fails). Without either, the checks that read
it are skipped, with the reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb_tools.guide_checklists import normalise
from tests.conftest import ROOT

__all__ = ["normalise", "read_guide"]

#: Where the guide sits when KB_GUIDE says nothing: beside the repository.
BESIDE = ROOT.parent / "shared" / "seed" / "guide-service-client-roulettino.txt"


def read_guide() -> str:
    """The guide's text: KB_GUIDE if set (a wrong path fails), else the copy beside
    the repository, else the calling test is skipped (a clone of the repository alone)."""
    named = os.environ.get("KB_GUIDE")
    if named:
        path = Path(named)
        if not path.is_file():
            pytest.fail(f"KB_GUIDE={named}: no such file (the customer-service guide, guide-service-client-roulettino.txt)")
    elif BESIDE.is_file():
        path = BESIDE
    else:
        pytest.skip(f"the guide is not beside the repository ({BESIDE}): set KB_GUIDE to its path to check it")
    return path.read_text(encoding="utf-8")
