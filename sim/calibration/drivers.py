"""Which fitted values go with a pattern among the posterior runs or the prior draws.

``hlm-sim validate`` runs replicate ``r`` of every milieu with the posterior particle
``r`` draws (:meth:`sim.calibration.posterior.Posterior.particle`), so each run carries
the fitted values it ran with. A pattern's share is then read against them. The unit is
the particle, not the run: a particle drawn by several replicates, and run in several
milieux, gives one share (of its runs showing the pattern) and one value, so that its
runs do not count as independent evidence. For each fitted value, Spearman's rank
correlation between the particles' values and their shares is tested, the p-values of
one pattern are adjusted for the number of values tested (Benjamini-Hochberg), and the
values found at a 5% false discovery rate are reported with the share of runs showing
the pattern where the value is in its lower third and where it is in its upper third.

The prior check reads its draws the same way (each draw is its own particle): there, a
value a pattern goes with is one the pattern can inform.

What it tells a reader of the validation: a validation pattern that fails *with* such
a value fails where the posterior leaves that value open (the calibration patterns do
not pin it down, and the validation pattern would). One that fails with none found
shows no such value at the runs' number: either it fails whatever the values within the
posterior (the model's structure), or their effect is too small for that many runs. The
mechanism pair is not among the values compared (a posterior that keeps one pair has
nothing to compare; the validation table reports the pair).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.calibration.problem import SEP
from sim.params import PARAMS
from sim.run.patterns import share_interval
from sim.vocabulary import BOUNDED_UNITS, Lang, fixed, number, param_label, say, unit_name

WORDLESS_UNITS = frozenset({"factor", "Beta a", "Beta b"})
"""Declared units that name no quantity (a ratio, a shape parameter): a bound is then
written as a bare number."""
FALSE_DISCOVERY = 0.05
"""The false discovery rate at which a fitted value is said to go with a pattern."""
MOST = 3
"""At most this many values are reported per pattern, the strongest first."""


@dataclass(frozen=True)
class Third:
    """The runs in a third of a fitted value's range: the third's bound (the lower
    third's top or the upper third's bottom), the share of those runs reproducing the
    pattern, its 90% interval, and how many runs."""

    bound: float
    share: float
    low: float
    high: float
    n: int


@dataclass(frozen=True)
class Driver:
    """A fitted value that goes with a pattern: ``rho`` is Spearman's correlation
    between the particles' values and their shares of runs showing the pattern
    (positive: it holds more where the value is higher); ``q`` the adjusted p-value."""

    column: str
    rho: float
    q: float
    lower: Third
    upper: Third

    def label(self, lang: Lang) -> str:
        """The fitted value in words, with its milieu when it is one milieu's own."""
        name, _, milieu = self.column.partition(SEP)
        words = param_label(name, lang).rstrip(".")
        return f"{words} ({milieu.replace('-', ' ')})" if milieu else words


def drivers(shows: np.ndarray, values: pd.DataFrame, rate: float = FALSE_DISCOVERY,
            most: int = MOST) -> list[Driver]:
    """The fitted values (columns of ``values``, one row per run, aligned with
    ``shows``; the index names the particle each run drew) that go with the pattern at
    false discovery ``rate``, strongest first."""
    known = ~np.isnan(shows)
    held, values = shows[known] == 1.0, values.loc[known]
    if held.all() or not held.any():
        return []
    particles = values.assign(_held=held.astype(float)).groupby(level=0, sort=False)
    share = particles["_held"].mean().to_numpy()
    tested = []
    for column in values.columns:
        x = particles[column].first().to_numpy(float)
        ok = ~np.isnan(x)
        if np.unique(x[ok]).size < 2 or np.unique(share[ok]).size < 2:
            continue
        test = stats.spearmanr(x[ok], share[ok])
        tested.append((column, float(test.statistic), float(test.pvalue)))
    if not tested:
        return []
    qs = stats.false_discovery_control([p for _, _, p in tested])
    found = [Driver(column, rho, float(q), *_thirds(values[column].to_numpy(float), held))
             for (column, rho, _), q in zip(tested, qs, strict=True) if q < rate]
    return sorted(found, key=lambda d: -abs(d.rho))[:most]


