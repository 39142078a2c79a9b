"""Charts read alone (issue 22, item 5), checked on the figures' plotly JSON.

Every figure a report draws is built here from small tables shaped like the stored ones
(every declared outcome, declared parameters), in French and English, and checked for
what a reader needs without the code: every trace drawn is named in a visible legend (or
its chart has a colour bar), every heatmap has a colour bar with a title, a legend lies
inside its figure, numeric axes are titled, and no title, legend entry or category reads
as a code name (``staff_turnover_rate``). The report bodies' captions are checked where
they differ by chart (a sweep's grid has no error bars; a comparison names both sides).
"""

import re

import numpy as np
import pandas as pd
import pytest

from sim.levers import LEVERS
from sim.outcomes import OUTCOME_NAMES, OUTCOMES
from sim.params import PARAMS
from sim.report import figures
from sim.report.levers import tornado_figure
from sim.report.sections import compare_body, side_names, sweep_body
from sim.vocabulary import say, unit_name

CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
"""A snake_case identifier: how parameters and outcomes are named in the code."""
FACTORS = ["staff_turnover_rate", "mediator_presence", "worker_hours"]
OUTCOMES_SHOWN = list(OUTCOME_NAMES)


def _rng(key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(20261206, spawn_key=(key,)))


def series_table(key: int) -> pd.DataFrame:
    """replicate, week and every outcome, as ``series.csv`` holds them."""
    rng = _rng(key)
    replicate, week = np.divmod(np.arange(27), 9)
    return pd.DataFrame({"replicate": replicate, "week": week,
                         **{name: rng.random(27) for name in OUTCOME_NAMES}})


def contrast_table() -> pd.DataFrame:
    """One row per outcome, as ``contrast.csv`` holds them."""
    rng = _rng(2)
    diff = rng.normal(0, 0.1, len(OUTCOMES))
    return pd.DataFrame({
        "outcome": OUTCOME_NAMES, "direction": [o.better for o in OUTCOMES],
        "base_mean": 0.5, "variant_mean": 0.5 + diff, "difference": diff,
        "ci_low": diff - 0.05, "ci_high": diff + 0.05, "excludes_zero": np.abs(diff) > 0.05,
        "better": 1, "same": 1, "worse": 1, "share_better": 1 / 3, "n": 3})


def points_table(factors: list[str], grid: bool) -> pd.DataFrame:
    """Design points with each outcome's mean, SD and count, as ``points.csv`` holds them."""
    rng = _rng(3)
    if grid:
        xs, ys = np.meshgrid([0.1, 0.5, 0.9], [0.2, 0.6, 1.0])
        frame = pd.DataFrame({factors[0]: xs.ravel(), factors[1]: ys.ravel()})
    else:
        frame = pd.DataFrame({f: rng.random(8) for f in factors})
    frame.insert(0, "point", range(len(frame)))
    size = len(frame)
    stats = {f"{name}_{stat}": rng.random(size) / (10 if stat == "sd" else 1) if stat != "n"
             else np.full(size, 2) for name in OUTCOME_NAMES for stat in ("mean", "sd", "n")}
    return pd.concat([frame, pd.DataFrame(stats)], axis=1)


def indices_table(method: str) -> pd.DataFrame:
    """Each outcome's two indices per parameter with intervals and ranks (``indices.csv``)."""
    rng = _rng(4)
    pair = ("S1", "ST") if method == "sobol" else ("mu_star", "sigma")
    rows = []
    for name in OUTCOME_NAMES[:6]:
        for index in pair:
            values = rng.random(len(FACTORS))
            ranks = values.argsort()[::-1].argsort() + 1
            rows += [{"outcome": name, "index": index, "parameter": p, "value": v,
                      "ci_low": v / 2, "ci_high": v * 1.5, "rank": int(k)}
                     for p, v, k in zip(FACTORS, values, ranks, strict=True)]
    return pd.DataFrame(rows)


def levers_table() -> pd.DataFrame:
    """Every declared lever on two outcomes, as ``levers.csv`` holds them: gains of both
    signs and a zero."""
    rows = []
    gains = np.linspace(-0.2, 0.2, len(LEVERS))
    for outcome, direction in (("partners_mobilised_share", 1), ("isolation_rate", -1)):
        for k, (lever, gain) in enumerate(zip(LEVERS, gains, strict=True)):
            diff = float(gain) * direction if k != 2 else 0.0
            rows.append({"lever": lever.key, "param": lever.param, "changes": True,
                         "plausible": True, "outcome": outcome, "direction": direction,
                         "difference": diff, "ci_low": diff - 0.05, "ci_high": diff + 0.05,
                         "excludes_zero": abs(diff) > 0.05, "gain": diff * direction,
                         "rank": k + 1})
    return pd.DataFrame(rows)


