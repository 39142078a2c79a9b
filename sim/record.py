"""Compute the declared outcomes (:mod:`sim.outcomes`) from a model's state."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.state import ENROLLED, INTERESTED, MOBILISED, NEVER, PROBLEMATISED

if TYPE_CHECKING:
    from sim.model import HLMModel


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, near 1 = one holds all)."""
    total = float(values.sum())
    if values.size == 0 or total == 0.0:
        return 0.0
    v = np.sort(values)
    n = v.size
    return float(np.dot(2.0 * np.arange(1, n + 1) - n - 1, v) / (n * total))


def record(model: HLMModel) -> dict[str, float]:
    """Return every outcome of :data:`sim.outcomes.OUTCOMES` for the model's current week."""
    ps, res = model.partners, model.residents
    n_p, n_h = ps.size, res.size
    degree = res.degree()
    reached = res.reached
    resolved = [c.age(model.week) for c in model.controversies if not c.open]
    first = ps.first_at[:, ENROLLED]
    return {
        "week": float(model.week),
        "partners_problematised_share": float((ps.stage >= PROBLEMATISED).sum()) / n_p,
        "partners_interested_share": float((ps.stage >= INTERESTED).sum()) / n_p,
        "partners_enrolled_share": float((ps.stage >= ENROLLED).sum()) / n_p,
        "partners_mobilised_share": float((ps.stage >= MOBILISED).sum()) / n_p,
        "fallbacks": float(model.fallbacks),
        "isolation_rate": float((degree == 0).sum()) / n_h,
        "mean_ties": float(degree.sum()) / n_h,
        "residents_reached_share": float(reached.sum()) / n_h,
        "residents_taking_part_share": float((res.recent != 0).sum()) / n_h,
        "residents_coorganising_share": float(model.rules.coorganisers(res, model.week).sum()) / n_h,
        "resident_trust": float(res.trust[reached].mean()) if reached.any() else 0.0,
        "referrals_per_100": 100.0 * model.referrals / n_h,
        "participation_gini": gini(res.attendance),
        "controversies_opened": float(len(model.controversies)),
        "controversies_open": float(sum(1 for c in model.controversies if c.open)),
        "mean_resolution_weeks": float(np.mean(resolved)) if resolved else math.nan,
        "intermediaries": float(len(model.intermediaries)),
        "collective_projects": float(len(model.projects)),
        "weeks_to_enrolled": float(first[first != NEVER].mean()) if (first != NEVER).any() else math.nan,
    }
