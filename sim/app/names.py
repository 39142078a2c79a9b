"""Names written in the scenario files, shown in the page's language.

The bundled scenario files name partners, committees and milieux in English; this
module gives their French names for the page (a name it does not know is shown as
written). The place for these would be the scenario files themselves (a ``name_fr``
beside each ``name``); until then the page keeps them here.
"""

from __future__ import annotations

from sim.vocabulary import Lang

FRENCH: dict[str, str] = {
    # milieux
    "Baseline HLM site": "Milieu HLM de référence",
    "One large HLM plan with a partners' committee and two proximity workers of a "
    "community group.": "Un grand plan HLM avec un comité de partenaires et deux "
    "intervenant·es de proximité d'un organisme communautaire.",
    "Three HLM in Montreal; partners' and coordination committees; six community-group "
    "workers in pairs; early interest faded (« un désengagement »).":
    "Trois HLM à Montréal ; comité de partenaires et comité de coordination ; six "
    "intervenant·es d'un organisme communautaire, deux par deux ; l'intérêt du début "
    "s'est effrité (« un désengagement »).",
    "One large HLM in Montreal; partners' and follow-up committees; two leisure-group "
    "workers; room agreement with a fee; « c'est toujours les mêmes qui participent ».":
    "Un grand HLM à Montréal ; comité de partenaires et comité de suivi ; deux "
    "intervenant·es d'un organisme de loisirs ; entente sur le local avec tarif ; "
    "« c'est toujours les mêmes qui participent ».",
    "One HLM in Quebec City; born of a crisis; follow-up and environment committees; one "
    "community-centre animator; roles set by a grid; stable core.":
    "Un HLM à Québec ; né d'une crise ; comité de suivi et comité environnement ; une "
    "animatrice du centre communautaire ; rôles fixés par une grille ; noyau stable.",
    "One HLM in Quebec City; field table, coordination and Vivre Ensemble committees; one "
    "CIUSSS social worker, judged very favourably by residents.":
    "Un HLM à Québec ; table de terrain, comité de coordination et comité Vivre Ensemble ; "
    "une intervenante du CIUSSS, très appréciée des résident·es.",
    # partners
    "CIUSSS community organiser": "Organisatrice communautaire du CIUSSS",
    "OMH community organiser": "Organisatrice communautaire de l'OMH",
    "Community group (employer)": "Organisme communautaire (employeur)",
    "Community organisation (employer)": "Organisme communautaire (employeur)",
    "Youth leisure organisation (employer)": "Organisme de loisirs jeunesse (employeur)",
    "Community centre (employer)": "Centre communautaire (employeur)",
    "CIUSSS (employer)": "CIUSSS (employeur)",
    "Leisure group": "Organisme de loisirs",
    "Food bank": "Banque alimentaire",
    "Family resource centre": "Maison de la famille",
    "Family centre": "Maison de la famille",
    "School": "École",
    "Primary school": "École primaire",
    "Municipality": "Municipalité",
    "Borough": "Arrondissement",
    "City": "Ville",
    "Library": "Bibliothèque",
    "Regional funder": "Bailleur de fonds régional",
    "Funder": "Bailleur de fonds",
    "Funder (Vivre Ensemble)": "Bailleur de fonds (Vivre Ensemble)",
    "Tenants' committee": "Comité de locataires",
    "Seniors' group": "Groupe d'aîné·es",
    "Youth employment group": "Carrefour jeunesse-emploi",
    "Youth centre": "Maison des jeunes",
    "Youth house": "Maison des jeunes",
    "Legal aid clinic": "Clinique juridique",
    "Board of the community room": "Conseil du local communautaire",
    "Collective kitchen": "Cuisine collective",
    "Newcomers' centre": "Centre d'accueil des nouveaux arrivants",
    "Mobilisation agent": "Agente de mobilisation",
    "Police community unit": "Police communautaire",
    "Community centre": "Centre communautaire",
    # committees
    "Partners' committee": "Comité de partenaires",
    "Coordination committee": "Comité de coordination",
    "Follow-up committee": "Comité de suivi",
    "Environment committee": "Comité environnement",
    "Field table": "Table de terrain",
    "Vivre Ensemble committee": "Comité Vivre Ensemble",
}


def local_name(name: str, lang: Lang) -> str:
    """``name`` as the page shows it in ``lang``."""
    return FRENCH.get(name, name) if lang == "fr" else name
