"""Early rejection and the threshold schedule of the calibration.

A particle stops as soon as its distance is certain to exceed the threshold
(:meth:`sim.calibration.problem.Problem.evaluate`); it must reach the verdict the full
run reaches, or the posterior would change. The threshold must keep falling when the
distance takes few values (:class:`sim.calibration.abcmodel.StrictQuantileEpsilon`).
"""

import numpy as np
import pandas as pd
import pytest

pyabc = pytest.importorskip("pyabc")

from sim.calibration.abcmodel import ParticleModel, StrictQuantileEpsilon  # noqa: E402
from sim.calibration.problem import MECHANISMS, Problem, ShortfallDistance  # noqa: E402


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

    def spy(self, particle, mechanism, milieux, replicates=None):
        ran.append((milieux, replicates))
        return original(self, particle, mechanism, milieux, replicates)

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


def test_the_predictive_check_stops_the_fit_only_with_every_pattern_clear(tiny_fit):
    from sim.calibration.fit import Settings, predictive_stop  # noqa: PLC0415

    said = []
    loose = Settings(stop_margin=-1.0, check_replicates=1, workers=1)  # every share clears -1
    assert predictive_stop(tiny_fit, loose, 1, 0.0, said.append)
    assert "stop" in said[-1]
    strict = Settings(stop_margin=1.0, check_replicates=1, workers=1)  # no share clears 1 + target
    assert not predictive_stop(tiny_fit, strict, 1, 0.0, said.append)
    assert "go on" in said[-1]
    # above a threshold of 0, or with the check off, it does not even run
    assert not predictive_stop(tiny_fit, loose, 1, 0.5, said.append)
    assert not predictive_stop(tiny_fit, Settings(stop_margin=None), 1, -1.0, said.append)
    assert len(said) == 2


def test_a_fit_stops_at_the_generation_whose_check_passes(tmp_path, monkeypatch):
    import sim.calibration.fit as fit  # noqa: PLC0415

    asked = []
    monkeypatch.setattr(fit, "predictive_stop", lambda folder, s, generation, eps, say:
                        asked.append(generation) or generation == 2)
    # the real patterns and history (on shortened ones every particle misses a term by the
    # same whole target, and the threshold cannot fall), three replicates
    problem = Problem(replicates=3)
    folder = fit.calibrate(problem, tmp_path / "stops", fit.Settings(
        population=8, generations=5, workers=1, mechanisms=(1,), min_epsilon=-10.0),
        say=lambda _: None)
    assert asked == [1, 2]
    epsilon = pd.read_csv(folder / "generations.csv")["epsilon"]
    assert len(epsilon) == 2
    assert epsilon[1] < epsilon[0]  # the second generation's threshold comes from the first
