"""The model's outcomes, declared once.

Each outcome has one definition here: the model records it, the command line prints
it, studies analyse it, calibration targets it and the ODD lists it under the same
name. ``better`` says which direction a what-if should move it to count as better
(``+1`` higher is better, ``-1`` lower is better, ``0`` neither).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Outcome:
    """One declared outcome."""

    name: str
    unit: str
    meaning: str
    sens: str
    better: int


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("partners_problematised_share", "share",
            "Share of partners problematised or beyond.",
            "Part des partenaires problématisés ou au-delà.", +1),
    Outcome("partners_interested_share", "share",
            "Share of partners interested (intéressement) or beyond.",
            "Part des partenaires intéressés ou au-delà.", +1),
    Outcome("partners_enrolled_share", "share",
            "Share of partners enrolled or mobilised.",
            "Part des partenaires enrôlés ou mobilisés.", +1),
    Outcome("partners_mobilised_share", "share",
            "Share of partners mobilised.", "Part des partenaires mobilisés.", +1),
    Outcome("fallbacks", "count",
            "Partner stage transitions backwards since the start.",
            "Reculs d'étape des partenaires depuis le départ.", -1),
    Outcome("isolation_rate", "share",
            "Share of households with no tie to another household.",
            "Part des ménages sans lien avec un autre ménage.", -1),
    Outcome("mean_ties", "ties/household",
            "Mean number of ties per household.", "Nombre moyen de liens par ménage.", +1),
    Outcome("residents_reached_share", "share",
            "Share of households a worker has contacted at least once.",
            "Part des ménages rejoints au moins une fois par un·e intervenant·e.", +1),
    Outcome("residents_taking_part_share", "share",
            "Share of households that attended an activity in the last 8 weeks.",
            "Part des ménages ayant participé à une activité dans les 8 dernières semaines.",
            +1),
    Outcome("residents_coorganising_share", "share",
            "Share of households that take part regularly and sit on a committee or "
            "helped run a project.",
            "Part des ménages qui participent régulièrement et siègent à un comité ou ont "
            "aidé à un projet.", +1),
    Outcome("resident_trust", "0-1",
            "Mean trust of reached households in their current worker.",
            "Confiance moyenne des ménages rejoints envers leur intervenant·e actuel·le.", +1),
    Outcome("referrals_per_100", "per 100 households",
            "Referrals to partners' services since the start, per 100 households.",
            "Références vers les services des partenaires depuis le départ, pour 100 ménages.",
            +1),
    Outcome("participation_gini", "0-1",
            "Gini coefficient of households' attendance counts since the start.",
            "Coefficient de Gini des présences des ménages depuis le départ.", -1),
    Outcome("controversies_opened", "count",
            "Controversies opened since the start.",
            "Controverses ouvertes depuis le départ.", -1),
    Outcome("controversies_open", "count",
            "Controversies open now.", "Controverses ouvertes en ce moment.", -1),
    Outcome("mean_resolution_weeks", "weeks",
            "Mean weeks from opening to resolution of the controversies resolved so far.",
            "Durée moyenne, en semaines, des controverses réglées jusqu'ici.", -1),
    Outcome("intermediaries", "count",
            "Intermediaries (agreements, grids, guides, new committees) in force.",
            "Intermédiaires (ententes, grilles, guides, nouveaux comités) en vigueur.", +1),
    Outcome("collective_projects", "count",
            "Collective projects run since the start.",
            "Projets collectifs réalisés depuis le départ.", +1),
    Outcome("weeks_to_enrolled", "weeks",
            "Mean week at which partners first reached enrolment (those that did).",
            "Semaine moyenne du premier enrôlement des partenaires (qui l'ont atteint).", -1),
)

OUTCOME_NAMES: tuple[str, ...] = tuple(o.name for o in OUTCOMES)
BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}
