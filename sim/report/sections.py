"""The body of each kind of report: tables, figures and the words around them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.report import figures
from sim.report import htmlkit as page
from sim.report.stages import recorded
from sim.report.study import point_outcomes, ranges_line, sensitivity_lines, sweep_lines
from sim.report.tables import (
    contrast_notes,
    contrast_rows,
    notes,
    run_rows,
)
from sim.vocabulary import Lang, param_phrase, say, value_text


def h2(key: str, lang: Lang) -> str:
    """A section heading."""
    return f"<h2>{page.esc(say(key, lang))}</h2>"


def run_body(folder: Path, meta: Mapping[str, Any], lang: Lang,
             sankey_weeks: Sequence[int] | None) -> str:
    """A run: the final table, weekly series with bands, Sankeys of partners and households."""
    summary = page.read_csv(folder / "summary.csv")
    head, rows = run_rows(summary, lang)
    out = h2("final", lang) + page.table_html(head, rows, {2, 4}) + page.paragraphs(notes(meta, lang), "note")
    if not (folder / "series.csv").is_file():
        return out + page.paragraphs([say("no_series", lang)], "note")
    series = page.read_csv(folder / "series.csv")
    outcomes = [o for o in summary["outcome"] if o in series.columns]
    out += h2("series", lang) + page.paragraphs([say("series_note", lang)], "note")
    out += page.figure_html(figures.series_figure({"run": series}, outcomes, lang), lang)
    if not recorded(series):
        return out  # an older series without the recorded moves: no Sankey
    chosen = list(sankey_weeks or (0, int(series["week"].max())))
    window = (min(chosen), max(chosen))
    note = say("sankey_note", lang, first=window[0], last=window[1])
    out += h2("sankey_partners", lang) + page.paragraphs([note], "note")
    out += page.figure_html(figures.moves_sankey(series, "partners", window, lang,
                                                 say("sankey_partners", lang)), lang)
    out += h2("sankey_households", lang)
    out += page.paragraphs([say("households_note", lang)], "note")
    out += page.figure_html(figures.moves_sankey(series, "households", window, lang,
                                                 say("sankey_households", lang)), lang)
    return out


def side_names(meta: Mapping[str, Any], lang: Lang) -> dict[str, str]:
    """What the base and the variant of a comparison are, in words: the base scenario's
    name, the variant's with its changes (``Milieu 3, roulement du personnel 0,52 →
    0,26``)."""
    sets = meta.get("set") or {}
    before = (meta.get("against") or {}).get("params") or {}

    def words(name: str) -> str:  # mid-sentence: no capital (unless an acronym opens it)
        return param_phrase(name, lang)
    changes = ", ".join(
        f"{words(k)} {value_text(before[k], lang)} → {value_text(v, lang)}"
        if k in before else f"{words(k)} = {value_text(v, lang)}" for k, v in sets.items())
    variant = str(meta.get("variant_name", say("variant", lang)))
    return {"base": str(meta.get("base_name", say("base", lang))),
            "variant": f"{variant}, {changes}" if changes else variant}


def compare_body(folder: Path, meta: Mapping[str, Any], lang: Lang) -> str:
    """A comparison: the header, the paired differences (table and chart), the series of
    both sides overlaid."""
    contrast = page.read_csv(folder / "contrast.csv")
    contrast["excludes_zero"] = contrast["excludes_zero"].astype(bool)
    head, rows = contrast_rows(contrast, lang)
    out = h2("contrast", lang) + page.table_html(head, rows, {2, 3, 4, 6})
    out += page.paragraphs(contrast_notes(contrast, meta, lang), "note")
    out += page.paragraphs([say("chart_contrast_note", lang)], "note")
    out += page.figure_html(figures.contrast_figure(contrast, lang), lang)
    paths = {side: folder / f"{side}_series.csv" for side in ("base", "variant")}
    if all(p.is_file() for p in paths.values()):
        sides = {side: page.read_csv(p) for side, p in paths.items()}
        outcomes = [o for o in contrast["outcome"] if o in sides["base"].columns]
        names = side_names(meta, lang)
        out += h2("overlay", lang) + page.paragraphs(
            [say("chart_overlay_note", lang, base=names["base"], variant=names["variant"])], "note")
        legend = {"base": say("chart_base", lang, name=names["base"]),
                  "variant": say("chart_variant", lang, name=names["variant"])}
        out += page.figure_html(figures.series_figure(sides, outcomes, lang, legend), lang)
    return out


def _varying(points: pd.DataFrame) -> list[str]:
    return [o for o in point_outcomes(points)
            if np.isfinite(points[f"{o}_mean"]).any() and np.nanmax(points[f"{o}_mean"]) >
            np.nanmin(points[f"{o}_mean"])]


def sweep_body(folder: Path, identity: Mapping[str, Any], lang: Lang) -> str:
    """A sweep: the summary of effects, then each outcome against each parameter."""
    points = page.read_csv(folder / "points.csv")
    design = identity.get("design", {})
    factors = [f["name"] for f in design.get("factors", [])]
    out = h2("in_short", lang) + page.paragraphs([ranges_line(design.get("factors", []), lang)])
    out += page.paragraphs(sweep_lines(points, factors, lang))
    outcomes = _varying(points)
    grid = design.get("method") == "grid" and len(factors) == 2
    note = say("chart_grid_note" if grid else "effects_note", lang)
    out += h2("effects", lang) + page.paragraphs([note], "note")
    if outcomes:
        out += page.figure_html(figures.sweep_figure(points, factors, outcomes, lang, grid), lang)
    return out


def sensitivity_body(folder: Path, identity: Mapping[str, Any], lang: Lang) -> str:
    """A sensitivity analysis: the summary, then the indices with their intervals."""
    indices = page.read_csv(folder / "indices.csv")
    result = page.read_json(folder / "sensitivity.json")
    points = page.read_csv(folder / "points.csv") if (folder / "points.csv").is_file() else None
    design = identity.get("design", {})
    method = str(result.get("method", design.get("method", "")))
    factors = [f["name"] for f in design.get("factors", [])]
    out = h2("in_short", lang) + page.paragraphs([ranges_line(design.get("factors", []), lang)])
    out += page.paragraphs(sensitivity_lines(indices, method, lang, points=points, factors=factors,
                                             skipped=result.get("skipped"),
                                             unseparated=result.get("unseparated")))
    outcomes = [o for o in indices["outcome"].drop_duplicates() if isinstance(o, str)]
    chart = say("chart_sobol_note" if method == "sobol" else "chart_morris_note", lang)
    out += h2("indices", lang) + page.paragraphs([chart, say("indices_note", lang)], "note")
    if outcomes:
        out += page.figure_html(figures.indices_figure(indices, method, outcomes, lang), lang)
    return out


__all__ = ["compare_body", "run_body", "sensitivity_body", "sweep_body"]
