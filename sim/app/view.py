"""The network view: the display graph as a Vega-Lite chart.

Why a custom view rather than Mesa's network renderer (``SpaceRenderer`` over a
``Network`` space): Mesa's renderer draws every edge alike (the site's edges are of eight
kinds: committee seats, referrals, ties, controversies, ...), runs a spring layout at
every Reset (which neither keeps partners, committees and buildings apart nor gives the
same picture when the week's links differ), needs an agent in a cell for every
node (committees, the room and groups of households are not agents), and costs 75-100 ms
a redraw on this machine (``benchmarks/bench_page.py``) where this view costs a few
milliseconds. The chart is a plain Vega-Lite dict on a canvas of fixed size in pixels
(:mod:`sim.app.layout`: labels are placed so that none overlaps another), shown by
Solara's VegaLite widget, the one Mesa's Altair components use, so it loads the same
local Vega files. The legend is drawn in the chart: it names every shape, colour and
size, and every kind of link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.app.colours import EDGE_COLOURS, ISOLATED_COLOUR, NODE_COLOURS
from sim.app.layout import (
    BUILDING_X,
    GRAPH_HEIGHT,
    LABEL_GAP,
    RING_X,
    WIDTH,
    Label,
    place,
    spread,
    text_width,
    wrap,
)
from sim.app.names import local_name
from sim.app.network import EDGE_KINDS, GROUPS_PER_BUILDING, DisplayNetwork
from sim.stages import RESIDENT_COLOURS, STAGE_COLOURS
from sim.vocabulary import (
    Lang,
    intermediary_name,
    month_of_week,
    resident_stage_name,
    say,
    stage_name,
)

if TYPE_CHECKING:
    from sim.app.model import PageModel

EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False}}
"""Vega-Embed's menu keeps "save as PNG/SVG" and drops "open in the Vega editor", which
would send the chart's data to vega.github.io."""

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
"""Vega-Lite 5: the version the page's local Vega files provide (only an identifier;
nothing is fetched from it). Vega-Embed warns when a spec names another major version."""

LEGEND_LINE = 22.0
LEGEND_FONT = 12
SHAPES = {"o": "circle", "s": "square", "D": "diamond", "^": "triangle-up"}


def node_labels(display: DisplayNetwork, lang: Lang) -> tuple[list[Label], list[dict[str, float]]]:
    """Every fixed label of the drawing (names of partners, committees, the room, the
    intermediaries and the buildings), placed so that no two meet, and the thin lines
    from a partner to its name when the name was pushed off its level."""
    sides: dict[bool, list[Label]] = {True: [], False: []}
    owners: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for node in display.nodes:
        if node.kind == "partner":
            right = node.x >= RING_X - 0.5
            lines = wrap(local_name(node.name, lang), 24)
            x = node.x + LABEL_GAP if right else node.x - LABEL_GAP
            sides[right].append(Label(lines, x, node.y, "left" if right else "right"))
            owners[right].append((node.x, node.y))
    labels: list[Label] = []
    leaders: list[dict[str, float]] = []
    for right in (True, False):
        placed = spread(sides[right])
        labels += placed
        for (x, y), lab in zip(owners[right], placed, strict=True):
            if abs(lab.y - y) > 3:
                end = lab.x - 3 if right else lab.x + 3
                leaders.append({"x": x, "y": y, "x2": end, "y2": lab.y})
    taken = [lab.box() for lab in labels]
    for node in display.nodes:
        x, y = node.x, node.y
        if node.kind == "committee":
            lab = Label(wrap(local_name(node.name, lang), 16), x, y, "center", bold=True)
            h = lab.height / 2 + 12
            labels.append(place(lab, [(x, y + h, "center"), (x, y - h, "center"),
                                      (x + 14, y, "left"), (x - 14, y, "right")], taken))
        elif node.kind in ("room", "intermediary"):
            name = say("room", lang) if node.kind == "room" else intermediary_name(node.name, lang)
            lab = Label(wrap(name, 17), x, y, "center", size=12)
            h = lab.height / 2 + 13
            labels.append(place(lab, [(x, y + h, "center"), (x, y - h, "center")], taken))
        elif node.kind == "residents" and node.ref % GROUPS_PER_BUILDING == 0:
            b = node.ref // GROUPS_PER_BUILDING
            head = (f"{say('building', lang)} {b + 1} · {display.buildings[b]} "
                    f"{say('households', lang)}")
            row_top = display.rows[b] - display.row_height / 2 + 10
            top = max(row_top, y - display.group_diameter() / 2 - 18)  # just above the circles
            labels.append(place(Label((head,), BUILDING_X, top, "left", bold=True),
                                [(BUILDING_X, top, "left")], taken))
    return labels, leaders


