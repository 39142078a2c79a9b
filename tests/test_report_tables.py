"""Intervals and rounding of the readable tables."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.outcomes import OUTCOME_NAMES
from sim.report.tables import changes_text, estimate, run_text
from sim.run.stats import bootstrap_interval, decimals, paired_contrast


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=5), st.integers(0, 2**31))
def test_share_intervals_stay_in_0_1_on_few_replicates(values, seed):
    mean, low, high = bootstrap_interval(np.array(values), np.random.default_rng(seed))
    assert 0.0 <= low <= mean + 1e-12
    assert mean - 1e-12 <= high <= 1.0


def test_one_value_has_no_interval_and_equal_values_a_point():
    rng = np.random.default_rng(0)
    assert math.isnan(bootstrap_interval(np.array([0.3]), rng)[1])
    assert bootstrap_interval(np.array([2.0, 2.0, 2.0]), rng) == (2.0, 2.0, 2.0)
    assert all(math.isnan(x) for x in bootstrap_interval(np.array([math.nan]), rng))


def test_rounding_follows_the_interval():
    assert decimals(0.9, 1.0) == 2  # two significant figures of the width
    assert decimals(0.902, 1.0) == 3
    assert decimals(19.0, 33.0) == 0
    assert estimate(0.95, 0.875, 1.0, "fr") == ("0,95", "[0,88 ; 1,00]")
    assert estimate(-2.78e-18, -0.01, 0.01, "en") == ("0.000", "[-0.010, 0.010]")
    # an interval that excludes 0 never shows a bound of 0
    assert estimate(-0.026, -0.055, -0.0003, "en") == ("-0.0260", "[-0.0550, -0.0003]")
    assert estimate(0.02, 0.0004, 0.04, "fr") == ("0,0200", "[0,0004 ; 0,0400]")
    assert estimate(-0.026, -0.055, 0.0003, "en") == ("-0.026", "[-0.055, 0.000]")  # crosses 0


def test_identical_pairs_count_as_same_not_as_zero_percent_better():
    base = pd.DataFrame({name: [1.0, 2.0, 3.0] for name in OUTCOME_NAMES})
    rows = paired_contrast(base, base.copy(), np.random.default_rng(1))
    assert (rows["same"] == 3).all()
    assert (rows["better"] == 0).all()
    assert not rows["excludes_zero"].any()


def test_rows_say_how_many_replicates_they_rest_on():
    table = pd.DataFrame({name: [1.0, math.nan, 3.0] for name in OUTCOME_NAMES})
    from sim.run.stats import summarise  # noqa: PLC0415

    summary = summarise(table, np.random.default_rng(2))
    assert (summary["n"] == 2).all()
    meta = {"scenario": {"name": "t"}, "replicates": 3, "weeks": 5, "seed": 1,
            "structure": {"hlm": 1, "households": 1, "workers": 1, "worker_employer": "ciusss",
                          "partners": 2, "committees": [], "mediators": [], "origin": "crisis"}}
    text = run_text(summary, meta, "fr")
    assert "1 ménage," in text
    assert "1 intervenant·e (CIUSSS" in text
    assert "né d'une crise" in text


def test_sweep_rank_correlations_come_with_a_bootstrap_interval_and_a_mark():

    from sim.report.study import rho_interval, sweep_lines  # noqa: PLC0415

    rng = np.random.default_rng(5)
    x = np.linspace(0, 1, 40)
    low, high = rho_interval(x, x**2, rng)
    assert low == high == pytest.approx(1.0)  # monotone: every resample ranks alike
    low, high = rho_interval(x, rng.permutation(x), rng)
    assert low < 0 < high  # unrelated: the interval straddles 0
    points = pd.DataFrame({"a": x, "isolation_rate_mean": 1 - x, "resident_trust_mean": rng.random(40)})
    lines = sweep_lines(points, ["a"], "en")
    iso = next(line for line in lines if "isolated households" in line)
    assert "rho -1.00 [-1.00, -1.00] *" in iso
    trust = next(line for line in lines if "trust" in line)
    assert "*" not in trust.split("rho")[1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([-1.5, -0.0, 0.0, 0.25, 0.5, 2.0, 1e9]), min_size=3, max_size=40),
       st.integers(0, 2 ** 32 - 1))
def test_the_sweep_ranks_and_rho_are_scipys_numbers_bit_for_bit(values, seed):
    # The summary computes them without scipy.stats (0.5 s of a sweep's start-up): the
    # same ranks (ties share their mean rank) and the same rho, to the last bit.
    from scipy import stats  # noqa: PLC0415

    from sim.report.study import average_ranks, resampled_ranks, spearman  # noqa: PLC0415

    rng = np.random.default_rng(seed)
    x = np.asarray(values)
    y = rng.permutation(x) + rng.integers(0, 3, x.size)
    assert np.array_equal(average_ranks(x), stats.rankdata(x))
    idx = rng.integers(0, x.size, size=(50, x.size))
    assert np.array_equal(average_ranks(x[idx]), stats.rankdata(x[idx], axis=1))
    assert np.array_equal(resampled_ranks(x, idx), stats.rankdata(x[idx], axis=1))
    if np.ptp(x) > 0 and np.ptp(y) > 0:
        assert spearman(x, y) == float(stats.spearmanr(x, y).statistic)


def test_a_reports_changes_are_in_words_with_the_set_name_beside():
    """The report's « Changements » line names the parameter as an analyst reads it; the
    reproducible ``--set`` form stays as typed."""
    fr = changes_text({"staff_turnover_rate": 0.14}, "fr", words=True)
    assert fr == "roulement du personnel (staff_turnover_rate) = 0,14"
    assert changes_text({"staff_turnover_rate": 0.14}, "fr") == "staff_turnover_rate = 0,14"


def test_study_summaries_name_each_parameter_in_words_not_by_its_code_name():
    """The sweep and sensitivity summaries named the parameter by its code name
    (« projets collectifs : staff_turnover_rate + (rho 0,77 ...) »), then by its meaning's
    first sentence; they name it by its declared short name; the ranges line above them
    keeps the name ``--params`` takes."""
    from sim.report.study import ranges_line, sensitivity_lines, sweep_lines  # noqa: PLC0415

    turnover = {"en": "staff turnover", "fr": "roulement du personnel"}
    hours = {"en": "worker hours", "fr": "heures des intervenant·es"}
    x = np.linspace(0.1, 0.6, 12)
    points = pd.DataFrame({"staff_turnover_rate": x, "worker_hours": x[::-1] * 50,
                           "collective_projects_mean": x**2, "isolation_rate_mean": 1 - x})
    factors = ["staff_turnover_rate", "worker_hours"]
    indices = pd.DataFrame(
        [{"outcome": "collective_projects", "parameter": p, "index": i, "value": v,
          "ci_low": v - 0.1, "ci_high": v + 0.1, "rank": r}
         for p, r in (("staff_turnover_rate", 1), ("worker_hours", 2))
         for i, v in (("mu_star", 0.5 / r), ("mu", 0.4 / r), ("sigma", 0.1))])
    tied = {"collective_projects": [("staff_turnover_rate", "worker_hours")]}
    for lang, projects in (("en", "collective projects"), ("fr", "projets collectifs")):
        sweep = sweep_lines(points, factors, lang)
        line = next(x for x in sweep if x.startswith(f"  {projects}"))
        assert f"{projects}{' :' if lang == 'fr' else ':'} {turnover[lang]} + (rho " in line
        assert f"{hours[lang]} − (rho" in line
        assert not any(name in x for x in sweep for name in factors)
        morris = sensitivity_lines(indices, "morris", lang, points=points, factors=factors,
                                   unseparated=tied)
        line = next(x for x in morris if x.startswith(f"  {projects} ("))
        assert f"{turnover[lang]} + (mu* " in line
        assert not any(name in x for x in morris for name in factors)
        assert morris[morris.index(line) + 1].endswith(f" {turnover[lang]} ~ {hours[lang]}")
        # the ranges line gives each parameter's words with the name to type back
        ranges = ranges_line([{"name": "staff_turnover_rate", "low": 0.1, "high": 0.6}], lang)
        assert f"{turnover[lang][1:]} (staff_turnover_rate) 0" in ranges


def test_the_shared_bootstrap_gives_each_pair_its_interval():
    import math  # noqa: PLC0415

    from sim.report.study import RhoBootstrap  # noqa: PLC0415

    x = np.linspace(0, 1, 30)
    gap = x**2
    gap[4] = np.nan
    points = pd.DataFrame({"a": x, "b": x[::-1], "up_mean": x**3,
                           "noise_mean": np.random.default_rng(2).random(30), "gap_mean": gap,
                           "flat_mean": np.ones(30)})
    boot = RhoBootstrap(points, np.random.default_rng(1))
    assert boot.interval("a", "up_mean") == pytest.approx((1.0, 1.0))
    assert boot.interval("b", "up_mean") == pytest.approx((-1.0, -1.0))
    low, high = boot.interval("a", "noise_mean")
    assert low < 0 < high
    assert boot.interval("a", "up_mean") == pytest.approx((1.0, 1.0))  # back to an earlier outcome
    assert boot.interval("b", "gap_mean") == pytest.approx((-1.0, -1.0))  # its own finite points
    assert all(math.isnan(v) for v in boot.interval("a", "flat_mean"))


def test_the_result_line_names_the_validation_patterns_that_fail():
    from sim.run.patterns import result_lines  # noqa: PLC0415

    holds = [("fit-a", "calibration", True), ("val-b", "validation", False),
             ("val-c", "validation", True), ("check-d", "consistency", False)]
    assert result_lines(holds, "en") == [
        "Result: every calibration pattern passes.",
        "Validation patterns (held back from the fit) that fail: 1 of 2 (val-b)."]
    french = result_lines([("fit-a", "calibration", False), ("val-c", "validation", True)], "fr")
    assert french == ["Résultat : une régularité de calibration échoue.",
                      ("Toutes les régularités de validation (gardées à part de l'ajustement) "
                       "tiennent.")]
    assert result_lines([("fit-a", "calibration", True)], "en") == [
        "Result: every calibration pattern passes."]
