"""The "About this model / À propos" panel, like NetLogo's Info tab.

It says what the four stages of translation mean (Callon's terms), what each main
lever does in the model, where the milieu's structure comes from (the seed article's
passages, read from the comments and fields of the milieu's scenario file) and that the
values were fitted to the article's qualitative findings, not all reproduced yet, and
stay uncertain (with the file's own ``calibration`` line).
"""

from __future__ import annotations

import solara

from sim.app.controls import featured, label, range_words
from sim.app.labels import Lang, stage_name
from sim.app.names import local_name
from sim.app.words import say
from sim.scenario import find_scenario, load_scenario, seed_quotations
from sim.vocabulary import param_meaning, source_tags

STAGES_EXPLAINED: tuple[tuple[str, str], ...] = (
    (("The focal actors define a shared problem and make their network the obligatory "
     "passage point to solve it; a problematised partner recognises the problem as "
     "framed (problematisation)."),
     ("Les acteurs porteurs définissent un problème commun et font de leur réseau le "
     "point de passage obligé pour le résoudre ; un partenaire problématisé reconnaît le "
     "problème tel qu'il est posé (problématisation).")),
    (("Devices (committees, meetings, tools) lock the partner into the role the network "
     "proposes and away from competing ties; an interested partner takes part in the "
     "committees (intéressement)."),
     ("Des dispositifs (comités, rencontres, outils) fixent le partenaire dans le rôle que "
     "le réseau lui propose et le détachent d'autres liens ; un partenaire intéressé "
     "prend part aux comités (intéressement).")),
    (("The roles are negotiated and accepted: an enrolled partner knows and plays its "
     "part, and its services are open to the households the workers refer (enrolment)."),
     ("Les rôles sont négociés et acceptés : un partenaire enrôlé connaît et joue son "
     "rôle, et ses services sont ouverts aux ménages que les intervenant·es réfèrent "
     "(enrôlement).")),
    (("Spokespersons speak for their organisations and bring them along: a mobilised "
     "partner runs activities and collective projects with the residents (mobilisation)."),
     ("Des porte-parole parlent au nom de leur organisation et l'entraînent : un "
     "partenaire mobilisé anime des activités et des projets collectifs avec les "
     "résident·es (mobilisation).")),
)
"""The stages after "outside", in order (:data:`sim.model.state.STAGES`), in English and French."""

LEVER_EFFECTS: dict[str, tuple[str, str]] = {
    "staff_turnover_rate": (
        ("Each week a representative or a worker may leave; the seat stays empty a few "
        "weeks and the newcomer keeps only part of what the predecessor had built (more "
        "with an onboarding guide) and starts again from the organisation's view of the "
        "problem. Households may lose their trust with a departing worker. A departure "
        "can open a controversy about turnover."),
        ("Chaque semaine, un·e représentant·e ou un·e intervenant·e peut partir ; le siège "
        "reste vide quelques semaines et la personne qui arrive ne garde qu'une part de "
        "ce que l'autre avait construit (davantage avec un guide d'accueil) et repart de "
        "la vision du problème de son organisation. Les ménages peuvent perdre leur "
        "confiance avec le départ d'un·e intervenant·e. Un départ peut ouvrir une "
        "controverse sur le roulement.")),
    "mediator_presence": (
        ("A mediator (community organiser) at a meeting brings the partners' views of "
        "the problem closer; working an open controversy, makes it likelier to be "
        "settled, which can leave an intermediary (a grid, an agreement, a guide)."),
        ("Un·e médiateur·rice (organisateur·rice communautaire) présent·e à une rencontre "
        "rapproche les visions du problème ; sur une controverse ouverte, rend son "
        "règlement plus probable, ce qui peut laisser un intermédiaire (grille, entente, "
        "guide).")),
    "room_conflict_rate": (
        ("When more activities want the community room than it has slots and no agreement "
        "exists, a controversy about the room may open each week; open controversies "
        "hold partners back."),
        ("Quand plus d'activités demandent le local qu'il n'a de plages et qu'aucune "
        "entente n'existe, une controverse sur le local peut s'ouvrir chaque semaine ; les "
        "controverses ouvertes freinent les partenaires.")),
    "room_agreement": (
        ("A written agreement on the room from the start: slots are shared by the "
        "agreement, and room controversies do not open."),
        ("Une entente écrite sur le local dès le départ : les plages sont partagées selon "
        "l'entente, et les controverses sur le local ne s'ouvrent pas.")),
    "suspension_start_week": (
        ("From this week on, collective activities stop (as with COVID-19 in March 2020): "
        "no activities in the room, fewer ties made between households."),
        ("À partir de cette semaine, les activités collectives s'arrêtent (comme avec la "
        "COVID-19 en mars 2020) : plus d'activités au local, moins de liens entre "
        "ménages.")),
    "suspension_weeks": (
        "How long collective activities stay stopped; 0 means no suspension.",
        ("Combien de temps les activités collectives restent arrêtées ; 0 = aucune "
        "suspension.")),
    "worker_employer": (
        ("Who employs the proximity workers: with the CIUSSS, households receive the "
        "workers less readily at first (an institutional worker), which slows contacts "
        "and referrals."),
        ("Qui emploie les intervenant·es de proximité : avec le CIUSSS, les ménages "
        "accueillent d'abord moins facilement l'intervenant·e (perçu·e comme "
        "institutionnel·le), ce qui ralentit contacts et références.")),
    "worker_hours": (
        ("Hours each worker spends with residents: more hours, more households contacted "
        "each week, more referrals to the enrolled partners' services."),
        ("Heures de chaque intervenant·e auprès des résident·es : plus d'heures, plus de "
        "ménages contactés chaque semaine, plus de références vers les services des "
        "partenaires enrôlés.")),
}
"""What each main lever does in the model's rules (``sim/model/hlm.py``, ``sim/model/rules``); a
lever without an entry is explained by its declared meaning."""

def lever_effect(name: str, lang: Lang) -> str:
    """What a lever does in the model, in ``lang``."""
    pair = LEVER_EFFECTS.get(name)
    if pair is None:
        from sim.params import PARAMS  # noqa: PLC0415

        return param_meaning(PARAMS[name], lang)
    return pair[1] if lang == "fr" else pair[0]


@solara.component
def About(milieu: str, lang: Lang) -> None:  # noqa: N802
    """The panel's content for ``milieu`` in ``lang`` (inside a collapsed panel)."""
    path = find_scenario(milieu)
    scenario = load_scenario(path)
    with solara.Column(gap="4px", classes=["hlm-about"]):
        solara.Text(say("about_intro", lang))
        solara.v.Html(tag="h4", children=[say("about_stages", lang)])
        with solara.v.Html(tag="ol", class_="hlm-stages"):
            for k, (en, fr) in enumerate(STAGES_EXPLAINED):
                with solara.v.Html(tag="li"):
                    solara.v.Html(tag="b", children=[stage_name(k + 1, lang).capitalize()])
                    solara.Text(" — " + (fr if lang == "fr" else en))
        solara.Text(say("about_outside", lang))
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

