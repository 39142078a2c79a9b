"""Compute the declared outcomes (:mod:`sim.outcomes`) from a model's state.

Outcomes count from the start of observation (week 0, November 2018), not from the
network's founding: :class:`Observation` resets the event counters at week 0 and notes
what week 0 looked like.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.model.rules.week import mean_engagement
from sim.model.state import (
    DEPARTURES_PARTNERS,
    DEPARTURES_WORKERS,
    ENGAGEMENT_PEAK,
    ENGAGEMENT_PEAK_WEEK,
    ENROLLED,
    FALLBACKS,
    INTERESTED,
    INTERMEDIARIES_WORN,
    KINDS,
    MOBILISED,
    N_CONTROVERSIES,
    N_INTERMEDIARIES,
    N_PROJECTS,
    NEVER,
    OBSERVED,
    PROBLEMATISED,
    REFERRALS,
    REPLACEMENTS_PARTNERS,
    REPLACEMENTS_WORKERS,
)

if TYPE_CHECKING:
    from sim.model.site import Site


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, near 1 = one holds all)."""
    total = float(values.sum())
    if values.size == 0 or total == 0.0:
        return 0.0
    v = np.sort(values)
    n = v.size
    return float(np.dot(2.0 * np.arange(1, n + 1) - n - 1, v) / (n * total))


def isolation(model: Site) -> float:
    """Share of households with no tie to another household."""
    degree = model.residents.degree()
    return float((degree == 0).sum()) / degree.size


def intermediaries_in_force(model: Site) -> int:
    """Number of intermediaries in force."""
    log = model.log
    return int(log.i_alive[: log.counters[N_INTERMEDIARIES]].sum())


@dataclass(slots=True)
class Observation:
    """What week 0 (the start of observation) looked like."""

    isolation_start: float = math.nan
    intermediaries_start: int = 0
    seats_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def start(self, model: Site) -> None:
        """Reset the event counters at week 0 and note what week 0 looks like;
        attendance for the participation Gini and the engagement peak count from here."""
        model.log.counters[list(OBSERVED)] = 0
        model.residents.attendance[:] = 0
        self.isolation_start = isolation(model)
        self.intermediaries_start = intermediaries_in_force(model)
        self.seats_start = model.partners.seated_from.copy()
        model.log.gauges[ENGAGEMENT_PEAK] = mean_engagement(model.partners, model.week)
        model.log.gauges[ENGAGEMENT_PEAK_WEEK] = model.week


def _controversies(model: Site) -> dict[str, float]:
    log, week = model.log, model.week
    n = int(log.counters[N_CONTROVERSIES])
    kind, opened, resolved = log.c_kind[:n], log.c_opened[:n], log.c_resolved[:n]
    out: dict[str, float] = {}
    for k, name in enumerate(KINDS):
        mine = kind == k
        out[f"controversies_opened_{name}"] = float((mine & (opened > 0)).sum())
        out[f"controversies_resolved_{name}"] = float((mine & (resolved > 0)).sum())
        out[f"controversies_open_{name}"] = float((mine & (resolved == NEVER)).sum())
    out["controversies_opened"] = sum(out[f"controversies_opened_{k}"] for k in KINDS)
    out["controversies_resolved"] = sum(out[f"controversies_resolved_{k}"] for k in KINDS)
    out["controversies_open"] = sum(out[f"controversies_open_{k}"] for k in KINDS)
    core = model.partners.core
    if core.sum() >= 2:
        a, b = log.c_a[:n], log.c_b[:n]
        both = (a >= 0) & (b >= 0) & core[np.maximum(a, 0)] & core[np.maximum(b, 0)]
        out["controversies_between_core"] = float((both & (opened > 0)).sum())
    else:
        out["controversies_between_core"] = math.nan
    done = resolved > 0
    out["mean_resolution_weeks"] = (float((resolved[done] - opened[done]).mean())
                                    if done.any() and week > 0 else math.nan)
    return out


def record(model: Site) -> dict[str, float]:
    """Return every outcome of :data:`sim.outcomes.OUTCOMES` for the model's current week."""
    ps, res, obs, log = model.partners, model.residents, model.obs, model.log
    n_p, n_h, week, c = ps.size, res.size, model.week, log.counters
    degree = res.degree()
    reached = model.reached()
    first = ps.first_at[:, ENROLLED]
    during = (first > 0) & (first <= week)
    engagement = mean_engagement(ps, week)
    stayed = (ps.seated_from == obs.seats_start) & (obs.seats_start <= 0)
    in_force = intermediaries_in_force(model)
    projects = log.p_week[: c[N_PROJECTS]]
    return {
        "week": float(week),
        "partners_problematised_share": float((ps.stage >= PROBLEMATISED).sum()) / n_p,
        "partners_interested_share": float((ps.stage >= INTERESTED).sum()) / n_p,
        "partners_enrolled_share": float((ps.stage >= ENROLLED).sum()) / n_p,
        "partners_mobilised_share": float((ps.stage >= MOBILISED).sum()) / n_p,
        "core_enrolled_share": (float((ps.stage[ps.core] >= ENROLLED).mean())
                                if ps.core.sum() >= 2 else math.nan),
        "fallbacks": float(c[FALLBACKS]),
        "partner_engagement": engagement,
        "engagement_peak": float(log.gauges[ENGAGEMENT_PEAK]),
        "engagement_peak_week": float(log.gauges[ENGAGEMENT_PEAK_WEEK]),
        "engagement_decline": float(log.gauges[ENGAGEMENT_PEAK]) - engagement,
        "departures_partners": float(c[DEPARTURES_PARTNERS]),
        "replacements_partners": float(c[REPLACEMENTS_PARTNERS]),
        "departures_workers": float(c[DEPARTURES_WORKERS]),
        "replacements_workers": float(c[REPLACEMENTS_WORKERS]),
        "representatives_stayed_share": float(stayed.sum()) / n_p,
        "isolation_rate": float((degree == 0).sum()) / n_h,
        "isolation_change": float((degree == 0).sum()) / n_h - obs.isolation_start,
        "mean_ties": float(degree.sum()) / n_h,
        "residents_reached_share": float(reached.sum()) / n_h,
        "residents_taking_part_share": float((res.recent != 0).sum()) / n_h,
        "residents_coorganising_share": float(model.coorganisers().sum()) / n_h,
        "resident_trust": float(res.trust[reached].mean()) if reached.any() else 0.0,
        "referrals_per_100": 100.0 * float(c[REFERRALS]) / n_h,
        "participation_gini": gini(res.attendance),
        **_controversies(model),
        "intermediaries": float(in_force),
        "intermediaries_change": float(in_force - obs.intermediaries_start),
        "intermediaries_worn": float(c[INTERMEDIARIES_WORN]),
        "collective_projects": float((projects > 0).sum()),
        "weeks_to_enrolled": float(first[during].mean()) if during.any() else math.nan,
    }
