"""The "About this model / À propos" panel, like NetLogo's Info tab.

It says what the four stages of translation mean (Callon's terms), what each main
lever does in the model, where the milieu's structure comes from (the seed article's
passages, read from the comments and fields of the milieu's scenario file) and that the
values were fitted to the article's qualitative findings, not all reproduced yet, and
stay uncertain (with the file's own ``calibration`` line).
"""

from __future__ import annotations

from collections.abc import Mapping

import solara

from sim.app.controls import featured, label, range_words
from sim.app.names import local_name
from sim.params import PARAMS, Value
from sim.scenario import find_scenario, load_scenario, seed_quotations
from sim.stages import PARTNER_STAGES
from sim.vocabulary import (
    Lang,
    choice_name,
    colon,
    outcome_label,
    param_label,
    param_meaning,
    param_sentence,
    plain,
    say,
    source_tags,
    stage_meaning,
    stage_name,
    value_text,
)


def lever_effect(name: str, lang: Lang, values: Mapping[str, Value] | None = None) -> str:
    """What a lever does in the model, in ``lang``, written from the declarations: its
    declared meaning, the outcomes its :class:`sim.params.Effect` says it raises and
    lowers (by their labels), and the parameters that set how much, each by its short name
    (as its control is labelled) with its value and the first sentence of its declared
    meaning (``values``: the run's, else the defaults)."""
    param = PARAMS[name]
    parts = [plain(param_meaning(param, lang), lang, values)]
    lever = param.effect
    if lever is None:
        return parts[0]
    moves = [f"↑ {', '.join(outcome_label(o, lang) for o in lever.raises)}"] if lever.raises else []
    moves += [f"↓ {', '.join(outcome_label(o, lang) for o in lever.lowers)}"] if lever.lowers else []
    if moves:
        if lever.choice:
            how = say("lever_choose", lang, choice=choice_name(lever.choice, lang))
        else:
            how = say("lever_set" if param.kind == "bool" else "lever_raise", lang)
        parts.append(f"{how}{colon(lang)} {(' ; ' if lang == 'fr' else '; ').join(moves)}.")
    if lever.through:
        held = {**{n: p.default for n, p in PARAMS.items()}, **(values or {})}
        shaped = [f"{param_label(n, lang)} ({value_text(held[n], lang)}) — "
                  f"{_lower(plain(param_sentence(n, lang), lang, values))}"
                  for n in lever.through]
        sep = " ; " if lang == "fr" else "; "
        parts.append(f"{say('lever_through', lang)}{colon(lang)} {sep.join(shaped)}.")
    return " ".join(parts)


def _lower(sentence: str) -> str:
    """A sentence inside another: no capital unless it opens with an acronym."""
    return sentence if sentence[1:2].isupper() else f"{sentence[:1].lower()}{sentence[1:]}"


@solara.component
def About(milieu: str, lang: Lang) -> None:  # noqa: N802
    """The panel's content for ``milieu`` in ``lang`` (inside a collapsed panel)."""
    path = find_scenario(milieu)
    scenario = load_scenario(path)
    with solara.Column(gap="4px", classes=["hlm-about"]):
        solara.Text(say("about_intro", lang))
        solara.v.Html(tag="h4", children=[say("about_stages", lang)])
        with solara.v.Html(tag="ol", class_="hlm-stages"):
            for k in range(1, len(PARTNER_STAGES)):
                with solara.v.Html(tag="li"):
                    solara.v.Html(tag="b", children=[stage_name(k, lang).capitalize()])
                    solara.Text(" — " + stage_meaning(k, lang))
        solara.Text(stage_meaning(0, lang))
        solara.v.Html(tag="h4", children=[say("about_levers", lang)])
        with solara.v.Html(tag="ul"):
            for param in featured():
                with solara.v.Html(tag="li", attributes={"title": param.name}):
                    solara.v.Html(tag="b", children=[label(param, lang)])
                    words = range_words(param, lang)
                    solara.Text((f" ({words})" if words else "") + " — " + lever_effect(param.name, lang))
        solara.v.Html(tag="h4", children=[say("about_milieu", lang)])
        solara.Text(f"{local_name(scenario.name, lang)} — {local_name(scenario.description, lang)}")
        passages = seed_quotations(path)
        if passages:
            with solara.v.Html(tag="ul"):
                for quote in passages:
                    solara.v.Html(tag="li", children=[quote])
        else:
            solara.Text(say("about_no_passage", lang))
        solara.v.Html(tag="h4", children=[say("about_values", lang)])
        solara.Text(say("about_assumptions", lang))
        if scenario.calibration:
            solara.Text(f"{say('about_calibration', lang)} {scenario.calibration}")
        solara.Text(source_tags(lang))

