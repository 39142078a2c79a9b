"""Pattern scorecard: the seed's qualitative findings as checks on the milieux.

``calibration/patterns.toml`` states each pattern, the passage it rests on and its
tolerance; :func:`pattern_runs` produces the table of runs the checks read, and
:func:`scorecard` evaluates them (analysis reads stored tables, never a live model).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError
from sim.runner import run_once
from sim.scenario import find_scenario, load_scenario

PATTERNS_FILE = Path(__file__).resolve().parent.parent / "calibration" / "patterns.toml"
MILIEUX = ("milieu-1", "milieu-2", "milieu-3", "milieu-4")


@dataclass(frozen=True)
class Verdict:
    """One pattern's result: whether it holds and the figures behind it."""

    id: str
    statement: str
    passage: str
    holds: bool
    detail: str


def load_patterns(path: Path = PATTERNS_FILE) -> dict[str, Any]:
    """Read the pattern file."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the pattern file: {exc}") from None


def pattern_runs(spec: dict[str, Any], milieux: tuple[str, ...] = MILIEUX) -> pd.DataFrame:
    """Run every milieu's replicates at the pattern week and at week 0."""
    rows = []
    for name in milieux:
        scenario = load_scenario(find_scenario(name))
        for r in range(int(spec["replicates"])):
            start = run_once(scenario, int(spec["seed"]), r, 0).summary
            end = run_once(scenario, int(spec["seed"]), r, int(spec["week"])).summary
            rows.append({"milieu": name, "replicate": r, **end,
                         "isolation_rate_start": start["isolation_rate"],
                         "intermediaries_start": start["intermediaries"]})
    return pd.DataFrame(rows)


def _every_milieu(p: dict[str, Any], means: pd.DataFrame) -> tuple[bool, str]:
    ok, parts = True, []
    for bound, compare in (("min", means.__ge__), ("max", means.__le__)):
        for outcome, limit in p.get(bound, {}).items():
            good = compare(limit)[outcome]
            ok &= bool(good.all())
            parts.append(f"{outcome} {'≥' if bound == 'min' else '≤'} {limit}: "
                         + ", ".join(f"{m} {v:.2f}" for m, v in means[outcome].items()))
    return ok, "; ".join(parts)


def _highest(p: dict[str, Any], means: pd.DataFrame) -> tuple[bool, str]:
    col = means[p["outcome"]]
    ok = all(col[p["milieu"]] >= col[m] for m in p["over"])
    return ok, f"{p['outcome']}: " + ", ".join(f"{m} {col[m]:.3f}" for m in [p["milieu"], *p["over"]])


def _controversies(p: dict[str, Any], runs: pd.DataFrame) -> tuple[bool, str]:
    by = runs.groupby("milieu")
    opened = by["controversies_opened"].mean()
    open_share = by["controversies_open"].apply(lambda s: float((s >= 1).mean()))
    ok = bool((opened >= p["min_opened"]).all()) and int((open_share >= p["share_open_at_end"]).sum()) >= p["milieux_with_open"]
    return ok, ("opened: " + ", ".join(f"{m} {v:.1f}" for m, v in opened.items())
                + "; share with one open at the end: " + ", ".join(f"{m} {v:.2f}" for m, v in open_share.items()))


def _grows(runs: pd.DataFrame, outcome: str, start: str, sign: int) -> tuple[bool, str]:
    change = (runs[outcome] - runs[start]).groupby(runs["milieu"]).mean()
    ok = bool((sign * change > 0).all())
    return ok, f"mean change of {outcome}: " + ", ".join(f"{m} {v:+.3f}" for m, v in change.items())


def scorecard(runs: pd.DataFrame, spec: dict[str, Any]) -> list[Verdict]:
    """Evaluate every pattern of ``spec`` on the table of runs."""
    means = runs.groupby("milieu").mean(numeric_only=True)
    verdicts = []
    for p in spec["pattern"]:
        kind = p["check"]
        if kind == "every_milieu":
            ok, detail = _every_milieu(p, means)
        elif kind == "highest":
            ok, detail = _highest(p, means)
        elif kind == "controversies":
            ok, detail = _controversies(p, runs)
        elif kind == "intermediaries_grow":
            ok, detail = _grows(runs, "intermediaries", "intermediaries_start", +1)
        elif kind == "isolation_falls":
            ok, detail = _grows(runs, "isolation_rate", "isolation_rate_start", -1)
        else:
            raise InputError(f"{PATTERNS_FILE}: pattern {p['id']}: unknown check {kind!r}")
        verdicts.append(Verdict(p["id"], p["statement"], p["passage"], ok, detail))
    return verdicts
