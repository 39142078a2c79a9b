"""The page: Mesa's SolaraViz over the page model, one model per browser session.

The Solara server (:mod:`sim.app.server`) renders :func:`Page` once per browser session
(each tab gets its own kernel context). Everything that holds state is created inside
the component with hooks: the first page model (``use_memo``), the reactive variable
that holds the current model (Mesa's Reset replaces its value), the controls' values
and the language. Nothing is created at module level, so two visitors never share a run.

Mesa provides the layout, the controls (built by :mod:`sim.app.controls` from the
parameter declarations), Step / Play / Pause / Reset, the play and render intervals,
the seed box and the charts (:mod:`sim.app.charts`). Written here, because Mesa has no
such component:

- :func:`network_view`: the network as a Vega-Lite chart (:mod:`sim.app.view` says why
  not Mesa's network renderer);
- :func:`RunStatus`: which milieu runs, what differs from the milieu's file, and which
  control changes wait for Reset (Mesa applies controls only at Reset and does not say
  so);
- :func:`OtherParameters`: the parameters not in Mesa's card, on demand (drawn with
  Mesa's own ``UserInputs``);
- the language selector in the app bar (it relabels the page without a new run).

One Mesa default is replaced: the first arrangement of the panels
(:func:`page_grid_layout`). Controls are bound to reactive variables held here, so that
choosing a milieu can set every control to that milieu's values (Mesa's inputs follow a
reactive variable, and pass each change on to the model parameters Mesa uses at Reset).
While playing, Mesa steps the model in one thread and Solara redraws in another: what
draws takes the page model's lock.
"""

from __future__ import annotations

import os
from typing import Any

import solara
import solara.widgets
from mesa.visualization import SolaraViz, solara_viz
from mesa.visualization.solara_viz import UserInputs
from mesa.visualization.utils import force_update

from sim.app import charts
from sim.app.controls import (
    DEFAULT_MILIEU,
    MILIEU,
    SEED,
    clean_value,
    fmt_value,
    milieu_choices,
    milieu_key,
    milieu_values,
    model_params,
    other_controls,
    parse_seed,
)
from sim.app.labels import GROUP_NAMES, LANG_NAMES, LANGS, Lang, as_lang, text
from sim.app.model import PageModel
from sim.app.server import ENV_LANG, ENV_MILIEU
from sim.app.view import network_spec
from sim.params import PARAMS

PLAY_INTERVAL_MS = 31
"""Mesa's pause between steps while playing. Mesa steps in a thread and Solara redraws
in another: with no pause the stepping thread leaves the redraws little room (the page
shows few frames until the run stops); 31 ms (a value on Mesa's slider) lets the page
redraw about five times a second. The slider goes down to 1 ms (full speed)."""
RENDER_INTERVAL = 5
"""Weeks between redraws while playing, and weeks per click of Step (Mesa's render
interval): a redraw costs more than a hundred weeks of the model."""
DEFAULT_SEED = "1"
NETWORK_ROWS = 15
CHART_ROWS = 11
"""Heights of the page's panels in Mesa's grid (rows of 30 px, 10 px apart)."""

CSS = """
/* Controls: the label (name, range and unit, then the meaning) on its own lines above
   the slider, and the slider's value always shown on its thumb. */
.v-input__slider .v-input__slot { flex-wrap: wrap; }
.v-input__slider .v-input__slot > .v-label {
    flex: 0 0 100%; max-width: 100%; white-space: pre-line; height: auto;
    font-size: 13px; line-height: 1.3; margin: 6px 0 36px 0;
}
.v-input__slider .v-input__slot > .v-label::first-line { font-weight: 600; font-size: 14px; }
.v-slider__thumb-label { transform: translateY(-20%) translateY(-12px) translateX(-50%) rotate(45deg) !important; }
.v-slider__thumb-container .v-slider__thumb-label-container,
.v-slider__thumb-container .v-slider__thumb-label { display: flex !important; }
.v-slider__thumb-label span { font-size: 11px; }
.v-input--checkbox .v-label { display: block !important; white-space: pre-line; font-size: 13px; }
.v-input--checkbox .v-label::first-line { font-weight: 600; }
.hlm-status { font-size: 14px; line-height: 1.4; }
.hlm-status .pending { color: #b3261e; font-weight: 600; }
.hlm-group { display: block; font-weight: 600; font-size: 15px; margin: 14px 0 4px 0; color: #1565c0; }
"""


