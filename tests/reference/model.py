"""The reference twin of the model: the numpy rules as they stood before the compiled
kernel (issue 7), kept in the tests as a slow, obvious implementation to compare with.

HLMModel: one HLM site, week by week, from the network's founding.

Week 0 is the start of observation (November 2018) and week 66 its end (February 2020).
The network existed before: the model is built at its founding, ``network_age_weeks``
before week 0, and runs the same rules through that history, so week 0 finds the
partners where their history left them (docs/ODD.md, initialisation). Outcomes count
from week 0.

The weekly order of processes (stated in docs/ODD.md), one call per process in
:meth:`HLMModel.advance`:

1. the suspension of collective activities (a scheduled shock);
2. turnover: departures and replacements of representatives and workers;
3. committee meetings: framing convergence, role negotiation, engagement;
4. controversies: new ones arise, open ones may resolve and leave intermediaries, and
   weigh on their parties; intermediaries nobody carries wear out;
5. intervention: each worker's contacts with households (trust, referral, invitation);
6. activities and projects: room slots are allocated, households attend and form
   ties, a collective project starts when a critical mass holds; ties lapse;
7. partners' translation stages move;
8. outcomes are recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import mesa
import numpy as np

from reference.record import Observation, record
from reference.rules import activities, translation, turnover
from reference.rules import controversies as contro
from reference.rules import residents as resident_rules_vectorised
from reference.state import ENROLLED, NEVER, STAGES, PartnerState, init_residents
from sim.model.actants import CollectiveProject, Committee, CommunityRoom, Controversy, Intermediary
from sim.model.agents import Partner, Resident
from sim.params import Value
from sim.scenario import NEEDS, Scenario

SITE_STAGES = ("outside", "reached", "taking_part", "coorganising")


@dataclass
class Worker:
    """A proximity worker (plain record: the reference keeps no Mesa agent for it)."""

    model: HLMModel
    index: int
    building: int
    focus: str
    seated_from: int = 0

    @property
    def seated(self) -> bool:
        return self.seated_from <= self.model.week


class HLMModel(mesa.Model):
    """Agent-based model of one HLM site's partner network and its residents.

    Building the model runs the network's history (``network_age_weeks`` weeks, not
    recorded); then each :meth:`step` is one observed week.

    Args:
        scenario: the validated site structure and parameters.
        rng: the run's generator (or a seed for one); every random draw takes it.
        resident_rules: the module implementing the resident rules (the vectorised
            :mod:`sim.model.rules.residents` by default; the tests swap in a per-household one).
        resident_agents: create a Resident view agent per household (the page and
            Mesa's AgentSets use them; batch runs can skip them).
        series: record every outcome every week in ``history`` (batch runs that need
            only the final summary can skip it; :attr:`latest` is always current).
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator | int | None = None,
                 *, resident_rules: ModuleType = resident_rules_vectorised,
                 resident_agents: bool = True, series: bool = True) -> None:
        super().__init__(rng=rng)
        self.site = scenario
        self.p: dict[str, Value] = dict(scenario.params)
        self.rules = resident_rules
        self.week = -int(self.p["network_age_weeks"])
        self.founded = self.week
        self._init_partners()
        self._init_actants()
        self.residents = init_residents(scenario, self.rng)
        self.workers = [Worker(self, i, w.building, w.focus)
                        for i, w in enumerate(scenario.workers)]
        for w in self.workers:
            w.seated_from = self.week
        if resident_agents:
            for i in range(self.residents.size):
                Resident(self, i)
        self._catchments: dict[tuple[int, ...], resident_rules_vectorised.Catchment] = {}
        self._tenants_request = bool(self.residents.committee.any())
        self.last_project_week = self.week
        self._distance = np.zeros(self.partners.size)
        self.obs = Observation()
        while self.week < 0:
            self.advance()
        self.obs.start(self)
        self.series = series
        self.history: list[dict[str, float]] = []
        self._latest: dict[str, float] | None = None
        if series:
            self.history.append(self.latest)

    # --- initialisation -----------------------------------------------------------
    def _init_partners(self) -> None:
        """The partners at the network's founding: framings by origin, founding clarity
        and engagement, everyone outside the translation."""
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
            last_project=np.full(n, NEVER, np.int64), first_at=np.full((n, len(STAGES)), NEVER, np.int64),
            mediator=np.array(["mediator" in s.roles for s in sc.partners], bool),
            funder=np.array(["funder" in s.roles or s.sector == "funder" for s in sc.partners], bool),
            core=np.array(["core" in s.roles for s in sc.partners], bool),
            services=services, member=member, ran_activity=np.zeros(n, bool),
        )
        self.partner_agents = [Partner(self, i, spec) for i, spec in enumerate(sc.partners)]

    def _init_actants(self) -> None:
        """Committees, the room, and the intermediaries the scenario puts in force at the
        founding (made by the whole founding table)."""
        sc, ps = self.site, self.partners
        self.committees = [
            Committee(c.name, tuple(int(i) for i in np.flatnonzero(ps.member[k])),
                      c.interval_weeks, k % c.interval_weeks, c.residents)
            for k, c in enumerate(sc.committees)
        ]
        self.table_mixed = int(bool(ps.funder.any())) + int(any(c.residents for c in sc.committees))
        self.room = CommunityRoom(int(self.p["room_slots"]) * len(sc.buildings),
                                  bool(self.p["room_agreement"]))
        founders = tuple(range(ps.size))
        seats = tuple(int(s) for s in ps.seated_from)
        # rules of common life: the tenants carry them (no partner among their makers)
        self.intermediaries = [Intermediary(kind, self.week, "initial", founders, seats)
                               if kind != "tenants" else Intermediary(kind, self.week, "initial")
                               for kind in sc.initial_intermediaries]
        self.controversies: list[Controversy] = []
        self.projects: list[CollectiveProject] = []

    # --- the week -----------------------------------------------------------------
    @property
    def suspended(self) -> bool:
        """Whether collective activities are suspended this week (the COVID-19 shock)."""
        start = int(self.p["suspension_start_week"])
        return start <= self.week < start + int(self.p["suspension_weeks"])

    def step(self) -> None:
        """Advance the site by one observed week and record its outcomes."""
        self.advance()
        self.obs.track(self)
        self._latest = None
        if self.series:
            self.history.append(self.latest)

    def advance(self) -> None:
        """One week of the model's processes, in the ODD's order (module docstring)."""
        self.week += 1
        self._turnover()
        seated = self.partners.seated(self.week)
        self._meetings(seated)
        self._controversies(seated)
        self._intervention(seated)
        self._activities_and_projects(seated)
        ps = self.partners
        self._distance = translation.distance_to_committees(ps, seated)
        new = translation.next_stages(ps, seated, self.week, self.p, self._distance)
        _, back = translation.apply_stages(ps, new, self.week)
        self.obs.fallbacks += back

    def _turnover(self) -> None:
        """Departures (:func:`sim.model.rules.turnover.departures`) and their consequences:
        empty seats, newcomers keeping part of the role, a possible turnover controversy,
        residents' trust in a departing worker (ODD 7.1)."""
        ps, p, week, obs = self.partners, self.p, self.week, self.obs
        obs.replacements_partners += int((ps.seated_from == week).sum())
        obs.replacements_workers += sum(1 for w in self.workers if w.seated_from == week)
        seated_workers = np.array([w.seated for w in self.workers], bool)
        gone, gone_workers = turnover.departures(ps.seated(week), seated_workers, ps.core, p,
                                                    self.rng)
        if gone.size:
            kept = turnover.kept_share(p, contro.count_kind(self.intermediaries, "turnover"))
            turnover.replace_representatives(ps, gone, week, kept, int(p["vacancy_weeks"]))
            obs.departures_partners += gone.size
            seated = ps.seated(week)
            for i in gone:
                new = contro.on_departure(int(i), seated, self._open_kinds(), self.intermediaries,
                                          week, p, self.rng)
                if new is not None:
                    self.controversies.append(new)
        for w in gone_workers:
            self.workers[w].seated_from = week + int(p["vacancy_weeks"])
            self.rules.worker_left(self.residents, int(w), p)
        obs.departures_workers += gone_workers.size

    def _meetings(self, seated: np.ndarray) -> None:
        """Committees that meet this week: attendance and mediation
        (:mod:`sim.model.rules.activities`), then framing convergence and role and engagement
        gains (:mod:`sim.model.rules.translation`) (ODD 7.2, 7.3)."""
        ps, p, rng = self.partners, self.p, self.rng
        roles = contro.count_kind(self.intermediaries, "roles")
        for com in self.committees:
            if not com.meets(self.week):
                continue
            here = activities.meeting_attendees(np.asarray(com.members), seated, p, rng)
            mediated = activities.is_mediated(ps, here, p, rng)
            translation.converge(ps.framing, here, mediated, p)
            translation.meeting_gains(ps, here, roles, p)
            com.meetings_held += 1
            com.last_attendees = tuple(int(i) for i in here)

    def _open_kinds(self) -> set[str]:
        return {c.kind for c in self.controversies if c.open}

    def _controversies(self, seated: np.ndarray) -> None:
        """Controversies arise, may resolve and leave intermediaries, and weigh on their
        parties; intermediaries nobody carries wear out; engagement drifts without
        projects (ODD 7.4, 7.5)."""
        ps, p, rng = self.partners, self.p, self.rng
        open_ones = [c for c in self.controversies if c.open]
        new = contro.arise(ps, seated, self.room, self.table_mixed, {c.kind for c in open_ones},
                           self.intermediaries, self.week, p, rng)
        self.controversies.extend(new)
        open_ones += new
        if open_ones:
            mediator_seated = bool((ps.mediator & seated).any())
            _, made = contro.resolve(open_ones, ps, mediator_seated, self.week, p, rng)
            self.intermediaries.extend(made)
            open_ones = [c for c in open_ones if c.open]
        self.obs.intermediaries_worn += contro.wear_out(self.intermediaries, ps, p, rng)
        involved, roles = contro.involvement(ps, open_ones)
        translation.weekly_drift(ps, involved, roles, self.week,
                                 self.week - self.last_project_week, p)

    def _intervention(self, seated_partners: np.ndarray) -> None:
        """Seated workers contact households of their building; referrals go to the
        services of enrolled partners (ODD 7.6)."""
        p, ps = self.p, self.partners
        seated = tuple(w for w in self.workers if w.seated)
        key = tuple(w.index for w in seated)
        area = self._catchments.get(key)
        if area is None:
            area = self.rules.catchment(self.residents,
                                        [(w.index, w.building, w.focus) for w in seated], p)
            self._catchments[key] = area
        wanted = np.full(len(seated), float(p["worker_hours"]) / float(p["hours_per_contact"]))
        reception = float(p["ciusss_reception"]) if p["worker_employer"] == "ciusss" else 1.0
        services = ps.services[(ps.stage >= ENROLLED) & seated_partners].any(axis=0)
        self.obs.referrals += self.rules.contacts(self.residents, area, wanted, reception,
                                                  services, self.week, p, self.rng)

    def _activities_and_projects(self, seated: np.ndarray) -> None:
        """Unless suspended: room slots, attendance and ties, a collective project; then
        ties lapse (ODD 7.7, 7.8)."""
        res, ps, p, rng = self.residents, self.partners, self.p, self.rng
        n_b = len(self.site.buildings)
        ps.ran_activity[:] = False
        activity = np.zeros(n_b, np.int64)
        if not self.suspended:
            buildings = np.array([w.building for w in self.workers if w.seated], np.int64)
            hosts, requests = activities.room_requests(ps, seated, buildings, self._tenants_request,
                                                       n_b, p, rng)
            served = activities.allocate_room(requests, self.room.slots, rng)
            ps.ran_activity[hosts[served[served < hosts.size]]] = True
            self.room.demand, self.room.allocated = requests.size, served.size
            activity = np.bincount(requests[served], minlength=n_b)
        else:
            self.room.demand = self.room.allocated = 0
        self.rules.attend(res, activity, self.week, p, rng)
        if not self.suspended:
            self._maybe_project(seated)
        self.rules.decay_ties(res, self.week, p, rng)

    def _maybe_project(self, seated: np.ndarray) -> None:
        """A collective project starts with weekly chance ``project_rate`` when a critical
        mass of enrolled partners and co-organising households holds
        (:func:`sim.model.rules.activities.project_can_start`)."""
        ps, p, res = self.partners, self.p, self.residents
        if self.rng.random() >= float(p["project_rate"]):
            return
        coorganising = int(self.rules.coorganisers(res, self.week, p).sum())
        if not activities.project_can_start(ps, seated, coorganising, res.size, p):
            return
        runners = activities.project_runners(ps, seated, self.rng)
        if runners.size == 0:  # no partner took part: no project
            return
        households = self.rules.join_project(res, self.week, p, self.rng)
        activities.run_project(ps, runners, self.week, p)
        self.projects.append(CollectiveProject(self.week, tuple(int(r) for r in runners), households))
        self.last_project_week = self.week

    # --- views --------------------------------------------------------------------
    def reached(self) -> np.ndarray:
        """Households in a worker's active caseload this week."""
        return resident_rules_vectorised.reached(self.residents, self.week, self.p)

    def resident_stages(self) -> np.ndarray:
        """Every household's stage as an index into ``SITE_STAGES`` (outside, reached,
        taking_part, coorganising)."""
        res = self.residents
        stage = self.reached().astype(np.int64)
        stage[res.recent != 0] = SITE_STAGES.index("taking_part")
        stage[self.rules.coorganisers(res, self.week, self.p)] = SITE_STAGES.index("coorganising")
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
