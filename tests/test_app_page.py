"""The page rendered in-process (no browser): sessions, controls, Reset, Step.

Solara renders the page here as the server would for one browser session; each call to
:func:`render` is a new session.
"""

import gc
import sys

import ipyvuetify as v
import ipywidgets as widgets
import mesa
import pytest
import solara
import solara.widgets

from sim.app.controller import week_counter
from sim.app.controls import milieu_values
from sim.app.model import PageModel
from sim.app.page import HLMPage, pending_changes
from sim.outcomes import OUTCOMES
from sim.params import PARAMS
from sim.vocabulary import outcome_label, param_label

_OPEN = []


def render(milieu="milieu-3", lang="en"):
    box, rc = solara.render(solara.AppLayout(children=[HLMPage(milieu, lang)]), handle_error=False)
    _OPEN.append(rc)
    return box, rc


@pytest.fixture(autouse=True)
def _close_sessions():
    """Close the test's sessions: in one process they share Mesa's redraw signal."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def texts(widget, out=None):
    """Every string in the widget tree."""
    out = [] if out is None else out
    for child in list(getattr(widget, "children", None) or []) + list(getattr(widget, "items", None) or []):
        if isinstance(child, str):
            out.append(child)
        elif isinstance(child, widgets.Widget):
            texts(child, out)
    return out


def week_shown(box):
    """The week the counter shows (``Week 10 / 156 — ...``)."""
    counter = next(t for t in texts(box) if t.startswith(("Week ", "Semaine ")) and " / " in t)
    return int(counter.split()[1])


def button(rc, name):
    return next(b.widget for b in rc.find(v.Btn) if name in b.widget.children)


def slider_of(root, param):
    """The slider of a parameter (its label's tooltip ends with the parameter's name)."""
    box = next(w for w in descendants(root)
               if f"hlm-param-{param}" in (getattr(w, "class_", None) or "").split())
    found = descendants(box)
    title = next(w for w in found if getattr(w, "class_", "") == "hlm-label").attributes["title"]
    assert title.endswith(f"({param})")
    return next(w for w in found if isinstance(w, v.Slider))


def descendants(widget):
    out = []
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, widgets.Widget):
            out += [child, *descendants(child)]
    return out


def live_models():
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, PageModel)]


def test_nothing_is_built_at_import():
    """A model (or renderer) made at module level would be shared by every visitor."""
    for name, module in list(sys.modules.items()):
        if name.startswith("sim.app"):
            for value in vars(module).values():
                assert not isinstance(value, mesa.Model), f"{name} holds a model"


def test_each_session_gets_its_own_model_and_step_is_one_week():
    box_a, rc_a = render()
    box_b, _rc_b = render()
    button(rc_a, "One week").click()
    assert week_shown(box_a) == 1
    button(rc_a, "One week").click()
    assert week_shown(box_a) == 2
    assert week_shown(box_b) == 0
    weeks = sorted(m.week for m in live_models() if m.milieu == "milieu-3")
    assert 2 in weeks
    assert 0 in weeks


def milieu_select(rc):
    return next(s.widget for s in rc.find(v.Select) if s.widget.class_ == "hlm-milieu")


def test_choosing_a_milieu_sets_the_controls_and_reset_applies_them():
    box, rc = render("milieu-3")
    button(rc, "One week").click()
    milieu_select(rc).v_model = "milieu-4"  # nothing changed: it switches at once
    model_values = milieu_values("milieu-4")
    assert any("Milieu: Milieu 4" in t for t in texts(box))  # waits for Reset
    turnover = slider_of(box, "staff_turnover_rate")
    turnover.v_model = 1.5
    assert any("staff turnover = 1.5" in t for t in texts(box))
    button(rc, "Reset").click()
    shown = texts(box)
    assert week_shown(box) == 0
    assert "Milieu 4" in shown
    default = model_values["staff_turnover_rate"]
    assert any(f"= 1.5 ({default:g})" in t for t in shown)  # against the default run
    model = next(m for m in live_models() if m.milieu == "milieu-4" and m.week == 0)
    assert model.p["staff_turnover_rate"] == 1.5
    assert model.p["worker_employer"] == model_values["worker_employer"]
    assert model.reference is not None
    button(rc, "One week").click()
    assert model.week == 1


def test_the_milieu_selector_asks_before_discarding_changes():
    box, rc = render("milieu-3")
    slider_of(box, "staff_turnover_rate").v_model = 1.5
    milieu_select(rc).v_model = "milieu-4"
    assert any("You changed 1 value" in t for t in texts(box))
    button(rc, "Keep my values").click()
    assert not any("You changed" in t for t in texts(box))
    assert slider_of(box, "staff_turnover_rate").v_model == 1.5
    assert milieu_select(rc).v_model == "milieu-4"
    milieu_select(rc).v_model = "milieu-2"
    button(rc, "Use the values of Milieu 2").click()
    assert slider_of(box, "staff_turnover_rate").v_model == milieu_values("milieu-2")["staff_turnover_rate"]


def test_the_run_says_when_it_has_ended():
    box, rc = render("milieu-3")
    seed = next(t for t in rc.find(v.TextField).widgets if t.label.startswith("Random seed"))
    seed.v_model = "4242"
    seed.fire_event("keyup.enter", None)
    button(rc, "Reset").click()
    model = next(m for m in live_models() if m.milieu == "milieu-3" and m.seed == 4242)
    while model.week < model.horizon - 1:
        model.step()
    button(rc, "One week").click()
    shown = " ".join(texts(box))
    assert "has reached week 156" in shown
    assert button(rc, "One week").disabled


def test_the_seed_box_gives_reproducible_runs():
    _box, rc = render("milieu-2")
    seed = next(t for t in rc.find(v.TextField).widgets if t.label.startswith("Random seed"))
    seed.v_model = "77"
    seed.fire_event("keyup.enter", None)  # the box commits on Enter (or leaving it)
    button(rc, "Reset").click()
    model = next(m for m in live_models() if m.milieu == "milieu-2" and m.seed == 77)
    assert model.week == 0


def test_pending_changes_name_what_waits_for_reset_in_words():
    model = PageModel("milieu-3")
    values = {"milieu": "milieu-3", "rng": "1", **model.p}
    assert pending_changes(model, values) == []
    values.update(staff_turnover_rate=1.0, milieu="milieu-1")
    assert pending_changes(model, values) == [
        "Milieu: Milieu 1", f"{param_label('staff_turnover_rate', 'en')} = 1"]
    assert pending_changes(model, values, "fr")[0] == "Milieu : Milieu 1"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_code_name_and_no_mesa_label_is_shown(lang):
    box, _rc = render("milieu-1", lang)
    shown = " ".join(texts(box))
    for name in PARAMS:
        assert name not in shown, name
    for mesa_word in ("Play Interval", "Render Interval", "Use Threads", "Page 0", "Time:",
                      "Model Parameters"):
        assert mesa_word not in shown


@pytest.mark.parametrize(("lang", "word"), [("fr", "Germe aléatoire"), ("en", "Random seed")])
def test_the_page_speaks_both_languages(lang, word):
    _box, rc = render("milieu-3", lang)
    labels = [t.label for t in rc.find(v.TextField).widgets]
    assert any(label.startswith(word) for label in labels)
    name = "Roulement du personnel" if lang == "fr" else "Staff turnover"
    assert name in texts(_box)  # the slider's label: the short name


def test_the_week_counter_names_the_month():
    assert week_counter(20, 156, "fr") == "Semaine 20 / 156 — mars 2019"
    assert week_counter(0, 156, "en") == "Week 0 / 156 — November 2018"
    assert week_counter(66, 156, "fr").endswith("février 2020")



def test_any_declared_outcome_can_be_charted():
    _box, rc = render("milieu-3", "fr")
    choice = next(s.widget for s in rc.find(v.Select) if s.widget.class_ == "hlm-outcome")
    assert {item["value"] for item in choice.items} == {o.name for o in OUTCOMES}
    assert all("_" not in item["text"] for item in choice.items)  # plain names
    choice.v_model = "controversies_opened"
    titles = [w.spec["title"]["text"] for w in rc.find(solara.widgets.VegaLite).widgets]
    assert outcome_label("controversies_opened", "fr").capitalize() in titles
