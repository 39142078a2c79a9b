"""The model's outcomes, declared once.

Each outcome has one definition here: the model records it, the command line prints
it, studies analyse it, calibration targets it and the ODD lists it under the same
name. ``better`` says which direction a what-if should move it to count as better
(``+1`` higher is better, ``-1`` lower is better, ``0`` no meaningful direction).

Counts and means run over the observed period: from week 0 (November 2018, the start of
observation) to the week reported; the network's history before week 0 is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.kinds import CONTROVERSIES


@dataclass(frozen=True, slots=True)
class Outcome:
    """One declared outcome."""

    name: str
    unit: str
    meaning: str
    sens: str
    better: int


def _by_kind() -> tuple[Outcome, ...]:
    out = []
    for kind, en, fr in ((k.key, k.over_en, k.over_fr) for k in CONTROVERSIES):
        out += [
            Outcome(f"controversies_opened_{kind}", "count",
                    f"Controversies over {en} opened since the start of observation.",
                    f"Controverses sur {fr} ouvertes depuis le début de l'observation.", 0),
            Outcome(f"controversies_resolved_{kind}", "count",
                    f"Controversies over {en} resolved since the start of observation.",
                    f"Controverses sur {fr} réglées depuis le début de l'observation.", 0),
            Outcome(f"controversies_open_{kind}", "count",
                    f"Controversies over {en} open now (0 or 1).",
                    f"Controverses sur {fr} ouvertes en ce moment (0 ou 1).", -1),
        ]
    return tuple(out)


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
    Outcome("core_enrolled_share", "share",
            "Share of the core partners (whose representative stays throughout, as milieu "
            "3's three) enrolled or mobilised; undefined where a milieu has fewer than two.",
            "Part des partenaires du noyau (dont le ou la représentant·e reste en poste, "
            "comme les trois du milieu 3) enrôlés ou mobilisés ; non définie là où un "
            "milieu en a moins de deux.", +1),
    Outcome("fallbacks", "count",
            "Partner stage transitions backwards since the start of observation.",
            "Reculs d'étape des partenaires depuis le début de l'observation.", -1),
    Outcome("partner_engagement", "0-1",
            "Mean engagement of the seated partner representatives.",
            "Engagement moyen des représentant·es partenaires en poste.", +1),
    Outcome("engagement_peak", "0-1",
            "Highest mean engagement of the partners since the start of observation.",
            "Engagement moyen le plus haut des partenaires depuis le début de l'observation.",
            0),
    Outcome("engagement_peak_week", "week",
            "Week of that peak (0 = the start of observation).",
            "Semaine de ce sommet (0 = début de l'observation).", 0),
    Outcome("engagement_decline", "0-1",
            "Fall of the partners' mean engagement from its peak to now.",
            "Baisse de l'engagement moyen des partenaires depuis son sommet.", -1),
    Outcome("departures_partners", "count",
            "Departures of partner representatives since the start of observation.",
            "Départs de représentant·es partenaires depuis le début de l'observation.", -1),
    Outcome("replacements_partners", "count",
            "Partner representatives who took an empty seat since the start of observation.",
            "Représentant·es partenaires arrivé·es dans un siège vacant depuis le début de "
            "l'observation.", 0),
    Outcome("departures_workers", "count",
            "Departures of proximity workers since the start of observation.",
            "Départs d'intervenant·es de proximité depuis le début de l'observation.", -1),
    Outcome("replacements_workers", "count",
            "Proximity workers who took an empty post since the start of observation.",
            "Intervenant·es arrivé·es dans un poste vacant depuis le début de l'observation.",
            0),
    Outcome("representatives_stayed_share", "share",
            "Share of partners whose representative at the start of observation is still "
            "in the seat, never replaced.",
            "Part des partenaires dont le ou la représentant·e du début de l'observation est "
            "toujours en poste.", +1),
    Outcome("isolation_rate", "share",
            "Share of households with no tie to another household.",
            "Part des ménages sans lien avec un autre ménage.", -1),
    Outcome("isolation_change", "share",
            "Change in the share of isolated households since the start of observation "
            "(positive = isolation rose).",
            "Variation de la part des ménages isolés depuis le début de l'observation "
            "(positive = l'isolement a augmenté).", -1),
    Outcome("mean_ties", "ties/household",
            "Mean number of ties per household.", "Nombre moyen de liens par ménage.", +1),
    Outcome("residents_reached_share", "share",
            "Share of households in a worker's active caseload (contacted within the "
            "follow-up window the scenario sets).",
            "Part des ménages suivis par un·e intervenant·e (contact dans la fenêtre de "
            "suivi que fixe le scénario).", +1),
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
            "Referrals to partners' services since the start of observation, per 100 "
            "households.",
            "Références vers les services des partenaires depuis le début de l'observation, "
            "pour 100 ménages.",
            +1),
    Outcome("participation_gini", "0-1",
            "Gini coefficient of households' attendance counts since the start of "
            "observation.",
            "Coefficient de Gini des présences des ménages depuis le début de l'observation.",
            -1),
    Outcome("controversies_opened", "count",
            "Controversies opened since the start of observation (fewer is not always "
            "better: nobody disputes at a table that does not meet).",
            "Controverses ouvertes depuis le début de l'observation (moins n'est pas "
            "toujours mieux : une table qui ne se réunit pas ne débat pas).", 0),
    Outcome("controversies_resolved", "count",
            "Controversies resolved since the start of observation.",
            "Controverses réglées depuis le début de l'observation.", 0),
    Outcome("controversies_open", "count",
            "Controversies open now.", "Controverses ouvertes en ce moment.", -1),
    Outcome("controversies_between_core", "count",
            "Controversies opened since the start of observation between two core partners "
            "(partners whose representative stays throughout, as milieu 3's three); "
            "undefined where a milieu has fewer than two.",
            "Controverses ouvertes depuis le début de l'observation entre deux partenaires "
            "du noyau (dont le ou la représentant·e reste en poste, comme les trois du "
            "milieu 3) ; non définie là où un milieu en a moins de deux.", -1),
    *_by_kind(),
    Outcome("mean_resolution_weeks", "weeks",
            "Mean weeks from opening to resolution of the controversies resolved since the "
            "start of observation.",
            "Durée moyenne, en semaines, des controverses réglées depuis le début de "
            "l'observation.", -1),
    Outcome("intermediaries", "count",
            "Intermediaries (agreements, grids, guides, new committees, rules of common "
            "life) in force.",
            "Intermédiaires (ententes, grilles, guides, nouveaux comités, règles de vie) en "
            "vigueur.", 0),
    Outcome("intermediaries_change", "count",
            "Change in the number of intermediaries in force since the start of observation.",
            "Variation du nombre d'intermédiaires en vigueur depuis le début de l'observation.",
            0),
    Outcome("intermediaries_worn", "count",
            "Intermediaries that wore out since the start of observation (nobody carried "
            "them any more).",
            "Intermédiaires tombés en désuétude depuis le début de l'observation.", 0),
    Outcome("collective_projects", "count",
            "Collective projects run since the start of observation.",
            "Projets collectifs réalisés depuis le début de l'observation.", +1),
    Outcome("weeks_to_enrolled", "weeks",
            "Mean week at which partners not enrolled at the start of observation first "
            "reached enrolment (those that did).",
            "Semaine moyenne du premier enrôlement des partenaires qui l'ont atteint pendant "
            "l'observation.", -1),
)

OUTCOME_NAMES: tuple[str, ...] = tuple(o.name for o in OUTCOMES)
HEADLINE: tuple[str, ...] = (
    "partners_enrolled_share", "partners_mobilised_share", "collective_projects",
    "isolation_rate", "resident_trust", "residents_taking_part_share", "controversies_opened",
    "controversies_open",
)
"""The outcomes tables show first (and alone unless asked): mobilisation, isolation,
trust, participation, controversies. Directions (``better``) hold whatever the cause:
intermediaries have none, since more of them follow from more controversies as well as
from better resolution."""
BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}
