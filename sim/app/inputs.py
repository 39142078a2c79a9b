"""The page's inputs: one per declared parameter, labelled in plain words.

Each input shows the parameter's plain label (its declared short name) and its range
and unit in words; a drop-down names its choices; the tooltip of the label explains it
(its declared meaning's first sentence) and gives the parameter's name (what scripts and
``--set`` use). Inputs are bound to the page's reactive variables, which reach the model
at Reset.
"""

from __future__ import annotations

from typing import Any

import solara

from sim.app.controls import (
    choice_items,
    clean_value,
    fmt_value,
    label,
    other_params,
    range_words,
    slider_step,
    tooltip,
)
from sim.params import Param
from sim.vocabulary import Lang, group_name, say, value_text


@solara.component
def ParamLabel(param: Param, lang: Lang, value: Any = None) -> None:  # noqa: N802
    """The label: the short name, the value and the range in words under it; the meaning
    and the name in the tooltip."""
    words = range_words(param, lang)
    if words and value is not None:
        words = f"{say('value_now', lang).format(value=fmt_value(clean_value(param, value), lang))} · {words}"
    children: list[Any] = [solara.v.Html(tag="span", class_="hlm-name", children=[label(param, lang)])]
    if words:
        children.append(solara.v.Html(tag="span", class_="hlm-range", children=[words]))
    solara.v.Html(tag="div", class_="hlm-label", attributes={"title": tooltip(param, lang)},
                  children=children)


@solara.component
def ParamInput(param: Param, value: solara.Reactive[Any], lang: Lang) -> None:  # noqa: N802
    """One parameter's input, bound to ``value``."""
    with solara.Column(gap="0px", classes=["hlm-input", f"hlm-param-{param.name}"]):
        ParamLabel(param, lang, value.value)
        if param.kind == "bool":
            solara.Switch(label=value_text(bool(value.value), lang), value=value)
        elif param.kind == "choice":
            solara.v.Select(items=choice_items(param, lang), v_model=value.value,
                            on_v_model=value.set, dense=True, hide_details=True,
                            attributes={"title": tooltip(param, lang)})
        elif param.kind == "int":
            solara.SliderInt("", value=value, min=int(param.low or 0), max=int(param.high or 0),
                             step=1, thumb_label=True)
        else:
            solara.SliderFloat("", value=value, min=float(param.low or 0.0),
                               max=float(param.high or 0.0), step=slider_step(param),
                               thumb_label=True)


@solara.component
def OtherParameters(controls: dict[str, solara.Reactive[Any]], lang: Lang) -> None:  # noqa: N802
    """The parameters not among the main levers, by declared group, on demand (fifty
    inputs would make a long sidebar and slow every redraw)."""
    shown, set_shown = solara.use_state(False)
    groups: dict[str, list[Param]] = {}
    for param in other_params():
        groups.setdefault(param.group, []).append(param)
    count = sum(len(g) for g in groups.values())
    with solara.Card(say("other_params", lang)):
        solara.Checkbox(label=f"{say('show_other', lang)} ({count})", value=shown,
                        on_value=set_shown)
        if shown:
            for group, params in groups.items():
                name = group_name(group, lang)
                solara.Text(name, classes=["hlm-group"])
                for param in params:
                    ParamInput(param, controls[param.name], lang)
