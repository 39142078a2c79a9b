"""The live charts: Mesa plot components, translated, valid Vega-Lite."""

import altair as alt
import pytest

from sim.app import charts
from sim.app.model import PageModel


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
def test_each_chart_is_a_valid_translated_mesa_plot(frame, lang):
    components = charts.components(lang)
    assert len(components) == 4
    for (make, page), series in zip(components, [charts.STAGE_SERIES, charts.ENROLMENT_SERIES,
                                                 charts.RESIDENT_SERIES, charts.ACTANT_SERIES],
                                    strict=True):
        assert page == 0
        assert callable(make)
        post = next(cell.cell_contents for cell in make.__closure__
                    if callable(cell.cell_contents) and getattr(cell.cell_contents, "func", None) is charts.relabel)
        chart = post(mesa_chart(frame, series))
        spec = alt.Chart.to_dict(chart, validate=True)  # the page skips this check; here it runs
        names = charts.series_names(lang)
        assert spec["encoding"]["color"]["scale"]["domain"] == [names[s] for s in series]
        assert spec["width"] == "container"


def test_series_have_names_in_both_languages():
    en, fr = charts.series_names("en"), charts.series_names("fr")
    assert set(en) == set(fr)
    assert fr["stage_enrolled"] == "enrôlé"
    assert en["stage_enrolled"] == "enrolled"
    assert all(en[k] != fr[k] for k in en if k != "stage_engagement")
