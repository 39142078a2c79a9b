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

from sim.app import page as page_module
from sim.app.controls import milieu_values
from sim.app.model import PageModel
from sim.app.page import HLMPage, page_grid_layout, pending_changes

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


def time_shown(box):
    return next(float(t.split()[1]) for t in texts(box) if t.startswith("Time: "))


def button(rc, name):
    return rc.find(v.Btn, children=[name]).widget


def slider(rc, name):
    return next(s for s in rc.find(v.Slider).widgets if s.label.startswith(name + " "))


def live_models():
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, PageModel)]


def test_nothing_is_built_at_import():
    """A model (or renderer) made at module level would be shared by every visitor."""
    for name, module in list(sys.modules.items()):
        if name.startswith("sim.app"):
            for value in vars(module).values():
                assert not isinstance(value, mesa.Model), f"{name} holds a model"


def test_each_session_gets_its_own_model():
    box_a, rc_a = render()
    box_b, _rc_b = render()
    button(rc_a, "Step").click()
    button(rc_a, "Step").click()
    assert time_shown(box_a) == 10.0  # Step advances the render interval: 5 weeks
    assert time_shown(box_b) == 0.0
    weeks = sorted(m.week for m in live_models() if m.milieu == "milieu-3")
    assert 10 in weeks
    assert 0 in weeks


def test_choosing_a_milieu_sets_the_controls_and_reset_applies_them():
    box, rc = render("milieu-3")
    button(rc, "Step").click()
    milieu = next(s for s in rc.find(v.Select).widgets if s.label.startswith("Milieu"))
    milieu.v_model = "milieu-4"
    assert slider(rc, "worker_hours").v_model == milieu_values("milieu-4")["worker_hours"]
    slider(rc, "staff_turnover_rate").v_model = 1.5
    assert any("staff_turnover_rate = 1.5" in t for t in texts(box))  # waits for Reset
    button(rc, "Reset").click()
    shown = texts(box)
    assert time_shown(box) == 0.0
    assert "Milieu 4" in shown
    assert any("staff_turnover_rate = 1.5 (0.25)" in t for t in shown)  # against the default run
    model = next(m for m in live_models() if m.milieu == "milieu-4" and m.week == 0)
    assert model.p["staff_turnover_rate"] == 1.5
    assert model.p["worker_employer"] == "ciusss"
    assert model.reference is not None
    button(rc, "Step").click()
    assert model.week == 5


def test_the_seed_box_gives_reproducible_runs():
    _box, rc = render("milieu-2")
    seed = next(t for t in rc.find(v.TextField).widgets if t.label.startswith("Random seed"))
    seed.v_model = "77"
    seed.fire_event("keyup.enter", None)  # the box commits on Enter (or leaving it)
    button(rc, "Reset").click()
    model = next(m for m in live_models() if m.milieu == "milieu-2" and m.seed == 77)
    assert model.week == 0


def test_pending_changes_name_what_waits_for_reset():
    model = PageModel("milieu-3")
    values = {"milieu": "milieu-3", "rng": "1", **model.p}
    assert pending_changes(model, values) == []
    values.update(staff_turnover_rate=1.0, milieu="milieu-1")
    assert pending_changes(model, values) == ["milieu = milieu-1", "staff_turnover_rate = 1"]


def test_the_network_spans_the_page_and_the_charts_go_two_by_two():
    layout = page_grid_layout(5)
    assert layout[0]["w"] == 12
    assert [(item["x"], item["w"]) for item in layout[1:]] == [(0, 6), (6, 6), (0, 6), (6, 6)]


@pytest.mark.parametrize(("lang", "word"), [("fr", "Germe aléatoire"), ("en", "Random seed")])
def test_the_page_speaks_both_languages(lang, word):
    _box, rc = render("milieu-3", lang)
    labels = [t.label for t in rc.find(v.TextField).widgets]
    assert any(label.startswith(word) for label in labels)
    meaning = "Taux annuel de départ" if lang == "fr" else "Yearly departure rate"
    assert meaning in slider(rc, "staff_turnover_rate").label


def test_module_constants_mesa_reads():
    assert page_module.RENDER_INTERVAL >= 1
    assert page_module.PLAY_INTERVAL_MS >= 1
