"""The network view: the display graph as a Vega-Lite chart.

Why a custom view rather than Mesa's network renderer (``SpaceRenderer`` over a
``Network`` space): Mesa's renderer draws every edge alike (the site's edges are of eight
kinds: committee seats, referrals, ties, controversies, ...), runs a spring layout at
every Reset (which neither keeps partners, committees and buildings apart nor gives the
same picture when the week's links differ), needs an agent in a cell for every
node (committees, the room and groups of households are not agents), and costs 75-100 ms
a redraw on this machine (Altair's object model, then schema validation of the layered
chart; ``benchmarks/bench_page.py``) where this view costs under 1 ms. At the default
settings the page redraws every five weeks, so that cost counts. The chart is written as
a plain Vega-Lite dict with fixed positions, edges coloured by kind with a legend, and
shown by Solara's VegaLite widget, the one Mesa's Altair components use, so it loads the
same local Vega files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.app.labels import (
    EDGE_COLOURS,
    ISOLATED,
    ISOLATED_COLOUR,
    RESIDENT_COLOURS,
    STAGE_COLOURS,
    Lang,
    intermediary_name,
    resident_stage_name,
    stage_name,
    text,
)
from sim.app.network import EDGE_KINDS, GROUPS_PER_BUILDING

if TYPE_CHECKING:
    from sim.app.model import PageModel

EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False}}
"""Vega-Embed's menu keeps "save as PNG/SVG" and drops "open in the Vega editor", which
would send the chart's data to vega.github.io."""

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
"""Vega-Lite 5: the version the page's local Vega files provide (only an identifier;
nothing is fetched from it)."""

HEIGHT = 430
LABEL_CHARS = 22
AREA = 7.0
"""Pixels of marker area per unit of a node's size."""
SHAPES = {"o": "circle", "s": "square", "D": "diamond", "^": "triangle-up"}


def short(name: str, n: int = LABEL_CHARS) -> str:
    """A name cut to ``n`` characters for a label (the tooltip has it whole)."""
    return name if len(name) <= n else name[: n - 1].rstrip() + "…"


def _limits(model: PageModel) -> tuple[float, float, float, float, float]:
    xs = [n.x for n in model.display.nodes]
    ys = [n.y for n in model.display.nodes]
    legend_y = min(ys) - 0.45
    # room for the partners' names left and right of the ring, the building labels
    # above the rows and the two legend rows below everything
    return min(xs) - 1.3, max(xs) + 0.3, legend_y - 0.45, max(ys) + 0.4, legend_y


def _xy(domain_x: list[float], domain_y: list[float], x: str = "x", y: str = "y") -> dict[str, Any]:
    return {
        "x": {"field": x, "type": "quantitative", "scale": {"domain": domain_x}, "axis": None},
        "y": {"field": y, "type": "quantitative", "scale": {"domain": domain_y}, "axis": None},
    }


