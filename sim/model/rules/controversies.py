"""Controversies: how they arise, weigh on partners, resolve and leave intermediaries,
and how intermediaries wear out.

The seed: « les controverses et les défis sont présents dans tous les milieux étudiés
... Ils concernent notamment le manque de clarté dans la définition des rôles ... Le
roulement du personnel ... la présence de bailleurs de fonds et de résidents autour de
la table ou encore le partage et la gestion des espaces collectifs ». At most one
controversy of each kind is open at a time: a second dispute over the same matter
joins the open one. A controversy has two parties (a confrontation of two viewpoints).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rules.jit import rule
from sim.model.state import (
    INTERMEDIARIES_WORN,
    N_CONTROVERSIES,
    N_INTERMEDIARIES,
    ROLES,
    ROOM,
    ROOM_AGREEMENT,
    ROOM_DEMAND,
    ROOM_SLOTS,
    TABLE,
    TABLE_MIXED,
    TURNOVER,
    BoolArray,
    FloatArray,
    IntArray,
    Log,
    PartnerState,
)
from sim.params import WEEKS_PER_YEAR


@rule
def count_kind(alive: BoolArray, kinds: IntArray, n: int, kind: int) -> int:
    """Number of intermediaries of one kind in force, from the log's arrays (``alive``:
    ``log.i_alive``, ``kinds``: ``log.i_kind``, the first ``n``). Not the whole log: handing a
    rule the log costs a reference count per array it holds (docs/kernel.md)."""
    count = 0
    for k in range(n):
        if alive[k] and kinds[k] == kind:
            count += 1
    return count


@rule
def pick_parties(eligible: BoolArray, weights: FloatArray, rng: Any) -> tuple[int, int]:
    """Two eligible partners drawn without replacement in proportion to ``weights``
    (uniformly when every eligible weight is zero); (-1, -1) if fewer than two."""
    n = eligible.shape[0]
    w = np.zeros(n)
    count = 0
    for i in range(n):
        if eligible[i]:
            count += 1
            w[i] = weights[i]
    if count < 2:
        return -1, -1
    if w.sum() <= 0.0:
        for i in range(n):
            w[i] = 1.0 if eligible[i] else 0.0
    first = _draw(w, rng)
    w[first] = 0.0
    if w.sum() <= 0.0:  # the only weighted partner was drawn: the other uniformly
        for i in range(n):
            w[i] = 1.0 if eligible[i] and i != first else 0.0
    second = _draw(w, rng)
    return min(first, second), max(first, second)


@rule
def _draw(w: FloatArray, rng: Any) -> int:
    u = rng.random() * w.sum()
    acc = 0.0
    last = 0
    for i in range(w.shape[0]):
        if w[i] > 0.0:
            last = i
            acc += w[i]
            if u < acc:
                return i
    return last


@rule
def open_controversy(log: Log, kind: int, a: int, b: int, week: int) -> None:
    """Record a new controversy of ``kind`` between ``a`` and ``b``."""
    k = log.counters[N_CONTROVERSIES]
    log.c_kind[k], log.c_a[k], log.c_b[k], log.c_opened[k] = kind, a, b, week
    log.c_open[kind] = k
    log.counters[N_CONTROVERSIES] += 1


@rule
def arise(ps: PartnerState, seated: BoolArray, log: Log, week: int, p: Any, rng: Any) -> None:
    """Draw this week's new controversies of the kinds roles, room and table.

    - roles: hazard ``role_conflict_rate`` times the mean ambiguity (1 - clarity) of the
      seated partners in the translation, between two of them weighted by ambiguity;
    - room: hazard ``room_conflict_rate`` when demand for the room's slots exceeds them
      ([S] milieu 2: « il y avait des irritants au niveau de l'entretien et de la
      fréquentation du local »); a room agreement signed before the start counts as one
      intermediary of the kind (it lowers the hazard as any agreement does, and does not
      rule the controversy out: milieu 2's contract did not end every « irritant »);
    - table: hazard ``table_conflict_rate`` when funders or residents sit on a committee,
      a funder ``funder_table_weight`` times likelier to be a party.

    Each hazard is multiplied by ``intermediary_effect`` per intermediary of its kind.
    Three uniform draws a week. Turnover controversies arise from departures
    (:func:`on_departure`).
    """
    u_roles, u_room, u_table = rng.random(), rng.random(), rng.random()
    effect = p.intermediary_effect
    n = seated.shape[0]
    if log.c_open[ROLES] < 0 and u_roles < p.role_conflict_rate:
        engaged = seated & (ps.stage > 0)
        if engaged.sum() >= 2:
            ambiguity = np.where(engaged, 1.0 - ps.clarity, 0.0)
            hazard = p.role_conflict_rate * ambiguity.sum() / engaged.sum()
            hazard *= effect ** count_kind(log.i_alive, log.i_kind, log.counters[N_INTERMEDIARIES], ROLES)
            if u_roles < hazard:
                a, b = pick_parties(engaged, ambiguity, rng)
                open_controversy(log, ROLES, a, b, week)
    agreements = (log.counters[ROOM_AGREEMENT] > 0) + count_kind(
        log.i_alive, log.i_kind, log.counters[N_INTERMEDIARIES], ROOM)
    contested = log.counters[ROOM_DEMAND] > log.counters[ROOM_SLOTS]
    room_hazard = p.room_conflict_rate * effect ** agreements
    if log.c_open[ROOM] < 0 and contested and u_room < room_hazard:
        a, b = pick_parties(seated, ps.engagement, rng)
        if a >= 0:
            open_controversy(log, ROOM, a, b, week)
    table_hazard = p.table_conflict_rate * effect ** count_kind(
        log.i_alive, log.i_kind, log.counters[N_INTERMEDIARIES], TABLE)
    if log.c_open[TABLE] < 0 and log.counters[TABLE_MIXED] > 0 and u_table < table_hazard:
        weights = np.ones(n)
        for i in range(n):
            if ps.funder[i]:
                weights[i] = p.funder_table_weight
        a, b = pick_parties(seated, weights, rng)
        if a >= 0:
            open_controversy(log, TABLE, a, b, week)


@rule
def on_departure(ps: PartnerState, partner: int, log: Log, week: int, p: Any, rng: Any) -> None:
    """A representative's departure may open a turnover controversy with another seated
    partner: chance ``turnover_controversy_prob``, times ``intermediary_effect`` per
    onboarding guide ([S] « Le roulement du personnel ... s'avère également un défi pour
    partager une compréhension commune du problème »)."""
    if log.c_open[TURNOVER] >= 0:
        return
    chance = p.turnover_controversy_prob * p.intermediary_effect ** count_kind(
        log.i_alive, log.i_kind, log.counters[N_INTERMEDIARIES], TURNOVER)
    if rng.random() >= chance:
        return
    others = (ps.seated_from <= week).copy()
    others[partner] = False
    n_others = others.sum()
    if n_others == 0:
        return
    pick = int(rng.random() * n_others)
    for i in range(others.shape[0]):
        if others[i]:
            if pick == 0:
                open_controversy(log, TURNOVER, min(partner, i), max(partner, i), week)
                return
            pick -= 1


@rule
def involvement(n_partners: int, log: Log) -> tuple[IntArray, IntArray]:
    """Count, per partner, the open controversies and open roles controversies involving it."""
    involved = np.zeros(n_partners, np.int64)
    roles = np.zeros(n_partners, np.int64)
    for kind in range(log.c_open.shape[0]):
        k = log.c_open[kind]
        if k < 0:
            continue
        for party in (log.c_a[k], log.c_b[k]):
            involved[party] += 1
            if kind == ROLES:
                roles[party] += 1
    return involved, roles


@rule
def resolve(ps: PartnerState, mediator_seated: bool, log: Log, week: int, p: Any,
            rng: Any) -> None:
    """Resolve open controversies (kinds in order: roles, room, turnover, table).

    Weekly chance ``(resolve_base + resolve_mediator * mediated) *
    (resolve_engagement_floor + mean engagement of its parties)``, where ``mediated``
    holds with ``mediator_presence`` when a mediator is seated ([S] « Le renforcement du
    rôle d'animation et de médiation, souvent joué par l'OC du CIUSSS, a parfois permis de
    régler certaines controverses »), under both mediation submodels. A resolution
    leaves an intermediary of its kind with ``intermediary_prob`` ([S] « les structures,
    outils et guides développés semblent avoir permis leur résolution »); the
    intermediary records who made it (the two parties and their seats), so that it can
    wear out once they have both left (:func:`wear_out`). Three draws per open one.
    """
    presence = p.mediator_presence if mediator_seated else 0.0
    for kind in range(log.c_open.shape[0]):
        k = log.c_open[kind]
        if k < 0:
            continue
        mediated = rng.random() < presence
        if mediated:
            log.c_mediated[k] += 1
        a, b = log.c_a[k], log.c_b[k]
        engagement = (ps.engagement[a] + ps.engagement[b]) / 2
        chance = (p.resolve_base + p.resolve_mediator * mediated) * (
            p.resolve_engagement_floor + engagement)
        if rng.random() < chance:
            log.c_resolved[k] = week
            log.c_open[kind] = -1
            if rng.random() < p.intermediary_prob:
                m = log.counters[N_INTERMEDIARIES]
                log.i_kind[m], log.i_created[m], log.i_alive[m] = kind, week, True
                log.i_a[m], log.i_b[m] = a, b
                log.i_seat_a[m], log.i_seat_b[m] = ps.seated_from[a], ps.seated_from[b]
                log.counters[N_INTERMEDIARIES] += 1


@rule
def orphaned(log: Log, k: int, ps: PartnerState) -> bool:
    """Whether intermediary ``k`` has lost every representative who made it (each
    maker's seat changed hands since it was made)."""
    if log.i_founders[k]:
        return not np.any(ps.seated_from == ps.founding_seats)
    return (ps.seated_from[log.i_a[k]] != log.i_seat_a[k]
            and ps.seated_from[log.i_b[k]] != log.i_seat_b[k])


@rule
def wear_out(log: Log, ps: PartnerState, p: Any, rng: Any) -> None:
    """Intermediaries nobody carries any more wear out.

    An intermediary whose makers have all left wears out with weekly chance
    ``1 - exp(-intermediary_wear_rate / 52)`` (Callon 1991: an intermediary holds the
    relations it defines only while actors keep it circulating; [S] « Le roulement du
    personnel ... un défi »). One draw per intermediary in force.
    """
    chance = 1.0 - np.exp(-p.intermediary_wear_rate / WEEKS_PER_YEAR)
    for k in range(log.counters[N_INTERMEDIARIES]):
        if not log.i_alive[k]:
            continue
        if rng.random() < chance and orphaned(log, k, ps):
            log.i_alive[k] = False
            log.counters[INTERMEDIARIES_WORN] += 1
