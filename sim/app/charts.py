"""The page's live charts: Mesa plot components over the page model's DataCollector.

Each chart is Mesa's ``make_plot_component`` (Altair backend) over columns of
:data:`sim.app.model.SERIES`; a post-process step only translates the series names,
titles and axes (the DataCollector's columns keep stable names whatever the language)
and, for the stage shares, stacks the areas.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import altair as alt
from mesa.visualization import make_plot_component

from sim.app.labels import STAGE_COLOURS, Lang, stage_name, text
from sim.app.view import EMBED_OPTIONS
from sim.state import STAGES

CHART_HEIGHT = 250

STAGE_SERIES = [f"stage_{s}" for s in STAGES]
ENROLMENT_SERIES = ["enrolled", "enrolled_default"]
RESIDENT_SERIES = ["isolation_rate", "mean_ties"]
ACTANT_SERIES = ["controversies_open", "intermediaries", "collective_projects"]


def series_names(lang: Lang) -> dict[str, str]:
    """Each series' name in ``lang``."""
    names = {f"stage_{s}": stage_name(i, lang) for i, s in enumerate(STAGES)}
    names.update({"enrolled": text("enrolled_this", lang),
                  "enrolled_default": text("enrolled_default", lang)})
    names.update({key: text(key, lang) for key in RESIDENT_SERIES + ACTANT_SERIES})
    return names


def _lookup(mapping: dict[str, Any], default: str = "datum.Measure") -> str:
    """A Vega expression mapping ``datum.Measure`` through ``mapping``."""
    expr = default
    for key, value in reversed(mapping.items()):
        expr = f"datum.Measure === {json.dumps(key)} ? {json.dumps(value)} : ({expr})"
    return expr


class UncheckedChart(alt.Chart):
    """An Altair chart that skips the Vega-Lite schema validation when it is drawn.

    Solara draws a chart through ``to_dict``, which validates the whole spec against the
    schema: about half of a chart's cost, paid at every redraw. The page's charts have
    a fixed form, checked once by the tests (``tests/test_app_charts.py``).
    """

    def to_dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The spec, without validation."""
        kwargs["validate"] = False
        return super().to_dict(*args, **kwargs)


def relabel(chart: alt.Chart, *, lang: Lang, series: list[str], colours: list[str],
            title: str, y_title: str, stacked: bool = False, dashed: str | None = None,
            share: bool = False, subtitle: str | None = None) -> UncheckedChart:
    """Translate a Mesa plot (series names, title, axes) and style it for projection.

    Mesa builds a new chart at every redraw and hands it over: it is changed in place
    (Altair's ``encode``/``properties`` would copy it at each call).
    """
    names = series_names(lang)
    labels = [names[s] for s in series]
    order = {s: i for i, s in enumerate(series)}
    week = text("week", lang)
    chart.transform = [
        alt.CalculateTransform(calculate=_lookup({s: names[s] for s in series}), **{"as": "Series"}),
        alt.CalculateTransform(calculate=_lookup(order, "0"), **{"as": "Order"}),
    ]
    enc = chart.encoding
    enc.x = alt.X("Step:Q", title=week, axis=alt.Axis(tickMinStep=1))
    enc.y = alt.Y("Value:Q", title=y_title,
                  scale=alt.Scale(domain=[0, 1]) if share else alt.Undefined,
                  stack="zero" if stacked else None)
    enc.color = alt.Color("Series:N", sort=labels, title=None,
                          scale=alt.Scale(domain=labels, range=colours),
                          legend=alt.Legend(orient="bottom", columns=3 if len(series) > 3 else 1,
                                            labelFontSize=12, labelLimit=400,
                                            symbolStrokeWidth=3))
    enc.tooltip = [alt.Tooltip("Step:Q", title=week), alt.Tooltip("Series:N", title=" "),
                   alt.Tooltip("Value:Q", title=" ", format=".3f")]
    if stacked:
        chart.mark = alt.MarkDef(type="area", opacity=0.9, line={"color": "#555555", "strokeWidth": 0.5})
        enc.order = alt.Order("Order:Q")
    else:
        chart.mark = alt.MarkDef(type="line", strokeWidth=2.5)
    if dashed is not None:
        enc.strokeDash = alt.StrokeDash(
            "Series:N", legend=None, scale=alt.Scale(
                domain=labels, range=[[6, 4] if s == dashed else [1, 0] for s in series]))
    chart.width = "container"
    chart.height = CHART_HEIGHT
    chart.title = alt.Title(title, anchor="start", fontSize=15,
                            subtitle=subtitle or alt.Undefined, subtitleFontSize=12)
    chart.usermeta = {"embedOptions": EMBED_OPTIONS}
    kwds = {k: v for k, v in chart._kwds.items() if v is not alt.Undefined}
    return UncheckedChart(**kwds)


def components(lang: Lang) -> list[Any]:
    """The four charts, as Mesa plot components, in ``lang``."""
    share = text("share", lang)
    return [
        make_plot_component(
            dict(zip(STAGE_SERIES, STAGE_COLOURS, strict=True)), backend="altair",
            post_process=partial(relabel, lang=lang, series=STAGE_SERIES,
                                 colours=list(STAGE_COLOURS), title=text("chart_stages", lang),
                                 y_title=share, stacked=True, share=True)),
        make_plot_component(
            {"enrolled": "#2c7fb8", "enrolled_default": "#7f7f7f"}, backend="altair",
            post_process=partial(relabel, lang=lang, series=ENROLMENT_SERIES,
                                 colours=["#2c7fb8", "#7f7f7f"],
                                 title=text("chart_enrolment", lang), y_title=share,
                                 dashed="enrolled_default", share=True,
                                 subtitle=text("chart_enrolment_sub", lang))),
        make_plot_component(
            {"isolation_rate": "#e15759", "mean_ties": "#59a14f"}, backend="altair",
            post_process=partial(relabel, lang=lang, series=RESIDENT_SERIES,
                                 colours=["#e15759", "#59a14f"],
                                 title=text("chart_residents", lang),
                                 y_title=text("value", lang))),
        make_plot_component(
            {"controversies_open": "#d62728", "intermediaries": "#76b7b2",
             "collective_projects": "#b07aa1"}, backend="altair",
            post_process=partial(relabel, lang=lang, series=ACTANT_SERIES,
                                 colours=["#d62728", "#76b7b2", "#b07aa1"],
                                 title=text("chart_controversies", lang),
                                 y_title=text("count", lang))),
    ]
