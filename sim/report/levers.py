"""The levers ranked, as a terminal table and as a report section with tornado charts.

Read from the table :func:`sim.run.levers.rank_levers` makes (``levers.csv``) and the
command's metadata (``run.json``): one block per outcome, the levers from the largest
change in the better direction down, each with the scenario's value beside the lever's,
the paired difference and its 95% interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from sim.levers import BY_KEY
from sim.params import PARAMS
from sim.report import htmlkit
from sim.report.tables import aligned, estimate, notes
from sim.scenario import in_lang
from sim.vocabulary import (
    Lang,
    bounds_text,
    colon,
    counted,
    direction_name,
    outcome_label,
    outcome_unit,
    param_label,
    say,
    unit_name,
    value_text,
)


def _value(row: Any, lang: Lang) -> str:
    p = PARAMS[str(row.param)]
    unit = unit_name(p.unit, lang) if p.kind in ("int", "float") else ""
    text = f"{value_text(row.before, lang)} → {value_text(row.after, lang)}"
    return f"{text} {unit}".rstrip() + ("" if bool(row.plausible) else " !")


def _ordered(table: pd.DataFrame, outcome: str) -> pd.DataFrame:
    rows = table[table["outcome"] == outcome]
    return rows.sort_values(["rank", "lever"], na_position="last", kind="stable")


def outcome_block(table: pd.DataFrame, outcome: str, lang: Lang) -> tuple[str, list[list[str]]]:
    """The heading and rows of one outcome's ranking."""
    rows = []
    for row in _ordered(table, outcome).itertuples():
        lever = BY_KEY[str(row.lever)]
        if not bool(row.changes):
            rows.append(["–", lever.words(lang), lever.who(lang), _value(row, lang),
                         say("lever_unchanged", lang)])
            continue
        mean, interval = estimate(row.difference, row.ci_low, row.ci_high, lang)
        mark = " *" if bool(row.excludes_zero) else ""
        rows.append([str(int(row.rank)), lever.words(lang), lever.who(lang), _value(row, lang),
                     f"{mean} {interval}{mark}"])
    better = int(_ordered(table, outcome)["direction"].dropna().iloc[0]) \
        if _ordered(table, outcome)["direction"].notna().any() else 0
    head = say("levers_outcome", lang, outcome=outcome_label(outcome, lang),
               direction=direction_name(better, lang))
    return head, rows


def _columns(lang: Lang) -> list[str]:
    return [say("lever_rank", lang), say("lever", lang), say("lever_who", lang),
            say("lever_value", lang), say("diff", lang)]


def warnings(table: pd.DataFrame, lang: Lang) -> list[str]:
    """One line per step that leaves its parameter's plausible range."""
    out = []
    for row in table.drop_duplicates("lever").itertuples():
        if bool(row.plausible):
            continue
        p = PARAMS[str(row.param)]
        out.append(say("lever_outside", lang, range=bounds_text(p, lang, design=True),
                       param=param_label(p.name, lang), source=p.plausible_cited(lang) or "[A]"))
    return out


def title(meta: Mapping[str, Any], lang: Lang) -> str:
    """What was ranked, in words."""
    return say("levers_title", lang, scenario=in_lang(meta["scenario"], "name", lang),
               pairs=counted(int(meta["replicates"]), "pair", lang),
               weeks=counted(int(meta["weeks"]), "week", lang), seed=meta["seed"])


def sources(table: pd.DataFrame, lang: Lang) -> list[str]:
    """Each lever's step and the passage or assumption it rests on."""
    return [say("levers_sources", lang),
            *(f"  {BY_KEY[k].words(lang)}{colon(lang)} {BY_KEY[k].cited(lang)}"
              for k in dict.fromkeys(table["lever"]))]


def levers_text(table: pd.DataFrame, meta: Mapping[str, Any], lang: Lang) -> str:
    """The readable ranking: one block per outcome, then warnings, legend and sources."""
    lines = [title(meta, lang)]
    for outcome in dict.fromkeys(table["outcome"]):
        head, rows = outcome_block(table, str(outcome), lang)
        lines += ["", head, *aligned(_columns(lang), rows, {0})]
    lines += ["", *warnings(table, lang), say("levers_legend", lang), *notes(meta, lang),
              *sources(table, lang)]
    return "\n".join(lines)


TORNADO_COLOURS = {1: ("#2a7f62", "chart_improves"), -1: ("#b34a3c", "chart_worsens"),
                   0: ("#9e9e9e", "chart_no_change")}
"""The bars' colours by the sign of the change in the better direction, and their legend."""


def tornado_figure(table: pd.DataFrame, outcome: str, lang: Lang) -> go.Figure:
    """One outcome's levers as horizontal bars: the paired difference and its interval,
    the largest change in the better direction on top; green where the lever improves the
    outcome, red where it worsens it (named in the legend)."""
    rows = _ordered(table[table["changes"].astype(bool)], outcome).iloc[::-1]
    rows = rows.assign(name=[BY_KEY[str(k)].words(lang) for k in rows["lever"]],
                       sign=[(g > 0) - (g < 0) for g in rows["gain"].astype(float)])
    fig = go.Figure()
    for sign, (colour, key) in TORNADO_COLOURS.items():
        part = rows[rows["sign"] == sign]
        if part.empty:
            continue
        diff = part["difference"].astype(float)
        fig.add_trace(go.Bar(
            x=diff, y=part["name"], orientation="h", marker_color=colour, name=say(key, lang),
            error_x={"type": "data", "symmetric": False,
                     "array": (part["ci_high"].astype(float) - diff).clip(lower=0),
                     "arrayminus": (diff - part["ci_low"].astype(float)).clip(lower=0)},
            hovertemplate="%{y}: %{x}<extra></extra>"))
    better = rows["direction"].dropna()
    direction = direction_name(int(better.iloc[0]) if len(better) else 0, lang)
    unit = outcome_unit(outcome, lang) or say("chart_value", lang)
    fig.update_layout(
        title=f"{outcome_label(outcome, lang)} ({direction})",
        xaxis_title=say("chart_tornado_x", lang, unit=unit), height=200 + 45 * len(rows),
        yaxis={"categoryorder": "array", "categoryarray": list(rows["name"])},
        legend={"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom"},
        margin={"l": 20, "r": 20, "t": 90, "b": 50}, showlegend=True, barmode="overlay")
    fig.add_vline(x=0, line_color="#555", line_width=1)
    return fig


def levers_body(folder: Path, meta: Mapping[str, Any], lang: Lang) -> str:
    """The report section: per outcome, a tornado chart and the ranking table; then the
    warnings, the legend and where each step comes from."""
    table = htmlkit.read_csv(folder / "levers.csv")
    table["changes"] = table["changes"].astype(bool)
    table["plausible"] = table["plausible"].astype(bool)
    table["excludes_zero"] = table["excludes_zero"].fillna(False).astype(bool)
    out = htmlkit.paragraphs([title(meta, lang)])
    for outcome in dict.fromkeys(table["outcome"]):
        head, rows = outcome_block(table, str(outcome), lang)
        out += f"<h2>{htmlkit.esc(head)}</h2>"
        out += htmlkit.paragraphs([say("tornado_note", lang)], "note")
        out += htmlkit.figure_html(tornado_figure(table, str(outcome), lang), lang)
        out += htmlkit.table_html(_columns(lang), rows, {0})
    out += htmlkit.paragraphs(warnings(table, lang), "warn")
    out += htmlkit.paragraphs([say("levers_legend", lang), *notes(meta, lang)], "note")
    return out + htmlkit.paragraphs(sources(table, lang), "note")
