"""The live charts: plain words, one quantity each, valid Vega-Lite 5."""

import math

import altair as alt
import pytest

from sim.app import charts
from sim.app.model import HORIZON, PageModel
from sim.app.view import SCHEMA
from sim.outcomes import OUTCOMES
from sim.params import PARAMS
from sim.vocabulary import BOUNDED_UNITS, outcome_label, outcome_meaning, plain, unit_name


@pytest.fixture(scope="module")
def frame():
    model = PageModel("milieu-3", staff_turnover_rate=1.0)
    for _ in range(30):
        model.step()
    return model.datacollector.get_model_vars_dataframe()


def validated(spec):
    """The spec checked against the Vega-Lite schema (the page skips the check)."""
    alt.Chart.from_dict({k: v for k, v in spec.items() if k != "$schema"}, validate=True)
    return spec


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_chart_is_valid_in_plain_words_and_stops_at_the_horizon(frame, lang):
    assert len(charts.components()) == len(charts.CHARTS)
    names = charts.series_names(lang)
    for chart in charts.CHARTS:
        spec = validated(charts.chart_spec(chart, frame, lang))
        assert spec["$schema"] == SCHEMA  # Vega-Lite 5, the local renderer's version
        assert spec["encoding"]["color"]["scale"]["domain"] == [names[s] for s in chart.series]
        assert spec["encoding"]["x"]["scale"]["domain"] == [0, HORIZON]
        y = spec["encoding"]["y"]
        assert y["title"]
        assert "_" not in y["title"]
        assert y["scale"]["domain"][0] == 0
        assert y["scale"]["domain"][1] >= 1
        assert max(row["v"] for row in spec["data"]["values"]) <= y["scale"]["domain"][1]
        assert "params" not in spec  # no zoom: the axes keep the run's range
        assert "_" not in spec["title"]["text"]
        assert len(spec["data"]["values"]) == len(frame) * len(chart.series)


def test_one_quantity_per_chart():
    units = {chart.key: chart.unit for chart in charts.CHARTS}
    assert len(charts.CHARTS) == len(units)
    residents = [c for c in charts.CHARTS if "isolation_rate" in c.series or "mean_ties" in c.series]
    assert len(residents) == 2  # a share and a mean count no longer share an axis


def test_the_default_runs_dashes_show_in_the_legend(frame):
    chart = next(c for c in charts.CHARTS if c.dashed)
    spec = validated(charts.chart_spec(chart, frame, "en"))
    colour, dash = spec["encoding"]["color"], spec["encoding"]["strokeDash"]
    # the same field, domain and legend: Vega-Lite draws one legend with dashed lines
    assert colour["field"] == dash["field"]
    assert colour["scale"]["domain"] == dash["scale"]["domain"]
    assert colour["legend"] == dash["legend"]
    assert dash["scale"]["range"] == [[1, 0], [6, 4]]


def test_an_all_zero_chart_keeps_its_axis():
    model = PageModel("milieu-3")
    frame = model.datacollector.get_model_vars_dataframe() * 0.0
    chart = next(c for c in charts.CHARTS if c.key == "chart_actants")
    spec = validated(charts.chart_spec(chart, frame, "fr"))
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 1.0]


def test_series_have_names_in_both_languages():
    en, fr = charts.series_names("en"), charts.series_names("fr")
    assert set(en) == set(fr)
    assert fr["stage_enrolled"] == "enrôlé"
    assert en["stage_enrolled"] == "enrolled"
    assert all("_" not in name for name in [*en.values(), *fr.values()])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_declared_outcome_can_be_charted_in_its_unit(frame, lang):
    for outcome in OUTCOMES:
        spec = validated(charts.chart_spec(charts.outcome_chart(outcome.name), frame, lang))
        assert spec["encoding"]["y"]["title"] == unit_name(outcome.unit, lang)
        assert spec["title"]["text"] == outcome_label(outcome.name, lang).capitalize()
        assert spec["title"]["subtitle"] == plain(outcome_meaning(outcome, lang), lang)
        assert not any(name in spec["title"]["subtitle"] for name in PARAMS)  # no code names
        top = spec["encoding"]["y"]["scale"]["domain"][1]
        assert top == 1.0 if outcome.unit in BOUNDED_UNITS else top >= 1
        # a missing value (no controversy settled yet) is a gap, not NaN
        assert all(r["v"] is None or math.isfinite(r["v"]) for r in spec["data"]["values"])


def test_a_chart_whose_outcome_is_not_declared_drops_out(monkeypatch):
    gone = charts.Chart("gone", ("no_such_outcome",), ("#000000",), "count")
    monkeypatch.setattr(charts, "CHARTS", (*charts.CHARTS, gone))
    assert gone not in charts.available()
    assert len(charts.available()) == len(charts.CHARTS) - 1
