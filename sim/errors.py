"""The one error type for bad user input, and the number checks every entry point shares
(``hlm-sim`` and the ``python -m`` tools), so a bad number reads the same everywhere."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


class InputError(ValueError):
    """Bad input from a user: a file, a key, a value or an argument.

    The message is one line that names where the problem is, what was expected and what
    was found. The command line prints it without a traceback and exits with status 2.
    """


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


def finite_number(name: str, above: float | None = None) -> Callable[[str], float]:
    """An argparse type: a finite number (no NaN, no infinity), greater than ``above``
    when given; errors name ``name``."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: expected a number, found {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{name}: expected a finite number, found {text!r}")
        if above is not None and value <= above:
            raise argparse.ArgumentTypeError(f"{name}: expected a number above {above:g}, "
                                             f"found {text!r}")
        return value
    return parse
