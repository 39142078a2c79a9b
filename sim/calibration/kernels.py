"""The perturbation kernel of the calibration: pyabc's Gaussian kernel mixed with the prior.

ABC-SMC weighs each accepted particle by prior density over proposal density. With a
Gaussian kernel around 100-200 particles in 14 dimensions the proposal density varies
by orders of magnitude across the prior, and the weights collapse: in the first joint
calibration, and in a synthetic check that accepted every particle (so that the weights
should have stayed equal), one generation left an effective sample of 2 to 18 particles
of 200, and model probabilities drifted at random. Mixing a share of proposals drawn from
the prior itself bounds every weight by ``1 / prior_share`` (defensive importance
sampling, Hesterberg 1995, Technometrics 37(2)), at the cost of that share of proposals.

The same reasoning applies to the mechanisms (:class:`FlooredABCSMC`): pyabc never
proposes a mechanism again once it has no particle, so with a small population a
mechanism can die out by chance at a coarse threshold and the model selection becomes
a lottery. A floor on each mechanism's share of proposals (a dead one proposed from its
prior) keeps every mechanism in play, with the weights computed from the same mixture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyabc
from pyabc.inference_util import create_simulate_function, create_transition_pdf
from pyabc.parameters import Parameter


class DefensiveTransition(pyabc.MultivariateNormalTransition):
    """Propose from the uniform prior with probability ``prior_share``, else perturb a
    particle with pyabc's multivariate normal kernel; the density is the same mixture.

    Proposals are drawn from numpy's global generator, as pyabc's own kernels do."""

    def __init__(self, ranges: Mapping[str, tuple[float, float]], prior_share: float = 0.2) -> None:
        super().__init__()
        self.ranges = dict(ranges)
        self.prior_share = prior_share
        self.prior_only = False
        self.prior_density = 1.0 / math.prod(hi - lo for lo, hi in self.ranges.values())

    def fit(self, X: pd.DataFrame, w: np.ndarray) -> None:  # noqa: N803 (pyabc names it X)
        """Fit the Gaussian part to the population; order the prior's box like ``X``."""
        super().fit(X, w)
        self.prior_only = False
        self._lows = np.array([self.ranges[k][0] for k in X.columns])
        self._highs = np.array([self.ranges[k][1] for k in X.columns])

    def fit_prior_only(self) -> None:
        """No particle to fit (a mechanism that died out): propose from the prior alone."""
        self.X = pd.DataFrame(columns=list(self.ranges))
        self.w = np.ones(0)
        self.prior_only = True
        self._lows = np.array([lo for lo, _ in self.ranges.values()])
        self._highs = np.array([hi for _, hi in self.ranges.values()])

    def rvs_single(self) -> Parameter:
        """One proposal."""
        if self.prior_only or np.random.random() < self.prior_share:  # noqa: NPY002
            return Parameter({k: np.random.uniform(*self.ranges[k]) for k in self.X.columns})  # noqa: NPY002
        return super().rvs_single()

    def rvs(self, size: int | None = None) -> Parameter | pd.DataFrame:
        """``size`` proposals (one when ``size`` is None)."""
        if size is None:
            return self.rvs_single()
        return pd.DataFrame([dict(self.rvs_single()) for _ in range(size)], columns=self.X.columns)

    def _pdf_single(self, x: np.ndarray) -> float:
        inside = np.all((x >= self._lows) & (x <= self._highs))
        prior = self.prior_density if inside else 0.0
        if self.prior_only:
            return prior
        return self.prior_share * prior + (1 - self.prior_share) * float(super()._pdf_single(x))


class FlooredABCSMC(pyabc.ABCSMC):
    """pyabc's ABC-SMC with model selection, where every mechanism keeps at least
    ``floor`` of the proposals: the last generation's model probabilities are raised to
    ``floor`` and renormalised before a model is drawn and perturbed, and the importance
    weights use the same floored probabilities (pyabc's own functions, given the
    floored table). A mechanism with no particle left is proposed from its prior
    (:meth:`DefensiveTransition.fit_prior_only`), so it can come back if the patterns
    allow it at the current threshold.

    Why: with 60 particles, framing + contact died out at generation 6 (threshold
    2.24) in one run and framing + reception at generation 5 (2.84) in another
    (calibration/README.md, trials « population-60 »): pyabc skips a dead model for good.
    """

    def __init__(self, *args: Any, floor: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.floor = floor

    def floored(self, t: int) -> pd.DataFrame:
        """Generation ``t - 1``'s model probabilities, each raised to :attr:`floor`,
        renormalised, for every model (dead ones included)."""
        p = self.history.get_model_probabilities(t - 1)["p"]
        p = p.reindex(range(len(self.models)), fill_value=0.0).fillna(0.0).to_numpy(float)
        p = np.maximum(p, self.floor)
        return pd.DataFrame({"p": p / p.sum()}, index=pd.Index(range(len(self.models)), name="m"))

    def _create_simulate_function(self, t: int) -> Any:
        if t == 0:
            return super()._create_simulate_function(t)
        return create_simulate_function(
            t=t, model_probabilities=self.floored(t),
            model_perturbation_kernel=self.model_perturbation_kernel,
            transitions=self.transitions, model_prior=self.model_prior,
            parameter_priors=self.parameter_priors, models=self.models,
            summary_statistics=self.summary_statistics, x_0=self.x_0,
            distance_function=self.distance_function, eps=self.eps, acceptor=self.acceptor)

    def _create_transition_pdf(self, t: int, transitions: Any) -> Any:
        if t == 0:
            return super()._create_transition_pdf(t, transitions)
        return create_transition_pdf(transitions=transitions,
                                     model_probabilities=self.floored(t),
                                     model_perturbation_kernel=self.model_perturbation_kernel)

    def _fit_transitions(self, t: int) -> None:
        super()._fit_transitions(t)
        if t == 0:
            return
        alive = set(self.history.alive_models(t - 1))
        for m, transition in enumerate(self.transitions):
            if m not in alive:
                transition.fit_prior_only()
