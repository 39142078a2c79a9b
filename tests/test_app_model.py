"""The page model: the unchanged model, built from the page's controls as Mesa's Reset does."""

import threading

import solara
from mesa.experimental.scenarios import Scenario as MesaScenario

from sim.app.controls import milieu_values
from sim.app.model import HORIZON, SERIES, PageModel
from sim.model.hlm import HLMModel
from sim.scenario import find_scenario, load_scenario


def test_it_runs_the_same_model_as_the_command_line():
    page = PageModel("milieu-3", rng="5", staff_turnover_rate=1.0)
    cli = HLMModel(load_scenario(find_scenario("milieu-3")).with_params(staff_turnover_rate=1.0), rng=5)
    for _ in range(30):
        page.step()
        cli.step()
    assert page.history == cli.history
    assert page.changed == {"staff_turnover_rate": 1.0}


def test_the_default_run_beside_it_is_the_milieus_file_with_the_same_seed():
    page = PageModel("milieu-3", rng=5, staff_turnover_rate=1.5)
    default = HLMModel(load_scenario(find_scenario("milieu-3")), rng=5)
    for _ in range(40):
        page.step()
        default.step()
    frame = page.datacollector.get_model_vars_dataframe()
    assert list(frame["enrolled_default"]) == [h["partners_enrolled_share"] for h in default.history]
    assert list(frame["enrolled"]) == [h["partners_enrolled_share"] for h in page.history]


def test_with_the_milieus_own_values_there_is_no_second_run():
    page = PageModel("milieu-4", **milieu_values("milieu-4"))
    assert page.changed == {}
    assert page.reference is None
    page.step()
    frame = page.datacollector.get_model_vars_dataframe()
    assert (frame["enrolled"] == frame["enrolled_default"]).all()


def test_mesas_reset_arguments_are_understood():
    """Mesa rebuilds the model as type(model)(**controls): values may still be the page's
    reactive variables, the seed is text, and an empty Mesa scenario comes along."""
    turnover = solara.reactive(0.8)
    model = PageModel(milieu=solara.reactive("milieu-2"), rng=solara.reactive("12"),
                      scenario=MesaScenario(), staff_turnover_rate=turnover,
                      other={"vacancy_weeks": solara.reactive(10)})
    again = type(model)(milieu="milieu-2", rng="12", staff_turnover_rate=0.8, vacancy_weeks=10)
    assert model.site.name == again.site.name == "Milieu 2"
    assert model.seed == 12
    assert model.p["staff_turnover_rate"] == 0.8
    assert model.p["vacancy_weeks"] == 10
    for _ in range(10):
        model.step()
        again.step()
    assert model.history == again.history


def test_the_charts_series_are_collected_every_week():
    model = PageModel("milieu-1")  # the largest site: 550 households
    for _ in range(155):
        model.step()
    assert model.running
    model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(SERIES)
    assert len(frame) == 157
    stages = frame[[c for c in frame.columns if c.startswith("stage_")]].sum(axis=1)
    assert ((stages - 1.0).abs() < 1e-9).all()
    assert model.time == 156.0
    assert model.week == 156 == HORIZON
    assert not model.running  # the run ends at the horizon


def test_the_page_stops_at_its_horizon():
    model = PageModel("milieu-3")
    model.reference = None
    while model.running:
        model.step()
    assert model.week == HORIZON


def test_charts_read_whole_weeks_while_another_thread_steps():
    model = PageModel("milieu-3", staff_turnover_rate=1.0)
    done = threading.Event()

    def play():
        for _ in range(300):
            model.step()
        done.set()

    thread = threading.Thread(target=play)
    thread.start()
    lengths = set()
    while not done.is_set():
        frame = model.datacollector.get_model_vars_dataframe()
        whole = frame[[c for c in frame.columns if c.startswith("stage_")] + ["enrolled"]]
        lengths.add(bool(whole.notna().all().all()))
    thread.join()
    assert lengths <= {True}
