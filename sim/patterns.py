"""Pattern scorecard: the seed's findings as checks measured on replicates.

``calibration/patterns.toml`` states each pattern, the passage it rests on, the strength
of that evidence, whether it is used for calibration or kept for validation, and its
condition. A condition is checked on every replicate; a pattern holds when the share of
replicates showing it reaches ``min_share`` (in every milieu, or pooled). The share is
reported with its 90% Clopper-Pearson interval. :func:`pattern_runs` produces the table
of runs the checks read, and :func:`scorecard` evaluates it (analysis reads tables,
never a live model).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.errors import InputError
from sim.params import Value, lookup
from sim.runner import run_once
from sim.scenario import Scenario, find_scenario, load_scenario

PATTERNS_FILE = Path(__file__).resolve().parent.parent / "calibration" / "patterns.toml"
MILIEUX = ("milieu-1", "milieu-2", "milieu-3", "milieu-4")
USES = ("calibration", "validation")
_REQUIRED = ("id", "use", "strength", "statement", "passage", "milieux", "min_share")
_CONDITIONS = ("min", "max", "below", "given", "above_milieux", "lower")


@dataclass(frozen=True)
class Verdict:
    """One pattern's result: whether it holds and the figures behind it."""

    id: str
    statement: str
    passage: str
    holds: bool
    detail: str
    use: str = "calibration"
    strength: str = ""
    share: float = float("nan")
    interval: tuple[float, float] = (float("nan"), float("nan"))
    target: float = float("nan")


def load_patterns(path: Path = PATTERNS_FILE) -> dict[str, Any]:
    """Read and check the pattern file; one-line errors name the pattern and the key."""
    try:
        with path.open("rb") as fh:
            spec = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the pattern file: {exc}") from None
    for key in ("week", "replicates", "seed", "pattern"):
        if key not in spec:
            raise InputError(f"{path}: missing key {key!r}")
    for k, p in enumerate(spec["pattern"]):
        where = f"{path}: pattern {p.get('id', k + 1)!r}"
        for key in _REQUIRED:
            if key not in p:
                raise InputError(f"{where}: missing key {key!r}")
        if p["use"] not in USES:
            raise InputError(f"{where}: use: expected one of {', '.join(USES)}, found {p['use']!r}")
        if not any(key in p for key in _CONDITIONS):
            raise InputError(f"{where}: no condition (expected one of {', '.join(_CONDITIONS)})")
        if not 0.0 < float(p["min_share"]) <= 1.0:
            raise InputError(f"{where}: min_share: expected a share in (0, 1], found {p['min_share']!r}")
        unknown = [m for m in p["milieux"] if m not in MILIEUX]
        if unknown:
            raise InputError(f"{where}: milieux: unknown {unknown}, expected among {list(MILIEUX)}")
        for name, value in p.get("contrast", {}).items():
            lookup(name, f"{where}: contrast").coerce(value, f"{where}: contrast.{name}")
    return spec


def pattern_runs(spec: dict[str, Any], milieux: tuple[str, ...] = MILIEUX,
                 overrides: dict[str, Value] | None = None,
                 per_milieu: dict[str, dict[str, Value]] | None = None,
                 scenarios: Mapping[str, Scenario] | None = None,
                 replicates: range | None = None) -> pd.DataFrame:
    """Run the replicates of each milieu at the pattern week, and of each contrast variant.

    ``overrides`` sets parameters in every milieu (tests use it to break a pattern);
    ``per_milieu`` sets them milieu by milieu after that (calibration's milieu-specific
    values). ``scenarios`` gives the milieux already read (else their bundled files are);
    ``replicates``, which replicates to run (all ``spec["replicates"]`` by default).
    The ``variant`` column is ``"base"`` or the pattern id of a contrast.
    """
    contrasts = {p["id"]: p["contrast"] for p in spec["pattern"] if "contrast" in p}
    rows = []
    for name in milieux:
        scenario = (scenarios[name] if scenarios and name in scenarios
                    else load_scenario(find_scenario(name)))
        scenario = scenario.with_params(**(overrides or {}))
        scenario = scenario.with_params(**(per_milieu or {}).get(name, {}))
        variants = {"base": scenario} | {pid: scenario.with_params(**c) for pid, c in contrasts.items()}
        for variant, sc in variants.items():
            for r in replicates if replicates is not None else range(int(spec["replicates"])):
                end = run_once(sc, int(spec["seed"]), r, int(spec["week"])).summary
                rows.append({"milieu": name, "variant": variant, "replicate": r, **end})
    runs = pd.DataFrame(rows)
    runs["intermediaries_made"] = runs["intermediaries_change"] + runs["intermediaries_worn"]
    return runs


