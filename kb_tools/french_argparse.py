"""An :class:`argparse.ArgumentParser` that speaks French: its usage line, its
help, and the usage errors argparse writes itself (a missing argument, a
value that is no number, an unknown option or choice), still with exit code 2.

argparse builds its messages in English from a few fixed sentences (read in
Python 3.11's argparse.py); :func:`translate` turns each into French, keeps anything
it does not know as it is: the messages of this project's own checks
(``argparse.ArgumentTypeError``) are French already. A test runs every
sub-command with missing and wrong arguments and looks for English.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn


def _names(text: str) -> str:
    """« 'check', 'export' » or « check, export » as « check, export »; « 'abc' » as « abc »."""
    return ", ".join(part.strip().strip("'\"") for part in text.split(","))


#: argparse's sentences (regular expressions, matched whole) and their French ({1}, {2}: the groups, unquoted).
MESSAGES: list[tuple[re.Pattern[str], str]] = [(re.compile(english, re.S), french) for english, french in [
    (r"the following arguments are required: (.*)", "argument obligatoire absent : {1}"),
    (r"one of the arguments (.*) is required", "il faut l’un de ces arguments : {1}"),
    (r"invalid int value: (.*)", "« {1} » n’est pas un nombre entier"),
    (r"invalid float value: (.*)", "« {1} » n’est pas un nombre"),
    (r"invalid \S+ value: (.*)", "« {1} » n’est pas une valeur possible ici"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", "« {1} » n’est pas un choix possible ; choisissez parmi : {2}"),
    (r"unknown parser (.*?) \(choices: (.*)\)", "« {1} » n’est pas une commande ; choisissez parmi : {2}"),
    (r"unrecognized arguments: (\S+)", "argument inconnu : {1}"),
    (r"unrecognized arguments: (.*)", "arguments inconnus : {1}"),
    (r"expected one argument", "il faut une valeur après cette option"),
    (r"expected at most one argument", "une seule valeur au plus"),
    (r"expected at least one argument", "il faut au moins une valeur"),
    (r"expected (\d+) arguments?", "il faut {1} valeurs"),
    (r"ambiguous option: (\S+) could match (.*)", "option ambiguë : {1} peut être {2} ; écrivez-la en entier"),
    (r"not allowed with argument (.*)", "ne va pas avec {1}"),
    (r"ignored explicit argument (.*)", "cette option ne prend pas de valeur (« {1} »)"),
    (r"unexpected option string: (.*)", "option inattendue : {1}"),
]]
_ARGUMENT = re.compile(r"argument (\S+?): (.*)", re.S)


def translate(message: str) -> str:
    """argparse's English ``message`` in French."""
    if m := _ARGUMENT.fullmatch(message):
        return f"{m[1]} : {translate(m[2])}"
    for pattern, french in MESSAGES:
        if m := pattern.fullmatch(message):
            return french.format(None, *(_names(group) for group in m.groups()))
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(None if heading is None else heading + " ")  # « options : », French spacing


class FrenchArgumentParser(argparse.ArgumentParser):
    """Sub-commands made by ``add_subparsers().add_parser`` are of the same class, hence French too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # its own, in French
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translate(message)} ; « {self.prog} -h » pour l’aide\n")
