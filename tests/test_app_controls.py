"""The page's controls come from the parameter declarations, not from a second list,
and speak plain words."""

import math

import pytest
from tests_support import SCENARIO_DIR

from sim.app import controls as c
from sim.params import PARAMS
from sim.vocabulary import bounds_text, choice_name, param_sentence, plain, unit_name


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_declared_parameter_has_a_plain_label_with_its_range_in_words(lang):
    """A control is labelled by the declared short name (capitalised), and its tooltip
    explains it with the meaning's first sentence, then gives the name ``--set`` takes."""
    shown = [p.name for p in c.ordered_params()]
    assert sorted(shown) == sorted(PARAMS), "a parameter is missing or appears twice"
    for name, param in PARAMS.items():
        words = c.label(param, lang)
        assert words
        assert name not in words
        assert words.lower() == param.named(lang).lower()
        assert c.tooltip(param, lang) == f"{plain(param_sentence(name, lang), lang)} ({name})"
        if param.numeric:
            assert c.range_words(param, lang) == bounds_text(param, lang)
            assert param.unit == "" or unit_name(param.unit, lang) in c.range_words(param, lang)
        if param.kind == "choice":  # the drop-down names each choice, and keeps the value
            items = c.choice_items(param, lang)
            assert [i["value"] for i in items] == list(param.choices)
            assert all(i["text"] == choice_name(i["value"], lang) for i in items)


def test_the_issues_levers_come_first():
    levers = [p.name for p in c.featured()]
    assert levers == ["staff_turnover_rate", "mediator_presence", "room_conflict_rate",
                      "room_agreement", "suspension_start_week", "suspension_weeks",
                      "worker_employer", "worker_hours"]
    assert [p.name for p in c.ordered_params()][:8] == levers
    assert not set(levers) & {p.name for p in c.other_params()}


def test_the_milieu_selector_lists_the_scenario_files():
    assert c.milieu_choices() == sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))
    assert {"baseline", "milieu-1", "milieu-2", "milieu-3", "milieu-4"} <= set(c.milieu_choices())
    assert c.milieu_key(str(SCENARIO_DIR / "milieu-2.toml")) == "milieu-2"


def test_a_scenario_file_elsewhere_joins_the_selector(tmp_path):
    own = tmp_path / "site.toml"
    own.write_text('extends = "{}"\nname = "Own site"\n'.format((SCENARIO_DIR / "milieu-3.toml").as_posix()))
    choices = c.milieu_choices(str(own))
    assert choices[-1] == str(own)
    assert c.milieu_values(str(own)) == c.milieu_values("milieu-3")


def test_every_milieu_value_sits_on_its_slider():
    for path in sorted(SCENARIO_DIR.glob("*.toml")):
        for name, value in c.milieu_values(path.stem).items():
            param = PARAMS[name]
            if param.kind != "float":
                continue
            step = c.slider_step(param)
            assert param.low <= value <= param.high
            assert math.isclose(value / step, round(value / step), abs_tol=1e-6), (path.stem, name, value, step)


def test_control_values_are_made_valid():
    turnover = PARAMS["staff_turnover_rate"]
    assert c.clean_value(turnover, 0.30000000000000004) == 0.3
    assert c.clean_value(turnover, 9.0) == turnover.high
    assert c.clean_value(PARAMS["vacancy_weeks"], 6.6) == 7
    assert c.clean_value(PARAMS["room_agreement"], 1) is True
    assert c.parse_seed("42") == 42
    assert c.parse_seed(" 7 ") == 7
    assert c.parse_seed("atelier") == c.parse_seed("atelier")
    assert c.parse_seed("atelier") != c.parse_seed("atelier 2")