def network_spec(model: PageModel, lang: Lang | None = None, *,
                 width: int | str = "container", height: int = HEIGHT) -> dict[str, Any]:
    """The Vega-Lite spec of this week's display graph.

    ``width="container"`` makes the chart as wide as the page's panel that holds it.
    """
    lang = lang or model.lang
    display = model.display
    display.refresh(model)
    x0, x1, y0, y1, legend_y = _limits(model)
    dx, dy = [x0, x1], [y0, y1]
    pos = display.pos

    kinds = {k: text(f"edge_{k}", lang) for k in EDGE_KINDS}
    heaviest: dict[str, float] = {}
    for _, _, data in display.graph.edges(data=True):
        heaviest[data["kind"]] = max(heaviest.get(data["kind"], 0.0), float(data["weight"]))
    edges = []
    for a, b, data in display.graph.edges(data=True):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        weight = float(data["weight"])
        # widths are relative within a kind: 1 px for the lightest, up to 5 px
        heavy = heaviest[data["kind"]]
        thickness = 1.0 + 4.0 * (weight / heavy) ** 0.5 if heavy > 1 else 1.5
        edges.append({"x": xa, "y": ya, "x2": xb, "y2": yb, "kind": kinds[data["kind"]],
                      "weight": round(weight, 2), "width": round(thickness, 2)})
    nodes = []
    for node in display.nodes:
        st = display.state[node.id]
        if st.size <= 0:
            continue
        nodes.append({"x": node.x, "y": node.y, "fill": st.colour, "stroke": st.stroke,
                      "area": round(st.size * AREA, 1), "shape": SHAPES.get(st.marker, "circle"),
                      "opacity": st.alpha, "name": display.title(node.id, lang, model),
                      "detail": display.detail(node.id, lang)})
    left: list[dict[str, Any]] = []
    right: list[dict[str, Any]] = []
    centre: list[dict[str, Any]] = []
    heads: list[dict[str, Any]] = []
    shelf: list[dict[str, Any]] = []
    for node in display.nodes:
        if node.kind == "partner":
            side = node.x >= -0.05
            (left if side else right).append(
                {"x": node.x + (0.1 if side else -0.1), "y": node.y, "label": short(node.name)})
        elif node.kind == "committee":  # names alternate below and above their square
            below = node.ref % 2 == 0
            centre.append({"x": node.x, "y": node.y + (-0.15 if below else 0.15),
                           "label": short(node.name, 26)})
        elif node.kind == "room":
            centre.append({"x": node.x, "y": node.y - 0.2, "label": text("room", lang)})
        elif node.kind == "intermediary":
            shelf.append({"x": node.x, "y": node.y - 0.15,
                          "label": intermediary_name(node.name, lang)})
        elif node.kind == "residents" and node.ref % GROUPS_PER_BUILDING == 0:
            b = node.ref // GROUPS_PER_BUILDING
            heads.append({"x": node.x - 0.55, "y": node.y + 0.32,
                          "label": f"{text('building', lang)} {b + 1} · {display.buildings[b]} "
                                  f"{text('households', lang)}"})
    swatches: list[dict[str, Any]] = []
    words: list[dict[str, Any]] = []
    step = (x1 - x0 - 1.6) / 5
    for row, title, names, colours in (
        (legend_y, text("legend_partners", lang), [stage_name(s, lang) for s in range(5)],
         list(STAGE_COLOURS)),
        (legend_y - 0.28, text("legend_residents", lang),
         [resident_stage_name(s, lang) for s in range(4)] + [ISOLATED[lang]],
         [*RESIDENT_COLOURS, ISOLATED_COLOUR]),
    ):
        words.append({"x": x0 + 0.05, "y": row, "label": title})
        for k, (name, colour) in enumerate(zip(names, colours, strict=True)):
            swatches.append({"x": x0 + 1.6 + step * k, "y": row, "fill": colour})
            words.append({"x": x0 + 1.72 + step * k, "y": row, "label": name})

    def text_layer(rows: list[dict[str, Any]], align: str, bold: bool = False,
                   size: int = 12) -> dict[str, Any]:
        return {"data": {"values": rows},
                "mark": {"type": "text", "align": align, "fontSize": size,
                         "fontWeight": "bold" if bold else "normal", "color": "#222222"},
                "encoding": {**_xy(dx, dy), "text": {"field": "label", "type": "nominal"}}}

    edge_layer = {
        "data": {"values": edges},
        "mark": {"type": "rule", "opacity": 0.6},
        "encoding": {
            **_xy(dx, dy), "x2": {"field": "x2"}, "y2": {"field": "y2"},
            "color": {"field": "kind", "type": "nominal", "title": text("legend_edges", lang),
                      "scale": {"domain": list(kinds.values()),
                                "range": [EDGE_COLOURS[k] for k in EDGE_KINDS]},
                      "legend": {"orient": "bottom", "columns": 4, "labelFontSize": 12,
                                 "titleFontSize": 12, "symbolStrokeWidth": 3, "symbolType": "stroke"}},
            "strokeWidth": {"field": "width", "type": "quantitative", "scale": None},
            "tooltip": [{"field": "kind", "title": text("legend_edges", lang)},
                        {"field": "weight", "title": text("count", lang)}],
        },
    }
    node_layer = {
        "data": {"values": nodes},
        "mark": {"type": "point", "filled": True, "strokeWidth": 1.5},
        "encoding": {
            **_xy(dx, dy),
            "fill": {"field": "fill", "type": "nominal", "scale": None},
            "stroke": {"field": "stroke", "type": "nominal", "scale": None},
            "size": {"field": "area", "type": "quantitative", "scale": None},
            "shape": {"field": "shape", "type": "nominal", "scale": None},
            "opacity": {"field": "opacity", "type": "quantitative", "scale": None},
            "tooltip": [{"field": "name", "title": text("node", lang)},
                        {"field": "detail", "title": text("detail", lang)}],
        },
    }
    swatch_layer = {
        "data": {"values": swatches},
        "mark": {"type": "point", "filled": True, "size": 170, "stroke": "#333333",
                 "strokeWidth": 1.2, "opacity": 1},
        "encoding": {**_xy(dx, dy), "fill": {"field": "fill", "type": "nominal", "scale": None}},
    }
    return {
        "$schema": SCHEMA,
        "width": width,
        "height": height,
        "title": {"text": f"{text('network', lang)} — {text('week', lang)} {model.week}",
                  "anchor": "start", "fontSize": 15},
        "layer": [edge_layer, node_layer, text_layer(left, "left"), text_layer(right, "right"),
                  text_layer(centre, "center", bold=True), text_layer(heads, "left", bold=True),
                  text_layer(shelf, "center", size=11),
                  swatch_layer, text_layer(words, "left")],
        "config": {"view": {"stroke": None}},
        # SVG: the names and the week are text in the page (readable by screen readers)
        "usermeta": {"embedOptions": {**EMBED_OPTIONS, "renderer": "svg"}},
    }
