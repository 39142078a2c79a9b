"""The model's state as arrays: partners, committees, workers, households, ties, and
the logs of controversies, intermediaries and projects.

Every piece of state is a numpy array held in a named tuple, so that the compiled weekly
rules (:mod:`sim.model.rules`) act on it directly and Mesa's agents (:mod:`sim.model.agents`) are
views onto one row. Logs have a fixed capacity computed from the run's length (at most
one new controversy of each kind a week, one project a week), so nothing grows while
the compiled loop runs.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from sim.kinds import CONTROVERSY_KINDS
from sim.params import NEED_MIX
from sim.scenario import HOUSEHOLD_TYPES, Scenario
from sim.stages import STAGES

OUTSIDE, PROBLEMATISED, INTERESTED, ENROLLED, MOBILISED = range(len(STAGES))
"""Partner stages as indices into :data:`sim.stages.STAGES` (Callon's moments of translation)."""

NEVER = -10_000
"""Week stamp meaning 'never happened' (weeks run from -520 at the earliest)."""
NO_TIE = -(1 << 30)
"""``Ties.last`` of a pair with no tie."""
PRIOR = 1 << 30
"""``Ties.last`` of a tie that predates the intervention and was never renewed at an
activity: it does not expire with ``tie_lifetime`` but lapses at its own rate."""
RECENT_WEEKS = 8
"""Weeks of attendance each household's ``recent`` record keeps (one bit a week)."""
KINDS = CONTROVERSY_KINDS
"""Kinds of controversy and of the intermediaries their resolutions leave (:mod:`sim.kinds`)."""
ROLES, ROOM, TURNOVER, TABLE, TENANTS = (KINDS.index(k) for k in ("roles", "room", "turnover",
                                                                  "table", "tenants"))

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


class PartnerState(NamedTuple):
    """Translation state of each partner organisation (one row per partner)."""

    framing: FloatArray  # (P, 2) problem framing of the current representative
    origin_framing: FloatArray  # (P, 2) the organisation's own framing (for newcomers)
    clarity: FloatArray  # role clarity in [0, 1]
    engagement: FloatArray  # engagement in [0, 1]
    stage: IntArray  # OUTSIDE..MOBILISED
    meetings: IntArray  # meetings attended by the current representative
    seated_from: IntArray  # week the current representative took (or takes) the seat
    last_controversy: IntArray  # last week an open controversy involved the partner
    last_project: IntArray  # last week the partner co-ran a collective project
    first_at: IntArray  # (P, 5) first week at each stage, NEVER if not yet
    mediator: BoolArray
    funder: BoolArray
    core: BoolArray  # core partner: its representative stays throughout (never leaves)
    services: BoolArray  # (P, len(NEEDS)) needs its services answer
    member: BoolArray  # (C, P) committee membership
    ran_activity: BoolArray  # ran an activity in the room this week
    distance: FloatArray  # distance to the nearest committee's shared framing
    founding_seats: IntArray  # seated_from at the founding (makers of initial intermediaries)

    @property
    def size(self) -> int:
        """Number of partners."""
        return int(self.clarity.shape[0])

    def seated(self, week: int) -> BoolArray:
        """Whether each partner has a representative in its seat this week."""
        return self.seated_from <= week


class CommitteeState(NamedTuple):
    """Committees: meeting interval and offset, meetings held, last attendees."""

    interval: IntArray
    offset: IntArray
    meetings_held: IntArray
    last_attendees: BoolArray  # (C, P)


class WorkerState(NamedTuple):
    """Proximity workers: building served, family focus, week the current one took the post."""

    building: IntArray
    focused: BoolArray  # focus on families or youth (families weigh more)
    seated_from: IntArray


class Ties(NamedTuple):
    """Ties between households: ``last[i, j]`` (i < j) is the week the tie was last
    renewed (``PRIOR`` for a prior tie, ``NO_TIE`` for none); ``keys[:n_ties[0]]`` lists
    the current ties as keys ``i * n + j``; ``degree`` is kept current."""

    last: NDArray[np.int32]
    keys: IntArray
    n_ties: IntArray  # (1,)
    degree: IntArray

    @property
    def n(self) -> int:
        """Number of households."""
        return int(self.degree.shape[0])

    def pairs(self) -> IntArray:
        """The current ties as an (E, 2) array of household indices."""
        keys = self.keys[: int(self.n_ties[0])]
        return np.stack((keys // self.n, keys % self.n), axis=1)


class ResidentState(NamedTuple):
    """State of every resident household, one row each, sorted by building."""

    building: IntArray
    building_start: IntArray  # (B + 1,) first household of each building
    htype: IntArray  # index into HOUSEHOLD_TYPES
    propensity: FloatArray  # propensity to take part
    need_kind: IntArray  # index into NEEDS: the household's main need
    need: FloatArray  # intensity of that need in [0, 1]
    trust: FloatArray  # trust in its current worker in [0, 1]
    last_contact: IntArray  # week of the last contact with a worker, NEVER if none
    last_worker: IntArray  # worker of the last contact, -1 if none
    invited: BoolArray  # invited to activities by last week's contact
    recent: NDArray[np.uint8]  # attendance bits of the last RECENT_WEEKS (bit 0 = this week)
    attendance: IntArray  # activities attended since the start of observation
    committee: BoolArray  # sits on the tenants' committee
    helped_project: IntArray  # last week it took part in a collective project
    referrals: IntArray  # referrals received since the founding
    ties: Ties

    @property
    def size(self) -> int:
        """Number of households."""
        return int(self.building.shape[0])

    def degree(self) -> IntArray:
        """Number of ties of each household."""
        return self.ties.degree


class Log(NamedTuple):
    """What happened: controversies, intermediaries, projects, and the counters.

    Controversy ``k`` < ``counters[N_CONTROVERSIES]``: kind, parties ``a``/``b`` (partners;
    -1 for a dispute between tenants, which has no partner among its parties), week
    opened, week resolved (NEVER while open), weeks a mediator worked on it.
    Intermediary ``k``: kind, week made, whether still in force, and its makers (two
    parties, or the founding table when ``founders`` is set; -1 for rules of common life,
    which the tenants carry) with their seats then.
    Project ``k``: week and number of households taking part.
    """

    c_kind: IntArray
    c_a: IntArray
    c_b: IntArray
    c_opened: IntArray
    c_resolved: IntArray
    c_mediated: IntArray
    i_kind: IntArray
    i_created: IntArray
    i_alive: BoolArray
    i_founders: BoolArray
    i_a: IntArray
    i_b: IntArray
    i_seat_a: IntArray
    i_seat_b: IntArray
    p_week: IntArray
    p_households: IntArray
    c_open: IntArray  # (kinds,) index of the open controversy of each kind, -1 if none
    counters: IntArray
    gauges: FloatArray  # (GAUGES,) the engagement peak since week 0 and its week


# indices into Log.counters
(N_CONTROVERSIES, N_INTERMEDIARIES, N_PROJECTS, DEPARTURES_PARTNERS, REPLACEMENTS_PARTNERS,
 DEPARTURES_WORKERS, REPLACEMENTS_WORKERS, FALLBACKS, REFERRALS, INTERMEDIARIES_WORN,
 LAST_PROJECT_WEEK, ROOM_DEMAND, ROOM_ALLOCATED, ROOM_SLOTS, ROOM_AGREEMENT, TABLE_MIXED,
 TENANTS_REQUEST, N_COUNTERS) = range(18)
ENGAGEMENT_PEAK, ENGAGEMENT_PEAK_WEEK, GAUGES = range(3)
OBSERVED = (DEPARTURES_PARTNERS, REPLACEMENTS_PARTNERS, DEPARTURES_WORKERS,
            REPLACEMENTS_WORKERS, FALLBACKS, REFERRALS, INTERMEDIARIES_WORN)
"""Counters reset at the start of observation (week 0)."""


def new_log(weeks: int, initial: tuple[str, ...], founding_week: int) -> Log:
    """An empty log sized for ``weeks`` simulated weeks, with the initial intermediaries
    (made by the founding table)."""
    n_c = len(KINDS) * (weeks + 1)
    n_i = len(initial) + n_c
    log = Log(
        c_kind=np.zeros(n_c, np.int64), c_a=np.zeros(n_c, np.int64), c_b=np.zeros(n_c, np.int64),
        c_opened=np.zeros(n_c, np.int64), c_resolved=np.full(n_c, NEVER, np.int64),
        c_mediated=np.zeros(n_c, np.int64),
        i_kind=np.zeros(n_i, np.int64), i_created=np.zeros(n_i, np.int64),
        i_alive=np.zeros(n_i, bool), i_founders=np.zeros(n_i, bool),
        i_a=np.zeros(n_i, np.int64), i_b=np.zeros(n_i, np.int64),
        i_seat_a=np.zeros(n_i, np.int64), i_seat_b=np.zeros(n_i, np.int64),
        p_week=np.zeros(weeks + 1, np.int64), p_households=np.zeros(weeks + 1, np.int64),
        c_open=np.full(len(KINDS), -1, np.int64), counters=np.zeros(N_COUNTERS, np.int64),
        gauges=np.zeros(GAUGES),
    )
    for k, kind in enumerate(initial):
        log.i_kind[k] = KINDS.index(kind)
        log.i_created[k] = founding_week
        log.i_alive[k] = log.i_founders[k] = True
        if kind == "tenants":  # rules of common life: the tenants carry them, no partner
            log.i_a[k] = log.i_b[k] = log.i_seat_a[k] = log.i_seat_b[k] = -1
    log.counters[N_INTERMEDIARIES] = len(initial)
    log.counters[LAST_PROJECT_WEEK] = founding_week
    return log


def init_residents(scenario: Scenario, rng: np.random.Generator) -> ResidentState:
    """Draw the households of a site: building, type, needs, propensity, initial ties.

    Propensity to take part is Beta(``propensity_shape``, ``propensity_shape_b``) with a
    small first shape so that a minority takes part in most activities ([S] « c'est
    toujours les mêmes qui participent »). The main need follows :data:`NEED_MIX` by
    household type, its intensity Beta(``need_shape``, ``need_shape``). Ties that predate
    the intervention (kin, long-time neighbours) join random pairs within a building;
    they lapse at their own rate (:func:`sim.model.rules.residents.decay_ties`).
    """
    p = scenario.params
    building = np.repeat(np.arange(len(scenario.buildings)), scenario.buildings).astype(np.int64)
    n = building.size
    htype = rng.choice(len(HOUSEHOLD_TYPES), size=n, p=np.asarray(scenario.household_mix))
    need_kind = _draw_needs(htype, rng)
    committee = np.zeros(n, bool)
    propensity = rng.beta(float(p["propensity_shape"]), float(p["propensity_shape_b"]), size=n)
    n_committee = round(float(p["tenants_committee_share"]) * n)
    if n_committee:
        weights = propensity / propensity.sum()
        committee[rng.choice(n, size=n_committee, replace=False, p=weights)] = True
    state = ResidentState(
        building=building,
        building_start=np.concatenate(([0], np.cumsum(scenario.buildings))).astype(np.int64),
        htype=htype.astype(np.int64), propensity=propensity, need_kind=need_kind,
        need=rng.beta(float(p["need_shape"]), float(p["need_shape"]), size=n), trust=np.zeros(n),
        last_contact=np.full(n, NEVER, np.int64), last_worker=np.full(n, -1, np.int64),
        invited=np.zeros(n, bool), recent=np.zeros(n, np.uint8), attendance=np.zeros(n, np.int64),
        committee=committee, helped_project=np.full(n, NEVER, np.int64),
        referrals=np.zeros(n, np.int64),
        ties=Ties(np.full((n, n), NO_TIE, np.int32), np.zeros(n * (n - 1) // 2 + 1, np.int64),
                  np.zeros(1, np.int64), np.zeros(n, np.int64)),
    )
    _init_ties(state, float(p["initial_mean_ties"]), rng)
    return state


_NEED_CUMULATIVE = np.cumsum(np.asarray(NEED_MIX), axis=1)
"""Cumulative shares of :data:`sim.params.NEED_MIX`, one row per household type."""


def _draw_needs(htype: IntArray, rng: np.random.Generator) -> IntArray:
    cum = _NEED_CUMULATIVE[htype]
    u = rng.random(htype.size)[:, None]
    return (u > cum).sum(axis=1).astype(np.int64)


def _init_ties(state: ResidentState, mean_ties: float, rng: np.random.Generator) -> None:
    n = state.size
    n_edges = rng.poisson(mean_ties * n / 2)
    if n_edges == 0:
        return
    i = rng.integers(n, size=n_edges)
    # the other end lives in the same building
    starts = state.building_start[state.building[i]]
    ends = state.building_start[state.building[i] + 1]
    j = starts + (rng.random(n_edges) * (ends - starts)).astype(np.int64)
    ok = i != j
    a, b = np.minimum(i[ok], j[ok]), np.maximum(i[ok], j[ok])
    # each pair once, in the order of its first draw (the order the weekly rules walk)
    _, first = np.unique(a * n + b, return_index=True)
    first.sort()
    a, b = a[first], b[first]
    ties = state.ties
    ties.last[a, b] = PRIOR
    ties.keys[:first.size] = a * n + b
    ties.n_ties[0] = first.size
    ties.degree[:] += np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
