"""Levers: declared policy steps, run as paired what-ifs and ranked."""

from __future__ import annotations

import json

import pytest

from sim.cli.main import main
from sim.levers import BY_KEY, LEVER_PARAMS, LEVERS
from sim.params import PARAMS
from sim.run.experiment import compare
from sim.run.levers import _variant_draws, rank_levers, steps
from sim.scenario import find_scenario, load_scenario

SITE = load_scenario(find_scenario("milieu-3"))


def test_every_lever_moves_a_declared_parameter_within_its_bounds():
    for lever in LEVERS:
        p = PARAMS[lever.param]
        after = lever.apply(p.default)
        if p.kind in ("int", "float"):
            assert p.low <= after <= p.high, lever.key
        if p.kind == "choice":
            assert after in p.choices
        assert lever.source.startswith(("[S]", "[A]", "[L]")), lever.key
        assert lever.words("fr") != lever.words("en")
    assert set(LEVER_PARAMS) == {lever.param for lever in LEVERS}


def test_steps_add_scale_set_and_stop_at_the_bounds():
    assert BY_KEY["mediator"].apply(0.5) == pytest.approx(0.75)
    assert BY_KEY["mediator"].apply(0.9) == 1.0  # the declared upper bound
    assert BY_KEY["keep_staff"].apply(0.52) == pytest.approx(0.26)
    assert BY_KEY["fill_vacancies"].apply(7) == 4  # an int stays an int (3.5 rounds to 4)
    assert BY_KEY["room_agreement"].apply(False) is True


def test_a_step_that_changes_nothing_is_listed_not_run():
    by_key = {s.lever.key: s for s in steps(SITE.with_params(room_agreement=True))}
    assert not by_key["room_agreement"].changes
    assert not by_key["no_suspension"].changes  # no suspension to avoid
    assert by_key["keep_staff"].changes


def test_a_levers_row_is_the_paired_what_if_of_its_step():
    table = rank_levers(SITE, seed=3, replicates=4, weeks=20)
    row = table[(table["lever"] == "keep_staff") & (table["outcome"] == "isolation_rate")].iloc[0]
    variant = SITE.with_params(staff_turnover_rate=row["after"])
    _, _, contrast = compare(SITE, variant, seed=3, replicates=4, weeks=20)
    same = contrast.set_index("outcome").loc["isolation_rate"]
    for column in ("base_mean", "variant_mean", "difference", "ci_low", "ci_high"):
        assert row[column] == pytest.approx(same[column]), column


def test_levers_are_ranked_by_their_change_in_the_better_direction():
    table = rank_levers(SITE, seed=3, replicates=4, weeks=20)
    iso = table[(table["outcome"] == "isolation_rate") & table["changes"]].sort_values("rank")
    assert (iso["gain"] == -iso["difference"]).all()  # lower isolation is better
    assert iso["gain"].is_monotonic_decreasing
    assert table[~table["changes"]]["rank"].isna().all()


def test_over_a_posterior_the_step_applies_to_each_drawn_value():
    (step,) = [s for s in steps(SITE) if s.lever.key == "keep_staff"]
    draw = _variant_draws(step, lambda r: {"staff_turnover_rate": 0.2 * (r + 1), "trust_gain": 0.1})
    assert draw is not None
    assert draw(0)["staff_turnover_rate"] == pytest.approx(0.1)
    assert draw(2)["staff_turnover_rate"] == pytest.approx(0.3)
    assert draw(2)["trust_gain"] == 0.1  # the rest of the draw is shared with the base


@pytest.mark.slow
def test_the_command_lists_every_lever_and_writes_a_report(tmp_path, capsys):
    out = tmp_path / "levers"
    assert main(["levers", "milieu-3", "--replicates", "2", "--weeks", "10", "--json",
                 "--out", str(out), "--report"]) == 0
    result = json.loads(capsys.readouterr().out)
    rows = result["levers"]
    assert {r["lever"] for r in rows} == set(BY_KEY)
    assert {r["outcome"] for r in rows} == {"partners_mobilised_share", "isolation_rate"}
    for r in rows:
        assert r["step"]
        if r["changes"]:
            assert r["ci_low"] <= r["difference"] <= r["ci_high"]
            assert r["rank"] >= 1
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Leviers classés" in html
    assert html.count("plotly-graph-div") == 2  # a tornado chart per outcome
    assert main(["report", str(out), "--out", str(tmp_path / "again.html")]) == 0


def test_bad_outcome_names_are_refused_in_one_line(capsys):
    assert main(["levers", "milieu-3", "--outcomes", "isolation"]) == 2
    err = capsys.readouterr().err
    assert "--outcomes" in err
    assert "'isolation'" in err


def test_a_step_outside_the_plausible_range_is_flagged_in_words():
    from sim.report.levers import levers_text  # noqa: PLC0415

    site = SITE.with_params(staff_turnover_rate=0.15)  # halved: 0.075, below 0.1
    (step,) = [s for s in steps(site) if s.lever.key == "keep_staff"]
    assert not step.plausible
    table = rank_levers(site, seed=1, replicates=2, weeks=10)
    meta = {"scenario": {"name": "Milieu 3"}, "replicates": 2, "weeks": 10, "seed": 1}
    text = levers_text(table, meta, "fr")
    assert "hors de l'étendue plausible" in text
    assert "0,15 → 0,075" in text
