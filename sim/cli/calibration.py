"""``hlm-sim calibrate`` and ``hlm-sim validate``."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from sim.calibration.folder import check_folder
from sim.calibration.posterior import load_posterior
from sim.calibration.problem import SEP, Problem
from sim.cli.common import table_lang
from sim.errors import InputError, finite_number, positive_int, whole_number
from sim.run.patterns import MILIEUX
from sim.study.design import parse_factor


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Run or resume a joint ABC-SMC calibration of the four milieux."""
    if importlib.util.find_spec("pyabc") is None:  # fit.py imports it only when sampling
        raise InputError('calibrate: pyabc is not installed: pip install -e ".[calibration]"')
    from sim.calibration.fit import (  # noqa: PLC0415
        calibrate,
        default_folder,
        settled_record,
    )

    folder = args.out or default_folder(Path("calibration"))
    check_folder(folder)  # before any work: a file, a missing parent, another command's folder
    targets = {m: Path("scenarios") / f"{m}.toml" for m in MILIEUX}
    missing = [str(path) for path in targets.values() if not path.is_file()]
    if args.write_scenarios and missing:
        raise InputError(f"--write-scenarios: expected the milieu files in ./scenarios/ "
                         f"(run from the repository's root), found none at {missing[0]}")
    seeds = args.seeds or [args.seed]
    runs = [(seed, folder / f"seed-{seed}" if args.seeds else folder) for seed in seeds]
    if args.seeds:
        folder.mkdir(parents=True, exist_ok=True)
    for seed, where in runs:
        problem, settings = _problem(args, seed)
        check_folder(where)
        settled_record(problem, where, settings, args.force)  # other settings: refused before work
    for seed, where in runs:
        problem, settings = _problem(args, seed)
        print(f"calibrate: {len(problem.names())} parameters, {len(problem.targets())} pattern terms, "
              f"{args.population} particles, up to {args.generations} generations, "
              f"{args.replicates} replicates per milieu, seed {seed} -> {where}", file=sys.stderr)
        where.mkdir(parents=True, exist_ok=True)
        calibrate(problem, where, settings, force=args.force)
    if args.seeds:
        from sim.calibration.seeds import combine, selection_text  # noqa: PLC0415

        print(selection_text(combine(folder, args.workers or 2)), file=sys.stderr)
    if args.write_scenarios:
        from sim.calibration.central import write_central  # noqa: PLC0415

        for line in write_central(folder, targets):
            print(line, file=sys.stderr)
    print(folder)
    return 0


def _problem(args: argparse.Namespace, seed: int) -> tuple[Problem, Any]:
    """The problem and settings of one seed's calibration."""
    from sim.calibration.fit import Settings  # noqa: PLC0415

    problem = Problem(replicates=args.replicates, seed=seed, priors=_priors(args.prior))
    settings = Settings(population=args.population, generations=args.generations,
                        min_epsilon=args.min_epsilon, workers=args.workers,
                        scheduler=args.scheduler, max_minutes=args.max_minutes, seed=seed,
                        stop_margin=None if args.no_predictive_stop else args.stop_margin,
                        model_floor=args.model_floor or None)
    return problem, settings


def _priors(texts: list[str]) -> dict[str, tuple[float, float]]:
    """``--prior NAME=LO:HI``: a uniform prior within the declared bounds."""
    out = {}
    fitted = set(Problem().names()) | set(Problem().shared) | set(Problem().per_milieu)
    for text in texts:
        name, sep, _ = text.partition("=")
        if not sep:
            raise InputError(f"--prior {text!r}: expected NAME=LO:HI")
        if name.strip() not in fitted:
            raise InputError(f"--prior {name.strip()}: not a calibrated parameter "
                             f"(calibrated: {', '.join(sorted(fitted))})")
        key = name.strip()
        factor = parse_factor(text.replace(key, key.split(SEP)[0], 1), "--prior")
        out[key] = (factor.low, factor.high)
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every pattern on runs drawn from the posterior."""
    from sim.calibration.validate import validate, validate_text  # noqa: PLC0415

    if args.scenario != "all" and args.scenario not in MILIEUX:
        raise InputError(f"validate: expected all or one of {', '.join(MILIEUX)}, found {args.scenario!r}")
    result = validate(load_posterior(args.posterior), args.scenario, args.replicates, args.seed)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(validate_text(result, table_lang(args)))
    return 0 if result["passed"] else 1


def _share(text: str) -> float:
    """``--stop-margin``, ``--model-floor``: a share between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1, found {text!r}")
    return value


