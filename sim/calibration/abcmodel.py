"""The particle as a pyabc model, and the threshold schedule.

**The model.** A mechanism; values in, a verdict on the threshold out.

pyabc's :class:`~pyabc.IntegratedModel` lets a model decide acceptance itself, so that a
particle certain to miss the threshold stops early
(:meth:`sim.calibration.problem.Problem.evaluate`: the milieux run one after the other,
four replicates at a time). The verdict, the distance and the statistics of an accepted
particle are exactly those of the full run; only rejected particles cost less
(``benchmarks/bench_calibration.py`` measures how much; calibration/README.md gives the
figures).

**The threshold.** pyabc's median threshold stalls on this distance: shares of a few
replicates take few values, so the distance does too, and when half a population sits
exactly at the threshold the median is the threshold again (the calibration of
2026-11-29 stayed at 1.23 standard errors for its last three generations).
:class:`StrictQuantileEpsilon` then takes the next lower distance found in the
population, so each generation drops at least one level.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import pyabc

from sim.calibration.problem import MECHANISMS, Problem, ShortfallDistance, mechanism_label


class ParticleModel(pyabc.IntegratedModel):
    """One mechanism of the model selection."""

    def __init__(self, problem: Problem, mechanism: int,
                 distance: Callable[[Mapping[str, float], Mapping[str, float]], float],
                 observed: Mapping[str, float]) -> None:
        super().__init__(name=mechanism_label(MECHANISMS[mechanism]))
        self.problem, self.mechanism = problem, mechanism
        self.distance, self.observed = distance, dict(observed)

    def sample(self, pars: Mapping[str, float]) -> dict[str, float]:
        """The particle's statistics (pyabc's first threshold is set from these)."""
        return self.problem.statistics(dict(pars), MECHANISMS[self.mechanism])

    def integrated_simulate(self, pars: Mapping[str, float], eps: float) -> pyabc.ModelResult:
        """Accept the particle with its distance and statistics, or reject it as soon as
        its distance is certain to exceed ``eps``."""
        mechanism = MECHANISMS[self.mechanism]
        if isinstance(self.distance, ShortfallDistance) and not self.problem.observe:
            verdict = self.problem.evaluate(dict(pars), mechanism, self.distance, eps)
            if verdict is None:
                return pyabc.ModelResult(accepted=False)
            distance, stats = verdict
        else:
            stats = self.sample(pars)
            distance = self.distance(stats, self.observed)
        if distance > eps:
            return pyabc.ModelResult(accepted=False, distance=distance)
        return pyabc.ModelResult(accepted=True, distance=distance, sum_stat=stats)


class StrictQuantileEpsilon(pyabc.QuantileEpsilon):
    """pyabc's quantile threshold, or the next lower distance of the last population
    when that quantile is (to rounding) its largest distance.

    When every particle sits at one distance no lower level is known to be reachable, and
    the quantile stays: a threshold below every distance seen could reject every proposal
    forever.
    """

    def _update(self, t: int, weighted_distances: pd.DataFrame) -> None:
        super()._update(t, weighted_distances)
        distances = weighted_distances.distance.to_numpy(float)
        largest = float(distances.max())
        lower = distances[distances < largest]
        if (self._look_up[t] >= largest or np.isclose(self._look_up[t], largest)) and lower.size:
            self._look_up[t] = float(lower.max())
