"""Calibration by ABC-SMC: a tiny synthetic recovery, resume after a kill, posterior
what-ifs that are paired and reproducible, and bad input."""

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from tests_support import ROOT

from sim.calibration.fit import Settings, calibrate
from sim.calibration.posterior import draws_for, load_posterior
from sim.calibration.problem import MECHANISMS, SHARED, Problem, shortfall_distance
from sim.cli.main import main
from sim.errors import InputError
from sim.params import PARAMS

TRUE = {"tie_prob": 0.06, "trust_gain": 0.15}


def tiny_problem():
    """Two parameters of milieu 3, no history, 20 weeks: seconds, not minutes. The other
    fitted values are held at their declared defaults, so that the test exercises the fit,
    not whatever the latest calibration wrote into the milieu file."""
    fixed = {"network_age_weeks": 0,
             **{name: PARAMS[name].default for name in SHARED if name not in TRUE}}
    return Problem(replicates=4, shared=("tie_prob", "trust_gain"), per_milieu=(),
                   milieux=("milieu-3",), week=20, observe=("mean_ties", "resident_trust"),
                   fixed=fixed)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    problem = tiny_problem()
    observed = problem.statistics(TRUE, MECHANISMS[0])
    folder = tmp_path_factory.mktemp("cal") / "synthetic"
    calibrate(problem, folder, Settings(population=60, generations=4, workers=1,
                                        mechanisms=(0, 1), observed=observed),
              say=lambda _: None)
    return folder


def test_synthetic_data_are_recovered_within_the_90_interval(synthetic):
    """The truth lies in each 90% interval, give or take a third of its width, and the
    data constrain the two parameters together: the posterior's 90% box is under 3/4 of
    the prior's.

    A 90% interval misses the truth one time in ten, so that a strict « inside both
    intervals » fails about one problem seed in five whatever the fit's quality. On seeds
    1 to 8 of model version 0.1.0+9293157ab341 (each a different stream for the data and
    the fit: ``statistics(..., seed=k)`` for the data and ``Settings(seed=k)`` for the fit),
    tie_prob's interval held the truth in seven (the eighth within a quarter of its
    width) and trust_gain's in six; the two misses were on the low side by 0.013 and
    0.017 (intervals [0.091, 0.137] and [0.078, 0.133] for 0.15), inside a third of their
    width but not a quarter, and the box was 0.12 to 0.32 of the prior's. This test's own
    seed gives [0.101, 0.139]. At 0.1.0+1e16737b8f7f the same eight seeds missed by 0.001
    and 0.010, also low: the short fit (60 particles, 4 generations) leans low on
    trust_gain, within that slack. A fit that ignored the data would leave the box near 1
    (the prior), one that missed the truth by more than noise would leave it well
    outside an interval: either fails here.
    """
    posterior = pd.read_csv(synthetic / "posterior.csv").set_index("parameter")
    for name, value in TRUE.items():
        low, high = posterior.loc[name, "low_90"], posterior.loc[name, "high_90"]
        slack = (high - low) / 3
        assert low - slack <= value <= high + slack, (name, low, high)
    box = posterior.loc["tie_prob", "width_ratio"] * posterior.loc["trust_gain", "width_ratio"]
    assert box < 0.75
    generations = pd.read_csv(synthetic / "generations.csv")
    assert list(generations["t"]) == [0, 1, 2, 3]
    assert generations["epsilon"].is_monotonic_decreasing


def test_the_summary_reads_the_folder_alone(synthetic, capsys):
    from sim.calibration.summary import main as summary  # noqa: PLC0415

    assert summary([str(synthetic)]) == 0
    text = capsys.readouterr().out
    generations = pd.read_csv(synthetic / "generations.csv")
    assert f"| {generations['epsilon'].iloc[-1]:.4f} |" in text
    assert "| model selection and fit | 1 | 4 |" in text
    assert summary([str(synthetic / "nowhere")]) == 2
    assert "not a finished calibration folder" in capsys.readouterr().err


def test_outputs_are_complete(synthetic):
    models = pd.read_csv(synthetic / "models.csv")
    assert models["probability"].sum() == pytest.approx(1.0)
    assert set(models["mechanism"]) == {"framing+with_worker", "framing+with_employer"}
    particles = pd.read_csv(synthetic / "particles.csv")
    assert {"mechanism", "weight", "tie_prob", "trust_gain"} <= set(particles.columns)
    corr = pd.read_csv(synthetic / "correlations.csv", index_col=0)
    assert corr.loc["tie_prob", "tie_prob"] == pytest.approx(1.0)
    meta = json.loads((synthetic / "calibration.json").read_text(encoding="utf-8"))
    assert meta["fitted"] == ["tie_prob", "trust_gain"]


