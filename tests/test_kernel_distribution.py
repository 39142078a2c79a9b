"""The compiled kernel is the same model as the numpy rules it replaced, in distribution.

``tests/data/reference_sample.csv.gz`` holds 200 replicates per milieu of every outcome at
weeks 66 and 156, frozen from the numpy rules before the kernel (kept in
``tests/reference/``; ``tests/make_reference_sample.py`` remakes it). The kernel draws its
random numbers in another order, so single runs differ and only distributions can agree:
a two-sample Kolmogorov-Smirnov test per milieu, week and outcome, with Holm's correction
for the several hundred tests at a family-wise level of 1%. A power check shows the same
procedure catches a small rule change.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.model.hlm import HLMModel
from sim.outcomes import OUTCOME_NAMES
from sim.run.runner import run_generator
from sim.scenario import load_scenario

SAMPLE = Path(__file__).with_name("data") / "reference_sample.csv.gz"
SCENARIOS = Path(__file__).with_name("data") / "reference_scenarios"
"""The milieu files the sample was made with (scenarios/ now holds calibrated values)."""
SEED = 777  # not the sample's seed: independent draws
REPLICATES = 200
WEEKS = (66, 156)
ALPHA = 0.01


def kernel_sample(scenario, name, replicates=REPLICATES, weeks=WEEKS):
    rows = []
    for r in range(replicates):
        model = HLMModel(scenario, run_generator(SEED, r), resident_agents=False, series=False)
        for week in weeks:
            model.run(week - model.week)
            rows.append({"milieu": name, "replicate": r, "week": week,
                         **{k: model.latest[k] for k in OUTCOME_NAMES}})
    return pd.DataFrame(rows)


def pvalues(a: pd.DataFrame, b: pd.DataFrame) -> dict[tuple[str, int, str], float]:
    """KS p-value per (milieu, week, outcome); values are rounded to the sample file's
    six significant digits first, so that equal values compare equal."""
    a, b = a.copy(), b.copy()
    for frame in (a, b):
        frame[list(OUTCOME_NAMES)] = frame[list(OUTCOME_NAMES)].map(lambda v: float(f"{v:.6g}"))
    out = {}
    for (milieu, week), left in a.groupby(["milieu", "week"]):
        right = b[(b["milieu"] == milieu) & (b["week"] == week)]
        for name in OUTCOME_NAMES:
            x, y = left[name].dropna().to_numpy(), right[name].dropna().to_numpy()
            if x.size < 20 or y.size < 20:
                continue
            if np.all(x == x[0]) and np.all(y == y[0]):
                out[(milieu, week, name)] = 1.0 if x[0] == y[0] else 0.0
                continue
            out[(milieu, week, name)] = float(stats.ks_2samp(x, y).pvalue)
    return out


def holm_rejects(p: dict, alpha: float = ALPHA) -> list:
    """The hypotheses Holm's step-down procedure rejects at family-wise level ``alpha``."""
    ranked = sorted(p.items(), key=lambda kv: kv[1])
    rejected = []
    for k, (key, value) in enumerate(ranked):
        if value > alpha / (len(ranked) - k):
            break
        rejected.append((key, value))
    return rejected


@pytest.fixture(scope="module")
def reference():
    return pd.read_csv(SAMPLE)


@pytest.fixture(scope="module")
def frozen():
    return {m: load_scenario(SCENARIOS / f"{m}.toml")
            for m in ("milieu-1", "milieu-2", "milieu-3", "milieu-4")}


@pytest.fixture(scope="module")
def kernel(frozen):
    return pd.concat([kernel_sample(scenario, m) for m, scenario in frozen.items()])


def test_kernel_matches_the_frozen_reference(reference, kernel):
    p = pvalues(kernel, reference)
    assert len(p) > 300
    rejected = holm_rejects(p)
    assert not rejected, "distributions differ: " + "; ".join(
        f"{m} week {w} {o}: p = {v:.2g}" for (m, w, o), v in rejected)


def test_the_procedure_catches_a_small_rule_change(frozen, reference):
    """Power check: a trust gain of 0.13 a contact instead of 0.10 (one rule, one number)
    is caught by the same corrected procedure on milieu 3 alone, on resident trust.
    (0.12 was caught against the sample frozen before the room rule changed, and is
    borderline against this one: p = 0.00018 for trust at week 66, just above Holm's
    threshold over milieu 3's outcomes.)"""
    changed = kernel_sample(frozen["milieu-3"].with_params(trust_gain=0.13), "milieu-3")
    rejected = holm_rejects(pvalues(changed, reference[reference["milieu"] == "milieu-3"]))
    assert any(o == "resident_trust" for (_, _, o), _ in rejected)
