"""Sensitivity indices from a stored study: Sobol (Saltelli) and Morris, with intervals.

Reads the run store (never a live model): each design point's value is the mean of
its replicates (:mod:`sim.study.analysis`), and SALib's ``analyze`` functions are
called directly on those values.

- Sobol: first-order ``S1``, total-order ``ST`` and, if the design has them,
  second-order ``S2`` indices, each with a bootstrap 95% interval
  (``index ± conf``, SALib's normal interval on the bootstrap SD, seeded).
- Morris: ``mu_star`` (SALib's bootstrap interval), ``sigma`` (the same bootstrap,
  over trajectories, computed here from the elementary effects) and ``mu``.

The ``indices`` table has one row per (outcome, index, parameter[, parameter_2]):
``value``, ``conf`` (half width), ``ci_low``, ``ci_high`` and ``rank`` (1 = most
influential by ``ST`` or ``mu_star``). Outcomes that cannot be analysed are listed in
``skipped`` with the reason: some design point has no finite value, or the outcome
does not vary over the design. ``unseparated`` lists, per outcome, the pairs of
adjacent-ranked parameters whose intervals (of ``ST`` or ``mu_star``) overlap: the
data cannot say which of the two matters more.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as salib_morris
from SALib.analyze import sobol as salib_sobol
from scipy.stats import norm

from sim.errors import InputError
from sim.study.analysis import Points
from sim.study.executor import map_local
from sim.vocabulary import say

CONF_LEVEL = 0.95
RANKED_BY = {"sobol": "ST", "morris": "mu_star"}


@dataclass
class Indices:
    """The result of an analysis: the indices table and what it could not say."""

    method: str
    table: pd.DataFrame
    skipped: dict[str, str] = field(default_factory=dict)
    unseparated: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` and ``sensitivity.json`` (NaN as ``None``)."""
        rows = [{k: (None if isinstance(v, float) and not np.isfinite(v) else v)
                 for k, v in row.items()} for row in self.table.to_dict(orient="records")]
        return {"method": self.method, "ranked_by": RANKED_BY[self.method],
                "settings": self.settings, "indices": rows, "skipped": self.skipped,
                "unseparated": {k: [list(p) for p in v] for k, v in self.unseparated.items()}}


def _usable(points: Points, outcome: str) -> tuple[np.ndarray | None, str]:
    y = points.mean[outcome].to_numpy(dtype=np.float64)
    missing = int((~np.isfinite(y)).sum())
    if missing:
        return None, say("skip_missing", "en", missing=missing, size=y.size)
    if np.ptp(y) == 0:
        return None, say("skip_constant", "en")
    return y, ""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _rows(outcome: str, index: str, names: list[str], value: np.ndarray,
          conf: np.ndarray, floor: float | None = None) -> list[dict[str, Any]]:
    rows = []
    for name, v, c in zip(names, value.tolist(), conf.tolist(), strict=True):
        low = v - c
        rows.append({"outcome": outcome, "index": index, "parameter": name,
                     "parameter_2": "", "value": v, "conf": c,
                     "ci_low": low if floor is None else max(low, floor), "ci_high": v + c})
    return rows


def _design(points: Points, method: str) -> dict[str, Any]:
    design: dict[str, Any] = points.manifest["identity"]["design"]
    if design["method"] != method:
        raise InputError(f"{method} indices need a {method} design, found a "
                         f"{design['method']} design")
    return design


PARALLEL_WORK = 1_000_000
"""Design points x resamples from which an outcome's analysis is worth a process: below
it, the outcomes are analysed in this process (forking would cost more than it saves)."""

Outcome = tuple[list[dict[str, Any]], str]
"""An outcome's analysis: its rows of the indices table, or why it was skipped."""


def _each_outcome(points: Points, task: Callable[[tuple[str, np.ndarray]], Outcome],
                  workers: int, num_resamples: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Run ``task`` on every usable outcome, outcome by outcome in parallel on up to
    ``workers`` local processes when the work is large enough; the rows and the skipped
    outcomes come back in the outcomes' order, whatever the number of workers."""
    usable: list[tuple[str, np.ndarray]] = []
    reasons: dict[str, str] = {}
    for outcome in points.mean.columns:
        y, reason = _usable(points, outcome)
        if y is None:
            reasons[outcome] = reason
        else:
            usable.append((outcome, y))
    big = len(points.mean) * num_resamples >= PARALLEL_WORK
    results = dict(zip([o for o, _ in usable],
                       map_local(task, usable, workers if big else 1), strict=True))
    rows: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}
    for outcome in points.mean.columns:
        if outcome in reasons:
            skipped[outcome] = reasons[outcome]
            continue
        found, reason = results[outcome]
        if reason:
            skipped[outcome] = reason
        rows += found
    return rows, skipped


