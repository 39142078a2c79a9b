"""The model's state as arrays: partners and resident households.

Partners are few (8-15) and households many (100-900); both keep their state in numpy
arrays so the weekly rules act on whole arrays. The Mesa agents in :mod:`sim.model.agents`
are views onto one row of these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.params import NEED_MIX
from sim.scenario import HOUSEHOLD_TYPES, Scenario

OUTSIDE, PROBLEMATISED, INTERESTED, ENROLLED, MOBILISED = range(5)
STAGES = ("outside", "problematised", "interested", "enrolled", "mobilised")
"""Callon's moments of translation as ordered partner stages (Callon 1986)."""

NEVER = -10_000
"""Week stamp meaning 'never happened'."""
PRIOR = 1 << 30
"""Renewal stamp of ties that predate the intervention and were never renewed at an
activity: they do not expire with ``tie_lifetime`` but lapse at their own rate."""
RECENT_WEEKS = 8
"""Weeks of attendance each household's ``recent`` record keeps (one bit a week)."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(slots=True)
class PartnerState:
    """Translation state of each partner organisation (one row per partner)."""

    framing: FloatArray  # (P, 2) problem framing of the current representative
    origin_framing: FloatArray  # (P, 2) the organisation's own framing (for newcomers)
    clarity: FloatArray  # role clarity in [0, 1]
    engagement: FloatArray  # engagement in [0, 1]
    stage: IntArray  # OUTSIDE..MOBILISED
    meetings: IntArray  # meetings attended by the current representative
    seated_from: IntArray  # week the current representative took the seat
    last_controversy: IntArray  # last week an open controversy involved the partner
    last_project: IntArray  # last week the partner co-ran a collective project
    first_at: IntArray  # (P, 5) first week at each stage, NEVER if not yet
    mediator: BoolArray
    funder: BoolArray
    core: BoolArray  # core partner: its representative stays throughout (never leaves)
    services: BoolArray  # (P, len(NEEDS)) needs its services answer
    member: BoolArray  # (C, P) committee membership
    ran_activity: BoolArray  # ran an activity in the room this week

    @property
    def size(self) -> int:
        """Number of partners."""
        return int(self.clarity.shape[0])

    def seated(self, week: int) -> BoolArray:
        """Whether each partner has a representative in its seat this week."""
        return self.seated_from <= week


@dataclass(slots=True)
class Ties:
    """Ties between households, with each household's number of ties kept current.

    ``last`` maps a pair key ``i * n + j`` (i < j) to the week the tie was last renewed
    (``PRIOR`` for ties that predate the intervention and were never renewed at an
    activity); ``due`` files each renewal under its week so that expiry only looks at the
    ties that may have lapsed; ``prior`` lists the keys of prior ties (some may since have
    been renewed or have lapsed: :meth:`lapse_prior` skips those).
    """

    n: int
    last: dict[int, int] = field(default_factory=dict)
    degree: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    due: dict[int, list[int]] = field(default_factory=dict)
    prior: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.degree.size != self.n:
            self.degree = np.zeros(self.n, np.int64)

    def renew(self, a: IntArray, b: IntArray, week: int) -> None:
        """Form or renew the ties between households ``a[k]`` and ``b[k]``; a prior tie
        renewed at an activity becomes an activity tie."""
        if a.size == 0:
            return
        keys = (np.minimum(a, b) * self.n + np.maximum(a, b)).tolist()
        last, fresh = self.last, []
        for k in keys:
            if k not in last:
                fresh.append(k)
            last[k] = week
        self.due.setdefault(week, []).extend(keys)
        n, degree = self.n, self.degree
        for k in fresh:
            degree[k // n] += 1
            degree[k % n] += 1

    def expire(self, week: int, lifetime: int) -> None:
        """End the ties last renewed exactly ``lifetime`` weeks ago."""
        stamp = week - lifetime
        keys = self.due.pop(stamp, None)
        if not keys:
            return
        last = self.last
        gone = [k for k in set(keys) if last.get(k) == stamp]
        n, degree = self.n, self.degree
        for k in gone:
            del last[k]
            degree[k // n] -= 1
            degree[k % n] -= 1

    def add_prior(self, a: IntArray, b: IntArray) -> None:
        """Add ties that predate the intervention between ``a[k]`` and ``b[k]``."""
        keys = (np.minimum(a, b) * self.n + np.maximum(a, b)).tolist()
        last, n, degree = self.last, self.n, self.degree
        for k in keys:
            if k not in last:
                last[k] = PRIOR
                self.prior.append(k)
                degree[k // n] += 1
                degree[k % n] += 1

    def lapse_prior(self, chance: float, rng: np.random.Generator) -> None:
        """Each prior tie never renewed at an activity lapses with ``chance`` (one draw
        per listed key, whatever its state, so the stream does not depend on renewals)."""
        if not self.prior or chance <= 0.0:
            return
        hit = np.flatnonzero(rng.random(len(self.prior)) < chance)
        if hit.size == 0:
            return
        last, n, degree, prior = self.last, self.n, self.degree, self.prior
        for pos in hit.tolist():
            k = prior[pos]
            if last.get(k) == PRIOR:
                del last[k]
                degree[k // n] -= 1
                degree[k % n] -= 1
        gone = set(hit.tolist())
        self.prior = [k for pos, k in enumerate(prior) if pos not in gone and last.get(k) == PRIOR]

    def pairs(self) -> IntArray:
        """The current ties as an (E, 2) array of household indices."""
        keys = np.fromiter(self.last, np.int64, len(self.last))
        return np.stack((keys // self.n, keys % self.n), axis=1)


@dataclass(slots=True)
class ResidentState:
    """State of every resident household, one row each.

    ``ties`` holds the ties between households (:class:`Ties`).
    """

    building: IntArray
    htype: IntArray  # index into HOUSEHOLD_TYPES
    propensity: FloatArray  # propensity to take part, Beta(a, 2)
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
    referrals: IntArray  # referrals received since the start
    ties: Ties = field(default_factory=lambda: Ties(0))

    @property
    def size(self) -> int:
        """Number of households."""
        return int(self.building.shape[0])

    def degree(self) -> IntArray:
        """Number of ties of each household."""
        return self.ties.degree


def init_residents(scenario: Scenario, rng: np.random.Generator) -> ResidentState:
    """Draw the households of a site: building, type, needs, propensity, initial ties.

    Propensity to take part is Beta(``propensity_shape``, ``propensity_shape_b``) with a
    small first shape so that a minority takes part in most activities ([S] « c'est
    toujours les mêmes qui participent »). The main need follows :data:`NEED_MIX` by
    household type, its intensity Beta(``need_shape``, ``need_shape``). Ties that predate
    the intervention (kin, long-time neighbours) join random pairs within a building;
    they lapse at their own rate (:meth:`Ties.lapse_prior`).
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
        building=building, htype=htype, propensity=propensity, need_kind=need_kind,
        need=rng.beta(float(p["need_shape"]), float(p["need_shape"]), size=n), trust=np.zeros(n),
        last_contact=np.full(n, NEVER, np.int64),
        last_worker=np.full(n, -1, np.int64), invited=np.zeros(n, bool),
        recent=np.zeros(n, np.uint8), attendance=np.zeros(n, np.int64), committee=committee,
        helped_project=np.full(n, NEVER, np.int64), referrals=np.zeros(n, np.int64),
    )
    state.ties = Ties(n)
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
    starts = np.searchsorted(state.building, state.building[i], side="left")
    ends = np.searchsorted(state.building, state.building[i], side="right")
    j = starts + (rng.random(n_edges) * (ends - starts)).astype(np.int64)
    ok = i != j
    lo, hi = np.minimum(i[ok], j[ok]), np.maximum(i[ok], j[ok])
    state.ties.add_prior(lo, hi)
