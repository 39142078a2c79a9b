"""The page: one model per browser session, the facilitator's controls on top.

The Solara server (:mod:`sim.app.server`) renders :func:`Page` once per browser session
(each tab gets its own kernel context). Everything that holds state is created inside
the component with hooks: the first page model (``use_memo``), the reactive variable
that holds the current model, the controls' values and the language. Nothing is created
at module level, so two visitors never share a run.

Layout: the sidebar opens with the facilitator's card (milieu, week counter, Reset /
Play / One week, the eight main levers), then what runs and what waits for Reset, the
display settings (collapsed) and the other parameters (on demand). The main area has
the "About this model" panel (collapsed), the network and the charts.

From Mesa: the DataCollector the charts read, the redraw signal (``update_counter``,
``force_update``) and the way Reset builds a new model from the controls. Not Mesa's
``SolaraViz`` frame: its cards, buttons and settings are labelled in English only, its
Step advances several weeks, and it adds a "Page 0" tab (see :mod:`sim.app.controller`).
While playing, the model steps in one thread and Solara redraws in another: what draws
takes the page model's lock.
"""

from __future__ import annotations

import os
from typing import Any

import solara
import solara.lab
import solara.widgets
from mesa.visualization.utils import update_counter

from sim.app import ENV_LANG, ENV_MILIEU, charts
from sim.app.about import About
from sim.app.controller import RunControls
from sim.app.controls import (
    DEFAULT_MILIEU,
    MILIEU,
    SEED,
    clean_value,
    featured,
    fmt_value,
    milieu_choices,
    milieu_key,
    milieu_values,
    parse_seed,
)
from sim.app.inputs import OtherParameters, ParamInput
from sim.app.model import PageModel
from sim.app.names import local_name
from sim.app.view import network_spec
from sim.params import PARAMS
from sim.scenario import find_scenario, load_scenario
from sim.vocabulary import LANG_NAMES, LANGS, Lang, as_lang, colon, param_label, say

DEFAULT_SEED = "1"
FIRST_OUTCOME = "residents_reached_share"
"""The outcome the last chart shows first (any declared one can be chosen)."""

CSS = """
.hlm-label { font-size: 13px; line-height: 1.3; margin-top: 8px; }
.hlm-label .hlm-name { font-weight: 600; display: block; }
.hlm-label .hlm-range { color: #555; display: block; font-size: 12px; }
.hlm-input .v-input { margin-top: 0; padding-top: 0; }
.v-slider__thumb-label span { font-size: 11px; }
.hlm-week { font-size: 17px; font-weight: 600; margin: 4px 0; }
.hlm-buttons { display: grid !important; grid-template-columns: auto auto auto; }
.hlm-buttons .v-btn { padding: 0 8px !important; min-width: 0 !important; letter-spacing: 0;
                      text-transform: none; font-size: 14px; }
.hlm-status { font-size: 14px; line-height: 1.4; }
.hlm-status .pending { color: #b3261e; font-weight: 600; }
.hlm-group { display: block; font-weight: 600; font-size: 15px; margin: 14px 0 4px 0; color: #1565c0; }
.hlm-network svg.marks { width: 100% !important; height: auto !important; }
.hlm-about { font-size: 14px; line-height: 1.45; max-width: 75em; }
.hlm-about h4 { margin: 10px 0 2px 0; }
.hlm-about li { margin-bottom: 3px; }
"""


def initial_controls(milieu: str) -> dict[str, Any]:
    """Every control's first value: the milieu, the seed and the milieu file's values."""
    return {MILIEU: milieu_key(milieu), SEED: DEFAULT_SEED, **milieu_values(milieu)}


def user_changes(values: dict[str, Any], milieu: str) -> dict[str, Any]:
    """The parameter controls whose value differs from ``milieu``'s file."""
    base = milieu_values(milieu)
    return {name: values[name] for name, param in PARAMS.items()
            if clean_value(param, values[name]) != base[name]}


