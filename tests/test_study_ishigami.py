"""Known answers through the study runner: the Ishigami function's Sobol indices.

The Ishigami function goes through exactly the path a model study takes (design,
chunked runs on an executor, the Parquet store, the per-point means, SALib's analyze
on the stored table), and its analytic indices must fall inside the bootstrap 95%
intervals.
"""

import math

import numpy as np
import pytest

from sim.study import sensitivity
from sim.study.analysis import load_points
from sim.study.design import DesignSpec, Factor
from sim.study.store import RunStore
from sim.study.study import Study, run_study
from sim.study.testfunctions import ISHIGAMI_BOUNDS, ISHIGAMI_S1, ISHIGAMI_ST, ishigami_value

ISHIGAMI = "sim.study.testfunctions:ishigami"
NAMES = ["x1", "x2", "x3"]
S2_13 = ISHIGAMI_ST[0] - ISHIGAMI_S1[0]  # the only interaction: x1 with x3


def factors():
    return tuple(Factor(n, "float", *ISHIGAMI_BOUNDS) for n in NAMES)


def ishigami_study(method, n, *, replicates=1, context=None, **design):
    spec = DesignSpec(method, factors(), n, seed=2024, **design)
    return Study(spec, replicates, 1, 7, ISHIGAMI, context or {}, context or {})


def index(table, outcome, name, parameter, parameter_2=""):
    row = table[(table.outcome == outcome) & (table["index"] == name)
                & (table.parameter == parameter) & (table.parameter_2 == parameter_2)]
    assert len(row) == 1
    return row.iloc[0]


@pytest.fixture(scope="module")
def sobol_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("ishigami") / "sobol"
    report = run_study(ishigami_study("sobol", 1024, second_order=True), out, workers=1)
    assert (report.done, report.failed, report.total) == (8192, 0, 8192)
    return out


def test_ishigami_sobol_indices_fall_inside_their_bootstrap_intervals(sobol_store):
    points = load_points(RunStore(sobol_store))
    result = sensitivity.sobol(points, seed=17)
    table = result.table
    for name, s1, st in zip(NAMES, ISHIGAMI_S1, ISHIGAMI_ST, strict=True):
        row = index(table, "y", "S1", name)
        assert row.ci_low <= s1 <= row.ci_high, (name, row.value, row.conf)
        assert row.conf < 0.1  # and the intervals are narrow enough to mean something
        row = index(table, "y", "ST", name)
        assert row.ci_low <= st <= row.ci_high, (name, row.value, row.conf)
        assert row.conf < 0.1
    row = index(table, "y", "S2", "x1", "x3")
    assert row.ci_low <= S2_13 <= row.ci_high
    for a, b in (("x1", "x2"), ("x2", "x3")):
        row = index(table, "y", "S2", a, b)
        assert row.ci_low <= 0 <= row.ci_high
    ranks = table[(table.outcome == "y") & (table["index"] == "ST")].set_index("parameter")["rank"]
    assert ranks["x3"] == 3


def test_the_store_holds_the_function_values_at_the_design_points(sobol_store):
    store = RunStore(sobol_store)
    runs = store.read_runs(["point", "x1", "x2", "x3", "y", "status"])
    assert (runs.status == "done").all()
    sample = runs.sample(50, random_state=np.random.default_rng(1).integers(2 ** 31))
    for row in sample.itertuples():
        assert row.y == ishigami_value(row.x1, row.x2, row.x3)
    design = store.read_design()
    assert np.array_equal(design["x1"].to_numpy(), design["x:x1"].to_numpy())


def test_unseparated_rankings_are_pairs_whose_intervals_overlap(sobol_store):
    result = sensitivity.sobol(load_points(RunStore(sobol_store)), seed=3)
    st = result.table[result.table["index"] == "ST"]
    for outcome, pairs in result.unseparated.items():
        rows = st[st.outcome == outcome].set_index("parameter")
        for a, b in pairs:
            assert rows.loc[a, "rank"] + 1 == rows.loc[b, "rank"]
            assert rows.loc[a, "ci_low"] <= rows.loc[b, "ci_high"]
    for outcome, rows in st.groupby("outcome"):
        ordered = rows.sort_values("rank")
        separated = [(a.parameter, b.parameter) for a, b in
                     zip(ordered.itertuples(), ordered.iloc[1:].itertuples(), strict=False)
                     if a.ci_low > b.ci_high]
        assert not set(separated) & set(result.unseparated.get(outcome, []))


