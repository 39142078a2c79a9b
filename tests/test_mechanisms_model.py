"""Behavioural tests of rules through the whole model (issue 21, item 8), for the rules
whose effect shows only across weeks: each asserts a known answer or an effect with a
margin, and each fails under a plausible one-line bug in its rule (checked by planting
the bug; the commit message names them). They go through `run_once`, not the rules'
signatures, so that a faster kernel with the same rules passes them unchanged."""

import numpy as np
import pytest
from tests_support import SCENARIO_DIR

from sim.run.runner import run_once
from sim.scenario import load_scenario
from sim.stages import STAGES

MILIEU_1 = load_scenario(SCENARIO_DIR / "milieu-1.toml")
MILIEU_3 = load_scenario(SCENARIO_DIR / "milieu-3.toml")


def summaries(scenario, replicates, weeks, **params):
    sc = scenario.with_params(**params)
    return [run_once(sc, 11, r, weeks=weeks).summary for r in range(replicates)]


@pytest.mark.parametrize("chance", [0.0, 0.25, 0.5])
def test_a_departure_opens_a_turnover_controversy_at_its_chance(chance):
    """§7.1: a representative's departure opens a turnover controversy with chance
    `turnover_controversy_prob` (no onboarding guide here: resolutions leave none).
    Controversies close fast, so that one already open of the kind seldom blocks a new
    one; the share of departures that open one is then the chance."""
    runs = summaries(MILIEU_1, 60, 104, network_age_weeks=0, staff_turnover_rate=0.6,
                     intermediary_prob=0.0, turnover_controversy_prob=chance,
                     resolve_base=0.5, resolve_mediator=0.5, mediator_presence=1.0)
    departures = sum(r["departures_partners"] for r in runs)
    opened = sum(r["controversies_opened_turnover"] for r in runs)
    assert departures > 800
    share = opened / departures
    # binomial sd at 0.5 and 900 departures is 0.017; blocking by an open one lowers it
    assert chance - 0.06 <= share <= chance + 0.04


def test_purpose_drift_waits_for_its_window_counted_from_the_founding():
    """§7.3: with no collective project for `purpose_window_weeks` (counted from the
    founding when none ever happened) partners lose `purpose_drift` engagement a week.
    A window longer than the run: the drift changes nothing at all. A short window: it
    lowers engagement."""
    base = {"network_age_weeks": 0, "project_rate": 0.0}
    never = summaries(MILIEU_3, 20, 52, purpose_window_weeks=104, purpose_drift=0.0, **base)
    waits = summaries(MILIEU_3, 20, 52, purpose_window_weeks=104, purpose_drift=0.02, **base)
    assert never == waits
    soon = summaries(MILIEU_3, 20, 52, purpose_window_weeks=4, purpose_drift=0.02, **base)
    mean = np.mean([r["partner_engagement"] for r in never])
    assert np.mean([r["partner_engagement"] for r in soon]) < mean - 0.1


def test_a_collective_project_holds_the_purpose_drift_off():
    """Projects reset the window: the same drift costs less engagement where projects
    happen than where none can."""
    def loss(rate):
        kept = summaries(MILIEU_3, 30, 104, network_age_weeks=0, project_rate=rate,
                         purpose_drift=0.0)
        drifted = summaries(MILIEU_3, 30, 104, network_age_weeks=0, project_rate=rate,
                            purpose_drift=0.01)
        return (np.mean([r["partner_engagement"] for r in kept])
                - np.mean([r["partner_engagement"] for r in drifted]))
    assert loss(0.2) < 0.5 * loss(0.0)


def test_partners_move_up_one_stage_a_week_at_most():
    """§7.3: a partner climbs at most one stage a week (it may fall back further, and a
    newcomer starts outside). The recorded moves never skip a stage upward, while
    one-stage moves up happen at every step."""
    sc = MILIEU_1.with_params(network_age_weeks=0, staff_turnover_rate=0.6)
    frames = [run_once(sc, 3, r, weeks=104, series=True).series for r in range(6)]
    stages = list(STAGES)
    totals = {c: sum(f[c].sum() for f in frames) for c in frames[0].columns
              if c.startswith("moved_partners_")}
    for i, a in enumerate(stages):
        for j, b in enumerate(stages):
            if j == i + 1:
                assert totals[f"moved_partners_{a}_{b}"] > 0
            elif j > i + 1:
                assert totals[f"moved_partners_{a}_{b}"] == 0, (a, b)


def test_an_open_controversy_delays_enrolment_by_the_quiet_weeks():
    """§7.3: a partner enrols only when no open controversy has involved it for
    `quiet_weeks`. Many disputes over roles and a long quiet spell leave fewer enrolled
    than the same disputes with none required (their drag on engagement set to 0, so that
    only the quiet spell differs)."""
    base = {"network_age_weeks": 26, "role_conflict_rate": 0.3, "controversy_drag": 0.0,
            "resolve_base": 0.01, "resolve_mediator": 0.05}  # disputes that stay open
    quick = summaries(MILIEU_3, 30, 26, quiet_weeks=0, **base)
    slow = summaries(MILIEU_3, 30, 26, quiet_weeks=26, **base)
    assert (np.mean([r["partners_enrolled_share"] for r in slow])
            < np.mean([r["partners_enrolled_share"] for r in quick]) - 0.1)


def test_ties_made_at_activities_end_when_not_renewed():
    """§7.7: a tie formed at an activity ends after `tie_lifetime` weeks without one
    together; prior ties lapse at their own rate, set to 0 here. Short-lived ties leave
    fewer ties than long-lived ones."""
    base = {"network_age_weeks": 0, "prior_tie_lapse_rate": 0.0}
    short = summaries(MILIEU_3, 10, 52, tie_lifetime=4, **base)
    long = summaries(MILIEU_3, 10, 52, tie_lifetime=52, **base)
    assert (np.mean([r["mean_ties"] for r in short])
            < np.mean([r["mean_ties"] for r in long]) - 0.1)
