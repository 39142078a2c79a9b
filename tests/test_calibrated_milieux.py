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
    meta = json.loads((latest() / "calibration.json").read_text(encoding="utf-8"))
    selection = meta["selection"]
    assert len(selection["seeds"]) == len(selection["preferred"]) == len(selection["per_seed"]) >= 1
    if len(selection["seeds"]) > 1:
        assert selection["agreed"] == (len(set(selection["preferred"])) == 1)
    else:
        assert selection["agreed"] is None  # one seed replicates nothing
    weights = posterior.particles["weight"]
    assert (weights > 0).all()
    assert weights.sum() == pytest.approx(1.0)
    assert set(posterior.particles["mechanism"]) == set(selection["pairs"])
    if selection["agreed"] is not False:
        assert selection["pairs"] == [selection["preferred"][0]]


def test_the_milieu_files_carry_the_recorded_central_particle():
    """Each milieu file holds the particle ``calibration.json`` records under ``files``
    (:func:`sim.calibration.central.choose`): the particle at that rank of centrality,
    not marginal medians."""
    from sim.calibration.central import _rounded, central_order, file_values  # noqa: PLC0415
    from sim.calibration.folder import read_particles  # noqa: PLC0415
    from sim.scenario import load_scenario  # noqa: PLC0415

    meta = json.loads((latest() / "calibration.json").read_text(encoding="utf-8"))
    chosen = meta["files"]
    row = central_order(read_particles(latest()), meta["fitted"]).iloc[chosen["rank"] - 1]
    assert chosen["values"] == {n: _rounded(n, float(row[n])) for n in meta["fitted"]}
    assert chosen["pair"] == row["mechanism"]
    shared, per = file_values(chosen["values"], chosen["pair"])
    for milieu in MILIEUX:
        path = SCENARIO_DIR / f"{milieu}.toml"
        written = load_scenario(path).params
        for name, value in {**shared, **per[milieu]}.items():
            assert written[name] == pytest.approx(value), (milieu, name)
        assert f"calibration/{latest().name}" in path.read_text(encoding="utf-8")


def test_patterns_on_the_shipped_files_and_validate_report_the_same_patterns(capsys):
    """``hlm-sim patterns`` (the files) and ``hlm-sim validate`` (the posterior) list the
    same patterns; ``patterns`` exits 0 exactly when every calibration pattern holds on
    its runs, which the choice of the files' particle guarantees when one passed."""
    code = main(["patterns", "--json"])
    verdicts = json.loads(capsys.readouterr().out)
    failing = [v["id"] for v in verdicts if v["use"] == "calibration" and not v["holds"]]
    assert code == (0 if not failing else 1)
    meta = json.loads((latest() / "calibration.json").read_text(encoding="utf-8"))
    if not meta["files"]["failing"]:
        assert failing == []
    validated = json.loads((latest() / "validation.json").read_text(encoding="utf-8"))
    assert [v["id"] for v in verdicts] == [p["id"] for p in validated["patterns"]]


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


def _section(text: str, heading: str) -> str:
    """The block of ``text`` from ``heading`` to the next heading of the same level."""
    start = text.index(heading)
    end = text.find("\n### ", start + len(heading))
    return text[start:end if end >= 0 else len(text)].strip()


def test_the_readme_shows_each_seeds_selection_and_the_validation():
    """Issue 21: the README, not only calibration/README.md, shows each seed's choice and
    time, and the validation, as the summary prints them."""
    from tests_support import ROOT  # noqa: PLC0415

    from sim.calibration.summary import markdown  # noqa: PLC0415

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    summary = markdown(latest())
    for heading in ("### Selection: does the model choice replicate?",
                    "### Validation: every pattern on runs drawn from the posterior"):
        assert _section(summary, heading).removeprefix(heading).strip() in readme, heading


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
