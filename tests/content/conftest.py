"""The customer-service guide, for the tests that compare the site with it."""

from __future__ import annotations

import pytest

from tests.content.guide import read_guide


@pytest.fixture(scope="session")
def guide() -> str:
    """The guide's text (tests/content/guide.py): skipped only when it is absent."""
    return read_guide()