@dataclass(frozen=True)
class _Task:
    """What every outcome's analysis shares (picklable: it runs on a worker): the SALib
    problem, the bootstrap's resamples and level, and its seed."""

    problem: dict[str, Any]
    num_resamples: int
    conf_level: float
    seed: int


@dataclass(frozen=True)
class _SobolTask(_Task):
    """One outcome's Sobol analysis."""

    second_order: bool = False

    def __call__(self, item: tuple[str, np.ndarray]) -> Outcome:
        outcome, y = item
        names = self.problem["names"]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                warnings.simplefilter("ignore", UserWarning)  # constant bootstrap samples
                si = salib_sobol.analyze(self.problem, y, calc_second_order=self.second_order,
                                         num_resamples=self.num_resamples,
                                         conf_level=self.conf_level, print_to_console=False,
                                         seed=self.seed)
        except (ValueError, RuntimeError, FloatingPointError, ZeroDivisionError) as exc:
            # e.g. an outcome constant over the base samples A and B, varying only in
            # the cross samples: SALib's estimators are undefined there
            return [], say("skip_indices", "en", why=_one_line(exc))
        rows = _rows(outcome, "S1", names, si["S1"], si["S1_conf"])
        rows += _rows(outcome, "ST", names, si["ST"], si["ST_conf"])
        if self.second_order:
            for j in range(len(names)):
                for k in range(j + 1, len(names)):
                    v, c = float(si["S2"][j, k]), float(si["S2_conf"][j, k])
                    rows.append({"outcome": outcome, "index": "S2", "parameter": names[j],
                                 "parameter_2": names[k], "value": v, "conf": c,
                                 "ci_low": v - c, "ci_high": v + c})
        return rows, ""


def sobol(points: Points, *, seed: int, num_resamples: int = 1000,
          conf_level: float = CONF_LEVEL, workers: int = 1) -> Indices:
    """Sobol indices of every outcome of a stored Saltelli design, outcome by outcome on
    up to ``workers`` local processes (the same numbers on any number).

    Second-order indices are computed when the design was sampled for them.
    """
    second_order = bool(_design(points, "sobol").get("second_order", False))
    names = points.factors
    problem = {"num_vars": len(names), "names": names,
               "bounds": [[0.0, 1.0]] * len(names)}  # the estimators do not use bounds
    task = _SobolTask(problem, num_resamples, conf_level, seed, second_order=second_order)
    rows, skipped = _each_outcome(points, task, workers, num_resamples)
    settings = {"conf_level": conf_level, "num_resamples": num_resamples,
                "bootstrap_seed": seed, "second_order": second_order}
    return _finish("sobol", rows, skipped, settings)


def elementary_effects(nominal: np.ndarray, y: np.ndarray, bounds: np.ndarray,
                       num_levels: int) -> np.ndarray:
    """Morris elementary effects, (factors x trajectories), as SALib defines them.

    Inputs are scaled to the unit range; the effect of the factor that moves between
    consecutive points of a trajectory is ``sign(dx) * dy / delta`` with
    ``delta = num_levels / (2 (num_levels - 1))``.
    """
    k = nominal.shape[1]
    unit = (nominal - bounds[:, 0]) / (bounds[:, 1] - bounds[:, 0])
    traj = unit.reshape(-1, k + 1, k)
    out = y.reshape(-1, k + 1)
    delta = num_levels / (2.0 * (num_levels - 1))
    dx = np.diff(traj, axis=1)  # (T, k, k): step j moves one factor
    dy = np.diff(out, axis=1)  # (T, k)
    moved = np.argmax(np.abs(dx), axis=2)  # (T, k): which factor step j moved
    sign = np.sign(np.take_along_axis(dx, moved[..., None], axis=2)[..., 0])
    effects = np.empty((k, traj.shape[0]))
    t_index = np.arange(traj.shape[0])[:, None].repeat(k, axis=1)
    effects[moved, t_index] = sign * dy / delta
    return effects


