"""Resident rules: worker contacts, attendance, ties, projects.

Each rule takes the resident state, the values it needs, the parameters and the run's
generator, and updates the state in place. ``tests/reference/`` holds a slow, obvious
twin of every rule (household by household in plain Python); the tests check that both
give the same outcome distributions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rules.jit import rule
from sim.model.rules.kparams import TRUST_WORKER
from sim.model.state import (
    NO_TIE,
    PRIOR,
    RECENT_WEEKS,
    BoolArray,
    IntArray,
    ResidentState,
    Ties,
    WorkerState,
)
from sim.params import WEEKS_PER_YEAR

FAMILY = 0
_POPCOUNT = np.array([i.bit_count() for i in range(1 << RECENT_WEEKS)], dtype=np.int64)
"""Number of attended weeks in each 8-bit attendance record."""


@rule
def contacts(res: ResidentState, workers: WorkerState, week: int, reception: float,
             services: BoolArray, p: Any, rng: Any) -> int:
    """Each seated worker contacts about ``worker_hours / hours_per_contact`` households
    of its building; returns the referrals made.

    Each household of the building is contacted with probability proportional to its
    weight ``outreach_floor + need + trust`` (times ``family_focus_boost`` for families
    when the worker's focus is families or youth), scaled so that the expected number
    of contacts is the worker's (capped at 1 per household); every worker chooses from
    the households' state before this week's contacts. A contact raises trust by
    ``trust_gain * reception * (1 - trust)`` under both ``trust_mechanism`` submodels
    (frequency: [S] « ce qui lui permet de développer un lien de confiance avec les
    familles »; the employer's reception factor: « les interventions sont davantage
    perçues positivement par les résidents »); they differ when a worker leaves
    (:func:`worker_left`).

    A contact stamps the household as reached this week, invites it to next week's
    activities, and refers it, with ``referral_prob``, to an enrolled partner whose
    service answers its main need, which leaves ``need_after_referral`` of that need
    ([S] « faciliter le référencement »). A household two workers contact in the same
    week gains trust once (the later worker is its last) but has a referral chance at
    each contact. One draw per household of each seated worker's building, then one per
    contact of a household whose need a service answers.
    """
    wanted = p.worker_hours / p.hours_per_contact
    chosen = np.full(res.building.shape[0], -1, np.int64)
    visits = np.zeros(res.building.shape[0], np.int64)
    for w in range(workers.building.shape[0]):
        if workers.seated_from[w] > week:
            continue
        lo, hi = res.building_start[workers.building[w]], res.building_start[workers.building[w] + 1]
        weight = np.empty(hi - lo)
        for k in range(hi - lo):
            h = lo + k
            weight[k] = p.outreach_floor + res.need[h] + res.trust[h]
            if workers.focused[w] and res.htype[h] == FAMILY:
                weight[k] *= p.family_focus_boost
        scale = wanted / weight.sum()
        for k in range(hi - lo):
            if rng.random() < weight[k] * scale:
                chosen[lo + k] = w
                visits[lo + k] += 1
    gain = min(1.0, p.trust_gain * reception)
    referrals = 0
    for h in range(chosen.shape[0]):
        if chosen[h] < 0:
            continue
        res.trust[h] += gain * (1.0 - res.trust[h])
        res.last_contact[h] = week
        res.last_worker[h] = chosen[h]
        res.invited[h] = True
        if not services[res.need_kind[h]]:
            continue
        for _ in range(visits[h]):
            if rng.random() < p.referral_prob:
                res.referrals[h] += 1
                res.need[h] *= p.need_after_referral
                referrals += 1
    return referrals


@rule
def worker_left(res: ResidentState, worker: int, p: Any) -> None:
    """Under the 'with_worker' trust submodel, trust in a departing worker does not pass to
    the next one ([S] « il faut qu'à reste permanent, il faut pas qu'elle change »,
    Résident 3, Milieu 4). Under 'with_employer', trust is the employer's and the next worker
    keeps it."""
    for h in range(res.last_worker.shape[0]):
        if res.last_worker[h] == worker:
            if p.trust_mechanism == TRUST_WORKER:
                res.trust[h] = 0.0
            res.last_worker[h] = -1


def reached(res: ResidentState, week: int, p: dict[str, Any]) -> BoolArray:
    """Households in a worker's active caseload: last contacted at most
    ``reach_window_weeks`` weeks ago (an observation, not a rule: plain numpy)."""
    return week - res.last_contact <= int(p["reach_window_weeks"])


@rule
def renew(ties: Ties, a: int, b: int, week: int) -> None:
    """Form or renew the tie between households ``a`` and ``b``; a prior tie renewed at
    an activity becomes an activity tie."""
    i, j = min(a, b), max(a, b)
    if ties.last[i, j] == NO_TIE:
        ties.keys[ties.n_ties[0]] = i * ties.degree.shape[0] + j
        ties.n_ties[0] += 1
        ties.degree[i] += 1
        ties.degree[j] += 1
    ties.last[i, j] = week


@rule
def form_ties(res: ResidentState, members: IntArray, week: int, p: Any, rng: Any) -> None:
    """Each pair of ``members`` (one activity or one project table) forms or renews a
    tie with ``tie_prob`` ([S] « Briser la solitude ... ça brise l'isolement »,
    Résident 11, Milieu 2). One draw per pair, in order."""
    n = members.shape[0]
    for x in range(n):
        for y in range(x + 1, n):
            if rng.random() < p.tie_prob:
                renew(res.ties, members[x], members[y], week)


@rule
def _keep_random(members: IntArray, capacity: int, rng: Any) -> IntArray:
    """At most ``capacity`` of ``members``, drawn at random (partial Fisher-Yates), in
    their original order."""
    n = members.shape[0]
    if n <= capacity:
        return members
    order = np.arange(n)
    for k in range(capacity):
        j = k + int(rng.random() * (n - k))
        order[k], order[j] = order[j], order[k]
    return members[np.sort(order[:capacity])]


@rule
def _by_slot(slot: IntArray, n_slots: int) -> tuple[IntArray, IntArray]:
    """Households grouped by activity slot (a counting sort, stable): the attendees of
    slot ``s`` are ``order[first[s]:first[s + 1]]`` in household order; ``-1`` (no
    activity) is left out. The same grouping as a stable sort of ``slot``, in one pass
    instead of a sort each week (about 30 % of a run in milieu 1)."""
    first = np.zeros(n_slots + 1, np.int64)
    for h in range(slot.shape[0]):
        if slot[h] >= 0:
            first[slot[h] + 1] += 1
    for s in range(n_slots):
        first[s + 1] += first[s]
    order = np.empty(first[n_slots], np.int64)
    fill = first[:n_slots].copy()
    for h in range(slot.shape[0]):
        if slot[h] >= 0:
            order[fill[slot[h]]] = h
            fill[slot[h]] += 1
    return order, first


@rule
def attend(res: ResidentState, activities: IntArray, week: int, p: Any, rng: Any) -> None:
    """Households attend this week's activities in their building and form ties.

    ``activities[b]`` is the number of activities in building ``b``. Each activity is
    an independent chance ``propensity * (attend_base + attend_trust * trust) +
    invitation_boost * invited``; a household attends at most one, chosen uniformly.
    Each activity holds at most ``activity_capacity`` households (a random subset beyond).
    Attendees of the same activity form or renew ties (:func:`form_ties`). One draw per
    household.
    """
    n = res.building.shape[0]
    starts = np.zeros(activities.shape[0] + 1, np.int64)
    starts[1:] = np.cumsum(activities)
    slot = np.full(n, -1, np.int64)
    for h in range(n):
        res.recent[h] = (res.recent[h] << 1) % (1 << RECENT_WEEKS)
        chance = res.propensity[h] * (p.attend_base + p.attend_trust * res.trust[h])
        if res.invited[h]:
            chance += p.invitation_boost
        res.invited[h] = False
        a = activities[res.building[h]]
        u = rng.random()
        if a == 0:
            continue
        attend_p = 1.0 - (1.0 - min(chance, 1.0)) ** a
        if u < attend_p:  # given u < attend_p, u / attend_p is uniform: it picks the activity
            slot[h] = starts[res.building[h]] + min(a - 1, int(u / attend_p * a))
    capacity = int(p.activity_capacity)
    order, first = _by_slot(slot, starts[-1])
    for s in range(starts[-1]):
        members = _keep_random(order[first[s]:first[s + 1]], capacity, rng)
        for h in members:
            res.recent[h] |= 1
            res.attendance[h] += 1
        form_ties(res, members, week, p, rng)


@rule
def decay_ties(res: ResidentState, week: int, p: Any, rng: Any) -> None:
    """Ties formed at activities end when not renewed for ``tie_lifetime`` weeks; prior
    ties never renewed at an activity lapse at the yearly rate ``prior_tie_lapse_rate``
    (moves, deaths: so isolation can rise when activities stop). One draw per prior tie."""
    ties = res.ties
    n = ties.degree.shape[0]
    lifetime = int(p.tie_lifetime)
    lapse = 1.0 - np.exp(-p.prior_tie_lapse_rate / WEEKS_PER_YEAR)
    k = 0
    while k < ties.n_ties[0]:
        key = ties.keys[k]
        i, j = key // n, key % n
        last = ties.last[i, j]
        ends = rng.random() < lapse if last == PRIOR else week - last >= lifetime
        if ends:
            ties.last[i, j] = NO_TIE
            ties.degree[i] -= 1
            ties.degree[j] -= 1
            ties.n_ties[0] -= 1
            ties.keys[k] = ties.keys[ties.n_ties[0]]
        else:
            k += 1


@rule
def coorganisers(res: ResidentState, week: int, regular_weeks: int, window: int) -> BoolArray:
    """Households that take part regularly (``regular_weeks`` or more of the last 8
    weeks) and sit on the tenants' committee or helped run a project in the last
    ``coorganiser_window`` weeks."""
    n = res.recent.shape[0]
    out = np.zeros(n, np.bool_)
    for h in range(n):
        if _POPCOUNT[res.recent[h]] >= regular_weeks:
            out[h] = res.committee[h] or week - res.helped_project[h] <= window
    return out


@rule
def join_project(res: ResidentState, week: int, p: Any, rng: Any) -> int:
    """A collective project gathers co-organisers and a share ``project_join_share`` of
    the households taking part.

    Participants count an attendance, are marked as having helped run a project and
    form ties as at activities, at tables of ``activity_capacity`` in a random order.
    Returns the number of participants.
    """
    organisers = coorganisers(res, week, int(p.regular_weeks), int(p.coorganiser_window))
    n = res.recent.shape[0]
    joins = np.zeros(n, np.bool_)
    for h in range(n):
        joins[h] = organisers[h] or (res.recent[h] != 0 and rng.random() < p.project_join_share)
    who = np.flatnonzero(joins)
    for k in range(who.shape[0] - 1, 0, -1):  # a random order (Fisher-Yates)
        j = int(rng.random() * (k + 1))
        who[k], who[j] = who[j], who[k]
    capacity = int(p.activity_capacity)
    for household in who:
        res.helped_project[household] = week
        res.attendance[household] += 1
    for start in range(0, who.shape[0], capacity):
        form_ties(res, who[start:start + capacity], week, p, rng)
    return int(who.shape[0])