def _shows(p: dict[str, Any], base: pd.DataFrame, runs: pd.DataFrame) -> pd.Series:
    """Whether each replicate of ``base`` shows the pattern (NaN where it does not apply).
    Plain arrays rather than pandas operations: the calibration asks this for every
    batch of every particle."""
    ok = np.ones(len(base), bool)
    for outcome, limit in p.get("min", {}).items():
        ok &= base[outcome].to_numpy() >= limit
    for outcome, limit in p.get("max", {}).items():
        ok &= base[outcome].to_numpy() <= limit
    for outcome, other in p.get("below", {}).items():
        ok &= base[outcome].to_numpy() < base[other].to_numpy()
    if p.get("above_milieux"):
        plain = runs[runs["variant"].to_numpy() == "base"]
        replicates = base["replicate"].to_numpy()
        for outcome, others in p["above_milieux"].items():
            mine = base[outcome].to_numpy()
            for other in others:
                rows = plain[plain["milieu"].to_numpy() == other]
                theirs = dict(zip(rows["replicate"].to_numpy(), rows[outcome].to_numpy(), strict=True))
                # a replicate the other milieu lacks does not show it (NaN compares False)
                ok &= np.array([m > theirs.get(r, np.nan) for m, r in zip(mine, replicates, strict=True)],
                               bool)
    if "lower" in p:
        variant = runs[(runs["variant"] == p["id"]) & (runs["milieu"].isin(base["milieu"]))]
        paired = variant.set_index(["milieu", "replicate"])
        index = pd.MultiIndex.from_frame(base[["milieu", "replicate"]])
        for outcome in p["lower"]:
            ok &= (base[outcome].to_numpy() < paired[outcome].reindex(index).to_numpy())
    shows = ok.astype(float)
    for outcome, limit in p.get("given", {}).items():
        shows[base[outcome].to_numpy() < limit] = np.nan
    return pd.Series(shows, index=base.index)


def _share(shows: pd.Series) -> tuple[float, tuple[float, float], int]:
    valid = shows.dropna()
    n = int(valid.size)
    if n == 0:
        return float("nan"), (float("nan"), float("nan")), 0
    k = int(valid.sum())
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.9, method="exact")
    return k / n, (float(ci.low), float(ci.high)), n


def _group_shows(p: dict[str, Any], runs: pd.DataFrame) -> dict[str, pd.Series]:
    keep = (runs["variant"].to_numpy() == "base") & runs["milieu"].isin(p["milieux"]).to_numpy()
    base = runs[keep].reset_index(drop=True)
    shows = _shows(p, base, runs)
    if p.get("per_milieu"):
        milieu = base["milieu"].to_numpy()
        return {m: shows[milieu == m] for m in p["milieux"]}
    return {"pooled": shows}


def group_shares(p: dict[str, Any], runs: pd.DataFrame) -> dict[str, tuple[float, tuple[float, float], int]]:
    """Per group (each milieu with ``per_milieu``, else "pooled"): the share of replicates
    showing the pattern, its 90% interval and the number of replicates it applies to."""
    return {group: _share(shows) for group, shows in _group_shows(p, runs).items()}


def group_counts(p: dict[str, Any], runs: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Per group: how many replicates show the pattern, of how many it applies to (what
    :func:`group_shares` reports, without the interval, for the calibration's many
    particles)."""
    out = {}
    for group, shows in _group_shows(p, runs).items():
        valid = shows.dropna()
        out[group] = (int(valid.sum()), int(valid.size))
    return out


def evaluate(p: dict[str, Any], runs: pd.DataFrame) -> Verdict:
    """Evaluate one pattern on the table of runs."""
    target = float(p["min_share"])
    groups = group_shares(p, runs)
    holds = all(n > 0 and share >= target for share, _, n in groups.values())
    parts = [f"{label} {share:.2f} [{lo:.2f}, {hi:.2f}] of {n}"
             for label, (share, (lo, hi), n) in groups.items()]
    base = runs[(runs["variant"] == "base") & runs["milieu"].isin(p["milieux"])].reset_index(drop=True)
    share, interval, _ = _share(_shows(p, base, runs))
    detail = f"share of replicates showing it (target ≥ {target:.2f}): " + "; ".join(parts)
    return Verdict(p["id"], p["statement"], p["passage"], bool(holds), detail, p["use"],
                   p["strength"], share, interval, target)


def scorecard(runs: pd.DataFrame, spec: dict[str, Any]) -> list[Verdict]:
    """Evaluate every pattern of ``spec`` on the table of runs."""
    return [evaluate(p, runs) for p in spec["pattern"]]
