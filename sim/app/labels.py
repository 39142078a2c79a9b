"""The page's words in French and English, and its colours.

Parameter and outcome meanings come from their declarations (:mod:`sim.params`,
:mod:`sim.outcomes`: ``meaning`` in English, ``sens`` in French); this module holds only
the page's own words (chart titles, node and edge kinds) and its colours. The words
the CLI, the reports and the page share (stages, groups, controversy kinds, choices,
units) live in :mod:`sim.vocabulary` and are re-exported here.
"""

from __future__ import annotations

from sim.model.hlm import SITE_STAGES
from sim.model.state import STAGES
from sim.vocabulary import (
    CONTROVERSY_NAMES,
    GROUP_NAMES,
    ISOLATED,
    LANG_NAMES,
    LANGS,
    RESIDENT_STAGE_NAMES,
    STAGE_NAMES,
    Lang,
    as_lang,
    intermediary_name,
    resident_stage_name,
    stage_name,
)

# Sequential colours: further along the translation (or the site) is darker. Readable
# when projected: the lightest is still visible on white with the dark outline.
STAGE_COLOURS: tuple[str, ...] = ("#c8c8c8", "#fdd49e", "#7fcdbb", "#2c7fb8", "#253494")
RESIDENT_COLOURS: tuple[str, ...] = ("#c8c8c8", "#fdd49e", "#41b6c4", "#253494")
ISOLATED_COLOUR = "#ffffff"
EDGE_COLOURS: dict[str, str] = {
    "member": "#8c8c8c",
    "employs": "#9467bd",
    "referral": "#e377c2",
    "contact": "#f28e2b",
    "ties": "#2ca02c",
    "controversy": "#d62728",
    "activity": "#8c564b",
    "intermediary": "#17becf",
}
NODE_COLOURS: dict[str, str] = {
    "committee": "#4e79a7",
    "room": "#9c755f",
    "intermediary": "#17becf",
    "worker": "#f28e2b",
    "worker_vacant": "#ffffff",
}

assert len(STAGE_COLOURS) == len(STAGES) == len(STAGE_NAMES["en"]) == len(STAGE_NAMES["fr"])
assert len(RESIDENT_COLOURS) == len(SITE_STAGES) == len(RESIDENT_STAGE_NAMES["en"])

