"""Site: one HLM site, week by week, from the network's founding (the model without
Mesa's shell).

Week 0 is the start of observation (November 2018) and week 66 its end (February 2020).
The network existed before: the model is built at its founding, ``network_age_weeks``
before week 0, and runs the same rules through that history, so week 0 finds the
partners where their history left them (docs/ODD.md, initialisation). Outcomes count
from week 0.

The weekly order of processes (stated in docs/ODD.md) is
:func:`sim.model.rules.week.advance`: the suspension of activities, turnover, committee
meetings, controversies, intervention, activities and projects, stages. The rules are
compiled (:mod:`sim.model.rules.jit`); :class:`Site` holds the state, builds the site at its
founding, runs the history and gives the views the page reads. Studies and calibration
run it as it is (:func:`sim.run.runner.run_once`), so a study's workers never import Mesa,
its scipy and its pandas; :class:`sim.model.hlm.HLMModel` is the same site inside Mesa's
``Model``, with agents, for the page and Mesa's tools. Both give the same numbers from
the same generator (:meth:`Site._shell_draw`).
"""

from __future__ import annotations

import numpy as np

from sim.model.actants import CollectiveProject, Committee, CommunityRoom, Controversy, Intermediary
from sim.model.record import Observation, record
from sim.model.rules import residents as resident_rules
from sim.model.rules import translation
from sim.model.rules.jit import announce_compilation
from sim.model.rules.kparams import pack
from sim.model.rules.week import run_weeks
from sim.model.state import (
    KINDS,
    N_CONTROVERSIES,
    N_INTERMEDIARIES,
    N_PROJECTS,
    NEVER,
    ROOM_AGREEMENT,
    ROOM_ALLOCATED,
    ROOM_DEMAND,
    ROOM_SLOTS,
    TABLE_MIXED,
    TENANTS_REQUEST,
    CommitteeState,
    Log,
    PartnerState,
    WorkerState,
    init_residents,
    new_log,
)
from sim.params import Value
from sim.scenario import NEEDS, Scenario
from sim.stages import SITE_STAGES, STAGES, WHO, stage_moves