def pending_changes(model: PageModel, values: dict[str, Any], lang: Lang = "en") -> list[str]:
    """The controls whose value differs from the running model's (they wait for Reset),
    in plain words."""
    out = []
    if values[MILIEU] != model.milieu:
        out.append(f"{say('milieu', lang)}{colon(lang)} {milieu_title(values[MILIEU], lang)}")
    if parse_seed(values[SEED]) != model.seed:
        out.append(f"{say('run_seed', lang)} = {values[SEED]}")
    for name, param in PARAMS.items():
        value = clean_value(param, values[name])
        if value != model.p[name]:
            out.append(f"{param_label(name, lang)} = {fmt_value(value, lang)}")
    return out


def milieu_title(milieu: str, lang: Lang) -> str:
    """A milieu's name as its file gives it, in ``lang``."""
    return local_name(load_scenario(find_scenario(milieu)).name, lang)


def network_view(model: PageModel) -> Any:
    """The network this week (redrawn at each step)."""
    with model.lock:  # the model may be stepping in another thread
        spec = network_spec(model)
    return solara.widgets.VegaLite.element(spec=spec)


@solara.component
def Live(model: PageModel, draw: Any, lang: Lang) -> None:  # noqa: N802
    """``draw(model)``, redrawn whenever the page asks (as Mesa's components are) and
    when the language changes (the views read it from the model)."""
    update_counter.get()
    draw(model)


@solara.component
def RunStatus(model: PageModel, controls: dict[str, solara.Reactive[Any]], lang: Lang) -> None:  # noqa: N802
    """What runs, how it differs from its milieu, and what waits for Reset."""
    values = {name: r.value for name, r in controls.items()}
    site = model.site
    pending = pending_changes(model, values, lang)
    changed = "; ".join(f"{param_label(k, lang)} = {fmt_value(v, lang)} ({fmt_value(model.base_params[k], lang)})"
                        for k, v in model.changed.items())
    with solara.Card(local_name(site.name, lang), classes=["hlm-status"]), solara.Column(gap="6px"):
        solara.Text(local_name(site.description, lang))
        c = colon(lang) + " "
        solara.Text(f"HLM{c}{len(site.buildings)} · {say('households', lang)}{c}{site.households} · "
                    f"{say('partners', lang)}{c}{len(site.partners)} · {say('workers', lang)}{c}"
                    f"{len(site.workers)} · {say('run_seed', lang)}{c}{model.seed}")
        if changed:
            solara.Text(f"{say('vs_default', lang)} {changed}")
        if pending:
            solara.Text(f"{say('pending', lang)} {'; '.join(pending)}", classes=["pending"])
        else:
            solara.Text(say("apply_hint", lang))


@solara.component
def MilieuSelector(controls: dict[str, solara.Reactive[Any]], choices: list[str], lang: Lang) -> None:  # noqa: N802
    """The milieu drop-down. Choosing a milieu sets every control to its values; when
    the user changed values, it asks first: take the new milieu's values, keep mine, or
    stay."""
    asked: solara.Reactive[str | None] = solara.use_reactive(None)
    current = controls[MILIEU].value
    items = [{"text": milieu_title(m, lang), "value": m} for m in choices]

    def switch(milieu: str, take: bool) -> None:
        if take:
            for key, value in milieu_values(milieu).items():
                controls[key].set(value)
        controls[MILIEU].set(milieu)
        asked.set(None)

    def choose(milieu: str) -> None:
        if milieu == current:
            return
        if user_changes({k: r.value for k, r in controls.items()}, current):
            asked.set(milieu)
        else:
            switch(milieu, take=True)

    solara.v.Select(label=say("milieu", lang), items=items, v_model=current, on_v_model=choose,
                    dense=True, hide_details=True, class_="hlm-milieu")
    if asked.value is not None:
        target = asked.value
        n = len(user_changes({k: r.value for k, r in controls.items()}, current))
        name = milieu_title(target, lang)
        with solara.Card(say("switch_title", lang), classes=["hlm-switch"]):
            solara.Text(say("switch_text", lang).format(n=n, milieu=name))
            with solara.Column(gap="4px"):
                solara.Button(say("switch_take", lang).format(milieu=name), color="primary",
                              on_click=lambda: switch(target, take=True))
                solara.Button(say("switch_keep", lang), outlined=True,
                              on_click=lambda: switch(target, take=False))
                solara.Button(say("switch_cancel", lang), text=True, on_click=lambda: asked.set(None))