_TEXT: dict[str, tuple[str, str]] = {
    # key: (English, French)
    "title": ("hlm-sim: partner networks around proximity intervention",
              "hlm-sim : réseaux partenariaux et intervention de proximité"),
    "milieu": ("Milieu (scenario file)", "Milieu (fichier de scénario)"),
    "seed": ("Random seed (same seed, same run)", "Germe aléatoire (même germe, même déroulement)"),
    "language": ("Language", "Langue"),
    "week": ("Week", "Semaine"),
    "households": ("households", "ménages"),
    "partners": ("partners", "partenaires"),
    "workers": ("workers", "intervenant·es"),
    "pending": ("Changes wait for Reset:", "Changements en attente de « Recommencer » :"),
    "uptodate": ("The run uses the controls' values.", "Le déroulement suit les valeurs des contrôles."),
    "default_run": ("default run", "déroulement par défaut"),
    "this_run": ("this run", "ce déroulement"),
    "vs_default": ("Compared with the milieu's default run (same seed):",
                   "Comparé au déroulement par défaut du milieu (même germe) :"),
    "chart_stages": ("Partners by translation stage", "Partenaires par étape de la traduction"),
    "chart_enrolment": ("Partners enrolled", "Partenaires enrôlés"),
    "chart_enrolment_sub": ("this run (solid) and the milieu's default run, same seed (dashed)",
                            ("ce déroulement (trait plein) et celui par défaut du milieu, même "
                            "germe (tirets)")),
    "chart_residents": ("Residents: isolation rate and mean ties",
                        "Résident·es : taux d'isolement et liens moyens"),
    "chart_controversies": ("Open controversies, intermediaries, collective projects",
                            "Controverses ouvertes, intermédiaires, projets collectifs"),
    "share": ("share", "part"),
    "count": ("count", "nombre"),
    "value": ("value", "valeur"),
    "enrolled_this": ("enrolled or mobilised (this run)", "enrôlés ou mobilisés (ce déroulement)"),
    "enrolled_default": ("enrolled or mobilised (default run)",
                         "enrôlés ou mobilisés (déroulement par défaut)"),
    "isolation_rate": ("isolation rate (share of households with no tie)",
                       "taux d'isolement (part des ménages sans lien)"),
    "mean_ties": ("mean ties per household", "liens moyens par ménage"),
    "controversies_open": ("open controversies", "controverses ouvertes"),
    "intermediaries": ("intermediaries in force", "intermédiaires en vigueur"),
    "collective_projects": ("collective projects (cumulative)", "projets collectifs (cumul)"),
    "network": ("Network this week", "Réseau cette semaine"),
    "legend_partners": ("Partners:", "Partenaires :"),
    "legend_residents": ("Households:", "Ménages :"),
    "legend_edges": ("Links:", "Liens :"),
    "committee": ("committee", "comité"),
    "room": ("community room", "local communautaire"),
    "worker": ("proximity worker", "intervenant·e de proximité"),
    "vacant": ("seat vacant", "poste vacant"),
    "seated": ("seated", "en poste"),
    "intermediary": ("intermediary", "intermédiaire"),
    "none_yet": ("none yet", "aucun pour l'instant"),
    "building": ("HLM", "HLM"),
    "ties_within": ("ties within the group", "liens dans le groupe"),
    "edge_member": ("committee seat", "siège au comité"),
    "edge_employs": ("employs", "emploie"),
    "edge_referral": ("referral channel open", "canal de référence ouvert"),
    "edge_contact": ("worker's contacts", "contacts de l'intervenant·e"),
    "edge_ties": ("ties between households", "liens entre ménages"),
    "edge_controversy": ("open controversy", "controverse ouverte"),
    "edge_activity": ("activity in the room this week", "activité au local cette semaine"),
    "edge_intermediary": ("intermediary in force", "intermédiaire en vigueur"),
    "node": ("node", "nœud"),
    "detail": ("detail", "détail"),
    "stage": ("stage", "étape"),
    "other_params": ("Other parameters", "Autres paramètres"),
    "show_other": ("Show the other parameters", "Afficher les autres paramètres"),
    "apply_hint": ("Move the controls, then press Reset to start a new run with them.",
                   "Réglez les contrôles, puis « Recommencer » pour lancer un nouveau déroulement."),
    "agreement": ("agreement in force", "entente en vigueur"),
    "contested": ("demand exceeds slots", "demande supérieure aux plages"),
    "slots": ("slots/week", "plages/semaine"),
    "members": ("members", "membres"),
    "clarity": ("role clarity", "clarté des rôles"),
    "engagement": ("engagement", "engagement"),
    "every": ("meets every", "se réunit aux"),
    "weeks": ("weeks", "semaines"),
    "present": ("at the last meeting", "à la dernière rencontre"),
    "referred": ("households referred", "ménages référés"),
    "reached_by": ("households contacted", "ménages contactés"),
}


def text(key: str, lang: Lang) -> str:
    """The page's text ``key`` in ``lang``."""
    en, fr = _TEXT[key]
    return fr if lang == "fr" else en


__all__ = [
    "CONTROVERSY_NAMES", "EDGE_COLOURS", "GROUP_NAMES", "ISOLATED", "ISOLATED_COLOUR",
    "LANGS", "LANG_NAMES", "NODE_COLOURS", "RESIDENT_COLOURS", "RESIDENT_STAGE_NAMES",
    "STAGE_COLOURS", "STAGE_NAMES", "Lang", "as_lang", "intermediary_name",
    "resident_stage_name", "stage_name", "text",
]