def count_labels(display: DisplayNetwork) -> list[Label]:
    """The number of households written under each group's circle (none when empty)."""
    out = []
    below = display.group_diameter() / 2 + 12
    for node in display.nodes:
        if node.kind == "residents":
            n = display.state[node.id].count
            if n:
                out.append(Label((str(n),), node.x, node.y + below, "center", size=12, bold=True))
    return out


def legend(lang: Lang, top: float) -> tuple[list[Label], list[dict[str, Any]], list[dict[str, Any]], float]:
    """The legend under the drawing: its words, its marker swatches, its line swatches
    and its bottom edge. Each section starts a line; its items flow, wrapping as needed."""
    words: list[Label] = []
    marks: list[dict[str, Any]] = []
    strokes: list[dict[str, Any]] = []
    y = top
    circle: dict[str, Any] = {"shape": "circle", "area": 150.0, "stroke": "#333333", "opacity": 1.0}
    sections: list[tuple[str, list[tuple[dict[str, Any] | str, str]]]] = [
        (say("legend_partners", lang),
         [({**circle, "fill": c}, stage_name(s, lang)) for s, c in enumerate(STAGE_COLOURS)]),
        (say("legend_households", lang),
         [({**circle, "fill": c}, resident_stage_name(s, lang)) for s, c in enumerate(RESIDENT_COLOURS)]
         + [({**circle, "fill": ISOLATED_COLOUR, "stroke": "#555555"}, say("isolated", lang))]),
        (say("legend_shapes", lang), [
            ({"shape": "triangle-up", "area": 150.0, "fill": NODE_COLOURS["worker"],
              "stroke": "#222222", "opacity": 1.0}, say("shape_worker", lang)),
            ({"shape": "square", "area": 150.0, "fill": NODE_COLOURS["committee"],
              "stroke": "#222222", "opacity": 1.0}, say("shape_committee", lang)),
            ({"shape": "diamond", "area": 170.0, "fill": NODE_COLOURS["room"],
              "stroke": "#222222", "opacity": 1.0}, say("shape_room", lang)),
            ({"shape": "square", "area": 90.0, "fill": NODE_COLOURS["intermediary"],
              "stroke": "#222222", "opacity": 1.0}, say("shape_intermediary", lang)),
        ]),
        (say("legend_links", lang), [(EDGE_COLOURS[k], say(f"edge.{k}", lang)) for k in EDGE_KINDS]),
    ]
    for title, items in sections:
        words.append(Label((title,), 6.0, y, "left", size=LEGEND_FONT, bold=True))
        y += LEGEND_LINE - 2
        x = 14.0
        for swatch, name in items:
            width = 22 + text_width(name, LEGEND_FONT) + 20
            if x + width > WIDTH:
                x, y = 14.0, y + LEGEND_LINE
            if isinstance(swatch, str):
                strokes.append({"x": x, "y": y, "x2": x + 16, "y2": y, "colour": swatch})
            else:
                marks.append({"x": x + 8, "y": y, **swatch})
            words.append(Label((name,), x + 22, y, "left", size=LEGEND_FONT))
            x += width
        y += LEGEND_LINE + 4
    return words, marks, strokes, y


def _xy(height: float) -> dict[str, Any]:
    return {
        "x": {"field": "x", "type": "quantitative", "scale": {"domain": [0, WIDTH]}, "axis": None},
        "y": {"field": "y", "type": "quantitative",
              "scale": {"domain": [0, height], "reverse": True}, "axis": None},
    }


def text_layers(labels: list[Label], height: float) -> list[dict[str, Any]]:
    """Vega-Lite text layers for ``labels``, one per alignment and style."""
    styles: dict[tuple[str, int, bool], list[dict[str, Any]]] = {}
    for lab in labels:
        line_height = lab.size * 1.2
        first = lab.y - (len(lab.lines) - 1) * line_height / 2
        styles.setdefault((lab.align, lab.size, lab.bold), []).append(
            {"x": round(lab.x, 1), "y": round(first, 1), "label": "\n".join(lab.lines)})
    return [{"data": {"values": rows},
             "mark": {"type": "text", "align": align, "baseline": "middle", "fontSize": size,
                      "lineHeight": size * 1.2, "lineBreak": "\n",
                      "fontWeight": "bold" if bold else "normal", "color": "#222222"},
             "encoding": {**_xy(height), "text": {"field": "label", "type": "nominal"}}}
            for (align, size, bold), rows in styles.items()]