def every_figure(lang):
    """Each figure a report draws, by the name of the report and chart."""
    names = {"base": "Base: milieu", "variant": "Variant: milieu, changed"}
    return {
        "run series": figures.series_figure({"run": series_table(0)}, OUTCOMES_SHOWN, lang),
        "compare series": figures.series_figure(
            {"base": series_table(0), "variant": series_table(1)}, OUTCOMES_SHOWN, lang, names),
        "compare differences": figures.contrast_figure(contrast_table(), lang),
        "sweep grid": figures.sweep_figure(points_table(FACTORS[:2], True), FACTORS[:2],
                                           OUTCOMES_SHOWN, lang, grid=True),
        "sweep points": figures.sweep_figure(points_table(FACTORS, False), FACTORS,
                                             OUTCOMES_SHOWN[:4], lang, grid=False),
        "morris": figures.indices_figure(indices_table("morris"), "morris",
                                         OUTCOME_NAMES[:6], lang),
        "sobol": figures.indices_figure(indices_table("sobol"), "sobol", OUTCOME_NAMES[:6], lang),
        "levers": tornado_figure(levers_table(), "isolation_rate", lang),
    }


CHART_NAMES = ("run series", "compare series", "compare differences", "sweep grid",
               "sweep points", "morris", "sobol", "levers")
CHARTS = [(lang, chart) for lang in ("fr", "en") for chart in CHART_NAMES]


@pytest.fixture(scope="module")
def drawn():
    """The figures' plotly JSON, by language and chart."""
    return {lang: {k: f.to_plotly_json() for k, f in every_figure(lang).items()}
            for lang in ("fr", "en")}


def _has_colour_bar(trace: dict) -> bool:
    if trace.get("type") == "heatmap":
        return trace.get("showscale", True) is not False
    return bool((trace.get("marker") or {}).get("showscale"))


def _legend_shown(fig: dict) -> bool:
    """Whether plotly draws the legend: as the layout says, else when more than one
    trace has an entry."""
    shown = fig["layout"].get("showlegend")
    entries = [t for t in fig["data"] if t.get("showlegend", True) is not False]
    return bool(shown) if shown is not None else len(entries) > 1


def test_the_charts_checked_are_every_chart_built(drawn):
    assert tuple(drawn["en"]) == CHART_NAMES


@pytest.mark.parametrize(("lang", "chart"), CHARTS)
def test_every_trace_drawn_is_named_in_a_legend_or_read_on_a_colour_bar(drawn, lang, chart):
    fig = drawn[lang][chart]
    if any(_has_colour_bar(t) for t in fig["data"]):
        return
    entries = {(t.get("legendgroup"), t.get("name")) for t in fig["data"]
               if t.get("showlegend", True) is not False and t.get("name")}
    assert _legend_shown(fig), f"{chart}: no legend shown"
    unnamed = [t.get("name") for t in fig["data"] if t.get("visible", True) is not False
               and t.get("type") != "sankey"
               and (t.get("legendgroup"), t.get("name")) not in entries]
    assert unnamed == [], f"{chart}: traces drawn with no legend entry: {unnamed[:3]}"


@pytest.mark.parametrize(("lang", "chart"), CHARTS)
def test_a_legend_lies_inside_its_figure(drawn, lang, chart):
    """A legend anchored by its bottom at the very top of the figure is drawn off it
    (the Morris charts showed none)."""
    legend = drawn[lang][chart]["layout"].get("legend", {})
    if legend.get("yref") == "container":
        y = legend.get("y", 1.0)
        assert 0 <= y <= 1, chart
        assert not (y >= 1 and legend.get("yanchor") == "bottom"), f"{chart}: legend above the page"
        assert not (y <= 0 and legend.get("yanchor") == "top"), f"{chart}: legend below the page"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_heatmap_has_a_colour_bar_with_a_title(drawn, lang):
    heatmaps = [t for t in drawn[lang]["sweep grid"]["data"] if t["type"] == "heatmap"]
    assert len(heatmaps) == len(OUTCOMES_SHOWN)
    for trace in heatmaps:
        assert trace.get("showscale", True) is not False, trace.get("name")
        title = ((trace.get("colorbar") or {}).get("title") or {}).get("text", "")
        assert title.strip(), trace.get("name")
        assert not CODE.search(title), title
    # each bar beside its own panel, not piled up at the figure's right edge
    assert len({round(t["colorbar"]["x"], 3) for t in heatmaps}) == figures.COLUMNS


def _axes(fig: dict) -> dict[str, dict]:
    return {k: v for k, v in fig["layout"].items() if re.fullmatch(r"[xy]axis\d*", k)}


