"""Compute the declared outcomes (:mod:`sim.outcomes`) from a model's state.

Outcomes count from the start of observation (week 0, November 2018), not from the
network's founding: :class:`Observation` holds the counters of events since week 0 and
what week 0 looked like.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from reference.state import ENROLLED, INTERESTED, MOBILISED, PROBLEMATISED
from sim.kinds import CONTROVERSY_KINDS

if TYPE_CHECKING:
    from reference.model import HLMModel

KINDS: tuple[str, ...] = CONTROVERSY_KINDS
"""Controversy kinds: roles, room, turnover, table."""


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, near 1 = one holds all)."""
    total = float(values.sum())
    if values.size == 0 or total == 0.0:
        return 0.0
    v = np.sort(values)
    n = v.size
    return float(np.dot(2.0 * np.arange(1, n + 1) - n - 1, v) / (n * total))


def mean_engagement(model: HLMModel) -> float:
    """Mean engagement of the seated partner representatives (0 if none is seated)."""
    seated = model.partners.seated(model.week)
    return float(model.partners.engagement[seated].mean()) if seated.any() else 0.0


def isolation(model: HLMModel) -> float:
    """Share of households with no tie to another household."""
    degree = model.residents.degree()
    return float((degree == 0).sum()) / degree.size


@dataclass(slots=True)
class Observation:
    """Events counted since the start of observation, and the state at week 0."""

    departures_partners: int = 0
    replacements_partners: int = 0
    departures_workers: int = 0
    replacements_workers: int = 0
    fallbacks: int = 0
    referrals: int = 0
    intermediaries_worn: int = 0
    isolation_start: float = math.nan
    intermediaries_start: int = 0
    seats_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    engagement_peak: float = -math.inf
    engagement_peak_week: int = 0

    def start(self, model: HLMModel) -> None:
        """Reset the counters at week 0 and note what week 0 looks like; attendance for
        the participation Gini counts from here."""
        for name in ("departures_partners", "replacements_partners", "departures_workers",
                     "replacements_workers", "fallbacks", "referrals", "intermediaries_worn"):
            setattr(self, name, 0)
        model.residents.attendance[:] = 0
        self.isolation_start = isolation(model)
        self.intermediaries_start = len(model.intermediaries)
        self.seats_start = model.partners.seated_from.copy()
        self.engagement_peak = mean_engagement(model)
        self.engagement_peak_week = model.week

    def track(self, model: HLMModel) -> None:
        """Follow the partners' engagement peak after each observed week."""
        e = mean_engagement(model)
        if e > self.engagement_peak:
            self.engagement_peak, self.engagement_peak_week = e, model.week


def _controversies(model: HLMModel) -> dict[str, float]:
    out: dict[str, float] = {}
    week = model.week
    for kind in KINDS:
        mine = [c for c in model.controversies if c.kind == kind]
        out[f"controversies_opened_{kind}"] = float(sum(1 for c in mine if c.opened > 0))
        out[f"controversies_resolved_{kind}"] = float(
            sum(1 for c in mine if c.resolved is not None and c.resolved > 0))
        out[f"controversies_open_{kind}"] = float(sum(1 for c in mine if c.open))
    resolved = [c.age(week) for c in model.controversies if c.resolved is not None and c.resolved > 0]
    out["controversies_opened"] = sum(out[f"controversies_opened_{k}"] for k in KINDS)
    out["controversies_resolved"] = sum(out[f"controversies_resolved_{k}"] for k in KINDS)
    out["controversies_open"] = sum(out[f"controversies_open_{k}"] for k in KINDS)
    core = model.partners.core
    out["controversies_between_core"] = (
        float(sum(1 for c in model.controversies if c.opened > 0 and len(c.parties) == 2
                  and all(core[i] for i in c.parties)))
        if core.sum() >= 2 else math.nan)
    out["mean_resolution_weeks"] = float(np.mean(resolved)) if resolved else math.nan
    return out


def record(model: HLMModel) -> dict[str, float]:
    """Return every outcome of :data:`sim.outcomes.OUTCOMES` for the model's current week."""
    ps, res, obs = model.partners, model.residents, model.obs
    n_p, n_h, week = ps.size, res.size, model.week
    degree = res.degree()
    reached = model.reached()
    first = ps.first_at[:, ENROLLED]
    during = (first > 0) & (first <= week)
    engagement = mean_engagement(model)
    stayed = (ps.seated_from == obs.seats_start) & (obs.seats_start <= 0)
    return {
        "week": float(week),
        "partners_problematised_share": float((ps.stage >= PROBLEMATISED).sum()) / n_p,
        "partners_interested_share": float((ps.stage >= INTERESTED).sum()) / n_p,
        "partners_enrolled_share": float((ps.stage >= ENROLLED).sum()) / n_p,
        "partners_mobilised_share": float((ps.stage >= MOBILISED).sum()) / n_p,
        "core_enrolled_share": (float((ps.stage[ps.core] >= ENROLLED).mean())
                                if ps.core.sum() >= 2 else math.nan),
        "fallbacks": float(obs.fallbacks),
        "partner_engagement": engagement,
        "engagement_peak": obs.engagement_peak,
        "engagement_peak_week": float(obs.engagement_peak_week),
        "engagement_decline": obs.engagement_peak - engagement,
        "departures_partners": float(obs.departures_partners),
        "replacements_partners": float(obs.replacements_partners),
        "departures_workers": float(obs.departures_workers),
        "replacements_workers": float(obs.replacements_workers),
        "representatives_stayed_share": float(stayed.sum()) / n_p,
        "isolation_rate": float((degree == 0).sum()) / n_h,
        "isolation_change": float((degree == 0).sum()) / n_h - obs.isolation_start,
        "mean_ties": float(degree.sum()) / n_h,
        "residents_reached_share": float(reached.sum()) / n_h,
        "residents_taking_part_share": float((res.recent != 0).sum()) / n_h,
        "residents_coorganising_share":
            float(model.rules.coorganisers(res, week, model.p).sum()) / n_h,
        "resident_trust": float(res.trust[reached].mean()) if reached.any() else 0.0,
        "referrals_per_100": 100.0 * obs.referrals / n_h,
        "participation_gini": gini(res.attendance),
        **_controversies(model),
        "intermediaries": float(len(model.intermediaries)),
        "intermediaries_change": float(len(model.intermediaries) - obs.intermediaries_start),
        "intermediaries_worn": float(obs.intermediaries_worn),
        "collective_projects": float(sum(1 for pr in model.projects if pr.week > 0)),
        "weeks_to_enrolled": float(first[during].mean()) if during.any() else math.nan,
    }
