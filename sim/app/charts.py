"""The page's live charts: Mesa plot components over the page model's DataCollector.

Each chart is Mesa's ``make_plot_component`` (Altair backend) over columns of
:data:`sim.app.model.SERIES`; a post-process step (:func:`relabel`) puts it in plain
words: one quantity per chart, its unit in words on the y axis (from the outcome
declarations through :mod:`sim.vocabulary`), weeks on an x axis that stops at the
run's horizon, a y axis that keeps its range when every value is zero, and a legend
whose lines look like the chart's (solid, dashed). The spec names Vega-Lite 5, the
version of the page's local Vega files (Altair writes 6, and Vega-Embed warns about the
mismatch).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import partial
from typing import Any

import altair as alt
from mesa.visualization import make_plot_component

from sim.app.labels import STAGE_COLOURS, Lang, stage_name, text
from sim.app.model import HORIZON
from sim.app.view import EMBED_OPTIONS, SCHEMA
from sim.app.words import month_of_week, say
from sim.outcomes import OUTCOMES
from sim.state import STAGES
from sim.vocabulary import outcome_label, unit_name

CHART_HEIGHT = 230
DECLARED = {o.name: o for o in OUTCOMES}


@dataclass(frozen=True)
class Chart:
    """One chart: its series (DataCollector columns), colours, title and y axis."""

    key: str
    series: tuple[str, ...]
    colours: tuple[str, ...]
    unit: str
    stacked: bool = False
    dashed: str | None = None


def outcome_of(series: str) -> str:
    """The declared outcome a series plots (``enrolled`` plots the share enrolled)."""
    return {"enrolled": "partners_enrolled_share",
            "enrolled_default": "partners_enrolled_share"}.get(series, series)


CHARTS: tuple[Chart, ...] = (
    Chart("chart_stages", tuple(f"stage_{s}" for s in STAGES), STAGE_COLOURS, "share_partners",
          stacked=True),
    Chart("chart_enrolment", ("enrolled", "enrolled_default"), ("#2c7fb8", "#222222"),
          "share_partners", dashed="enrolled_default"),
    Chart("isolation_rate", ("isolation_rate",), ("#e15759",), "share_households"),
    Chart("mean_ties", ("mean_ties",), ("#59a14f",), "mean_ties"),
    Chart("chart_actants", ("controversies_open", "intermediaries"), ("#d62728", "#17becf"), "count"),
    Chart("collective_projects", ("collective_projects",), ("#b07aa1",), "count"),
)
"""The charts, in the page's order (two by two)."""


def series_names(lang: Lang) -> dict[str, str]:
    """Each series' name in ``lang`` (outcomes by their plain label)."""
    names = {f"stage_{s}": stage_name(i, lang) for i, s in enumerate(STAGES)}
    names.update({"enrolled": text("enrolled_this", lang),
                  "enrolled_default": text("enrolled_default", lang)})
    for chart in CHARTS:
        for s in chart.series:
            names.setdefault(s, outcome_label(s, lang))
    return names


def chart_title(chart: Chart, lang: Lang) -> str:
    """A chart's title: the page's words, else the outcome's plain label."""
    if chart.key.startswith("chart_"):
        return say(chart.key, lang)
    return outcome_label(chart.key, lang).capitalize()


def y_title(chart: Chart, lang: Lang) -> str:
    """The y axis: the unit in words (the outcome's declared unit when it plots one)."""
    if chart.unit in DECLARED:
        return unit_name(DECLARED[chart.unit].unit, lang)
    return say(f"unit_{chart.unit}", lang)


def _lookup(mapping: dict[str, Any], default: str = "datum.Measure") -> str:
    """A Vega expression mapping ``datum.Measure`` through ``mapping``."""
    expr = default
    for key, value in reversed(mapping.items()):
        expr = f"datum.Measure === {json.dumps(key)} ? {json.dumps(value)} : ({expr})"
    return expr


