"""Non-human actants: committees, the community room, controversies, intermediaries,
collective projects.

Actor-network theory treats non-humans symmetrically: they act on the network (the
seed: « des entités non humaines (savoirs spécialisés, ressources matérielles et
financières, lois et politiques publiques, programmes) qui sont liés et qui
s'influencent »). Here they are plain records the model owns; the rules in
:mod:`sim.model.rules` give them their effects.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.kinds import BY_KEY


@dataclass(slots=True)
class Committee:
    """A committee: member partners (indices), meeting interval and resident seats."""

    name: str
    members: tuple[int, ...]
    interval_weeks: int
    offset: int
    residents: bool
    meetings_held: int = 0
    last_attendees: tuple[int, ...] = ()

    def meets(self, week: int) -> bool:
        """Whether the committee meets this week."""
        return week % self.interval_weeks == self.offset


@dataclass(slots=True)
class CommunityRoom:
    """The community rooms of the site: weekly slots, this week's demand and allocation."""

    slots: int
    agreement: bool
    demand: int = 0
    allocated: int = 0

    @property
    def contested(self) -> bool:
        """Demand exceeded the slots this week."""
        return self.demand > self.slots


@dataclass(slots=True)
class Controversy:
    """A confrontation of viewpoints (Callon 1986) of one kind, between two partners or,
    over common spaces, between tenants (no partner among its ``parties``)."""

    kind: str
    parties: tuple[int, ...]
    opened: int
    resolved: int | None = None
    mediated_weeks: int = 0

    @property
    def open(self) -> bool:
        """Whether it is still open."""
        return self.resolved is None

    def age(self, week: int) -> int:
        """Weeks since it opened (until resolution)."""
        end = week if self.resolved is None else self.resolved
        return end - self.opened


@dataclass(slots=True)
class Intermediary:
    """What circulates between actors and defines their relations (Callon 1991): a role
    grid, a room agreement, an onboarding guide, a new committee, rules of common life."""

    kind: str
    created: int
    origin: str = "resolution"
    makers: tuple[int, ...] = ()
    maker_seats: tuple[int, ...] = ()
    """The partners who made it and the week each maker's representative took the seat
    (a changed seat means the maker has left)."""

    @property
    def label(self) -> str:
        """English name of the intermediary."""
        return BY_KEY[self.kind].intermediary_en


@dataclass(slots=True)
class CollectiveProject:
    """A Guignolée, party, BBQ or collective kitchen run together."""

    week: int
    partners: tuple[int, ...]
    households: int
