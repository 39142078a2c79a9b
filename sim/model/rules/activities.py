"""Meetings, the community room and collective projects: who gathers, and when.

These rules decide who attends a committee meeting and whether a mediator facilitates
it, how the community room's weekly slots are shared among partners, workers and the
tenants' committee, and when a collective project can start (the seed's indicator of
mobilisation: « La capacité à élaborer des projets collectifs dans le milieu est ainsi
un bon indicateur de la mobilisation »).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rules.jit import rule
from sim.model.state import (
    ENROLLED,
    INTERESTED,
    ROOM_ALLOCATED,
    ROOM_DEMAND,
    ROOM_SLOTS,
    TENANTS_REQUEST,
    BoolArray,
    FloatArray,
    IntArray,
    Log,
    PartnerState,
    WorkerState,
)


@rule
def attendees_into(members: BoolArray, seated: BoolArray, here: IntArray, p: Any, rng: Any) -> int:
    """The seated members who attend a meeting: each with ``attendance_prob``.

    ``members`` is the committee's row of the membership matrix; the attendees are written
    into ``here[:count]`` and their count returned (no array made each meeting). One draw
    per member, seated or not, so the stream does not depend on who is seated.
    """
    count = 0
    for i in range(members.shape[0]):
        if members[i]:
            u = rng.random()
            if seated[i] and u < p.attendance_prob:
                here[count] = i
                count += 1
    return count


def meeting_attendees(members: BoolArray, seated: BoolArray, p: Any, rng: Any) -> IntArray:
    """The seated members who attend a meeting (:func:`attendees_into`)."""
    here = np.empty(members.shape[0], np.int64)
    return here[:attendees_into(members, seated, here, p, rng)]


@rule
def is_mediated_arrays(mediator: BoolArray, attendees: IntArray, p: Any, rng: Any) -> bool:
    """Whether a mediator facilitates the meeting: a mediator attends and takes up the
    role with ``mediator_presence`` ([S] « Le renforcement du rôle d'animation et de
    médiation, souvent joué par l'OC du CIUSSS »). Always one draw."""
    u = rng.random()
    present = False
    for i in attendees:
        present |= mediator[i]
    return present and u < p.mediator_presence


def is_mediated(ps: PartnerState, attendees: IntArray, p: Any, rng: Any) -> bool:
    """:func:`is_mediated_arrays` on the partners' named tuple."""
    return bool(is_mediated_arrays(ps.mediator, attendees, p, rng))


@rule
def room_activities_arrays(stage: IntArray, engagement: FloatArray, ran_activity: BoolArray,
                           seated: BoolArray, w_building: IntArray, w_seated_from: IntArray,
                           counters: IntArray, week: int, building: IntArray, host: IntArray,
                           order: IntArray, activities: IntArray, p: Any, rng: Any) -> None:
    """Share the room's weekly slots; the number of activities per building into
    ``activities``.

    Requests: one per seated partner at intéressement or beyond with engagement above
    ``room_request_engagement`` (in a random building), ``worker_room_requests`` per
    seated worker (in its building), and one for the tenants' committee (in a random
    building). When requests exceed the slots, a random subset is served ([S] « le
    partage et la gestion ... du local communautaire utilisé par les différents
    organismes et les locataires »). Partners whose request is served ran an activity.

    ``building``, ``host`` and ``order`` are room for the requests (one per partner,
    ``worker_room_requests`` per worker and one): the rule makes no array each week and
    takes the arrays it uses (docs/kernel.md); :func:`room_activities` takes the state's
    named tuples.
    """
    n_p = stage.shape[0]
    n_buildings = activities.shape[0]
    per_worker = int(p.worker_room_requests)
    n = 0
    for i in range(n_p):
        if seated[i] and stage[i] >= INTERESTED and engagement[i] > p.room_request_engagement:
            building[n], host[n] = int(rng.random() * n_buildings), i
            n += 1
    for w in range(w_building.shape[0]):
        if w_seated_from[w] <= week:
            for _ in range(per_worker):
                building[n], host[n] = w_building[w], -1
                n += 1
    if counters[TENANTS_REQUEST] > 0:
        building[n], host[n] = int(rng.random() * n_buildings), -1
        n += 1
    slots = counters[ROOM_SLOTS]
    for k in range(n):
        order[k] = k
    served = min(n, slots)
    if n > slots:  # a random subset of the requests (partial Fisher-Yates)
        for k in range(slots):
            j = k + int(rng.random() * (n - k))
            order[k], order[j] = order[j], order[k]
    activities[:] = 0
    for k in range(served):
        activities[building[order[k]]] += 1
        if host[order[k]] >= 0:
            ran_activity[host[order[k]]] = True
    counters[ROOM_DEMAND], counters[ROOM_ALLOCATED] = n, served


@rule
def room_requests(n_partners: int, n_workers: int, p: Any) -> int:
    """The most requests for the room a week can bring (room for
    :func:`room_activities_arrays`)."""
    return n_partners + int(p.worker_room_requests) * n_workers + 1


def room_activities(ps: PartnerState, seated: BoolArray, workers: WorkerState, log: Log,
                    week: int, n_buildings: int, p: Any, rng: Any) -> IntArray:
    """Share the room's weekly slots; return the number of activities per building
    (:func:`room_activities_arrays` on the state's named tuples)."""
    cap = room_requests(ps.clarity.shape[0], workers.building.shape[0], p)
    activities = np.zeros(n_buildings, np.int64)
    room_activities_arrays(ps.stage, ps.engagement, ps.ran_activity, seated, workers.building,
                           workers.seated_from, log.counters, week, np.empty(cap, np.int64),
                           np.empty(cap, np.int64), np.empty(cap, np.int64), activities, p, rng)
    return activities


@rule
def project_can_start_arrays(stage: IntArray, seated: BoolArray, coorganisers: int,
                             households: int, p: Any) -> bool:
    """Whether a critical mass holds: a share ``project_min_partner_share`` of the seated
    partners is enrolled or mobilised, and a share ``project_min_coorganiser_share`` of
    the site's households co-organises ([S] « concerter les partenaires et de mobiliser
    les locataires au même moment »; Callon 1986: mobilisation as a critical mass). Shares,
    not head counts, so a large site is not mobilised by its size alone."""
    n_seated = enrolled = 0
    for i in range(stage.shape[0]):
        if seated[i]:
            n_seated += 1
            if stage[i] >= ENROLLED:
                enrolled += 1
    return bool(n_seated > 0 and enrolled > 0
                and enrolled >= p.project_min_partner_share * n_seated
                and coorganisers >= p.project_min_coorganiser_share * households)


def project_can_start(ps: PartnerState, seated: BoolArray, coorganisers: int,
                      households: int, p: Any) -> bool:
    """:func:`project_can_start_arrays` on the partners' named tuple."""
    return bool(project_can_start_arrays(ps.stage, seated, coorganisers, households, p))


@rule
def run_project(stage: IntArray, last_project: IntArray, engagement: FloatArray,
                seated: BoolArray, week: int, p: Any, rng: Any) -> int:
    """The seated enrolled or mobilised partners who take part run the project; return how
    many took part.

    Each takes part with a chance equal to its engagement: partners do not all join each
    other's projects, and the article names joining them as what makes the network work
    ([S] « cela fonctionne bien quand les différents partenaires participent aux activités
    des uns et des autres »). Those who take part have their last project stamped
    (mobilisation) and their engagement rises by ``project_engagement_gain`` of what is
    missing. One draw per seated enrolled partner.
    """
    g = p.project_engagement_gain
    taking_part = 0
    for i in range(stage.shape[0]):
        if seated[i] and stage[i] >= ENROLLED and rng.random() < engagement[i]:
            last_project[i] = week
            engagement[i] += g * (1.0 - engagement[i])
            taking_part += 1
    return taking_part
