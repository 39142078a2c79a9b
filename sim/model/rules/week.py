"""The week: every process in the ODD's order, compiled as one loop over weeks.

:func:`run_weeks` runs weeks of the model in a row without returning to Python, each in
the ODD's order (docs/ODD.md, section 3); a batch run and the network's history are one
call each, and ``Site.step`` calls it for one week (as :func:`advance` does).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rules import activities, residents, translation, turnover
from sim.model.rules import controversies as contro
from sim.model.rules.jit import borrowed, rule
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


def mean_engagement(ps: PartnerState, week: int) -> float:
    """Mean engagement of the seated representatives (0 if none is seated)."""
    return float(translation.mean_engagement_arrays(ps.engagement, ps.seated_from, week))


@rule
def run_weeks(ps: PartnerState, com: CommitteeState, workers: WorkerState, res: ResidentState,
              log: Log, first_week: int, weeks: int, p: Any, rng: Any) -> None:
    """Run ``weeks`` weeks from ``first_week``, each in the ODD's order (section 3):
    the suspension of activities, turnover, committee meetings, controversies,
    intervention, activities and projects, stages; then, in the observed weeks, the
    partners' engagement peak.

    The processes are written out here rather than called as one function each, the
    state's arrays are taken out of their named tuples once, before the first week, and
    each rule is handed only the arrays it uses: a compiled call that hands on a named
    tuple costs a reference count for every array it holds, and this loop runs a few
    hundred thousand weeks a calibration generation (docs/kernel.md). The room the rules
    write into (who is seated, who attends, the requests for the room...) is made once
    here too, not each week. The rules are compiled into this loop
    (:func:`~sim.model.rules.jit.rule`).
    """
    # The state's arrays, borrowed once for all the weeks: the caller holds them for the
    # whole call, so they need no reference count each time a rule takes them
    # (:func:`~sim.model.rules.jit.borrowed`).
    framing, origin_framing = borrowed(ps.framing), borrowed(ps.origin_framing)
    clarity, engagement, stage = borrowed(ps.clarity), borrowed(ps.engagement), borrowed(ps.stage)
    meetings, seated_from = borrowed(ps.meetings), borrowed(ps.seated_from)
    last_controversy, last_project = borrowed(ps.last_controversy), borrowed(ps.last_project)
    first_at, mediator, funder = borrowed(ps.first_at), borrowed(ps.mediator), borrowed(ps.funder)
    services, member = borrowed(ps.services), borrowed(ps.member)
    ran_activity, distance = borrowed(ps.ran_activity), borrowed(ps.distance)
    founding_seats, core = borrowed(ps.founding_seats), borrowed(ps.core)
    interval, offset = borrowed(com.interval), borrowed(com.offset)
    meetings_held, last_attendees = borrowed(com.meetings_held), borrowed(com.last_attendees)
    w_building, w_focused = borrowed(workers.building), borrowed(workers.focused)
    w_seated_from = borrowed(workers.seated_from)
    building, building_start = borrowed(res.building), borrowed(res.building_start)
    htype, propensity = borrowed(res.htype), borrowed(res.propensity)
    need_kind, need, trust = borrowed(res.need_kind), borrowed(res.need), borrowed(res.trust)
    last_contact, last_worker = borrowed(res.last_contact), borrowed(res.last_worker)
    invited, recent = borrowed(res.invited), borrowed(res.recent)
    attendance, committee = borrowed(res.attendance), borrowed(res.committee)
    helped_project, referrals = borrowed(res.helped_project), borrowed(res.referrals)
    last, keys = borrowed(res.ties.last), borrowed(res.ties.keys)
    n_ties, degree = borrowed(res.ties.n_ties), borrowed(res.ties.degree)
    c_kind, c_a, c_b = borrowed(log.c_kind), borrowed(log.c_a), borrowed(log.c_b)
    c_opened, c_resolved = borrowed(log.c_opened), borrowed(log.c_resolved)
    c_mediated, c_open = borrowed(log.c_mediated), borrowed(log.c_open)
    i_kind, i_created, i_alive = borrowed(log.i_kind), borrowed(log.i_created), borrowed(log.i_alive)
    i_founders, i_a, i_b = borrowed(log.i_founders), borrowed(log.i_a), borrowed(log.i_b)
    i_seat_a, i_seat_b = borrowed(log.i_seat_a), borrowed(log.i_seat_b)
    p_week, p_households = borrowed(log.p_week), borrowed(log.p_households)
    counters, gauges = borrowed(log.counters), borrowed(log.gauges)
    rng = borrowed(rng)

    # room the rules write into, made once for all the weeks
    n_p, n_w, n_h = clarity.shape[0], w_building.shape[0], building.shape[0]
    n_b = building_start.shape[0] - 1
    requests = activities.room_requests(n_p, n_w, p)
    seated = np.empty(n_p, np.bool_)
    here, before = np.empty(n_p, np.int64), np.empty((n_p, framing.shape[1]))
    involved, roles_involved = np.empty(n_p, np.int64), np.empty(n_p, np.int64)
    new, draws = np.empty(n_p, np.int64), np.empty(n_p + n_w)
    answered = np.empty(services.shape[1], np.bool_)
    chosen, visits, weight = np.empty(n_h, np.int64), np.empty(n_h, np.int64), np.empty(n_h)
    held, starts = np.zeros(n_b, np.int64), np.empty(n_b + 1, np.int64)
    slot, order = np.empty(n_h, np.int64), np.empty(n_h, np.int64)
    organisers = np.empty(n_h, np.bool_)
    room_building, room_host = np.empty(requests, np.int64), np.empty(requests, np.int64)
    room_order = np.empty(requests, np.int64)
    first, fill = np.empty(requests + 1, np.int64), np.empty(requests, np.int64)

    start = int(p.suspension_start_week)
    end = start + int(p.suspension_weeks)
    reception = p.ciusss_reception if p.worker_employer == EMPLOYER_CIUSSS else 1.0
    for week in range(first_week, first_week + weeks):
        suspended = start <= week < end
        turnover.turnover_arrays(seated_from, core, clarity, engagement, framing,
                                 origin_framing, meetings, w_seated_from, last_worker, trust, counters, i_alive,
                                 i_kind, c_open, c_kind, c_a, c_b, c_opened, draws, week, p, rng)
        for i in range(n_p):
            seated[i] = seated_from[i] <= week

        # Committees that meet this week (week mod interval == offset): attendance and
        # mediation, framing convergence, role and engagement gains (ODD 7.2, 7.3).
        roles = contro.count_kind(i_alive, i_kind, counters[N_INTERMEDIARIES], ROLES)
        for k in range(interval.shape[0]):
            if week % interval[k] != offset[k]:
                continue
            attending = here[:activities.attendees_into(member[k], seated, here, p, rng)]
            mediated = activities.is_mediated_arrays(mediator, attending, p, rng)
            translation.converge_into(framing, attending, mediated, before, p)
            translation.meeting_gains_arrays(clarity, engagement, meetings, attending, roles, p)
            meetings_held[k] += 1
            for i in range(n_p):
                last_attendees[k, i] = False
            for i in attending:
                last_attendees[k, i] = True

        # Controversies arise, may resolve and leave intermediaries, intermediaries nobody
        # carries wear out, and open controversies and a blurred purpose weigh on
        # partners (ODD 7.4, 7.5).
        contro.arise_arrays(stage, clarity, engagement, funder, seated, c_open, c_kind, c_a, c_b,
                            c_opened, counters, i_alive, i_kind, week, p, rng)
        any_open = False
        for kind in range(c_open.shape[0]):
            any_open |= c_open[kind] >= 0
        if any_open:  # resolve draws nothing when none is open
            mediator_seated = False
            for i in range(n_p):
                mediator_seated |= mediator[i] and seated[i]
            contro.resolve_arrays(engagement, seated_from, mediator_seated, c_open, c_a, c_b,
                                  c_resolved, c_mediated, counters, i_kind, i_created, i_alive,
                                  i_a, i_b, i_seat_a, i_seat_b, week, p, rng)
        contro.wear_out_arrays(counters, i_alive, i_founders, i_a, i_b, i_seat_a, i_seat_b,
                               seated_from, founding_seats, p, rng)
        contro.involvement(c_open, c_a, c_b, involved, roles_involved)
        translation.weekly_drift(clarity, engagement, last_controversy, ran_activity, involved,
                                 roles_involved, week, week - counters[LAST_PROJECT_WEEK], p)

        # Seated workers contact households of their building; referrals go to the
        # services of seated enrolled partners (ODD 7.6).
        answered[:] = False
        for i in range(n_p):
            if seated[i] and stage[i] >= ENROLLED:
                for j in range(answered.shape[0]):
                    answered[j] |= services[i, j]
        counters[REFERRALS] += residents.contacts_arrays(
            building_start, htype, need_kind, need, trust, last_contact, last_worker, invited,
            referrals, w_building, w_focused, w_seated_from, week, reception, answered, chosen,
            visits, weight, p, rng)

        # Unless suspended: room slots, attendance and ties, and a collective project when
        # a critical mass holds (drawn with project_rate); then ties lapse (ODD 7.7, 7.8).
        ran_activity[:] = False
        if suspended:
            counters[ROOM_DEMAND] = counters[ROOM_ALLOCATED] = 0
            held[:] = 0
        else:
            activities.room_activities_arrays(stage, engagement, ran_activity, seated, w_building,
                                              w_seated_from, counters, week, room_building,
                                              room_host, room_order, held, p, rng)
        residents.attend_arrays(building, propensity, trust, invited, recent, attendance, last,
                                keys, n_ties, degree, held, week, starts, slot, order, first,
                                fill, p, rng)
        if not suspended and rng.random() < p.project_rate:
            n_organisers = residents.coorganisers_into(recent, committee, helped_project, week,
                                                       int(p.regular_weeks),
                                                       int(p.coorganiser_window), organisers)
            # a project nobody takes part in does not happen (ODD 7.8)
            if (activities.project_can_start_arrays(stage, seated, n_organisers, n_h, p)
                    and activities.run_project(stage, last_project, engagement, seated, week,
                                               p, rng) > 0):
                households = residents.join_project_arrays(recent, helped_project, attendance,
                                                           last, keys, n_ties, degree,
                                                           organisers, week, p, rng)
                k = counters[N_PROJECTS]
                p_week[k], p_households[k] = week, households
                counters[N_PROJECTS] += 1
                counters[LAST_PROJECT_WEEK] = week
        residents.decay_ties_arrays(last, keys, n_ties, degree, week, p, rng)

        # Stages (ODD 7.3), then the engagement peak in the observed weeks.
        translation.distance_to_committees(member, framing, distance, seated)
        translation.next_stages_into(stage, last_project, distance, meetings, clarity, engagement,
                                     last_controversy, seated, week, new, p)
        _, back = translation.apply_stages(stage, first_at, new, week)
        counters[FALLBACKS] += back
        if week > 0:
            e = translation.mean_engagement_arrays(engagement, seated_from, week)
            if e > gauges[ENGAGEMENT_PEAK]:
                gauges[ENGAGEMENT_PEAK], gauges[ENGAGEMENT_PEAK_WEEK] = e, week


@rule
def advance(ps: PartnerState, com: CommitteeState, workers: WorkerState, res: ResidentState,
            log: Log, week: int, p: Any, rng: Any) -> None:
    """One week of the model (:func:`run_weeks` for the week ``week``)."""
    run_weeks(ps, com, workers, res, log, week, 1, p, rng)
