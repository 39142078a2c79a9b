"""Early rejection and the threshold schedule of the calibration.

A particle stops as soon as its distance is certain to exceed the threshold
(:meth:`sim.calibration.problem.Problem.evaluate`); it must reach the verdict the full
run reaches, or the posterior would change. The threshold must keep falling when the
distance takes few values (:class:`sim.calibration.abcmodel.StrictQuantileEpsilon`).
"""

import json

import numpy as np
import pandas as pd
import pytest

pyabc = pytest.importorskip("pyabc")

from sim.calibration.abcmodel import ParticleModel, StrictQuantileEpsilon  # noqa: E402
from sim.calibration.problem import MECHANISMS, Problem, ShortfallDistance, mechanism_label  # noqa: E402


def short_problem() -> Problem:
    """The four milieux and every calibration pattern, over 3 replicates of 20 weeks with
    no history: the real terms at a fraction of the cost."""
    return Problem(replicates=3, week=20, per_milieu=(), fixed={"network_age_weeks": 0})


@pytest.fixture(scope="module")
def particles():
    problem = short_problem()
    rng = np.random.default_rng(7)
    drawn = [{k: rng.uniform(lo, hi) for k, (lo, hi) in problem.prior_ranges().items()}
             for _ in range(8)]
    distance = ShortfallDistance(problem.standard_errors())
    full = [distance(problem.statistics(p, MECHANISMS[i % 4]), problem.targets())
            for i, p in enumerate(drawn)]
    return problem, drawn, distance, full


def test_early_rejection_reaches_the_full_runs_verdict(particles):
    problem, drawn, distance, full = particles
    stopped = completed = 0
    for eps in (0.0, float(np.median(full)), max(full)):
        for i, particle in enumerate(drawn):
            verdict = problem.evaluate(particle, MECHANISMS[i % 4], distance, eps)
            if verdict is None:
                assert full[i] > eps
                stopped += 1
            else:
                assert verdict[0] == pytest.approx(full[i])
                assert verdict[1] == problem.statistics(particle, MECHANISMS[i % 4])
                completed += 1
    assert stopped > 0  # both ways of ending were exercised
    assert completed > 0


def _spy_on_runs(monkeypatch):
    ran = []
    original = Problem._runs

    def spy(self, particle, mechanism, milieux, replicates=None, seed=None):
        ran.append((milieux, replicates))
        return original(self, particle, mechanism, milieux, replicates, seed)

    monkeypatch.setattr(Problem, "_runs", spy)
    return ran


def test_a_hopeless_particle_runs_one_batch_of_one_milieu(particles, monkeypatch):
    problem, drawn, distance, _ = particles
    ran = _spy_on_runs(monkeypatch)
    # no particle clears every target by 10 standard errors
    assert problem.evaluate(drawn[0], MECHANISMS[0], distance, -10.0) is None
    # milieu 4 rejects the most particles per second of running (REJECTION_ORDER)
    assert ran == [(("milieu-4",), range(3))]
    ran.clear()
    assert problem.evaluate(drawn[0], MECHANISMS[0], distance, float("inf")) is not None
    assert sorted(m for (m,), _ in ran) == list(problem.milieux)


def test_rejection_can_stop_within_a_milieu(monkeypatch):
    """With 8 replicates, milieu 4 runs in two batches of 4: a particle that cannot meet
    the threshold after the first stops there, with the full run's verdict."""
    problem = Problem(replicates=8, week=20, per_milieu=(), fixed={"network_age_weeks": 0})
    distance = ShortfallDistance(problem.standard_errors())
    rng = np.random.default_rng(3)
    particle = {k: rng.uniform(lo, hi) for k, (lo, hi) in problem.prior_ranges().items()}
    ran = _spy_on_runs(monkeypatch)
    assert problem.evaluate(particle, MECHANISMS[1], distance, -10.0) is None
    assert ran == [(("milieu-4",), range(4))]
    assert distance(problem.statistics(particle, MECHANISMS[1]), problem.targets()) > -10.0


def test_the_verdict_does_not_depend_on_the_order_of_the_milieux(particles, monkeypatch):
    problem, drawn, distance, full = particles
    orders = (list(problem.milieux), list(reversed(problem.milieux)))
    verdicts = []
    for order in orders:
        monkeypatch.setattr(problem, "rejection_order", lambda order=order: order)
        verdicts.append([problem.evaluate(p, MECHANISMS[i % 4], distance, eps)
                         for eps in (0.0, float(np.median(full)), max(full))
                         for i, p in enumerate(drawn)])
    assert verdicts[0] == verdicts[1]
    assert any(v is None for v in verdicts[0])
    assert any(v is not None for v in verdicts[0])


def test_a_milieu_left_out_of_the_rejection_order_still_runs():
    problem = Problem(replicates=2, week=10, milieux=("milieu-2", "milieu-1"), per_milieu=(),
                      fixed={"network_age_weeks": 0})
    assert problem.rejection_order() == ["milieu-1", "milieu-2"]


