"""Meetings, the community room and collective projects: who gathers, and when.

These rules decide who attends a committee meeting and whether a mediator facilitates
it, how the community room's weekly slots are shared among partners, workers and the
tenants' committee, and when a collective project can start (the seed's indicator of
mobilisation: « La capacité à élaborer des projets collectifs dans le milieu est ainsi
un bon indicateur de la mobilisation »).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from reference.state import ENROLLED, INTERESTED, BoolArray, IntArray, PartnerState
from sim.params import Value


def meeting_attendees(members: IntArray, seated: BoolArray, p: Mapping[str, Value],
                      rng: np.random.Generator) -> IntArray:
    """The seated members who attend a meeting: each with ``attendance_prob``.

    One draw per member, seated or not, so the stream does not depend on who is seated.
    """
    draws = rng.random(members.size)
    return members[seated[members] & (draws < float(p["attendance_prob"]))]


def is_mediated(ps: PartnerState, attendees: IntArray, p: Mapping[str, Value],
                rng: np.random.Generator) -> bool:
    """Whether a mediator facilitates the meeting: a mediator attends and takes up the
    role with ``mediator_presence`` ([S] « Le renforcement du rôle d'animation et de
    médiation, souvent joué par l'OC du CIUSSS »). Always one draw."""
    draw = rng.random()
    return bool(ps.mediator[attendees].any()) and draw < float(p["mediator_presence"])


def room_requests(ps: PartnerState, seated: BoolArray, worker_buildings: IntArray,
                  tenants_committee: bool, n_buildings: int, p: Mapping[str, Value],
                  rng: np.random.Generator) -> tuple[IntArray, IntArray]:
    """This week's requests for room slots, as (requesting partners, building of every
    request with the partners' requests first).

    One request per seated partner at intéressement or beyond with engagement above
    ``room_request_engagement`` (in a random building), ``worker_room_requests`` per
    seated worker (in its building), and one for the tenants' committee (in a random
    building).
    """
    hosts = np.flatnonzero(seated & (ps.stage >= INTERESTED)
                           & (ps.engagement > float(p["room_request_engagement"])))
    workers = np.repeat(worker_buildings, int(p["worker_room_requests"]))
    host_buildings = rng.integers(n_buildings, size=hosts.size)
    tenants = rng.integers(n_buildings, size=int(tenants_committee))
    return hosts, np.concatenate((host_buildings, workers, tenants)).astype(np.int64)


def allocate_room(buildings: IntArray, slots: int,
                  rng: np.random.Generator) -> IntArray:
    """Serve the requests (their buildings, in order) for ``slots`` weekly slots; return
    the positions of the requests served. When requests exceed the slots a random
    subset is served ([S] « le partage et la gestion ... du local communautaire utilisé
    par les différents organismes et les locataires »)."""
    if buildings.size <= slots:
        return np.arange(buildings.size)
    return np.sort(rng.permutation(buildings.size)[:slots])


def project_can_start(ps: PartnerState, seated: BoolArray, coorganisers: int,
                      households: int, p: Mapping[str, Value]) -> bool:
    """Whether a critical mass holds: a share ``project_min_partner_share`` of the seated
    partners is enrolled or mobilised, and a share ``project_min_coorganiser_share`` of
    the site's households co-organises ([S] « concerter les partenaires et de mobiliser
    les locataires au même moment »; Callon 1986: mobilisation as a critical mass). Shares,
    not head counts, so a large site is not mobilised by its size alone."""
    n_seated = int(seated.sum())
    if n_seated == 0:
        return False
    enrolled = int((seated & (ps.stage >= ENROLLED)).sum())
    return (enrolled >= float(p["project_min_partner_share"]) * n_seated
            and enrolled > 0
            and coorganisers >= float(p["project_min_coorganiser_share"]) * households)


def project_runners(ps: PartnerState, seated: BoolArray,
                    rng: np.random.Generator) -> IntArray:
    """The partners who run a project: each seated partner enrolled or mobilised takes
    part with a chance equal to its engagement ([S] « cela fonctionne bien quand les
    différents partenaires participent aux activités des uns et des autres »)."""
    candidates = np.flatnonzero(seated & (ps.stage >= ENROLLED))
    draws = rng.random(candidates.size)
    return candidates[draws < ps.engagement[candidates]]


def run_project(ps: PartnerState, runners: IntArray, week: int,
                p: Mapping[str, Value]) -> None:
    """Running a project stamps the runners' last project (mobilisation) and raises their
    engagement by ``project_engagement_gain`` of what is missing ([S] « cela fonctionne
    bien quand les différents partenaires participent aux activités des uns et des
    autres »)."""
    ps.last_project[runners] = week
    g = float(p["project_engagement_gain"])
    ps.engagement[runners] += g * (1.0 - ps.engagement[runners])
