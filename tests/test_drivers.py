"""What a pattern's share goes with among posterior runs (sim.calibration.drivers):
known answers on synthetic runs, the words it prints, and its place in ``validate``."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

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
    assert d.rho < -0.5  # runs showing it had lower rates
    assert d.q < 0.05
    assert d.lower.share > 0.9
    assert d.upper.share < 0.1
    assert d.lower.bound < d.upper.bound
    assert d.lower.n == 100
    assert d.upper.n == 100
    assert d.lower.low <= d.lower.share <= d.lower.high


def test_noise_alone_goes_with_nothing():
    rng = np.random.default_rng(9)
    _, values = _runs()
    shows = (rng.random(len(values)) < 0.4).astype(float)
    assert drivers(shows, values) == []
    line = drivers_lines([], float(shows.mean()), "en")
    assert line == ["no fitted value goes with it at this many runs (5% false discovery rate)"]
    assert drivers_lines([], 0.4, "fr", over="prior") == [
        ("aucune valeur ajustée ne va avec elle sur ce nombre de tirages (taux de fausses "
         "découvertes 5 %)")]


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


NAMES = ("project_rate", "table_conflict_rate", "room_conflict_rate", "role_conflict_rate",
         "tenant_dispute_rate", "resolve_base", "resolve_mediator", "trust_gain",
         "purpose_drift", "founding_engagement", "confidence_eps", "intermediary_prob",
         "mediator_presence", "staff_turnover_rate", "propensity_shape", "ciusss_reception",
         "problematised_distance", "turnover_controversy_prob", "intermediary_effect",
         "tie_prob")


def test_twenty_values_tested_are_corrected_for_as_twenty():
    """Seed 10: one of twenty noise values has p = 0.006 on its own; Benjamini-Hochberg
    over the twenty leaves none."""
    rng = np.random.default_rng(10)
    values = pd.DataFrame({name: rng.uniform(0, 1, 120) for name in NAMES})
    shows = (rng.random(120) < 0.4).astype(float)
    alone = min(stats.spearmanr(values[c], shows).pvalue for c in values)
    assert alone < 0.01
    assert drivers(shows, values) == []


def test_a_particle_drawn_by_many_runs_counts_once():
    """Thirty particles each drawn by ten runs give the same test as the thirty alone:
    the runs of one particle are not independent evidence."""
    rng = np.random.default_rng(3)
    values = pd.DataFrame({"project_rate": rng.uniform(0.01, 0.2, 30),
                           "table_conflict_rate": rng.uniform(0.005, 0.1, 30)})
    shows = (values["project_rate"] < 0.1).to_numpy(float)
    once = drivers(shows, values)
    repeated = values.loc[values.index.repeat(10)]
    many = drivers(np.repeat(shows, 10), repeated)
    assert [d.column for d in many] == [d.column for d in once] == ["project_rate"]
    assert many[0].rho == pytest.approx(once[0].rho)
    assert many[0].q == pytest.approx(once[0].q)
    assert many[0].lower.n == 10 * once[0].lower.n


def test_validate_reads_each_run_against_the_particle_it_drew():
    from sim.calibration.posterior import load_posterior  # noqa: PLC0415
    from sim.calibration.validate import fitted_values  # noqa: PLC0415

    posterior = load_posterior()
    fitted = fitted_values(posterior, 40, 1)
    assert fitted.index.duplicated().any()  # 40 draws among the particles repeat some
    for r in range(40):
        drawn = posterior.draw("milieu-1", 1, r)
        for name in ("project_rate", "table_conflict_rate", "staff_turnover_rate"):
            assert fitted.iloc[r][name] == pytest.approx(drawn[name])


def test_the_prior_check_records_what_a_pattern_goes_with():
    from sim.calibration.prior_check import informs_markdown, summarise  # noqa: PLC0415

    shows, values = _runs()
    spec = {"pattern": [{"id": "p", "use": "validation"}, {"id": "q", "use": "calibration"}]}
    verdicts = [{"p": bool(v), "q": True} for v in shows]
    rows = summarise(spec, [d % 4 for d in range(len(shows))], verdicts, values)
    assert [g["value"] for g in rows[0]["goes_with"]] == ["project_rate"]
    assert rows[1]["goes_with"] == []  # it holds in every draw: nothing to compare
    text = informs_markdown({"patterns": rows})
    assert "- **p** (validation):" in text
    assert "**q**" not in text


def test_a_pattern_no_run_shows_is_said_so_without_a_crash():
    from sim.calibration.summary import failing_markdown  # noqa: PLC0415

    result = {"patterns": [{"id": "m", "use": "validation", "holds": False, "share": 0.0,
                            "goes_with": []}]}
    assert failing_markdown(result)[-1] == "- **m** (0.00): no run shows it"
