"""The ``hlm-sim`` command line: a thin layer over :mod:`sim.run.experiment`.

Every subcommand validates all of its input before it runs or writes anything; bad
input ends with one line on stderr naming the file, key or argument, and exit status 2.
Progress and log lines go to stderr; ``--json`` output alone goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim import __version__
from sim.cli.common import (
    OneLineParser,
    add_lang,
    check_report,
    report_lang,
    run_handler,
    scenario_with_sets,
    table_lang,
    write_report,
)
from sim.errors import InputError, positive_int, whole_number
from sim.outcomes import OUTCOME_NAMES
from sim.scenario import find_scenario, load_scenario
from sim.vocabulary import say

if TYPE_CHECKING:
    import pandas as pd

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


def progress_bar(label: str, lang: str = "en") -> Callable[[int, int], None]:
    """A one-line progress indicator on stderr."""
    runs = "déroulements" if lang == "fr" else "runs"
    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r{label}: {done}/{total} {runs}", end=end, file=sys.stderr, flush=True)
    return show


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON-safe records."""
    from sim.run.experiment import json_safe  # noqa: PLC0415 (lazy: see above)

    return [json_safe(r) for r in frame.to_dict(orient="records")]


def wrote(args: argparse.Namespace, names: Sequence[str]) -> None:
    """Say on stderr which files a command wrote."""
    files = ", ".join(str(Path(args.out) / n) for n in names)
    print(say("wrote", table_lang(args), files=files), file=sys.stderr)


# --- run ------------------------------------------------------------------------------
RUN_FILES = ("summary.csv", "replicates.csv", "series.csv", "run.json")
COMPARE_FILES = ("contrast.csv", "base_replicates.csv", "variant_replicates.csv",
                 "base_series.csv", "variant_series.csv", "run.json")


def cmd_run(args: argparse.Namespace) -> int:
    """Run a scenario's replicates and summarise them."""
    from sim.report.tables import run_text  # noqa: PLC0415 (lazy: see above)
    from sim.run.experiment import json_safe, metadata, replicate, save_run  # noqa: PLC0415
    from sim.run.output import check_out_dir  # noqa: PLC0415

    scenario, sets = scenario_with_sets(args.scenario, args.assignments)
    check_report(args)
    if args.out:
        check_out_dir(args.out, force=args.force, writes=RUN_FILES)
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
        wrote(args, save_run(args.out, result, meta))
        write_report(args)
    if args.json:
        print(json.dumps(json_safe({**meta, "summary": records(summary)}), ensure_ascii=False))
        return 0
    print(run_text(summary, meta, table_lang(args)))
    return 0


# --- compare --------------------------------------------------------------------------
def cmd_compare(args: argparse.Namespace) -> int:
    """The what-if: a variant against a baseline, paired replicate by replicate."""
    from sim.report.tables import contrast_text  # noqa: PLC0415 (lazy: see above)
    from sim.run.experiment import compare, compare_metadata, json_safe, save_compare  # noqa: PLC0415
    from sim.run.output import check_out_dir  # noqa: PLC0415

    if not args.assignments and not args.against:
        raise InputError("compare: give at least one --set NAME=VALUE or --against BASE")
    variant, sets = scenario_with_sets(args.scenario, args.assignments)
    base = load_scenario(find_scenario(args.against or args.scenario))
    check_report(args)
    if args.out:
        check_out_dir(args.out, force=args.force, writes=COMPARE_FILES)
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
        wrote(args, save_compare(args.out, a, b, contrast, meta))
        write_report(args)
    if args.json:
        print(json.dumps(json_safe({**meta, "contrast": records(contrast)}), ensure_ascii=False))
        return 0
    print(contrast_text(contrast, meta, table_lang(args)))
    return 0


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
    path = build_report(Path(args.folder), Path(out), report_lang(args))
    print(say("report_wrote", report_lang(args), path=path))
    return 0


def cmd_patterns(args: argparse.Namespace) -> int:
    """Print the pattern scorecard of the bundled milieux."""
    from sim.run.patterns import load_patterns, pattern_runs, scorecard  # noqa: PLC0415 (runs only here)

    spec = load_patterns()
    if args.replicates:
        spec["replicates"] = args.replicates
    verdicts = scorecard(pattern_runs(spec), spec)
    if args.json:
        print(json.dumps([v.__dict__ for v in verdicts], ensure_ascii=False))
    else:
        print(f"Patterns at week {spec['week']}, {spec['replicates']} replicates per milieu, seed {spec['seed']}")
        for v in verdicts:
            print(f"[{'holds' if v.holds else 'FAILS'}] {v.id}: {v.statement}\n    {v.detail}\n    seed: {v.passage}")
    return 0 if all(v.holds for v in verdicts) else 1


# --- the parser -----------------------------------------------------------------------
def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``hlm-sim`` parser with every subcommand; given the ``command`` about to run,
    the subcommands defined in other modules are added only when that command is theirs
    (so ``hlm-sim sweep --help`` does not import the calibration)."""
    parser = OneLineParser(prog="hlm-sim", description=__doc__.splitlines()[0])
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
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("patterns", help="check the seed's patterns on the four milieux (scorecard)")
    p.add_argument("--replicates", type=positive_int("--replicates"), help="replicates per milieu")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patterns)

    for register in _extensions(command, own=tuple(sub.choices)):
        register(sub)
    return parser


EXTENSIONS = {"sim.cli.study": ("sweep", "sensitivity"), "sim.cli.app": ("viz",),
              "sim.cli.calibration": ("calibrate", "validate")}
"""The modules that register subcommands, and the commands each registers (a test checks
the list against what they register)."""


def _extensions(command: str | None = None, own: Sequence[str] = ()) -> list[Callable[[Any], None]]:
    """Subcommands defined beside their own layer (studies, the page, the calibration):
    only the module of ``command`` when it is one of theirs, none when ``command`` is one
    of ``own`` (the parser's own), all of them otherwise (no command, or an unknown one)."""
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
    args = parser.parse_args(argv)
    return run_handler(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main"]
