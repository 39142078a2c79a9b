"""The page's own words that are not in :mod:`sim.app.labels`, in English and French:
the network's legend, the controls, the week counter, the About panel's headings.

Calendar: week 0 is November 2018, the start of the observation (week 66 is February
2020); :func:`month_of_week` names a week's month in either language without relying
on the machine's locale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from sim.app.labels import Lang
from sim.params import PARAMS, Value
from sim.vocabulary import CHOICE_NAMES, choice_name, value_text

WEEK_ZERO = dt.date(2018, 11, 1)
"""The first day of week 0: the start of the observation, November 2018."""

MONTHS: dict[Lang, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}


def month_of_week(week: int, lang: Lang) -> str:
    """The month and year a week falls in: ``mars 2019`` for week 20 in French."""
    day = WEEK_ZERO + dt.timedelta(weeks=week)
    return f"{MONTHS[lang][day.month - 1]} {day.year}"


_WORDS: dict[str, tuple[str, str]] = {
    # key: (English, French)
    "legend_partners": (("Partners: circles on the ring, coloured by translation stage "
                        "(pale while the seat is vacant)"),
                        ("Partenaires : cercles sur l'anneau, couleur selon l'étape de la "
                        "traduction (pâle si le siège est vacant)")),
    "legend_households": (("Households: one circle per group in each HLM, its area by the "
                          "number of households (written under it)"),
                          ("Ménages : un cercle par groupe dans chaque HLM, sa surface selon "
                          "le nombre de ménages (écrit dessous)")),
    "legend_shapes": ("Other shapes", "Autres formes"),
    "shape_worker": ("triangle: proximity worker (white while the post is vacant)",
                     "triangle : intervenant·e de proximité (blanc si le poste est vacant)"),
    "shape_committee": ("square: committee", "carré : comité"),
    "shape_room": ("diamond: community room (red outline when demand exceeds its slots)",
                   ("losange : local communautaire (contour rouge si la demande dépasse "
                   "ses plages)")),
    "shape_intermediary": ("small square: intermediary (pale until one exists)",
                           "petit carré : intermédiaire (pâle tant qu'il n'existe pas)"),
    "legend_links": ("Links (thicker: more of them)", "Liens (plus épais : plus nombreux)"),
    "network_title": ("Network", "Réseau"),
    # charts
    "chart_stages": ("Partners by translation stage", "Partenaires par étape de la traduction"),
    "chart_enrolment": ("Partners enrolled or mobilised", "Partenaires enrôlés ou mobilisés"),
    "value_now": ("now {value}", "actuellement {value}"),
    "chart_actants": ("Controversies open and intermediaries in force",
                      "Controverses en cours et intermédiaires en vigueur"),
    "x_weeks": ("week (0 = {month})", "semaine (0 = {month})"),
    "unit_share_partners": ("share of partners (0 to 1)", "part des partenaires (de 0 à 1)"),
    "unit_share_households": ("share of households (0 to 1)", "part des ménages (de 0 à 1)"),
    "unit_count": ("number", "nombre"),
    "other_outcome": ("Another result of the run", "Un autre résultat du déroulement"),
    # controls
    "facilitator": ("Run", "Déroulement"),
    "milieu": ("Milieu", "Milieu"),
    "levers": ("The main levers", "Les principaux leviers"),
    "reset": ("Reset", "Recommencer"),
    "reset_tip": ("Start a new run with the values of the controls",
                  "Lancer un nouveau déroulement avec les valeurs des contrôles"),
    "step": ("One week", "Une semaine"),
    "step_tip": ("Advance the run by one week", "Avancer le déroulement d'une semaine"),
    "play": ("Play", "Lecture"),
    "pause": ("Pause", "Pause"),
    "week_of": ("Week {week} / {horizon} — {month}", "Semaine {week} / {horizon} — {month}"),
    "ended": (("The run has reached week {horizon} ({month}), its end. To go on: change the "
              "levers and press Reset for a new run, or choose another milieu."),
              ("Le déroulement a atteint la semaine {horizon} ({month}) : il est terminé. "
              "Pour continuer : modifiez les leviers puis « Recommencer » pour un nouveau "
              "déroulement, ou choisissez un autre milieu.")),
    "display": ("Display", "Affichage"),
    "pause_ms": (("Pause between two pictures while playing (milliseconds): shorter plays "
                 "faster"), ("Pause entre deux images pendant la lecture (millisecondes) : "
                 "plus courte, la lecture va plus vite")),
    "weeks_per_picture": (("Weeks per picture while playing: more plays faster but "
                          "less smoothly"), ("Semaines par image pendant la lecture : plus "
                          "il y en a, plus c'est rapide, mais moins fluide")),
    "seed_tip": ("The same seed and the same values give the same run",
                 "Le même germe et les mêmes valeurs donnent le même déroulement"),
    "switch_title": ("Change milieu?", "Changer de milieu ?"),
    "switch_text": (("You changed {n} value(s) for this milieu. {milieu} has values of its "
                    "own."), ("Vous avez modifié {n} valeur(s) pour ce milieu. {milieu} a ses "
                    "propres valeurs.")),
    "switch_take": ("Use the values of {milieu}", "Prendre les valeurs de {milieu}"),
    "switch_keep": ("Keep my values", "Garder mes valeurs"),
    "switch_cancel": ("Stay on this milieu", "Rester sur ce milieu"),
    "run_seed": ("seed", "germe"),
    "running": ("Running", "En cours"),
    # about
    "about": ("About this model", "À propos de ce modèle"),
    "about_intro": (
        ("hlm-sim follows the partners of a social housing site (HLM) and the households "
        "around a proximity intervention, week by week from November 2018 (week 0, the "
        "start of the observation), and reads the network through Michel Callon's "
        "sociology of translation: partners move through four stages, and the network "
        "holds when they reach enrolment and mobilisation."),
        ("hlm-sim suit les partenaires d'un milieu HLM et les ménages autour d'une "
        "intervention de proximité, semaine après semaine depuis novembre 2018 (semaine "
        "0, début de l'observation), et lit le réseau avec la sociologie de la traduction "
        "de Michel Callon : les partenaires traversent quatre étapes, et le réseau tient "
        "quand ils arrivent à l'enrôlement et à la mobilisation.")),
    "about_stages": ("The four stages of translation", "Les quatre étapes de la traduction"),
    "about_levers": ("What the main levers do in the model",
                     "Ce que font les principaux leviers dans le modèle"),
    "about_milieu": ("Where this milieu comes from", "D'où vient ce milieu"),
    "about_values": ("How far to trust the values", "Quelle confiance accorder aux valeurs"),
    "about_assumptions": (
        ("The structure of each milieu (buildings, partners, committees, workers) comes "
        "from the seed article. The four milieux' dynamics were fitted together to the "
        "qualitative findings the article reports (controversies everywhere, some "
        "unresolved, mobilisation lagging behind, milieu 1's disengagement, trust in "
        "milieu 4's worker); the fit does not yet reproduce all of them, and each value "
        "stays uncertain. Read the curves as the consequences of these values, not as "
        "predictions."),
        ("La structure de chaque milieu (HLM, partenaires, comités, intervenant·es) vient "
        "de l'article source. La dynamique des quatre milieux a été ajustée ensemble aux "
        "constats qualitatifs de l'article (des controverses partout, certaines non "
        "résolues, une mobilisation en retard, le désengagement du milieu 1, la confiance "
        "envers l'intervenante du milieu 4) ; l'ajustement ne les reproduit pas encore "
        "tous, et chaque valeur reste incertaine. Lisez les courbes comme les conséquences "
        "de ces valeurs, pas comme des prévisions.")),
    "about_calibration": ("This milieu's file says:", "Le fichier de ce milieu indique :"),
    "about_no_passage": ("The file quotes no passage of the article.",
                         "Le fichier ne cite aucun passage de l'article."),
    "about_outside": ("Outside: the partner is not (yet) part of the network.",
                      "Hors réseau : le partenaire ne fait pas (encore) partie du réseau."),
    "households_short": ("households", "ménages"),
}


_CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def plain(text: str, lang: Lang, values: Mapping[str, Value] | None = None) -> str:
    """``text`` (a declared meaning) without code names: a parameter's name becomes its
    value in words, from ``values`` (the run's) or else its declared default (« the last
    8 weeks »); a choice's identifier becomes its name."""
    def word(match: re.Match[str]) -> str:
        code = match.group(0)
        if code in PARAMS:
            held = values if values is not None and code in values else {code: PARAMS[code].default}
            return value_text(held[code], lang)
        if code in CHOICE_NAMES:
            return choice_name(code, lang)
        return code
    return _CODE.sub(word, text)


def say(key: str, lang: Lang) -> str:
    """The page's word ``key`` in ``lang``."""
    en, fr = _WORDS[key]
    return fr if lang == "fr" else en
