"""The Morris screen of the fitted values (issue 21, item 7): common random numbers, and a
noise floor measured by a value that only reseeds the runs."""

import pytest

from sim.calibration.problem import Problem
from sim.calibration.screen import NOISE, elementary_effects, largest, markdown


@pytest.fixture(scope="module")
def effects():
    return elementary_effects(trajectories=2, replicates=2, workers=1)


def test_every_fitted_value_and_the_noise_are_screened(effects):
    assert set(effects["parameter"]) == {*Problem(replicates=2).prior_ranges(), NOISE}
    assert set(effects["pair"]) == {"framing+with_worker", "framing+with_employer",
                                    "resolution_only+with_worker",
                                    "resolution_only+with_employer"}


def test_a_value_a_milieus_runs_never_read_has_no_effect_on_its_terms(effects):
    """Common random numbers: milieu 2's network age cannot move milieu 1's shares, so
    its elementary effects there are exactly 0 (with a new seed per point they were
    as large as many fitted values')."""
    on_milieu_1 = effects[effects["term"].str.endswith("|milieu-1")]
    age_2 = on_milieu_1[on_milieu_1["parameter"] == "network_age_weeks@milieu-2"]
    assert len(age_2) > 0
    assert (age_2["mu_star"] == 0).all()
    age_1 = on_milieu_1[on_milieu_1["parameter"] == "network_age_weeks@milieu-1"]
    assert age_1["mu_star"].max() > 0


def test_the_noise_floor_is_measured_and_printed(effects):
    table = largest(effects)
    floor = float(table.loc[table["parameter"] == NOISE, "mu_star"].iloc[0])
    assert floor > 0  # reseeding two replicates moves some share
    text = markdown(table, 2)
    assert f"noise floor (the largest mu* of a value that only reseeds the runs): {floor:.2f}" in text
    assert NOISE not in text.split("|---|")[-1]  # the floor is a line, not a row
    assert "| staff_turnover_rate |" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert all(line.count("|") == 6 for line in rows)  # five cells: no term splits one
