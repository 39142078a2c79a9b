"""``hlm-sim levers``: which lever matters most in a milieu, in words a manager can act on."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.cli.common import (
    add_lang,
    check_report,
    emit,
    hold_out_dir,
    scenario_with_sets,
    settle_out,
    table_lang,
    write_report,
)
from sim.errors import InputError, positive_int, whole_number
from sim.files import RESULT_FILES
from sim.levers import BY_KEY
from sim.outcomes import OUTCOME_NAMES
from sim.run.experiment import metadata
from sim.run.levers import RANKED_ON, rank_levers
from sim.run.output import write_outputs
from sim.vocabulary import say

LEVERS_FILES = RESULT_FILES["levers"]


def _outcomes(names: list[str]) -> tuple[str, ...]:
    if not names:
        return RANKED_ON
    if names == ["all"]:
        return OUTCOME_NAMES
    unknown = [n for n in names if n not in OUTCOME_NAMES]
    if unknown:
        raise InputError(f"--outcomes: expected outcome names (hlm-sim outcomes) or all, "
                         f"found {unknown[0]!r}")
    return tuple(names)


def cmd_levers(args: argparse.Namespace) -> int:
    """Run every declared lever's step as a paired what-if and rank the levers."""
    scenario, sets = scenario_with_sets(args.scenario, args.assignments, table_lang(args))
    outcomes = _outcomes(args.outcomes)
    check_report(args)
    if args.out:
        hold_out_dir(args, LEVERS_FILES, "running hlm-sim levers")
    meta = metadata(scenario, sets, seed=args.seed, replicates=args.replicates, weeks=args.weeks,
                    command=sys.argv[1:], kind="levers", outcomes=list(outcomes))
    draws = None
    if args.posterior is not None:
        from sim.calibration.posterior import draws_for, load_posterior  # noqa: PLC0415

        posterior = load_posterior(Path(args.posterior) if args.posterior else None)
        draws = draws_for(posterior, args.scenario, args.seed, sets)
        meta["posterior"] = posterior.label
    lang = table_lang(args)
    runs = say("replicates", lang)

    def progress(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\rlevers: {done}/{total} {runs}", end=end, file=sys.stderr, flush=True)

    table = rank_levers(scenario, seed=args.seed, replicates=args.replicates, weeks=args.weeks,
                        outcomes=outcomes, draws=draws, progress=progress)
    table.insert(1, "step", [BY_KEY[k].words(lang) for k in table["lever"]])
    if args.out:
        write_outputs(args.out, {"levers.csv": table, "run.json": meta})
        settle_out(args, LEVERS_FILES)
        write_report(args)
    from sim.report.levers import levers_text  # noqa: PLC0415

    return emit(args, meta, "levers", table, lambda: levers_text(table, meta, lang))


def register(sub: Any) -> None:
    """Add ``levers`` to the ``hlm-sim`` parser."""
    p = sub.add_parser("levers", help="rank the levers a manager or funder can move (paired what-ifs)")
    p.add_argument("scenario", help="a scenario file, or the name of a bundled one (e.g. milieu-3)")
    p.add_argument("--weeks", type=positive_int("--weeks"), default=156,
                   help="weeks to simulate after the network's history (default 156)")
    p.add_argument("--seed", type=whole_number("--seed", 0), default=1, help="root seed (default 1)")
    p.add_argument("--replicates", type=positive_int("--replicates"), default=20,
                   help="pairs of replicates per lever (default 20)")
    p.add_argument("--set", dest="assignments", action="append", default=[], metavar="NAME=VALUE",
                   help="change the scenario before the levers are tried (repeatable)")
    p.add_argument("--outcomes", nargs="+", default=[], metavar="OUTCOME",
                   help="outcomes to rank on (default: partners_mobilised_share isolation_rate; "
                        "all for every outcome)")
    p.add_argument("--posterior", nargs="?", const="", default=None, metavar="DIR",
                   help="draw each replicate's parameters from a calibration (default: the "
                        "newest); each lever's step applies to the drawn value")
    p.add_argument("--out", type=Path, help="write levers.csv and run.json to this new folder")
    p.add_argument("--force", action="store_true",
                   help="with --out: replace the results a folder already holds")
    p.add_argument("--report", action="store_true",
                   help="with --out: also write OUT/report.html (tornado charts)")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add_lang(p)
    p.set_defaults(handler=cmd_levers)