class Site:
    """One HLM site's partner network and its residents, as arrays and compiled rules.

    Building the site runs the network's history (``network_age_weeks`` weeks, not
    recorded); then each :meth:`step` is one observed week, and :meth:`run` several.

    Args:
        scenario: the validated site structure and parameters.
        rng: the run's generator; every random draw takes it.
        series: record every outcome every week in ``history`` (batch runs that need
            only the final summary can skip it; :attr:`latest` is always current).
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator, *,
                 series: bool = True) -> None:
        self.rng = rng
        self._shell_draw()
        self.site = scenario
        self.p: dict[str, Value] = dict(scenario.params)
        self.kp = pack(self.p)
        self.week = -int(self.p["network_age_weeks"])
        self.founded = self.week
        self._init_partners()
        self.residents = init_residents(scenario, self.rng)
        self.worker_state = WorkerState(
            building=np.array([w.building for w in scenario.workers], np.int64),
            focused=np.array([w.focus != "all" for w in scenario.workers], bool),
            seated_from=np.full(len(scenario.workers), self.week, np.int64))
        self.log = new_log(-self.week + 1, scenario.initial_intermediaries, self.week)
        self._init_counters()
        self.obs = Observation()
        self._advance(-self.week)
        self.obs.start(self)
        self.series = series
        self.history: list[dict[str, float]] = []
        self._latest: dict[str, float] | None = None
        if series:
            self._then = self._stages()
            self.history.append({**self.latest, **self._moves()})

    def _shell_draw(self) -> None:
        """The one draw Mesa's ``Model`` makes from a generator it is given (an integer
        below 2**31 - 1 that seeds its standard-library generator), made here too, so
        that a site run with or without Mesa's shell takes the same stream."""
        self.rng.integers(np.iinfo(np.int32).max)

    # --- initialisation -----------------------------------------------------------
    def _init_partners(self) -> None:
        """The partners at the network's founding: framings by origin, founding clarity
        and engagement, everyone outside the translation, every seat filled."""
        sc, rng, p = self.site, self.rng, self.p
        n, c = len(sc.partners), len(sc.committees)
        index = {spec.name: i for i, spec in enumerate(sc.partners)}
        member = np.zeros((c, n), bool)
        for k, com in enumerate(sc.committees):
            member[k, [index[m] for m in com.members]] = True
        framing = translation.initial_framings(n, sc.origin, p, rng)
        services = np.zeros((n, len(NEEDS)), bool)
        for i, spec in enumerate(sc.partners):
            services[i, [NEEDS.index(s) for s in spec.services]] = True
        self.partners = PartnerState(
            framing=framing, origin_framing=framing.copy(),
            clarity=translation.founding_levels(n, float(p["founding_clarity"]), p, rng),
            engagement=translation.founding_levels(n, float(p["founding_engagement"]), p, rng),
            stage=np.zeros(n, np.int64), meetings=np.zeros(n, np.int64),
            seated_from=np.full(n, self.week, np.int64),
            last_controversy=np.full(n, NEVER, np.int64),
            last_project=np.full(n, NEVER, np.int64),
            first_at=np.full((n, len(STAGES)), NEVER, np.int64),
            mediator=np.array(["mediator" in s.roles for s in sc.partners], bool),
            funder=np.array(["funder" in s.roles or s.sector == "funder" for s in sc.partners], bool),
            core=np.array(["core" in s.roles for s in sc.partners], bool),
            services=services, member=member, ran_activity=np.zeros(n, bool),
            distance=np.full(n, np.inf), founding_seats=np.full(n, self.week, np.int64),
        )
        intervals = np.array([com.interval_weeks for com in sc.committees], np.int64)
        self.committee_state = CommitteeState(
            interval=intervals, offset=np.arange(c, dtype=np.int64) % np.maximum(intervals, 1),
            meetings_held=np.zeros(c, np.int64), last_attendees=np.zeros((c, n), bool))

    def _init_counters(self) -> None:
        sc, counters = self.site, self.log.counters
        counters[ROOM_SLOTS] = int(self.p["room_slots"]) * len(sc.buildings)
        counters[ROOM_AGREEMENT] = int(bool(self.p["room_agreement"]))
        counters[TABLE_MIXED] = (int(bool(self.partners.funder.any()))
                                 + int(any(c.residents for c in sc.committees)))
        counters[TENANTS_REQUEST] = int(self.residents.committee.any())

    # --- the week -----------------------------------------------------------------
    def _reserve(self, weeks: int) -> None:
        """Grow the logs so that ``weeks`` more weeks fit (at most one new controversy of
        each kind and one project a week)."""
        log, n = self.log, len(KINDS) * (weeks + 1)
        grow: dict[str, int] = {}
        if log.counters[N_CONTROVERSIES] + n > log.c_kind.size:
            grow |= dict.fromkeys(("c_kind", "c_a", "c_b", "c_opened", "c_resolved", "c_mediated"), n)
        if log.counters[N_INTERMEDIARIES] + n > log.i_kind.size:
            grow |= dict.fromkeys(("i_kind", "i_created", "i_alive", "i_founders", "i_a", "i_b",
                                   "i_seat_a", "i_seat_b"), n)
        if log.counters[N_PROJECTS] + weeks + 1 > log.p_week.size:
            grow |= {"p_week": weeks + 1, "p_households": weeks + 1}
        if grow:
            fill = {"c_resolved": NEVER}
            self.log = log._replace(**{
                f: np.concatenate((getattr(log, f), np.full(extra, fill.get(f, 0),
                                                             getattr(log, f).dtype)))
                for f, extra in grow.items()})

    def _advance(self, weeks: int) -> None:
        """Run ``weeks`` weeks of the compiled rules (:func:`sim.model.rules.week.run_weeks`)."""
        if weeks <= 0:
            return
        announce_compilation()
        self._reserve(weeks)
        run_weeks(self.partners, self.committee_state, self.worker_state, self.residents,
                  self.log, self.week + 1, weeks, self.kp, self.rng)
        self.week += weeks
        self._latest = None

    @property
    def suspended(self) -> bool:
        """Whether collective activities are suspended this week (the COVID-19 shock)."""
        start = int(self.p["suspension_start_week"])
        return start <= self.week < start + int(self.p["suspension_weeks"])

    def step(self) -> None:
        """Advance the site by one observed week and record its outcomes and, partner by
        partner and household by household, the moves between stages this week."""
        self._advance(1)
        if self.series:
            self.history.append({**self.latest, **self._moves()})

    def _stages(self) -> tuple[np.ndarray, ...]:
        """Every partner's and every household's stage now (:data:`sim.stages.WHO`)."""
        return self.partners.stage.copy(), self.resident_stages()

    def _moves(self) -> dict[str, float]:
        """How many partners and households moved from each stage to each other stage
        since the last recorded week, each compared with itself (the series' ``moved_*``
        columns, :func:`sim.stages.stage_moves`); no draw, no change to the state."""
        now = self._stages()
        out = {}
        for who, before, after in zip(WHO, self._then, now, strict=True):
            for a, b, column in stage_moves(who):
                out[column] = float(np.count_nonzero((before == a) & (after == b)))
        self._then = now
        return out

    def run(self, weeks: int) -> None:
        """Advance ``weeks`` observed weeks in one compiled loop (a batch run); with
        ``series``, week by week so that each week is recorded."""
        if self.series:
            for _ in range(weeks):
                self.step()
        else:
            self._advance(weeks)

    # --- views --------------------------------------------------------------------
    @property
    def committees(self) -> list[Committee]:
        """The committees, with their meetings held and last attendees."""
        com, ps = self.committee_state, self.partners
        return [Committee(spec.name, tuple(int(i) for i in np.flatnonzero(ps.member[k])),
                          int(com.interval[k]), int(com.offset[k]), spec.residents,
                          int(com.meetings_held[k]),
                          tuple(int(i) for i in np.flatnonzero(com.last_attendees[k])))
                for k, spec in enumerate(self.site.committees)]

    @property
    def room(self) -> CommunityRoom:
        """The community rooms: slots, agreement, this week's demand and allocation."""
        c = self.log.counters
        return CommunityRoom(int(c[ROOM_SLOTS]), bool(c[ROOM_AGREEMENT]), int(c[ROOM_DEMAND]),
                             int(c[ROOM_ALLOCATED]))

    @property
    def controversies(self) -> list[Controversy]:
        """Every controversy since the founding, in the order they opened (a dispute
        between tenants has no partner among its parties)."""
        log = self.log
        return [Controversy(KINDS[log.c_kind[k]],
                            (int(log.c_a[k]), int(log.c_b[k])) if log.c_a[k] >= 0 else (),
                            int(log.c_opened[k]),
                            None if log.c_resolved[k] == NEVER else int(log.c_resolved[k]),
                            int(log.c_mediated[k]))
                for k in range(int(log.counters[N_CONTROVERSIES]))]

    @property
    def intermediaries(self) -> list[Intermediary]:
        """The intermediaries in force."""
        log = self.log
        return [Intermediary(KINDS[log.i_kind[k]], int(log.i_created[k]),
                             "initial" if log.i_founders[k] else "resolution")
                for k in range(int(log.counters[N_INTERMEDIARIES])) if log.i_alive[k]]

    @property
    def projects(self) -> list[CollectiveProject]:
        """The collective projects since the founding."""
        log = self.log
        return [CollectiveProject(int(log.p_week[k]), (), int(log.p_households[k]))
                for k in range(int(log.counters[N_PROJECTS]))]

    def coorganisers(self) -> np.ndarray:
        """Households co-organising this week."""
        return resident_rules.coorganisers(self.residents, self.week, int(self.p["regular_weeks"]),
                                           int(self.p["coorganiser_window"]))

    def reached(self) -> np.ndarray:
        """Households in a worker's active caseload this week."""
        return resident_rules.reached(self.residents, self.week, self.p)

    def resident_stages(self) -> np.ndarray:
        """Every household's stage as an index into ``SITE_STAGES`` (outside, reached,
        taking_part, coorganising)."""
        stage = self.reached().astype(np.int64)
        stage[self.residents.recent != 0] = SITE_STAGES.index("taking_part")
        stage[self.coorganisers()] = SITE_STAGES.index("coorganising")
        return stage

    def resident_stage(self, i: int) -> str:
        """One household's stage: outside, reached, taking_part or coorganising."""
        return SITE_STAGES[int(self.resident_stages()[i])]

    @property
    def latest(self) -> dict[str, float]:
        """This week's outcomes (see :mod:`sim.outcomes`), computed once per week."""
        if self._latest is None:
            self._latest = record(self)
        return self._latest


__all__ = ["SITE_STAGES", "Log", "Site"]
