"""The plugin's one way to report problems and stop the build."""

from __future__ import annotations

import logging
from collections.abc import Callable

from mkdocs.exceptions import PluginError

from ..problems import Problem

log = logging.getLogger("mkdocs.plugins.kb_tools")


def stop(problems: list[Problem], summary: str, shown: Callable[[Problem], str] = Problem.format) -> None:
    """Every problem on the log, then the build stops (``summary`` after their count); nothing if none."""
    if problems:
        for problem in problems:
            log.error(shown(problem))
        raise PluginError(f"{len(problems)} {summary}")
