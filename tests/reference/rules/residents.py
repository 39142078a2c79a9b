"""Resident rules on whole arrays: worker contacts, attendance, ties, projects.

Each function takes the resident state, the values it needs, the parameters and the
run's generator, and updates the state in place. ``tests/reference_residents.py``
implements the same rules household by household; a test checks both give the same
outcome distributions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from reference.state import RECENT_WEEKS, BoolArray, FloatArray, IntArray, ResidentState
from sim.params import WEEKS_PER_YEAR, Value

FAMILY = 0


@dataclass(frozen=True, slots=True)
class Catchment:
    """The households each seated worker can contact, laid end to end.

    ``household[k]`` is a household in the building of worker ``position[k]`` (0-based
    among the seated workers, in order), whose entries start at ``starts[w]``;
    ``boost`` multiplies families' weight for workers whose focus is families or youth;
    ``worker`` holds the workers' model indices.
    """

    household: IntArray
    position: IntArray
    starts: IntArray
    boost: FloatArray
    worker: IntArray


def catchment(res: ResidentState, workers: Sequence[tuple[int, int, str]],
              p: Mapping[str, Value]) -> Catchment:
    """Build the catchment of the seated ``workers`` given as (index, building, focus):
    families weigh ``family_focus_boost`` for a worker whose focus is families or youth
    ([S] milieu 1: « un intervenant pour les familles et un pour les jeunes »)."""
    spans = [np.arange(*np.searchsorted(res.building, [b, b + 1])) for _, b, _ in workers]
    sizes = np.array([s.size for s in spans], np.int64)
    household = np.concatenate(spans) if spans else np.zeros(0, np.int64)
    position = np.repeat(np.arange(len(workers)), sizes)
    focused = np.array([f != "all" for _, _, f in workers], bool)[position]
    boost = np.where(focused & (res.htype[household] == FAMILY),
                     float(p["family_focus_boost"]), 1.0)
    return Catchment(household, position, np.cumsum(sizes) - sizes, boost,
                     np.array([w[0] for w in workers], np.int64))


def contacts(res: ResidentState, area: Catchment, wanted: FloatArray, reception: float,
             services: BoolArray, week: int, p: Mapping[str, Value],
             rng: np.random.Generator) -> int:
    """Each seated worker contacts about ``wanted[w]`` households of its building;
    returns the referrals made.

    Each household of the building is contacted with probability proportional to its
    weight ``outreach_floor + need + trust`` (times ``family_focus_boost`` for families
    when the worker's focus is families or youth), scaled so that the expected number
    of contacts is ``wanted[w]`` (capped at 1 per household). A contact raises trust by
    ``trust_gain * reception * (1 - trust)`` under both ``trust_mechanism`` submodels.

    A contact stamps the household as reached this week, invites it to next week's
    activities, and refers it, with ``referral_prob``, to an enrolled partner whose
    service answers its main need, which leaves ``need_after_referral`` of that need
    ([S] « faciliter le référencement »). A household two workers contact in the same
    week counts once.
    """
    h = area.household
    if h.size == 0:
        return 0
    weight = (float(p["outreach_floor"]) + res.need[h] + res.trust[h]) * area.boost
    scale = wanted / np.add.reduceat(weight, area.starts)
    picked = np.flatnonzero(rng.random(h.size) < weight * scale[area.position])
    chosen = h[picked]
    gain = min(1.0, float(p["trust_gain"]) * reception)
    res.trust[chosen] += gain * (1.0 - res.trust[chosen])
    res.last_contact[chosen] = week
    res.last_worker[chosen] = area.worker[area.position[picked]]
    res.invited[chosen] = True
    served = services[res.need_kind[chosen]]
    referred = chosen[served & (rng.random(chosen.size) < float(p["referral_prob"]))]
    np.add.at(res.referrals, referred, 1)
    np.multiply.at(res.need, referred, float(p["need_after_referral"]))
    return int(referred.size)


def worker_left(res: ResidentState, worker: int, p: Mapping[str, Value]) -> None:
    """Under the 'with_worker' trust submodel, trust in a departing worker does not pass to
    the next one ([S] « il faut qu'à reste permanent, il faut pas qu'elle change »,
    Résident 3, Milieu 4). Under 'with_employer', the next worker keeps it."""
    gone = res.last_worker == worker
    if p["trust_mechanism"] == "with_worker":
        res.trust[gone] = 0.0
    res.last_worker[gone] = -1


def reached(res: ResidentState, week: int, p: Mapping[str, Value]) -> BoolArray:
    """Households in a worker's active caseload: last contacted at most
    ``reach_window_weeks`` weeks ago."""
    return week - res.last_contact <= int(p["reach_window_weeks"])


def attend(res: ResidentState, activities: IntArray, week: int, p: Mapping[str, Value],
           rng: np.random.Generator) -> None:
    """Households attend this week's activities in their building and form ties.

    ``activities[b]`` is the number of activities in building ``b``. Each activity is
    an independent chance ``propensity * (attend_base + attend_trust * trust) +
    invitation_boost * invited``; a household attends at most one, chosen uniformly.
    Each activity holds at most ``activity_capacity`` households. Two attendees of the
    same activity form or renew a tie with ``tie_prob`` ([S] « Briser la solitude ...
    ça brise l'isolement », Résident 11, Milieu 2).
    """
    res.recent <<= 1
    chance = res.propensity * (float(p["attend_base"]) + float(p["attend_trust"]) * res.trust)
    chance += float(p["invitation_boost"]) * res.invited
    res.invited[:] = False
    per_household = activities[res.building]
    attend_p = 1.0 - (1.0 - np.minimum(chance, 1.0)) ** per_household
    u = rng.random(res.size)
    who = np.flatnonzero(u < attend_p)
    if who.size == 0:
        return
    # given u < attend_p, u / attend_p is uniform on [0, 1): it picks the activity
    slots = int(activities.max()) + 1
    group = res.building[who] * slots + (u[who] / attend_p[who] * per_household[who]).astype(np.int64)
    order = np.argsort(group, kind="stable")
    who, group = who[order], group[order]
    capacity = int(p["activity_capacity"])
    rank = np.arange(who.size) - np.searchsorted(group, group)
    if rank.max() >= capacity:
        # too many for some activity: the ones kept are drawn at random
        order = np.lexsort((rng.random(who.size), group))
        who, group = who[order], group[order]
        keep = rank < capacity
        who, group = who[keep], group[keep]
    res.recent[who] |= 1
    res.attendance[who] += 1
    form_ties(res, who, group, week, float(p["tie_prob"]), rng)


def form_ties(res: ResidentState, who: IntArray, group: IntArray, week: int,
              tie_prob: float, rng: np.random.Generator) -> None:
    """Each pair of households in the same group forms or renews a tie with ``tie_prob``.

    ``group`` must be sorted; pairs are enumerated group by group.
    """
    if who.size < 2 or tie_prob <= 0.0:
        return
    position = np.arange(who.size)
    group_end = np.searchsorted(group, group, side="right")
    later = group_end - position - 1
    i = np.repeat(position, later)
    j = i + 1 + np.arange(i.size) - np.repeat(np.cumsum(later) - later, later)
    hit = rng.random(i.size) < tie_prob
    res.ties.renew(who[i[hit]], who[j[hit]], week)


def decay_ties(res: ResidentState, week: int, p: Mapping[str, Value],
               rng: np.random.Generator) -> None:
    """Ties formed at activities end when not renewed for ``tie_lifetime`` weeks; ties
    that predate the intervention and were never renewed at an activity lapse at the
    yearly rate ``prior_tie_lapse_rate`` (moves, deaths: so isolation can rise when
    activities stop)."""
    res.ties.expire(week, int(p["tie_lifetime"]))
    chance = 1.0 - np.exp(-float(p["prior_tie_lapse_rate"]) / WEEKS_PER_YEAR)
    res.ties.lapse_prior(chance, rng)


def coorganisers(res: ResidentState, week: int, p: Mapping[str, Value]) -> BoolArray:
    """Households that take part regularly (``regular_weeks`` or more of the last 8
    weeks) and sit on the tenants' committee or helped run a project in the last
    ``coorganiser_window`` weeks."""
    regular = _POPCOUNT[res.recent] >= int(p["regular_weeks"])
    return regular & (res.committee | (week - res.helped_project <= int(p["coorganiser_window"])))


def join_project(res: ResidentState, week: int, p: Mapping[str, Value],
                 rng: np.random.Generator) -> int:
    """A collective project gathers co-organisers and a share ``project_join_share`` of
    the households taking part.

    Participants count an attendance, are marked as having helped run a project and
    form ties as at activities, in tables of ``activity_capacity``. Returns the number
    of participants.
    """
    taking_part = res.recent != 0
    joins = coorganisers(res, week, p) | (taking_part & (rng.random(res.size) < float(p["project_join_share"])))
    who = rng.permutation(np.flatnonzero(joins))
    res.helped_project[who] = week
    res.attendance[who] += 1
    group = np.arange(who.size) // int(p["activity_capacity"])
    form_ties(res, who, group, week, float(p["tie_prob"]), rng)
    return int(who.size)


_POPCOUNT = np.array([i.bit_count() for i in range(1 << RECENT_WEEKS)], dtype=np.int64)
"""Number of attended weeks in each 8-bit attendance record."""
