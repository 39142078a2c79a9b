"""The ``sweep`` and ``sensitivity`` subcommands (registered by :mod:`sim.cli.main`).

Both validate every input before anything runs or is written: the scenario and its
``--set`` values, each ``--params NAME[=LO:HI]`` against the declarations, the design
size, the ``--out`` folder (new, empty, or holding this same study) and the Dask
scheduler (connected to first). Bad input ends with one line on stderr and exit
status 2, and leaves any stored result untouched. Running the same command again on
the same ``--out`` resumes: stored runs are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli.common import (
    add_lang,
    scenario_with_sets,
    table_lang,
    write_report,
)
from sim.errors import InputError, parse_whole
from sim.levers import LEVER_PARAMS
from sim.params import PARAMS
from sim.scenario import Scenario
from sim.vocabulary import colon, counted, in_words, say

if TYPE_CHECKING:
    from sim.study.design import Factor
    from sim.study.study import Prepared, Study, StudyReport

# The studies' modules (pandas, SALib, the run store, the executors) are imported inside
# the handlers, so that `hlm-sim sweep --help` answers without them (issue 20).

DEFAULT_REPLICATES = 4


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="a scenario file, or the name of one in scenarios/ "
                   "(e.g. milieu-3)")
    p.add_argument("--params", action="extend", nargs="+", default=[],
                   metavar="NAME[=LO:HI]", help="parameters to vary, with optional bounds "
                   "inside the declared range (default: the plausible range; see "
                   "`hlm-sim params`); sensitivity varies the numeric levers when none "
                   "is named (`hlm-sim levers`)")
    p.add_argument("--replicates", default=str(DEFAULT_REPLICATES), metavar="R",
                   help=f"replicates per design point (default {DEFAULT_REPLICATES}); a "
                   "point's value is their mean")
    p.add_argument("--weeks", default="156", metavar="W", help="weeks to simulate (default 156)")
    p.add_argument("--seed", default="1", metavar="S", help="root seed (default 1): replicate r runs "
                   "under SeedSequence(seed, spawn_key=(r,)) at every point")
    p.add_argument("--set", dest="assignments", action="append", default=[],
                   metavar="NAME=VALUE", help="fix a parameter for the whole study (repeatable)")
    p.add_argument("--workers", metavar="N", help="local worker processes (default: all cores)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask distributed cluster (e.g. tcp://127.0.0.1:8786)")
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="the run store folder (rerun the same command to resume)")
    p.add_argument("--series", action="store_true", help="also store every run's weekly series")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--posterior", nargs="?", const="", default=None, metavar="DIR",
                   help="draw each replicate's other parameters from a calibration's posterior "
                        "(DIR, default: the newest); sensitivity: a parameter named without "
                        "LO:HI varies over its 90%% credible interval")
    p.add_argument("--report", action="store_true",
                   help="also write OUT/report.html (see `hlm-sim report`)")
    add_lang(p)


def register(subparsers: Any) -> None:
    """Add ``sweep`` and ``sensitivity`` to the ``hlm-sim`` parser."""
    p = subparsers.add_parser("sweep", help="run a grid or Latin-hypercube parameter sweep "
                              "into a resumable run store")
    _common(p)
    p.add_argument("--design", default="grid", metavar="grid|lhs", help="grid (default) or lhs")
    p.add_argument("--levels", metavar="K", help="grid: values per parameter (default 3)")
    p.add_argument("--n", metavar="N", help="lhs: number of design points")
    p.set_defaults(handler=cmd_sweep)

    p = subparsers.add_parser("sensitivity", help="Sobol or Morris sensitivity analysis: "
                              "runs the design, then the indices with 95%% intervals")
    _common(p)
    p.add_argument("--method", required=True, metavar="sobol|morris", help="the design and its indices")
    p.add_argument("--n", required=True, metavar="N", help="sobol: base sample size N, a power of 2 "
                   "(N (k + 2) points, N (2k + 2) with --second-order); morris: trajectories")
    p.add_argument("--second-order", action="store_true", help="sobol: second-order indices too")
    p.add_argument("--levels", metavar="K", help="morris: grid levels, even (default 4)")
    p.add_argument("--resamples", default="1000", metavar="B", help="bootstrap resamples (default 1000)")
    p.set_defaults(handler=cmd_sensitivity)


# --- validation -----------------------------------------------------------------------
def whole(text: str | None, where: str, minimum: int) -> int:
    """Parse a whole number >= ``minimum`` or raise :class:`InputError`."""
    return parse_whole(text, where, minimum)


def _scenario(args: argparse.Namespace) -> Scenario:
    return scenario_with_sets(args.scenario, args.assignments, table_lang(args))[0]


def _default_params(args: argparse.Namespace) -> list[str]:
    """A sensitivity analysis without ``--params`` varies the numeric levers (those a
    manager or funder can move: :mod:`sim.levers`) over their plausible ranges, less any
    fixed by ``--set``; internal parameters are varied only when named."""
    if args.command != "sensitivity":
        return []
    fixed = {a.partition("=")[0].strip() for a in args.assignments}
    return [name for name in LEVER_PARAMS
            if PARAMS[name].kind in ("int", "float") and name not in fixed]


def _factors(args: argparse.Namespace) -> tuple[Factor, ...]:
    from sim.study.design import check_factors, parse_factor  # noqa: PLC0415 (lazy: see above)

    if not args.params:
        args.params = _default_params(args)
    factors = tuple(parse_factor(text) for text in args.params)
    check_factors(factors)
    fixed = {a.partition("=")[0].strip() for a in args.assignments}
    both = sorted(fixed & {f.name for f in factors})
    if both:
        raise InputError(say("msg_also_varied", "en", name=both[0]))
    return factors


def _executor_choice(args: argparse.Namespace) -> tuple[int | None, str | None]:
    if args.workers is not None and args.scheduler is not None:
        raise InputError("--workers/--scheduler: expected one of them, found both")
    workers = whole(args.workers, "--workers", 1) if args.workers is not None else None
    return workers, args.scheduler


def _start_early(args: argparse.Namespace) -> None:
    """A new local study (``--out`` absent or empty): start the workers' fork server now,
    so that it loads the model while this process imports the store, the analysis and
    the report's tables (a study already in ``--out`` may need no run at all)."""
    from sim.study.executor import start_early  # noqa: PLC0415 (lazy: see above)

    workers, scheduler = _executor_choice(args)
    new = not args.out.is_dir() or next(args.out.iterdir(), None) is None
    if scheduler is None and new:
        start_early(workers)


