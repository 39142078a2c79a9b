"""Properties of the weekly rules (hypothesis) and known answers of the statistics."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from tests_support import SCENARIO_DIR

from sim.params import defaults
from sim.record import gini
from sim.rules import residents, translation
from sim.scenario import load_scenario
from sim.state import NEVER, PRIOR, PartnerState, Ties, init_residents
from sim.stats import mean_interval

P = defaults()
unit = st.floats(0.0, 1.0, allow_nan=False)


def partner_state(n, rng):
    return PartnerState(
        framing=rng.random((n, 2)), origin_framing=rng.random((n, 2)),
        clarity=rng.random(n), engagement=rng.random(n), stage=rng.integers(0, 5, n),
        meetings=rng.integers(0, 5, n), seated_from=rng.integers(-5, 3, n),
        last_controversy=rng.integers(-30, 10, n), last_project=np.full(n, NEVER),
        first_at=np.full((n, 5), NEVER), mediator=np.zeros(n, bool), funder=np.zeros(n, bool),
        services=np.zeros((n, 5), bool), member=np.ones((1, n), bool), ran_activity=np.zeros(n, bool))


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.tuples(st.integers(2, 12), st.just(2)), elements=unit),
       st.booleans(), st.floats(0.02, 1.0), st.floats(0.0, 1.0))
def test_convergence_stays_in_the_hull_and_never_widens(framing, mediated, eps, mu):
    """Bounded-confidence averaging moves each framing toward a mean of framings: the
    framings stay in [0, 1]^2 and their spread (largest distance) does not grow."""
    p = {**P, "confidence_eps": eps, "convergence_mu": mu}
    before = framing.copy()
    translation.converge(framing, np.arange(len(framing)), mediated, p)
    assert np.all((framing >= -1e-12) & (framing <= 1 + 1e-12))
    for axis in (0, 1):
        assert framing[:, axis].min() >= before[:, axis].min() - 1e-12
        assert framing[:, axis].max() <= before[:, axis].max() + 1e-12


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 15), st.integers(0, 2**32 - 1), st.integers(0, 200))
def test_stage_moves_at_most_one_up_and_empty_seats_are_outside(n, seed, week):
    rng = np.random.default_rng(seed)
    ps = partner_state(n, rng)
    seated = ps.seated(week)
    new = translation.next_stages(ps, seated, week, P)
    assert np.all(new <= ps.stage + 1)
    assert np.all(new[~seated] == 0)
    assert np.all((new >= 0) & (new <= 4))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 15), st.integers(0, 2**32 - 1), st.integers(0, 4))
def test_meeting_gains_raise_clarity_and_engagement_within_bounds(n, seed, grids):
    rng = np.random.default_rng(seed)
    ps = partner_state(n, rng)
    clarity, engagement = ps.clarity.copy(), ps.engagement.copy()
    translation.meeting_gains(ps, np.arange(n), grids, P)
    assert np.all(ps.clarity >= clarity)
    assert np.all(ps.clarity <= 1.0)
    assert np.all(ps.engagement >= engagement)
    assert np.all(ps.engagement <= 1.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29), st.integers(0, 40)), max_size=80),
       st.integers(1, 20))
def test_ties_keep_degrees_current_and_expire_when_not_renewed(events, lifetime):
    """Renewals and expiries in week order: degrees always equal a recount, and a tie
    exists exactly when it was renewed less than ``lifetime`` weeks ago."""
    ties = Ties(30)
    ties.add_prior(np.array([0]), np.array([1]))
    last: dict[tuple[int, int], int] = {}
    by_week: dict[int, list[tuple[int, int]]] = {}
    for a, b, w in events:
        if a != b:
            by_week.setdefault(w, []).append((min(a, b), max(a, b)))
    for week in range(70):
        pairs = by_week.get(week, [])
        if pairs:
            ties.renew(np.array([x for x, _ in pairs]), np.array([y for _, y in pairs]), week)
            for pair in pairs:
                last[pair] = week
        ties.expire(week, lifetime)
        # the prior tie (0, 1) lasts until an activity renews it, then expires as others do
        alive = {pair for pair, w in last.items() if week - w < lifetime}
        if (0, 1) not in last:
            alive |= {(0, 1)}
        assert {tuple(map(int, pr)) for pr in ties.pairs()} == alive
        assert np.array_equal(np.bincount(ties.pairs().ravel(), minlength=30), ties.degree)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 3.0))
def test_contacts_keep_trust_in_range_and_only_reach_the_building(seed, reception):
    rng = np.random.default_rng(seed)
    sc = load_scenario(SCENARIO_DIR / "milieu-1.toml")
    res = init_residents(sc, rng)
    area = residents.catchment(res, [(0, 1, "families")], P)
    before = res.trust.copy()
    for week in range(5):
        residents.contacts(res, area, np.array([12.0]), reception, np.ones(5, bool), week, P, rng)
    reached = residents.reached(res, 5, P)
    assert np.all((res.trust >= 0) & (res.trust <= 1))
    assert np.all(res.trust >= before)
    assert not reached[res.building != 1].any()
    assert reached[res.building == 1].any()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 1.0), st.integers(0, 60))
def test_prior_ties_lapse_only_while_never_renewed(seed, chance, n_renewed):
    """Prior ties lapse at their own chance; one renewed at an activity never lapses that
    way; degrees stay equal to a recount."""
    rng = np.random.default_rng(seed)
    ties = Ties(40)
    a, b = np.arange(0, 38, 2), np.arange(1, 39, 2)
    ties.add_prior(a, b)
    ties.renew(a[:n_renewed], b[:n_renewed], 5)
    renewed = set((a[:n_renewed] * 40 + b[:n_renewed]).tolist())
    for _ in range(10):
        ties.lapse_prior(chance, rng)
    assert renewed <= set(ties.last)
    assert all(ties.last[k] == PRIOR for k in ties.last if k not in renewed)
    assert np.array_equal(np.bincount(ties.pairs().ravel(), minlength=40), ties.degree)
    if chance == 1.0:
        assert set(ties.last) == renewed


def test_gini_known_answers():
    assert gini(np.zeros(10)) == 0.0
    assert gini(np.full(10, 3.0)) == 0.0
    assert math.isclose(gini(np.array([0.0, 0, 0, 10])), 0.75)  # (n - 1) / n
    assert math.isclose(gini(np.array([1.0, 2, 3, 4])), 0.25)


def test_mean_interval_known_answer():
    mean, lo, hi = mean_interval(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    # t(0.975, 4) = 2.7764; sd = 1.5811; half = 2.7764 * 1.5811 / sqrt(5) = 1.9632
    assert mean == 3.0
    assert math.isclose(hi - mean, 1.9632, rel_tol=1e-4)
    assert math.isclose(mean - lo, 1.9632, rel_tol=1e-4)
    assert all(math.isnan(x) for x in mean_interval(np.array([math.nan])))


def test_popcount_table_counts_bits():
    assert residents._POPCOUNT[0b10110001] == 4
    assert residents._POPCOUNT[255] == 8
