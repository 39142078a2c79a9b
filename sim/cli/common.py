"""What the three command-line modules share: one number parser, one way to report bad
input in one line, one "load a scenario and apply ``--set``".

:mod:`sim.cli.main` (run, compare, params, outcomes, report), :mod:`sim.cli.study` (sweep,
sensitivity) and :mod:`sim.cli.app` (viz) all use these, so a bad argument reads the
same everywhere: one line naming the argument, what was expected and what was found,
exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sim.errors import InputError
from sim.files import FolderLock
from sim.params import Value, parse_assignment
from sim.scenario import Scenario, find_scenario, load_scenario
from sim.vocabulary import Lang, in_words, say

if TYPE_CHECKING:
    import pandas as pd

EXIT_BAD_INPUT = 2


def argv_lang(argv: Sequence[str] | None = None) -> Lang:
    """The language ``--lang`` asks for on the command line, read before it is parsed (an
    error in parsing it is said in that language too): English unless ``--lang fr``."""
    words = list(sys.argv[1:] if argv is None else argv)
    pairs = zip(words, [*words[1:], ""], strict=True)
    return "fr" if any(w == "--lang=fr" or (w == "--lang" and v == "fr") for w, v in pairs) \
        else "en"


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (no usage block), exit status 2, in
    the language ``--lang`` asks for (:attr:`lang`, set before parsing)."""

    lang: Lang = "en"

    def error(self, message: str) -> NoReturn:
        """Report a bad argument in one line and exit with status 2."""
        self.exit(EXIT_BAD_INPUT, error_line(self.prog, message, self.lang) + "\n")


def error_line(prog: str, message: str, lang: Lang) -> str:
    """``hlm-sim: error: ...``, in ``lang`` (the message put in words: :func:`in_words`)."""
    return say("error_line", lang, prog=prog, message=in_words(message, lang))


_DECIMAL_COMMA = re.compile(r"^(\s*[\w.]+\s*=\s*-?\d+),(\d+\s*)$")


def decimal_point(assignment: str, lang: Lang) -> str:
    """``NAME=0,5`` read as ``NAME=0.5`` in French; in English, one line suggesting it."""
    match = _DECIMAL_COMMA.match(assignment)
    if match is None:
        return assignment
    dotted = f"{match.group(1)}.{match.group(2)}"
    if lang == "fr":
        return dotted
    raise InputError(f"--set {assignment}: expected a number with a decimal point, found a "
                     f"decimal comma (did you mean {dotted.strip()}?)")


def scenario_with_sets(name: str, assignments: Sequence[str],
                       lang: Lang = "en") -> tuple[Scenario, dict[str, Value]]:
    """Load a scenario (a path, or the name of a bundled one) and apply ``--set NAME=VALUE``
    assignments (a decimal comma accepted under ``--lang fr``); return it with the
    assignments as parsed."""
    scenario = load_scenario(find_scenario(name))
    sets = dict(parse_assignment(decimal_point(a, lang)) for a in assignments)
    return scenario.with_params(**sets), sets


# --- languages and reports ------------------------------------------------------------
def add_lang(p: argparse.ArgumentParser) -> None:
    """``--lang``: the terminal summary defaults to English, the report to French."""
    p.add_argument("--lang", choices=("en", "fr"), default=None,
                   help="language of the summary (default en) and of the report (default fr)")


def table_lang(args: argparse.Namespace) -> Lang:
    """The terminal summary's language (English unless ``--lang fr``)."""
    return "fr" if getattr(args, "lang", None) == "fr" else "en"


def report_lang(args: argparse.Namespace) -> Lang:
    """The report's language (French unless ``--lang en``)."""
    return "en" if getattr(args, "lang", None) == "en" else "fr"


def check_report(args: argparse.Namespace) -> None:
    """``--report`` and ``--force`` need ``--out``: a report reads the stored tables, and
    ``--force`` replaces what a folder holds."""
    if getattr(args, "report", False) and not args.out:
        raise InputError(say("msg_report_needs_out", "en"))
    if getattr(args, "force", False) and not args.out:
        raise InputError(say("msg_force_needs_out", "en"))


