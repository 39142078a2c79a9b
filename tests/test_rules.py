"""Properties of the weekly rules (hypothesis) and known answers of the statistics."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from tests_support import SCENARIO_DIR

from sim.model.record import gini
from sim.model.rules import residents, translation
from sim.model.rules.kparams import pack
from sim.model.state import NEVER, NO_TIE, PRIOR, PartnerState, Ties, WorkerState, init_residents
from sim.params import defaults
from sim.run.stats import mean_interval
from sim.scenario import load_scenario

P = defaults()
KP = pack(P)
SITE = load_scenario(SCENARIO_DIR / "milieu-3.toml")


def ties_of(n):
    return Ties(np.full((n, n), NO_TIE, np.int32), np.zeros(n * (n - 1) // 2 + 1, np.int64),
                np.zeros(1, np.int64), np.zeros(n, np.int64))


def add_prior(ties, a, b):
    for i, j in zip(a, b, strict=True):
        ties.last[i, j] = PRIOR
        ties.keys[ties.n_ties[0]] = i * ties.n + j
        ties.n_ties[0] += 1
        ties.degree[i] += 1
        ties.degree[j] += 1
unit = st.floats(0.0, 1.0, allow_nan=False)


def partner_state(n, rng):
    return PartnerState(
        framing=rng.random((n, 2)), origin_framing=rng.random((n, 2)),
        clarity=rng.random(n), engagement=rng.random(n), stage=rng.integers(0, 5, n),
        meetings=rng.integers(0, 5, n), seated_from=rng.integers(-5, 3, n),
        last_controversy=rng.integers(-30, 10, n), last_project=np.full(n, NEVER),
        first_at=np.full((n, 5), NEVER), mediator=np.zeros(n, bool), funder=np.zeros(n, bool), core=np.zeros(n, bool),
        services=np.zeros((n, 5), bool), member=np.ones((1, n), bool), ran_activity=np.zeros(n, bool),
        distance=rng.random(n) * 0.3, founding_seats=np.zeros(n, np.int64))


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.tuples(st.integers(2, 12), st.just(2)), elements=unit),
       st.booleans(), st.floats(0.02, 1.0), st.floats(0.0, 1.0))
def test_convergence_stays_in_the_hull_and_never_widens(framing, mediated, eps, mu):
    """Bounded-confidence averaging moves each framing toward a mean of framings: the
    framings stay in [0, 1]^2 and their spread (largest distance) does not grow."""
    p = pack({**P, "confidence_eps": eps, "convergence_mu": mu})
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
    new = translation.next_stages(ps, seated, week, KP)
    assert np.all(new <= ps.stage + 1)
    assert np.all(new[~seated] == 0)
    assert np.all((new >= 0) & (new <= 4))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 15), st.integers(0, 2**32 - 1), st.integers(0, 4))
def test_meeting_gains_raise_clarity_and_engagement_within_bounds(n, seed, grids):
    rng = np.random.default_rng(seed)
    ps = partner_state(n, rng)
    clarity, engagement = ps.clarity.copy(), ps.engagement.copy()
    translation.meeting_gains(ps, np.arange(n), grids, KP)
    assert np.all(ps.clarity >= clarity)
    assert np.all(ps.clarity <= 1.0)
    assert np.all(ps.engagement >= engagement)
    assert np.all(ps.engagement <= 1.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29), st.integers(0, 40)), max_size=80),
       st.integers(1, 20))
def test_ties_keep_degrees_current_and_expire_when_not_renewed(events, lifetime):
    """Renewals and expiries in week order: degrees always equal a recount, and a tie
    exists exactly when it was renewed less than ``lifetime`` weeks ago (the prior tie
    (0, 1), which never lapses here, lasts until an activity renews it)."""
    res = init_residents(SITE.with_params(initial_mean_ties=0.0), np.random.default_rng(0))
    res = res._replace(ties=ties_of(30), building=np.zeros(30, np.int64))
    add_prior(res.ties, [0], [1])
    p = pack({**P, "tie_lifetime": lifetime, "prior_tie_lapse_rate": 0.0})
    rng = np.random.default_rng(1)
    last: dict[tuple[int, int], int] = {}
    by_week: dict[int, list[tuple[int, int]]] = {}
    for a, b, w in events:
        if a != b:
            by_week.setdefault(w, []).append((min(a, b), max(a, b)))
    for week in range(70):
        for x, y in by_week.get(week, []):
            residents.renew(res.ties, x, y, week)
            last[(x, y)] = week
        residents.decay_ties(res, week, p, rng)
        alive = {pair for pair, w in last.items() if week - w < lifetime}
        if (0, 1) not in last:
            alive |= {(0, 1)}
        assert {tuple(map(int, pr)) for pr in res.ties.pairs()} == alive
        assert np.array_equal(np.bincount(res.ties.pairs().ravel(), minlength=30), res.ties.degree)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 3.0))
def test_contacts_keep_trust_in_range_and_only_reach_the_building(seed, reception):
    rng = np.random.default_rng(seed)
    sc = load_scenario(SCENARIO_DIR / "milieu-1.toml")
    res = init_residents(sc, rng)
    workers = WorkerState(np.array([1]), np.array([True]), np.array([0]))
    before = res.trust.copy()
    p = pack({**P, "worker_hours": 24.0})
    for week in range(5):
        residents.contacts(res, workers, week, reception, np.ones(5, bool), p, rng)
    reached = residents.reached(res, 5, P)
    assert np.all((res.trust >= 0) & (res.trust <= 1))
    assert np.all(res.trust >= before)
    assert not reached[res.building != 1].any()
    assert reached[res.building == 1].any()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 5.0), st.integers(0, 19))
def test_prior_ties_lapse_only_while_never_renewed(seed, rate, n_renewed):
    """Prior ties lapse at their own rate; one renewed at an activity never lapses that
    way (it expires as activity ties do); degrees stay equal to a recount."""
    rng = np.random.default_rng(seed)
    res = init_residents(SITE, rng)._replace(ties=ties_of(40))
    a, b = np.arange(0, 38, 2), np.arange(1, 39, 2)
    add_prior(res.ties, a, b)
    for x, y in zip(a[:n_renewed], b[:n_renewed], strict=True):
        residents.renew(res.ties, int(x), int(y), 5)
    renewed = {(int(x), int(y)) for x, y in zip(a[:n_renewed], b[:n_renewed], strict=True)}
    p = pack({**P, "prior_tie_lapse_rate": rate, "tie_lifetime": 260})
    for week in range(6, 16):
        residents.decay_ties(res, week, p, rng)
    pairs = {tuple(map(int, pr)) for pr in res.ties.pairs()}
    assert renewed <= pairs
    assert all(res.ties.last[x, y] == PRIOR for x, y in pairs - renewed)
    assert np.array_equal(np.bincount(res.ties.pairs().ravel(), minlength=40), res.ties.degree)


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
