"""Controversies: how they arise, weigh on partners, resolve and leave intermediaries.

The seed: « les controverses et les défis sont présents dans tous les milieux étudiés
... Ils concernent notamment le manque de clarté dans la définition des rôles ... Le
roulement du personnel ... la présence de bailleurs de fonds et de résidents autour de
la table ou encore le partage et la gestion des espaces collectifs ». At most one
controversy of each kind is open at a time: a second dispute over the same matter
joins the open one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from reference.state import BoolArray, IntArray, PartnerState
from sim.model.actants import CommunityRoom, Controversy, Intermediary
from sim.params import WEEKS_PER_YEAR, Value

_ARISING = ("roles", "room", "table", "tenants")
"""Kinds drawn each week by :func:`arise` (turnover ones come from departures)."""


def count_kind(intermediaries: Sequence[Intermediary], kind: str) -> int:
    """Number of intermediaries of one kind in force."""
    return sum(1 for i in intermediaries if i.kind == kind)


def _pick_parties(eligible: BoolArray, weights: np.ndarray,
                  rng: np.random.Generator) -> tuple[int, ...]:
    """Two eligible partners (a controversy is a confrontation of two viewpoints), drawn
    in proportion to ``weights``, uniformly when every eligible weight is zero."""
    candidates = np.flatnonzero(eligible)
    if candidates.size < 2:
        return ()
    w = weights[candidates].astype(float)
    chance = w / w.sum() if w.sum() > 0 else None
    return tuple(int(x) for x in np.sort(rng.choice(candidates, size=2, replace=False, p=chance)))


def arise(ps: PartnerState, seated: BoolArray, room: CommunityRoom, table_mixed: int,
          open_kinds: set[str], intermediaries: Sequence[Intermediary], week: int,
          p: Mapping[str, Value], rng: np.random.Generator) -> list[Controversy]:
    """Draw this week's new controversies of the kinds roles, room, table and tenants.

    - roles: hazard ``role_conflict_rate`` times the mean ambiguity (1 - clarity) of the
      seated partners in the translation, between two of them weighted by ambiguity;
    - room: hazard ``room_conflict_rate`` when demand for the room's slots exceeds them
      ([S] milieu 2: « il y avait des irritants au niveau de l'entretien et de la
      fréquentation du local »); a room agreement signed before the start counts as one
      intermediary of the kind;
    - table: hazard ``table_conflict_rate`` when funders or residents sit on a committee,
      a funder ``funder_table_weight`` times likelier to be a party;
    - tenants: hazard ``tenant_dispute_rate``, between tenants over common spaces, no
      partner among its parties.

    Each hazard is multiplied by ``intermediary_effect`` per intermediary of its kind.
    Turnover controversies arise from departures (:func:`on_departure`).
    """
    effect = float(p["intermediary_effect"])
    new: list[Controversy] = []
    u_roles, u_room, u_table, u_tenants = rng.random(len(_ARISING))
    # each hazard is at most its rate: compute it only when the draw is below the rate
    if "roles" not in open_kinds and u_roles < float(p["role_conflict_rate"]):
        engaged = seated & (ps.stage > 0)
        if engaged.sum() >= 2:
            ambiguity = np.where(engaged, 1.0 - ps.clarity, 0.0)
            hazard = float(p["role_conflict_rate"]) * float(ambiguity[engaged].mean())
            hazard *= effect ** count_kind(intermediaries, "roles")
            if u_roles < hazard:
                new.append(Controversy("roles", _pick_parties(engaged, ambiguity, rng), week))
    agreements = int(room.agreement) + count_kind(intermediaries, "room")
    room_hazard = float(p["room_conflict_rate"]) * effect ** agreements
    if "room" not in open_kinds and room.contested and u_room < room_hazard:
        new.append(Controversy("room", _pick_parties(seated, ps.engagement, rng), week))
    if "table" not in open_kinds and table_mixed:
        hazard = float(p["table_conflict_rate"]) * table_mixed * effect ** (
            count_kind(intermediaries, "table") + count_kind(intermediaries, "roles"))
        if u_table < hazard:
            weights = np.where(ps.funder, float(p["funder_table_weight"]), 1.0)
            new.append(Controversy("table", _pick_parties(seated, weights, rng), week))
    rules = count_kind(intermediaries, "tenants")
    if "tenants" not in open_kinds and u_tenants < float(p["tenant_dispute_rate"]) * effect ** rules:
        new.append(Controversy("tenants", (), week))  # between tenants: no partner party
    return [c for c in new if c.parties or c.kind == "tenants"]


def on_departure(partner: int, seated: BoolArray, open_kinds: set[str],
                 intermediaries: Sequence[Intermediary], week: int, p: Mapping[str, Value],
                 rng: np.random.Generator) -> Controversy | None:
    """A representative's departure may open a turnover controversy with another partner.

    Chance ``turnover_controversy_prob``, times ``intermediary_effect`` per onboarding
    guide ([S] « Le roulement du personnel ... s'avère également un défi pour partager
    une compréhension commune du problème »).
    """
    if "turnover" in open_kinds:
        return None
    chance = float(p["turnover_controversy_prob"])
    chance *= float(p["intermediary_effect"]) ** (count_kind(intermediaries, "turnover")
                                                  + count_kind(intermediaries, "roles"))
    if rng.random() >= chance:
        return None
    others = np.flatnonzero(seated)
    others = others[others != partner]
    if others.size == 0:
        return None
    return Controversy("turnover", (partner, int(rng.choice(others))), week)


def involvement(ps: PartnerState, open_ones: Sequence[Controversy]) -> tuple[IntArray, IntArray]:
    """Count, per partner, the open controversies and open roles controversies involving it."""
    involved = np.zeros(ps.size, np.int64)
    roles = np.zeros(ps.size, np.int64)
    for c in open_ones:
        idx = list(c.parties)
        involved[idx] += 1
        if c.kind == "roles":
            roles[idx] += 1
    return involved, roles


def resolve(open_ones: Sequence[Controversy], ps: PartnerState, mediator_seated: bool,
            week: int, p: Mapping[str, Value],
            rng: np.random.Generator) -> tuple[list[Controversy], list[Intermediary]]:
    """Resolve open controversies; return those resolved and the intermediaries they leave.

    Weekly chance ``(resolve_base + resolve_mediator * mediated) *
    (resolve_engagement_floor + mean engagement of its parties)`` (of the seated partners
    for a dispute between tenants), where ``mediated`` holds with ``mediator_presence``
    when a mediator is seated ([S] « Le renforcement du rôle d'animation et de
    médiation, souvent joué par l'OC du CIUSSS, a parfois permis de régler certaines
    controverses »). A resolution leaves an intermediary of its kind with
    ``intermediary_prob`` ([S] « les structures, outils et guides développés semblent
    avoir permis leur résolution »). The intermediary records who made it (the parties),
    so that it can wear out once they have all left (:func:`wear_out`). Under the
    'resolution_only' and 'framing' mediation submodels alike, mediators act here.
    """
    resolved: list[Controversy] = []
    made: list[Intermediary] = []
    presence = float(p["mediator_presence"]) if mediator_seated else 0.0
    for c in open_ones:
        mediated = rng.random() < presence
        c.mediated_weeks += mediated
        engagement = float(ps.engagement[list(c.parties)].mean() if c.parties else
                           ps.engagement[ps.seated_from <= week].mean() if
                           (ps.seated_from <= week).any() else 0.0)
        chance = (float(p["resolve_base"]) + float(p["resolve_mediator"]) * mediated)
        if rng.random() < chance * (float(p["resolve_engagement_floor"]) + engagement):
            c.resolved = week
            resolved.append(c)
            if rng.random() < float(p["intermediary_prob"]):
                made.append(Intermediary(c.kind, week, "resolution", c.parties,
                                         tuple(int(ps.seated_from[i]) for i in c.parties)))
    return resolved, made


def orphaned(intermediaries: Sequence[Intermediary], ps: PartnerState) -> BoolArray:
    """Whether each intermediary has lost every representative who made it (each maker's
    seat changed hands since it was made)."""
    return np.array([bool(i.makers) and all(int(ps.seated_from[m]) != s
                                            for m, s in zip(i.makers, i.maker_seats, strict=True))
                     for i in intermediaries], bool)


def wear_out(intermediaries: list[Intermediary], ps: PartnerState, p: Mapping[str, Value],
             rng: np.random.Generator) -> int:
    """Intermediaries nobody carries any more wear out; return how many did.

    An intermediary whose makers have all left wears out with weekly chance
    ``1 - exp(-intermediary_wear_rate / 52)`` (Callon 1991: an intermediary holds the
    relations it defines only while actors keep it circulating; [S] « Le roulement du
    personnel ... un défi »). Removes them from ``intermediaries`` in place.
    """
    if not intermediaries:
        return 0
    draws = rng.random(len(intermediaries))
    chance = 1.0 - np.exp(-float(p["intermediary_wear_rate"]) / WEEKS_PER_YEAR)
    gone = orphaned(intermediaries, ps) & (draws < chance)
    if gone.any():
        intermediaries[:] = [i for i, g in zip(intermediaries, gone, strict=True) if not g]
    return int(gone.sum())