def test_a_particle_always_gives_the_same_statistics():
    problem = tiny_problem()
    a = problem.statistics(TRUE, MECHANISMS[1])
    b = problem.statistics(dict(TRUE), MECHANISMS[1])
    assert a == b
    assert a != problem.statistics({**TRUE, "tie_prob": 0.061}, MECHANISMS[1])


def test_the_distance_is_the_worst_gap_and_negative_when_every_target_is_cleared():
    targets = {"a|m": 0.7, "b|m": 0.3}
    assert shortfall_distance({"a|m": 0.9, "b|m": 0.3}, targets) == 0.0
    assert shortfall_distance({"a|m": 0.9, "b|m": 0.5}, targets) == pytest.approx(-0.2)
    assert shortfall_distance({"a|m": 0.6, "b|m": 1.0}, targets) == pytest.approx(0.1)
    assert shortfall_distance({"a|m": 0.3, "b|m": 0.2}, targets) == pytest.approx(0.4)
    assert shortfall_distance({"a|m": float("nan"), "b|m": 1.0}, targets) > 0


def test_each_shortfall_counts_in_standard_errors_of_its_share():
    from sim.calibration.problem import ShortfallDistance  # noqa: PLC0415

    problem = Problem(replicates=8)
    errors = problem.standard_errors()
    # a pooled term over the four milieux is measured on 32 replicates, a milieu's on 8
    assert errors["some-unresolved|pooled"] == pytest.approx((0.3 * 0.7 / 32) ** 0.5)
    assert errors["first-three-moments-documented|milieu-1"] == pytest.approx((0.7 * 0.3 / 8) ** 0.5)
    distance, targets = ShortfallDistance(errors), problem.targets()
    assert distance(targets, targets) == 0.0
    # a margin counts in standard errors too; the worst is milieu 1's disengagement
    # (target 0.5, the largest standard error on 8 runs)
    above = distance({k: min(1.0, v + 0.1) for k, v in targets.items()}, targets)
    assert above == pytest.approx(-0.1 / (0.5 * 0.5 / 8) ** 0.5)
    pooled = distance({**targets, "some-unresolved|pooled": 0.2}, targets)
    per_milieu = distance({**targets, "first-three-moments-documented|milieu-1": 0.6}, targets)
    assert pooled > per_milieu > 0  # the same shortfall of 0.1 is more telling on 32 runs


RESUMABLE = """
import sys
from pathlib import Path
sys.path.insert(0, "tests")
from test_calibration import tiny_problem, TRUE
from sim.calibration.fit import Settings, calibrate
from sim.calibration.problem import MECHANISMS
p = tiny_problem()
calibrate(p, Path(sys.argv[1]), Settings(population=40, generations=int(sys.argv[2]), workers=1,
          mechanisms=(0,), observed=p.statistics(TRUE, MECHANISMS[0])))
"""


