"""The live charts: Mesa plot components in plain words, valid Vega-Lite 5."""

import altair as alt
import pytest

from sim.app import charts
from sim.app.model import HORIZON, PageModel
from sim.app.view import SCHEMA


@pytest.fixture(scope="module")
def frame():
    model = PageModel("milieu-3", staff_turnover_rate=1.0)
    for _ in range(30):
        model.step()
    return model.datacollector.get_model_vars_dataframe().reset_index().rename(columns={"index": "Step"})


def mesa_chart(frame, series):
    """The chart Mesa's PlotAltair builds before its post-process step."""
    long = frame.melt(id_vars=["Step"], value_vars=series, var_name="Measure", value_name="Value")
    return alt.Chart(long).mark_line().encode(x="Step:Q", y="Value:Q", color="Measure:N").interactive()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_chart_is_valid_in_plain_words_and_stops_at_the_horizon(frame, lang):
    assert len(charts.components(lang)) == len(charts.CHARTS)
    for spec in charts.CHARTS:
        chart = charts.relabel(mesa_chart(frame, list(spec.series)), lang=lang, spec=spec)
        drawn = chart.to_dict()  # what the page sends: Vega-Lite 5, the local renderer's
        assert drawn["$schema"] == SCHEMA
        checked = alt.Chart.to_dict(chart, validate=True)  # the page skips this check
        names = charts.series_names(lang)
        assert checked["encoding"]["color"]["scale"]["domain"] == [names[s] for s in spec.series]
        assert checked["encoding"]["x"]["scale"]["domain"] == [0, HORIZON]
        y = checked["encoding"]["y"]
        assert y["title"] and "_" not in y["title"]  # a unit in words, not a code name
        assert y["scale"]["domain"][0] == 0 and y["scale"]["domain"][1] >= 1
        assert "params" not in checked  # no zoom: the axes keep the run's range
        assert "_" not in checked["title"]["text"]


def test_the_default_runs_dashes_show_in_the_legend(frame):
    spec = next(s for s in charts.CHARTS if s.dashed)
    checked = alt.Chart.to_dict(charts.relabel(mesa_chart(frame, list(spec.series)), lang="en",
                                               spec=spec), validate=True)
    colour, dash = checked["encoding"]["color"], checked["encoding"]["strokeDash"]
    # the same field, domain and legend: Vega-Lite draws one legend with dashed lines
    assert colour["field"] == dash["field"]
    assert colour["scale"]["domain"] == dash["scale"]["domain"]
    assert colour["legend"] == dash["legend"]
    assert dash["scale"]["range"] == [[1, 0], [6, 4]]


def test_an_all_zero_chart_keeps_its_axis():
    model = PageModel("milieu-3")
    frame = model.datacollector.get_model_vars_dataframe().reset_index().rename(columns={"index": "Step"})
    spec = next(s for s in charts.CHARTS if s.key == "chart_actants")
    zeros = mesa_chart(frame, list(spec.series))
    zeros.data["Value"] = 0.0
    checked = alt.Chart.to_dict(charts.relabel(zeros, lang="fr", spec=spec), validate=True)
    assert checked["encoding"]["y"]["scale"]["domain"] == [0, 1.0]


def test_series_have_names_in_both_languages():
    en, fr = charts.series_names("en"), charts.series_names("fr")
    assert set(en) == set(fr)
    assert fr["stage_enrolled"] == "enrôlé"
    assert en["stage_enrolled"] == "enrolled"
    assert all("_" not in name for name in [*en.values(), *fr.values()])