def _defaults() -> tuple[Any, Problem]:
    """The calibration's defaults, declared once in :class:`sim.calibration.fit.Settings`
    and :class:`Problem` (the settings need pyabc only to run, not to be read)."""
    from sim.calibration.fit import Settings  # noqa: PLC0415

    return Settings(), Problem()


def register(sub: Any) -> None:
    """Add ``calibrate`` and ``validate`` to the ``hlm-sim`` parser."""
    p = sub.add_parser("calibrate", help="joint ABC-SMC calibration of the four milieux (pyabc)")
    settings, problem = _defaults()
    p.add_argument("--population", type=positive_int("--population"), default=settings.population,
                   help=f"particles per generation (default {settings.population})")
    stop = p.add_mutually_exclusive_group()
    stop.add_argument("--generations", type=positive_int("--generations"), default=settings.generations,
                      help=f"generations, at most (default {settings.generations}; it stops "
                           "sooner when the threshold reaches --min-epsilon)")
    stop.add_argument("--min-epsilon", type=finite_number("--min-epsilon"), default=settings.min_epsilon,
                      help=f"stop when the distance threshold falls to this (default "
                           f"{settings.min_epsilon:g}: every calibration pattern's share clears "
                           "its target by that many standard errors when negative)")
    p.add_argument("--stop-margin", type=_share, default=settings.stop_margin,
                   help=f"stop once the threshold is 0 or below and a mechanism's particles, "
                        f"run afresh ({settings.check_replicates} runs per milieu each), clear "
                        f"every target by this share; that mechanism is preferred (default "
                        f"{settings.stop_margin:g})")
    p.add_argument("--no-predictive-stop", action="store_true",
                   help="run until --min-epsilon or --generations only, and prefer the "
                        "mechanism with the highest ABC probability")
    p.add_argument("--model-floor", type=_share, default=settings.model_floor or 0.0,
                   help=f"the least share of proposals each mechanism keeps, so that none dies "
                        f"out by chance (a mechanism with no particle is proposed from its "
                        f"prior); 0: pyabc's model selection (default "
                        f"{settings.model_floor or 0.0:g})")
    p.add_argument("--replicates", type=positive_int("--replicates"), default=problem.replicates,
                   help=f"replicates per milieu for each particle (default {problem.replicates})")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int("--workers"), default=settings.workers,
                       help=f"local worker processes (default {settings.workers})")
    where.add_argument("--scheduler", metavar="ADDR", help="a Dask scheduler address")
    p.add_argument("--max-minutes", type=finite_number("--max-minutes", above=0.0), help="stop after this wall time (resumable)")
    p.add_argument("--prior", action="append", default=[], metavar="NAME=LO:HI",
                   help="a uniform prior other than the declared plausible range (repeatable)")
    seeding = p.add_mutually_exclusive_group()
    seeding.add_argument("--seed", type=whole_number("--seed", 0), default=1)
    seeding.add_argument("--seeds", type=whole_number("--seeds", 0), nargs="+", metavar="SEED",
                         help="one calibration per seed, in OUT/seed-K, then combined: the pair "
                              "each seed prefers, whether they agree, and the posterior "
                              "(calibration/README.md, « A model choice that replicates »)")
    p.add_argument("--out", type=Path, help="the calibration folder (resumed when it exists; default: calibration/<date>-<model version> in the current folder)")
    p.add_argument("--force", action="store_true",
                   help="resume a calibration with settings other than its own (recorded in "
                        "its calibration.json); without it such a resume is refused")
    p.add_argument("--write-scenarios", action="store_true",
                   help="write into ./scenarios/milieu-*.toml (a checkout's) the posterior's "
                        "most central particle that shows every calibration pattern on the "
                        "runs hlm-sim patterns makes")
    p.set_defaults(handler=cmd_calibrate)

    p = sub.add_parser("validate", help="check every pattern on runs drawn from the posterior")
    p.add_argument("scenario", help="all, or one of milieu-1 ... milieu-4")
    p.add_argument("--replicates", type=positive_int("--replicates"), default=200,
                   help="posterior runs per milieu (default 200: a share's 90%% interval "
                        "is then about ±0.05; at 50, milieu 2's translation share read 0.68 "
                        "where 200 runs give 0.79)")
    p.add_argument("--seed", type=whole_number("--seed", 0), default=1)
    p.add_argument("--posterior", type=Path, help="a calibration folder (default: the newest)")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--lang", choices=("en", "fr"), default="en",
                   help="language of the validation's lines (default en)")
    p.set_defaults(handler=cmd_validate)
