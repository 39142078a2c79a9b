"""The plotly figures of the reports, built from stored tables only.

Every label, axis title and legend entry comes from :mod:`sim.vocabulary`, in the
report's language. Outcomes and parameters are those the tables hold (derived from
:data:`sim.outcomes.OUTCOMES`), never a list written here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.outcomes import BY_NAME
from sim.params import PARAMS
from sim.report.stages import mean_moves
from sim.stages import HOUSEHOLD_STAGES, PARTNER_STAGES, RESIDENT_COLOURS, STAGE_COLOURS
from sim.vocabulary import (
    Lang,
    outcome_label,
    outcome_unit,
    param_label,
    plain,
    resident_stage_name,
    say,
    stage_name,
    unit_name,
)

SIDE_COLOURS = {"base": "#7f7f7f", "variant": "#d95f02", "run": "#1f77b4"}
VERDICT_COLOURS = {1: "#1a9850", -1: "#d73027", 0: "#7f7f7f"}
COLUMNS = 3


LEGEND_ON_TOP = {"orientation": "h", "x": 0.0, "xanchor": "left", "y": 1.0, "yanchor": "top",
                 "yref": "container", "font": {"size": 12}}
"""A legend across the top of the figure, inside it (the margin above the panels holds it)."""


def _grid(names: Sequence[str], lang: Lang, rows_height: int = 230, spacing: float = 0.07,
          top: int = 110, gap: int = 70, columns: int = COLUMNS) -> go.Figure:
    """One panel per outcome (titled with its words and unit), ``columns`` a row, ``gap``
    pixels between rows (room for the axis titles and the next row's panel titles)."""
    rows = max(1, math.ceil(len(names) / columns))
    titles = [_title(n, lang) for n in names]
    vertical = min(gap / (rows * rows_height), 1 / (rows - 1)) if rows > 1 else 0.0
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles,
                        vertical_spacing=vertical, horizontal_spacing=spacing)
    fig.update_layout(height=rows * rows_height + top + 20, margin={"t": top, "l": 60, "r": 20},
                      legend=LEGEND_ON_TOP)
    fig.update_annotations(font_size=11)
    return fig


def wrap(text: str, width: int = 42, lines: int = 3) -> str:
    """``text`` broken into lines of at most about ``width`` characters (``<br>`` between
    them), at most ``lines`` of them (an ellipsis ends a cut text): a long label as a
    chart's axis title."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[:lines - 1], out[lines - 1] + " …"]
    return "<br>".join(out)


def param_words(name: str, lang: Lang) -> str:
    """A parameter in words (its declared short name, no code name in it)."""
    return plain(param_label(name, lang), lang)


def param_axis(name: str, lang: Lang, width: int = 42, lines: int = 3) -> str:
    """A parameter as an axis title: its words, wrapped, and on the last line its unit
    in words (never cut)."""
    p = PARAMS.get(name)
    unit = unit_name(p.unit, lang) if p is not None and p.kind in ("int", "float") else ""
    words = param_words(name, lang)
    return f"{wrap(words, width, lines - 1)}<br>({unit})" if unit else wrap(words, width, lines)


def unit_axis(name: str, lang: Lang) -> str:
    """An outcome's unit in words, as the title of the axis its values are read on."""
    return outcome_unit(name, lang) or say("chart_value", lang)


def _title(name: str, lang: Lang) -> str:
    label, unit = outcome_label(name, lang), outcome_unit(name, lang)
    return label if unit in ("", label) else f"{label} ({unit})"