def write_report(args: argparse.Namespace) -> None:
    """Write ``OUT/report.html`` when ``--report`` was given."""
    if getattr(args, "report", False):
        from sim.report.html import build_report  # noqa: PLC0415 (plotly loads only here)

        path = build_report(Path(args.out), Path(args.out) / "report.html", report_lang(args))
        print(say("report_wrote", table_lang(args), path=path), file=sys.stderr)


def hold_out_dir(args: argparse.Namespace, writes: Sequence[str], what: str) -> None:
    """Take ``--out``'s lock for the rest of the command, then check it (a folder, new or
    empty unless ``--force``, writable): two commands never both pass the check, and a
    folder that cannot be written fails before any work."""
    from sim.run.output import check_out_dir  # noqa: PLC0415

    out = Path(args.out)
    check_out_dir(out, force=args.force, writes=writes)
    args.hold.enter_context(FolderLock(out, what))
    check_out_dir(out, force=args.force, writes=writes)


def settle_out(args: argparse.Namespace, names: Sequence[str]) -> None:
    """After a command wrote ``names`` into ``--out``: with ``--force``, remove what another
    command had left there (the folder then holds one result); say what was written."""
    if args.force:
        from sim.run.output import remove_stale  # noqa: PLC0415

        remove_stale(Path(args.out), names)
    files = ", ".join(str(Path(args.out) / n) for n in names)
    print(say("wrote", table_lang(args), files=files), file=sys.stderr)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON-safe records."""
    from sim.run.experiment import json_safe  # noqa: PLC0415 (the model loads only to run)

    return [json_safe(r) for r in frame.to_dict(orient="records")]


def emit(args: argparse.Namespace, meta: Mapping[str, Any], key: str, table: pd.DataFrame,
         text: Callable[[], str]) -> int:
    """Print a command's result: one JSON object (its record and ``key``: the table's
    rows) with ``--json``, else the readable text; the exit status."""
    if args.json:
        from sim.run.experiment import json_safe  # noqa: PLC0415

        print(json.dumps(json_safe({**meta, key: records(table)}), ensure_ascii=False))
    else:
        print(text())
    return 0
def _said_in(args: argparse.Namespace) -> Lang:
    """The language of a command's errors: the one ``--lang`` named on the command line
    (``args.typed_lang``, set by :func:`sim.cli.main.main`), else the terminal's."""
    return getattr(args, "typed_lang", None) or table_lang(args)


def run_handler(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace,
                prog: str = "hlm-sim") -> int:
    """Call a subcommand's handler; bad input becomes one line on stderr and status 2,
    Ctrl-C status 130, a closed output pipe a quiet exit. Folders the handler holds
    (``args.hold``, :func:`hold_out_dir`) are released when it ends."""
    try:
        with contextlib.ExitStack() as args.hold:
            return int(handler(args))
    except InputError as exc:
        print(error_line(prog, str(exc), _said_in(args)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(say("interrupted", _said_in(args), prog=prog), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except OSError as exc:
        if exc.filename is not None or exc.errno not in UNWRITABLE:
            raise
        # a print larger than the buffer, to a full disk or a failing device
        with contextlib.suppress(OSError, ValueError):
            print(f"{prog}: error: the output could not be written: {exc.strerror}",
                  file=sys.stderr, flush=True)
        return 120


UNWRITABLE = (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT)
"""Errors of a write that no file names: the command's output could not be written
(status 120, as Python gives when it cannot flush its output at exit)."""


__all__ = [
    "OneLineParser",
    "add_lang",
    "argv_lang",
    "check_report",
    "decimal_point",
    "emit",
    "error_line",
    "hold_out_dir",
    "records",
    "report_lang",
    "run_handler",
    "scenario_with_sets",
    "settle_out",
    "table_lang",
    "write_report",
]
