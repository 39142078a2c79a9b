"""Partners' translation: framing, role clarity, engagement and stage transitions.

Callon (1986) distinguishes four moments of translation; the seed reads its four
milieux through them (« la problématisation, ... l'intéressement, ... l'enrôlement,
... la mobilisation »). Here each moment is a condition on a partner's state, and a
partner's stage is the highest moment whose conditions, and those of every earlier
moment, hold.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rules.jit import rule
from sim.model.rules.kparams import MEDIATION_FRAMING
from sim.model.state import (
    ENROLLED,
    INTERESTED,
    MOBILISED,
    NEVER,
    PROBLEMATISED,
    BoolArray,
    FloatArray,
    IntArray,
    PartnerState,
)

FRAMING_CENTRE = 0.5
"""The centre of the framing square [0, 1]^2, where founding framings are drawn around."""
FRAMING_DIMS = 2
"""Framings are points in the unit square (two dimensions of a problem definition)."""


def initial_framings(n: int, origin: str, p: dict[str, Any],
                     rng: np.random.Generator) -> FloatArray:
    """Draw each organisation's framing at the network's founding, in [0, 1]^2 around
    the centre of the square (no direction is privileged).

    A network born of a crisis starts closer ([S] milieu 3: « le réseau a été mis en
    place à la suite des revendications de locataires ... vandalisme ») than one born
    of a vision.
    """
    spread = float(p["framing_spread_crisis" if origin == "crisis" else "framing_spread_vision"])
    return np.clip(FRAMING_CENTRE + rng.normal(0.0, spread, size=(n, FRAMING_DIMS)), 0.0, 1.0)


def founding_levels(n: int, mean: float, p: dict[str, Any],
                    rng: np.random.Generator) -> FloatArray:
    """Draw role clarity or engagement at the founding: uniform within
    ``founding_spread`` of ``mean``, kept in [0, 1] ([A])."""
    half = float(p["founding_spread"])
    return np.clip(rng.uniform(mean - half, mean + half, n), 0.0, 1.0)


@rule
def converge_into(framing: FloatArray, attendees: IntArray, mediated: bool, before: FloatArray,
                  p: Any) -> None:
    """Bounded-confidence averaging at a meeting (Hegselmann & Krause 2002).

    Each attendee moves ``mu`` of the way toward the mean framing of the attendees
    within ``eps`` of it (all from the framings before the meeting). Under the 'framing'
    mediation submodel, a mediator at the meeting widens ``eps`` and raises ``mu`` by
    the factor ``1 + mediator_boost`` ([S] the CIUSSS organiser « joue habituellement
    un rôle dans la constitution des partenariats »); under 'resolution_only' mediators
    leave framings alone. Updates ``framing`` in place; ``before`` is room for the
    attendees' framings before the meeting (at least one row per attendee), so that no
    array is made each meeting.
    """
    n = attendees.shape[0]
    if n < 2:
        return
    boosted = mediated and p.mediation_mechanism == MEDIATION_FRAMING
    boost = 1.0 + p.mediator_boost if boosted else 1.0
    eps2 = (p.confidence_eps * boost) ** 2
    mu = min(1.0, p.convergence_mu * boost)
    for a in range(n):
        before[a, 0], before[a, 1] = framing[attendees[a], 0], framing[attendees[a], 1]
    for a in range(n):
        sx = sy = 0.0
        count = 0
        for b in range(n):
            dx, dy = before[b, 0] - before[a, 0], before[b, 1] - before[a, 1]
            if dx * dx + dy * dy <= eps2:
                sx += before[b, 0]
                sy += before[b, 1]
                count += 1
        i = attendees[a]
        framing[i, 0] = before[a, 0] + mu * (sx / count - before[a, 0])
        framing[i, 1] = before[a, 1] + mu * (sy / count - before[a, 1])


def converge(framing: FloatArray, attendees: IntArray, mediated: bool, p: Any) -> None:
    """Bounded-confidence averaging at a meeting (:func:`converge_into`)."""
    converge_into(framing, attendees, mediated, np.empty((attendees.shape[0], FRAMING_DIMS)), p)


@rule
def meeting_gains_arrays(clarity: FloatArray, engagement: FloatArray, meetings: IntArray,
                         attendees: IntArray, n_role_intermediaries: int, p: Any) -> None:
    """Attending a meeting builds role clarity and engagement.

    Role clarity gains ``role_gain * (1 - clarity)``, times ``1 + role_grid_boost``
    while a role grid or agreement is in force: written roles speed negotiation ([S]
    milieu 3: « nos rôles ... ont été très bien campés au départ ... on s'était fait
    comme une grille »). Engagement gains ``engagement_gain * (1 - engagement)``.
    """
    boost = 1.0 + p.role_grid_boost if n_role_intermediaries > 0 else 1.0
    gain = min(1.0, p.role_gain * boost)
    g = p.engagement_gain
    for i in attendees:
        clarity[i] += gain * (1.0 - clarity[i])
        engagement[i] += g * (1.0 - engagement[i])
        meetings[i] += 1


def meeting_gains(ps: PartnerState, attendees: IntArray, n_role_intermediaries: int,
                  p: Any) -> None:
    """:func:`meeting_gains_arrays` on the partners' named tuple."""
    meeting_gains_arrays(ps.clarity, ps.engagement, ps.meetings, attendees,
                         n_role_intermediaries, p)