@dataclass(frozen=True)
class _MorrisTask(_Task):
    """One outcome's Morris analysis, on the design's points ``x`` within ``bounds``."""

    x: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    bounds: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    num_levels: int = 4

    def __call__(self, item: tuple[str, np.ndarray]) -> Outcome:
        outcome, y = item
        names, num_resamples = self.problem["names"], self.num_resamples
        try:
            si = salib_morris.analyze(self.problem, self.x, y, num_resamples=num_resamples,
                                      conf_level=self.conf_level, num_levels=self.num_levels,
                                      seed=self.seed)
        except (ValueError, RuntimeError, FloatingPointError, ZeroDivisionError) as exc:
            return [], say("skip_measures", "en", why=_one_line(exc))
        z = norm.ppf(0.5 + self.conf_level / 2)
        ee = elementary_effects(self.x, y, self.bounds, self.num_levels)
        rng = np.random.default_rng(self.seed)
        picks = rng.integers(ee.shape[1], size=(num_resamples, ee.shape[1]))
        sigma_conf = z * ee[:, picks].std(axis=2, ddof=1).std(axis=1, ddof=1)
        mu_star = np.asarray(si["mu_star"], dtype=np.float64)
        rows = _rows(outcome, "mu_star", names, mu_star,
                     np.asarray(si["mu_star_conf"], dtype=np.float64), floor=0.0)
        rows += _rows(outcome, "sigma", names, np.asarray(si["sigma"], dtype=np.float64),
                      sigma_conf, floor=0.0)
        rows += _rows(outcome, "mu", names, np.asarray(si["mu"], dtype=np.float64),
                      np.full(len(names), np.nan))
        return rows, ""


def morris(points: Points, *, seed: int, num_resamples: int = 1000,
           conf_level: float = CONF_LEVEL, workers: int = 1) -> Indices:
    """Morris screening measures of every outcome of a stored Morris design, outcome by
    outcome on up to ``workers`` local processes (the same numbers on any number)."""
    design = _design(points, "morris")
    num_levels = int(design["num_levels"])
    names = points.factors
    factors = design["factors"]
    bounds = np.array([[f["low"] - 0.5, f["high"] + 0.5] if f["kind"] == "int"
                       else [f["low"], f["high"]] for f in factors], dtype=np.float64)
    problem = {"num_vars": len(names), "names": names, "bounds": bounds.tolist()}
    task = _MorrisTask(problem, num_resamples, conf_level, seed, x=points.nominal, bounds=bounds,
                       num_levels=num_levels)
    rows, skipped = _each_outcome(points, task, workers, num_resamples)
    settings = {"conf_level": conf_level, "num_resamples": num_resamples,
                "bootstrap_seed": seed, "num_levels": num_levels}
    return _finish("morris", rows, skipped, settings)


def _finish(method: str, rows: list[dict[str, Any]], skipped: dict[str, str],
            settings: dict[str, Any]) -> Indices:
    columns = ["outcome", "index", "parameter", "parameter_2", "value", "conf", "ci_low",
               "ci_high", "rank"]
    table = pd.DataFrame(rows, columns=columns)
    by = RANKED_BY[method]
    ranks: dict[tuple[str, str], int] = {}
    unseparated: dict[str, list[tuple[str, str]]] = {}
    for outcome, group in table[table["index"] == by].groupby("outcome", sort=False):
        ordered = group.sort_values("value", ascending=False, kind="stable")
        for r, name in enumerate(ordered["parameter"], 1):
            ranks[(str(outcome), str(name))] = r
        pairs = [(a.parameter, b.parameter)
                 for a, b in zip(ordered.itertuples(), ordered.iloc[1:].itertuples(),
                                 strict=False)
                 if not a.ci_low > b.ci_high]  # an unknown (NaN) interval separates nothing
        if pairs:
            unseparated[str(outcome)] = pairs
    table["rank"] = [None if i == "S2" else ranks.get((o, p))
                     for o, i, p in zip(table["outcome"], table["index"], table["parameter"],
                                        strict=True)]
    table["rank"] = table["rank"].astype("Int64")
    return Indices(method, table, skipped, unseparated, settings)
