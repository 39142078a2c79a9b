"""Controversies: how they arise, weigh on partners, resolve and leave intermediaries,
and how intermediaries wear out.

The seed: « les controverses et les défis sont présents dans tous les milieux étudiés
... Ils concernent notamment le manque de clarté dans la définition des rôles ... Le
roulement du personnel ... la présence de bailleurs de fonds et de résidents autour de
la table ou encore le partage et la gestion des espaces collectifs ». At most one
controversy of each kind is open at a time: a second dispute over the same matter
joins the open one. A controversy between partners has two parties (a confrontation of
two viewpoints); a dispute between tenants over common spaces has none among the partners
(its parties are recorded as -1).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rules.jit import rule
from sim.model.rules.translation import mean_engagement_arrays
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
    TENANTS,
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
def open_controversy_arrays(c_kind: IntArray, c_a: IntArray, c_b: IntArray, c_opened: IntArray,
                            c_open: IntArray, counters: IntArray, kind: int, a: int, b: int,
                            week: int) -> None:
    """Record a new controversy of ``kind`` between ``a`` and ``b`` (in the log's arrays)."""
    k = counters[N_CONTROVERSIES]
    c_kind[k], c_a[k], c_b[k], c_opened[k] = kind, a, b, week
    c_open[kind] = k
    counters[N_CONTROVERSIES] += 1


def open_controversy(log: Log, kind: int, a: int, b: int, week: int) -> None:
    """Record a new controversy of ``kind`` between ``a`` and ``b``."""
    open_controversy_arrays(log.c_kind, log.c_a, log.c_b, log.c_opened, log.c_open, log.counters,
                            kind, a, b, week)


@rule
def arise_arrays(stage: IntArray, clarity: FloatArray, engagement: FloatArray, funder: BoolArray,
                 seated: BoolArray, c_open: IntArray, c_kind: IntArray, c_a: IntArray,
                 c_b: IntArray, c_opened: IntArray, counters: IntArray, i_alive: BoolArray,
                 i_kind: IntArray, week: int, p: Any, rng: Any) -> None:
    """Draw this week's new controversies of the kinds roles, room, table and tenants.

    - roles: hazard ``role_conflict_rate`` times the mean ambiguity (1 - clarity) of the
      seated partners in the translation, between two of them weighted by ambiguity;
    - room: hazard ``room_conflict_rate`` when demand for the room's slots exceeds them
      ([S] milieu 2: « il y avait des irritants au niveau de l'entretien et de la
      fréquentation du local »); a room agreement signed before the start counts as one
      intermediary of the kind (it lowers the hazard as any agreement does, and does not
      rule the controversy out: milieu 2's contract did not end every « irritant »);
    - table: hazard ``table_conflict_rate`` per group that sits at the table beside the
      partners (``counters[TABLE_MIXED]``: funders among the partners, residents on a
      committee; [S] « la présence de bailleurs de fonds et de résidents autour de la
      table » names two presences), a funder ``funder_table_weight`` times likelier to be
      a party;
    - tenants: hazard ``tenant_dispute_rate``, a dispute between tenants over the use of
      common spaces, in every site (they all have a yard and a room); no partner is a
      party ([S] milieu 3: « régler les tensions entre les locataires autour de
      l'utilisation de la cour commune », while its partners « n'ont jamais eu de
      difficultés »).

    Each hazard is multiplied by ``intermediary_effect`` per intermediary of its kind;
    a role grid (an intermediary of kind roles) counts for table controversies too: roles
    set early are what milieu 3's partner gives for never having had difficulties ([S]
    « On n'a jamais eu de difficultés, mais nos rôles ... ont été très bien campés au
    départ ... on s'était fait comme une grille »). Four uniform draws a week. Turnover
    controversies arise from departures (:func:`on_departure`). The rule takes the
    partners' and the log's arrays it uses (docs/kernel.md); :func:`arise` takes the
    state's named tuples.
    """
    u_roles, u_room, u_table, u_tenants = rng.random(), rng.random(), rng.random(), rng.random()
    effect = p.intermediary_effect
    n = seated.shape[0]
    n_i = counters[N_INTERMEDIARIES]
    if c_open[ROLES] < 0 and u_roles < p.role_conflict_rate:
        engaged = seated & (stage > 0)
        if engaged.sum() >= 2:
            ambiguity = np.where(engaged, 1.0 - clarity, 0.0)
            hazard = p.role_conflict_rate * ambiguity.sum() / engaged.sum()
            hazard *= effect ** count_kind(i_alive, i_kind, n_i, ROLES)
            if u_roles < hazard:
                a, b = pick_parties(engaged, ambiguity, rng)
                open_controversy_arrays(c_kind, c_a, c_b, c_opened, c_open, counters, ROLES, a, b,
                                        week)
    contested = counters[ROOM_DEMAND] > counters[ROOM_SLOTS]
    if c_open[ROOM] < 0 and contested:
        agreements = (counters[ROOM_AGREEMENT] > 0) + count_kind(i_alive, i_kind, n_i, ROOM)
        if u_room < p.room_conflict_rate * effect ** agreements:
            a, b = pick_parties(seated, engagement, rng)
            if a >= 0:
                open_controversy_arrays(c_kind, c_a, c_b, c_opened, c_open, counters, ROOM, a, b,
                                        week)
    if c_open[TABLE] < 0 and counters[TABLE_MIXED] > 0:
        table_hazard = p.table_conflict_rate * counters[TABLE_MIXED] * effect ** (
            count_kind(i_alive, i_kind, n_i, TABLE) + count_kind(i_alive, i_kind, n_i, ROLES))
        if u_table < table_hazard:
            weights = np.ones(n)
            for i in range(n):
                if funder[i]:
                    weights[i] = p.funder_table_weight
            a, b = pick_parties(seated, weights, rng)
            if a >= 0:
                open_controversy_arrays(c_kind, c_a, c_b, c_opened, c_open, counters, TABLE, a, b,
                                        week)
    if c_open[TENANTS] < 0:
        rules = count_kind(i_alive, i_kind, n_i, TENANTS)
        if u_tenants < p.tenant_dispute_rate * effect ** rules:
            open_controversy_arrays(c_kind, c_a, c_b, c_opened, c_open, counters, TENANTS, -1,
                                    -1, week)


def arise(ps: PartnerState, seated: BoolArray, log: Log, week: int, p: Any, rng: Any) -> None:
    """:func:`arise_arrays` on the state's named tuples (this week's new controversies)."""
    arise_arrays(ps.stage, ps.clarity, ps.engagement, ps.funder, seated, log.c_open, log.c_kind,
                 log.c_a, log.c_b, log.c_opened, log.counters, log.i_alive, log.i_kind, week, p,
                 rng)


@rule
def on_departure(seated_from: IntArray, c_open: IntArray, c_kind: IntArray, c_a: IntArray,
                 c_b: IntArray, c_opened: IntArray, counters: IntArray, i_alive: BoolArray,
                 i_kind: IntArray, partner: int, week: int, p: Any, rng: Any) -> None:
    """A representative's departure may open a turnover controversy with another seated
    partner: chance ``turnover_controversy_prob``, times ``intermediary_effect`` per
    onboarding guide and per role grid (a newcomer finds its role written down: [S] « nos
    rôles ... ont été très bien campés au départ ... on s'était fait comme une grille »)
    ([S] « Le roulement du personnel ... s'avère également un défi pour partager une
    compréhension commune du problème »). Takes the partners' seats and the
    log's arrays it uses (docs/kernel.md)."""
    if c_open[TURNOVER] >= 0:
        return
    n_i = counters[N_INTERMEDIARIES]
    chance = p.turnover_controversy_prob * p.intermediary_effect ** (
        count_kind(i_alive, i_kind, n_i, TURNOVER) + count_kind(i_alive, i_kind, n_i, ROLES))
    if rng.random() >= chance:
        return
    n_others = 0
    for i in range(seated_from.shape[0]):
        if i != partner and seated_from[i] <= week:
            n_others += 1
    if n_others == 0:
        return
    pick = int(rng.random() * n_others)
    for i in range(seated_from.shape[0]):
        if i != partner and seated_from[i] <= week:
            if pick == 0:
                open_controversy_arrays(c_kind, c_a, c_b, c_opened, c_open, counters, TURNOVER,
                                        min(partner, i), max(partner, i), week)
                return
            pick -= 1


@rule
def involvement(c_open: IntArray, c_a: IntArray, c_b: IntArray, involved: IntArray,
                roles: IntArray) -> None:
    """Count, per partner, the open controversies (into ``involved``) and open roles
    controversies (into ``roles``) involving it. A dispute between tenants involves no
    partner."""
    involved[:] = 0
    roles[:] = 0
    for kind in range(c_open.shape[0]):
        k = c_open[kind]
        if k < 0 or c_a[k] < 0:
            continue
        for party in (c_a[k], c_b[k]):
            involved[party] += 1
            if kind == ROLES:
                roles[party] += 1


@rule
def resolve_arrays(engagement: FloatArray, seated_from: IntArray, mediator_seated: bool,
                   c_open: IntArray, c_a: IntArray, c_b: IntArray, c_resolved: IntArray,
                   c_mediated: IntArray, counters: IntArray, i_kind: IntArray,
                   i_created: IntArray, i_alive: BoolArray, i_a: IntArray, i_b: IntArray,
                   i_seat_a: IntArray, i_seat_b: IntArray, week: int, p: Any, rng: Any) -> None:
    """Resolve open controversies (kinds in order: roles, room, turnover, table, tenants).

    Weekly chance ``(resolve_base + resolve_mediator * mediated) *
    (resolve_engagement_floor + mean engagement of its parties)`` (of the seated partners
    for a dispute between tenants, which the network settles: [S] « l'agente de
    mobilisation et l'OC de l'OMH ... ont joué un rôle de médiatrices en organisant une
    rencontre qui a fixé des règles de vie »), where ``mediated``
    holds with ``mediator_presence`` when a mediator is seated ([S] « Le renforcement du
    rôle d'animation et de médiation, souvent joué par l'OC du CIUSSS, a parfois permis de
    régler certaines controverses »), under both mediation submodels. A resolution
    leaves an intermediary of its kind with ``intermediary_prob`` ([S] « les structures,
    outils et guides développés semblent avoir permis leur résolution »); the
    intermediary records who made it (the two parties and their seats), so that it can
    wear out once they have both left (:func:`wear_out`); rules of common life record
    none. Three draws per open one. The
    rule takes the partners' and the log's arrays it uses (docs/kernel.md);
    :func:`resolve` takes the state's named tuples.
    """
    presence = p.mediator_presence if mediator_seated else 0.0
    for kind in range(c_open.shape[0]):
        k = c_open[kind]
        if k < 0:
            continue
        mediated = rng.random() < presence
        if mediated:
            c_mediated[k] += 1
        a, b = c_a[k], c_b[k]
        engagement_ab = (engagement[a] + engagement[b]) / 2 if a >= 0 else mean_engagement_arrays(
            engagement, seated_from, week)
        chance = (p.resolve_base + p.resolve_mediator * mediated) * (
            p.resolve_engagement_floor + engagement_ab)
        if rng.random() < chance:
            c_resolved[k] = week
            c_open[kind] = -1
            if rng.random() < p.intermediary_prob:
                m = counters[N_INTERMEDIARIES]
                i_kind[m], i_created[m], i_alive[m] = kind, week, True
                i_a[m], i_b[m] = a, b
                if a >= 0:
                    i_seat_a[m], i_seat_b[m] = seated_from[a], seated_from[b]
                else:  # rules of common life: no partner made them
                    i_seat_a[m], i_seat_b[m] = -1, -1
                counters[N_INTERMEDIARIES] += 1


def resolve(ps: PartnerState, mediator_seated: bool, log: Log, week: int, p: Any,
            rng: Any) -> None:
    """:func:`resolve_arrays` on the state's named tuples (resolve open controversies)."""
    resolve_arrays(ps.engagement, ps.seated_from, mediator_seated, log.c_open, log.c_a, log.c_b,
                   log.c_resolved, log.c_mediated, log.counters, log.i_kind, log.i_created,
                   log.i_alive, log.i_a, log.i_b, log.i_seat_a, log.i_seat_b, week, p, rng)


@rule
def orphaned(k: int, i_founders: BoolArray, i_a: IntArray, i_b: IntArray, i_seat_a: IntArray,
             i_seat_b: IntArray, seated_from: IntArray, founding_seats: IntArray) -> bool:
    """Whether intermediary ``k`` has lost every representative who made it (each
    maker's seat changed hands since it was made). Rules of common life (no partner
    among their makers) are carried by the tenants and never orphaned."""
    if i_a[k] < 0:
        return False
    if i_founders[k]:
        founder_seated = False
        for i in range(seated_from.shape[0]):
            founder_seated |= seated_from[i] == founding_seats[i]
        return not founder_seated
    return (seated_from[i_a[k]] != i_seat_a[k]
            and seated_from[i_b[k]] != i_seat_b[k])


@rule
def wear_out_arrays(counters: IntArray, i_alive: BoolArray, i_founders: BoolArray, i_a: IntArray,
                    i_b: IntArray, i_seat_a: IntArray, i_seat_b: IntArray,
                    seated_from: IntArray, founding_seats: IntArray, p: Any, rng: Any) -> None:
    """Intermediaries nobody carries any more wear out.

    An intermediary whose makers have all left wears out with weekly chance
    ``1 - exp(-intermediary_wear_rate / 52)`` (Callon 1991: an intermediary holds the
    relations it defines only while actors keep it circulating; [S] « Le roulement du
    personnel ... un défi »). One draw per intermediary in force. The rule takes the
    log's and the partners' arrays it uses (docs/kernel.md); :func:`wear_out` takes the
    state's named tuples.
    """
    chance = 1.0 - np.exp(-p.intermediary_wear_rate / WEEKS_PER_YEAR)
    for k in range(counters[N_INTERMEDIARIES]):
        if not i_alive[k]:
            continue
        if rng.random() < chance and orphaned(k, i_founders, i_a, i_b, i_seat_a, i_seat_b,
                                              seated_from, founding_seats):
            i_alive[k] = False
            counters[INTERMEDIARIES_WORN] += 1


def wear_out(log: Log, ps: PartnerState, p: Any, rng: Any) -> None:
    """:func:`wear_out_arrays` on the state's named tuples (intermediaries wear out)."""
    wear_out_arrays(log.counters, log.i_alive, log.i_founders, log.i_a, log.i_b, log.i_seat_a,
                    log.i_seat_b, ps.seated_from, ps.founding_seats, p, rng)
