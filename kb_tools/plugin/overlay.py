"""The page `make serve` shows instead of the site while the build fails: the
located messages, what to do, in the style of a dev-server overlay.

Self-contained (no file of the site, no other host), readable on a phone, and
every text in it escaped: the messages quote what the editor typed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..problems import Problem
from ..text import french_spacing

#: ``path:line:col: level: message (rule)``, as :meth:`Problem.format` writes it.
#: Read in two linear steps, the rule at the end then the place at the start: one
#: pattern with ``.+?`` then ``.*`` retried the message at every place (seconds
#: on a long line of ``a:1:1: error: ``).
_PLACE = re.compile(r"(?P<where>.+?:\d+:\d+): (?P<level>error|warning): ", re.DOTALL)
_RULE = re.compile(r"[a-z0-9-]+")

LEVELS = {"error": "erreur", "warning": "avertissement"}


@dataclass(frozen=True)
class Shown:
    """One message of the page: ``where`` is ``path:line:col`` (empty when the
    message has no place), ``level`` error or warning, ``rule`` may be empty."""

    where: str
    level: str
    message: str
    rule: str = ""

    @classmethod
    def of(cls, problem: Problem) -> Shown:
        where = f"{problem.path}:{problem.line}:{problem.col}"
        # the message as `make check` prints it (invisible characters written as escapes)
        line = problem.format()
        return cls(where, problem.level, line[len(f"{where}: {problem.level}: "):-len(f" ({problem.rule})")],
                   problem.rule)

    @classmethod
    def read(cls, text: str, level: str) -> Shown:
        """A line of the build's log: located if it has the form of a problem."""
        head, opening, rule = text[:-1].rpartition(" (")
        found = _PLACE.match(head) if opening and text.endswith(")") and _RULE.fullmatch(rule) else None
        if found:
            return cls(found["where"], found["level"], head[found.end():], rule)
        return cls("", level, text)


_STYLE = """
:root { color-scheme: dark; }
* { box-sizing: border-box; }
body { margin: 0; background: #181818; color: #d8d8d8;
  font: 15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
.kb-overlay { max-width: 60rem; margin: 0 auto; padding: 1rem; border-top: 5px solid #ff5555; }
h1 { color: #ff6b6b; font-size: 1.25rem; margin: .5rem 0; }
h2 { color: #f0c674; font-size: 1rem; margin: 1.5rem 0 .5rem; }
p, li { overflow-wrap: anywhere; }
.kb-problems { list-style: none; padding: 0; }
.kb-problem { background: #232323; border-left: 4px solid #ff5555; margin: 0 0 .75rem; padding: .5rem .75rem; }
.kb-problem.kb-warning { border-left-color: #f0c674; }
.kb-where { color: #8ab4f8; font-weight: bold; margin: 0; }
.kb-level { color: #ff6b6b; } .kb-warning .kb-level { color: #f0c674; }
.kb-rule { color: #9a9a9a; }
.kb-message { margin: .25rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; }
code { color: #b5e08a; }
"""


def _item(shown: Shown) -> str:
    level = "kb-warning" if shown.level == "warning" else "kb-error"
    head = []
    if shown.where:
        head.append(f'<span class="kb-where">{html.escape(shown.where)}</span>')
    head.append(f'<span class="kb-level">{html.escape(LEVELS.get(shown.level, shown.level))}</span>')
    if shown.rule:
        head.append(f'<span class="kb-rule">({html.escape(shown.rule)})</span>')
    return (f'<li class="kb-problem {level}"><p class="kb-head">{" ".join(head)}</p>'
            f'<pre class="kb-message">{html.escape(shown.message)}</pre></li>')


def _sentence(text: str) -> str:
    """Our own French text: escaped, typography, « `x` » as code."""
    escaped = html.escape(french_spacing(text), quote=False)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def error_page(title: str, shown: list[Shown], todo: list[str]) -> str:
    """The whole page: ``title``, the messages, then what to do (our sentences,
    where `backquotes` mark a command)."""
    errors = sum(s.level != "warning" for s in shown)
    count = f"{errors} erreur(s), {len(shown) - errors} avertissement(s)"
    items = "\n".join(_item(s) for s in shown)
    steps = "\n".join(f"<li>{_sentence(step)}</li>" for step in todo)
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{_sentence(title)} · make serve</title>
<style>{_STYLE}</style>
</head>
<body>
<main class="kb-overlay" data-kb-build-error>
<h1>{_sentence(title)}</h1>
<p class="kb-count">{count}</p>
<ol class="kb-problems">
{items}
</ol>
<h2>Que faire</h2>
<ol class="kb-todo">
{steps}
</ol>
</main>
</body>
</html>
"""
