"""The ``hlm-sim`` command line: a thin layer over :mod:`sim.run.experiment`.

Every subcommand validates all of its input before it runs or writes anything; bad
input ends with one line on stderr naming the file, key or argument, and exit status 2.
Progress and log lines go to stderr; ``--json`` output alone goes to stdout.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sim import __version__
from sim.cli.common import (
    OneLineParser,
    add_lang,
    argv_lang,
    check_report,
    emit,
    hold_out_dir,
    report_lang,
    run_handler,
    scenario_with_sets,
    settle_out,
    table_lang,
    write_report,
)
from sim.errors import InputError, positive_int, whole_number
from sim.files import RESULT_FILES
from sim.outcomes import HEADLINE, OUTCOME_NAMES
from sim.params import suggest
from sim.scenario import find_scenario, load_scenario
from sim.vocabulary import Lang, colon, fixed, say

# The command line imports lazily: what a subcommand needs (pandas, the model, the
# report's tables) is imported inside its handler, so that `--help` and light commands
# answer without loading the model (issue 20).

Handler = Callable[[argparse.Namespace], int]


# --- shared argument helpers ---------------------------------------------------------
def add_run_options(p: argparse.ArgumentParser, default_replicates: int = 20) -> None:
    """Options shared by the commands that run a scenario."""
    p.add_argument("--weeks", type=positive_int("--weeks"), default=156,
                   help="weeks to simulate (66 = the observed period, Nov 2018 to Feb 2020; default 156)")
    p.add_argument("--seed", type=whole_number("--seed", 0), default=1, help="root seed (default 1)")
    p.add_argument("--replicates", type=positive_int("--replicates"), default=default_replicates,
                   help=f"replicates (default {default_replicates})")
    p.add_argument("--set", dest="assignments", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (repeatable; see `hlm-sim params`); booleans are true/false")
    p.add_argument("--out", type=Path, help="write CSV tables and run.json to this new folder")
    p.add_argument("--force", action="store_true",
                   help="with --out: replace the results a folder already holds")
    p.add_argument("--report", action="store_true",
                   help="with --out: also write OUT/report.html (see `hlm-sim report`)")
    p.add_argument("--outcomes", nargs="+", default=None, metavar="OUTCOME",
                   help="outcomes the table shows (default: the headline ones: mobilisation, "
                        "isolation, trust, participation, controversies; all for every one)")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add_posterior(p)
    add_lang(p)


def add_posterior(p: argparse.ArgumentParser) -> None:
    """``--posterior [DIR]``: draw each replicate's parameters from a calibration."""
    p.add_argument("--posterior", nargs="?", const="", default=None, metavar="DIR",
                   help="draw each replicate's parameters from a calibration's posterior "
                        "(DIR, default: the newest calibration folder); --set still wins")


def posterior_of(args: argparse.Namespace) -> Any:
    """The posterior named by ``--posterior`` (None without the option)."""
    if args.posterior is None:
        return None
    from sim.calibration.posterior import load_posterior  # noqa: PLC0415 (only with --posterior)

    return load_posterior(Path(args.posterior) if args.posterior else None)


def outcomes_of(args: argparse.Namespace) -> tuple[str, ...] | None:
    """The outcomes ``--outcomes`` names (None: the headline ones; ``all``: every one, the
    headline ones first)."""
    names = args.outcomes
    if names is None:
        return None
    if names == ["all"]:
        return (*HEADLINE, *(n for n in OUTCOME_NAMES if n not in HEADLINE))
    unknown = [n for n in names if n not in OUTCOME_NAMES]
    if unknown:
        raise InputError(f"--outcomes: expected outcome names (hlm-sim outcomes) or all, "
                         f"found {unknown[0]!r}{suggest(unknown[0], OUTCOME_NAMES)}")
    return tuple(names)


def progress_bar(label: str, lang: Lang = "en") -> Callable[[int, int], None]:
    """A one-line progress indicator on stderr."""
    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print("\r" + say("progress", lang, label=label, done=done, total=total), end=end,
              file=sys.stderr, flush=True)
    return show


