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
    IntArray,
    Log,
    PartnerState,
    WorkerState,
)


@rule
def meeting_attendees(members: BoolArray, seated: BoolArray, p: Any, rng: Any) -> IntArray:
    """The seated members who attend a meeting: each with ``attendance_prob``.

    ``members`` is the committee's row of the membership matrix. One draw per member,
    seated or not, so the stream does not depend on who is seated.
    """
    here = np.empty(members.shape[0], np.int64)
    count = 0
    for i in range(members.shape[0]):
        if members[i]:
            u = rng.random()
            if seated[i] and u < p.attendance_prob:
                here[count] = i
                count += 1
    return here[:count]


@rule
def is_mediated(ps: PartnerState, attendees: IntArray, p: Any, rng: Any) -> bool:
    """Whether a mediator facilitates the meeting: a mediator attends and takes up the
    role with ``mediator_presence`` ([S] « Le renforcement du rôle d'animation et de
    médiation, souvent joué par l'OC du CIUSSS »). Always one draw."""
    u = rng.random()
    present = False
    for i in attendees:
        present |= ps.mediator[i]
    return present and u < p.mediator_presence


@rule
def room_activities(ps: PartnerState, seated: BoolArray, workers: WorkerState, log: Log,
                    week: int, n_buildings: int, p: Any, rng: Any) -> IntArray:
    """Share the room's weekly slots; return the number of activities per building.

    Requests: one per seated partner at intéressement or beyond with engagement above
    ``room_request_engagement`` (in a random building), ``worker_room_requests`` per
    seated worker (in its building), and one for the tenants' committee (in a random
    building). When requests exceed the slots, a random subset is served ([S] « le
    partage et la gestion ... du local communautaire utilisé par les différents
    organismes et les locataires »). Partners whose request is served ran an activity.
    """
    n_p = ps.clarity.shape[0]
    per_worker = int(p.worker_room_requests)
    cap = n_p + per_worker * workers.building.shape[0] + 1
    building = np.empty(cap, np.int64)
    host = np.full(cap, -1, np.int64)
    n = 0
    for i in range(n_p):
        if seated[i] and ps.stage[i] >= INTERESTED and ps.engagement[i] > p.room_request_engagement:
            building[n], host[n] = int(rng.random() * n_buildings), i
            n += 1
    for w in range(workers.building.shape[0]):
        if workers.seated_from[w] <= week:
            for _ in range(per_worker):
                building[n] = workers.building[w]
                n += 1
    if log.counters[TENANTS_REQUEST] > 0:
        building[n] = int(rng.random() * n_buildings)
        n += 1
    slots = log.counters[ROOM_SLOTS]
    order = np.arange(n)
    served = min(n, slots)
    if n > slots:  # a random subset of the requests (partial Fisher-Yates)
        for k in range(slots):
            j = k + int(rng.random() * (n - k))
            order[k], order[j] = order[j], order[k]
    activities = np.zeros(n_buildings, np.int64)
    for k in range(served):
        activities[building[order[k]]] += 1
        if host[order[k]] >= 0:
            ps.ran_activity[host[order[k]]] = True
    log.counters[ROOM_DEMAND], log.counters[ROOM_ALLOCATED] = n, served
    return activities


@rule
def project_can_start(ps: PartnerState, seated: BoolArray, coorganisers: int,
                      households: int, p: Any) -> bool:
    """Whether a critical mass holds: a share ``project_min_partner_share`` of the seated
    partners is enrolled or mobilised, and a share ``project_min_coorganiser_share`` of
    the site's households co-organises ([S] « concerter les partenaires et de mobiliser
    les locataires au même moment »; Callon 1986: mobilisation as a critical mass). Shares,
    not head counts, so a large site is not mobilised by its size alone."""
    n_seated = seated.sum()
    enrolled = (seated & (ps.stage >= ENROLLED)).sum()
    return bool(n_seated > 0 and enrolled > 0
                and enrolled >= p.project_min_partner_share * n_seated
                and coorganisers >= p.project_min_coorganiser_share * households)


@rule
def run_project(ps: PartnerState, seated: BoolArray, week: int, p: Any) -> None:
    """The seated enrolled or mobilised partners run the project: their last project is
    stamped (mobilisation) and their engagement rises by ``project_engagement_gain`` of
    what is missing ([S] « cela fonctionne bien quand les différents partenaires
    participent aux activités des uns et des autres »)."""
    g = p.project_engagement_gain
    for i in range(ps.stage.shape[0]):
        if seated[i] and ps.stage[i] >= ENROLLED:
            ps.last_project[i] = week
            ps.engagement[i] += g * (1.0 - ps.engagement[i])
