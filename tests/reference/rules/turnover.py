"""Staff turnover: representatives and proximity workers leave and are replaced.

The seed: « Le roulement du personnel ... s'avère également un défi pour partager une
compréhension commune du problème »; « la stabilité du personnel doit être visée, que ce
soit chez les partenaires ou les intervenants de milieu ». A departure leaves the seat
empty for ``vacancy_weeks``; the newcomer keeps only part of what the predecessor had
built, more when an onboarding guide exists; residents' trust in a departing worker is
lost under the 'with_worker' trust submodel (:func:`sim.model.rules.residents.worker_left`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from reference.state import BoolArray, IntArray, PartnerState
from sim.params import WEEKS_PER_YEAR, Value


def weekly_chance(rate_per_year: float) -> float:
    """The weekly chance of an event whose yearly rate is ``rate_per_year`` (Poisson)."""
    return float(1.0 - np.exp(-rate_per_year / WEEKS_PER_YEAR))


def departures(seated_partners: BoolArray, seated_workers: BoolArray, core: BoolArray,
               p: Mapping[str, Value], rng: np.random.Generator) -> tuple[IntArray, IntArray]:
    """Draw this week's departures: each seated representative and each seated worker
    leaves with chance ``1 - exp(-staff_turnover_rate / 52)``; a core partner's
    representative never leaves (« Personne n'est parti, remplacé », milieu 3).

    One uniform draw per seat (partners first, then workers), seated or not, so a run's
    stream does not depend on who is seated. Returns the indices of the partners and of
    the workers who leave.
    """
    leave = weekly_chance(float(p["staff_turnover_rate"]))
    draws = rng.random(seated_partners.size + seated_workers.size)
    leaving = draws < leave
    n = seated_partners.size
    return (np.flatnonzero(leaving[:n] & seated_partners & ~core),
            np.flatnonzero(leaving[n:] & seated_workers))


def kept_share(p: Mapping[str, Value], onboarding_guides: int) -> float:
    """Share of role clarity and engagement a newcomer keeps from the predecessor.

    ``role_retained``, raised toward 1 by onboarding guides: each guide multiplies the
    share lost by ``intermediary_effect`` (the written trace of roles survives the person).
    """
    kept = float(p["role_retained"])
    return kept + (1.0 - kept) * (1.0 - float(p["intermediary_effect"]) ** onboarding_guides)


def replace_representatives(ps: PartnerState, gone: IntArray, week: int, kept: float,
                            vacancy: int) -> None:
    """The representatives ``gone`` leave: their seats stay empty ``vacancy`` weeks, and
    the newcomers keep ``kept`` of the clarity and engagement, restart from their
    organisation's framing and have attended no meeting."""
    ps.seated_from[gone] = week + vacancy
    ps.clarity[gone] *= kept
    ps.engagement[gone] *= kept
    ps.framing[gone] = ps.origin_framing[gone]
    ps.meetings[gone] = 0
