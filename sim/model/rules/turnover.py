"""Staff turnover: representatives and proximity workers leave and are replaced.

The seed: « Le roulement du personnel ... s'avère également un défi pour partager une
compréhension commune du problème »; « la stabilité du personnel doit être visée, que ce
soit chez les partenaires ou les intervenants de milieu ». A departure leaves the seat
empty for ``vacancy_weeks``; the newcomer keeps only part of what the predecessor had
built, more when an onboarding guide exists; residents' trust in a departing worker is
lost under the 'with_worker' trust submodel (:func:`sim.model.rules.residents.worker_left`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rules import controversies as contro
from sim.model.rules.jit import rule
from sim.model.rules.residents import worker_left
from sim.model.state import (
    DEPARTURES_PARTNERS,
    DEPARTURES_WORKERS,
    N_INTERMEDIARIES,
    REPLACEMENTS_PARTNERS,
    REPLACEMENTS_WORKERS,
    TURNOVER,
    Log,
    PartnerState,
    ResidentState,
    WorkerState,
)
from sim.params import WEEKS_PER_YEAR


@rule
def weekly_chance(rate_per_year: float) -> float:
    """The weekly chance of an event whose yearly rate is ``rate_per_year`` (Poisson)."""
    return 1.0 - np.exp(-rate_per_year / WEEKS_PER_YEAR)


@rule
def kept_share(p: Any, onboarding_guides: int) -> float:
    """Share of role clarity and engagement a newcomer keeps from the predecessor.

    ``role_retained``, raised toward 1 by onboarding guides: each guide multiplies the
    share lost by ``intermediary_effect`` (the written trace of roles survives the person).
    """
    kept = p.role_retained
    return kept + (1.0 - kept) * (1.0 - p.intermediary_effect ** onboarding_guides)


@rule
def replace_representative(ps: PartnerState, i: int, week: int, kept: float, vacancy: int) -> None:
    """Representative ``i`` leaves: the seat stays empty ``vacancy`` weeks, and the
    newcomer keeps ``kept`` of the clarity and engagement, restarts from the
    organisation's framing and has attended no meeting."""
    ps.seated_from[i] = week + vacancy
    ps.clarity[i] *= kept
    ps.engagement[i] *= kept
    ps.framing[i, :] = ps.origin_framing[i, :]
    ps.meetings[i] = 0


@rule
def turnover(ps: PartnerState, workers: WorkerState, res: ResidentState, log: Log, week: int,
             p: Any, rng: Any) -> None:
    """One week of turnover (ODD 7.1).

    Newcomers whose vacancy ends this week take their seats (counted as replacements).
    Then each seated representative and each seated worker leaves with chance
    ``1 - exp(-staff_turnover_rate / 52)``: one uniform draw per seat, partners first
    then workers, seated or not, so a run's stream does not depend on who is seated. A
    representative's departure may open a turnover controversy
    (:func:`sim.model.rules.controversies.on_departure`); a worker's departure ends residents'
    trust in it under the 'with_worker' submodel.
    """
    n_p, n_w = ps.clarity.shape[0], workers.building.shape[0]
    for i in range(n_p):
        if ps.seated_from[i] == week:
            log.counters[REPLACEMENTS_PARTNERS] += 1
    for w in range(n_w):
        if workers.seated_from[w] == week:
            log.counters[REPLACEMENTS_WORKERS] += 1
    leave = weekly_chance(p.staff_turnover_rate)
    draws = np.empty(n_p + n_w)
    for k in range(n_p + n_w):
        draws[k] = rng.random()
    vacancy = int(p.vacancy_weeks)
    kept = kept_share(p, contro.count_kind(log.i_alive, log.i_kind,
                                           log.counters[N_INTERMEDIARIES], TURNOVER))
    for i in range(n_p):
        if draws[i] < leave and ps.seated_from[i] <= week:
            replace_representative(ps, i, week, kept, vacancy)
            log.counters[DEPARTURES_PARTNERS] += 1
            contro.on_departure(ps, i, log, week, p, rng)
    for w in range(n_w):
        if draws[n_p + w] < leave and workers.seated_from[w] <= week:
            workers.seated_from[w] = week + vacancy
            worker_left(res, w, p)
            log.counters[DEPARTURES_WORKERS] += 1