def test_a_killed_calibration_resumes_into_a_consistent_database(tmp_path):
    folder = tmp_path / "resumed"
    proc = subprocess.Popen([sys.executable, "-c", RESUMABLE, str(folder), "30"], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True, env={**os.environ})
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        if line.startswith("generation 2/") or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    resumed = subprocess.run([sys.executable, "-c", RESUMABLE, str(folder), "4"], cwd=ROOT,
                             capture_output=True, text=True, timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    generations = pd.read_csv(folder / "generations.csv")
    assert list(generations["t"]) == list(range(len(generations)))
    assert len(generations) >= 4
    assert (generations["particles"] == 40).all()


def test_posterior_what_ifs_are_paired_and_reproducible(synthetic, capsys):
    posterior = load_posterior(synthetic)
    base = draws_for(posterior, "milieu-3", 5)
    variant = draws_for(posterior, "milieu-3", 5, {"tie_prob": 0.02})
    for r in range(6):
        drawn = base(r)
        assert {k: v for k, v in drawn.items() if k != "tie_prob"} == variant(r)
        assert "tie_prob" not in variant(r)
    assert base(0) != base(1) or base(1) != base(2)
    args = ["compare", "milieu-3", "--set", "staff_turnover_rate=0.6", "--weeks", "8",
            "--replicates", "4", "--seed", "5", "--posterior", str(synthetic), "--json"]
    assert main([*args, "--set", "network_age_weeks=0"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main([*args, "--set", "network_age_weeks=0"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert first["posterior"] == synthetic.name


def test_a_posterior_from_another_model_version_is_refused(synthetic, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    for f in synthetic.iterdir():
        if f.is_file():
            (other / f.name).write_bytes(f.read_bytes())
    meta = json.loads((other / "calibration.json").read_text(encoding="utf-8"))
    (other / "calibration.json").write_text(json.dumps({**meta, "model_version": "0.0.1+old"}),
                                            encoding="utf-8")
    with pytest.raises(InputError, match=r"model version 0.0.1\+old"):
        load_posterior(other)


@pytest.mark.parametrize(("argv", "message"), [
    (["validate", "all", "--posterior", "no/such/folder"], "no such folder"),
    (["run", "milieu-3", "--posterior", "no/such/folder", "--weeks", "2"], "no such folder"),
    (["calibrate", "--prior", "resolve_base=0:2"], "outside the declared range"),
    (["calibrate", "--prior", "vacancy_weeks=1:3"], "not a calibrated parameter"),
    (["validate", "milieu-9"], "expected all or one of"),
])
def test_bad_calibration_input_is_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("option", ["--stop-margin", "--model-floor"])
def test_a_share_outside_0_1_is_refused_in_one_line(option, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["calibrate", option, "2"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"{option}: expected a share between 0 and 1, found '2'" in err


def test_write_back_keeps_the_file_and_records_provenance(synthetic, tmp_path):
    from sim.calibration.writeback import BEGIN, write_back  # noqa: PLC0415
    from sim.params import PARAMS  # noqa: PLC0415
    from sim.scenario import find_scenario, load_scenario  # noqa: PLC0415
    from sim.vocabulary import resolution  # noqa: PLC0415

    copy = tmp_path / "milieu-3.toml"
    original = find_scenario("milieu-3").read_text(encoding="utf-8")
    copy.write_text(original.replace('extends = "baseline.toml"', 'extends = "baseline"'),
                    encoding="utf-8")
    for _ in range(2):  # twice: the block is replaced, not duplicated
        write_back(synthetic, "milieu-3", copy)
    text = copy.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1
    assert f"calibration/{synthetic.name}" in text
    assert "« on a la chance d'être là depuis longtemps toutes les trois »" in text
    values = load_scenario(copy).params
    median = pd.read_csv(synthetic / "posterior.csv").set_index("parameter")["median"]
    step = resolution(PARAMS["tie_prob"])  # the value is rounded to the slider's step
    assert values["tie_prob"] == pytest.approx(median["tie_prob"], abs=step / 2 + 1e-12)
    assert values["trust_mechanism"] in ("with_worker", "with_employer")


def test_the_readable_table_says_the_parameters_came_from_a_posterior(synthetic, capsys):
    assert main(["run", "milieu-3", "--posterior", str(synthetic), "--weeks", "4",
                 "--replicates", "2", "--set", "network_age_weeks=0"]) == 0
    assert f"posterior of calibration/{synthetic.name}" in capsys.readouterr().out
    assert main(["run", "milieu-3", "--weeks", "4", "--replicates", "2",
                 "--set", "network_age_weeks=0"]) == 0
    assert "posterior" not in capsys.readouterr().out


def test_a_difference_the_seed_states_for_one_milieu_survives_the_fit():
    from sim.calibration.problem import STATED, milieu_values  # noqa: PLC0415

    ratio, reason = STATED["milieu-2"]["role_conflict_rate"]
    assert ratio > 1
    assert "[S]" in reason
    problem = Problem()
    particle = dict.fromkeys(problem.names(), 0.1) | {"role_conflict_rate": 0.09}
    shared, per = problem.scenario_values(particle, MECHANISMS[0])
    assert shared["role_conflict_rate"] == 0.09
    assert per["milieu-2"]["role_conflict_rate"] == pytest.approx(0.09 * ratio)
    assert "role_conflict_rate" not in per["milieu-3"]
    assert milieu_values({"role_conflict_rate": 0.09}, "milieu-3") == {"role_conflict_rate": 0.09}
    assert milieu_values({"role_conflict_rate": 0.09}, "milieu-2")["role_conflict_rate"] > 0.09


def test_calibrate_without_pyabc_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    """pyabc is an optional dependency imported only when sampling starts: without it
    `calibrate` must say so in one line before making any folder (it printed a
    traceback after creating the seed's folder)."""
    monkeypatch.setitem(sys.modules, "pyabc", None)  # `import pyabc` fails, find_spec is None
    out = tmp_path / "calib"
    assert main(["calibrate", "--seeds", "1", "2", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert 'pip install -e ".[calibration]"' in err[0]
    assert not out.exists()


def test_the_newest_calibration_is_the_newest_this_model_can_use(tmp_path):
    """Two calibrations of one date sort by their version's digest: the one this model
    made is chosen, whichever sorts last; with none made by it, the newest (which
    ``--posterior`` then refuses in one line)."""
    from sim.calibration.posterior import latest  # noqa: PLC0415
    from sim.run.runner import MODEL_VERSION  # noqa: PLC0415

    def folder(name, version):
        (tmp_path / name).mkdir()
        (tmp_path / name / "calibration.json").write_text(json.dumps({"model_version": version}))
        return tmp_path / name

    ours = folder("2026-12-07-0.1.0-000000000000", MODEL_VERSION)
    folder("2026-12-07-0.1.0-ffffffffffff", "0.1.0+ffffffffffff")
    assert latest(tmp_path) == ours
    (ours / "calibration.json").write_text("{not json")
    assert latest(tmp_path) == tmp_path / "2026-12-07-0.1.0-ffffffffffff"
