"""The display graph: the site's network as the page draws it.

Nodes are the partners, the proximity workers, the committees, the community room, one
node per kind of intermediary and, for the households, a few groups: per building, one
group per household stage (not reached, reached, taking part, co-organising) for the
households that have at least one tie, and one group of isolated households (no tie),
each sized by its count. Three hundred households thus make at most five nodes per
building, and isolated households stay visible as such.

Edges are what exists this week: committee seats, worker-employer links, referral
channels (a worker can refer to an enrolled, seated partner serving its households'
needs), worker contacts, ties between household groups, open controversies, activities
in the room and intermediaries in force.

Positions are computed once per model from the site's structure (no force layout: the
picture must not move between weeks, and a spring layout at every step would cost more
than the model), in pixels of the view's canvas (:mod:`sim.app.layout`): partners on a
ring, committees inside it, the room and the intermediaries on a shelf under it and, to
the right, each building's row of workers and household groups.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

import networkx as nx
import numpy as np

from sim.app.colours import ISOLATED_COLOUR, NODE_COLOURS
from sim.app.layout import (
    BOTTOM,
    GROUP_DX,
    GROUP_X0,
    ISOLATED_EXTRA,
    RING_R,
    RING_X,
    RING_Y,
    SHELF_DX,
    SHELF_X0,
    SHELF_Y,
    TOP,
    WORKER_X,
)
from sim.kinds import CONTROVERSY_KINDS
from sim.model.hlm import SITE_STAGES
from sim.model.state import ENROLLED
from sim.stages import RESIDENT_COLOURS, STAGE_COLOURS
from sim.vocabulary import (
    Lang,
    choice_name,
    controversy_name,
    intermediary_name,
    resident_stage_name,
    say,
    stage_name,
)

if TYPE_CHECKING:
    from sim.model.hlm import HLMModel

T = TypeVar("T")

KINDS = ("partner", "worker", "committee", "room", "intermediary", "residents")
EDGE_KINDS = ("member", "employs", "referral", "contact", "ties", "controversy", "activity",
              "intermediary")
INTERMEDIARY_KINDS: tuple[str, ...] = CONTROVERSY_KINDS
ISOLATED_GROUP = len(SITE_STAGES)
"""Group index of a building's isolated households (after the stage groups)."""
GROUPS_PER_BUILDING = len(SITE_STAGES) + 1

COMMITTEE_R = 0.42 * RING_R
"""Radius of the committees' circle inside the ring."""
WORKER_DY = 26.0
"""Between two workers of one building."""
ROW_SHIFT = 4.0
"""Circles sit a little below the middle of their row (the row's name is above)."""
PARTNER_AREA = 260.0
"""Area (square pixels) of a partner's circle; other nodes are sized alike by hand."""
MAX_GROUP_DIAMETER = 80.0
"""Pixels across the circle of a group holding a whole building, at most."""

@dataclass(frozen=True, slots=True)
class Node:
    """One display node: its kind, what it stands for and where it is drawn.

    ``ref`` is the partner, worker or committee index, 0 for the room, the index into
    :data:`INTERMEDIARY_KINDS`, or ``building * GROUPS_PER_BUILDING + group`` for a
    household group.
    """

    id: int
    kind: str
    ref: int
    name: str
    x: float
    y: float


@dataclass(slots=True)
class NodeState:
    """How a node looks this week (``size`` is the marker's area in square pixels)."""

    colour: str
    size: float
    marker: str
    alpha: float = 1.0
    stroke: str = "#333333"
    stage: int | None = None
    count: int = 0
    facts: dict[str, Any] = field(default_factory=dict)


