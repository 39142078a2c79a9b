"""The calibration's sampler: one pool of warm workers for the whole fit, closed however
the fit ends, and a posterior that depends on the seed, not on the number of workers."""

import os

import pandas as pd
import pytest

import sim.calibration.fit as fit
import sim.calibration.sampler as sampler_module
from sim.calibration.problem import MECHANISMS, Problem
from sim.calibration.sampler import PoolSampler, particle_seed
from sim.study.executor import warm_pool

TRUE = {"tie_prob": 0.06, "trust_gain": 0.15}


def _problem() -> Problem:
    """Two parameters of milieu 3, no history, 12 weeks."""
    return Problem(replicates=2, shared=("tie_prob", "trust_gain"), per_milieu=(),
                   milieux=("milieu-3",), week=12, observe=("mean_ties", "resident_trust"),
                   fixed={"network_age_weeks": 0})


def _fit(folder, workers: int, seed: int = 3):
    problem = _problem()
    observed = problem.statistics(TRUE, MECHANISMS[0])
    settings = fit.Settings(population=16, generations=3, workers=workers, mechanisms=(0, 1),
                            observed=observed, seed=seed)
    fit.calibrate(problem, folder, settings, say=lambda _: None)
    return (pd.read_csv(folder / "particles.csv"),
            pd.read_csv(folder / "generations.csv").drop(columns="effective_sample_size"))


def test_the_same_seed_gives_the_same_posterior_on_one_worker_and_on_two(tmp_path, monkeypatch):
    pools = []

    def counted(workers):
        pools.append(workers)
        return warm_pool(workers)

    monkeypatch.setattr(sampler_module, "warm_pool", counted)
    one = _fit(tmp_path / "one", workers=1)
    two = _fit(tmp_path / "two", workers=2)
    assert pools == [2]  # one pool for the three generations of the fit on two workers
    assert len(one[1]) == 3
    pd.testing.assert_frame_equal(one[0], two[0])
    pd.testing.assert_frame_equal(one[1], two[1])
    other = _fit(tmp_path / "other", workers=2, seed=4)
    assert not other[0].equals(two[0])  # the seed does matter


def test_particle_seeds_differ_by_seed_generation_and_place():
    seeds = {particle_seed(s, t, i) for s in (1, 2) for t in (-1, 0, 1) for i in range(50)}
    assert len(seeds) == 2 * 3 * 50


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_the_pool_is_closed_when_the_fit_is_interrupted_or_fails(tmp_path, monkeypatch, stop):
    made: list[PoolSampler] = []
    real = fit._sampler

    def keep(settings):
        made.append(real(settings))
        return made[-1]

    seen: list[int] = []

    def interrupt(*args, **kwargs):  # after the first generation, sampled on the pool
        pool = made[0]._pool
        assert pool is not None
        seen.extend(p.pid for p in pool._processes.values())
        raise stop("stopped")

    monkeypatch.setattr(fit, "_sampler", keep)
    monkeypatch.setattr(fit, "predictive_check", interrupt)
    with pytest.raises(stop):
        _fit(tmp_path / "stopped", workers=2)
    assert len(seen) == 2
    assert made[0]._pool is None  # closed: its workers are gone
    for pid in seen:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