def _cell(i: int, columns: int = COLUMNS) -> dict[str, int]:
    return {"row": i // columns + 1, "col": i % columns + 1}


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _bands(fig: go.Figure, series: pd.DataFrame, name: str, i: int, side: str,
           who: str, lang: Lang) -> None:
    """One side's 10–90% band and median line in panel ``i``, both in the side's legend
    group (named ``who``; shown once, in the first panel; a click hides the side)."""
    colour = SIDE_COLOURS.get(side, SIDE_COLOURS["run"])
    q = series.groupby("week")[name].quantile([0.1, 0.5, 0.9]).unstack()
    weeks = q.index.to_numpy()
    group = {"legendgroup": side, "showlegend": i == 0}
    if who:
        group["legendgrouptitle"] = {"text": who}
    fig.add_trace(go.Scatter(x=np.concatenate([weeks, weeks[::-1]]),
                             y=np.concatenate([q[0.9].to_numpy(), q[0.1].to_numpy()[::-1]]),
                             fill="toself", fillcolor=_rgba(colour, 0.2), line={"width": 0},
                             hoverinfo="skip", name=say("band", lang), **group), **_cell(i))
    head = f"{who}<br>" if who else ""
    fig.add_trace(go.Scatter(x=weeks, y=q[0.5].to_numpy(), mode="lines", name=say("median", lang),
                             line={"color": colour, "width": 2},
                             hovertemplate=f"{head}{say('week', lang)} %{{x}}: %{{y}}<extra></extra>",
                             **group), **_cell(i))


def series_figure(sides: dict[str, pd.DataFrame], outcomes: Sequence[str], lang: Lang,
                  names: dict[str, str] | None = None) -> go.Figure:
    """Weekly series: the median over replicates and the 10–90% band, one panel per
    outcome; several sides (base and variant) are overlaid, each named in the legend by
    ``names`` (what the side is: the scenario, the scenario with its change)."""
    fig = _grid(outcomes, lang, top=120 if len(sides) > 1 else 100)
    for side, frame in sides.items():
        who = (names or {}).get(side, say(side, lang) if len(sides) > 1 else "")
        for i, name in enumerate(outcomes):
            _bands(fig, frame, name, i, side, who, lang)
    fig.update_xaxes(title_text=say("week", lang), title_font_size=10)
    for i, name in enumerate(outcomes):
        fig.update_yaxes(title_text=unit_axis(name, lang), title_font_size=10, **_cell(i))
    for i, name in enumerate(outcomes):
        values = pd.concat([frame[name] for frame in sides.values()])
        if BY_NAME.get(name) is not None and BY_NAME[name].unit == "share" \
                and values.min() >= 0 and values.max() <= 1:
            fig.update_yaxes(range=[0, 1], **_cell(i))
    return fig


def moves_sankey(series: pd.DataFrame, who: str, window: tuple[int, int], lang: Lang,
                 title: str) -> go.Figure:
    """A Sankey of the moves the model recorded between stages of ``who`` (partners or
    households) in the weeks of ``window`` (after its first week, up to its last): one
    node per stage, one link per move that happened, its width the mean number of such
    moves per replicate; moves back a stage in red. A partner or household that moves
    several times counts each time."""
    if who == "partners":
        names = [stage_name(i, lang) for i in range(len(PARTNER_STAGES))]
        colours: Sequence[str] = STAGE_COLOURS
    else:
        names = [resident_stage_name(i, lang) for i in range(len(HOUSEHOLD_STAGES))]
        colours = RESIDENT_COLOURS
    links = mean_moves(series, who, *window)
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": names, "color": list(colours), "pad": 14,
              "line": {"color": "#444444", "width": 0.5}},
        link={"source": [a for a, _, _ in links], "target": [b for _, b, _ in links],
              "value": [v for _, _, v in links],
              "color": ["rgba(215,48,39,0.6)" if b < a else _rgba(colours[b], 0.45)
                        for a, b, _ in links]}))
    fig.update_layout(title_text=title, height=460, margin={"t": 50, "l": 20, "r": 20})
    return fig


def contrast_figure(contrast: pd.DataFrame, lang: Lang) -> go.Figure:
    """Paired differences with their intervals, one row per outcome on its own scale
    (the outcome and its unit at the left), coloured by verdict (better, worse, no clear
    difference or no direction)."""
    names = list(contrast["outcome"])
    fig = make_subplots(rows=len(names), cols=1, vertical_spacing=0.012)
    shown: set[int] = set()
    for i, row in enumerate(contrast.itertuples(), 1):
        gain = row.difference * row.direction
        verdict = 0 if not (row.excludes_zero and row.direction) else (1 if gain > 0 else -1)
        key = {1: "better", -1: "worse", 0: "unclear"}[verdict]
        low = row.difference - row.ci_low if math.isfinite(row.ci_low) else 0
        high = row.ci_high - row.difference if math.isfinite(row.ci_high) else 0
        fig.add_trace(go.Scatter(
            x=[row.difference], y=[_title(str(row.outcome), lang)], mode="markers",
            marker={"color": VERDICT_COLOURS[verdict], "size": 9}, name=say(key, lang),
            legendgroup=key, showlegend=verdict not in shown,
            error_x={"type": "data", "symmetric": False, "array": [high], "arrayminus": [low]},
            hovertemplate=f"%{{y}}: %{{x}}, n = {row.n}<extra></extra>"), row=i, col=1)
        shown.add(verdict)
        fig.add_vline(x=0, line={"color": "#444", "width": 1, "dash": "dot"}, row=i, col=1)
    fig.update_layout(height=38 * len(names) + 170, margin={"l": 300, "t": 90},
                      title_text=say("difference", lang),
                      legend={"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom"})
    fig.update_xaxes(zeroline=False, tickfont_size=9)
    fig.update_xaxes(title_text=say("chart_contrast_x", lang), title_font_size=11,
                     row=len(names), col=1)
    return fig


def _colour_bar(fig: go.Figure, i: int, title: str) -> dict[str, Any]:
    """A colour bar beside panel ``i`` of a grid, as tall as the panel."""
    suffix = "" if i == 0 else str(i + 1)
    x1 = fig.layout[f"xaxis{suffix}"].domain[1]
    y0, y1 = fig.layout[f"yaxis{suffix}"].domain
    return {"x": x1 + 0.005, "xanchor": "left", "y": (y0 + y1) / 2, "yanchor": "middle",
            "len": y1 - y0, "thickness": 10, "tickfont": {"size": 9},
            "title": {"text": title, "side": "right", "font": {"size": 10}}}


