"""Resident rules: worker contacts, attendance, ties, projects.

Each rule takes the resident state, the values it needs, the parameters and the run's
generator, and updates the state in place. ``tests/reference/`` holds a slow, obvious
twin of every rule (household by household in plain Python); the tests check that both
give the same outcome distributions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.model.rules.jit import rule
from sim.model.rules.kparams import TRUST_WORKER
from sim.model.state import (
    NO_TIE,
    PRIOR,
    RECENT_WEEKS,
    BoolArray,
    FloatArray,
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
def contacts_arrays(building_start: IntArray, htype: IntArray, need_kind: IntArray,
                    need: FloatArray, trust: FloatArray, last_contact: IntArray,
                    last_worker: IntArray, invited: BoolArray, referrals: IntArray, w_building: IntArray,
                    w_focused: BoolArray, w_seated_from: IntArray, week: int, reception: float,
                    services: BoolArray, chosen: IntArray, visits: IntArray, weight: FloatArray,
                    p: Any, rng: Any) -> int:
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

    The rule takes the households' and workers' arrays it uses, and ``chosen``,
    ``visits`` and ``weight`` as room (one entry per household), so that it makes no
    array each week (docs/kernel.md); :func:`contacts` takes the state's named tuples.
    """
    wanted = p.worker_hours / p.hours_per_contact
    outreach, boost = p.outreach_floor, p.family_focus_boost
    chosen[:] = -1
    visits[:] = 0
    for w in range(w_building.shape[0]):
        if w_seated_from[w] > week:
            continue
        lo, hi = building_start[w_building[w]], building_start[w_building[w] + 1]
        focused = w_focused[w]
        total = 0.0
        for k in range(hi - lo):
            h = lo + k
            weight[k] = outreach + need[h] + trust[h]
            if focused and htype[h] == FAMILY:
                weight[k] *= boost
            total += weight[k]
        scale = wanted / total
        for k in range(hi - lo):
            if rng.random() < weight[k] * scale:
                chosen[lo + k] = w
                visits[lo + k] += 1
    gain = min(1.0, p.trust_gain * reception)
    referral_prob, after = p.referral_prob, p.need_after_referral
    made = 0
    for h in range(chosen.shape[0]):
        if chosen[h] < 0:
            continue
        trust[h] += gain * (1.0 - trust[h])
        last_contact[h] = week
        last_worker[h] = chosen[h]
        invited[h] = True
        if not services[need_kind[h]]:
            continue
        for _ in range(visits[h]):
            if rng.random() < referral_prob:
                referrals[h] += 1
                need[h] *= after
                made += 1
    return made


def contacts(res: ResidentState, workers: WorkerState, week: int, reception: float,
             services: BoolArray, p: Any, rng: Any) -> int:
    """Seated workers contact households of their buildings; returns the referrals made
    (:func:`contacts_arrays` on the state's named tuples)."""
    n = res.building.shape[0]
    return int(contacts_arrays(
        res.building_start, res.htype, res.need_kind, res.need, res.trust, res.last_contact,
        res.last_worker, res.invited, res.referrals, workers.building, workers.focused,
        workers.seated_from, week, reception, services, np.empty(n, np.int64),
        np.empty(n, np.int64), np.empty(n), p, rng))


@rule
def worker_left_arrays(last_worker: IntArray, trust: FloatArray, worker: int, p: Any) -> None:
    """Under the 'with_worker' trust submodel, trust in a departing worker does not pass to
    the next one ([S] « il faut qu'à reste permanent, il faut pas qu'elle change »,
    Résident 3, Milieu 4). Under 'with_employer', trust is the employer's and the next worker
    keeps it."""
    for h in range(last_worker.shape[0]):
        if last_worker[h] == worker:
            if p.trust_mechanism == TRUST_WORKER:
                trust[h] = 0.0
            last_worker[h] = -1


def worker_left(res: ResidentState, worker: int, p: Any) -> None:
    """:func:`worker_left_arrays` on the households' named tuple."""
    worker_left_arrays(res.last_worker, res.trust, worker, p)


def reached(res: ResidentState, week: int, p: dict[str, Any]) -> BoolArray:
    """Households in a worker's active caseload: last contacted at most
    ``reach_window_weeks`` weeks ago (an observation, not a rule: plain numpy)."""
    return week - res.last_contact <= int(p["reach_window_weeks"])


@rule
def renew_arrays(last: NDArray[np.int32], keys: IntArray, n_ties: IntArray, degree: IntArray,
                 a: int, b: int, week: int) -> None:
    """Form or renew the tie between households ``a`` and ``b``; a prior tie renewed at
    an activity becomes an activity tie (on the ties' arrays, :class:`~sim.model.state.Ties`)."""
    i, j = min(a, b), max(a, b)
    if last[i, j] == NO_TIE:
        keys[n_ties[0]] = i * degree.shape[0] + j
        n_ties[0] += 1
        degree[i] += 1
        degree[j] += 1
    last[i, j] = week