@rule
def weekly_drift(clarity: FloatArray, engagement: FloatArray, last_controversy: IntArray,
                 ran_activity: BoolArray, involved: IntArray, roles_involved: IntArray,
                 week: int, weeks_since_project: int, p: Any) -> None:
    """Open controversies and a blurred purpose wear partners down.

    Each open controversy involving a partner removes ``controversy_drag`` engagement
    a week; each open roles controversy also removes ``role_erosion`` clarity. With no
    collective project for ``purpose_window_weeks`` (counted from the founding when none
    ever happened), every partner loses ``purpose_drift`` engagement a week ([S] milieu
    1: « après on dirait que l'objectif et la raison d'être de ce comité-là ...
    s'oubliaient ... un désengagement »). Running an activity in the room adds
    ``activity_engagement_gain`` of the missing engagement.
    """
    drifting = weeks_since_project > int(p.purpose_window_weeks)
    for i in range(clarity.shape[0]):
        e = engagement[i] - p.controversy_drag * involved[i]
        clarity[i] = min(1.0, max(0.0, clarity[i] - p.role_erosion * roles_involved[i]))
        if involved[i] > 0:
            last_controversy[i] = week
        if drifting:
            e -= p.purpose_drift
        if ran_activity[i]:
            e += p.activity_engagement_gain * (1.0 - e)
        engagement[i] = min(1.0, max(0.0, e))


@rule
def distance_to_committees(member: BoolArray, framing: FloatArray, distance: FloatArray,
                           seated: BoolArray) -> None:
    """Each partner's distance to the nearest shared framing of a committee it sits on,
    into ``distance``.

    A committee's shared framing is the mean framing of its seated members ([S] « La
    problématisation est généralement définie collectivement au sein des comités »). A
    partner on no committee with a seated member is infinitely far.
    """
    n_c, n = member.shape
    distance[:] = np.inf
    for k in range(n_c):
        mx = my = 0.0
        count = 0
        for i in range(n):
            if member[k, i] and seated[i]:
                mx += framing[i, 0]
                my += framing[i, 1]
                count += 1
        if count == 0:
            continue
        mx, my = mx / count, my / count
        for i in range(n):
            if member[k, i]:
                d = np.sqrt((framing[i, 0] - mx) ** 2 + (framing[i, 1] - my) ** 2)
                distance[i] = min(distance[i], d)


@rule
def next_stages_into(stage: IntArray, last_project: IntArray, distance: FloatArray,
                     meetings: IntArray, clarity: FloatArray, engagement: FloatArray,
                     last_controversy: IntArray, seated: BoolArray, week: int, new: IntArray,
                     p: Any) -> None:
    """Each partner's stage after this week, into ``new``; at most one stage up a week.

    - problematised: attended ``meetings_to_problematise`` meetings and framing within
      ``problematised_distance`` of the shared framing of a committee it sits on
      (``distance``, from :func:`distance_to_committees`);
    - interested: role clarity above ``interest_threshold``;
    - enrolled: engagement above ``enrol_threshold`` and no open controversy involving
      it for ``quiet_weeks`` ([S] « L'enrôlement suppose ... la résolution des
      controverses »);
    - mobilised: co-ran a collective project in the last ``mobilised_window`` weeks.

    To stay at a stage a partner needs only the threshold less ``hysteresis``
    (distance: plus), so stages do not flicker. An empty seat is outside.
    """
    h, delta = p.hysteresis, p.problematised_distance
    r, e = p.interest_threshold, p.enrol_threshold
    window, to_problematise = int(p.mobilised_window), int(p.meetings_to_problematise)
    quiet = int(p.quiet_weeks)
    for i in range(stage.shape[0]):
        new[i] = 0
        if not seated[i]:
            continue
        project = week - last_project[i] <= window
        level = 0
        for moment in range(PROBLEMATISED, MOBILISED + 1):
            held = stage[i] >= moment
            if moment == PROBLEMATISED:
                ok = distance[i] < delta + h if held else (
                    meetings[i] >= to_problematise and distance[i] < delta)
            elif moment == INTERESTED:
                ok = clarity[i] > (r - h if held else r)
            elif moment == ENROLLED:
                ok = engagement[i] > e - h if held else (
                    engagement[i] > e and week - last_controversy[i] >= quiet)
            else:
                ok = project
            if not ok:
                break
            level = moment
        new[i] = min(level, stage[i] + 1)


def next_stages(ps: PartnerState, seated: BoolArray, week: int, p: Any) -> IntArray:
    """Return each partner's stage after this week (:func:`next_stages_into` on the
    partners' named tuple)."""
    new = np.zeros(ps.stage.shape[0], np.int64)
    next_stages_into(ps.stage, ps.last_project, ps.distance, ps.meetings, ps.clarity,
                     ps.engagement, ps.last_controversy, seated, week, new, p)
    return new


@rule
def apply_stages(stage: IntArray, first_at: IntArray, new: IntArray, week: int) -> tuple[int, int]:
    """Set the new stages, stamp first arrivals; return (moves forward, fall-backs)."""
    forward = back = 0
    for i in range(new.shape[0]):
        if new[i] > stage[i]:
            forward += 1
        elif new[i] < stage[i]:
            back += 1
        for moment in range(PROBLEMATISED, new[i] + 1):
            if first_at[i, moment] == NEVER:
                first_at[i, moment] = week
        stage[i] = new[i]
    return forward, back


@rule
def mean_engagement_arrays(engagement: FloatArray, seated_from: IntArray, week: int) -> float:
    """Mean engagement of the seated representatives (0 if none is seated)."""
    total, count = 0.0, 0
    for i in range(engagement.shape[0]):
        if seated_from[i] <= week:
            total += engagement[i]
            count += 1
    return total / count if count else 0.0
