"""The committed calibration: it belongs to this model version, the milieu files carry
its values, and its validation (calibration/README.md, validation.json) is what
``hlm-sim validate all`` prints today, passed or not.

A change to the model's rules changes the model version; these tests then fail until
the milieux are calibrated again (``calibration/README.md`` says how): the milieu files
must not claim values fitted to another model.
"""

import json

import pytest
from tests_support import SCENARIO_DIR

from sim.calibration.posterior import latest, load_posterior
from sim.cli.main import main
from sim.run.patterns import MILIEUX


def test_the_newest_calibration_belongs_to_this_model_version():
    posterior = load_posterior()  # raises when the version differs
    assert posterior.folder == latest()
    stages = json.loads((latest() / "stages.json").read_text(encoding="utf-8"))
    weights = posterior.particles["weight"]
    assert (weights > 0).all()
    assert stages["effective_sample_size"] == pytest.approx(weights.sum() ** 2 / (weights**2).sum())
    models = json.loads((latest() / "calibration.json").read_text(encoding="utf-8"))["mechanisms"]
    assert set(posterior.particles["mechanism"]) == {models[stages["preferred_index"]]}


@pytest.mark.parametrize("milieu", MILIEUX)
def test_the_milieu_files_carry_the_newest_calibration(milieu, tmp_path):
    from sim.calibration.writeback import write_back  # noqa: PLC0415

    committed = (SCENARIO_DIR / f"{milieu}.toml").read_text(encoding="utf-8")
    copy = tmp_path / f"{milieu}.toml"
    copy.write_text(committed.replace('extends = "baseline.toml"',
                                      f'extends = "{SCENARIO_DIR / "baseline.toml"}"'),
                    encoding="utf-8")
    write_back(latest(), milieu, copy)
    rewritten = copy.read_text(encoding="utf-8").replace(
        f'extends = "{SCENARIO_DIR / "baseline.toml"}"', 'extends = "baseline.toml"')
    assert rewritten == committed
    assert f"calibration/{latest().name}" in committed


def test_the_committed_validation_is_what_validate_prints(capsys):
    code = main(["validate", "all", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == (0 if result["passed"] else 1)
    failing = [p["id"] for p in result["patterns"] if p["used_in_fitting"] and not p["holds"]]
    assert result["passed"] == (failing == [])
    assert result["posterior"] == latest().name
    # the figures calibration/README.md shows are this validation's
    committed = json.loads((latest() / "validation.json").read_text(encoding="utf-8"))
    assert committed == result


def test_milieu_2s_stated_difference_reaches_draws_and_intervals():
    from sim.calibration.problem import STATED  # noqa: PLC0415

    posterior = load_posterior()
    ratio = STATED["milieu-2"]["role_conflict_rate"][0]
    shared = posterior.interval("role_conflict_rate", "milieu-1")
    assert posterior.interval("role_conflict_rate", "milieu-2") == pytest.approx(
        [v * ratio for v in shared])
    assert posterior.draw("milieu-2", 1, 0)["role_conflict_rate"] == pytest.approx(
        posterior.draw("milieu-1", 1, 0)["role_conflict_rate"] * ratio)


def test_the_calibration_readme_shows_the_newest_calibrations_own_tables():
    from tests_support import ROOT  # noqa: PLC0415

    from sim.calibration.summary import markdown  # noqa: PLC0415

    readme = (ROOT / "calibration" / "README.md").read_text(encoding="utf-8")
    assert markdown(latest()).strip() in readme  # printed by the summary, not typed


@pytest.mark.parametrize("milieu", MILIEUX)
def test_every_written_value_lies_in_its_90_percent_interval(milieu):
    from sim.calibration.writeback import fitted_values  # noqa: PLC0415

    for name, (value, note) in fitted_values(latest(), milieu).items():
        if "interval" not in note:
            continue  # a mechanism
        low, high = (float(x) for x in note.split("interval [")[1].split("]")[0].split(", "))
        assert low <= value <= high or round(low) <= value <= round(high), (name, value, note)


def test_restamp_keeps_the_fitting_version_and_refuses_a_foreign_file(tmp_path, capsys):
    import json  # noqa: PLC0415

    from sim.calibration.restamp import main  # noqa: PLC0415
    from sim.run.runner import MODEL_VERSION  # noqa: PLC0415

    folder = tmp_path / "cal"
    folder.mkdir()
    (folder / "calibration.json").write_text(json.dumps({"model_version": "0.0.1+old"}))
    assert main([str(folder)]) == 0
    meta = json.loads((folder / "calibration.json").read_text())
    assert meta == {"model_version": MODEL_VERSION, "model_version_at_fit": "0.0.1+old"}
    (folder / "calibration.json").write_text("[1, 2]")
    assert main([str(folder)]) == 2
    assert "expected a calibration record" in capsys.readouterr().err
