"""Usage errors of every ``python -m kb_tools`` sub-command, as argparse finds
them: in French, naming what was wrong, exit code 2, never argparse's English.
The cases are generated from the parser itself: a new sub-command or option
is tried without anyone listing it here."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools import cli
from kb_tools.french_argparse import translate

#: argparse's own English, in any of its messages (usage, errors, help).
ENGLISH = re.compile(r"usage:|error:|\brequired\b|\binvalid\b|unrecognized|\bexpected\b|choose from|ambiguous|"
                     r"not allowed|explicit argument|show this help|positional arguments|optional arguments|"
                     r"\bchoices\b|unknown parser|\bargument \S+:", re.IGNORECASE)


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _cases() -> list[tuple[list[str], str]]:
    """(arguments, what the message must name) for each usage error of each sub-command."""
    cases: list[tuple[list[str], str]] = [([], "COMMANDE"), (["inconnue"], "inconnue"), (["--trees"], "--trees"),
                                          (["--inconnue", "check"], "--inconnue")]
    for name, sub in _subcommands().items():
        positionals = [a for a in sub._actions if not a.option_strings]
        required = [a for a in positionals if a.nargs is None]
        filler = ["x"] * len(required)
        cases.append(([name, *filler, "--inconnue"], "--inconnue"))
        if required:
            cases.append(([name], str(required[0].metavar or required[0].dest)))
        if all(a.nargs is None for a in positionals):  # no room for one more
            cases.append(([name, *filler, "en-trop"], "en-trop"))
        for option in sub._actions:
            if not option.option_strings or option.nargs == 0 or isinstance(option, argparse._HelpAction):
                continue
            flag = option.option_strings[-1]
            if option.nargs is None:
                cases.append(([name, *filler, flag], flag))
            if option.type is not None or option.choices is not None:
                cases.append(([name, *filler, flag, "abc"], "abc"))
    return cases


CASES = _cases()


def test_every_subcommand_is_tried() -> None:
    tried = {args[0] for args, _ in CASES if args and not args[0].startswith("-")}
    assert set(_subcommands()) <= tried
    assert {"check", "export", "graph", "report", "new", "headers", "stats"} <= set(_subcommands())


@pytest.mark.parametrize(("args", "named"), CASES, ids=[" ".join(a) or "(rien)" for a, _ in CASES])
def test_a_usage_error_is_french_names_the_culprit_and_exits_2(
        args: list[str], named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = cli.main(["--trees", str(tmp_path), *args] if args[:1] != ["--trees"] else args)
    except SystemExit as exit_:
        code = exit_.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    assert code == 2, (args, out, err)
    assert err.strip() and out == ""
    assert not ENGLISH.search(err), err
    assert named in err, err


@pytest.mark.parametrize("name", [None, *_subcommands()])
def test_help_is_french(name: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["-h"] if name is None else [name, "-h"])
    out, _ = capsys.readouterr()
    assert exit_.value.code == 0 and out.strip()
    assert not ENGLISH.search(out), out


@pytest.mark.parametrize("message", [
    "the following arguments are required: FICHIER", "argument --top: invalid int value: 'abc'",
    "unrecognized arguments: --x y", "argument --format: invalid choice: 'png' (choose from 'dot', 'svg')",
    "argument --today: expected one argument", "argument --x: expected at most one argument",
    "argument x: expected at least one argument", "argument x: expected 2 arguments",
    "ambiguous option: --t could match --top, --today", "argument --a: not allowed with argument --b",
    "argument --json: ignored explicit argument 'oui'", "one of the arguments --a --b is required",
    "argument COMMANDE: unknown parser 'x' (choices: check, export)", "argument --r: invalid float value: 'x'",
])
def test_each_known_argparse_sentence_has_its_french(message: str) -> None:
    french = translate(message)
    assert not ENGLISH.search(french), french
    assert french != message


def test_the_real_command_line_speaks_french_too() -> None:
    result = subprocess.run([sys.executable, "-m", "kb_tools", "stats", "--top", "abc"], capture_output=True, text=True,
                            timeout=60, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(cli.__file__).parents[1])})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not ENGLISH.search(result.stderr) and "abc" in result.stderr
