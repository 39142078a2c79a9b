"""The page's controls come from the parameter declarations, not from a second list."""

import math

import pytest
from tests_support import SCENARIO_DIR

from sim.app import controls as c
from sim.params import PARAMS

MESA_TYPES = {"float": "SliderFloat", "int": "SliderInt", "bool": "Checkbox", "choice": "Select"}


def _all_controls(lang="en"):
    values = {c.MILIEU: "milieu-3", c.SEED: "1", **{name: p.default for name, p in PARAMS.items()}}
    mesa = c.model_params(lang, values, c.milieu_choices())
    others = c.other_controls(lang, values)
    found = {name: entry for name, entry in mesa.items() if name in PARAMS}
    for group in others.values():
        found.update(group)
    return mesa, others, found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_declared_parameter_has_a_control_with_its_bounds_unit_and_meaning(lang):
    mesa, others, found = _all_controls(lang)
    assert set(found) == set(PARAMS)
    shown = [n for n in mesa if n in PARAMS] + [n for g in others.values() for n in g]
    assert len(shown) == len(PARAMS), "a parameter appears twice"
    for name, param in PARAMS.items():
        entry = found[name]
        assert entry["type"] == MESA_TYPES[param.kind]
        assert entry["label"].startswith(name)
        assert (param.sens if lang == "fr" else param.meaning) in entry["label"]
        if param.numeric:
            assert entry["min"] == param.low
            assert entry["max"] == param.high
            assert f"{param.low:g}–{param.high:g}" in entry["label"]
            assert param.unit in entry["label"]
        if param.kind == "choice":  # the drop-down lists the choices
            assert entry["values"] == list(param.choices)


def test_the_issues_levers_are_in_mesas_card():
    mesa, _, _ = _all_controls()
    for name in ("staff_turnover_rate", "mediator_presence", "room_conflict_rate",
                 "room_agreement", "suspension_start_week", "suspension_weeks",
                 "worker_employer", "worker_hours"):
        assert name in mesa, name
    assert mesa[c.MILIEU]["type"] == "Select"
    assert mesa[c.SEED]["type"] == "InputText"
    # the others reach the model through one fixed (non-input) entry
    assert set(mesa[c.OTHER]) == {p.name for p in c.other_params()}
    assert "type" not in mesa[c.OTHER]


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
