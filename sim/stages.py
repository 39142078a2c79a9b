"""The partners' translation stages and the households' stages, declared once.

[L] Callon 1986: problematisation, intéressement, enrolment, mobilisation, the moments of
translation, read here as the ordered stages a partner moves through (after "outside").
[S] « rejoindre les résidents », « participer », « co-organiser »: the households' stages
around the proximity intervention. The state arrays index stages in this order
(:mod:`sim.model.state`, :mod:`sim.model.site`); the page, the reports and every label read
these tables: their names, their colour (sequential: further along is darker, the lightest
still visible on white with a dark outline) and, for the partners' stages, what each
means in Callon's terms.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """A stage: its key, its name in English and French, its colour, and what it means."""

    key: str
    en: str
    fr: str
    colour: str
    meaning_en: str = ""
    meaning_fr: str = ""


PARTNER_STAGES: tuple[Stage, ...] = (
    Stage("outside", "outside", "hors réseau", "#c8c8c8",
          "Outside: the partner is not (yet) part of the network.",
          "Hors réseau : le partenaire ne fait pas (encore) partie du réseau."),
    Stage("problematised", "problematised", "problématisé", "#fdd49e",
          ("The focal actors define a shared problem and make their network the obligatory "
           "passage point to solve it; a problematised partner recognises the problem as "
           "framed (problematisation)."),
          ("Les acteurs porteurs définissent un problème commun et font de leur réseau le "
           "point de passage obligé pour le résoudre ; un partenaire problématisé reconnaît "
           "le problème tel qu'il est posé (problématisation).")),
    Stage("interested", "interested", "intéressé", "#7fcdbb",
          ("Devices (committees, meetings, tools) lock the partner into the role the network "
           "proposes and away from competing ties; an interested partner takes part in the "
           "committees (intéressement)."),
          ("Des dispositifs (comités, rencontres, outils) fixent le partenaire dans le rôle "
           "que le réseau lui propose et le détachent d'autres liens ; un partenaire intéressé "
           "prend part aux comités (intéressement).")),
    Stage("enrolled", "enrolled", "enrôlé", "#2c7fb8",
          ("The roles are negotiated and accepted: an enrolled partner knows and plays its "
           "part, and its services are open to the households the workers refer (enrolment)."),
          ("Les rôles sont négociés et acceptés : un partenaire enrôlé connaît et joue son "
           "rôle, et ses services sont ouverts aux ménages que les intervenant·es réfèrent "
           "(enrôlement).")),
    Stage("mobilised", "mobilised", "mobilisé", "#253494",
          ("Spokespersons speak for their organisations and bring them along: a mobilised "
           "partner runs activities and collective projects with the residents "
           "(mobilisation)."),
          ("Des porte-parole parlent au nom de leur organisation et l'entraînent : un "
           "partenaire mobilisé anime des activités et des projets collectifs avec les "
           "résident·es (mobilisation).")),
)
"""Callon's moments of translation as ordered partner stages."""

HOUSEHOLD_STAGES: tuple[Stage, ...] = (
    Stage("outside", "not reached", "non rejoints", "#c8c8c8"),
    Stage("reached", "reached", "rejoints", "#fdd49e"),
    Stage("taking_part", "taking part", "participent", "#41b6c4"),
    Stage("coorganising", "co-organising", "co-organisent", "#253494"),
)
"""The households' stages around the intervention, in order."""

STAGES: tuple[str, ...] = tuple(s.key for s in PARTNER_STAGES)
"""The partners' stage keys, in the order the state arrays index them."""
SITE_STAGES: tuple[str, ...] = tuple(s.key for s in HOUSEHOLD_STAGES)
"""The households' stage keys, in the order :meth:`sim.model.site.Site.resident_stages`
numbers them."""
STAGE_COLOURS: tuple[str, ...] = tuple(s.colour for s in PARTNER_STAGES)
RESIDENT_COLOURS: tuple[str, ...] = tuple(s.colour for s in HOUSEHOLD_STAGES)

WHO: tuple[str, ...] = ("partners", "households")
"""Whose stages the model records moves of, week by week."""


def stage_moves(who: str) -> tuple[tuple[int, int, str], ...]:
    """Every move between two different stages of ``who`` (``"partners"`` or
    ``"households"``): its stage before, its stage after, and the column of the weekly
    series that counts such moves in the week (``moved_partners_interested_enrolled``)."""
    keys = STAGES if who == "partners" else SITE_STAGES
    return tuple((a, b, f"moved_{who}_{keys[a]}_{keys[b]}")
                 for a in range(len(keys)) for b in range(len(keys)) if a != b)