def _study(args: argparse.Namespace, method: str, n: int, **design: Any) -> Study:
    replicates = whole(args.replicates, "--replicates", 1)
    weeks = whole(args.weeks, "--weeks", 1)
    seed = whole(args.seed, "--seed", 0)
    # The workers' server starts loading the model now, while this process reads the
    # scenario and the factors (numpy, the design): it is the longest step before the
    # first run. Should they be refused, the server is stopped at exit, having run nothing.
    _start_early(args)
    scenario = _scenario(args)
    factors = _factors(args)
    from sim.study.design import DesignSpec  # noqa: PLC0415 (lazy: see above)
    from sim.study.study import DESIGN_SEED, Study, derived_seed  # noqa: PLC0415

    if args.posterior is not None:
        return _posterior_study(args, scenario, factors, method, n, replicates, weeks, seed,
                                **design)
    spec = DesignSpec(method, factors, n, derived_seed(seed, DESIGN_SEED), **design)
    return Study.of_scenario(scenario, spec, replicates=replicates, weeks=weeks, seed=seed,
                             series=args.series)


def _posterior_study(args: argparse.Namespace, scenario: Scenario, factors: tuple[Factor, ...],
                     method: str, n: int, replicates: int, weeks: int, seed: int,
                     **design: Any) -> Study:
    """A study over posterior draws: replicate r of every point shares its draw; a
    factor named without LO:HI varies over its 90% credible interval (ten Broeke et al.
    2016: sensitivity around a calibrated model)."""
    from sim.calibration.posterior import (  # noqa: PLC0415 (only with --posterior)
        PosteriorContext,
        load_posterior,
        milieu_of,
    )
    from sim.study.design import DesignSpec, Factor  # noqa: PLC0415 (lazy: see above)
    from sim.study.study import DESIGN_SEED, Study, derived_seed  # noqa: PLC0415

    posterior = load_posterior(Path(args.posterior) if args.posterior else None)
    milieu = milieu_of(args.scenario)
    explicit = {t.partition("=")[0].strip() for t in args.params if "=" in t}
    narrowed = []
    for f in factors:
        if f.name in explicit:
            narrowed.append(f)
            continue
        try:
            lo, hi = posterior.interval(f.name, milieu)
        except InputError:
            narrowed.append(f)  # not calibrated: its design range
            continue
        if f.kind == "int":
            lo, hi = float(round(lo)), float(max(round(hi), round(lo) + 1))
        narrowed.append(Factor(f.name, f.kind, max(f.low, lo), min(f.high, hi)))
    spec = DesignSpec(method, tuple(narrowed), n, derived_seed(seed, DESIGN_SEED), **design)
    data = {**scenario.to_dict(), "posterior": posterior.label}
    data.pop("source", None)
    return Study(spec, replicates, weeks, seed, "sim.calibration.posterior:evaluator",
                 PosteriorContext(scenario, posterior.folder, milieu), data, args.series)