class DisplayNetwork:
    """The display graph of one model: fixed nodes and positions, edges of this week.

    Call :meth:`refresh` before drawing; it recomputes the node states and edges when
    the model's week changed (a page that draws every fourth week computes them every
    fourth week).
    """

    def __init__(self, model: HLMModel) -> None:
        self.nodes: list[Node] = []
        self._layout(model)
        self.graph = nx.Graph()
        for n in self.nodes:
            self.graph.add_node(n.id, kind=n.kind, pos=(n.x, n.y))
        self.pos: dict[int, tuple[float, float]] = {n.id: (n.x, n.y) for n in self.nodes}
        self.state: dict[int, NodeState] = {}
        self.week = -1
        self._labels: dict[Lang, Any] = {}
        self.refresh(model)

    # --- layout -----------------------------------------------------------------------
    def _add(self, kind: str, ref: int, name: str, x: float, y: float) -> int:
        node = Node(len(self.nodes), kind, ref, name, round(x, 4), round(y, 4))
        self.nodes.append(node)
        return node.id

    def _layout(self, model: HLMModel) -> None:
        site = model.site
        n_p = len(site.partners)
        member = model.partners.member
        # partners on a ring, ordered by the first committee they sit on, from the top;
        # half a step off the vertical so that no name sits right above the ring
        first = [int(np.argmax(member[:, i])) if member[:, i].any() else member.shape[0]
                 for i in range(n_p)]
        order = sorted(range(n_p), key=lambda i: (first[i], i))
        angle = np.zeros(n_p)
        for rank, i in enumerate(order):
            angle[i] = math.pi / 2 - 2 * math.pi * (rank + 0.5) / n_p
        self.partner_angle = angle
        self.partner_node = [0] * n_p
        # residents groups first so that partners and workers are drawn over their edges
        n_b = len(site.buildings)
        self.row_height = (BOTTOM - TOP) / max(n_b, 1)
        rows = [TOP + self.row_height * (b + 0.5) for b in range(n_b)]
        self.group_node: list[int] = []
        for b in range(n_b):
            for g in range(GROUPS_PER_BUILDING):
                x = GROUP_X0 + GROUP_DX * g + (ISOLATED_EXTRA if g == ISOLATED_GROUP else 0.0)
                self.group_node.append(self._add("residents", b * GROUPS_PER_BUILDING + g,
                                                 f"HLM {b + 1}", x, rows[b] + ROW_SHIFT))
        for i in order:
            self.partner_node[i] = self._add("partner", i, site.partners[i].name,
                                             RING_X + RING_R * math.cos(angle[i]),
                                             RING_Y - RING_R * math.sin(angle[i]))
        self._layout_committees(model, angle)
        # the room, then the intermediaries, on a shelf under the ring
        self.room_node = self._add("room", 0, "room", SHELF_X0, SHELF_Y)
        self.intermediary_node: dict[str, int] = {}
        for j, kind in enumerate(INTERMEDIARY_KINDS):
            self.intermediary_node[kind] = self._add("intermediary", j, kind,
                                                     SHELF_X0 + SHELF_DX * (j + 1), SHELF_Y)
        # workers at the start of their building's row
        per_building: dict[int, list[int]] = {}
        for w in model.workers:
            per_building.setdefault(w.building, []).append(w.index)
        self.worker_node = [0] * len(model.workers)
        for b, ws in per_building.items():
            for j, wi in enumerate(ws):
                offset = WORKER_DY * (j - (len(ws) - 1) / 2)
                self.worker_node[wi] = self._add("worker", wi, f"worker {wi + 1}",
                                                 WORKER_X, rows[b] + ROW_SHIFT + offset)
        self.rows = rows
        self.buildings = tuple(site.buildings)
        self.largest_building = max(site.buildings)

    def _layout_committees(self, model: HLMModel, angle: np.ndarray) -> None:
        """Committees inside the ring, evenly spaced, in the order of their members'
        mean angle."""
        member = model.partners.member
        n_c = len(model.committees)
        mean = [math.atan2(float(np.sin(angle[member[k]]).sum()), float(np.cos(angle[member[k]]).sum()))
                if member[k].any() else 0.0 for k in range(n_c)]
        start = mean[0] if n_c else 0.0
        ranked = sorted(range(n_c), key=lambda k: ((start - mean[k]) % (2 * math.pi), k))
        self.committee_node = [0] * n_c
        for rank, k in enumerate(ranked):
            a = start - 2 * math.pi * rank / max(n_c, 1)
            r = COMMITTEE_R if n_c > 1 else 0.0
            self.committee_node[k] = self._add("committee", k, model.committees[k].name,
                                               RING_X + r * math.cos(a), RING_Y - r * math.sin(a))

    def group_diameter(self) -> float:
        """Diameter of the circle of a group holding a whole building (the largest)."""
        return max(12.0, min(MAX_GROUP_DIAMETER, self.row_height - 58.0))

    # --- this week --------------------------------------------------------------------
    def household_groups(self, model: HLMModel, stage: np.ndarray | None = None) -> np.ndarray:
        """Each household's group: ``building * GROUPS_PER_BUILDING + group``."""
        res = model.residents
        if stage is None:
            stage = model.resident_stages()
        group = np.where(res.degree() == 0, ISOLATED_GROUP, stage)
        return res.building * GROUPS_PER_BUILDING + group

    def refresh(self, model: HLMModel) -> None:
        """Recompute node states and edges if the model moved since the last call."""
        if model.week == self.week and self.state:
            return
        self.week = model.week
        edges: dict[tuple[int, int], dict[str, Any]] = {}

        def link(a: int, b: int, kind: str, weight: float = 1.0) -> None:
            key = (min(a, b), max(a, b))
            if key in edges:  # keep the first kind; add up weights of the same kind
                if edges[key]["kind"] == kind:
                    edges[key]["weight"] += weight
                return
            edges[key] = {"kind": kind, "weight": weight}

        state: dict[int, NodeState] = {}
        ps, res, week = model.partners, model.residents, model.week
        seated = ps.seated(week)
        # households
        stage_all = model.resident_stages()
        gid = self.household_groups(model, stage_all)
        n_groups = len(self.buildings) * GROUPS_PER_BUILDING
        counts = np.bincount(gid, minlength=n_groups)
        pairs = res.ties.pairs()
        within = np.zeros(n_groups, np.int64)
        if pairs.size:
            ga, gb = gid[pairs[:, 0]], gid[pairs[:, 1]]
            same = ga == gb
            within = np.bincount(ga[same], minlength=n_groups)
            lo, hi = np.minimum(ga[~same], gb[~same]), np.maximum(ga[~same], gb[~same])
            keys, n_ties = np.unique(lo * n_groups + hi, return_counts=True)
            for key, n in zip(keys.tolist(), n_ties.tolist(), strict=True):
                link(self.group_node[key // n_groups], self.group_node[key % n_groups], "ties", n)
        isolated_by_stage = np.zeros((len(self.buildings), len(SITE_STAGES)), np.int64)
        iso = gid % GROUPS_PER_BUILDING == ISOLATED_GROUP
        if iso.any():
            np.add.at(isolated_by_stage, (res.building[iso], stage_all[iso]), 1)
        for g, node in enumerate(self.group_node):
            b, kind = divmod(g, GROUPS_PER_BUILDING)
            n = int(counts[g])
            # the circle's area is proportional to the count (the count is written under it)
            across = self.group_diameter() * math.sqrt(n / self.largest_building)
            size = math.pi / 4 * max(across, 7.0) ** 2 if n else 0.0
            if kind == ISOLATED_GROUP:
                state[node] = NodeState(ISOLATED_COLOUR, size, "o", 1.0, "#555555", None, n,
                                        {"building": b, "by_stage": isolated_by_stage[b].tolist()})
            else:
                state[node] = NodeState(RESIDENT_COLOURS[kind], size, "o", 0.95, "#333333", kind, n,
                                        {"building": b, "within": int(within[g])})
        # partners
        for i, node in enumerate(self.partner_node):
            stage = int(ps.stage[i])
            state[node] = NodeState(STAGE_COLOURS[stage], PARTNER_AREA, "o", 1.0 if seated[i] else 0.35,
                                    "#222222", stage, 1,
                                    {"seated": bool(seated[i]), "clarity": float(ps.clarity[i]),
                                     "engagement": float(ps.engagement[i])})
        # committees and their seats
        for k, node in enumerate(self.committee_node):
            com = model.committees[k]
            state[node] = NodeState(NODE_COLOURS["committee"], 330.0, "s", 1.0, "#222222", None,
                                    len(com.members),
                                    {"interval": com.interval_weeks, "present": len(com.last_attendees)})
            for i in com.members:
                link(node, self.partner_node[i], "member", 1.0 if seated[i] else 0.3)
        # the room and this week's activities in it
        room = model.room
        state[self.room_node] = NodeState(NODE_COLOURS["room"], 420.0, "D", 1.0,
                                          "#d62728" if room.contested else "#222222", None, room.slots,
                                          {"demand": room.demand, "allocated": room.allocated,
                                           "agreement": room.agreement})
        for i in np.flatnonzero(ps.ran_activity).tolist():
            link(self.room_node, self.partner_node[i], "activity")
        # intermediaries in force
        in_force = dict.fromkeys(INTERMEDIARY_KINDS, 0)
        for item in model.intermediaries:
            in_force[item.kind] = in_force.get(item.kind, 0) + 1
        for what, node in self.intermediary_node.items():
            n = in_force[what]
            state[node] = NodeState(NODE_COLOURS["intermediary"], 140.0 + 50.0 * min(n, 4), "s",
                                    1.0 if n else 0.2, "#222222", None, n, {})
            if n:
                # the room's agreements and the tenants' rules of common life bear on the
                # room and the yard; the other tools on the committees
                targets = ([self.room_node] if what in ("room", "tenants")
                           else self.committee_node)
                for t in targets:
                    link(node, t, "intermediary", n)
        # open controversies: between their parties (room disputes: parties and the room;
        # disputes between tenants: the room and the households)
        for c in model.controversies:
            if not c.open:
                continue
            if not c.parties:
                for g, node in enumerate(self.group_node):
                    if counts[g]:
                        link(self.room_node, node, "controversy")
            parties = [self.partner_node[i] for i in c.parties]
            if c.kind == "room":
                for a in parties:
                    link(a, self.room_node, "controversy")
            for j, a in enumerate(parties):
                for b in parties[j + 1:]:
                    link(a, b, "controversy")
        # workers: employer, contacts, referral channels
        employers = [self.partner_node[i] for i, spec in enumerate(model.site.partners)
                     if "employer" in spec.roles]
        open_services = ps.services & (seated & (ps.stage >= ENROLLED))[:, None]
        referred = res.referrals > 0
        referrer: dict[int, int] = {}  # one referral node per building: its first seated worker
        for w in model.workers:
            if w.building not in referrer or (w.seated and not model.workers[referrer[w.building]].seated):
                referrer[w.building] = w.index
        for w in model.workers:
            node = self.worker_node[w.index]
            contacted = res.last_worker == w.index
            state[node] = NodeState(NODE_COLOURS["worker"] if w.seated else NODE_COLOURS["worker_vacant"],
                                    300.0, "^", 1.0, "#222222", None, int(contacted.sum()),
                                    {"seated": w.seated, "building": w.building, "focus": w.focus,
                                     "employer": w.employer})
            for e in employers:
                link(node, e, "employs")
            if contacted.any():
                reach = np.bincount(gid[contacted], minlength=n_groups)
                for g in np.flatnonzero(reach).tolist():
                    link(node, self.group_node[g], "contact", int(reach[g]))
        # referral channels, one per building and partner: the partner is seated, enrolled
        # and serves a need of the building's households (the model counts referrals per
        # household, not per partner: the weight is the households of the building
        # referred for a need this partner serves)
        for b, wi in referrer.items():
            here = res.building == b
            needs = np.bincount(res.need_kind[here], minlength=ps.services.shape[1]) > 0
            done = np.bincount(res.need_kind[here & referred], minlength=ps.services.shape[1])
            for i in np.flatnonzero((open_services & needs[None, :]).any(axis=1)).tolist():
                link(self.worker_node[wi], self.partner_node[i], "referral",
                     1.0 + float(done[ps.services[i]].sum()))
        self.state = state
        self.graph.remove_edges_from(list(self.graph.edges()))
        self.graph.add_edges_from((a, b, attrs) for (a, b), attrs in edges.items())

    def labels(self, lang: Lang, build: Callable[[DisplayNetwork, Lang], T]) -> T:
        """The fixed labels in ``lang``, built once by ``build(self, lang)`` (their places
        depend only on the layout)."""
        if lang not in self._labels:
            self._labels[lang] = build(self, lang)
        return cast("T", self._labels[lang])

    # --- words ------------------------------------------------------------------------
    def title(self, node_id: int, lang: Lang, model: HLMModel) -> str:
        """A node's name as the page shows it."""
        node = self.nodes[node_id]
        if node.kind == "residents":
            b, g = divmod(node.ref, GROUPS_PER_BUILDING)
            what = say("isolated", lang) if g == ISOLATED_GROUP else resident_stage_name(g, lang)
            return f"{say('building', lang)} {b + 1} · {what}"
        if node.kind == "intermediary":
            return f"{say('intermediary', lang)}: {intermediary_name(node.name, lang)}"
        if node.kind == "room":
            return say("room", lang)
        if node.kind == "worker":
            return f"{say('proximity_worker', lang)} {node.ref + 1} · {say('building', lang)} {model.workers[node.ref].building + 1}"
        return node.name

    def detail(self, node_id: int, lang: Lang) -> str:
        """What a node's tooltip says about it this week."""
        node, st = self.nodes[node_id], self.state[node_id]
        return _DETAILS[node.kind](st, st.facts, lang)

    def edge_counts(self) -> dict[str, int]:
        """Number of edges of each kind this week."""
        out = dict.fromkeys(EDGE_KINDS, 0)
        for _, _, kind in self.graph.edges(data="kind"):
            out[kind] += 1
        return out

    def controversy_label(self, kind: str, lang: Lang) -> str:
        """A controversy kind's name."""
        return controversy_name(kind, lang)


# --- tooltips, one function per node kind ---------------------------------------------
def _seat(seated: bool, lang: Lang) -> str:
    return say("seated", lang) if seated else say("vacant", lang)


def _residents_detail(st: NodeState, f: dict[str, Any], lang: Lang) -> str:
    if st.stage is None:
        parts = ", ".join(f"{resident_stage_name(s, lang)} {n}" for s, n in enumerate(f["by_stage"]) if n)
        return f"{st.count} {say('households', lang)}" + (f" ({parts})" if parts else "")
    return f"{st.count} {say('households', lang)}; {f['within']} {say('ties_within', lang)}"


def _partner_detail(st: NodeState, f: dict[str, Any], lang: Lang) -> str:
    return (f"{stage_name(st.stage or 0, lang)} · {_seat(f['seated'], lang)} · "
            f"{say('unit.clarity', lang)} {f['clarity']:.2f} · {say('unit.engagement', lang)} "
            f"{f['engagement']:.2f}")


def _committee_detail(st: NodeState, f: dict[str, Any], lang: Lang) -> str:
    return (f"{st.count} {say('members', lang)} · {say('every', lang)} {f['interval']} "
            f"{say('weeks', lang)} · {f['present']} {say('present', lang)}")


def _room_detail(st: NodeState, f: dict[str, Any], lang: Lang) -> str:
    agreement = f" · {say('agreement', lang)}" if f["agreement"] else ""
    contested = f" · {say('contested', lang)}" if f["demand"] > st.count else ""
    return f"{f['allocated']}/{st.count} {say('slots', lang)}{agreement}{contested}"


def _intermediary_detail(st: NodeState, f: dict[str, Any], lang: Lang) -> str:
    return str(st.count) if st.count else say("none_yet", lang)


def _worker_detail(st: NodeState, f: dict[str, Any], lang: Lang) -> str:
    return (f"{_seat(f['seated'], lang)} · {choice_name(f['employer'], lang)} · "
            f"{choice_name(f['focus'], lang)} · {st.count} "
            f"{say('reached_by', lang)}")


_DETAILS = {
    "residents": _residents_detail, "partner": _partner_detail, "committee": _committee_detail,
    "room": _room_detail, "intermediary": _intermediary_detail, "worker": _worker_detail,
}
assert set(_DETAILS) == set(KINDS)