def use_controls(initial: dict[str, Any]) -> dict[str, solara.Reactive[Any]]:
    """A hook: one reactive variable per control, always the same names in the same order
    (as the rules of hooks ask of a loop over hooks)."""
    return {name: solara.use_reactive(value) for name, value in initial.items()}


@solara.component
def HLMPage(milieu: str = DEFAULT_MILIEU, first_lang: Lang = "fr") -> None:  # noqa: N802
    """The page for one browser session."""
    initial = solara.use_memo(lambda: initial_controls(milieu), [])
    lang_name = solara.use_reactive(LANG_NAMES[first_lang])  # the selector shows the names
    controls = use_controls(initial)
    first = solara.use_memo(lambda: PageModel(**initial, lang=first_lang), [])
    model: solara.Reactive[PageModel] = solara.use_reactive(first)
    playing = solara.use_reactive(False)
    choices = solara.use_memo(lambda: milieu_choices(milieu), [])
    lang = as_lang(lang_name.value)
    if model.value.lang != lang:
        model.value.lang = lang  # the views read the language from the model

    def reset() -> None:
        playing.set(False)
        values = {name: r.value for name, r in controls.items()}
        model.set(PageModel(**values, lang=lang))

    solara.Style(CSS)
    solara.Title("hlm-sim")
    with solara.AppBar():
        solara.AppBarTitle(say("title", lang))
        solara.Select(label=say("language", lang), value=lang_name,
                      values=[LANG_NAMES[code] for code in LANGS],
                      style={"max-width": "10em"}, classes=["hlm-language"])
    with solara.Sidebar(), solara.Column(gap="8px"):
        with solara.Card(classes=["hlm-facilitator"]):
            MilieuSelector(controls, choices, lang)
            RunControls(model, lang, reset, playing)
            solara.Text(say("levers", lang), classes=["hlm-group"])
            for param in featured():
                ParamInput(param, controls[param.name], lang)
            solara.InputText(say("seed", lang), value=controls[SEED])
        RunStatus(model.value, controls, lang)
        OtherParameters(controls, lang)
    MainArea(model.value, lang)


@solara.component
def MainArea(model: PageModel, lang: Lang) -> None:  # noqa: N802
    """About (collapsed), the network across the width, the charts two by two, then a
    chart of any declared outcome."""
    chosen = solara.use_reactive(FIRST_OUTCOME if FIRST_OUTCOME in charts.DECLARED
                                 else next(iter(charts.DECLARED)))
    with solara.Column(gap="12px"):
        with solara.Details(say("about", lang)):
            About(model.milieu, lang)
        with solara.Card(classes=["hlm-network"]):
            Live(model, network_view, lang)
        drawers = charts.components()
        for k in range(0, len(drawers), 2):
            with solara.Columns([1, 1]):
                for draw in drawers[k:k + 2]:
                    with solara.Card():
                        Live(model, draw, lang)
        with solara.Card():
            charts.OutcomeChart(model, lang, chosen)


@solara.component
def Page() -> None:  # noqa: N802
    """Solara's entry point: the page with the milieu and language ``hlm-sim viz`` chose."""
    HLMPage(os.environ.get(ENV_MILIEU, DEFAULT_MILIEU), as_lang(os.environ.get(ENV_LANG, "fr")))