def _run(args: argparse.Namespace, study: Study) -> tuple[Prepared, StudyReport]:
    """Check the store and the executor (touching nothing), then run the study."""
    from sim.study.executor import ExecutorError, open_executor  # noqa: PLC0415 (lazy: see above)
    from sim.study.study import execute, prepare  # noqa: PLC0415

    workers, scheduler = _executor_choice(args)
    prep = prepare(study, args.out)
    executor = open_executor(workers, scheduler)
    if not args.quiet:
        size, reps, lang = study.design.size, study.replicates, table_lang(args)
        line = say("study_start", lang, state=say("study_resume" if prep.resume else "study_new",
                                                  lang),
                   out=args.out, points=size, replicates=counted(reps, "replicate", lang),
                   runs=size * reps, executor=in_words(executor.label, lang))
        print(f"{args.command}{colon(table_lang(args))} {line}", file=sys.stderr)
    try:
        report = execute(prep, executor, progress=not args.quiet, lang=table_lang(args))
    except ExecutorError as exc:
        print(say("study_failed", table_lang(args), prog=f"hlm-sim {args.command}", why=exc),
              file=sys.stderr)
        raise SystemExit(1) from None
    print(f"{args.command}{colon(table_lang(args))} {report.line(table_lang(args))}",
          file=sys.stderr)
    return prep, report


# --- sweep ----------------------------------------------------------------------------
def cmd_sweep(args: argparse.Namespace) -> int:
    """Grid or Latin-hypercube sweep into a run store; writes points.csv."""
    design = args.design.strip()
    if design not in ("grid", "lhs"):
        raise InputError(f"--design: expected grid or lhs, found {design!r}")
    if design == "grid":
        if args.n is not None:
            raise InputError("--n: only with --design lhs (a grid takes --levels)")
        n = whole(args.levels if args.levels is not None else "3", "--levels", 2)
    else:
        if args.levels is not None:
            raise InputError("--levels: only with --design grid (lhs takes --n)")
        if args.n is None:
            raise InputError("--n: required with --design lhs (number of points)")
        n = whole(args.n, "--n", 1)
    study = _study(args, design, n)
    from sim.report.study import ranges_line, sweep_lines  # noqa: PLC0415 (lazy: see above)
    from sim.study.analysis import load_points  # noqa: PLC0415
    from sim.study.store import write_table  # noqa: PLC0415

    prep, report = _run(args, study)
    points = load_points(prep.store)
    table = points.table()
    write_table(args.out / "points.csv", table)
    write_report(args)
    if args.json:
        print(json.dumps({"command": "sweep", "report": report.to_dict(),
                          "points": str(args.out / "points.csv")}, ensure_ascii=False))
        return 0
    lang = table_lang(args)
    print(ranges_line([f.to_dict() for f in study.design.factors], lang))
    print("\n".join(sweep_lines(table, points.factors, lang)))
    print(say("wrote", lang, files=f"{args.out}/points.csv"))
    return 0


# --- sensitivity ----------------------------------------------------------------------
def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Sobol or Morris: run the design into the store, then the indices."""
    method = args.method.strip()
    if method not in ("sobol", "morris"):
        raise InputError(f"--method: expected sobol or morris, found {method!r}")
    n = whole(args.n, "--n", 1)
    resamples = whole(args.resamples, "--resamples", 10)
    if method == "sobol":
        if args.levels is not None:
            raise InputError("--levels: only with --method morris")
        study = _study(args, method, n, second_order=args.second_order)
    else:
        if args.second_order:
            raise InputError("--second-order: only with --method sobol")
        levels = whole(args.levels if args.levels is not None else "4", "--levels", 2)
        study = _study(args, method, n, num_levels=levels)
    from sim.report.study import ranges_line, sensitivity_lines  # noqa: PLC0415 (lazy: see above)
    from sim.study import sensitivity  # noqa: PLC0415
    from sim.study.analysis import load_points  # noqa: PLC0415
    from sim.study.executor import available_cores  # noqa: PLC0415
    from sim.study.store import write_json, write_table  # noqa: PLC0415
    from sim.study.study import BOOTSTRAP_SEED, derived_seed  # noqa: PLC0415

    prep, report = _run(args, study)
    points = load_points(prep.store)
    seed = derived_seed(study.seed, BOOTSTRAP_SEED)
    workers = _executor_choice(args)[0] or available_cores()  # the analysis: local cores
    if method == "sobol":
        indices = sensitivity.sobol(points, seed=seed, num_resamples=resamples, workers=workers)
    else:
        indices = sensitivity.morris(points, seed=seed, num_resamples=resamples, workers=workers)
    result = {"command": "sensitivity", "report": report.to_dict(), **indices.to_dict()}
    table = points.table()
    write_table(args.out / "points.csv", table)
    write_table(args.out / "indices.csv", indices.table)
    write_json(args.out / "sensitivity.json", result)
    write_report(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    lang = table_lang(args)
    print(ranges_line([f.to_dict() for f in study.design.factors], lang))
    print("\n".join(sensitivity_lines(indices.table, method, lang, points=table,
                                       factors=points.factors, skipped=indices.skipped,
                                       unseparated=indices.unseparated)))
    files = ", ".join(f"{args.out}/{n}" for n in ("indices.csv", "sensitivity.json", "points.csv"))
    print(say("wrote", lang, files=files))
    return 0