def renew(ties: Ties, a: int, b: int, week: int) -> None:
    """Form or renew the tie between households ``a`` and ``b`` (:func:`renew_arrays`)."""
    renew_arrays(ties.last, ties.keys, ties.n_ties, ties.degree, a, b, week)


@rule
def form_ties_arrays(last: NDArray[np.int32], keys: IntArray, n_ties: IntArray, degree: IntArray,
                     members: IntArray, week: int, p: Any, rng: Any) -> None:
    """Each pair of ``members`` (one activity or one project table) forms or renews a
    tie with ``tie_prob`` ([S] « Briser la solitude ... ça brise l'isolement »,
    Résident 11, Milieu 2). One draw per pair, in order. Takes the ties' arrays."""
    n = members.shape[0]
    tie_prob = p.tie_prob
    for x in range(n):
        for y in range(x + 1, n):
            if rng.random() < tie_prob:
                renew_arrays(last, keys, n_ties, degree, members[x], members[y], week)


def form_ties(res: ResidentState, members: IntArray, week: int, p: Any, rng: Any) -> None:
    """Each pair of ``members`` forms or renews a tie (:func:`form_ties_arrays`)."""
    ties = res.ties
    form_ties_arrays(ties.last, ties.keys, ties.n_ties, ties.degree, members, week, p, rng)


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
def _by_slot(slot: IntArray, n_slots: int, order: IntArray, first: IntArray,
             fill: IntArray) -> None:
    """Households grouped by activity slot (a counting sort, stable): the attendees of
    slot ``s`` are ``order[first[s]:first[s + 1]]`` in household order; ``-1`` (no
    activity) is left out. The same grouping as a stable sort of ``slot``, in one pass
    instead of a sort each week (about 30 % of a run in milieu 1). ``order`` (one entry
    per household), ``first`` (``n_slots + 1``) and ``fill`` (``n_slots``) are room
    the caller keeps, so that no array is made each week."""
    first[:n_slots + 1] = 0
    for h in range(slot.shape[0]):
        if slot[h] >= 0:
            first[slot[h] + 1] += 1
    for s in range(n_slots):
        first[s + 1] += first[s]
    for s in range(n_slots):
        fill[s] = first[s]
    for h in range(slot.shape[0]):
        if slot[h] >= 0:
            order[fill[slot[h]]] = h
            fill[slot[h]] += 1


@rule
def attend_arrays(building: IntArray, propensity: FloatArray, trust: FloatArray,
                  invited: BoolArray, recent: NDArray[np.uint8], attendance: IntArray,
                  last: NDArray[np.int32], keys: IntArray, n_ties: IntArray, degree: IntArray,
                  activities: IntArray, week: int, starts: IntArray, slot: IntArray,
                  order: IntArray, first: IntArray, fill: IntArray, p: Any, rng: Any) -> None:
    """Households attend this week's activities in their building and form ties.

    ``activities[b]`` is the number of activities in building ``b``. Each activity is
    an independent chance ``propensity * (attend_base + attend_trust * trust) +
    invitation_boost * invited``; a household attends at most one, chosen uniformly.
    Each activity holds at most ``activity_capacity`` households (a random subset beyond).
    Attendees of the same activity form or renew ties (:func:`form_ties`). One draw per
    household.

    The rule takes the households' and ties' arrays it uses; ``starts`` (one entry per
    building and one), ``slot`` and ``order`` (one per household), ``first`` and ``fill``
    (at least one per activity and one) are room the caller keeps (docs/kernel.md);
    :func:`attend` takes the state's named tuples.
    """
    n = building.shape[0]
    starts[0] = 0
    for b in range(activities.shape[0]):
        starts[b + 1] = starts[b] + activities[b]
    n_slots = starts[activities.shape[0]]
    base, by_trust, boost = p.attend_base, p.attend_trust, p.invitation_boost
    for h in range(n):
        recent[h] = (int(recent[h]) << 1) % (1 << RECENT_WEEKS)
        chance = propensity[h] * (base + by_trust * trust[h])
        if invited[h]:
            chance += boost
        invited[h] = False
        a = activities[building[h]]
        u = rng.random()
        slot[h] = -1
        if a == 0:
            continue
        attend_p = 1.0 - (1.0 - min(chance, 1.0)) ** a
        if u < attend_p:  # given u < attend_p, u / attend_p is uniform: it picks the activity
            slot[h] = starts[building[h]] + min(a - 1, int(u / attend_p * a))
    if n_slots == 0:
        return
    if first.shape[0] < n_slots + 1:
        first, fill = np.zeros(n_slots + 1, np.int64), np.zeros(n_slots, np.int64)
    capacity = int(p.activity_capacity)
    _by_slot(slot, n_slots, order, first, fill)
    for s in range(n_slots):
        members = _keep_random(order[first[s]:first[s + 1]], capacity, rng)
        for h in members:
            recent[h] |= 1
            attendance[h] += 1
        form_ties_arrays(last, keys, n_ties, degree, members, week, p, rng)