def test_the_pyabc_model_accepts_exactly_below_the_threshold(particles):
    problem, drawn, distance, full = particles
    model = ParticleModel(problem, 0, distance, problem.targets())
    for particle, d in zip(drawn[::4], full[::4], strict=True):
        assert model.integrated_simulate(particle, d).accepted
        assert not model.integrated_simulate(particle, np.nextafter(d, -1.0)).accepted


def _threshold(epsilon, distances):
    frame = pd.DataFrame({"distance": distances, "w": np.ones(len(distances))})
    epsilon._update(1, frame)
    return epsilon(1)


def test_the_threshold_drops_below_a_level_that_holds_half_the_population():
    # shares of 8 replicates take few values: here 3 of 5 particles sit at 1.23
    distances = [0.0, 0.46, 1.23, 1.23, 1.23]
    assert _threshold(pyabc.QuantileEpsilon(alpha=0.5), distances) == pytest.approx(1.23)  # stalls
    assert _threshold(StrictQuantileEpsilon(alpha=0.5), distances) == pytest.approx(0.46)


def test_the_threshold_stays_when_no_lower_level_is_known():
    # below every distance seen, no proposal might ever be accepted: keep the quantile
    assert _threshold(StrictQuantileEpsilon(alpha=0.5), [2.0] * 5) == pytest.approx(2.0)


def test_the_threshold_is_the_quantile_when_that_already_falls():
    distances = [0.0, 0.2, 0.5, 0.9, 1.2]
    assert _threshold(StrictQuantileEpsilon(alpha=0.5), distances) == pytest.approx(
        _threshold(pyabc.QuantileEpsilon(alpha=0.5), distances))


@pytest.fixture(scope="module")
def tiny_fit(tmp_path_factory):
    """A real (pattern) calibration in seconds: two mechanisms, 2 replicates of 10 weeks,
    no history, 12 particles, one generation."""
    from sim.calibration.fit import Settings, calibrate  # noqa: PLC0415

    problem = Problem(replicates=2, week=10, per_milieu=(), fixed={"network_age_weeks": 0})
    folder = tmp_path_factory.mktemp("check") / "tiny"
    calibrate(problem, folder, Settings(population=12, generations=1, workers=1, mechanisms=(0, 1)),
              say=lambda _: None)
    return folder


def test_the_posterior_check_gives_each_mechanisms_mean_share_against_its_target(tiny_fit):
    from sim.calibration.check import check, markdown  # noqa: PLC0415

    table = check(tiny_fit, replicates=2, workers=1)
    terms = Problem(replicates=2).targets()
    for _, rows in table.groupby("mechanism"):
        assert sorted(rows["term"]) == sorted(terms)
        assert rows["share"].between(0, 1).all()
    assert (table["meets"] == (table["share"] >= table["target"])).all()
    assert table.equals(check(tiny_fit, replicates=2, workers=2))  # fresh seeds, fixed ones
    text = markdown(table)
    assert "every term met" in text
    assert "ABC probability" in text


def test_the_posterior_check_refuses_a_generation_the_run_does_not_have(tiny_fit):
    from sim.calibration.check import main  # noqa: PLC0415

    assert main([str(tiny_fit), "--generation", "5", "--workers", "1"]) == 2


def test_the_posterior_check_names_a_folder_that_is_not_a_calibration(tmp_path, capsys):
    from sim.calibration.check import main  # noqa: PLC0415

    assert main([str(tmp_path), "--workers", "1"]) == 2
    assert "not a calibration folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_the_predictive_check_stops_the_fit_only_with_every_pattern_clear(tiny_fit, monkeypatch):
    import sim.calibration.fit as fit  # noqa: PLC0415

    monkeypatch.setattr(fit, "MIN_EFFECTIVE", 1)  # 12 particles between two mechanisms
    (tiny_fit / fit.CHECK_FILE).unlink(missing_ok=True)
    said = []
    loose = fit.Settings(stop_margin=-1.0, check_replicates=1, workers=1)  # every share clears -1
    checked = fit.predictive_check(tiny_fit, loose, 1, 0.0, said.append)
    assert checked.passed
    assert checked.mechanism in {mechanism_label(MECHANISMS[m]) for m in (0, 1)}
    assert "stop" in said[-1]
    assert pd.read_csv(tiny_fit / fit.CHECK_FILE)["generation"].eq(1).all()  # the table is kept
    strict = fit.Settings(stop_margin=1.0, check_replicates=1, workers=1)  # no share clears 1 + target
    checked = fit.predictive_check(tiny_fit, strict, 1, 0.0, said.append)
    assert not checked.passed
    assert checked.mechanism is not None  # the closest, named
    assert "closest" in said[-1]
    # above a threshold of 0, or with the check off, it does not even run
    n = len(said)
    assert fit.predictive_check(tiny_fit, loose, 1, 0.5, said.append) is None
    assert fit.predictive_check(tiny_fit, fit.Settings(stop_margin=None), 1, -1.0, said.append) is None
    assert len(said) == n


