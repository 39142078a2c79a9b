"""HLMModel: one HLM site, week by week.

The weekly order of processes (stated in docs/ODD.md):

1. scheduled events: the suspension of collective activities; departures and arrivals
   of representatives and workers;
2. committee meetings: framing convergence, role negotiation, engagement;
3. controversies: new ones arise, open ones weigh on their parties and may resolve,
   leaving intermediaries;
4. intervention: each worker's contacts with households (trust, referral, invitation);
5. activities and projects: room slots are allocated, households attend and form
   ties, collective projects start when their conditions hold; ties decay;
6. partners' translation stages move;
7. outcomes are recorded.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import mesa
import numpy as np

from sim.actants import CollectiveProject, Committee, CommunityRoom, Controversy, Intermediary
from sim.agents import Intervenant, Partner, Resident
from sim.params import Value
from sim.record import record
from sim.rules import controversies as contro
from sim.rules import residents as resident_rules_vectorised
from sim.rules import translation
from sim.scenario import NEEDS, Scenario
from sim.state import ENROLLED, INTERESTED, NEVER, PartnerState, init_residents

SITE_STAGES = ("outside", "reached", "taking_part", "coorganising")


class HLMModel(mesa.Model):
    """Agent-based model of one HLM site's partner network and its residents.

    Args:
        scenario: the validated site structure and parameters.
        rng: the run's generator (or a seed for one); every random draw takes it.
        resident_rules: the module implementing the resident rules (the vectorised
            :mod:`sim.rules.residents` by default; the tests swap in a per-household one).
        resident_agents: create a Resident view agent per household (the page and
            Mesa's AgentSets use them; batch runs can skip them).
        series: record every outcome every week in ``history`` (batch runs that need
            only the final summary can skip it; :meth:`summary` is always current).
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator | int | None = None,
                 *, resident_rules: ModuleType = resident_rules_vectorised,
                 resident_agents: bool = True, series: bool = True) -> None:
        super().__init__(rng=rng)
        self.site = scenario
        self.p: dict[str, Value] = dict(scenario.params)
        self.rules = resident_rules
        self.week = 0
        self._init_partners()
        self._init_actants()
        self.residents = init_residents(scenario, self.rng)
        self.workers = [Intervenant(self, i, w.building, w.focus)
                        for i, w in enumerate(scenario.workers)]
        if resident_agents:
            for i in range(self.residents.size):
                Resident(self, i)
        self._catchments: dict[tuple[int, ...], Any] = {}
        self._tenants_request = bool(self.residents.committee.any())
        self._worker_key: tuple[bool, ...] = ()
        self._worker_slots = np.zeros(0, np.int64)
        self.referrals = 0
        self.fallbacks = 0
        self.last_project_week = 0
        self._network_changed = True  # framings, seats or stages changed since last week
        self._distance = np.zeros(self.partners.size)
        self._services = np.zeros(len(NEEDS), bool)
        self.series = series
        self.history: list[dict[str, float]] = []
        self._latest: dict[str, float] | None = None
        if series:
            self.history.append(self.latest)

    # --- initialisation -----------------------------------------------------------
    def _init_partners(self) -> None:
        sc, rng = self.site, self.rng
        n, c = len(sc.partners), len(sc.committees)
        index = {spec.name: i for i, spec in enumerate(sc.partners)}
        member = np.zeros((c, n), bool)
        for k, com in enumerate(sc.committees):
            member[k, [index[m] for m in com.members]] = True
        framing = translation.initial_framings(n, sc.origin, self.p, rng)
        services = np.zeros((n, len(NEEDS)), bool)
        for i, spec in enumerate(sc.partners):
            services[i, [NEEDS.index(s) for s in spec.services]] = True
        self.partners = PartnerState(
            framing=framing, origin_framing=framing.copy(),
            clarity=rng.uniform(0.05, 0.3, n), engagement=rng.uniform(0.2, 0.5, n),
            stage=np.zeros(n, np.int64), meetings=np.zeros(n, np.int64),
            seated_from=np.zeros(n, np.int64), last_controversy=np.full(n, NEVER, np.int64),
            last_project=np.full(n, NEVER, np.int64), first_at=np.full((n, 5), NEVER, np.int64),
            mediator=np.array(["mediator" in s.roles for s in sc.partners], bool),
            funder=np.array(["funder" in s.roles or s.sector == "funder" for s in sc.partners], bool),
            services=services, member=member, ran_activity=np.zeros(n, bool),
        )
        self.partner_agents = [Partner(self, i, spec) for i, spec in enumerate(sc.partners)]

    def _init_actants(self) -> None:
        sc = self.site
        self.committees = [
            Committee(c.name, tuple(int(i) for i in np.flatnonzero(self.partners.member[k])),
                      c.interval_weeks, k % c.interval_weeks, c.residents)
            for k, c in enumerate(sc.committees)
        ]
        self.table_mixed = bool(self.partners.funder.any()) or any(c.residents for c in sc.committees)
        self.room = CommunityRoom(int(self.p["room_slots"]) * len(sc.buildings),
                                  bool(self.p["room_agreement"]))
        self.intermediaries = [Intermediary(kind, 0, "initial")
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
        """Advance the site by one week."""
        self.week += 1
        ps = self.partners
        self._turnover()
        seated = ps.seated(self.week)
        if (ps.seated_from == self.week).any():  # newcomers took their seats
            self._network_changed = True
        self._meetings(seated)
        self._controversies(seated)
        self._intervention(seated)
        self._activities_and_projects(seated)
        if self._network_changed:
            self._distance = translation.distance_to_committees(ps, seated)
        forward, back = translation.apply_stages(
            ps, translation.next_stages(ps, seated, self.week, self.p, self._distance), self.week)
        self._network_changed = bool(forward or back)
        self.fallbacks += back
        self._latest = None
        if self.series:
            self.history.append(self.latest)

    def _turnover(self) -> None:
        """Representatives and workers leave with weekly chance 1 - exp(-rate / 52); the
        seat stays empty ``vacancy_weeks``; the newcomer inherits ``role_retained`` of
        the role clarity and engagement (more with onboarding guides), restarts from its
        organisation's framing, and residents' trust does not pass to a new worker."""
        ps, p, week = self.partners, self.p, self.week
        leave = 1.0 - np.exp(-float(p["staff_turnover_rate"]) / 52.0)
        draws = self.rng.random(ps.size + len(self.workers))
        leaving = draws < leave
        if not leaving.any():
            return
        seated = ps.seated(week)
        gone = np.flatnonzero(seated & leaving[: ps.size])
        guides = contro.count_kind(self.intermediaries, "turnover")
        kept = float(p["role_retained"])
        kept += (1.0 - kept) * (1.0 - float(p["intermediary_effect"]) ** guides)
        vacancy = int(p["vacancy_weeks"])
        self._network_changed |= gone.size > 0
        for i in gone:
            ps.seated_from[i] = week + vacancy
            ps.clarity[i] *= kept
            ps.engagement[i] *= kept
            ps.framing[i] = ps.origin_framing[i]
            ps.meetings[i] = 0
            seated[i] = False
            new = contro.on_departure(int(i), seated, self._open_kinds(), self.intermediaries,
                                      week, p, self.rng)
            if new is not None:
                self.controversies.append(new)
        for w, left in zip(self.workers, leaving[ps.size:], strict=True):
            if left and w.seated:
                w.seated_from = week + vacancy
                self.rules.worker_left(self.residents, w.index)

    def _meetings(self, seated: np.ndarray) -> None:
        """Committees that meet this week: seated members attend with ``attendance_prob``;
        a mediator facilitates with ``mediator_presence``; framings converge and roles
        and engagement grow (ODD 7.2, 7.3; [S] « Le renforcement du rôle d'animation et
        de médiation »)."""
        ps, p = self.partners, self.p
        presence = float(p["mediator_presence"])
        roles = contro.count_kind(self.intermediaries, "roles")
        for com in self.committees:
            if not com.meets(self.week):
                continue
            members = np.asarray(com.members)
            here = members[seated[members] & (self.rng.random(members.size) < float(p["attendance_prob"]))]
            mediated = bool(ps.mediator[here].any()) and self.rng.random() < presence
            translation.converge(ps.framing, here, mediated, p)
            self._network_changed = True
            translation.meeting_gains(ps, here, roles, p)
            com.meetings_held += 1
            com.last_attendees = tuple(int(i) for i in here)

    def _open_kinds(self) -> set[str]:
        return {c.kind for c in self.controversies if c.open}

    def _controversies(self, seated: np.ndarray) -> None:
        """Controversies arise, may resolve and leave intermediaries, and weigh on their
        parties; engagement drifts without projects (ODD 7.3-7.5)."""
        ps = self.partners
        open_ones = [c for c in self.controversies if c.open]
        new = contro.arise(ps, seated, self.room, self.table_mixed, {c.kind for c in open_ones},
                           self.intermediaries, self.week, self.p, self.rng)
        self.controversies.extend(new)
        open_ones += new
        if open_ones:
            mediator_seated = bool((ps.mediator & seated).any())
            _, made = contro.resolve(open_ones, ps, mediator_seated, self.week, self.p, self.rng)
            self.intermediaries.extend(made)
            open_ones = [c for c in open_ones if c.open]
        involved, roles = contro.involvement(ps, open_ones)
        translation.weekly_drift(ps, involved, roles, self.week,
                                 self.week - self.last_project_week, self.p)

    def _intervention(self, seated_partners: np.ndarray) -> None:
        """Seated workers contact households of their building; referrals go to the
        services of enrolled partners (ODD 7.6)."""
        p, rng = self.p, self.rng
        seated = tuple(w for w in self.workers if w.seated)
        key = tuple(w.index for w in seated)
        area = self._catchments.get(key)
        if area is None:
            area = self.rules.catchment(self.residents, [(w.index, w.building, w.focus) for w in seated])
            self._catchments[key] = area
        wanted = np.full(len(seated), float(p["worker_hours"]) / float(p["hours_per_contact"]))
        reception = float(p["ciusss_reception"]) if p["worker_employer"] == "ciusss" else 1.0
        ps = self.partners
        if self._network_changed:  # which needs enrolled partners' services answer
            self._services = ps.services[(ps.stage >= ENROLLED) & seated_partners].any(axis=0)
        referrals = self.rules.contacts(self.residents, area, wanted, reception, self._services,
                                        p, rng)
        self.referrals += referrals

    def _room_slots(self, seated: np.ndarray) -> np.ndarray:
        """Allocate the room's weekly slots; return the number of activities per building.

        Requests: one per seated partner at intéressement or beyond with engagement
        above 0.4 (in a random building), two per seated worker (in its building), one
        for the tenants' committee. When requests exceed the slots a random subset is
        served ([S] « le partage et la gestion ... du local communautaire utilisé par
        les différents organismes et les locataires »).
        """
        ps, rng, n_b = self.partners, self.rng, len(self.site.buildings)
        hosts = np.flatnonzero(seated & (ps.stage >= INTERESTED) & (ps.engagement > 0.4))
        others = self._worker_requests()
        if self._tenants_request:
            others = np.append(others, rng.integers(n_b))
        host_buildings = rng.integers(n_b, size=hosts.size) if n_b > 1 else np.zeros(hosts.size, np.int64)
        buildings = np.concatenate((host_buildings, others))
        self.room.demand = buildings.size
        if buildings.size > self.room.slots:
            served = rng.permutation(buildings.size)[: self.room.slots]
            ps.ran_activity[hosts[served[served < hosts.size]]] = True
            buildings = buildings[served]
        else:
            ps.ran_activity[hosts] = True
        self.room.allocated = buildings.size
        return np.bincount(buildings, minlength=n_b)

    def _worker_requests(self) -> np.ndarray:
        """Buildings of the seated workers' room requests (two each), kept between weeks."""
        key = tuple(w.seated for w in self.workers)
        if key != self._worker_key:
            self._worker_key = key
            self._worker_slots = np.repeat([w.building for w in self.workers if w.seated], 2).astype(np.int64)
        return self._worker_slots

    def _activities_and_projects(self, seated: np.ndarray) -> None:
        """Unless suspended: room slots, attendance and ties, a collective project; then
        ties that were not renewed lapse (ODD 7.7, 7.8)."""
        res = self.residents
        self.partners.ran_activity[:] = False
        if self.suspended:
            self.room.demand = self.room.allocated = 0
            activities = np.zeros(len(self.site.buildings), np.int64)
        else:
            activities = self._room_slots(seated)
        self.rules.attend(res, activities, self.week, self.p, self.rng)
        if not self.suspended:
            self._maybe_project(seated)
        self.rules.decay_ties(res, self.week, self.p)

    def _maybe_project(self, seated: np.ndarray) -> None:
        """A collective project starts with ``project_rate`` when enough partners are
        enrolled and enough households co-organise ([S] « La capacité à élaborer des
        projets collectifs dans le milieu est ainsi un bon indicateur de la
        mobilisation »; « concerter les partenaires et de mobiliser les locataires au
        même moment »). It engages the partners who run it."""
        ps, p = self.partners, self.p
        if self.rng.random() >= float(p["project_rate"]):
            return
        runners = np.flatnonzero(seated & (ps.stage >= ENROLLED))
        if runners.size < int(p["project_min_partners"]):
            return
        if int(self.rules.coorganisers(self.residents, self.week).sum()) < int(p["project_min_coorganisers"]):
            return
        households = self.rules.join_project(self.residents, self.week, p, self.rng)
        ps.last_project[runners] = self.week
        g = 2.0 * float(p["engagement_gain"])
        ps.engagement[runners] += g * (1.0 - ps.engagement[runners])
        self.projects.append(CollectiveProject(self.week, tuple(int(r) for r in runners), households))
        self.last_project_week = self.week

    # --- views --------------------------------------------------------------------
    def resident_stages(self) -> np.ndarray:
        """Every household's stage as an index into ``SITE_STAGES`` (outside, reached,
        taking_part, coorganising)."""
        res = self.residents
        stage = res.reached.astype(np.int64)
        stage[res.recent != 0] = 2
        stage[self.rules.coorganisers(res, self.week)] = 3
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
