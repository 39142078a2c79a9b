"""The short summary a study prints at its end: for each outcome, the parameters that
matter most and the sign of their effect.

Read from stored tables only (``points.csv``, ``indices.csv``):

- sweep: parameters ranked by the strength of their monotone association with the
  outcome over the design points (Spearman's rank correlation, :func:`scipy.stats.spearmanr`,
  of each point's mean); its sign is the sign of the effect;
- Sobol: parameters ranked by ``ST`` with its interval; the sign is the Spearman sign
  over the points (Sobol indices have none);
- Morris: parameters ranked by ``mu*`` with its interval; the sign is the sign of the
  signed mean effect ``mu`` (``±`` when ``|mu|`` is under half of ``mu*``: the effect
  changes sign across the design).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.report.tables import estimate
from sim.vocabulary import Lang, colon, in_words, number, outcome_label, outcome_unit, say

TOP = 3


def point_outcomes(points: pd.DataFrame) -> list[str]:
    """The outcomes of a ``points.csv`` (its ``NAME_mean`` columns), in stored order."""
    return [c[: -len("_mean")] for c in points.columns if c.endswith("_mean")]


def _rho(x: np.ndarray, y: np.ndarray) -> float:
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 3 or np.ptp(x[ok]) == 0 or np.ptp(y[ok]) == 0:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(stats.spearmanr(x[ok], y[ok]).statistic)


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
    rx, ry = stats.rankdata(x[idx], axis=1), stats.rankdata(y[idx], axis=1)
    rx -= rx.mean(axis=1, keepdims=True)
    ry -= ry.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (rx * ry).sum(axis=1) / np.sqrt((rx**2).sum(axis=1) * (ry**2).sum(axis=1))
    rho = rho[np.isfinite(rho)]  # a resample with a constant column has no rho
    if rho.size < resamples // 2:
        return math.nan, math.nan
    low, high = np.percentile(rho, [2.5, 97.5])
    return float(low), float(high)


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


def _sign(x: float) -> str:
    return "—" if not math.isfinite(x) else ("+" if x > 0 else ("−" if x < 0 else "0"))


def sweep_lines(points: pd.DataFrame, factors: Sequence[str], lang: Lang,
                top: int = TOP) -> list[str]:
    """The sweep's end summary, one line per outcome."""
    effects = sweep_effects(points, factors)
    rng = np.random.default_rng(np.random.SeedSequence(RHO_SEED))
    lines = [say("head.sweep", lang)]
    for outcome, group in effects.groupby("outcome", sort=False):
        label = outcome_label(str(outcome), lang)
        ranked = group.dropna(subset=["rho"]).sort_values("rank").head(top)
        if ranked.empty:
            lines.append(f"  {label}{colon(lang)} {say('flat', lang)}")
            continue
        parts = []
        for r in ranked.itertuples():
            low, high = rho_interval(points[r.parameter].to_numpy(float),
                                     points[f"{outcome}_mean"].to_numpy(float), rng)
            mean, interval = estimate(float(r.rho), low, high, lang)
            mark = " *" if low > 0 or high < 0 else ""
            parts.append(f"{r.parameter} {_sign(r.rho)} (rho {mean} {interval}{mark})")
        lines.append(f"  {label}{colon(lang)} " + ", ".join(parts))
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
            parts.append(f"{r.parameter} {signs.get((r.outcome, r.parameter), '')} "
                         f"({shown} {value} {interval}{extra})")
        lines.append(f"  {label}{colon(lang)} " + (" ; " if lang == "fr" else "; ").join(parts))
        pairs = (unseparated or {}).get(str(outcome))
        if pairs:
            lines.append("    " + say("tied", lang, pairs="; ".join(f"{a} ~ {b}" for a, b in pairs)))
    lines += [f"  {outcome_label(o, lang)}{colon(lang)} {say('skipped', lang, reason=in_words(why, lang))}"
              for o, why in (skipped or {}).items()]
    return lines


def ranges_line(factors: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    """The design's parameters and the ranges they were varied over."""
    sep = " ; " if lang == "fr" else "; "
    text = sep.join(f"{f['name']} {number(f['low'], lang)}–{number(f['high'], lang)}"
                    for f in factors)
    return say("ranges", lang, ranges=text)