# --- run ------------------------------------------------------------------------------
RUN_FILES = RESULT_FILES["run"]
COMPARE_FILES = RESULT_FILES["compare"]


def cmd_run(args: argparse.Namespace) -> int:
    """Run a scenario's replicates and summarise them."""
    from sim.report.tables import run_text  # noqa: PLC0415 (lazy: see above)
    from sim.run.experiment import metadata, replicate, save_run  # noqa: PLC0415

    scenario, sets = scenario_with_sets(args.scenario, args.assignments, table_lang(args))
    outcomes = outcomes_of(args)
    check_report(args)
    if args.out:
        hold_out_dir(args, RUN_FILES, "running hlm-sim run")
    posterior = posterior_of(args)
    meta = metadata(scenario, sets, seed=args.seed, replicates=args.replicates, weeks=args.weeks,
                    command=sys.argv[1:], kind="run")
    draws = None
    if posterior is not None:
        from sim.calibration.posterior import draws_for  # noqa: PLC0415

        draws = draws_for(posterior, args.scenario, args.seed, sets)
        meta["posterior"] = posterior.label
    result = replicate(scenario, seed=args.seed, replicates=args.replicates, weeks=args.weeks,
                       series=bool(args.out), progress=progress_bar("run", table_lang(args)),
                       draws=draws)
    summary = result.summary()
    if args.out:
        settle_out(args, save_run(args.out, result, meta))
        write_report(args)
    return emit(args, meta, "summary", summary,
                lambda: run_text(summary, meta, table_lang(args), outcomes))


# --- compare --------------------------------------------------------------------------
def cmd_compare(args: argparse.Namespace) -> int:
    """The what-if: a variant against a baseline, paired replicate by replicate."""
    from sim.report.tables import contrast_text  # noqa: PLC0415 (lazy: see above)
    from sim.run.experiment import compare, compare_metadata, save_compare  # noqa: PLC0415

    if not args.assignments and not args.against:
        raise InputError(say("msg_compare_nothing", "en"))
    variant, sets = scenario_with_sets(args.scenario, args.assignments, table_lang(args))
    outcomes = outcomes_of(args)
    base = load_scenario(find_scenario(args.against or args.scenario))
    check_report(args)
    if args.out:
        hold_out_dir(args, COMPARE_FILES, "running hlm-sim compare")
    posterior = posterior_of(args)
    meta = compare_metadata(base, variant, sets, seed=args.seed, replicates=args.replicates,
                            weeks=args.weeks, command=sys.argv[1:])
    draws = None
    if posterior is not None:
        from sim.calibration.posterior import draws_for  # noqa: PLC0415

        base_name = args.against or args.scenario
        draws = (draws_for(posterior, base_name, args.seed), draws_for(posterior, args.scenario,
                                                                        args.seed, sets))
        meta["posterior"] = posterior.label
    a, b, contrast = compare(base, variant, seed=args.seed, replicates=args.replicates,
                             weeks=args.weeks, series=bool(args.out),
                             progress=progress_bar("compare", table_lang(args)), draws=draws)
    if args.out:
        settle_out(args, save_compare(args.out, a, b, contrast, meta))
        write_report(args)
    return emit(args, meta, "contrast", contrast,
                lambda: contrast_text(contrast, meta, table_lang(args), outcomes))


# --- params ---------------------------------------------------------------------------
def cmd_params(args: argparse.Namespace) -> int:
    """List every declared parameter with its value in a scenario."""
    from sim.report.tables import param_rows, params_text  # noqa: PLC0415 (lazy: see above)

    lang = table_lang(args)
    values = dict(load_scenario(find_scenario(args.scenario)).params) if args.scenario else {}
    rows = param_rows(values, lang)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    print(params_text(rows, lang))
    return 0


