"""The calibration's kernel keeps importance weights balanced in 14 dimensions.

When every particle is accepted the ABC posterior is the prior, so a sound kernel leaves
the weights nearly equal and the model probabilities near their prior. pyabc's plain
Gaussian kernel does not, in as many dimensions as the joint calibration fits: this is
the failure (an effective sample of a few particles) that
:class:`sim.calibration.kernels.DefensiveTransition` exists to prevent.
"""

import numpy as np
import pytest

pyabc = pytest.importorskip("pyabc")

from sim.calibration.kernels import DefensiveTransition  # noqa: E402

DIMENSIONS = 14
RANGES = {f"x{i}": (0.0, 2.0) for i in range(DIMENSIONS)}


def _accept_all(_: dict) -> dict:
    return {"s": 0.0}


def _ess_after_generations(transition: object, models: int, tmp_path, generations: int = 3):
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in RANGES.items()})
    abc = pyabc.ABCSMC([_accept_all] * models, [prior] * models, lambda x, y: 0.0,
                       population_size=100, sampler=pyabc.sampler.SingleCoreSampler(),
                       transitions=[transition() for _ in range(models)],
                       eps=pyabc.ListEpsilon([1.0] * generations))
    np.random.seed(3)  # noqa: NPY002 (pyabc draws from numpy's global generator)
    history = abc.new(f"sqlite:///{tmp_path / 'k.db'}", {"s": 0.0})
    history = abc.run(max_nr_populations=generations)
    w = history.get_weighted_distances()["w"].to_numpy()
    return w.sum() ** 2 / np.sum(w**2), history.get_model_probabilities().iloc[-1].to_numpy()


def test_the_defensive_kernel_keeps_the_weights_balanced(tmp_path):
    ess, probabilities = _ess_after_generations(lambda: DefensiveTransition(RANGES), 2, tmp_path)
    assert ess > 60
    assert probabilities == pytest.approx([0.5, 0.5], abs=0.2)


def test_the_plain_gaussian_kernel_collapses_in_as_many_dimensions(tmp_path):
    ess, _ = _ess_after_generations(pyabc.MultivariateNormalTransition, 1, tmp_path)
    assert ess < 40


def test_the_mixture_density_counts_both_parts():
    import pandas as pd  # noqa: PLC0415

    particles, weights = pd.DataFrame({"a": [0.2, 0.6, 0.9]}), np.array([0.2, 0.3, 0.5])
    kernel = DefensiveTransition({"a": (0.0, 1.0)}, prior_share=0.25)
    plain = pyabc.MultivariateNormalTransition()
    kernel.fit(particles, weights)
    plain.fit(particles, weights)
    for x, prior in ((0.5, 1.0), (1.3, 0.0)):  # inside the prior's range, then outside
        point = pd.Series({"a": x})
        assert kernel.pdf(point) == pytest.approx(0.25 * prior + 0.75 * plain.pdf(point))
    drawn = kernel.rvs(400)
    assert len(drawn) == 400
    assert drawn["a"].between(-1, 2).all()