def test_replicates_are_averaged_per_point_and_their_spread_kept(tmp_path):
    study = ishigami_study("sobol", 8, replicates=3, context={"noise": 0.5})
    report = run_study(study, tmp_path / "noisy", workers=1)
    assert report.done == 8 * 5 * 3
    store = RunStore(tmp_path / "noisy")
    runs = store.read_runs(["point", "replicate", "seed", "y"])
    assert sorted(runs.replicate.unique()) == [0, 1, 2]
    assert (runs.seed == 7).all()
    points = load_points(store)
    by_point = runs.groupby("point")["y"]
    assert np.allclose(points.mean["y"].to_numpy(), by_point.mean().to_numpy())
    assert np.allclose(points.sd["y"].to_numpy(), by_point.std(ddof=1).to_numpy())
    assert (points.n["y"] == 3).all()
    # common random numbers: replicate r draws the same noise at every point
    noise = runs.y - [ishigami_value(*p) for p in
                      store.read_runs(["x1", "x2", "x3"]).itertuples(index=False)]
    per_replicate = noise.groupby(runs.replicate).agg(["min", "max"])
    assert np.allclose(per_replicate["min"], per_replicate["max"])


def test_morris_measures_agree_with_salib_and_sigma_has_an_interval(tmp_path):
    run_study(ishigami_study("morris", 40), tmp_path / "morris", workers=1)
    points = load_points(RunStore(tmp_path / "morris"))
    result = sensitivity.morris(points, seed=5)
    table = result.table
    bounds = np.array([ISHIGAMI_BOUNDS] * 3)
    ee = sensitivity.elementary_effects(points.nominal, points.mean["y"].to_numpy(), bounds, 4)
    for j, name in enumerate(NAMES):
        assert math.isclose(index(table, "y", "mu_star", name).value, np.abs(ee[j]).mean())
        sigma = index(table, "y", "sigma", name)
        assert math.isclose(sigma.value, ee[j].std(ddof=1))
        assert sigma.ci_low <= sigma.value <= sigma.ci_high
        assert sigma.conf > 0
    # x3 acts only through its interaction with x1: mu* far from zero, mu near zero
    assert abs(index(table, "y", "mu", "x3").value) < index(table, "y", "mu_star", "x3").value


def test_an_outcome_undefined_at_some_point_is_skipped_with_its_reason(tmp_path):
    study = ishigami_study("sobol", 4, context={"fail_above": 0.0})
    report = run_study(study, tmp_path / "fragile", workers=1)
    assert report.failed > 0
    assert report.done + report.failed == report.total
    result = sensitivity.sobol(load_points(RunStore(tmp_path / "fragile")), seed=1)
    assert set(result.skipped) == {"y", "y_abs"}
    assert "have no finite value" in result.skipped["y"]
    assert result.table.empty


def test_the_analyses_on_two_processes_give_the_same_numbers(sobol_store, tmp_path, monkeypatch):
    run_study(ishigami_study("morris", 40), tmp_path / "morris", workers=1)
    stores = {"sobol": sobol_store, "morris": tmp_path / "morris"}
    calls = []

    def spy(task, items, workers):
        calls.append(workers)
        return real(task, items, workers)

    real = sensitivity.map_local
    monkeypatch.setattr(sensitivity, "map_local", spy)
    monkeypatch.setattr(sensitivity, "PARALLEL_WORK", 0)  # parallel even on this small design
    for method, out in stores.items():
        points = load_points(RunStore(out))
        analyse = getattr(sensitivity, method)
        one, two = analyse(points, seed=3, workers=1), analyse(points, seed=3, workers=2)
        assert one.table.equals(two.table), method
        assert (one.skipped, one.unseparated) == (two.skipped, two.unseparated)
    assert calls == [1, 2, 1, 2]
