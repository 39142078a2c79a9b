"""Partners' translation: framing, role clarity, engagement and stage transitions.

Callon (1986) distinguishes four moments of translation; the seed reads its four
milieux through them (« la problématisation, ... l'intéressement, ... l'enrôlement,
... la mobilisation »). Here each moment is a condition on a partner's state, and a
partner's stage is the highest moment whose conditions, and those of every earlier
moment, hold.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from reference.state import (
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
from sim.params import Value

FRAMING_CENTRE = 0.5
"""The centre of the framing square [0, 1]^2, where founding framings are drawn around."""
FRAMING_DIMS = 2
"""Framings are points in the unit square (two dimensions of a problem definition)."""


def initial_framings(n: int, origin: str, p: Mapping[str, Value],
                     rng: np.random.Generator) -> FloatArray:
    """Draw each organisation's framing at the network's founding, in [0, 1]^2 around
    the centre of the square (no direction is privileged).

    A network born of a crisis starts closer ([S] milieu 3: « le réseau a été mis en
    place à la suite des revendications de locataires ... vandalisme ») than one born
    of a vision.
    """
    spread = float(p["framing_spread_crisis" if origin == "crisis" else "framing_spread_vision"])
    return np.clip(FRAMING_CENTRE + rng.normal(0.0, spread, size=(n, FRAMING_DIMS)), 0.0, 1.0)


def founding_levels(n: int, mean: float, p: Mapping[str, Value],
                    rng: np.random.Generator) -> FloatArray:
    """Draw role clarity or engagement at the founding: uniform within
    ``founding_spread`` of ``mean``, kept in [0, 1] ([A])."""
    half = float(p["founding_spread"])
    return np.clip(rng.uniform(mean - half, mean + half, n), 0.0, 1.0)


def converge(framing: FloatArray, attendees: IntArray, mediated: bool,
             p: Mapping[str, Value]) -> None:
    """Bounded-confidence averaging at a meeting (Hegselmann & Krause 2002).

    Each attendee moves ``mu`` of the way toward the mean framing of the attendees
    within ``eps`` of it. Under the 'framing' mediation submodel, a mediator at the
    meeting widens ``eps`` and raises ``mu`` by the factor ``1 + mediator_boost`` ([S]
    the CIUSSS organiser « joue habituellement un rôle dans la constitution des
    partenariats »); under 'resolution_only' mediators leave framings alone. Updates
    ``framing`` in place.
    """
    if attendees.size < 2:
        return
    mediated = mediated and p["mediation_mechanism"] == "framing"
    boost = 1.0 + float(p["mediator_boost"]) if mediated else 1.0
    eps = float(p["confidence_eps"]) * boost
    mu = min(1.0, float(p["convergence_mu"]) * boost)
    f = framing[attendees]
    near = np.linalg.norm(f[:, None, :] - f[None, :, :], axis=2) <= eps
    # sums of a few framings: broadcasting, not a matrix product (BLAS threads cost more
    # than they save on arrays this small)
    target = (near[:, :, None] * f[None, :, :]).sum(axis=1) / near.sum(axis=1, keepdims=True)
    framing[attendees] = f + mu * (target - f)


def meeting_gains(ps: PartnerState, attendees: IntArray, n_role_intermediaries: int,
                  p: Mapping[str, Value]) -> None:
    """Attending a meeting builds role clarity and engagement.

    Role clarity gains ``role_gain * (1 - clarity)``, times ``1 + role_grid_boost``
    while a role grid or agreement is in force: written roles speed negotiation ([S]
    milieu 3: « nos rôles ... ont été très bien campés au départ ... on s'était fait
    comme une grille »). Engagement gains ``engagement_gain * (1 - engagement)``.
    """
    boost = 1.0 + float(p["role_grid_boost"]) if n_role_intermediaries > 0 else 1.0
    gain = min(1.0, float(p["role_gain"]) * boost)
    ps.clarity[attendees] += gain * (1.0 - ps.clarity[attendees])
    g = float(p["engagement_gain"])
    ps.engagement[attendees] += g * (1.0 - ps.engagement[attendees])
    ps.meetings[attendees] += 1


def weekly_drift(ps: PartnerState, involved: IntArray, roles_involved: IntArray, week: int,
                 weeks_since_project: int, p: Mapping[str, Value]) -> None:
    """Open controversies and a blurred purpose wear partners down.

    Each open controversy involving a partner removes ``controversy_drag`` engagement
    a week; each open roles controversy also removes ``role_erosion`` clarity. With no
    collective project for ``purpose_window_weeks`` (counted from the founding when none
    ever happened), every partner loses ``purpose_drift`` engagement a week ([S] milieu
    1: « après on dirait que l'objectif et la raison d'être de ce comité-là ...
    s'oubliaient ... un désengagement »). Running an activity in the room adds
    ``activity_engagement_gain`` of the missing engagement.
    """
    if involved.any():
        ps.engagement -= float(p["controversy_drag"]) * involved
        ps.clarity -= float(p["role_erosion"]) * roles_involved
        ps.last_controversy[involved > 0] = week
    if weeks_since_project > int(p["purpose_window_weeks"]):
        ps.engagement -= float(p["purpose_drift"])
    ran = ps.ran_activity
    ps.engagement[ran] += float(p["activity_engagement_gain"]) * (1.0 - ps.engagement[ran])
    np.clip(ps.engagement, 0.0, 1.0, out=ps.engagement)
    np.clip(ps.clarity, 0.0, 1.0, out=ps.clarity)


def distance_to_committees(ps: PartnerState, seated: BoolArray) -> FloatArray:
    """Each partner's distance to the nearest shared framing of a committee it sits on.

    A committee's shared framing is the mean framing of its seated members ([S] « La
    problématisation est généralement définie collectivement au sein des comités »). A
    partner on no committee with a seated member is infinitely far.
    """
    members = ps.member & seated
    counts = members.sum(axis=1)
    means = (members[:, :, None] * ps.framing[None, :, :]).sum(axis=1) / np.maximum(counts, 1)[:, None]
    gap = ps.framing[None, :, :] - means[:, None, :]
    dist2 = np.where(ps.member & (counts > 0)[:, None], (gap * gap).sum(axis=2), np.inf)
    return np.sqrt(dist2.min(axis=0))


_LEVELS = np.arange(PROBLEMATISED, MOBILISED + 1)[:, None]
_ALL_LEVELS = np.array([MOBILISED + 1, PROBLEMATISED, INTERESTED, ENROLLED, MOBILISED])
"""Stage index of each column of ``first_at`` (column 0, outside, is never stamped)."""


def next_stages(ps: PartnerState, seated: BoolArray, week: int,
                p: Mapping[str, Value], dist: FloatArray | None = None) -> IntArray:
    """Return each partner's stage after this week; at most one stage up a week.

    - problematised: attended ``meetings_to_problematise`` meetings and framing within
      ``problematised_distance`` of the shared framing of a committee it sits on;
    - interested: role clarity above ``interest_threshold``;
    - enrolled: engagement above ``enrol_threshold`` and no open controversy involving
      it for ``quiet_weeks`` ([S] « L'enrôlement suppose ... la résolution des
      controverses »);
    - mobilised: co-ran a collective project in the last ``mobilised_window`` weeks.

    To stay at a stage a partner needs only the threshold less ``hysteresis``
    (distance: plus), so stages do not flicker. An empty seat is outside. ``dist``, if
    given, is :func:`distance_to_committees` for the current framings and seats.
    """
    h = float(p["hysteresis"])
    delta = float(p["problematised_distance"])
    r, e = float(p["interest_threshold"]), float(p["enrol_threshold"])
    if dist is None:
        dist = distance_to_committees(ps, seated)
    recent_project = week - ps.last_project <= int(p["mobilised_window"])
    up = np.array((
        (ps.meetings >= int(p["meetings_to_problematise"])) & (dist < delta),
        ps.clarity > r,
        (ps.engagement > e) & (week - ps.last_controversy >= int(p["quiet_weeks"])),
        recent_project,
    ))
    stay = np.array((dist < delta + h, ps.clarity > r - h, ps.engagement > e - h,
                     recent_project))
    held = np.where(ps.stage >= _LEVELS, stay, up) & seated
    level = np.logical_and.accumulate(held, axis=0).sum(axis=0)
    return np.minimum(level, ps.stage + 1)


def apply_stages(ps: PartnerState, new: IntArray, week: int) -> tuple[int, int]:
    """Set the new stages, stamp first arrivals; return (moves forward, fall-backs)."""
    if np.array_equal(new, ps.stage):
        return 0, 0
    forward = int((new > ps.stage).sum())
    back = int((new < ps.stage).sum())
    ps.first_at[(new[:, None] >= _ALL_LEVELS) & (ps.first_at == NEVER)] = week
    ps.stage = new
    return forward, back