def attend(res: ResidentState, activities: IntArray, week: int, p: Any, rng: Any) -> None:
    """Households attend this week's activities in their building and form ties
    (:func:`attend_arrays` on the households' named tuple)."""
    n, ties = res.building.shape[0], res.ties
    n_slots = int(activities.sum())
    attend_arrays(res.building, res.propensity, res.trust, res.invited, res.recent,
                  res.attendance, ties.last, ties.keys, ties.n_ties, ties.degree, activities,
                  week, np.empty(activities.shape[0] + 1, np.int64), np.empty(n, np.int64),
                  np.empty(n, np.int64), np.empty(n_slots + 1, np.int64),
                  np.empty(n_slots, np.int64), p, rng)


@rule
def decay_ties_arrays(last: NDArray[np.int32], keys: IntArray, n_ties: IntArray,
                      degree: IntArray, week: int, p: Any, rng: Any) -> None:
    """Ties formed at activities end when not renewed for ``tie_lifetime`` weeks; prior
    ties never renewed at an activity lapse at the yearly rate ``prior_tie_lapse_rate``
    (moves, deaths: so isolation can rise when activities stop). One draw per prior tie.
    Takes the ties' arrays (:class:`~sim.model.state.Ties`)."""
    n = degree.shape[0]
    lifetime = int(p.tie_lifetime)
    lapse = 1.0 - np.exp(-p.prior_tie_lapse_rate / WEEKS_PER_YEAR)
    by_key = last.reshape(n * n)  # last[i, j] is by_key[i * n + j]: no division for a tie that stays
    k = 0
    count = n_ties[0]
    while k < count:
        key = keys[k]
        tie = by_key[key]
        ends = rng.random() < lapse if tie == PRIOR else week - tie >= lifetime
        if ends:
            by_key[key] = NO_TIE
            degree[key // n] -= 1
            degree[key % n] -= 1
            count -= 1
            keys[k] = keys[count]
        else:
            k += 1
    n_ties[0] = count


def decay_ties(res: ResidentState, week: int, p: Any, rng: Any) -> None:
    """Ties lapse (:func:`decay_ties_arrays` on the households' named tuple)."""
    ties = res.ties
    decay_ties_arrays(ties.last, ties.keys, ties.n_ties, ties.degree, week, p, rng)


@rule
def coorganisers_into(recent: NDArray[np.uint8], committee: BoolArray, helped_project: IntArray,
                      week: int, regular_weeks: int, window: int, out: BoolArray) -> int:
    """Households that take part regularly (``regular_weeks`` or more of the last 8
    weeks) and sit on the tenants' committee or helped run a project in the last
    ``coorganiser_window`` weeks, into ``out``; returns how many."""
    count = 0
    for h in range(recent.shape[0]):
        out[h] = False
        if _POPCOUNT[recent[h]] >= regular_weeks:
            out[h] = committee[h] or week - helped_project[h] <= window
            count += out[h]
    return count


def coorganisers(res: ResidentState, week: int, regular_weeks: int, window: int) -> BoolArray:
    """Households that take part regularly and co-organise (:func:`coorganisers_into`)."""
    out = np.zeros(res.recent.shape[0], np.bool_)
    coorganisers_into(res.recent, res.committee, res.helped_project, week, regular_weeks, window,
                      out)
    return out


@rule
def join_project_arrays(recent: NDArray[np.uint8], helped_project: IntArray,
                        attendance: IntArray, last: NDArray[np.int32], keys: IntArray,
                        n_ties: IntArray, degree: IntArray, organisers: BoolArray, week: int,
                        p: Any, rng: Any) -> int:
    """A collective project gathers co-organisers (``organisers``, from
    :func:`coorganisers_into`) and a share ``project_join_share`` of the households
    taking part.

    Participants count an attendance, are marked as having helped run a project and
    form ties as at activities, at tables of ``activity_capacity`` in a random order.
    Returns the number of participants.
    """
    n = recent.shape[0]
    joins = np.zeros(n, np.bool_)
    for h in range(n):
        joins[h] = organisers[h] or (recent[h] != 0 and rng.random() < p.project_join_share)
    who = np.flatnonzero(joins)
    for k in range(who.shape[0] - 1, 0, -1):  # a random order (Fisher-Yates)
        j = int(rng.random() * (k + 1))
        who[k], who[j] = who[j], who[k]
    capacity = int(p.activity_capacity)
    for household in who:
        helped_project[household] = week
        attendance[household] += 1
    for start in range(0, who.shape[0], capacity):
        form_ties_arrays(last, keys, n_ties, degree, who[start:start + capacity], week, p, rng)
    return int(who.shape[0])


def join_project(res: ResidentState, week: int, p: Any, rng: Any) -> int:
    """A collective project gathers co-organisers and a share of the households taking
    part (:func:`join_project_arrays` on the households' named tuple)."""
    organisers = coorganisers(res, week, int(p.regular_weeks), int(p.coorganiser_window))
    ties = res.ties
    return int(join_project_arrays(res.recent, res.helped_project, res.attendance, ties.last,
                                   ties.keys, ties.n_ties, ties.degree, organisers, week, p, rng))
