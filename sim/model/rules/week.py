"""The week: every process in the ODD's order, compiled as one loop over weeks.

:func:`run_weeks` runs weeks of the model in a row without returning to Python, each in
the ODD's order (docs/ODD.md, section 3); a batch run and the network's history are one
call each, and ``HLMModel.step`` calls it for one week (as :func:`advance` does).
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
    N_INTERMEDIARIES,
    N_PROJECTS,
    REFERRALS,
    ROLES,
    ROOM_ALLOCATED,
    ROOM_DEMAND,
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
def run_weeks(ps: PartnerState, com: CommitteeState, workers: WorkerState, res: ResidentState,
              log: Log, first_week: int, weeks: int, p: Any, rng: Any) -> None:
    """Run ``weeks`` weeks from ``first_week``, each in the ODD's order (section 3):
    the suspension of activities, turnover, committee meetings, controversies,
    intervention, activities and projects, stages; then, in the observed weeks, the
    partners' engagement peak.

    The processes are written out here rather than called as one function each: a call
    that hands on the state's named tuples costs a reference count for every array they
    hold, and this loop runs a few hundred thousand weeks a calibration generation
    (docs/kernel.md). The rules they call are compiled into it (:func:`~sim.model.rules.jit.rule`).
    """
    for week in range(first_week, first_week + weeks):
        start = int(p.suspension_start_week)
        suspended = start <= week < start + int(p.suspension_weeks)
        turnover.turnover(ps, workers, res, log, week, p, rng)
        seated = ps.seated_from <= week

        # Committees that meet this week (week mod interval == offset): attendance and
        # mediation, framing convergence, role and engagement gains (ODD 7.2, 7.3).
        roles = contro.count_kind(log.i_alive, log.i_kind, log.counters[N_INTERMEDIARIES], ROLES)
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

        # Controversies arise, may resolve and leave intermediaries, intermediaries nobody
        # carries wear out, and open controversies and a blurred purpose weigh on
        # partners (ODD 7.4, 7.5).
        contro.arise(ps, seated, log, week, p, rng)
        mediator_seated = np.any(ps.mediator & seated)
        contro.resolve(ps, mediator_seated, log, week, p, rng)
        contro.wear_out(log, ps, p, rng)
        involved, roles_involved = contro.involvement(ps.clarity.shape[0], log)
        translation.weekly_drift(ps, involved, roles_involved, week,
                                 week - log.counters[LAST_PROJECT_WEEK], p)

        # Seated workers contact households of their building; referrals go to the
        # services of seated enrolled partners (ODD 7.6).
        services = np.zeros(ps.services.shape[1], np.bool_)
        for i in range(ps.stage.shape[0]):
            if seated[i] and ps.stage[i] >= ENROLLED:
                services |= ps.services[i]
        reception = p.ciusss_reception if p.worker_employer == EMPLOYER_CIUSSS else 1.0
        log.counters[REFERRALS] += residents.contacts(res, workers, week, reception, services,
                                                      p, rng)

        # Unless suspended: room slots, attendance and ties, and a collective project when
        # a critical mass holds (drawn with project_rate); then ties lapse (ODD 7.7, 7.8).
        n_b = res.building_start.shape[0] - 1
        ps.ran_activity[:] = False
        if suspended:
            log.counters[ROOM_DEMAND] = log.counters[ROOM_ALLOCATED] = 0
            held = np.zeros(n_b, np.int64)
        else:
            held = activities.room_activities(ps, seated, workers, log, week, n_b, p, rng)
        residents.attend(res, held, week, p, rng)
        if not suspended and rng.random() < p.project_rate:
            organisers = residents.coorganisers(res, week, int(p.regular_weeks),
                                                int(p.coorganiser_window))
            if activities.project_can_start(ps, seated, organisers.sum(), res.building.shape[0], p):
                households = residents.join_project(res, week, p, rng)
                activities.run_project(ps, seated, week, p)
                k = log.counters[N_PROJECTS]
                log.p_week[k], log.p_households[k] = week, households
                log.counters[N_PROJECTS] += 1
                log.counters[LAST_PROJECT_WEEK] = week
        residents.decay_ties(res, week, p, rng)

        # Stages (ODD 7.3), then the engagement peak in the observed weeks.
        translation.distance_to_committees(ps, seated)
        new = translation.next_stages(ps, seated, week, p)
        _, back = translation.apply_stages(ps, new, week)
        log.counters[FALLBACKS] += back
        if week > 0:
            e = mean_engagement(ps, week)
            if e > log.gauges[ENGAGEMENT_PEAK]:
                log.gauges[ENGAGEMENT_PEAK], log.gauges[ENGAGEMENT_PEAK_WEEK] = e, week


@rule
def advance(ps: PartnerState, com: CommitteeState, workers: WorkerState, res: ResidentState,
            log: Log, week: int, p: Any, rng: Any) -> None:
    """One week of the model (:func:`run_weeks` for the week ``week``)."""
    run_weeks(ps, com, workers, res, log, week, 1, p, rng)
