"""A plain, household-by-household implementation of the resident rules.

It mirrors the public functions of :mod:`sim.model.rules.residents` with Python loops over
households and pairs, and keeps ties in its own way (a scan of every tie for expiry,
no buckets), so ``tests/test_equivalence.py`` can check that the vectorised rules
give the same outcome distributions. It draws random numbers in a different order, so
only distributions, not single runs, can agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from reference.rules import residents as vectorised
from reference.rules.residents import (
    FAMILY,
    Catchment,  # same structure; rebuilt by the model
)
from reference.state import PRIOR, ResidentState
from sim.params import WEEKS_PER_YEAR, Value


def catchment(res: ResidentState, workers: Sequence[tuple[int, int, str]],
              p: Mapping[str, Value]) -> Catchment:
    """Who each worker may contact: structure shared with the vectorised rules."""
    return vectorised.catchment(res, workers, p)


def reached(res: ResidentState, week: int, p: Mapping[str, Value]) -> np.ndarray:
    """Households whose last contact is at most ``reach_window_weeks`` old."""
    return np.array([week - res.last_contact[h] <= int(p["reach_window_weeks"])
                     for h in range(res.size)], bool)


def _renew(res: ResidentState, a: int, b: int, week: int) -> None:
    ties = res.ties
    key = min(a, b) * ties.n + max(a, b)
    previous = ties.last.get(key)
    if previous is None:
        ties.degree[a] += 1
        ties.degree[b] += 1
    ties.last[key] = week


def contacts(res: ResidentState, area: Catchment, wanted: np.ndarray, reception: float,
             services: np.ndarray, week: int, p: Mapping[str, Value],
             rng: np.random.Generator) -> int:
    """Per worker, per household of its building: contact with probability
    ``wanted * weight / total weight``; then each contacted household gains trust
    once and may be referred once per contact."""
    floor = float(p["outreach_floor"])
    visits: list[tuple[int, int]] = []  # (household, worker index)
    for pos, worker in enumerate(area.worker):
        members = [int(h) for h, q in zip(area.household, area.position, strict=True) if q == pos]
        focused = any(area.boost[k] != 1.0 for k in range(area.household.size) if area.position[k] == pos)
        weights = []
        for h in members:
            w = floor + res.need[h] + res.trust[h]
            if focused and res.htype[h] == FAMILY:
                w *= float(p["family_focus_boost"])
            weights.append(w)
        total = sum(weights)
        for h, w in zip(members, weights, strict=True):
            if rng.random() < wanted[pos] * w / total:
                visits.append((h, int(worker)))
    gain = min(1.0, float(p["trust_gain"]) * reception)
    before = {h: res.trust[h] for h, _ in visits}
    referrals = 0
    for h, worker in visits:
        res.trust[h] = before[h] + gain * (1.0 - before[h])
        res.last_contact[h] = week
        res.last_worker[h] = worker
        res.invited[h] = True
    for h, _ in visits:
        if services[res.need_kind[h]] and rng.random() < float(p["referral_prob"]):
            res.referrals[h] += 1
            res.need[h] *= float(p["need_after_referral"])
            referrals += 1
    return referrals


def worker_left(res: ResidentState, worker: int, p: Mapping[str, Value]) -> None:
    """Households whose last contact was the departing worker lose their trust (under
    the 'with_worker' trust submodel; under 'with_employer' the next worker keeps it)."""
    for h in range(res.size):
        if res.last_worker[h] == worker:
            if p["trust_mechanism"] == "with_worker":
                res.trust[h] = 0.0
            res.last_worker[h] = -1


def _pairs(res: ResidentState, members: Sequence[int], week: int, tie_prob: float,
           rng: np.random.Generator) -> None:
    for x in range(len(members)):
        for y in range(x + 1, len(members)):
            if rng.random() < tie_prob:
                _renew(res, members[x], members[y], week)


def attend(res: ResidentState, activities: np.ndarray, week: int, p: Mapping[str, Value],
           rng: np.random.Generator) -> None:
    """Each household decides to attend, picks one activity of its building; each
    activity keeps at most ``activity_capacity``; attendees pair up into ties."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for h in range(res.size):
        res.recent[h] = np.uint8((int(res.recent[h]) << 1) & 0xFF)
        chance = res.propensity[h] * (float(p["attend_base"]) + float(p["attend_trust"]) * res.trust[h])
        if res.invited[h]:
            chance += float(p["invitation_boost"])
        res.invited[h] = False
        n_act = int(activities[res.building[h]])
        if n_act and rng.random() < 1.0 - (1.0 - min(chance, 1.0)) ** n_act:
            groups[(int(res.building[h]), int(rng.integers(n_act)))].append(h)
    capacity = int(p["activity_capacity"])
    for key in sorted(groups):
        members = groups[key]
        if len(members) > capacity:
            members = [members[i] for i in sorted(rng.permutation(len(members))[:capacity])]
        for h in members:
            res.recent[h] |= np.uint8(1)
            res.attendance[h] += 1
        _pairs(res, members, week, float(p["tie_prob"]), rng)


def decay_ties(res: ResidentState, week: int, p: Mapping[str, Value],
               rng: np.random.Generator) -> None:
    """Scan every tie: an activity tie not renewed for ``tie_lifetime`` weeks ends; a
    prior tie never renewed ends with its weekly lapse chance."""
    lifetime = int(p["tie_lifetime"])
    lapse = 1.0 - np.exp(-float(p["prior_tie_lapse_rate"]) / WEEKS_PER_YEAR)
    ties = res.ties
    for key, last in list(ties.last.items()):
        ends = rng.random() < lapse if last == PRIOR else week - last >= lifetime
        if ends:
            del ties.last[key]
            ties.degree[key // ties.n] -= 1
            ties.degree[key % ties.n] -= 1


def coorganisers(res: ResidentState, week: int, p: Mapping[str, Value]) -> np.ndarray:
    """Regular participants on the committee or in a recent project."""
    out = np.zeros(res.size, bool)
    for h in range(res.size):
        regular = int(res.recent[h]).bit_count() >= int(p["regular_weeks"])
        recent_project = week - res.helped_project[h] <= int(p["coorganiser_window"])
        out[h] = regular and (bool(res.committee[h]) or recent_project)
    return out


def join_project(res: ResidentState, week: int, p: Mapping[str, Value],
                 rng: np.random.Generator) -> int:
    """Co-organisers and, each with ``project_join_share``, households taking part join;
    they sit at tables of ``activity_capacity`` and pair up into ties."""
    organisers = coorganisers(res, week, p)
    share = float(p["project_join_share"])
    joined = [h for h in range(res.size)
              if organisers[h] or (res.recent[h] != 0 and rng.random() < share)]
    joined = [joined[i] for i in rng.permutation(len(joined))]
    for h in joined:
        res.helped_project[h] = week
        res.attendance[h] += 1
    capacity = int(p["activity_capacity"])
    for start in range(0, len(joined), capacity):
        _pairs(res, joined[start:start + capacity], week, float(p["tie_prob"]), rng)
    return len(joined)
