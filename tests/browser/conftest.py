"""Fixtures of the flow tests: pages whose own requests are counted, and pages
in other settings (time zone, no JavaScript, clipboard)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.flowkit import instrument

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def flow_page(page: Page) -> Page:
    """The 390 x 844 French page, counting the requests its scripts make."""
    return instrument(page)


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """A page in a context of its own: ``new_page(timezone_id=..., ...)``."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> Page:
        settings: dict[str, Any] = {"locale": "fr-FR", "viewport": PHONE, **options}
        context = browser.new_context(**settings)
        contexts.append(context)
        return instrument(context.new_page())

    yield make
    for context in contexts:
        context.close()
