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


def _model(s: float):
    def simulate(_: dict) -> dict:
        return {"s": s}

    return simulate


def _revival(abc_class, tmp_path, **extra):
    """Two models: the second misses the threshold of generation 2 (it dies out), then
    both are accepted; with every particle accepted the model posterior is the prior."""
    ranges = {"a": (0.0, 1.0), "b": (0.0, 1.0)}
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in ranges.items()})
    abc = abc_class([_model(0.0), _model(1.0)], [prior, prior], lambda x, y: abs(x["s"] - y["s"]),
                    population_size=200, sampler=pyabc.sampler.SingleCoreSampler(),
                    transitions=[DefensiveTransition(ranges) for _ in range(2)],
                    eps=pyabc.ListEpsilon([2.0, 0.5, 2.0, 2.0]), **extra)
    np.random.seed(5)  # noqa: NPY002 (pyabc draws from numpy's global generator)
    abc.new(f"sqlite:///{tmp_path / 'r.db'}", {"s": 0.0})
    return abc.run(max_nr_populations=4).get_model_probabilities()


def test_pyabc_never_brings_back_a_model_that_died_out(tmp_path):
    probabilities = _revival(pyabc.ABCSMC, tmp_path)
    assert probabilities.loc[1, 1] == 0
    assert probabilities.loc[3].get(1, 0.0) == 0  # accepted again at 2.0, never proposed


def test_the_floor_brings_it_back_with_the_weight_it_should_have(tmp_path):
    from sim.calibration.kernels import FlooredABCSMC  # noqa: PLC0415

    probabilities = _revival(FlooredABCSMC, tmp_path, floor=0.1)
    assert probabilities.loc[1, 1] == 0  # dead at the threshold it misses
    # proposed at the floor's share, weighted by prior over proposal: back to the prior
    assert probabilities.loc[3, 1] == pytest.approx(0.5, abs=0.12)


def test_a_dead_models_kernel_is_the_prior():
    import pandas as pd  # noqa: PLC0415

    ranges = {"a": (0.0, 2.0), "b": (1.0, 2.0)}
    kernel = DefensiveTransition(ranges)
    kernel.fit(pd.DataFrame({"a": [0.2, 0.4], "b": [1.5, 1.6]}), np.array([0.5, 0.5]))
    kernel.fit_prior_only()
    assert kernel.pdf(pd.Series({"b": 1.2, "a": 1.0})) == pytest.approx(0.5)
    assert kernel.pdf(pd.Series({"a": 1.0, "b": 0.5})) == 0.0
    drawn = pd.DataFrame([dict(kernel.rvs()) for _ in range(200)])
    assert drawn["a"].between(0, 2).all()
    assert drawn["b"].between(1, 2).all()
    assert drawn["a"].std() > 0.4  # spread over the prior, not around the old particles
