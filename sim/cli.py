"""The ``hlm-sim`` command line: a thin layer over :mod:`sim.experiment`.

Every subcommand validates all of its input before it runs or writes anything; bad
input ends with one line on stderr naming the file, key or argument, and exit status 2.
Progress and log lines go to stderr; ``--json`` output alone goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sim import __version__
from sim.cliutil import (
    OneLineParser,
    positive_int,
    run_handler,
    scenario_with_sets,
    whole_number,
)
from sim.errors import InputError
from sim.experiment import compare, replicate
from sim.outcomes import BY_NAME, OUTCOME_NAMES
from sim.output import check_out_dir, write_outputs
from sim.params import PARAMS, Value
from sim.runner import MODEL_VERSION
from sim.scenario import Scenario, find_scenario, load_scenario

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
    p.add_argument("--out", type=Path, help="write CSV tables and run.json to this folder")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--lang", choices=("en", "fr"), default="en",
                   help="language of the readable summary (en, fr)")


def progress_bar(label: str) -> Callable[[int, int], None]:
    """A one-line progress indicator on stderr."""
    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r{label}: {done}/{total} runs", end=end, file=sys.stderr, flush=True)
    return show


def clean(value: Any) -> Any:
    """Make a value JSON-safe (NaN becomes null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON-safe records."""
    return [clean(r) for r in frame.to_dict(orient="records")]


def fmt(x: float) -> str:
    """Format a number for the readable summary."""
    return "—" if not math.isfinite(x) else f"{x:.3g}"


TEXT = {
    "en": {"site": "Site: {hlm} HLM, {households} households, {workers} workers ({worker_employer}), "
                   "{partners} partners, origin {origin}",
           "committees": "Committees", "mediators": "Mediators", "none": "none",
           "run": "{name} — {replicates} replicates × {weeks} weeks, seed {seed}",
           "outcome": "outcome", "mean": "mean", "interval": "95% interval of the mean",
           "whatif": "What if {change}? ({variant} vs {base}; {replicates} paired replicates × "
                     "{weeks} weeks, seed {seed})",
           "base": "base", "variant": "variant", "diff": "diff", "ci": "95% interval",
           "better": "better in", "defs": "Definitions: hlm-sim outcomes", "colon": ":"},
    "fr": {"site": "Site : {hlm} HLM, {households} ménages, {workers} intervenant·es ({worker_employer}), "
                   "{partners} partenaires, origine {origin}",
           "committees": "Comités", "mediators": "Médiateur·rices", "none": "aucun",
           "run": "{name} — {replicates} réplications × {weeks} semaines, graine {seed}",
           "outcome": "indicateur", "mean": "moyenne", "interval": "intervalle à 95 % de la moyenne",
           "whatif": "Et si {change} ? ({variant} contre {base} ; {replicates} réplications appariées × "
                     "{weeks} semaines, graine {seed})",
           "base": "base", "variant": "variante", "diff": "écart", "ci": "intervalle à 95 %",
           "better": "meilleure dans", "defs": "Définitions : hlm-sim outcomes --lang fr",
           "colon": " :"},
}
"""The readable summaries' words, in English and French (``--lang``)."""


def print_structure(structure: dict[str, Any], lang: str = "en") -> None:
    """Echo the site's structure for the readable summary."""
    t = TEXT[lang]
    print(t["site"].format(**structure))
    print(f"{t['committees']}{t['colon']} {', '.join(structure['committees'])}")
    print(f"{t['mediators']}{t['colon']} {', '.join(structure['mediators']) or t['none']}")


# --- run ------------------------------------------------------------------------------
def cmd_run(args: argparse.Namespace) -> int:
    """Run a scenario's replicates and summarise them."""
    scenario, sets = scenario_with_sets(args.scenario, args.assignments)
    if args.out:
        check_out_dir(args.out)
    result = replicate(scenario, seed=args.seed, replicates=args.replicates, weeks=args.weeks,
                       series=bool(args.out), progress=progress_bar("run"))
    summary = result.summary()
    meta = run_metadata(args, scenario, sets)
    if args.out:
        write_outputs(args.out, {
            "summary.csv": summary, "replicates.csv": result.table,
            "series.csv": result.series, "run.json": meta,
        })
        print(f"wrote {args.out}/summary.csv, replicates.csv, series.csv, run.json", file=sys.stderr)
    if args.json:
        print(json.dumps(clean({**meta, "summary": records(summary)}), ensure_ascii=False))
        return 0
    t = TEXT[args.lang]
    print(t["run"].format(name=scenario.name, replicates=args.replicates, weeks=args.weeks,
                          seed=args.seed))
    print_structure(meta["structure"], args.lang)
    print(f"{t['outcome']:32} {t['mean']:>9}  {t['interval']}")
    for row in summary.itertuples():
        print(f"{row.outcome:32} {fmt(row.mean):>9}  [{fmt(row.ci_low)}, {fmt(row.ci_high)}]")
    print(t["defs"])
    return 0


def run_metadata(args: argparse.Namespace, scenario: Scenario, sets: dict[str, Value],
                 **extra: Any) -> dict[str, Any]:
    """What ``run.json`` records: the resolved scenario, seeds and package version."""
    return clean({
        "hlm_sim_version": __version__, "model_version": MODEL_VERSION,
        "command": sys.argv[1:] if sys.argv else [],
        "weeks": args.weeks, "seed": args.seed, "replicates": args.replicates,
        "replicate_seeds": "numpy SeedSequence(seed, spawn_key=(replicate,))",
        "set": sets, "structure": scenario.structure(), "scenario": scenario.to_dict(), **extra,
    })


# --- compare --------------------------------------------------------------------------
def cmd_compare(args: argparse.Namespace) -> int:
    """The what-if: a variant against a baseline, paired replicate by replicate."""
    if not args.assignments and not args.against:
        raise InputError("compare: give at least one --set NAME=VALUE or --against BASE")
    variant, sets = scenario_with_sets(args.scenario, args.assignments)
    base = load_scenario(find_scenario(args.against)) if args.against else load_scenario(find_scenario(args.scenario))
    if args.out:
        check_out_dir(args.out)
    a, b, contrast = compare(base, variant, seed=args.seed, replicates=args.replicates,
                             weeks=args.weeks, series=bool(args.out),
                             progress=progress_bar("compare"))
    meta = run_metadata(args, variant, sets, against=base.to_dict(),
                        base_name=base.name, variant_name=variant.name)
    if args.out:
        write_outputs(args.out, {
            "contrast.csv": contrast, "base_replicates.csv": a.table,
            "variant_replicates.csv": b.table, "base_series.csv": a.series,
            "variant_series.csv": b.series, "run.json": meta,
        })
        print(f"wrote {args.out}/contrast.csv and the replicate tables", file=sys.stderr)
    if args.json:
        print(json.dumps(clean({**meta, "contrast": records(contrast)}), ensure_ascii=False))
        return 0
    print_contrast(base, variant, sets, args, contrast)
    return 0


def print_contrast(base: Scenario, variant: Scenario, sets: dict[str, Value],
                   args: argparse.Namespace, contrast: pd.DataFrame) -> None:
    """The readable what-if table."""
    t = TEXT[args.lang]
    change = ", ".join(f"{k}={v}" for k, v in sets.items()) or variant.name
    print(t["whatif"].format(change=change, variant=variant.name, base=base.name,
                             replicates=args.replicates, weeks=args.weeks, seed=args.seed))
    print(f"{t['outcome']:32} {t['base']:>8} {t['variant']:>8} {t['diff']:>8}  {t['ci']:22} {t['better']}")
    for row in contrast.itertuples():
        share = "—" if not math.isfinite(row.share_better) else f"{100 * row.share_better:.0f}%"
        print(f"{row.outcome:32} {fmt(row.base_mean):>8} {fmt(row.variant_mean):>8} "
              f"{fmt(row.difference):>8}  {'[' + fmt(row.ci_low) + ', ' + fmt(row.ci_high) + ']':22} {share}")


# --- params ---------------------------------------------------------------------------
def cmd_params(args: argparse.Namespace) -> int:
    """List every declared parameter with its value in a scenario."""
    values = dict(load_scenario(find_scenario(args.scenario)).params) if args.scenario else {}
    rows = []
    for p in PARAMS.values():
        bounds = ", ".join(p.choices) if p.kind == "choice" else (
            "true/false" if p.kind == "bool" else f"[{p.low:g}, {p.high:g}]")
        rows.append({"name": p.name, "value": values.get(p.name, p.default), "default": p.default,
                     "bounds": bounds, "unit": p.unit, "group": p.group,
                     "meaning": p.sens if args.lang == "fr" else p.meaning, "source": p.source})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        mark = "" if r["value"] == r["default"] else f"   (default {r['default']})"
        print(f"{r['name']} = {r['value']}{mark}\n    {r['bounds']} {r['unit']} — {r['meaning']}\n    source: {r['source']}")
    return 0


def cmd_outcomes(args: argparse.Namespace) -> int:
    """List every declared outcome with its meaning."""
    for name in OUTCOME_NAMES:
        o = BY_NAME[name]
        print(f"{name} ({o.unit}): {o.sens if args.lang == 'fr' else o.meaning}")
    return 0


def cmd_patterns(args: argparse.Namespace) -> int:
    """Print the pattern scorecard of the bundled milieux."""
    from sim.patterns import load_patterns, pattern_runs, scorecard  # noqa: PLC0415 (runs only here)

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
def build_parser() -> argparse.ArgumentParser:
    """The ``hlm-sim`` parser with every subcommand."""
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

    p = sub.add_parser("outcomes", help="list the outcomes and their meanings")
    p.add_argument("--lang", choices=("en", "fr"), default="en")
    p.set_defaults(handler=cmd_outcomes)

    p = sub.add_parser("patterns", help="check the seed's patterns on the four milieux (scorecard)")
    p.add_argument("--replicates", type=positive_int("--replicates"), help="replicates per milieu")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patterns)

    for register in _extensions():
        register(sub)
    return parser


def _extensions() -> list[Callable[[Any], None]]:
    """Subcommands defined beside their own layer (studies, the page)."""
    found = []
    for module in ("sim.study.cli", "sim.app.cli"):
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
    parser = build_parser()
    args = parser.parse_args(argv)
    return run_handler(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main"]