def _thirds(x: np.ndarray, held: np.ndarray) -> tuple[Third, Third]:
    """The share of runs showing the pattern in the lower and upper third of ``x``."""
    held = held[~np.isnan(x)]
    x = x[~np.isnan(x)]
    top_of_lower, bottom_of_upper = np.quantile(x, [1 / 3, 2 / 3])
    out = []
    for bound, rows in ((top_of_lower, x <= top_of_lower), (bottom_of_upper, x >= bottom_of_upper)):
        share, (lo, hi), n = share_interval(held[rows].astype(float))
        out.append(Third(float(bound), share, lo, hi, n))
    return out[0], out[1]


_OVER = {"posterior": ("drivers_over_posterior", "drivers_units_posterior"),
         "prior": ("drivers_over_prior", "drivers_units_prior")}
"""What the compared runs are (heading, noun): posterior runs or prior draws."""


def drivers_lines(found: Sequence[Driver], share: float, lang: Lang,
                  over: str = "posterior") -> list[str]:
    """The values that go with the pattern, a line each with the share in their lower
    and upper thirds, under a heading; or one line saying none does (nothing when it
    holds everywhere or nowhere). ``over``: "posterior" (runs) or "prior" (draws)."""
    over_key, units_key = _OVER[over]
    units = say(units_key, lang)
    if not found:
        return [] if share in (0.0, 1.0) else [say("drivers_none", lang, units=units)]
    lines = [say("drivers_head", lang, over=say(over_key, lang))]
    for d in found:
        declared = PARAMS[d.column.partition(SEP)[0]].unit
        unit = "" if declared in BOUNDED_UNITS or declared in WORDLESS_UNITS \
            else unit_name(declared, lang)
        said = d.label(lang)
        lines.append("  - " + say("drivers_one", lang, value=said[:1].upper() + said[1:], units=units,
                                  top=_value(d.lower.bound, unit, lang),
                                  bottom=_value(d.upper.bound, unit, lang),
                                  lower=fixed(d.lower.share, 2, lang),
                                  upper=fixed(d.upper.share, 2, lang),
                                  lower_ci=_ci(d.lower, lang), upper_ci=_ci(d.upper, lang)))
    return lines


def _value(x: float, unit: str, lang: Lang) -> str:
    """A third's bound to two significant figures, with its unit."""
    text = number(float(f"{x:.2g}"), lang)
    return f"{text} {unit}" if unit else text


def _ci(third: Third, lang: Lang) -> str:
    sep = ", " if lang == "en" else " ; "
    return f"[{fixed(third.low, 2, lang)}{sep}{fixed(third.high, 2, lang)}]"


def as_json(found: Sequence[Driver]) -> list[dict[str, Any]]:
    """The drivers as JSON-ready records (``validation.json``)."""
    return [{"value": d.column, "label": d.label("en"), "label_fr": d.label("fr"),
             "rho": d.rho, "q": d.q,
             "lower_third": {"up_to": d.lower.bound, "share": d.lower.share,
                             "interval_90": [d.lower.low, d.lower.high], "runs": d.lower.n},
             "upper_third": {"from": d.upper.bound, "share": d.upper.share,
                             "interval_90": [d.upper.low, d.upper.high], "runs": d.upper.n}}
            for d in found]


def from_json(records: Sequence[dict[str, Any]]) -> list[Driver]:
    """The drivers back from their :func:`as_json` records."""
    return [Driver(str(r["value"]), float(r["rho"]), float(r["q"]),
                   _third(r["lower_third"], "up_to"), _third(r["upper_third"], "from"))
            for r in records]


def _third(record: dict[str, Any], bound: str) -> Third:
    low, high = record["interval_90"]
    return Third(float(record[bound]), float(record["share"]), float(low), float(high),
                 int(record["runs"]))
