"""The short summary a study prints at its end: for each outcome, the parameters that
matter most and the sign of their effect.

Read from stored tables only (``points.csv``, ``indices.csv``):

- sweep: parameters ranked by the strength of their monotone association with the
  outcome over the design points (Spearman's rank correlation of each point's mean:
  :func:`spearman`, the numbers of :func:`scipy.stats.spearmanr`); its sign is the sign
  of the effect;
- Sobol: parameters ranked by ``ST`` with its interval; the sign is the Spearman sign
  over the points (Sobol indices have none);
- Morris: parameters ranked by ``mu*`` with its interval; the sign is the sign of the
  signed mean effect ``mu`` (``±`` when ``|mu|`` is under half of ``mu*``: the effect
  changes sign across the design).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim.report.tables import estimate
from sim.vocabulary import (
    Lang,
    colon,
    in_words,
    number,
    outcome_label,
    outcome_unit,
    param_label,
    param_phrase,
    say,
)

TOP = 3


def point_outcomes(points: pd.DataFrame) -> list[str]:
    """The outcomes of a ``points.csv`` (its ``NAME_mean`` columns), in stored order."""
    return [c[: -len("_mean")] for c in points.columns if c.endswith("_mean")]


# scipy.stats is not imported here: it costs about 0.5 s of a sweep's start-up, and the
# ranks and the correlation below are the same numbers (tests/test_report_tables.py).
def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1 along the last axis, ties sharing their mean rank: the numbers of
    ``scipy.stats.rankdata(values, axis=-1)`` (whole or half-whole, hence exact)."""
    values = np.asarray(values, dtype=float)
    n = values.shape[-1]
    order = np.argsort(values, axis=-1, kind="stable")
    ordered = np.take_along_axis(values, order, axis=-1)
    position = np.broadcast_to(np.arange(n), values.shape)
    starts = np.ones(values.shape, dtype=bool)  # a position that opens a run of ties
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    ends = np.ones(values.shape, dtype=bool)  # a position that closes one
    ends[..., :-1] = starts[..., 1:]
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=-1)
    last = np.flip(np.minimum.accumulate(np.flip(np.where(ends, position, n - 1), axis=-1),
                                         axis=-1), axis=-1)
    ranks = np.empty(values.shape)
    np.put_along_axis(ranks, order, (first + last) / 2 + 1, axis=-1)
    return ranks