class V5Chart(alt.Chart):
    """An Altair chart drawn as Vega-Lite 5, without schema validation at each redraw.

    Solara draws a chart through ``to_dict``, which validates the whole spec against the
    schema: about half of a chart's cost, paid at every redraw. The page's charts have
    a fixed form, checked once by the tests (``tests/test_app_charts.py``).
    """

    def to_dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The spec, naming Vega-Lite 5, without validation."""
        kwargs["validate"] = False
        spec = super().to_dict(*args, **kwargs)
        spec["$schema"] = SCHEMA
        return spec


def relabel(chart: alt.Chart, *, lang: Lang, spec: Chart, horizon: int = HORIZON) -> V5Chart:
    """Put a Mesa plot in plain words and style it for projection.

    Mesa builds a new chart at every redraw and hands it over: it is changed in place
    (Altair's ``encode``/``properties`` would copy it at each call).
    """
    names = series_names(lang)
    labels = [names[s] for s in spec.series]
    order = {s: i for i, s in enumerate(spec.series)}
    week = text("week", lang)
    chart.transform = [
        alt.CalculateTransform(calculate=_lookup({s: names[s] for s in spec.series}), **{"as": "Series"}),
        alt.CalculateTransform(calculate=_lookup(order, "0"), **{"as": "Order"}),
    ]
    share = spec.unit.startswith("share")
    highest = float(chart.data["Value"].max()) if len(chart.data) else 0.0
    # shares on [0, 1]; other quantities with room above their highest value, and at
    # least [0, 1] so that an all-zero chart keeps its axis
    top = 1.0 if share else float(math.floor(highest) + 1)
    enc = chart.encoding
    enc.x = alt.X("Step:Q", title=say("x_weeks", lang).format(month=month_of_week(0, lang)),
                  scale=alt.Scale(domain=[0, horizon], nice=False),
                  axis=alt.Axis(tickMinStep=1, values=list(range(0, horizon + 1, 26))))
    enc.y = alt.Y("Value:Q", title=y_title(spec, lang),
                  scale=alt.Scale(domain=[0, top], nice=not share),
                  stack="zero" if spec.stacked else None,
                  axis=alt.Axis(tickMinStep=1) if spec.unit == "count" else alt.Undefined)
    legend = alt.Legend(orient="bottom", columns=3 if len(labels) > 3 else (1 if spec.dashed else 2),
                        labelFontSize=12,
                        labelLimit=400, symbolStrokeWidth=2.5, title=None,
                        symbolType="square" if spec.stacked else "stroke")
    show_legend = legend if len(labels) > 1 else None
    enc.color = alt.Color("Series:N", sort=labels, title=None,
                          scale=alt.Scale(domain=labels, range=list(spec.colours)), legend=show_legend)
    enc.tooltip = [alt.Tooltip("Step:Q", title=week), alt.Tooltip("Series:N", title=" "),
                   alt.Tooltip("Value:Q", title=" ", format=".3f")]
    if spec.stacked:
        chart.mark = alt.MarkDef(type="area", opacity=0.9, line={"color": "#555555", "strokeWidth": 0.5})
        enc.order = alt.Order("Order:Q")
    else:
        chart.mark = alt.MarkDef(type="line", strokeWidth=2.5, clip=True)
    if spec.dashed is not None:
        # the same legend for colour and dashes: Vega-Lite merges them, so the legend's
        # lines are dashed as the chart's; the default run is drawn dark, over this run,
        # so both show when they coincide
        dash = [[6, 4] if s == spec.dashed else [1, 0] for s in spec.series]
        enc.strokeDash = alt.StrokeDash("Series:N", sort=labels, title=None,
                                        scale=alt.Scale(domain=labels, range=dash), legend=legend)
        enc.order = alt.Order("Order:Q")
    chart.width = "container"
    chart.height = CHART_HEIGHT
    chart.title = alt.Title(chart_title(spec, lang), anchor="start", fontSize=15)
    chart.usermeta = {"embedOptions": EMBED_OPTIONS}
    chart.params = alt.Undefined  # no zoom: the axes stay at the run's range
    kwds = {k: v for k, v in chart._kwds.items() if v is not alt.Undefined}
    return V5Chart(**kwds)


def components(lang: Lang) -> list[Any]:
    """The charts' drawing functions (``model -> element``, from Mesa's
    ``make_plot_component``), in ``lang``."""
    out = []
    for spec in CHARTS:
        make, _page = make_plot_component(
            dict(zip(spec.series, spec.colours, strict=True)), backend="altair",
            post_process=partial(relabel, lang=lang, spec=spec))
        out.append(make)
    return out
