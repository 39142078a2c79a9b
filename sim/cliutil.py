"""What the three command-line modules share: one number parser, one way to report bad
input in one line, one "load a scenario and apply ``--set``".

:mod:`sim.cli` (run, compare, params, outcomes, report), :mod:`sim.study.cli` (sweep,
sensitivity) and :mod:`sim.app.cli` (viz) all use these, so a bad argument reads the
same everywhere: one line naming the argument, what was expected and what was found,
exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from sim.errors import InputError
from sim.params import Value, parse_assignment
from sim.scenario import Scenario, find_scenario, load_scenario

EXIT_BAD_INPUT = 2


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (no usage block), exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Report a bad argument in one line and exit with status 2."""
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def parse_whole(text: object, where: str, minimum: int, maximum: int | None = None) -> int:
    """Parse a whole number in ``[minimum, maximum]`` or raise :class:`InputError`
    naming ``where`` (the argument or key)."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise InputError(f"{where}: expected a whole number, found {text!r}") from None
    if maximum is not None and not minimum <= value <= maximum:
        raise InputError(f"{where}: expected {minimum} to {maximum}, found {value}")
    if value < minimum:
        raise InputError(f"{where}: expected {minimum} or more, found {value}")
    return value


def whole_number(name: str, minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number in ``[minimum, maximum]``, errors naming ``name``."""
    def parse(text: str) -> int:
        try:
            return parse_whole(text, name, minimum, maximum)
        except InputError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse


def positive_int(name: str) -> Callable[[str], int]:
    """An argparse type: a whole number >= 1."""
    return whole_number(name, 1)


def scenario_with_sets(name: str, assignments: Sequence[str]) -> tuple[Scenario, dict[str, Value]]:
    """Load a scenario (a path, or the name of a bundled one) and apply ``--set NAME=VALUE``
    assignments; return it with the assignments as parsed."""
    scenario = load_scenario(find_scenario(name))
    sets = dict(parse_assignment(a) for a in assignments)
    return scenario.with_params(**sets), sets


def run_handler(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace,
                prog: str = "hlm-sim") -> int:
    """Call a subcommand's handler; bad input becomes one line on stderr and status 2,
    Ctrl-C status 130, a closed output pipe a quiet exit."""
    try:
        return int(handler(args))
    except InputError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


__all__ = ["OneLineParser", "parse_whole", "positive_int", "run_handler", "scenario_with_sets",
           "whole_number"]