def page_grid_layout(num_components: int) -> list[dict[str, Any]]:
    """First arrangement of the page's panels: the network across the whole width (it
    is wide: the partners' ring, then the buildings' rows), the charts two by two below.

    Mesa's SolaraViz gives every panel half the width and has no option for another
    first arrangement; it calls ``solara_viz.make_initial_grid_layout``, which this
    module replaces (the server serves only this page). Users can still drag and resize
    the panels.
    """
    layout = [{"i": 0, "x": 0, "y": 0, "w": 12, "h": NETWORK_ROWS, "moved": False}]
    for i in range(1, num_components):
        k = i - 1
        layout.append({"i": i, "x": 6 * (k % 2), "y": NETWORK_ROWS + CHART_ROWS * (k // 2),
                       "w": 6, "h": CHART_ROWS, "moved": False})
    return layout


solara_viz.make_initial_grid_layout = page_grid_layout


def initial_controls(milieu: str) -> dict[str, Any]:
    """Every control's first value: the milieu, the seed and the milieu file's values."""
    return {MILIEU: milieu_key(milieu), SEED: DEFAULT_SEED, **milieu_values(milieu)}


def pending_changes(model: PageModel, values: dict[str, Any]) -> list[str]:
    """The controls whose value differs from the running model's (they wait for Reset)."""
    out = []
    if values[MILIEU] != model.milieu:
        out.append(f"{MILIEU} = {values[MILIEU]}")
    if parse_seed(values[SEED]) != model.seed:
        out.append(f"seed = {values[SEED]}")
    for name, param in PARAMS.items():
        value = clean_value(param, values[name])
        if value != model.p[name]:
            out.append(f"{name} = {fmt_value(value)}")
    return out


def network_view(model: PageModel) -> Any:
    """The network this week (Mesa wraps this function so it redraws at each step)."""
    with model.lock:  # Mesa may be stepping the model in another thread
        spec = network_spec(model)
    return solara.widgets.VegaLite.element(spec=spec)


@solara.component
def RunStatus(model: PageModel, controls: dict[str, solara.Reactive[Any]], lang: Lang) -> None:  # noqa: N802
    """What runs, how it differs from its milieu, and what waits for Reset."""
    values = {name: r.value for name, r in controls.items()}
    site = model.site
    pending = pending_changes(model, values)
    changed = ", ".join(f"{k} = {fmt_value(v)} ({fmt_value(model.base_params[k])})"
                        for k, v in model.changed.items())
    with solara.Card(site.name, classes=["hlm-status"]), solara.Column(gap="6px"):
        solara.Text(site.description)
        solara.Text(f"HLM: {len(site.buildings)} · {text('households', lang)}: {site.households} · "
                    f"{text('partners', lang)}: {len(site.partners)} · {text('workers', lang)}: "
                    f"{len(site.workers)} · seed: {model.seed}")
        if changed:
            solara.Text(f"{text('vs_default', lang)} {changed}")
        if pending:
            solara.Text(f"{text('pending', lang)} {'; '.join(pending)}", classes=["pending"])
        else:
            solara.Text(text("apply_hint", lang))


@solara.component
def OtherParameters(controls: dict[str, solara.Reactive[Any]], lang: Lang) -> None:  # noqa: N802
    """The parameters not in Mesa's card, drawn with Mesa's ``UserInputs`` on demand.

    Mesa's card shows every control all the time; fifty sliders make a long sidebar and
    make every redraw slower (Solara revisits the whole page at each step). The inputs
    are bound to the same reactive variables, which reach the model at Reset.
    """
    shown, set_shown = solara.use_state(False)
    groups = other_controls(lang, controls)
    count = sum(len(g) for g in groups.values())
    with solara.Card(text("other_params", lang)):
        solara.Checkbox(label=f"{text('show_other', lang)} ({count})", value=shown,
                        on_value=set_shown)
        if shown:
            for group, inputs in groups.items():
                solara.Text(GROUP_NAMES[group][lang], classes=["hlm-group"])
                UserInputs(inputs, on_change=_ignore)


@solara.component
def BelowMesaSidebar(controls: dict[str, solara.Reactive[Any]], lang: Lang) -> None:  # noqa: N802
    """Puts :func:`OtherParameters` in the sidebar below Mesa's cards.

    Solara orders the sidebar's content by the depth of the component that adds it,
    shallowest first; Mesa's cards come from a child of the page, so these come from a
    grandchild.
    """
    _SidebarGrandchild(controls, lang)


@solara.component
def _SidebarGrandchild(controls: dict[str, solara.Reactive[Any]], lang: Lang) -> None:  # noqa: N802
    with solara.Sidebar():
        OtherParameters(controls, lang)


def _ignore(name: str, value: Any) -> None:
    """Mesa's inputs report changes here too; the reactive variables already hold them."""


def use_controls(initial: dict[str, Any]) -> dict[str, solara.Reactive[Any]]:
    """A hook: one reactive variable per control, always the same names in the same order
    (as the rules of hooks ask of a loop over hooks)."""
    return {name: solara.use_reactive(value) for name, value in initial.items()}


@solara.component
def HLMPage(milieu: str = DEFAULT_MILIEU, first_lang: Lang = "fr") -> None:  # noqa: N802
    """The page for one browser session."""
    initial = solara.use_memo(lambda: initial_controls(milieu), [])
    lang = solara.use_reactive(LANG_NAMES[first_lang])  # the selector shows the names
    controls = use_controls(initial)
    first = solara.use_memo(lambda: PageModel(**initial, lang=first_lang), [])
    model: solara.Reactive[PageModel] = solara.use_reactive(first)
    choices = solara.use_memo(lambda: milieu_choices(milieu), [])

    def follow_milieu() -> Any:
        """Choosing a milieu sets every control to that milieu's values."""
        def apply(name: str) -> None:
            for key, value in milieu_values(name).items():
                controls[key].set(value)
        return controls[MILIEU].subscribe(apply)

    solara.use_effect(follow_milieu, [])

    language = as_lang(lang.value)

    def follow_language() -> None:
        if model.value.lang != language:
            model.value.lang = language
            force_update()

    solara.use_effect(follow_language, [language, model.value])

    solara.Style(CSS)
    solara.Title("hlm-sim")
    with solara.AppBar():
        solara.Select(label=text("language", language), value=lang,
                      values=[LANG_NAMES[code] for code in LANGS],
                      style={"max-width": "10em"}, classes=["hlm-language"])
    with solara.Sidebar():
        RunStatus(model.value, controls, language)
    SolaraViz(
        model,
        components=[network_view, *charts.components(language)],
        model_params=model_params(language, controls, choices),
        name=text("title", language),
        play_interval=PLAY_INTERVAL_MS,
        render_interval=RENDER_INTERVAL,
    )
    BelowMesaSidebar(controls, language)


@solara.component
def Page() -> None:  # noqa: N802
    """Solara's entry point: the page with the milieu and language ``hlm-sim viz`` chose."""
    HLMPage(os.environ.get(ENV_MILIEU, DEFAULT_MILIEU), as_lang(os.environ.get(ENV_LANG, "fr")))
