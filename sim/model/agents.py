"""Mesa agents: partners, proximity workers (intervenants) and resident households.

Partners and households keep their state in the model's arrays (:mod:`sim.model.state`) so
the weekly rules act on whole arrays; their agents are views onto one row, so Mesa's
AgentSets, the page and a DataCollector still see agents. Workers are few and are
ordinary agents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from sim.model.state import STAGES
from sim.scenario import HOUSEHOLD_TYPES, NEEDS, PartnerSpec

if TYPE_CHECKING:
    from sim.model.hlm import HLMModel


class Partner(mesa.Agent):
    """An organisation at the table (CIUSSS, OMH, community group, ...), spoken for by
    one representative. A view onto row ``index`` of the model's partner arrays."""

    model: HLMModel

    def __init__(self, model: HLMModel, index: int, spec: PartnerSpec) -> None:
        super().__init__(model)
        self.index = index
        self.name = spec.name
        self.sector = spec.sector
        self.roles = spec.roles
        self.services = spec.services

    @property
    def stage(self) -> str:
        """Translation stage: outside, problematised, interested, enrolled, mobilised."""
        return STAGES[int(self.model.partners.stage[self.index])]

    @property
    def clarity(self) -> float:
        """Role clarity of the current representative."""
        return float(self.model.partners.clarity[self.index])

    @property
    def engagement(self) -> float:
        """Engagement of the current representative."""
        return float(self.model.partners.engagement[self.index])

    @property
    def seated(self) -> bool:
        """Whether a representative holds the seat this week."""
        return bool(self.model.partners.seated_from[self.index] <= self.model.week)

    @property
    def tenure(self) -> int:
        """Weeks the current representative has held the seat (0 while vacant)."""
        return max(0, self.model.week - int(self.model.partners.seated_from[self.index]))


class Intervenant(mesa.Agent):
    """A proximity worker (intervenant·e de milieu): serves one building's households.

    [S] « Il est appelé à remplir différents rôles d'accompagnement et de référence au
    quotidien (offrir de l'écoute, intervenir pour désamorcer des crises, ...) ».
    """

    model: HLMModel

    def __init__(self, model: HLMModel, index: int, building: int, focus: str) -> None:
        super().__init__(model)
        self.index = index
        self.building = building
        self.focus = focus

    @property
    def seated_from(self) -> int:
        """Week the current worker took (or takes) the post."""
        return int(self.model.worker_state.seated_from[self.index])

    @seated_from.setter
    def seated_from(self, week: int) -> None:
        self.model.worker_state.seated_from[self.index] = week

    @property
    def employer(self) -> str:
        """Who employs the worker (the scenario's ``worker_employer``)."""
        return str(self.model.p["worker_employer"])

    @property
    def seated(self) -> bool:
        """Whether the post is filled this week."""
        return self.seated_from <= self.model.week

    @property
    def tenure(self) -> int:
        """Weeks the current worker has held the post (0 while vacant)."""
        return max(0, self.model.week - self.seated_from)


class Resident(mesa.Agent):
    """A resident household: a view onto row ``index`` of the model's resident arrays."""

    model: HLMModel

    def __init__(self, model: HLMModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def building(self) -> int:
        """Index of the HLM building it lives in."""
        return int(self.model.residents.building[self.index])

    @property
    def household_type(self) -> str:
        """Family, single person or senior."""
        return HOUSEHOLD_TYPES[int(self.model.residents.htype[self.index])]

    @property
    def need(self) -> str:
        """Its main need."""
        return NEEDS[int(self.model.residents.need_kind[self.index])]

    @property
    def trust(self) -> float:
        """Trust in its current worker."""
        return float(self.model.residents.trust[self.index])

    @property
    def ties(self) -> int:
        """Number of ties to other households."""
        return int(self.model.residents.degree()[self.index])

    @property
    def stage(self) -> str:
        """Resident stage: outside, reached, taking_part or coorganising."""
        return self.model.resident_stage(self.index)
