"""Each mechanism on its own: unit tests of the rules with inputs that isolate them, and
effect sizes with a required margin, so that a broken mechanism fails a test other than
the regression pins (issue: turnover keeping everything, meetings never mediated,
resolution ignoring the mediator, attendance reading another building's activities)."""

import math

import numpy as np
import pytest

from sim.actants import CommunityRoom, Controversy, Intermediary
from sim.model import HLMModel
from sim.params import WEEKS_PER_YEAR, defaults
from sim.rules import activities, residents, translation, turnover
from sim.rules import controversies as contro
from sim.runner import run_generator, run_once
from sim.state import ENROLLED, INTERESTED, NEVER, PartnerState, init_residents

P = defaults()


def partners(n, rng=None, *, engagement=0.5, clarity=0.5, stage=0):
    rng = rng or np.random.default_rng(0)
    return PartnerState(
        framing=rng.random((n, 2)), origin_framing=np.full((n, 2), 0.5),
        clarity=np.full(n, clarity), engagement=np.full(n, engagement),
        stage=np.full(n, stage), meetings=np.full(n, 3), seated_from=np.zeros(n, np.int64),
        last_controversy=np.full(n, NEVER), last_project=np.full(n, NEVER),
        first_at=np.full((n, 5), NEVER), mediator=np.zeros(n, bool), funder=np.zeros(n, bool),
        services=np.zeros((n, 5), bool), member=np.ones((1, n), bool),
        ran_activity=np.zeros(n, bool))


# --- turnover -----------------------------------------------------------------------
def test_departure_rate_matches_the_yearly_rate():
    rng = np.random.default_rng(1)
    seated = np.ones(50, bool)
    p = {**P, "staff_turnover_rate": 0.5}
    weeks = 2000
    left = sum(turnover.departures(seated, seated[:10], p, rng)[0].size for _ in range(weeks))
    expected = 50 * weeks * turnover.weekly_chance(0.5)
    assert abs(left - expected) < 4 * math.sqrt(expected)
    assert turnover.weekly_chance(0.5) == pytest.approx(1 - math.exp(-0.5 / WEEKS_PER_YEAR))
    none = turnover.departures(seated, seated, {**P, "staff_turnover_rate": 0.0}, rng)
    assert none[0].size == none[1].size == 0


def test_vacant_seats_do_not_leave():
    rng = np.random.default_rng(2)
    p = {**P, "staff_turnover_rate": 1e6}  # everyone seated leaves
    seated = np.array([True, False, True])
    gone, workers = turnover.departures(seated, np.array([False, True]), p, rng)
    assert gone.tolist() == [0, 2]
    assert workers.tolist() == [1]


def test_newcomer_keeps_only_the_retained_share():
    """The `kept = 1.0` bug: a newcomer must not keep all of the role."""
    p = {**P, "role_retained": 0.3, "intermediary_effect": 0.5}
    assert turnover.kept_share(p, 0) == pytest.approx(0.3)
    assert turnover.kept_share(p, 1) == pytest.approx(0.3 + 0.7 * 0.5)
    ps = partners(3, clarity=0.8, engagement=0.9)
    ps.framing[:] = 0.9
    turnover.replace_representatives(ps, np.array([1]), 10, turnover.kept_share(p, 0), 6)
    assert ps.clarity.tolist() == pytest.approx([0.8, 0.24, 0.8])
    assert ps.engagement.tolist() == pytest.approx([0.9, 0.27, 0.9])
    assert ps.seated_from.tolist() == [0, 16, 0]
    assert ps.framing[1].tolist() == [0.5, 0.5]
    assert ps.meetings[1] == 0


# --- meetings and mediation ----------------------------------------------------------
def test_a_present_mediator_mediates_at_the_declared_rate():
    """The `mediated always False` bug: with a mediator present, meetings are mediated
    with `mediator_presence`."""
    rng = np.random.default_rng(3)
    ps = partners(4)
    ps.mediator[2] = True
    here = np.array([0, 2, 3])
    share = np.mean([activities.is_mediated(ps, here, {**P, "mediator_presence": 0.6}, rng)
                     for _ in range(4000)])
    assert share == pytest.approx(0.6, abs=0.03)
    assert not any(activities.is_mediated(ps, np.array([0, 3]), P, rng) for _ in range(200))
    assert all(activities.is_mediated(ps, here, {**P, "mediator_presence": 1.0}, rng)
               for _ in range(200))


def test_meeting_attendance_only_seated_members_at_the_declared_rate():
    rng = np.random.default_rng(4)
    seated = np.array([True] * 6 + [False] * 2)
    members = np.arange(8)
    counts = np.zeros(8)
    for _ in range(3000):
        counts[activities.meeting_attendees(members, seated, {**P, "attendance_prob": 0.7}, rng)] += 1
    assert np.all(counts[6:] == 0)
    assert counts[:6] / 3000 == pytest.approx(np.full(6, 0.7), abs=0.04)


