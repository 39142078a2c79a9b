"""What a pattern's share goes with among posterior runs (sim.calibration.drivers):
known answers on synthetic runs, the words it prints, and its place in ``validate``."""

import numpy as np
import pandas as pd
import pytest

from sim.calibration.drivers import as_json, drivers, drivers_lines, from_json
from sim.calibration.validate import read_by


def _runs(n: int = 300, seed: int = 4) -> tuple[np.ndarray, pd.DataFrame]:
    """Runs that reproduce a pattern when the project rate is low (with some noise), and
    a table hazard that has nothing to do with it."""
    rng = np.random.default_rng(seed)
    values = pd.DataFrame({"project_rate": rng.uniform(0.01, 0.2, n),
                           "table_conflict_rate": rng.uniform(0.005, 0.1, n),
                           "network_age_weeks@milieu-4": rng.uniform(10, 300, n)})
    held = (values["project_rate"] + rng.normal(0, 0.03, n) < 0.1).to_numpy(float)
    return held, values


def test_the_value_that_decides_is_found_and_the_unrelated_ones_are_not():
    shows, values = _runs()
    found = drivers(shows, values)
    assert [d.column for d in found] == ["project_rate"]
    (d,) = found
    assert d.auc < 0.2  # runs reproducing it had lower rates
    assert d.q < 0.05
    assert d.lower.share > 0.9
    assert d.upper.share < 0.1
    assert d.lower.bound < d.upper.bound
    assert d.lower.n == d.upper.n == 100
    assert d.lower.low <= d.lower.share <= d.lower.high


def test_noise_alone_goes_with_nothing():
    rng = np.random.default_rng(9)
    _, values = _runs()
    shows = (rng.random(len(values)) < 0.4).astype(float)
    assert drivers(shows, values) == []
    line = drivers_lines([], float(shows.mean()), "en")
    assert line == [("no fitted value separates the runs in which it holds from the others "
                     "(5% false discovery rate)")]
    assert drivers_lines([], 0.4, "fr", over="prior") == [
        ("aucune valeur ajustée ne sépare les tirages où elle tient des autres "
         "(taux de fausses découvertes 5 %)")]


def test_nothing_to_compare_when_every_run_or_none_reproduces_it():
    _, values = _runs()
    for constant in (1.0, 0.0):
        shows = np.full(len(values), constant)
        assert drivers(shows, values) == []
        assert drivers_lines([], constant, "fr") == []


def test_runs_where_the_pattern_does_not_apply_are_left_out():
    shows, values = _runs()
    shows[::2] = np.nan
    (d,) = drivers(shows, values)
    assert d.lower.n + d.upper.n <= 110  # thirds of the 150 runs it applies to


def test_the_lines_speak_in_words_with_units_in_both_languages():
    shows, values = _runs()
    found = drivers(shows, values)
    en = drivers_lines(found, 0.5, "en")
    fr = drivers_lines(found, 0.5, "fr")
    assert en[0].startswith("goes with")
    assert fr[0].startswith("va avec")
    assert en[1].startswith("  - Collective project rate: holds in")  # the short name
    assert "per week" in en[1]
    assert fr[1].startswith("  - Fréquence des projets collectifs : tient dans")
    assert "par semaine" in fr[1]
    assert all("project_rate" not in line for line in en + fr)
    assert "0,0" in fr[1]  # decimal commas
    assert "0.0" not in fr[1]


def test_the_records_come_back_as_they_went():
    shows, values = _runs()
    found = drivers(shows, values)
    assert from_json(as_json(found)) == found
    (record,) = as_json(found)
    assert record["label"] == "collective project rate"
    assert record["label_fr"] == "fréquence des projets collectifs"


def test_a_milieus_own_value_is_named_with_its_milieu_and_only_read_for_its_patterns():
    values = pd.DataFrame({"project_rate": [0.1], "network_age_weeks@milieu-3": [50.0],
                           "network_age_weeks@milieu-1": [20.0]})
    assert read_by({"milieux": ["milieu-3"]}, values) == ["project_rate", "network_age_weeks@milieu-3"]
    contrast = {"milieux": ["milieu-1"], "above_milieux": {"decline": ["milieu-3"]}}
    assert read_by(contrast, values) == list(values.columns)
    rng = np.random.default_rng(2)
    age = pd.DataFrame({"network_age_weeks@milieu-3": rng.uniform(10, 300, 200)})
    shows = (age["network_age_weeks@milieu-3"] > 150).to_numpy(float)
    (d,) = drivers(shows, age)
    assert d.label("en").endswith("(milieu 3)")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_validate_prints_what_a_pattern_goes_with(lang, capsys):
    from sim.cli.main import main  # noqa: PLC0415

    main(["validate", "milieu-4", "--replicates", "60", "--lang", lang])
    out = capsys.readouterr().out
    heads = ("goes with", "no fitted value") if lang == "en" else ("va avec", "aucune valeur")
    assert any(line.strip().startswith(heads) for line in out.splitlines())