def cmd_outcomes(args: argparse.Namespace) -> int:
    """List every declared outcome: label, unit, direction of better, meaning."""
    from sim.report.tables import outcome_row, outcomes_text  # noqa: PLC0415 (lazy: see above)

    lang = table_lang(args)
    if args.json:
        print(json.dumps([outcome_row(name, lang) for name in OUTCOME_NAMES], ensure_ascii=False))
        return 0
    print(outcomes_text(lang))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Turn an output folder into one self-contained HTML report."""
    from sim.report.html import build_report  # noqa: PLC0415 (plotly loads only here)

    out = args.out or Path(args.folder) / "report.html"
    path = build_report(Path(args.folder), Path(out), report_lang(args), force=args.force)
    print(say("report_wrote", report_lang(args), path=path))
    return 0


def cmd_patterns(args: argparse.Namespace) -> int:
    """Print the pattern scorecard of the bundled milieux."""
    from sim.run.patterns import (  # noqa: PLC0415 (runs only here)
        load_patterns,
        pattern_runs,
        scorecard,
        scorecard_text,
    )

    if args.prior_check:
        return _prior_check(args)
    spec = load_patterns()
    if args.replicates:
        spec["replicates"] = args.replicates
    verdicts = scorecard(pattern_runs(spec), spec)
    if args.json:
        print(json.dumps([v.__dict__ for v in verdicts], ensure_ascii=False))
    else:
        print(scorecard_text(verdicts, spec, table_lang(args)))
    return 0 if all(v.holds for v in verdicts if v.use == "calibration") else 1


def _prior_check(args: argparse.Namespace) -> int:
    """``patterns --prior-check``: the share of prior draws under which each pattern holds."""
    from sim.calibration.prior_check import MAX_PRIOR_HOLD, prior_check  # noqa: PLC0415

    lang = table_lang(args)
    print(say("prior_check_start", lang, draws=args.draws, replicates=args.replicates or 16,
              workers=args.workers), file=sys.stderr)
    result = prior_check(args.draws, args.replicates or 16, args.seed, args.workers)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0

    print(say("prior_check_head", lang, draws=result["draws"],
              most=fixed(MAX_PRIOR_HOLD, 2, lang)))
    for row in result["patterns"]:
        pairs = ", ".join(f"{k} {fixed(v, 2, lang)}"
                          for k, v in row["prior_hold_by_mechanism"].items())
        verdict = say("prior_informative" if row["informative"] else "prior_uninformative", lang)
        use = say("pattern_use_calibration" if row["use"] == "calibration"
                  else "pattern_use_validation", lang)
        print(f"[{verdict}] {row['id']} ({use}){colon(lang)} "
              f"{fixed(row['prior_hold'], 2, lang)} [{fixed(row['prior_hold_low'], 2, lang)}, "
              f"{fixed(row['prior_hold_high'], 2, lang)}]; {pairs}")
    return 0


# --- the parser -----------------------------------------------------------------------
DESCRIPTION = ("hlm-sim: an agent-based model of the partner networks around proximity "
               "intervention in Quebec social housing (HLM). Run, compare and rank what-ifs, "
               "sweep and analyse parameters, calibrate, and report; --lang fr for French.")
def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``hlm-sim`` parser with every subcommand; given the ``command`` about to run,
    the subcommands defined in other modules are added only when that command is theirs
    (so ``hlm-sim sweep --help`` does not import the calibration)."""
    parser = OneLineParser(prog="hlm-sim", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"hlm-sim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=OneLineParser)

    p = sub.add_parser("run", help="run a scenario's replicates and summarise the outcomes")
    p.add_argument("scenario", help="a scenario file, or the name of one in scenarios/ (e.g. milieu-3)")
    add_run_options(p)
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("compare", help="what-if: a variant against a baseline, paired replicates")
    p.add_argument("scenario", help="the scenario the variant starts from")
    p.add_argument("--against", metavar="BASE", help="baseline scenario (default: SCENARIO without --set)")
    add_run_options(p)
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser("params", help="list the parameters, their values, bounds, units and sources")
    p.add_argument("scenario", nargs="?", help="show the values in this scenario")
    p.add_argument("--lang", choices=("en", "fr"), default="en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_params)

    p = sub.add_parser("outcomes", help="list the outcomes: meaning, unit and direction of better")
    p.add_argument("--lang", choices=("en", "fr"), default="en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_outcomes)

    p = sub.add_parser("report", help="turn an output folder (run, compare, sweep, sensitivity) "
                       "into one self-contained HTML report that opens offline")
    p.add_argument("folder", help="a folder written by run, compare, sweep or sensitivity --out")
    p.add_argument("--out", type=Path, metavar="FILE.html",
                   help="where to write the report (default FOLDER/report.html)")
    p.add_argument("--lang", choices=("en", "fr"), default="fr",
                   help="language of the report (default fr)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing --out file that is not a report of FOLDER")
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("patterns", help="check the seed's patterns on the four milieux (scorecard)")
    p.add_argument("--replicates", type=positive_int("--replicates"),
                   help="replicates per milieu (default: the pattern file's; 16 with --prior-check)")
    p.add_argument("--prior-check", action="store_true",
                   help="draw parameter sets from the calibration prior and report, per pattern, "
                        "the share of draws in which it holds (how informative it is)")
    p.add_argument("--draws", type=positive_int("--draws"), default=200,
                   help="with --prior-check: draws from the prior (default 200)")
    p.add_argument("--workers", type=positive_int("--workers"), default=2,
                   help="with --prior-check: local processes (default 2)")
    p.add_argument("--seed", type=whole_number("--seed", 0), default=1,
                   help="with --prior-check: root seed of the draws and their runs (default 1)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("en", "fr"), default="en",
                   help="language of the scorecard (default en)")
    p.set_defaults(handler=cmd_patterns)

    for register in _extensions(command, own=tuple(sub.choices)):
        register(sub)
    return parser


EXTENSIONS = {"sim.cli.levers": ("levers",), "sim.cli.study": ("sweep", "sensitivity"),
              "sim.cli.app": ("viz",), "sim.cli.calibration": ("calibrate", "validate")}
"""The modules that register subcommands, and the commands each registers (a test checks
the list against what they register)."""


def _extensions(command: str | None = None, own: Sequence[str] = ()) -> list[Callable[[Any], None]]:
    """Subcommands defined beside their own layer (levers, studies, the page, the
    calibration): only the module of ``command`` when it is one of theirs, none when
    ``command`` is one of ``own`` (the parser's own), all of them otherwise (no command,
    or an unknown one)."""
    owner = [m for m, commands in EXTENSIONS.items() if command in commands]
    found = []
    for module in owner or ([] if command in own else EXTENSIONS):
        try:
            mod = __import__(module, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        found.append(mod.register)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``hlm-sim``; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command)
    OneLineParser.lang = argv_lang(argv)  # every subcommand's parser says errors in it
    args = parser.parse_args(argv)
    args.typed_lang = OneLineParser.lang  # errors in the language typed (report defaults to fr)
    return run_handler(args.handler, args)


def entry() -> None:
    """The ``hlm-sim`` command: :func:`main`, then a quick exit.

    Once the command has returned, and unless a thread of its own still runs, the exit
    handlers run (``atexit``: the study's fork server is stopped, temporary folders
    removed), the standard streams are flushed, and the process ends without tearing
    its modules down one by one: that teardown changes nothing on disk and costs about
    0.1 s once pandas and pyarrow are loaded (a sweep of 500 runs takes 1.5 s in all).
    Every file a command writes is closed, and most are replaced atomically, before it
    returns; output that cannot be written makes the status 120, as in Python. An
    exception, ``--help`` or a usage error leaves the ordinary way.
    """
    code = main()
    if any(t is not threading.main_thread() and not t.daemon and t.is_alive()
           for t in threading.enumerate()):
        sys.exit(code)  # a thread still runs: let the interpreter wait for it
    atexit._run_exitfuncs()
    os._exit(_flushed(code))


def _flushed(code: int) -> int:
    """Flush the standard streams; the exit status then. A reader that closed the pipe
    (``| head``) wanted no more; output that could not be written (a full disk under
    ``> file``) is an error, said on stderr, with Python's own status for it (120)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass
        except ValueError:  # a stream the command closed
            pass
        except OSError as exc:
            with contextlib.suppress(OSError, ValueError):
                print(f"hlm-sim: error: the output could not be written: {exc}", file=sys.stderr,
                      flush=True)
            code = code or 120
    return code


if __name__ == "__main__":
    entry()


__all__ = ["main"]
