"""The week: every process in the ODD's order, compiled as one loop over weeks.

:func:`advance` is one week of the model (docs/ODD.md, section 3); :func:`run_weeks`
runs several in a row without returning to Python, which is what a batch run and the
network's history use. ``HLMModel.step`` calls it for one week.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rules import activities, residents, translation, turnover
from sim.model.rules import controversies as contro
from sim.model.rules.jit import rule
from sim.model.rules.kparams import EMPLOYER_CIUSSS
from sim.model.state import (
    ENGAGEMENT_PEAK,
    ENGAGEMENT_PEAK_WEEK,
    ENROLLED,
    FALLBACKS,
    LAST_PROJECT_WEEK,
    N_PROJECTS,
    REFERRALS,
    ROLES,
    ROOM_ALLOCATED,
    ROOM_DEMAND,
    BoolArray,
    CommitteeState,
    Log,
    PartnerState,
    ResidentState,
    WorkerState,
)


@rule
def mean_engagement(ps: PartnerState, week: int) -> float:
    """Mean engagement of the seated representatives (0 if none is seated)."""
    total, count = 0.0, 0
    for i in range(ps.engagement.shape[0]):
        if ps.seated_from[i] <= week:
            total += ps.engagement[i]
            count += 1
    return total / count if count else 0.0


@rule
def meetings(ps: PartnerState, com: CommitteeState, seated: BoolArray, log: Log, week: int,
             p: Any, rng: Any) -> None:
    """Committees that meet this week (``week mod interval == offset``): attendance and
    mediation, framing convergence, role and engagement gains (ODD 7.2, 7.3)."""
    roles = contro.count_kind(log, ROLES)
    for k in range(com.interval.shape[0]):
        if week % com.interval[k] != com.offset[k]:
            continue
        here = activities.meeting_attendees(ps.member[k], seated, p, rng)
        mediated = activities.is_mediated(ps, here, p, rng)
        translation.converge(ps.framing, here, mediated, p)
        translation.meeting_gains(ps, here, roles, p)
        com.meetings_held[k] += 1
        com.last_attendees[k, :] = False
        for i in here:
            com.last_attendees[k, i] = True


@rule
def controversies(ps: PartnerState, seated: BoolArray, log: Log, week: int, p: Any,
                  rng: Any) -> None:
    """Controversies arise, may resolve and leave intermediaries, intermediaries nobody
    carries wear out, and open controversies and a blurred purpose weigh on partners
    (ODD 7.4, 7.5)."""
    contro.arise(ps, seated, log, week, p, rng)
    mediator_seated = np.any(ps.mediator & seated)
    contro.resolve(ps, mediator_seated, log, week, p, rng)
    contro.wear_out(log, ps, p, rng)
    involved, roles = contro.involvement(ps.clarity.shape[0], log)
    translation.weekly_drift(ps, involved, roles, week, week - log.counters[LAST_PROJECT_WEEK], p)


@rule
def intervention(ps: PartnerState, seated: BoolArray, workers: WorkerState, res: ResidentState,
                 log: Log, week: int, p: Any, rng: Any) -> None:
    """Seated workers contact households of their building; referrals go to the services
    of seated enrolled partners (ODD 7.6)."""
    services = np.zeros(ps.services.shape[1], np.bool_)
    for i in range(ps.stage.shape[0]):
        if seated[i] and ps.stage[i] >= ENROLLED:
            services |= ps.services[i]
    reception = p.ciusss_reception if p.worker_employer == EMPLOYER_CIUSSS else 1.0
    log.counters[REFERRALS] += residents.contacts(res, workers, week, reception, services, p, rng)


@rule
def activities_and_projects(ps: PartnerState, seated: BoolArray, workers: WorkerState,
                            res: ResidentState, log: Log, week: int, suspended: bool,
                            p: Any, rng: Any) -> None:
    """Unless suspended: room slots, attendance and ties, and a collective project when a
    critical mass holds (drawn with ``project_rate``); then ties lapse (ODD 7.7, 7.8)."""
    n_b = res.building_start.shape[0] - 1
    ps.ran_activity[:] = False
    if suspended:
        log.counters[ROOM_DEMAND] = log.counters[ROOM_ALLOCATED] = 0
        held = np.zeros(n_b, np.int64)
    else:
        held = activities.room_activities(ps, seated, workers, log, week, n_b, p, rng)
    residents.attend(res, held, week, p, rng)
    if not suspended and rng.random() < p.project_rate:
        organisers = residents.coorganisers(res, week, int(p.regular_weeks), int(p.coorganiser_window))
        if activities.project_can_start(ps, seated, organisers.sum(), res.building.shape[0], p):
            households = residents.join_project(res, week, p, rng)
            activities.run_project(ps, seated, week, p)
            k = log.counters[N_PROJECTS]
            log.p_week[k], log.p_households[k] = week, households
            log.counters[N_PROJECTS] += 1
            log.counters[LAST_PROJECT_WEEK] = week
    residents.decay_ties(res, week, p, rng)


@rule
def advance(ps: PartnerState, com: CommitteeState, workers: WorkerState, res: ResidentState,
            log: Log, week: int, p: Any, rng: Any) -> None:
    """One week of the model, in the ODD's order: suspension, turnover, meetings,
    controversies, intervention, activities and projects, stages; then, in the observed
    weeks, the partners' engagement peak."""
    start = int(p.suspension_start_week)
    suspended = start <= week < start + int(p.suspension_weeks)
    turnover.turnover(ps, workers, res, log, week, p, rng)
    seated = ps.seated_from <= week
    meetings(ps, com, seated, log, week, p, rng)
    controversies(ps, seated, log, week, p, rng)
    intervention(ps, seated, workers, res, log, week, p, rng)
    activities_and_projects(ps, seated, workers, res, log, week, suspended, p, rng)
    translation.distance_to_committees(ps, seated)
    new = translation.next_stages(ps, seated, week, p)
    _, back = translation.apply_stages(ps, new, week)
    log.counters[FALLBACKS] += back
    if week > 0:
        e = mean_engagement(ps, week)
        if e > log.gauges[ENGAGEMENT_PEAK]:
            log.gauges[ENGAGEMENT_PEAK], log.gauges[ENGAGEMENT_PEAK_WEEK] = e, week


@rule
def run_weeks(ps: PartnerState, com: CommitteeState, workers: WorkerState, res: ResidentState,
              log: Log, first_week: int, weeks: int, p: Any, rng: Any) -> None:
    """Run ``weeks`` weeks from ``first_week`` (each :func:`advance`)."""
    for week in range(first_week, first_week + weeks):
        advance(ps, com, workers, res, log, week, p, rng)