def sweep_figure(points: pd.DataFrame, factors: Sequence[str], outcomes: Sequence[str],
                 lang: Lang, grid: bool) -> go.Figure:
    """Each outcome against each swept parameter: for a grid of two parameters a
    heatmap per outcome (its mean over the replicates at each point, read on the colour
    bar beside it); otherwise one panel per outcome and parameter, each point a design
    point (mean ± one standard deviation over its replicates)."""
    if grid and len(factors) == 2:
        fig = _grid(outcomes, lang, rows_height=280, spacing=0.13, top=60, gap=130)
        x, y = factors
        xw, yw = param_words(x, lang), param_words(y, lang)
        for i, name in enumerate(outcomes):
            table = points.pivot_table(index=y, columns=x, values=f"{name}_mean")
            bar = _colour_bar(fig, i, say("chart_cell_mean", lang, unit=unit_axis(name, lang)))
            fig.add_trace(go.Heatmap(z=table.to_numpy(), x=table.columns, y=table.index,
                                     colorscale="Viridis", showscale=True, colorbar=bar,
                                     name=_title(name, lang),
                                     hovertemplate=f"{wrap(xw, 60)} = %{{x}}<br>{wrap(yw, 60)} = "
                                                   "%{y}<br>%{z}<extra></extra>"), **_cell(i))
        fig.update_xaxes(title_text=param_axis(x, lang, 50), title_font_size=9)
        fig.update_yaxes(title_text=param_axis(y, lang, 40), title_font_size=9)
        fig.update_layout(margin={"l": 90, "r": 60})
        return fig
    rows, cols = len(outcomes), len(factors)
    fig = make_subplots(rows=rows, cols=cols, vertical_spacing=min(0.3 / rows, 0.04),
                        subplot_titles=[_title(o, lang) for o in outcomes for _ in factors])
    for r, name in enumerate(outcomes, 1):
        for c, factor in enumerate(factors, 1):
            fig.add_trace(go.Scatter(
                x=points[factor], y=points[f"{name}_mean"], mode="markers",
                error_y={"type": "data", "array": points[f"{name}_sd"], "thickness": 0.6},
                marker={"size": 5, "color": SIDE_COLOURS["run"]}, name=say("chart_point", lang),
                legendgroup="point", showlegend=r == c == 1,
                hovertemplate=f"{wrap(param_words(factor, lang), 60)} = %{{x}}<br>%{{y}}"
                              "<extra></extra>"), row=r, col=c)
            fig.update_xaxes(title_text=param_axis(factor, lang), title_font_size=9, row=r, col=c)
            fig.update_yaxes(title_text=unit_axis(name, lang), title_font_size=9, row=r, col=c)
    fig.update_layout(height=260 * rows + 110, margin={"t": 100}, legend=LEGEND_ON_TOP,
                      showlegend=True)
    fig.update_annotations(font_size=10)
    return fig


INDEX_KEYS = {"S1": "chart_s1", "ST": "chart_st", "mu_star": "chart_mu_star",
              "sigma": "chart_sigma"}
"""Each index's legend words (its symbol and what it measures) in the vocabulary."""


def indices_figure(table: pd.DataFrame, method: str, outcomes: Sequence[str],
                   lang: Lang) -> go.Figure:
    """Per outcome: S1 and ST (Sobol, shares of the outcome's variance) or mu* and sigma
    (Morris, in the outcome's unit) per parameter with their intervals, parameters (in
    words) ordered by rank."""
    pair = ("S1", "ST") if method == "sobol" else ("mu_star", "sigma")
    colours = {pair[0]: "#1f77b4", pair[1]: "#ff7f0e"}
    fig = _grid(outcomes, lang, rows_height=300, spacing=0.22, top=80, gap=110, columns=2)
    for i, name in enumerate(outcomes):
        rows = table[(table["outcome"] == name) & table["index"].isin(pair)]
        order = rows[rows["index"] == pair[1] if method == "sobol" else rows["index"] == pair[0]]
        params = list(order.sort_values("rank")["parameter"])
        labels = [wrap(param_words(str(p), lang), 34, 3) for p in params]
        for index in pair:
            sub = rows[rows["index"] == index].set_index("parameter").reindex(params)
            fig.add_trace(go.Bar(
                x=sub["value"], y=labels, orientation="h", name=say(INDEX_KEYS[index], lang),
                marker_color=colours[index], legendgroup=index, showlegend=i == 0,
                error_x={"type": "data", "symmetric": False,
                         "array": (sub["ci_high"] - sub["value"]).clip(lower=0),
                         "arrayminus": (sub["value"] - sub["ci_low"]).clip(lower=0)}), **_cell(i, 2))
        axis = (say("chart_variance_share", lang) if method == "sobol"
                else say("chart_change_in", lang, unit=unit_axis(name, lang)))
        fig.update_xaxes(title_text=axis, title_font_size=10, **_cell(i, 2))
        fig.update_yaxes(autorange="reversed", tickfont_size=8, **_cell(i, 2))
    fig.update_layout(barmode="group", margin={"l": 170})
    return fig
