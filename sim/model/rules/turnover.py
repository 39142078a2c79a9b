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
from sim.model.rules.residents import worker_left_arrays
from sim.model.state import (
    DEPARTURES_PARTNERS,
    DEPARTURES_WORKERS,
    N_INTERMEDIARIES,
    REPLACEMENTS_PARTNERS,
    REPLACEMENTS_WORKERS,
    TURNOVER,
    BoolArray,
    FloatArray,
    IntArray,
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
def replace_representative_arrays(seated_from: IntArray, clarity: FloatArray,
                                  engagement: FloatArray, framing: FloatArray,
                                  origin_framing: FloatArray, meetings: IntArray, i: int,
                                  week: int, kept: float, vacancy: int) -> None:
    """Representative ``i`` leaves: the seat stays empty ``vacancy`` weeks, and the
    newcomer keeps ``kept`` of the clarity and engagement, restarts from the
    organisation's framing and has attended no meeting."""
    seated_from[i] = week + vacancy
    clarity[i] *= kept
    engagement[i] *= kept
    for d in range(framing.shape[1]):
        framing[i, d] = origin_framing[i, d]
    meetings[i] = 0


def replace_representative(ps: PartnerState, i: int, week: int, kept: float, vacancy: int) -> None:
    """:func:`replace_representative_arrays` on the partners' named tuple."""
    replace_representative_arrays(ps.seated_from, ps.clarity, ps.engagement, ps.framing,
                                  ps.origin_framing, ps.meetings, i, week, kept, vacancy)


@rule
def turnover_arrays(seated_from: IntArray, core: BoolArray, clarity: FloatArray,
                    engagement: FloatArray, framing: FloatArray, origin_framing: FloatArray,
                    meetings: IntArray,
                    w_seated_from: IntArray, last_worker: IntArray, trust: FloatArray,
                    counters: IntArray, i_alive: BoolArray, i_kind: IntArray, c_open: IntArray,
                    c_kind: IntArray, c_a: IntArray, c_b: IntArray, c_opened: IntArray,
                    draws: FloatArray, week: int, p: Any, rng: Any) -> None:
    """One week of turnover (ODD 7.1).

    Newcomers whose vacancy ends this week take their seats (counted as replacements).
    Then each seated representative and each seated worker leaves with chance
    ``1 - exp(-staff_turnover_rate / 52)``: one uniform draw per seat, partners first
    then workers, seated or not, so a run's stream does not depend on who is seated.
    A core partner's representative (``core``, the role the milieu file gives it) never
    leaves; its draw is still made. [S] « on a la chance d'être là depuis longtemps
    toutes les trois ... Personne n'est parti, remplacé » (milieu 3's main partners). A
    representative's departure may open a turnover controversy
    (:func:`sim.model.rules.controversies.on_departure`); a worker's departure ends residents'
    trust in it under the 'with_worker' submodel.

    The rule takes the arrays it uses (partners' ``seated_from``, ``core``, ``clarity``,
    ``engagement``, ``framing``, ``origin_framing``, ``meetings``; workers'
    ``seated_from``; households' ``last_worker`` and ``trust``; the log's counters,
    intermediaries and controversies) and ``draws``, room for one draw per seat: a
    compiled call that hands on the state's named tuples costs a reference count for every
    array they hold (docs/kernel.md). :func:`turnover` takes the tuples.
    """
    n_p, n_w = clarity.shape[0], w_seated_from.shape[0]
    for i in range(n_p):
        if seated_from[i] == week:
            counters[REPLACEMENTS_PARTNERS] += 1
    for w in range(n_w):
        if w_seated_from[w] == week:
            counters[REPLACEMENTS_WORKERS] += 1
    leave = weekly_chance(p.staff_turnover_rate)
    any_leaves = False
    for k in range(n_p + n_w):
        draws[k] = rng.random()
        any_leaves |= draws[k] < leave and (k >= n_p or not core[k])
    if not any_leaves:
        return
    vacancy = int(p.vacancy_weeks)
    kept = kept_share(p, contro.count_kind(i_alive, i_kind, counters[N_INTERMEDIARIES], TURNOVER))
    for i in range(n_p):
        if draws[i] < leave and seated_from[i] <= week and not core[i]:
            replace_representative_arrays(seated_from, clarity, engagement, framing, origin_framing,
                                         meetings, i, week, kept, vacancy)
            counters[DEPARTURES_PARTNERS] += 1
            contro.on_departure(seated_from, c_open, c_kind, c_a, c_b, c_opened, counters,
                                i_alive, i_kind, i, week, p, rng)
    for w in range(n_w):
        if draws[n_p + w] < leave and w_seated_from[w] <= week:
            w_seated_from[w] = week + vacancy
            worker_left_arrays(last_worker, trust, w, p)
            counters[DEPARTURES_WORKERS] += 1


def turnover(ps: PartnerState, workers: WorkerState, res: ResidentState, log: Log, week: int,
             p: Any, rng: Any) -> None:
    """:func:`turnover_arrays` on the state's named tuples (one week of turnover, ODD 7.1)."""
    turnover_arrays(ps.seated_from, ps.core, ps.clarity, ps.engagement, ps.framing, ps.origin_framing,
                    ps.meetings, workers.seated_from, res.last_worker, res.trust, log.counters,
                    log.i_alive, log.i_kind, log.c_open, log.c_kind, log.c_a, log.c_b,
                    log.c_opened, np.empty(ps.clarity.shape[0] + workers.building.shape[0]),
                    week, p, rng)