def _check_table(generation, shares):
    """A check table: mechanisms a, b, c with two terms each, target 0.7."""
    return pd.DataFrame({"generation": generation, "mechanism": ["a", "a", "b", "b", "c", "c"],
                         "probability": [0.7, 0.7, 0.2, 0.2, 0.1, 0.1],
                         "particles": [30, 30, 60, 60, 5, 5], "effective": [20, 20, 40, 40, 3, 3],
                         "term": ["x", "y"] * 3, "share": shares, "target": [0.7] * 6,
                         "margin": [v - 0.7 for v in shares]})


def test_the_predictive_check_prefers_a_mechanism_that_clears_the_patterns_over_abc():
    from sim.calibration.fit import Settings, _verdict  # noqa: PLC0415

    # "a" is ABC's favourite but short on y; "c" clears everything on 3 effective particles
    table = _check_table(3, [0.95, 0.6, 0.8, 0.8, 0.99, 0.99])
    checked = _verdict(table, Settings(stop_margin=0.05))
    assert (checked.mechanism, checked.passed) == ("b", True)
    assert checked.lowest == pytest.approx(0.1)
    # with no mechanism clearing the margin, the closest judged one is named
    checked = _verdict(table, Settings(stop_margin=0.2))
    assert (checked.mechanism, checked.passed) == ("b", False)


def test_the_best_check_of_a_folder_is_the_closest(tmp_path):
    from sim.calibration.fit import CHECK_FILE, Settings, best_check  # noqa: PLC0415

    pd.concat([_check_table(2, [0.7, 0.72, 0.7, 0.71, 0.9, 0.9]),
               _check_table(3, [0.7, 0.75, 0.73, 0.74, 0.9, 0.9]),
               _check_table(4, [0.7, 0.6, 0.72, 0.7, 0.9, 0.9])]).to_csv(tmp_path / CHECK_FILE, index=False)
    best = best_check(tmp_path, Settings(stop_margin=0.05))
    assert (best.generation, best.mechanism, best.passed) == (3, "b", False)
    assert best.lowest == pytest.approx(0.03)


def _fit_with_checks(tmp_path, monkeypatch, lowest, name):
    """A real fit whose predictive checks (from generation 1) give these lowest margins
    in turn, for the one mechanism; returns the folder and the generations checked."""
    import sim.calibration.fit as fit  # noqa: PLC0415

    asked = []
    label = mechanism_label(MECHANISMS[1])

    def checked(folder, settings, generation, eps, say, pool=None):
        asked.append(generation)
        margin = lowest[generation - 1]
        return fit.Checked(generation, label, margin, margin >= settings.stop_margin)

    monkeypatch.setattr(fit, "predictive_check", checked)
    # the real patterns and history (on shortened ones every particle misses a term by the
    # same whole target, and the threshold cannot fall), three replicates
    problem = Problem(replicates=3)
    settings = fit.Settings(population=8, generations=5, workers=1, mechanisms=(1,),
                            min_epsilon=-10.0)
    folder = fit.calibrate(problem, tmp_path / name, settings, say=lambda _: None)
    return folder, asked, problem, settings


def test_a_fit_stops_at_the_generation_whose_check_passes(tmp_path, monkeypatch):
    import sim.calibration.fit as fit  # noqa: PLC0415

    folder, asked, problem, settings = _fit_with_checks(tmp_path, monkeypatch, [-0.1, 0.06], "stops")
    assert asked == [1, 2]
    epsilon = pd.read_csv(folder / "generations.csv")["epsilon"]
    assert len(epsilon) == 2
    assert epsilon[1] < epsilon[0]  # the second generation's threshold comes from the first
    stages = json.loads((folder / "stages.json").read_text(encoding="utf-8"))
    assert (stages["preferred_by"], stages["generation"]) == ("predictive check", 2)
    # the same command again rewrites the outputs of the finished run, without extending it
    fit.calibrate(problem, folder, settings, say=lambda _: None)
    assert asked == [1, 2]


def test_a_fit_stops_when_its_check_gets_no_closer_and_keeps_the_best_generation(tmp_path, monkeypatch):
    import pyabc  # noqa: PLC0415

    folder, asked, _, _ = _fit_with_checks(tmp_path, monkeypatch, [-0.1, -0.02, -0.03, 0.2], "plateau")
    assert asked == [1, 2, 3]  # the third is no closer than the second: stop
    stages = json.loads((folder / "stages.json").read_text(encoding="utf-8"))
    assert stages["generation"] == 2
    history = pyabc.History(f"sqlite:///{folder / 'pyabc.db'}", _id=int(stages["run"]))
    kept, _ = history.get_distribution(m=0, t=1)
    written = pd.read_csv(folder / "particles.csv")
    assert np.allclose(written[kept.columns].to_numpy(), kept.to_numpy())
