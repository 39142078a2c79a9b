"""The levers a manager or a funder can move, each with a plausible policy step, declared once.

A lever is a declared parameter (:mod:`sim.params`) that someone around the table can
change (the OMH, the CIUSSS, the employer of the proximity workers, a funder), with the
step a decision would plausibly take and the passage or assumption it rests on. The
``levers`` command runs each step as a paired what-if against a scenario and ranks them;
sensitivity analyses vary the levers unless other parameters are named. Everything else
(tie formation, attendance, the weights of the rules) stays internal: reachable by
naming it, never offered as a policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sim.params import PARAMS, Value

Op = Literal["set", "add", "scale"]


@dataclass(frozen=True)
class Lever:
    """A policy step on one parameter: set it, add to it or scale it (kept in its bounds)."""

    key: str
    param: str
    op: Op
    amount: Value
    en: str
    fr: str
    who_en: str
    who_fr: str
    source: str
    source_fr: str = ""

    def apply(self, value: Value) -> Value:
        """The parameter's value after the step, from ``value`` before it."""
        p = PARAMS[self.param]
        if self.op == "set":
            return self.amount
        raw = float(value) + float(self.amount) if self.op == "add" else float(value) * float(self.amount)
        low = p.low if p.low is not None else raw
        high = p.high if p.high is not None else raw
        clipped = min(max(raw, low), high)
        return round(clipped) if p.kind == "int" else clipped

    def words(self, lang: str) -> str:
        """The step in words, in English or French."""
        return self.fr if lang == "fr" else self.en

    def who(self, lang: str) -> str:
        """Who can take the step."""
        return self.who_fr if lang == "fr" else self.who_en

    def cited(self, lang: str) -> str:
        """The passage or assumption the step rests on, in English or French (the seed's
        passages stay French in both; a source of tags and passages alone, with no
        ``source_fr``, reads the same in both)."""
        return self.source_fr or self.source if lang == "fr" else self.source


LEVERS: tuple[Lever, ...] = (
    Lever("mediator", "mediator_presence", "add", 0.25,
          "A community organiser (mediator) at more meetings: presence +0.25",
          "Un·e organisateur·rice communautaire (médiation) à plus de rencontres : présence +0,25",
          "CIUSSS, OMH", "CIUSSS, OMH",
          "[S] « Le renforcement du rôle d'animation et de médiation, souvent joué par l'OC du "
          "CIUSSS, a parfois permis de régler certaines controverses »"),
    Lever("room_agreement", "room_agreement", "set", True,
          "The community room's sharing agreement signed from the start",
          "L'entente de partage du local communautaire signée dès le départ",
          "OMH, partners", "OMH, partenaires",
          "[S] milieu 2: « la gestion du local avec un contrat d'entente entre le CA et les "
          "groupes utilisateurs réguliers »"),
    Lever("worker_hours", "worker_hours", "scale", 1.5,
          "More hours for each proximity worker (+50%)",
          "Plus d'heures pour chaque intervenant·e de proximité (+50 %)",
          "employer, funder", "employeur, bailleur de fonds",
          "[S] milieu 4: « En se mettant disponible constamment comme ça, ça nous attire »"),
    Lever("keep_staff", "staff_turnover_rate", "scale", 0.5,
          "Staff kept in post: turnover halved",
          "Personnel maintenu en poste : roulement réduit de moitié",
          "employers, funders", "employeurs, bailleurs de fonds",
          "[S] « il faut qu'à reste permanent, il faut pas qu'elle change »; « Le roulement "
          "du personnel ... s'avère également un défi »"),
    Lever("fill_vacancies", "vacancy_weeks", "scale", 0.5,
          "Vacant seats filled twice as fast",
          "Postes vacants pourvus deux fois plus vite",
          "employers", "employeurs",
          "[A] hiring delays in community organisations",
          "[A] délais d'embauche dans les organismes communautaires"),
    Lever("room_slots", "room_slots", "add", 2,
          "Two more activity slots a week in the community room",
          "Deux plages d'activité de plus par semaine au local communautaire",
          "OMH", "OMH",
          "[S] « le partage et la gestion des espaces collectifs, notamment du local "
          "communautaire » (controversies over the room)",
          "[S] « le partage et la gestion des espaces collectifs, notamment du local "
          "communautaire » (controverses sur le local)"),
    Lever("ciusss_worker", "worker_employer", "set", "ciusss",
          "The proximity workers employed by the CIUSSS",
          "Les intervenant·es de proximité employé·es par le CIUSSS",
          "CIUSSS, funders", "CIUSSS, bailleurs de fonds",
          "[S] milieu 4: residents describe the CIUSSS worker's help very favourably",
          "[S] milieu 4 : les résident·es décrivent très favorablement l'aide de "
          "l'intervenante du CIUSSS"),
    Lever("no_suspension", "suspension_weeks", "set", 0,
          "Collective activities not suspended",
          "Activités collectives non suspendues",
          "public health, OMH", "santé publique, OMH",
          "[S] « l'arrivée de la pandémie de la COVID-19 ... a suspendu les activités "
          "collectives »"),
)
"""The levers, in the order the documentation lists them."""

BY_KEY: dict[str, Lever] = {lever.key: lever for lever in LEVERS}
LEVER_PARAMS: tuple[str, ...] = tuple(dict.fromkeys(lever.param for lever in LEVERS))
"""The parameters behind the levers (sensitivity analyses vary these by default)."""