def resampled_ranks(values: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """:func:`average_ranks` of ``values[idx]`` (one resample a row), by counting: within a
    resample, a value's average rank is the count of values up to it less half the count
    of its ties, less one half; the same whole or half-whole numbers, without a sort per
    resample."""
    distinct, codes = np.unique(values, return_inverse=True)
    drawn = codes[idx]
    rows, width = drawn.shape[0], distinct.size
    counts = np.bincount((drawn + width * np.arange(rows)[:, None]).ravel(),
                         minlength=rows * width).reshape(rows, width)
    table = counts.cumsum(axis=1) - (counts - 1) / 2
    return np.take_along_axis(table, drawn, axis=1)


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation of ``x`` and ``y`` (finite, neither constant): the
    Pearson correlation of their average ranks, as ``scipy.stats.spearmanr`` computes it
    (:func:`numpy.corrcoef` of the two rank columns)."""
    ranked = np.column_stack((average_ranks(x), average_ranks(y)))
    return float(np.corrcoef(ranked, rowvar=False)[1, 0])


def _rho(x: np.ndarray, y: np.ndarray) -> float:
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 3 or np.ptp(x[ok]) == 0 or np.ptp(y[ok]) == 0:
        return math.nan
    return spearman(x[ok], y[ok])


RHO_RESAMPLES = 1000
RHO_SEED = 20_240
"""Root of the bootstrap over design points (a summary reads the same numbers each time)."""


def rho_interval(x: np.ndarray, y: np.ndarray, rng: np.random.Generator,
                 resamples: int = RHO_RESAMPLES) -> tuple[float, float]:
    """A 95% percentile bootstrap interval of Spearman's rho, resampling design points."""
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size < 3:
        return math.nan, math.nan
    idx = rng.integers(0, x.size, size=(resamples, x.size))
    return _percentiles(_centred(x, idx), _centred(y, idx), resamples)


def _centred(values: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """The resamples' ranks of ``values``, less each resample's mean rank."""
    ranks = resampled_ranks(values, idx)
    return ranks - ranks.mean(axis=1, keepdims=True)


def _percentiles(rx: np.ndarray, ry: np.ndarray, resamples: int) -> tuple[float, float]:
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (rx * ry).sum(axis=1) / np.sqrt((rx**2).sum(axis=1) * (ry**2).sum(axis=1))
    rho = rho[np.isfinite(rho)]  # a resample with a constant column has no rho
    if rho.size < resamples // 2:
        return math.nan, math.nan
    low, high = np.percentile(rho, [2.5, 97.5])
    return float(low), float(high)


class RhoBootstrap:
    """Bootstrap intervals of Spearman's rho for every (outcome, parameter) of a sweep,
    over one set of resamples of the design points: each parameter's resampled ranks are
    computed once and kept, each outcome's once while its pairs are asked for in a row
    (one outcome's ranks in memory at a time: resamples x points numbers each). A pair
    with a missing value at some point draws resamples of its own finite points
    (:func:`rho_interval`)."""

    def __init__(self, points: pd.DataFrame, rng: np.random.Generator,
                 resamples: int = RHO_RESAMPLES) -> None:
        self.points, self.rng, self.resamples = points, rng, resamples
        self.idx = rng.integers(0, len(points), size=(resamples, len(points)))
        self._parameters: dict[str, np.ndarray] = {}
        self._outcome: tuple[str, np.ndarray] | None = None

    def _ranks(self, name: str) -> np.ndarray:
        return _centred(self.points[name].to_numpy(float), self.idx)

    def _parameter(self, name: str) -> np.ndarray:
        if name not in self._parameters:
            self._parameters[name] = self._ranks(name)
        return self._parameters[name]

    def _column(self, name: str) -> np.ndarray:
        if self._outcome is None or self._outcome[0] != name:
            self._outcome = (name, self._ranks(name))
        return self._outcome[1]

    def interval(self, parameter: str, column: str) -> tuple[float, float]:
        """The interval of rho between ``parameter`` and the ``column`` of point means."""
        x, y = self.points[parameter].to_numpy(float), self.points[column].to_numpy(float)
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            return rho_interval(x, y, self.rng, self.resamples)
        if x.size < 3:
            return math.nan, math.nan
        return _percentiles(self._parameter(parameter), self._column(column), self.resamples)


def sweep_effects(points: pd.DataFrame, factors: Sequence[str]) -> pd.DataFrame:
    """Per (outcome, parameter): Spearman's rho of the points' means on the parameter,
    and the parameter's rank for that outcome (1 = strongest |rho|)."""
    rows = [{"outcome": o, "parameter": f,
             "rho": _rho(points[f].to_numpy(float), points[f"{o}_mean"].to_numpy(float))}
            for o in point_outcomes(points) for f in factors]
    table = pd.DataFrame(rows, columns=["outcome", "parameter", "rho"])
    table["rank"] = table.groupby("outcome")["rho"].transform(
        lambda r: r.abs().rank(ascending=False, method="first")).astype("Int64")
    return table


def _separator(lang: Lang) -> str:
    """Between the parameters of a summary line (their words may hold commas)."""
    return " ; " if lang == "fr" else "; "


def _sign(x: float) -> str:
    return "—" if not math.isfinite(x) else ("+" if x > 0 else ("−" if x < 0 else "0"))


def sweep_lines(points: pd.DataFrame, factors: Sequence[str], lang: Lang,
                top: int = TOP) -> list[str]:
    """The sweep's end summary, one line per outcome."""
    effects = sweep_effects(points, factors)
    bootstrap = RhoBootstrap(points, np.random.default_rng(np.random.SeedSequence(RHO_SEED)))
    # per outcome, in stored order: (rank, parameter, rho) of the parameters with a rho
    ranked: dict[str, list[tuple[int, str, float]]] = {}
    for outcome, parameter, rho, rank in zip(effects["outcome"], effects["parameter"],
                                             effects["rho"], effects["rank"], strict=True):
        entries = ranked.setdefault(str(outcome), [])
        if not math.isnan(rho):
            entries.append((int(rank), str(parameter), float(rho)))
    lines = [say("head.sweep", lang)]
    for outcome, entries in ranked.items():
        label = outcome_label(outcome, lang)
        if not entries:
            lines.append(f"  {label}{colon(lang)} {say('flat', lang)}")
            continue
        parts = []
        for _, parameter, rho in sorted(entries)[:top]:
            low, high = bootstrap.interval(parameter, f"{outcome}_mean")
            mean, interval = estimate(rho, low, high, lang)
            mark = " *" if low > 0 or high < 0 else ""
            parts.append(f"{param_phrase(parameter, lang)} {_sign(rho)} "
                         f"(rho {mean} {interval}{mark})")
        lines.append(f"  {label}{colon(lang)} " + _separator(lang).join(parts))
    return lines


def _signs(indices: pd.DataFrame, method: str, points: pd.DataFrame | None,
           factors: Sequence[str]) -> dict[tuple[str, str], str]:
    if method == "morris":
        out = {}
        star = indices[indices["index"] == "mu_star"].set_index(["outcome", "parameter"])["value"]
        for r in indices[indices["index"] == "mu"].itertuples():
            s = float(star.get((r.outcome, r.parameter), math.nan))
            out[(r.outcome, r.parameter)] = "±" if abs(r.value) < s / 2 else _sign(r.value)
        return out
    if points is None:
        return {}
    effects = sweep_effects(points, factors)
    return {(r.outcome, r.parameter): _sign(r.rho) for r in effects.itertuples()}


def sensitivity_lines(indices: pd.DataFrame, method: str, lang: Lang, *,
                      points: pd.DataFrame | None = None, factors: Sequence[str] = (),
                      skipped: Mapping[str, str] | None = None,
                      unseparated: Mapping[str, Any] | None = None, top: int = TOP) -> list[str]:
    """The sensitivity analysis' end summary, one line per outcome (and the rankings the
    intervals cannot separate)."""
    ranked_by = "ST" if method == "sobol" else "mu_star"
    signs = _signs(indices, method, points, factors)
    shown = ranked_by.replace("mu_star", "mu*")
    lines = [say(f"head.{method}", lang)]
    mu = indices[indices["index"] == "mu"].set_index(["outcome", "parameter"])["value"]
    for outcome, group in indices[indices["index"] == ranked_by].groupby("outcome", sort=False):
        label = f"{outcome_label(str(outcome), lang)} ({outcome_unit(str(outcome), lang)})"
        parts = []
        for r in group.sort_values("rank").head(top).itertuples():
            value, interval = estimate(r.value, r.ci_low, r.ci_high, lang)
            extra = ""
            if method == "morris":
                extra = f", mu {estimate(float(mu.get((r.outcome, r.parameter), math.nan)), r.ci_low, r.ci_high, lang)[0]}"
            parts.append(f"{param_phrase(str(r.parameter), lang)} "
                         f"{signs.get((r.outcome, r.parameter), '')} "
                         f"({shown} {value} {interval}{extra})")
        lines.append(f"  {label}{colon(lang)} " + _separator(lang).join(parts))
        pairs = (unseparated or {}).get(str(outcome))
        if pairs:
            tied = _separator(lang).join(f"{param_phrase(a, lang)} ~ {param_phrase(b, lang)}"
                                         for a, b in pairs)
            lines.append("    " + say("tied", lang, pairs=tied))
    lines += [f"  {outcome_label(o, lang)}{colon(lang)} {say('skipped', lang, reason=in_words(why, lang))}"
              for o, why in (skipped or {}).items()]
    return lines


def ranges_line(factors: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    """The design's parameters and the ranges they were varied over, each in words with
    the name ``--params`` takes for it (``staff_turnover_rate``); the summary lines below
    name them in words only."""
    text = _separator(lang).join(f"{param_label(f['name'], lang)} ({f['name']}) "
                    f"{number(f['low'], lang)}–{number(f['high'], lang)}" for f in factors)
    return say("ranges", lang, ranges=text)