def test_mediated_meetings_converge_faster_only_under_the_framing_submodel():
    rng = np.random.default_rng(5)
    start = 0.5 + rng.normal(0, 0.2, (6, 2))

    def spread_after(mediated, mechanism):
        f = start.copy()
        p = {**P, "mediation_mechanism": mechanism, "mediator_boost": 1.0,
             "confidence_eps": 0.3, "convergence_mu": 0.2}
        for _ in range(3):
            translation.converge(f, np.arange(6), mediated, p)
        return np.linalg.norm(f - f.mean(axis=0), axis=1).mean()

    plain = spread_after(False, "framing")
    assert spread_after(True, "framing") < 0.8 * plain
    assert spread_after(True, "resolution_only") == pytest.approx(plain)


def test_a_role_grid_speeds_role_negotiation_by_its_boost():
    p = {**P, "role_gain": 0.1, "role_grid_boost": 1.0}
    a, b = partners(2, clarity=0.0), partners(2, clarity=0.0)
    translation.meeting_gains(a, np.arange(2), 0, p)
    translation.meeting_gains(b, np.arange(2), 1, p)
    assert a.clarity.tolist() == pytest.approx([0.1, 0.1])
    assert b.clarity.tolist() == pytest.approx([0.2, 0.2])


# --- controversies ---------------------------------------------------------------------
def mean_weeks_to_resolve(mediator_seated, p, n=3000, seed=6):
    rng = np.random.default_rng(seed)
    ps = partners(4, engagement=0.5)
    weeks = []
    for _ in range(n):
        c = Controversy("roles", (0, 1), 0)
        week = 0
        while c.open:
            week += 1
            contro.resolve([c], ps, mediator_seated, week, p, rng)
        weeks.append(week)
    return float(np.mean(weeks))


def test_resolution_time_matches_its_hazard_and_the_mediator_shortens_it():
    """The `resolution ignoring the mediator` bug: with the mediator always present the
    mean time to resolution is 1 / ((base + mediator) * (floor + engagement)), five times
    shorter than without at these values."""
    p = {**P, "resolve_base": 0.02, "resolve_mediator": 0.08, "mediator_presence": 1.0,
         "resolve_engagement_floor": 0.5}
    with_mediator = mean_weeks_to_resolve(True, p)
    without = mean_weeks_to_resolve(False, p)
    assert with_mediator == pytest.approx(1 / (0.10 * 1.0), rel=0.08)
    assert without == pytest.approx(1 / (0.02 * 1.0), rel=0.08)
    assert without / with_mediator > 4.0


def test_resolutions_leave_intermediaries_at_the_declared_rate():
    rng = np.random.default_rng(7)
    ps = partners(3)
    p = {**P, "resolve_base": 1.0, "resolve_engagement_floor": 1.0, "intermediary_prob": 0.4}
    made = sum(len(contro.resolve([Controversy("room", (0, 2), 0)], ps, False, 1, p, rng)[1])
               for _ in range(3000))
    assert made / 3000 == pytest.approx(0.4, abs=0.03)
    _, [grid] = contro.resolve([Controversy("roles", (0, 2), 0)], ps, False, 1,
                               {**p, "intermediary_prob": 1.0}, rng)
    assert grid.makers == (0, 2)
    assert grid.maker_seats == (0, 0)


def test_room_controversies_need_a_contested_room_and_no_agreement():
    rng = np.random.default_rng(8)
    ps = partners(5, stage=INTERESTED)
    seated = np.ones(5, bool)
    p = {**P, "room_conflict_rate": 1.0, "role_conflict_rate": 0.0, "table_conflict_rate": 0.0}

    def kinds(room, intermediaries=()):
        return [c.kind for c in contro.arise(ps, seated, room, False, set(), list(intermediaries),
                                             1, p, rng)]

    assert kinds(CommunityRoom(5, False, demand=9)) == ["room"]
    assert kinds(CommunityRoom(5, False, demand=4)) == []
    assert kinds(CommunityRoom(5, True, demand=9)) == []
    assert kinds(CommunityRoom(5, False, demand=9), [Intermediary("room", 0)]) == []


def test_role_controversy_hazard_scales_with_ambiguity():
    rng = np.random.default_rng(9)
    p = {**P, "role_conflict_rate": 0.5, "room_conflict_rate": 0.0, "table_conflict_rate": 0.0}
    seated = np.ones(6, bool)
    room = CommunityRoom(5, True)

    def rate(clarity):
        ps = partners(6, clarity=clarity, stage=INTERESTED)
        return np.mean([len(contro.arise(ps, seated, room, False, set(), [], 1, p, rng))
                        for _ in range(4000)])

    assert rate(0.2) == pytest.approx(0.5 * 0.8, abs=0.03)
    assert rate(0.8) == pytest.approx(0.5 * 0.2, abs=0.03)


