"""The two slow twins in tests/reference agree: the numpy rules (the model before the
compiled kernel, whose frozen sample tests/test_kernel_distribution.py compares the kernel
with) and the household-by-household resident rules give the same outcome distributions
(two-sample Kolmogorov-Smirnov over many seeds)."""

import numpy as np
import pytest
from reference import households as reference_residents
from reference.model import HLMModel
from scipy import stats

from sim.run.runner import run_generator

SEEDS = 60
WEEKS = 40
COMPARED = ("isolation_rate", "mean_ties", "resident_trust", "residents_reached_share",
            "residents_taking_part_share", "participation_gini", "referrals_per_100",
            "residents_coorganising_share", "partners_enrolled_share")


def outcomes(scenario, rules, seeds=SEEDS):
    rows = []
    for seed in range(seeds):
        kwargs = {} if rules is None else {"resident_rules": rules}
        model = HLMModel(scenario, run_generator(1000 + seed, 0), resident_agents=False,
                         series=False, **kwargs)
        for _ in range(WEEKS):
            model.step()
        rows.append([model.latest[k] for k in COMPARED])
    return np.array(rows)


@pytest.fixture(scope="module")
def small_site(scenarios):
    # milieu 1 (three buildings of different sizes, two workers each) with a short
    # history and a busier room, so that ties, capacity limits, prior-tie lapses and
    # projects all occur and each building's activities must reach its own households
    return scenarios["milieu-1"].with_params(network_age_weeks=26, room_slots=4,
                                             activity_capacity=8, prior_tie_lapse_rate=0.5)


@pytest.fixture(scope="module")
def vectorised(small_site):
    return outcomes(small_site, None)


def test_reference_and_vectorised_rules_agree(small_site, vectorised):
    reference = outcomes(small_site, reference_residents)
    for k, name in enumerate(COMPARED):
        p = stats.ks_2samp(vectorised[:, k], reference[:, k]).pvalue
        assert p > 1e-3, f"{name}: KS p = {p:.2g}; means {vectorised[:, k].mean():.4g} vs {reference[:, k].mean():.4g}"


def test_the_comparison_detects_a_changed_rule(small_site, vectorised):
    """Power check: the same test tells apart a run whose tie rule differs."""
    changed = outcomes(small_site.with_params(tie_prob=0.05), None)
    p = stats.ks_2samp(vectorised[:, COMPARED.index("mean_ties")],
                       changed[:, COMPARED.index("mean_ties")]).pvalue
    assert p < 1e-3
