"""The page's live charts over the page model's Mesa DataCollector.

Each chart plots columns of :data:`sim.app.model.SERIES` in plain words: one quantity
per chart, its unit in words on the y axis (from the outcome declarations through
:mod:`sim.vocabulary`), weeks on an x axis that stops at the run's horizon, a y axis
that keeps its range when every value is zero, and a legend whose lines look like the
chart's (solid, dashed).

Why not Mesa's ``make_plot_component``: its Altair chart is built and validated against
the Vega-Lite schema at every redraw (about 70 ms a chart on this machine, most of a
redraw with six charts; ``benchmarks/bench_page.py``), and Altair writes Vega-Lite 6
while the page's local Vega files are Vega-Lite 5 (Vega-Embed warns about the mismatch).
The charts are written here as Vega-Lite 5 dicts (a millisecond), checked against the
schema once by the tests (``tests/test_app_charts.py``), and shown by Solara's VegaLite
widget as Mesa's would be.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd
import solara
import solara.widgets
from mesa.visualization.utils import update_counter

from sim.app.model import HORIZON, SERIES
from sim.app.view import EMBED_OPTIONS, SCHEMA
from sim.model.state import STAGES
from sim.outcomes import OUTCOMES
from sim.params import Value
from sim.stages import STAGE_COLOURS
from sim.vocabulary import (
    BOUNDED_UNITS,
    Lang,
    month_of_week,
    outcome_label,
    outcome_meaning,
    plain,
    say,
    stage_name,
    unit_name,
)

if TYPE_CHECKING:
    from sim.app.model import PageModel

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
    described: bool = False
    """Whether the title carries the outcome's declared meaning as a subtitle."""


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
    names.update({"enrolled": say("enrolled_this", lang),
                  "enrolled_default": say("enrolled_default", lang)})
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
    return say(f"axis.{chart.unit}", lang)


def chart_spec(spec: Chart, frame: pd.DataFrame, lang: Lang, horizon: int = HORIZON,
               values: Mapping[str, Value] | None = None) -> dict[str, Any]:
    """The Vega-Lite 5 spec of one chart over the DataCollector's columns (rows are
    weeks from 0); ``values`` (the run's parameters) put numbers in a meaning that
    names a parameter."""
    names = series_names(lang)
    labels = [names.get(s, s) for s in spec.series]
    rows: list[dict[str, Any]] = [
        {"w": week, "s": names.get(s, s), "o": k,
         "v": round(float(value), 6) if math.isfinite(value) else None}  # a gap, not NaN
        for k, s in enumerate(spec.series) for week, value in enumerate(frame[s].tolist())]
    declared = DECLARED.get(spec.unit)
    share = spec.unit.startswith("share") or (declared is not None and declared.unit in BOUNDED_UNITS)
    highest = float(max((r["v"] for r in rows if r["v"] is not None), default=0.0))
    # shares on [0, 1]; other quantities with room above their highest value, and at
    # least [0, 1] so that an all-zero chart keeps its axis
    top = 1.0 if share else float(math.floor(highest) + 1)
    legend: dict[str, Any] | None = {
        "orient": "bottom", "columns": 3 if len(labels) > 3 else (1 if spec.dashed else 2),
        "labelFontSize": 12, "labelLimit": 400, "symbolStrokeWidth": 2.5, "title": None,
        "symbolType": "square" if spec.stacked else "stroke"}
    colour: dict[str, Any] = {"field": "s", "type": "nominal", "sort": labels, "title": None,
                              "scale": {"domain": labels, "range": list(spec.colours)},
                              "legend": legend if len(labels) > 1 else None}
    week = say("week", lang).capitalize()
    encoding: dict[str, Any] = {
        "x": {"field": "w", "type": "quantitative",
              "title": say("x_weeks", lang).format(month=month_of_week(0, lang)),
              "scale": {"domain": [0, horizon], "nice": False},
              "axis": {"values": list(range(0, horizon + 1, 26)), "tickMinStep": 1}},
        "y": {"field": "v", "type": "quantitative", "title": y_title(spec, lang),
              "scale": {"domain": [0, top], "nice": not share},
              "stack": "zero" if spec.stacked else None,
              "axis": {"tickMinStep": 1} if spec.unit == "count" else {}},
        "color": colour,
        "order": {"field": "o", "type": "quantitative"},
        "tooltip": [{"field": "w", "type": "quantitative", "title": week},
                    {"field": "s", "type": "nominal", "title": " "},
                    {"field": "v", "type": "quantitative", "title": " ", "format": ".3f"}],
    }
    if spec.stacked:
        mark: dict[str, Any] = {"type": "area", "opacity": 0.9,
                                "line": {"color": "#555555", "strokeWidth": 0.5}}
    else:
        mark = {"type": "line", "strokeWidth": 2.5, "clip": True}
    if spec.dashed is not None:
        # the same legend for colour and dashes: Vega-Lite merges them, so the legend's
        # lines are dashed as the chart's; the default run is drawn dark, over this run,
        # so both show when they coincide
        encoding["strokeDash"] = {
            "field": "s", "type": "nominal", "sort": labels, "title": None, "legend": legend,
            "scale": {"domain": labels,
                      "range": [[6, 4] if s == spec.dashed else [1, 0] for s in spec.series]}}
    title: dict[str, Any] = {"text": chart_title(spec, lang), "anchor": "start", "fontSize": 15}
    if spec.described and spec.key in DECLARED:
        title.update(subtitle=plain(outcome_meaning(DECLARED[spec.key], lang), lang, values),
                     subtitleFontSize=12)
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": CHART_HEIGHT,
        "title": title,
        "data": {"values": rows},
        "mark": mark,
        "encoding": encoding,
        # SVG, as the network: the words are text in the page
        "usermeta": {"embedOptions": {**EMBED_OPTIONS, "renderer": "svg"}},
    }


def chart_view(model: PageModel, spec: Chart) -> Any:
    """One chart of this run (redrawn at each step)."""
    frame = model.datacollector.get_model_vars_dataframe()  # read under the model's lock
    return solara.widgets.VegaLite.element(
        spec=chart_spec(spec, frame, model.lang, model.horizon, model.p))


def available() -> list[Chart]:
    """The charts whose series the page collects (an outcome dropped from the
    declarations drops its chart rather than breaking the page)."""
    return [c for c in CHARTS if all(s in SERIES for s in c.series)]


def components() -> list[Callable[[PageModel], Any]]:
    """The charts' drawing functions (``model -> element``), in the page's order."""
    return [partial(chart_view, spec=spec) for spec in available()]


def outcome_chart(name: str) -> Chart:
    """A chart of one declared outcome, in its unit."""
    return Chart(name, (name,), ("#4e79a7",), name, described=True)


@solara.component
def OutcomeChart(model: PageModel, lang: Lang, chosen: solara.Reactive[str]) -> None:  # noqa: N802
    """Any declared outcome, chosen from a list of their plain names."""
    update_counter.get()
    items = sorted(({"text": outcome_label(o.name, lang).capitalize(), "value": o.name}
                    for o in OUTCOMES), key=lambda item: item["text"])
    solara.v.Select(label=say("other_outcome", lang), items=items, v_model=chosen.value,
                    on_v_model=chosen.set, dense=True, hide_details=True, class_="hlm-outcome")
    chart_view(model, outcome_chart(chosen.value))