def test_intermediaries_wear_out_only_once_their_makers_have_left():
    rng = np.random.default_rng(10)
    ps = partners(3)
    p = {**P, "intermediary_wear_rate": 1e6}
    kept = [Intermediary("roles", 0, "resolution", (0, 1), (0, 0))]
    assert contro.wear_out(kept, ps, p, rng) == 0
    assert len(kept) == 1
    ps.seated_from[0] = 5  # maker 0 replaced, maker 1 still there
    assert contro.wear_out(kept, ps, p, rng) == 0
    ps.seated_from[1] = 7  # both makers gone: nobody carries it
    assert contro.wear_out(kept, ps, p, rng) == 1
    assert kept == []


# --- intervention, attendance, projects -------------------------------------------------
def test_attendance_only_in_buildings_with_activities(scenarios):
    """The `np.roll` bug: households attend only their own building's activities."""
    rng = np.random.default_rng(11)
    sc = scenarios["milieu-1"]
    res = init_residents(sc, rng)
    p = {**P, "attend_base": 1.0, "invitation_boost": 1.0}
    res.invited[:] = True
    residents.attend(res, np.array([3, 0, 0]), 1, p, rng)
    attended = res.recent != 0
    assert attended[res.building == 0].sum() > 0
    assert not attended[res.building != 0].any()
    assert attended[res.building == 0].sum() <= 3 * int(P["activity_capacity"])


def test_reception_trust_is_kept_when_the_worker_leaves_and_contact_trust_is_lost(scenarios):
    rng = np.random.default_rng(12)
    sc = scenarios["milieu-3"]
    for mechanism, kept in (("contact", False), ("reception", True)):
        p = {**P, "trust_mechanism": mechanism}
        res = init_residents(sc, rng)
        area = residents.catchment(res, [(0, 0, "all")], p)
        residents.contacts(res, area, np.array([40.0]), 1.0, np.zeros(5, bool), 1, p, rng)
        touched = res.last_worker == 0
        before = res.trust[touched].copy()
        assert before.min() > 0
        if mechanism == "reception":
            assert before == pytest.approx(np.full(before.size, float(P["reception_trust"])))
        residents.worker_left(res, 0, p)
        assert np.array_equal(res.trust[touched], before) is kept


def test_project_critical_mass_is_relative_to_the_site():
    """Twice the households need twice the co-organisers; the same share of partners."""
    p = {**P, "project_min_partner_share": 0.5, "project_min_coorganiser_share": 0.02}
    ps = partners(8, stage=ENROLLED)
    ps.stage[:3] = INTERESTED  # 5 of 8 enrolled
    seated = np.ones(8, bool)
    assert activities.project_can_start(ps, seated, 4, 200, p)
    assert not activities.project_can_start(ps, seated, 4, 400, p)
    assert activities.project_can_start(ps, seated, 8, 400, p)
    ps.stage[:5] = INTERESTED  # 3 of 8 enrolled
    assert not activities.project_can_start(ps, seated, 8, 400, p)


def test_room_allocation_serves_at_most_the_slots():
    rng = np.random.default_rng(13)
    requests = np.array([0, 1, 2, 0, 1, 2, 0])
    assert activities.allocate_room(requests, 10, rng).tolist() == list(range(7))
    served = activities.allocate_room(requests, 4, rng)
    assert served.size == 4
    assert len(set(served.tolist())) == 4


# --- the whole model -----------------------------------------------------------------------
def test_isolation_rises_when_activities_stop_for_the_whole_window(scenarios):
    sc = scenarios["milieu-1"].with_params(suspension_start_week=0, suspension_weeks=66)
    changes = [run_once(sc, 1, r, 66).summary["isolation_change"] for r in range(5)]
    assert min(changes) > 0.05


def test_milieu_3_is_partly_enrolled_at_week_0(scenarios):
    start = [HLMModel(scenarios["milieu-3"], run_generator(1, r), resident_agents=False).latest
             for r in range(5)]
    assert np.mean([s["partners_enrolled_share"] for s in start]) > 0.25
    assert all(s["week"] == 0 for s in start)
    assert all(s["controversies_opened"] == 0 and s["departures_partners"] == 0 for s in start)


def test_intermediaries_can_decline(scenarios):
    sc = scenarios["milieu-3"].with_params(network_age_weeks=26, staff_turnover_rate=2.0,
                                            intermediary_wear_rate=5.0, intermediary_prob=0.2)
    changes = [run_once(sc, 1, r, 66).summary for r in range(6)]
    assert min(c["intermediaries_change"] for c in changes) < 0
    assert max(c["intermediaries_worn"] for c in changes) > 0


def test_mediation_shortens_resolution_in_the_model(scenarios):
    """Model-level effect size: with organisers always mediating, controversies close
    at least twice as fast as with none."""
    sc = scenarios["milieu-1"].with_params(network_age_weeks=0, role_conflict_rate=0.2)

    def mean_weeks(presence):
        values = [run_once(sc.with_params(mediator_presence=presence), 3, r, 156)
                  .summary["mean_resolution_weeks"] for r in range(12)]
        return np.nanmean(values)

    assert mean_weeks(0.0) > 2.0 * mean_weeks(1.0)