def _axis_title(axis: dict) -> str:
    title = axis.get("title") or {}
    return title.get("text", "") if isinstance(title, dict) else str(title)


def _numeric(values) -> bool:
    return values is not None and all(isinstance(v, int | float) or v is None for v in values)


@pytest.mark.parametrize(("lang", "chart"), CHARTS)
def test_axes_are_titled_in_words_not_code_names(drawn, lang, chart):
    fig = drawn[lang][chart]
    axes = _axes(fig)
    words = [_axis_title(a) for a in axes.values() if _axis_title(a)]
    words += [a["text"] for a in fig["layout"].get("annotations", []) if a.get("text")]
    words += [t.get("name", "") for t in fig["data"]]
    words += [(t.get("legendgrouptitle") or {}).get("text", "") for t in fig["data"]]
    for trace in fig["data"]:  # categories on an axis (parameters, levers, outcomes)
        for side in ("x", "y"):
            values = list(trace.get(side, []) if trace.get(side) is not None else [])
            if values and not _numeric(values):
                words += [str(v) for v in values]
    code = sorted({w for w in words if CODE.search(w.replace("<br>", " "))})
    assert code == [], f"{chart}: code names shown: {code[:3]}"
    cartesian = [t for t in fig["data"] if t.get("type") in ("scatter", "bar", "heatmap")]
    if not cartesian:
        return
    assert any(_axis_title(a) for k, a in axes.items() if k.startswith("x")), f"{chart}: no x title"
    for trace in cartesian:  # every axis numbers are read on is titled
        for side in ("x", "y"):
            name = trace.get(f"{side}axis", side)
            axis = axes.get(f"{side}axis{name[1:]}", {})
            if _numeric(trace.get(side)) and side == "y":
                assert _axis_title(axis), f"{chart}: {name} untitled"


def test_the_overlay_names_its_sides_in_the_legend(drawn):
    fig = drawn["fr"]["compare series"]
    titles = {t["legendgroup"]: t["legendgrouptitle"]["text"] for t in fig["data"]
              if t.get("showlegend") and t.get("legendgrouptitle")}
    assert titles == {"base": "Base: milieu", "variant": "Variant: milieu, changed"}


def test_side_names_say_what_each_side_is():
    meta = {"set": {"staff_turnover_rate": 1.04}, "base_name": "Milieu 1",
            "variant_name": "Milieu 1", "against": {"params": {"staff_turnover_rate": 0.52}}}
    names = side_names(meta, "fr")
    assert names["base"] == "Milieu 1"
    assert names["variant"].startswith("Milieu 1, roulement du personnel")
    assert names["variant"].endswith("0,52 → 1,04")
    assert "staff_turnover_rate" not in names["variant"]
    assert side_names({**meta, "set": {}, "variant_name": "Milieu 2"}, "en")["variant"] == \
        "Milieu 2"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_grid_sweeps_caption_describes_its_heatmaps_not_error_bars(tmp_path, lang):
    points_table(FACTORS[:2], True).to_csv(tmp_path / "points.csv", index=False)
    identity = {"design": {"method": "grid", "factors": [
        {"name": f, "low": 0.1, "high": 1.0} for f in FACTORS[:2]]}}
    body = sweep_body(tmp_path, identity, lang)
    assert say("chart_grid_note", lang) in body.replace("&#x27;", "'")
    assert say("effects_note", lang) not in body.replace("&#x27;", "'")


def test_the_compare_caption_names_the_base_and_the_variant(tmp_path):
    contrast_table().to_csv(tmp_path / "contrast.csv", index=False)
    series_table(0).to_csv(tmp_path / "base_series.csv", index=False)
    series_table(1).to_csv(tmp_path / "variant_series.csv", index=False)
    meta = {"set": {"staff_turnover_rate": 1.04}, "base_name": "Milieu 1", "seed": 1,
            "variant_name": "Milieu 1", "against": {"params": {"staff_turnover_rate": 0.52}}}
    body = compare_body(tmp_path, meta, "fr")
    assert ("Gris : la base, Milieu 1 tel quel ; orange : la variante, Milieu 1, roulement du "
            "personnel") in body
    assert "Base : Milieu 1 tel quel" in body  # the legend
    assert "Variante : Milieu 1, roulement du personnel" in body


def test_parameter_axis_titles_keep_their_unit():
    for name, param in PARAMS.items():
        if param.kind in ("int", "float") and param.unit:
            title = figures.param_axis(name, "fr")
            unit = unit_name(param.unit, "fr")
            assert title.endswith(f"<br>({unit})"), name
            assert all(len(line) <= 60 for line in title.split("<br>")), title
