"""The About panel, the calendar and the names the page shows in French."""

import ipywidgets as widgets
import numpy as np
import pytest
import solara
from tests_support import ROOT, SCENARIO_DIR

from sim.app.about import About, lever_effect
from sim.app.controls import featured, label
from sim.app.names import local_name
from sim.params import PARAMS
from sim.run.runner import run_once
from sim.scenario import load_scenario, seed_quotations
from sim.stages import PARTNER_STAGES
from sim.vocabulary import (
    choice_name,
    month_of_week,
    outcome_label,
    param_label,
    param_sentence,
    plain,
    stage_name,
)


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
    assert len(PARTNER_STAGES) == 5
    for stage in PARTNER_STAGES:
        assert stage.meaning_en
        assert stage.meaning_fr
        assert stage.meaning_en != stage.meaning_fr
    for param in featured():
        assert param.effect is not None, param.name  # every workshop lever declares what it does
        assert lever_effect(param.name, "en") != lever_effect(param.name, "fr")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lever_explanations_are_written_from_the_declarations(lang):
    """The explanation holds the declared meaning, the labels of the outcomes the
    declaration says it moves, and the parameters it acts with, each by its short name
    (as its control is labelled) and its meaning's first sentence (so the CIUSSS employer
    is explained by ``ciusss_reception``'s declared meaning, with no direction of its own:
    the reception factor's prior straddles 1)."""
    for param in featured():
        text = lever_effect(param.name, lang)
        assert plain(param.sens if lang == "fr" else param.meaning, lang) in text
        for outcome in (*param.effect.raises, *param.effect.lowers):
            assert outcome_label(outcome, lang) in text
        for other in param.effect.through:
            assert plain(param_label(other, lang), lang) in text
            sentence = plain(param_sentence(other, lang), lang)
            assert sentence[1:] in text
    ciusss = lever_effect("worker_employer", "en")
    assert "less readily" not in ciusss
    assert "slows" not in ciusss
    assert outcome_label("resident_trust", "en") not in ciusss
    assert plain(param_label("ciusss_reception", "en"), "en") in ciusss
    assert "how much better a contact is received" in ciusss


def _paired_differences(name, low, high, outcome, replicates=40):
    base = load_scenario(SCENARIO_DIR / "milieu-3.toml")
    out = []
    for r in range(replicates):
        a = run_once(base.with_params(**{name: low}), 7, r, 156).summary[outcome]
        b = run_once(base.with_params(**{name: high}), 7, r, 156).summary[outcome]
        out.append(b - a)
    x = np.array(out, float)
    return x[np.isfinite(x)]


def test_declared_lever_directions_hold_in_the_model():
    """Each declared direction, checked by running milieu 3 with the lever low and high
    (the plausible range's ends; a flag off and on; a choice at its default and at the
    declared value), forty paired replicates: the mean difference has the declared sign
    and is at least twice its standard error. (Ten were too few for the mediator's effect
    on the weeks a controversy stays open at the calibrated values of 0.1.0+1e16737b8f7f,
    where mediation doubles the chance of a resolution rather than multiplying it by
    eight: -0.6 weeks, standard error 1.1, against -2.4 and 1.0 over forty.)"""
    for param in featured():
        lever = param.effect
        if not (lever.raises or lever.lowers):
            continue
        if lever.choice:
            low, high = param.default, lever.choice
        elif param.kind == "bool":
            low, high = False, True
        else:
            low, high = param.design_range
        for outcome, sign in [*((o, 1) for o in lever.raises), *((o, -1) for o in lever.lowers)]:
            d = _paired_differences(param.name, low, high, outcome)
            spread = d.std(ddof=1) / np.sqrt(len(d)) if d.std() > 0 else 0.0
            assert sign * d.mean() > 0, (param.name, outcome)
            assert sign * d.mean() > 2 * spread, (param.name, outcome)


def test_the_levers_and_what_they_act_with_are_read_by_the_rules():
    rules = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "sim" / "model").rglob("*.py"))
    for param in featured():
        for name in (param.name, *param.effect.through):
            assert f"p.{name}" in rules or f'p["{name}"]' in rules, name


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
    """Every name and description of a bundled file has its French in the file itself
    (``name_fr``, ``description_fr``; « Milieu 1 » is French already), and the page
    shows it."""
    for path in SCENARIO_DIR.glob("*.toml"):
        scenario = load_scenario(path)
        items = [scenario, *scenario.partners, *scenario.committees]
        for item in items:
            assert item.name_fr or item.name.startswith("Milieu "), item.name
            assert local_name(item.name, "fr") == (item.name_fr or item.name)
            assert local_name(item.name, "en") == item.name
        assert scenario.description_fr, path
        assert scenario.calibration_fr, path
        assert local_name(scenario.description, "fr") == scenario.description_fr
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
