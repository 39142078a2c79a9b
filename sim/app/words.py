"""The page's own words that are not in :mod:`sim.app.labels`, in English and French:
the network's legend, the controls, the week counter, the About panel's headings.

Calendar: week 0 is November 2018, the start of the observation (week 66 is February
2020); :func:`month_of_week` names a week's month in either language without relying
on the machine's locale.
"""

from __future__ import annotations

import datetime as dt

from sim.app.labels import Lang

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
    "legend_partners": ("Partners: circles on the ring, coloured by translation stage "
                        "(pale while the seat is vacant)",
                        "Partenaires : cercles sur l'anneau, couleur selon l'étape de la "
                        "traduction (pâle si le siège est vacant)"),
    "legend_households": ("Households: one circle per group in each HLM, its area by the "
                          "number of households (written under it)",
                          "Ménages : un cercle par groupe dans chaque HLM, sa surface selon "
                          "le nombre de ménages (écrit dessous)"),
    "legend_shapes": ("Other shapes", "Autres formes"),
    "shape_worker": ("triangle: proximity worker (white while the post is vacant)",
                     "triangle : intervenant·e de proximité (blanc si le poste est vacant)"),
    "shape_committee": ("square: committee", "carré : comité"),
    "shape_room": ("diamond: community room (red outline when demand exceeds its slots)",
                   "losange : local communautaire (contour rouge si la demande dépasse "
                   "ses plages)"),
    "shape_intermediary": ("small square: intermediary (pale until one exists)",
                           "petit carré : intermédiaire (pâle tant qu'il n'existe pas)"),
    "legend_links": ("Links (thicker: more of them)", "Liens (plus épais : plus nombreux)"),
    "network_title": ("Network", "Réseau"),
    "households_short": ("households", "ménages"),
}


def say(key: str, lang: Lang) -> str:
    """The page's word ``key`` in ``lang``."""
    en, fr = _WORDS[key]
    return fr if lang == "fr" else en
