"""The About panel, the calendar and the names the page shows in French."""

import ipywidgets as widgets
import pytest
import solara
from tests_support import SCENARIO_DIR

from sim.app.about import LEVER_EFFECTS, STAGES_EXPLAINED, About, lever_effect
from sim.app.controls import featured, label
from sim.app.labels import stage_name
from sim.app.names import FRENCH, local_name
from sim.app.words import month_of_week, plain
from sim.params import PARAMS
from sim.scenario import load_scenario, seed_quotations
from sim.vocabulary import choice_name


def texts(widget, out=None):
    out = [] if out is None else out
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, str):
            out.append(child)
        elif isinstance(child, widgets.Widget):
            texts(child, out)
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_about_names_the_stages_the_levers_and_the_milieus_passages(lang):
    box, rc = solara.render(About("milieu-3", lang), handle_error=False)
    shown = " ".join(texts(box))
    rc.close()
    for stage in range(1, 5):
        assert stage_name(stage, lang).capitalize() in shown
    callon = (("problématisation", "intéressement", "enrôlement", "mobilisation") if lang == "fr"
              else ("problematisation", "intéressement", "enrolment", "mobilisation"))
    for term in callon:
        assert term in shown
    for param in featured():
        assert lever_effect(param.name, lang) in shown
        assert param.name not in shown  # the code name stays in the tooltip
    assert "« nos rôles ... ont été très bien campés au départ ... une grille »" in shown
    calibration = load_scenario(SCENARIO_DIR / "milieu-3.toml").calibration
    assert calibration in shown


def test_every_stage_and_lever_is_explained_in_both_languages():
    assert len(STAGES_EXPLAINED) == 4
    assert {p.name for p in featured()} <= set(LEVER_EFFECTS)
    for en, fr in [*STAGES_EXPLAINED, *LEVER_EFFECTS.values()]:
        assert en
        assert fr
        assert en != fr


def test_seed_quotations_are_the_quotations_of_s_comments(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(
        '# [S] « first passage,\n# continued »\nname = "x"   # [S] « second »\n'
        'other = 1  # [A] « an assumption, not a passage »\n', encoding="utf-8")
    assert seed_quotations(site) == ["« first passage, continued »", "« second »"]
    for path in SCENARIO_DIR.glob("milieu-*.toml"):
        assert seed_quotations(path), path.name  # every milieu quotes the article


def test_weeks_have_months_from_november_2018():
    assert month_of_week(0, "fr") == "novembre 2018"
    assert month_of_week(20, "fr") == "mars 2019"
    assert month_of_week(66, "en") == "February 2020"
    assert month_of_week(156, "fr") == "octobre 2021"


def test_bundled_names_have_french_names():
    for path in SCENARIO_DIR.glob("*.toml"):
        scenario = load_scenario(path)
        names = [scenario.name, scenario.description, *(p.name for p in scenario.partners),
                 *(c.name for c in scenario.committees)]
        for name in names:
            assert name in FRENCH or name.startswith("Milieu "), name
            assert local_name(name, "en") == name
    assert local_name("A site of my own", "fr") == "A site of my own"


def test_declared_meanings_lose_their_code_names():
    meaning = "contacted within the last reach_window_weeks weeks; mode resolution_only"
    assert plain(meaning, "en", {"reach_window_weeks": 6}) == \
        "contacted within the last 6 weeks; mode " + choice_name("resolution_only", "en")
    default = PARAMS["reach_window_weeks"].default
    assert plain(meaning, "fr").startswith(f"contacted within the last {default} weeks")
    for param in PARAMS.values():  # no control label names a parameter
        for lang in ("fr", "en"):
            assert not any(name in label(param, lang) for name in PARAMS), param.name
