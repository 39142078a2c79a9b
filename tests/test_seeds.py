"""A model choice that replicates: seeds combined (sim/calibration/seeds.py) and the
milieu files' particle (sim/calibration/central.py)."""

import json

import numpy as np
import pandas as pd
import pytest

import sim.calibration.confirm as confirm_module
from sim.calibration.central import central_order
from sim.calibration.problem import Problem
from sim.calibration.seeds import combine, mixture, passing_pairs
from sim.errors import InputError
from sim.scenario import find_scenario, load_scenario

A, B, C = "framing+with_worker", "framing+with_employer", "resolution_only+with_worker"


def particles(**pairs):
    """Particles of each pair: ``pair=(count, value)``."""
    rows = []
    for pair, (n, value) in pairs.items():
        rows += [{"mechanism": pair, "weight": 1.0 / n, "x": value + k} for k in range(n)]
    return pd.DataFrame(rows)


def test_agreeing_seeds_pool_the_agreed_pair_each_seed_weighing_the_same():
    records = [{"folder": "seed-1", "preferred": A, "passing": [A]},
               {"folder": "seed-2", "preferred": A, "passing": [A, B]}]
    parts = {"seed-1": particles(A=(4, 0.0), B=(6, 10.0)), "seed-2": particles(A=(2, 5.0))}
    parts = {k: v.replace({"A": A, "B": B}) for k, v in parts.items()}
    out = mixture(records, parts)
    assert set(out["mechanism"]) == {A}
    assert len(out) == 6
    assert out["weight"].sum() == pytest.approx(1.0)
    by_seed = out.groupby(out["x"] >= 5)["weight"].sum()
    assert by_seed.tolist() == pytest.approx([0.5, 0.5])


def test_disagreeing_seeds_mix_the_passing_pairs_with_their_particles_from_every_seed():
    records = [{"folder": "seed-1", "preferred": A, "passing": [A]},
               {"folder": "seed-2", "preferred": B, "passing": [B, A]},
               {"folder": "seed-3", "preferred": C, "passing": []}]
    parts = {"seed-1": particles(A=(30, 0.0), B=(70, 10.0)),
             "seed-2": particles(A=(20, 0.0), B=(80, 10.0)),
             "seed-3": particles(A=(10, 0.0), C=(90, 20.0))}
    parts = {k: v.replace({"A": A, "B": B, "C": C}) for k, v in parts.items()}
    out = mixture(records, parts)
    weights = out.groupby("mechanism")["weight"].sum()
    # A passes some check: its 30 + 20 + 10 particles, seed 3's too; B passes seed 2's
    # check, and its particles come from seeds 1 and 2 (70 + 80): 60 and 150 of 210
    assert weights[A] == pytest.approx(60 / 210)
    assert weights[B] == pytest.approx(150 / 210)
    assert C not in weights  # no seed's check passes it
    assert out["weight"].sum() == pytest.approx(1.0)
    a = out[out["mechanism"] == A]
    # within A, each seed that has A's particles weighs the same
    assert a.groupby(a.index < 30)["weight"].sum().tolist() == pytest.approx(
        [2 / 3 * 60 / 210, 1 / 3 * 60 / 210])
    assert len(a) == 60


def test_disagreeing_seeds_with_no_passing_pair_give_no_posterior():
    records = [{"folder": "s1", "preferred": A, "passing": []},
               {"folder": "s2", "preferred": B, "passing": []}]
    parts = {"s1": particles(A=(3, 0.0)).replace({"A": A}), "s2": particles(B=(3, 0.0)).replace({"B": B})}
    with pytest.raises(InputError, match="no pair passes"):
        mixture(records, parts)