def _edges(display: DisplayNetwork, lang: Lang) -> list[dict[str, Any]]:
    kinds = {k: say(f"edge.{k}", lang) for k in EDGE_KINDS}
    heaviest: dict[str, float] = {}
    for _, _, data in display.graph.edges(data=True):
        heaviest[data["kind"]] = max(heaviest.get(data["kind"], 0.0), float(data["weight"]))
    edges = []
    for a, b, data in display.graph.edges(data=True):
        (xa, ya), (xb, yb) = display.pos[a], display.pos[b]
        weight = float(data["weight"])
        heavy = heaviest[data["kind"]]  # widths are relative within a kind: 1 to 5 px
        thickness = 1.0 + 4.0 * (weight / heavy) ** 0.5 if heavy > 1 else 1.5
        edges.append({"x": xa, "y": ya, "x2": xb, "y2": yb, "kind": kinds[data["kind"]],
                      "colour": EDGE_COLOURS[data["kind"]], "weight": round(weight, 2),
                      "width": round(thickness, 2)})
    return edges


def _nodes(display: DisplayNetwork, lang: Lang, model: PageModel) -> list[dict[str, Any]]:
    nodes = []
    for node in display.nodes:
        st = display.state[node.id]
        if st.size <= 0:
            continue
        name = display.title(node.id, lang, model)
        nodes.append({"x": node.x, "y": node.y, "fill": st.colour, "stroke": st.stroke,
                      "area": round(st.size, 1), "shape": SHAPES.get(st.marker, "circle"),
                      "opacity": st.alpha, "name": local_name(name, lang),
                      "detail": display.detail(node.id, lang)})
    return nodes


def _mark_layer(rows: list[dict[str, Any]], height: float, tooltip: list[dict[str, Any]] | None,
                stroke_width: float = 1.5) -> dict[str, Any]:
    encoding: dict[str, Any] = {
        **_xy(height),
        "fill": {"field": "fill", "type": "nominal", "scale": None},
        "stroke": {"field": "stroke", "type": "nominal", "scale": None},
        "size": {"field": "area", "type": "quantitative", "scale": None},
        "shape": {"field": "shape", "type": "nominal", "scale": None},
        "opacity": {"field": "opacity", "type": "quantitative", "scale": None},
    }
    if tooltip:
        encoding["tooltip"] = tooltip
    return {"data": {"values": rows},
            "mark": {"type": "point", "filled": True, "strokeWidth": stroke_width},
            "encoding": encoding}


def _rule_layer(rows: list[dict[str, Any]], height: float, colour: str | None = None,
                tooltip: list[dict[str, Any]] | None = None, opacity: float = 0.6) -> dict[str, Any]:
    encoding: dict[str, Any] = {**_xy(height), "x2": {"field": "x2"}, "y2": {"field": "y2"}}
    if colour is None:
        encoding["color"] = {"field": "colour", "type": "nominal", "scale": None}
    encoding["strokeWidth"] = ({"field": "width", "type": "quantitative", "scale": None}
                               if rows and "width" in rows[0] else {"value": 1 if colour else 3})
    if tooltip:
        encoding["tooltip"] = tooltip
    mark: dict[str, Any] = {"type": "rule", "opacity": opacity}
    if colour:
        mark["color"] = colour
    return {"data": {"values": rows}, "mark": mark, "encoding": encoding}


def network_spec(model: PageModel, lang: Lang | None = None, *,
                 width: int | str = WIDTH) -> dict[str, Any]:
    """The Vega-Lite spec of this week's display graph, with its legend.

    The canvas is :data:`sim.app.layout.WIDTH` pixels wide; the page scales the drawing
    to its panel's width (CSS), keeping its proportions.
    """
    lang = lang or model.lang
    display = model.display
    display.refresh(model)
    names, leaders = display.labels(lang, node_labels)
    words, marks, strokes, bottom = legend(lang, GRAPH_HEIGHT + 16)
    height = bottom
    node_tip = [{"field": "name", "title": say("node", lang)},
                {"field": "detail", "title": say("detail", lang)}]
    edge_tip = [{"field": "kind", "title": say("legend_edges", lang)},
                {"field": "weight", "title": say("unit.count", lang)}]
    layers = [
        _rule_layer(_edges(display, lang), height, tooltip=edge_tip),
        _rule_layer(leaders, height, colour="#999999", opacity=0.8),
        _mark_layer(_nodes(display, lang, model), height, node_tip),
        *text_layers(names + count_labels(display) + words, height),
        _mark_layer(marks, height, None, 1.2),
        _rule_layer(strokes, height, opacity=1.0),
    ]
    title = (f"{say('network_title', lang)} — {say('week', lang).capitalize()} {model.week} "
             f"({month_of_week(model.week, lang)})")
    return {
        "$schema": SCHEMA,
        "width": width,
        "height": round(height),
        "padding": 4,
        "title": {"text": title, "anchor": "start", "fontSize": 15},
        "layer": layers,
        "config": {"view": {"stroke": None}},
        # SVG: the names and the week are text in the page (readable by screen readers)
        "usermeta": {"embedOptions": {**EMBED_OPTIONS, "renderer": "svg"}},
    }
