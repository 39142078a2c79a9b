"""The display graph: its nodes, groups and edges, and the network view drawn from it."""

import math

import altair as alt
import numpy as np
import pytest

from sim.app.layout import GRAPH_HEIGHT, WIDTH, overlapping
from sim.app.model import PageModel
from sim.app.network import (
    EDGE_KINDS,
    GROUPS_PER_BUILDING,
    INTERMEDIARY_KINDS,
    ISOLATED_GROUP,
    KINDS,
)
from sim.app.view import SCHEMA, count_labels, legend, network_spec, node_labels
from sim.vocabulary import say

MILIEUX = ["baseline", "milieu-1", "milieu-2", "milieu-3", "milieu-4"]


@pytest.fixture(scope="module")
def played():
    """Each milieu after 60 weeks."""
    models = {}
    for name in MILIEUX:
        model = PageModel(name, rng=3, staff_turnover_rate=1.0)
        for _ in range(60):
            model.step()
        model.display.refresh(model)  # the page refreshes it when it draws
        models[name] = model
    return models


@pytest.mark.parametrize("name", MILIEUX)
def test_every_kind_of_node_is_there(played, name):
    model = played[name]
    display = model.display
    kinds = [n.kind for n in display.nodes]
    assert set(kinds) == set(KINDS)
    assert kinds.count("partner") == len(model.site.partners)
    assert kinds.count("worker") == len(model.workers)
    assert kinds.count("committee") == len(model.committees)
    assert kinds.count("room") == 1
    assert kinds.count("intermediary") == len(INTERMEDIARY_KINDS)
    assert kinds.count("residents") == len(model.site.buildings) * GROUPS_PER_BUILDING


def test_550_households_make_few_groups_and_isolated_ones_stay_visible(played):
    model = played["milieu-1"]
    assert model.site.households == 550
    display = model.display
    groups = [n for n in display.nodes if n.kind == "residents"]
    assert len(groups) <= 15
    counts = {n.ref: display.state[n.id].count for n in groups}
    assert sum(counts.values()) == 550
    isolated = sum(n for ref, n in counts.items() if ref % GROUPS_PER_BUILDING == ISOLATED_GROUP)
    assert isolated == int((model.residents.degree() == 0).sum()) > 0
    stages = model.resident_stages()
    for ref, n in counts.items():
        b, g = divmod(ref, GROUPS_PER_BUILDING)
        here = (model.residents.building == b) & (model.residents.degree() > 0)
        if g != ISOLATED_GROUP:
            assert n == int((here & (stages == g)).sum())


@pytest.mark.parametrize("name", MILIEUX)
def test_edges_are_of_known_kinds_between_existing_nodes(played, name):
    model = played[name]
    display = model.display
    graph = display.graph
    assert all(kind in EDGE_KINDS for _, _, kind in graph.edges(data="kind"))
    assert set(graph.nodes) == {n.id for n in display.nodes}
    seats = sum(len(c.members) for c in model.committees)
    assert display.edge_counts()["member"] == seats
    # ties between groups add up to the ties between households of different groups
    gid = display.household_groups(model)
    pairs = model.residents.ties.pairs()
    across = int((gid[pairs[:, 0]] != gid[pairs[:, 1]]).sum())
    assert sum(d["weight"] for _, _, d in graph.edges(data=True) if d["kind"] == "ties") == across
    # an open controversy links its parties
    for contro in model.controversies:
        if contro.open and len(contro.parties) > 1 and contro.kind != "room":
            a, b = (display.partner_node[i] for i in contro.parties[:2])
            assert graph.has_edge(a, b)


def test_positions_are_computed_once_and_never_move():
    model = PageModel("milieu-2", rng=1)
    before = dict(model.display.pos)
    for _ in range(40):
        model.step()
    model.display.refresh(model)
    assert model.display.pos == before
    xy = np.array(list(before.values()))
    assert np.isfinite(xy).all()
    assert len({tuple(p) for p in xy.round(3)}) == len(xy), "two nodes at the same place"
    # the same site gives the same picture
    assert PageModel("milieu-2", rng=99).display.pos == before


def test_the_view_is_a_vega_lite_chart_of_this_week(played):
    model = played["milieu-1"]
    spec = network_spec(model, "en")
    alt.LayerChart.from_dict(spec)  # validates against the Vega-Lite schema
    assert spec["$schema"] == SCHEMA
    assert "Week 60" in spec["title"]["text"]
    nodes = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")["data"]["values"]
    assert all(math.isfinite(n["x"]) and n["area"] > 0 for n in nodes)
    assert {n["name"] for n in nodes} >= {p.name for p in model.site.partners}
    french = network_spec(model, "fr")
    assert "Semaine 60" in french["title"]["text"]
    shown = visible_text(french)
    assert {"hors réseau", "problématisé", "intéressé", "enrôlé", "mobilisé"} <= shown
    assert "Banque alimentaire" in shown  # the partners' names in French
    fresh = PageModel("milieu-4")
    week_0 = network_spec(fresh, "en")
    fresh.step()
    assert network_spec(fresh, "en") != week_0


def visible_text(spec):
    """Every line of text the view draws."""
    return {line for layer in spec["layer"] if layer["mark"]["type"] == "text"
            for row in layer["data"]["values"] for line in row["label"].split("\n")}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", MILIEUX)
def test_no_label_meets_another_and_all_stay_on_the_canvas(played, name, lang):
    display = played[name].display
    labels, _ = display.labels(lang, node_labels)
    words, _, _, bottom = legend(lang, GRAPH_HEIGHT + 16)
    every = labels + count_labels(display) + words
    assert overlapping(every) == []
    for lab in labels:
        x0, y0, x1, y1 = lab.box()
        assert x0 >= 0, lab
        assert x1 <= WIDTH, lab
        assert y0 >= 0, lab
        assert y1 <= GRAPH_HEIGHT, lab
    assert bottom < 800


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_legend_names_every_shape_and_link(played, lang):
    spec = network_spec(played["milieu-1"], lang)
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    drawn = {n["shape"] for n in points[0]["data"]["values"]}
    in_legend = {n["shape"] for n in points[1]["data"]["values"]}
    assert drawn <= in_legend
    shown = " ".join(visible_text(spec))
    words = ["triangle", "diamond", "square", "circles"] if lang == "en" else \
        ["triangle", "losange", "carré", "cercles"]
    for word in words:
        assert word in shown
    for kind in EDGE_KINDS:
        assert say(f"edge.{kind}", lang) in shown


def test_households_groups_show_their_count(played):
    model = played["milieu-1"]
    counts = [int(lab.lines[0]) for lab in count_labels(model.display)]
    assert sum(counts) == model.site.households