def test_passing_pairs_read_the_posterior_generations_check(tmp_path):
    (tmp_path / "calibration.json").write_text(json.dumps(
        {"model_version": "x", "fitted": [], "settings": {"stop_margin": 0.05}}))
    (tmp_path / "stages.json").write_text(json.dumps({"generation": 5}))
    rows = [(4, A, 50, 0.2), (5, A, 50, 0.06), (5, A, 50, 0.3), (5, B, 50, 0.01), (5, C, 5, 0.4)]
    pd.DataFrame(rows, columns=["generation", "mechanism", "effective", "margin"]).to_csv(
        tmp_path / "check.csv", index=False)
    assert passing_pairs(tmp_path) == [A]  # B short of the margin, C too few particles


def test_combine_names_a_folder_without_seeds(tmp_path):
    with pytest.raises(InputError, match="no finished seed calibration"):
        combine(tmp_path)


def test_the_most_central_particle_of_the_heaviest_pair_comes_first():
    corners = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]] * 5, float) * np.arange(1, 21)[:, None]
    x = np.vstack([corners[:17], [[0.0, 0.0]], corners[17:]])  # symmetric: the mean is 0
    table = pd.DataFrame({"mechanism": A, "weight": 1.0, "a": x[:, 0], "b": x[:, 1]})
    light = pd.DataFrame({"mechanism": B, "weight": 0.1, "a": [0.0], "b": [0.0]})
    ordered = central_order(pd.concat([table, light], ignore_index=True), ["a", "b"])
    assert set(ordered["mechanism"]) == {A}
    assert ordered.index[0] == 17
    assert ordered["distance"].is_monotonic_increasing


def confirm_inputs():
    """A posterior of four particles of one pair and the calibration record it came from."""
    names = Problem(milieux=("milieu-1",)).names()
    rows = [{"mechanism": A, "weight": w, **dict.fromkeys(names, 0.5), "tag": i}
            for i, w in enumerate([0.1, 0.2, 0.3, 0.4])]
    meta = {"replicates": 16, "milieux": ["milieu-1"], "week": 66, "fixed": {}}
    return pd.DataFrame(rows), meta


def test_confirm_keeps_the_particles_whose_fresh_runs_show_every_pattern(monkeypatch):
    posterior, meta = confirm_inputs()
    fates = iter([0.5, -0.2, 0.0, 1.3])  # particle 0 short, 1 and 2 show every pattern, 3 short
    seen = []

    def fake_distance(job):
        seen.append(job[0].seed)
        return next(fates)

    monkeypatch.setattr(confirm_module, "_distance", fake_distance)
    kept, record = confirm_module.confirm(posterior, meta, first_seed=1, workers=1)
    assert kept["tag"].tolist() == [1, 2]
    assert kept["weight"].tolist() == pytest.approx([0.4, 0.6])  # 0.2 and 0.3, renormalised
    assert record["kept"] == 2
    assert record["particles"] == 4
    assert record["kept_by_pair"] == {A: 2}
    assert record["effective_after"] < record["effective_before"]
    assert set(seen) == {1 + confirm_module.CONFIRM_SEED}  # fresh: not the fit's seed


def test_confirm_with_no_particle_left_says_so(monkeypatch):
    posterior, meta = confirm_inputs()
    monkeypatch.setattr(confirm_module, "_distance", lambda job: 0.7)
    with pytest.raises(InputError, match="no particle of the combined posterior"):
        confirm_module.confirm(posterior, meta, first_seed=1, workers=1)


def test_confirming_runs_judge_a_particle_as_the_fit_does():
    """The fresh runs' distance is the fit's: a particle with milieu 1's network founded
    by an eager table at the start of observation shows milieu 1's good start then
    disengagement (0.88 of 16 runs); founded by a reluctant one, it does not (0 of 16)."""
    problem = Problem(milieux=("milieu-1",), replicates=16, seed=5)
    base = load_scenario(find_scenario("milieu-1")).params
    particle = {n: float(base[n.split("@")[0]]) for n in problem.names()}
    eager = particle | {"network_age_weeks@milieu-1": 4, "founding_engagement": 0.9,
                        "purpose_drift": 0.0}
    reluctant = eager | {"founding_engagement": 0.2}
    assert confirm_module._distance((problem, 1, eager)) <= 0
    assert confirm_module._distance((problem, 1, reluctant)) > 0
