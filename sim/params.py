"""The model's dynamics parameters, declared once.

Every parameter the model reads is declared here with its type, default, bounds,
unit, short name and meaning (English and French) and the source it rests on: the short
name is what users read as the parameter's name (summaries, tables, the page's controls),
the meaning explains it. The scenario schema,
the command line's ``--set``, the page's sliders, the SALib problems of a study and
the parameter table of ``docs/ODD.md`` are all derived from :data:`PARAMS`.

Sources: ``[S]`` the seed article (Nouvelles pratiques sociales 33(1), 2022), with the
passage; ``[L]`` the literature; ``[A]`` a modelling assumption, to be calibrated.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from sim.errors import InputError

Kind = Literal["float", "int", "bool", "choice"]
Value = float | int | bool | str

EMPLOYERS: tuple[str, ...] = ("community", "leisure", "community_centre", "ciusss")
"""Who employs the proximity worker: a community group, a youth leisure group, the
local community centre, or the CIUSSS (public health and social services)."""


@dataclass(frozen=True, slots=True)
class Effect:
    """What moving a parameter does in the model's rules, declared beside its meaning.

    ``raises`` and ``lowers`` name the declared outcomes (:mod:`sim.outcomes`) that move
    when the parameter is raised (a number), set (a flag) or, for a choice, set to
    ``choice`` instead of its default; ``through`` names the parameters that set how
    much. The page's explanation of a lever is written from these and from the declared
    meanings, and ``tests/test_app_about.py`` runs the model to check each direction.
    (The policy steps an analyst ranks, with who takes them, are :mod:`sim.levers`.)
    """

    raises: tuple[str, ...] = ()
    lowers: tuple[str, ...] = ()
    through: tuple[str, ...] = ()
    choice: str = ""


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter.

    ``low``/``high`` bound numeric values (inclusive); ``choices`` lists the values of
    a ``choice`` parameter. ``group`` orders the ODD table and the page's controls.
    ``short``/``short_fr`` name it in words (:meth:`named`); ``meaning``/``sens`` explain it.
    """

    name: str
    kind: Kind
    default: Value
    unit: str
    meaning: str
    sens: str
    source: str
    group: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)
    plausible: tuple[float, float] | None = None
    plausible_source: str = ""
    effect: Effect | None = None
    source_fr: str = ""
    plausible_source_fr: str = ""
    short: str = ""
    short_fr: str = ""

    def named(self, lang: str) -> str:
        """The parameter's short name in words, in English or French (« staff turnover »,
        « roulement du personnel »): what summaries, tables and the page's controls call
        it; its meaning explains it."""
        return self.short_fr if lang == "fr" else self.short

    def cited(self, lang: str) -> str:
        """The source the parameter rests on, in English or French (the seed's passages
        stay in French in both)."""
        return self.source_fr if lang == "fr" else self.source

    def plausible_cited(self, lang: str) -> str:
        """The source of the plausible range, in English or French ('' without one)."""
        return self.plausible_source_fr if lang == "fr" else self.plausible_source

    @property
    def design_range(self) -> tuple[float, float]:
        """The range a default design (grid, LHS, Sobol, Morris) and a calibration prior
        use: the declared plausible range where one is given, else the hard bounds."""
        if self.plausible is not None:
            return self.plausible
        return float(self.low or 0.0), float(self.high or 0.0)

    @property
    def numeric(self) -> bool:
        """Whether a design (grid, LHS, Sobol, Morris) can vary this parameter."""
        return self.kind in ("float", "int")

    def coerce(self, raw: object, where: str) -> Value:
        """Check ``raw`` (a TOML value) against the declaration and return it typed.

        ``where`` names the file and key (or the argument) for the error message.
        """
        if self.kind == "bool":
            if not isinstance(raw, bool):
                raise InputError(f"{where}: expected true or false, found {raw!r}")
            return raw
        if self.kind == "choice":
            if raw not in self.choices:
                raise InputError(
                    f"{where}: expected one of {', '.join(self.choices)}, found {raw!r}"
                )
            return str(raw)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise InputError(f"{where}: expected a number, found {raw!r}")
        if self.kind == "int":
            if isinstance(raw, float) and not raw.is_integer():
                raise InputError(f"{where}: expected a whole number, found {raw!r}")
            value: float | int = int(raw)
        else:
            value = float(raw)
        low, high = float(self.low or 0.0), float(self.high or 0.0)
        if not low <= value <= high:
            raise InputError(
                f"{where}: {value!r} is outside the declared range "
                f"[{_fmt(low)}, {_fmt(high)}] ({self.unit})"
            )
        return value

    def parse(self, text: str, where: str) -> Value:
        """Parse a command-line value (``--set name=text``) and check it."""
        text = text.strip()
        if self.kind == "bool":
            if text not in ("true", "false"):
                raise InputError(f"{where}: expected true or false, found {text!r}")
            return text == "true"
        if self.kind == "choice":
            return self.coerce(text, where)
        try:
            number: float = float(text)
        except ValueError:
            raise InputError(f"{where}: expected a number, found {text!r}") from None
        return self.coerce(number, where)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _p(name: str, kind: Kind, default: Value, low: float | None, high: float | None,
       unit: str, meaning: str, sens: str, source: str, group: str,
       choices: tuple[str, ...] = (), fr: str = "", *, short: tuple[str, str]) -> Param:
    """A declaration; ``fr`` is the source in French, given wherever the English source has
    English words (a source of tags, citations and the seed's passages alone reads the
    same in both: tests/test_declared.py checks which); ``short`` is the parameter's short
    name in English and French, a few domain words and no code name (« staff turnover »,
    « roulement du personnel »), unique in each language (tests/test_declared.py)."""
    return Param(name, kind, default, unit, meaning, sens, source, group, low, high, choices,
                 source_fr=fr or source, short=short[0], short_fr=short[1])


_DECLARATIONS: tuple[Param, ...] = (
    # --- the network's history before observation ------------------------------------
    _p("network_age_weeks", "int", 156, 0, 520, "weeks",
       "Weeks the partner network existed before observation began (November 2018, week "
       "0); the same rules run from its founding, so week 0 finds it where its history left "
       "it.",
       "Semaines d'existence du réseau avant le début de l'observation (novembre 2018, "
       "semaine 0); les mêmes règles s'appliquent depuis sa fondation.",
       "[S] milieu 3: « on a la chance d'être là depuis longtemps toutes les trois »; "
       "milieu 4: « un projet Vivre Ensemble qui a été financé pendant trois ans »; milieu 1: "
       "committees « mis en place », no date; value left to calibration", "history",
       fr=("[S] milieu 3 : « on a la chance d'être là depuis longtemps toutes les trois » ; "
           "milieu 4 : « un projet Vivre Ensemble qui a été financé pendant trois ans » ; "
           "milieu 1 : des comités « mis en place », sans date ; valeur laissée à la "
           "calibration"),
       short=("network age", "âge du réseau")),
    _p("founding_clarity", "float", 0.15, 0.0, 1.0, "clarity",
       "Mean role clarity of the representatives when the network was founded.",
       "Clarté moyenne des rôles des représentant·es à la fondation du réseau.", "[A]",
       "history",
       short=("founding role clarity", "clarté des rôles à la fondation")),
    _p("founding_engagement", "float", 0.35, 0.0, 1.0, "engagement",
       "Mean engagement of the representatives when the network was founded.",
       "Engagement moyen des représentant·es à la fondation du réseau.",
       "[S] milieu 1: « au début c'est bien parti, les gens étaient là, étaient "
       "intéressés »; fitted by the pattern that passage gives "
       "(milieu-1-good-start-then-disengagement)", "history",
       fr=("[S] milieu 1 : « au début c'est bien parti, les gens étaient là, étaient "
           "intéressés » ; ajusté par la régularité que ce passage donne "
           "(milieu-1-good-start-then-disengagement)"),
       short=("founding engagement", "engagement à la fondation")),
    _p("founding_spread", "float", 0.15, 0.0, 0.5, "units",
       "Half-width of the uniform spread of founding clarity and engagement around their "
       "means.",
       "Demi-largeur de l'étalement uniforme de la clarté et de l'engagement initiaux.",
       "[A]", "history",
       short=("founding spread", "étalement à la fondation")),
    # --- staff turnover -------------------------------------------------------------
    _p("staff_turnover_rate", "float", 0.25, 0.0, 2.0, "departures/person/year",
       "Yearly departure rate of each partner representative and each proximity worker.",
       "Taux annuel de départ de chaque représentant·e partenaire et de chaque intervenant·e.",
       "[L] CSMO-ÉSAC/CTROC 2019: seniority ~6 y full-time, ~3 y part-time (15-30 %/y); "
       "[S] « Le roulement du personnel ... s'avère également un défi »", "turnover",
       fr=("[L] CSMO-ÉSAC/CTROC 2019 : ancienneté ~6 ans à temps plein, ~3 ans à temps "
           "partiel (15-30 %/an) ; [S] « Le roulement du personnel ... s'avère également un "
           "défi »"),
       short=("staff turnover", "roulement du personnel")),
    _p("vacancy_weeks", "int", 6, 0, 52, "weeks",
       "Weeks a seat stays empty between a departure and the replacement.",
       "Semaines de poste vacant entre un départ et son remplacement.", "[A]", "turnover",
       short=("vacancy length", "durée des postes vacants")),
    _p("role_retained", "float", 0.3, 0.0, 1.0, "share",
       "Share of the predecessor's role clarity and engagement a newcomer inherits.",
       "Part de la clarté de rôle et de l'engagement du prédécesseur transmise à la relève.",
       "[A]; [S] « partager une compréhension commune du problème » suffers with turnover",
       "turnover",
       fr='[A] ; [S] « partager une compréhension commune du problème » souffre du roulement',
       short=("handover to newcomers", "transmission à la relève")),
    _p("turnover_controversy_prob", "float", 0.25, 0.0, 1.0, "probability",
       "Chance that a representative's departure opens a turnover controversy.",
       "Probabilité qu'un départ ouvre une controverse sur le roulement.",
       "[S] turnover listed among the controversies of every milieu", "turnover",
       fr='[S] le roulement figure parmi les controverses de chaque milieu',
       short=("turnover controversy chance", "risque de controverse sur le roulement")),
    # --- mediation and controversies ----------------------------------------------
    _p("mediator_presence", "float", 0.6, 0.0, 1.0, "probability",
       "Chance a seated mediator (community organiser) is present at a meeting or works "
       "on an open controversy in a week; 0 = no mediation, 1 = always.",
       "Probabilité qu'un·e médiateur·rice en poste (OC) soit présent·e à une rencontre "
       "ou travaille une controverse ouverte; 0 = aucune médiation, 1 = toujours.",
       "[S] « Le renforcement du rôle d'animation et de médiation, souvent joué par l'OC "
       "du CIUSSS, a parfois permis de régler certaines controverses »", "controversy",
       short=("mediator presence", "présence des médiateur·rices")),
    _p("room_conflict_rate", "float", 0.06, 0.0, 0.5, "per week",
       "Weekly hazard of a room controversy when slot demand exceeds the room's slots "
       "(lowered, as any intermediary lowers its kind's hazard, by each room agreement in "
       "force).",
       "Risque hebdomadaire d'une controverse sur le local quand la demande dépasse les "
       "plages (abaissé, comme par tout intermédiaire, par chaque entente en vigueur).",
       "[S] « le partage et la gestion ... du local communautaire ... font aussi l'objet "
       "de controverses »", "controversy",
       short=("room controversy hazard", "risque de controverse sur le local")),
    _p("room_agreement", "bool", False, None, None, "",
       "A written management agreement for the community room exists from the start (it "
       "counts as one room intermediary).",
       "Une entente écrite de gestion du local communautaire existe dès le départ (elle "
       "compte comme un intermédiaire sur le local).",
       "[S] milieu 2: « la gestion du local avec un contrat d'entente »", "controversy",
       short=("room management agreement", "entente de gestion du local")),
    _p("role_conflict_rate", "float", 0.06, 0.0, 0.5, "per week",
       "Weekly hazard of a roles-and-mandates controversy at full role ambiguity "
       "(scaled by the mean ambiguity 1 - clarity of seated partners).",
       "Risque hebdomadaire d'une controverse sur les rôles et mandats à ambiguïté totale.",
       "[S] « le manque de clarté dans la définition des rôles des partenaires »",
       "controversy",
       short=("roles controversy hazard", "risque de controverse sur les rôles")),
    _p("table_conflict_rate", "float", 0.02, 0.0, 0.5, "per week",
       "Weekly hazard of a controversy over who sits at the table, per group that sits "
       "there beside the partners (funders among the partners, residents on a committee): "
       "twice as high where both do.",
       "Risque hebdomadaire d'une controverse sur la composition de la table, par groupe "
       "qui y siège à côté des partenaires (bailleurs parmi les partenaires, résident·es "
       "dans un comité) : le double là où les deux y siègent.",
       "[S] « la présence de bailleurs de fonds et de résidents autour de la table » (two "
       "presences, each contested)",
       "controversy",
       fr=("[S] « la présence de bailleurs de fonds et de résidents autour de la table » "
           "(deux présences, chacune contestée)"),
       short=("table controversy hazard", "risque de controverse sur la table")),
    _p("tenant_dispute_rate", "float", 0.02, 0.0, 0.5, "per week",
       "Weekly hazard of a dispute between tenants over the use of common spaces (the "
       "yard, the room), lowered by each set of rules of common life in force.",
       "Risque hebdomadaire d'un différend entre locataires sur l'usage des espaces "
       "communs (la cour, le local), abaissé par chaque ensemble de règles de vie en "
       "vigueur.",
       "[S] milieu 3: « régler les tensions entre les locataires autour de l'utilisation "
       "de la cour commune »", "controversy",
       short=("tenant dispute hazard", "risque de différend entre locataires")),
    _p("resolve_base", "float", 0.02, 0.0, 0.5, "per week",
       "Weekly chance an open controversy resolves without mediation, at full engagement "
       "of its parties.",
       "Probabilité hebdomadaire qu'une controverse se règle sans médiation.", "[A]",
       "controversy",
       short=("unaided resolution chance", "probabilité de règlement sans médiation")),
    _p("resolve_mediator", "float", 0.08, 0.0, 0.5, "per week",
       "Added weekly chance of resolution when a mediator works on the controversy.",
       "Probabilité hebdomadaire ajoutée de règlement quand un·e médiateur·rice s'en "
       "occupe.", "[S] mediation by the OCs resolved controversies (milieux 1-3)",
       "controversy",
       fr='[S] la médiation des OC a réglé des controverses (milieux 1-3)',
       short=("resolution boost from mediation", "apport de la médiation au règlement")),
    _p("intermediary_prob", "float", 0.6, 0.0, 1.0, "probability",
       "Chance a resolved controversy leaves an intermediary of its kind (role grid, room "
       "agreement, onboarding guide, new committee, rules of common life).",
       "Probabilité qu'une controverse réglée laisse un intermédiaire (grille, entente, "
       "guide, nouveau comité, règles de vie).",
       "[S] « les structures, outils et guides développés semblent avoir permis leur "
       "résolution »; [L] Callon 1991; fitted by the pattern that passage gives "
       "(some-resolutions-leave-tools)", "controversy",
       fr=("[S] « les structures, outils et guides développés semblent avoir permis leur "
           "résolution »; [L] Callon 1991; ajusté par la régularité que donne ce passage "
           "(some-resolutions-leave-tools)"),
       short=("intermediary creation chance", "probabilité de créer un intermédiaire")),
    _p("intermediary_effect", "float", 0.5, 0.0, 1.0, "factor",
       "Factor by which each intermediary of a kind multiplies the hazard of "
       "controversies of that kind; a role grid also multiplies the hazards of "
       "controversies over the table and over turnover.",
       "Facteur par lequel chaque intermédiaire multiplie le risque de controverses de "
       "son type ; une grille des rôles multiplie aussi les risques de controverses sur "
       "la table et sur le roulement.", "[A]; [L] Bilodeau, Parent & Potvin 2019 (5th key)", "controversy",
       fr='[A] ; [L] Bilodeau, Parent & Potvin 2019 (5e clé)',
       short=("intermediary effect", "effet des intermédiaires")),
    _p("intermediary_wear_rate", "float", 0.5, 0.0, 5.0, "per year",
       "Yearly rate at which an intermediary wears out once every representative who made "
       "it has left (nobody carries it any more).",
       "Taux annuel d'usure d'un intermédiaire une fois parti·es tous ses auteur·es "
       "(personne ne le porte plus).",
       "[L] Callon 1991: intermediaries hold only while actors carry them; "
       "[S] « Le roulement du personnel ... un défi »; [A] value", "controversy",
       fr=("[L] Callon 1991 : les intermédiaires ne tiennent que tant que des acteurs les "
           "portent ; [S] « Le roulement du personnel ... un défi » ; [A] valeur"),
       short=("intermediary wear", "usure des intermédiaires")),
    _p("resolve_engagement_floor", "float", 0.5, 0.0, 1.0, "share",
       "A controversy's weekly resolution chance is multiplied by this plus the mean "
       "engagement of its parties.",
       "La probabilité hebdomadaire de règlement est multipliée par ce plancher plus "
       "l'engagement moyen des parties.", "[A]", "controversy",
       short=("resolution engagement floor", "plancher d'engagement au règlement")),
    _p("funder_table_weight", "float", 5.0, 1.0, 20.0, "factor",
       "How much more likely a funder is than another partner to be a party to a "
       "controversy over who sits at the table.",
       "Combien un bailleur de fonds est plus souvent partie à une controverse sur la "
       "composition de la table.",
       "[S] « la présence de bailleurs de fonds ... autour de la table »; [A] value",
       "controversy",
       fr='[S] « la présence de bailleurs de fonds ... autour de la table » ; [A] valeur',
       short=("funder weight at the table", "poids des bailleurs à la table")),
    _p("mediation_mechanism", "choice", "framing", None, None, "",
       "How mediators act (alternative submodels): framing = at meetings they widen the "
       "bound of confidence and speed convergence, and they raise the resolution chance of "
       "controversies; resolution only = they act only on resolving controversies.",
       "Mode d'action des médiateur·rices (sous-modèles) : cadrage = en rencontre, ils "
       "élargissent le rayon de confiance et accélèrent la convergence, et favorisent le "
       "règlement des controverses; règlement seulement = ils n'agissent que sur le règlement.",
       "[S] the OC « joue habituellement un rôle dans la constitution des partenariats » "
       "vs « a parfois permis de régler certaines controverses »", "controversy",
       choices=("framing", "resolution_only"),
       fr=("[S] l'OC « joue habituellement un rôle dans la constitution des partenariats » "
           "ou « a parfois permis de régler certaines controverses »"),
       short=("how mediators act", "mode d'action des médiateur·rices")),
    # --- translation of partners --------------------------------------------------
    _p("framing_spread_crisis", "float", 0.15, 0.0, 0.5, "framing units",
       "Initial spread of partners' problem framings when the network was born of a crisis.",
       "Dispersion initiale des cadrages quand le réseau naît d'une crise.",
       "[S] milieu 3: network formed after tenants' demands about vandalism", "translation",
       fr='[S] milieu 3 : réseau formé après les demandes des locataires au sujet du vandalisme',
       short=("framing spread (crisis)", "dispersion des cadrages (crise)")),
    _p("framing_spread_vision", "float", 0.3, 0.0, 0.5, "framing units",
       "Initial spread of framings when the network was born of a vision.",
       "Dispersion initiale des cadrages quand le réseau naît d'une vision.",
       "[S] « soit en réaction à des crises ..., soit avec la volonté de mettre en oeuvre "
       "une vision »", "translation",
       short=("framing spread (vision)", "dispersion des cadrages (vision)")),
    _p("confidence_eps", "float", 0.45, 0.02, 1.0, "framing units",
       "Bounded-confidence radius: at a meeting a partner only listens to framings this close.",
       "Rayon de confiance : en rencontre, un·e partenaire n'écoute que les cadrages aussi proches.",
       "[L] Hegselmann & Krause 2002 (the range); the default was first set so that the "
       "milieux reproduced the patterns, and is now fitted (first-three-moments-documented)",
       "translation",
       fr=("[L] Hegselmann & Krause 2002 (l'intervalle); la valeur par défaut avait d'abord "
           "été choisie pour que les milieux reproduisent les régularités; elle est "
           "maintenant ajustée (first-three-moments-documented)"),
       short=("confidence radius", "rayon de confiance")),
    _p("convergence_mu", "float", 0.3, 0.0, 1.0, "share",
       "Share of the gap to the nearby mean framing closed at each meeting attended.",
       "Part de l'écart au cadrage moyen voisin comblée à chaque rencontre.",
       "[L] Deffuant et al. 2000", "translation",
       short=("convergence speed", "vitesse de convergence")),
    _p("mediator_boost", "float", 0.5, 0.0, 2.0, "factor",
       "Relative widening of the confidence radius and speed-up of convergence when a "
       "mediator facilitates the meeting.",
       "Élargissement relatif du rayon et de la convergence quand un·e médiateur·rice anime.",
       "[S] « l'OC du CIUSSS ... permet de cibler les bonnes ressources assez rapidement »",
       "translation",
       short=("mediator effect at meetings", "effet de la médiation en rencontre")),
    _p("problematised_distance", "float", 0.15, 0.01, 0.5, "framing units",
       "A partner whose framing is this close to its committee's mean is problematised.",
       "Un·e partenaire dont le cadrage est aussi proche de la moyenne est problématisé·e.",
       "[A]; [L] Callon 1986; first set so that the milieux reproduced the patterns, now "
       "fitted (first-three-moments-documented)", "translation",
       fr=("[A]; [L] Callon 1986; d'abord choisi pour que les milieux reproduisent les "
           "régularités, maintenant ajusté (first-three-moments-documented)"),
       short=("problematisation distance", "distance de problématisation")),
    _p("meetings_to_problematise", "int", 2, 1, 12, "meetings",
       "Meetings a representative must attend before it can be problematised.",
       "Rencontres à suivre avant de pouvoir être problématisé·e.", "[A]", "translation",
       short=("meetings before problematisation", "rencontres avant problématisation")),
    _p("role_gain", "float", 0.08, 0.0, 0.5, "share",
       "Share of the remaining role ambiguity removed at each meeting attended.",
       "Part de l'ambiguïté de rôle restante levée à chaque rencontre.",
       "[S] « à travers des contacts et des rencontres régulières »", "translation",
       short=("role clarity gain per meeting", "gain de clarté par rencontre")),
    _p("role_grid_boost", "float", 1.0, 0.0, 5.0, "factor",
       "Relative speed-up of role negotiation at meetings while a role grid or agreement "
       "(a roles intermediary) is in force.",
       "Accélération relative de la négociation des rôles quand une grille des rôles est "
       "en vigueur.",
       "[S] milieu 3: « nos rôles ... ont été très bien campés au départ ... une grille »",
       "translation",
       short=("role grid effect", "effet de la grille des rôles")),
    _p("role_erosion", "float", 0.03, 0.0, 0.3, "per week",
       "Role clarity lost each week per open roles controversy involving the partner.",
       "Clarté de rôle perdue par semaine et par controverse de rôles ouverte.", "[A]",
       "translation",
       short=("role clarity erosion", "érosion de la clarté des rôles")),
    _p("interest_threshold", "float", 0.5, 0.05, 0.95, "clarity",
       "Role clarity above which a problematised partner is interested (intéressement).",
       "Clarté de rôle au-delà de laquelle un·e partenaire problématisé·e est intéressé·e.",
       "[A]; [S] « l'intéressement ... vise la convergence entre ... leurs différents rôles »",
       "translation",
       short=("intéressement threshold", "seuil d'intéressement")),
    _p("engagement_gain", "float", 0.06, 0.0, 0.5, "share",
       "Share of the remaining engagement gained per meeting or joint activity.",
       "Part de l'engagement restant gagnée par rencontre ou activité commune.", "[A]",
       "translation",
       short=("engagement gain per meeting", "gain d'engagement par rencontre")),
    _p("controversy_drag", "float", 0.03, 0.0, 0.3, "per week",
       "Engagement lost each week per open controversy involving the partner.",
       "Engagement perdu par semaine et par controverse ouverte impliquant le partenaire.",
       "[S] controversies « liés à des divergences d'intérêts »", "translation",
       fr="[S] controverses « liés à des divergences d'intérêts »",
       short=("engagement lost to controversies", "perte d'engagement par controverse")),
    _p("purpose_drift", "float", 0.004, 0.0, 0.05, "per week",
       "Engagement lost each week when no collective project happened in 26 weeks.",
       "Engagement perdu chaque semaine sans projet collectif depuis 26 semaines.",
       "[S] milieu 1: « un désengagement, une incompréhension de pourquoi on est là »",
       "translation",
       short=("engagement drift without projects", "érosion de l'engagement sans projet")),
    _p("purpose_window_weeks", "int", 26, 4, 104, "weeks",
       "Weeks without a collective project after which partners' engagement starts to "
       "drift down.",
       "Semaines sans projet collectif après lesquelles l'engagement commence à s'éroder.",
       "[S] milieu 1: « l'objectif et la raison d'être de ce comité-là ... s'oubliaient »; "
       "[A] value", "translation",
       fr=("[S] milieu 1 : « l'objectif et la raison d'être de ce comité-là ... s'oubliaient "
           "» ; [A] valeur"),
       short=("weeks without projects before drift", "semaines sans projet avant érosion")),
    _p("enrol_threshold", "float", 0.6, 0.05, 0.95, "engagement",
       "Engagement above which an interested partner with no open controversy is enrolled.",
       "Engagement au-delà duquel un·e partenaire intéressé·e sans controverse est enrôlé·e.",
       "[A]; [S] « L'enrôlement suppose ... la résolution des controverses »", "translation",
       short=("enrolment threshold", "seuil d'enrôlement")),
    _p("quiet_weeks", "int", 4, 0, 26, "weeks",
       "Weeks without an open controversy involving a partner before it can enrol.",
       "Semaines sans controverse ouverte avant de pouvoir s'enrôler.", "[A]", "translation",
       short=("quiet weeks before enrolment", "semaines calmes avant l'enrôlement")),
    _p("hysteresis", "float", 0.1, 0.0, 0.3, "units",
       "How far below a threshold a partner must fall to go back a stage.",
       "Marge sous un seuil avant de reculer d'une étape.", "[A]", "translation",
       short=("stage fallback margin", "marge avant recul d'étape")),
    _p("attendance_prob", "float", 0.85, 0.1, 1.0, "probability",
       "Chance a seated member attends a given committee meeting.",
       "Probabilité qu'un membre en poste assiste à une rencontre.", "[A]", "translation",
       short=("meeting attendance", "assiduité aux rencontres")),
    # --- collective projects (mobilisation) ---------------------------------------
    _p("project_min_partner_share", "float", 0.3, 0.0, 1.0, "share of seated partners",
       "Share of the seated partners that must be enrolled before a collective project can "
       "start (a critical mass relative to the table, not a head count).",
       "Part des partenaires en poste qui doivent être enrôlés pour lancer un projet "
       "collectif (masse critique relative à la table).",
       "[L] Callon 1986: « une masse critique d'acteurs connectés »; [A] value", "mobilisation",
       fr="[L] Callon 1986 : « une masse critique d'acteurs connectés » ; [A] valeur",
       short=("partner critical mass", "masse critique de partenaires")),
    _p("project_min_coorganiser_share", "float", 0.008, 0.0, 0.2, "share of households",
       "Share of the site's households that must co-organise before a collective project "
       "can start (relative to the site, so large sites are not favoured).",
       "Part des ménages du site qui doivent co-organiser pour lancer un projet collectif.",
       "[S] « concerter les partenaires et de mobiliser les locataires au même moment »; "
       "[A] value", "mobilisation",
       fr=("[S] « concerter les partenaires et de mobiliser les locataires au même moment » "
           "; [A] valeur"),
       short=("household critical mass", "masse critique de ménages")),
    _p("project_join_share", "float", 0.5, 0.0, 1.0, "share",
       "Share of the households taking part in activities that join a collective project.",
       "Part des ménages participants qui se joignent à un projet collectif.", "[A]",
       "mobilisation",
       short=("households joining projects", "adhésion des ménages aux projets")),
    _p("project_engagement_gain", "float", 0.12, 0.0, 1.0, "share",
       "Share of the remaining engagement gained by each partner that runs a project.",
       "Part de l'engagement manquant gagnée par chaque partenaire qui porte un projet.",
       "[S] « cela fonctionne bien quand les différents partenaires participent aux "
       "activités des uns et des autres »; [A] value", "mobilisation",
       fr=("[S] « cela fonctionne bien quand les différents partenaires participent aux "
           "activités des uns et des autres » ; [A] valeur"),
       short=("engagement gain from projects", "gain d'engagement par projet")),
    _p("room_request_engagement", "float", 0.4, 0.0, 1.0, "engagement",
       "Engagement above which a partner at intéressement or beyond asks for a room slot "
       "to run an activity.",
       "Engagement au-delà duquel un·e partenaire intéressé·e demande une plage du local.",
       "[A]", "mobilisation",
       short=("room request threshold", "seuil de demande du local")),
    _p("worker_room_requests", "int", 2, 0, 10, "slots/worker/week",
       "Room slots each seated proximity worker asks for each week.",
       "Plages du local demandées chaque semaine par chaque intervenant·e en poste.", "[A]",
       "mobilisation",
       short=("worker room requests", "demandes de local des intervenant·es")),
    _p("activity_engagement_gain", "float", 0.03, 0.0, 0.5, "share",
       "Share of the remaining engagement gained by a partner that ran an activity in the "
       "room this week.",
       "Part de l'engagement manquant gagnée par un·e partenaire qui a animé une activité.",
       "[A]", "mobilisation",
       short=("engagement gain from activities", "gain d'engagement par activité")),
    _p("project_rate", "float", 0.04, 0.0, 1.0, "per week",
       "Weekly chance a collective project (Guignolée, party, BBQ) starts when the "
       "conditions hold.",
       "Probabilité hebdomadaire qu'un projet collectif démarre quand les conditions "
       "sont réunies.",
       "[S] « La capacité à élaborer des projets collectifs ... est ainsi un bon "
       "indicateur de la mobilisation »", "mobilisation",
       short=("collective project rate", "fréquence des projets collectifs")),
    _p("mobilised_window", "int", 26, 4, 104, "weeks",
       "An enrolled partner that co-ran a project this recently is mobilised.",
       "Un·e partenaire enrôlé·e ayant co-animé un projet aussi récemment est mobilisé·e.",
       "[A]", "mobilisation",
       short=("mobilisation window", "fenêtre de mobilisation")),
    # --- proximity intervention ----------------------------------------------------
    _p("worker_employer", "choice", "community", None, None, "",
       "Who employs the proximity workers.",
       "Employeur des intervenant·es de proximité.",
       "[S] community group (milieu 1), leisure group (2), community centre (3), CIUSSS (4)",
       "intervention", choices=EMPLOYERS,
       fr=("[S] organisme communautaire (milieu 1), organisme de loisirs (2), centre "
           "communautaire (3), CIUSSS (4)"),
       short=("workers' employer", "employeur des intervenant·es")),
    _p("worker_hours", "float", 21.0, 4.0, 40.0, "hours/week",
       "Hours each proximity worker spends on residents each week.",
       "Heures par semaine de chaque intervenant·e auprès des résident·es.", "[A]",
       "intervention",
       short=("worker hours", "heures des intervenant·es")),
    _p("hours_per_contact", "float", 2.0, 0.25, 4.0, "hours",
       "Hours one contact with a household takes (listening, help, referral).",
       "Durée d'un contact avec un ménage (écoute, aide, référence).", "[A]",
       "intervention",
       short=("contact length", "durée d'un contact")),
    _p("trust_gain", "float", 0.1, 0.0, 0.5, "share",
       "Share of the remaining distrust removed by one contact.",
       "Part de la méfiance restante levée par un contact.",
       "[S] « ce qui lui permet de développer un lien de confiance avec les familles »",
       "intervention",
       short=("trust gain per contact", "confiance gagnée par contact")),
    _p("ciusss_reception", "float", 1.0, 0.25, 3.0, "factor",
       "How much better a contact is received (the trust it builds) when the worker is a "
       "CIUSSS social worker; other employers: 1, below 1 received worse.",
       "Accueil relatif d'un contact (la confiance qu'il crée) quand l'intervenante est une "
       "travailleuse sociale du CIUSSS; autres employeurs : 1, moins de 1 = moins bien reçu.",
       "[S] « les interventions sont davantage perçues positivement par les résidents »",
       "intervention",
       short=("CIUSSS worker reception", "accueil des intervenant·es du CIUSSS")),
    _p("outreach_floor", "float", 0.3, 0.0, 2.0, "weight",
       "Baseline weight of any household in the worker's choice of contacts.",
       "Poids de base de chaque ménage dans le choix des contacts.", "[A]", "intervention",
       short=("baseline outreach weight", "poids de base des ménages")),
    _p("family_focus_boost", "float", 2.0, 1.0, 5.0, "factor",
       "Weight of a family household in the contacts of a worker whose focus is families "
       "or youth, relative to other households.",
       "Poids d'un ménage avec enfants pour un·e intervenant·e axé·e familles ou jeunes.",
       "[S] milieu 1: « un intervenant pour les familles et un pour les jeunes »; [A] value",
       "intervention",
       fr='[S] milieu 1 : « un intervenant pour les familles et un pour les jeunes » ; [A] valeur',
       short=("family priority", "priorité aux familles")),
    _p("need_after_referral", "float", 0.5, 0.0, 1.0, "share",
       "Share of a household's need left after a referral to a partner's service.",
       "Part du besoin qui reste après une référence vers un service partenaire.", "[A]",
       "intervention",
       short=("need left after referral", "besoin restant après référence")),
    _p("trust_mechanism", "choice", "with_worker", None, None, "",
       "What residents' trust attaches to (alternative submodels): both build it contact "
       "by contact; with the worker, it is lost when the worker leaves; with the employer, "
       "it stays and the next worker keeps it.",
       "À quoi s'attache la confiance des résident·es (sous-modèles) : elle se construit "
       "contact par contact dans les deux; attachée à l'intervenant·e, elle se perd à son "
       "départ; attachée à l'employeur, elle reste et la personne suivante la garde.",
       "[S] « il faut qu'à reste permanent, il faut pas qu'elle change » (Résident 3, "
       "Milieu 4) vs « les interventions sont davantage perçues positivement par les "
       "résidents » (the employer's image)",
       "intervention", choices=("with_worker", "with_employer"),
       fr=("[S] « il faut qu'à reste permanent, il faut pas qu'elle change » (Résident 3, "
           "Milieu 4) ou « les interventions sont davantage perçues positivement par les "
           "résidents » (l'image de l'employeur)"),
       short=("what trust attaches to", "ancrage de la confiance")),
    _p("reach_window_weeks", "int", 13, 1, 156, "weeks",
       "A household counts as reached while its last contact with a worker is at most this "
       "many weeks old (the worker's active caseload).",
       "Un ménage compte comme rejoint si son dernier contact avec un·e intervenant·e date "
       "d'au plus ce nombre de semaines.", "[A]", "intervention",
       short=("reach window", "fenêtre des ménages rejoints")),
    _p("referral_prob", "float", 0.25, 0.0, 1.0, "probability",
       "Chance a contact ends in a referral when an enrolled partner serves the need.",
       "Probabilité qu'un contact mène à une référence quand un partenaire enrôlé répond "
       "au besoin.", "[S] « faciliter le référencement »", "intervention",
       short=("referral chance", "probabilité de référence")),
    # --- residents: activities and ties ------------------------------------------
    _p("room_slots", "int", 5, 1, 30, "slots/week/room",
       "Activity slots a community room offers each week.",
       "Plages d'activité par semaine et par local.", "[A]", "residents",
       short=("room slots per week", "plages du local par semaine")),
    _p("activity_capacity", "int", 15, 2, 60, "households",
       "Households one activity can hold.", "Ménages par activité.", "[A]", "residents",
       short=("activity capacity", "capacité d'une activité")),
    _p("attend_base", "float", 0.03, 0.0, 1.0, "probability",
       "Attendance chance of a household at propensity 1 with no trust in the worker.",
       "Probabilité de participation à propension 1 sans confiance.", "[A]", "residents",
       short=("baseline attendance", "participation de base")),
    _p("attend_trust", "float", 0.1, 0.0, 1.0, "probability",
       "Added attendance chance at full trust in the worker.",
       "Probabilité ajoutée à confiance complète.", "[A]", "residents",
       short=("attendance from trust", "participation due à la confiance")),
    _p("invitation_boost", "float", 0.1, 0.0, 1.0, "probability",
       "Added attendance chance the week after a worker's invitation.",
       "Probabilité ajoutée la semaine suivant une invitation.", "[A]", "residents",
       short=("invitation effect", "effet d'une invitation")),
    _p("propensity_shape", "float", 0.5, 0.05, 5.0, "Beta a",
       "First shape of the Beta(a, 2) law of households' propensity to take part: small a "
       "makes a few households take part in most activities.",
       "Premier paramètre de la loi Beta(a, 2) de la propension à participer.",
       "[S] « c'est toujours les mêmes qui participent »: fitted by the pattern that "
       "passage gives (same-ones-take-part)", "residents",
       fr=("[S] « c'est toujours les mêmes qui participent » : ajusté par la régularité que "
           "donne ce passage (same-ones-take-part)"),
       short=("participation shape a", "forme a de la participation")),
    _p("tie_prob", "float", 0.03, 0.0, 1.0, "probability",
       "Chance two households at the same activity form (or renew) a tie.",
       "Probabilité que deux ménages d'une même activité tissent (ou renouvellent) un lien.",
       "[S] « Briser la solitude ... ça brise l'isolement »", "residents",
       short=("tie formation chance", "probabilité de tisser un lien")),
    _p("tie_lifetime", "int", 39, 4, 260, "weeks",
       "Weeks a tie lasts unless renewed.", "Durée d'un lien non renouvelé.", "[A]",
       "residents",
       short=("tie lifetime", "durée d'un lien")),
    _p("initial_mean_ties", "float", 0.8, 0.0, 6.0, "ties/household",
       "Mean number of ties per household at the start.",
       "Nombre moyen initial de liens par ménage.",
       "[L] no figure for HLM isolation was found: wide prior", "residents",
       fr="[L] aucun chiffre trouvé sur l'isolement en HLM : a priori large",
       short=("initial ties per household", "liens initiaux par ménage")),
    _p("tenants_committee_share", "float", 0.03, 0.0, 0.2, "share",
       "Share of households on the tenants' committee at the start.",
       "Part des ménages au comité de locataires au départ.", "[A]", "residents",
       short=("tenants' committee size", "taille du comité de locataires")),
    _p("prior_tie_lapse_rate", "float", 0.15, 0.0, 2.0, "per year",
       "Yearly rate at which a tie that predates the intervention (kin, long-time "
       "neighbours) lapses; a tie renewed at an activity then lasts as activity ties do.",
       "Taux annuel de rupture d'un lien antérieur à l'intervention (parenté, voisinage); "
       "un lien renouvelé lors d'une activité dure ensuite comme les autres.",
       "[A]; residential moves and deaths end such ties", "residents",
       fr='[A] ; les déménagements et les décès mettent fin à ces liens',
       short=("lapse of pre-existing ties", "rupture des liens antérieurs")),
    _p("propensity_shape_b", "float", 2.0, 0.5, 10.0, "Beta b",
       "Second shape of the Beta distribution of households' propensity to take part.",
       "Second paramètre de forme de la loi Bêta de la propension à participer.", "[A]",
       "residents",
       short=("participation shape b", "forme b de la participation")),
    _p("need_shape", "float", 2.0, 0.5, 10.0, "Beta a = b",
       "Shape of the symmetric Beta distribution of the intensity of households' main need.",
       "Forme de la loi Bêta symétrique de l'intensité du besoin principal des ménages.",
       "[A]", "residents",
       short=("need intensity shape", "forme de l'intensité des besoins")),
    _p("regular_weeks", "int", 2, 1, 8, "weeks of the last 8",
       "Weeks with an attendance, out of the last 8, for a household to take part regularly.",
       "Semaines avec une présence, sur les 8 dernières, pour participer régulièrement.",
       "[A]", "residents",
       short=("weeks for regular attendance", "semaines de participation régulière")),
    _p("coorganiser_window", "int", 26, 4, 104, "weeks",
       "Weeks after helping run a project during which a regular household counts as "
       "co-organising.",
       "Semaines après un projet pendant lesquelles un ménage régulier co-organise.", "[A]",
       "residents",
       short=("co-organiser window", "fenêtre de co-organisation")),
    # --- shock ---------------------------------------------------------------------
    _p("suspension_start_week", "int", 71, 0, 520, "week",
       "Week collective activities are suspended (week 71 = mid-March 2020 from Nov 2018).",
       "Semaine où les activités collectives sont suspendues (71 = mi-mars 2020).",
       "[S] « l'arrivée de la pandémie de la COVID-19 ... a suspendu les activités "
       "collectives »", "shock",
       short=("suspension start", "début de la suspension")),
    _p("suspension_weeks", "int", 0, 0, 156, "weeks",
       "Length of the suspension of collective activities; 0 = none.",
       "Durée de la suspension des activités collectives; 0 = aucune.", "[S] (COVID-19)",
       "shock",
       short=("suspension length", "durée de la suspension")),
)

NEED_MIX: tuple[tuple[float, ...], ...] = (
    # socialise listening resources procedures parenting
    (0.25, 0.10, 0.20, 0.15, 0.30),  # family
    (0.40, 0.25, 0.20, 0.15, 0.00),  # single person
    (0.40, 0.30, 0.15, 0.15, 0.00),  # senior
)
"""Input data [A]: share of households of each type (family, single person, senior) whose
main need is each of the needs the seed lists (« la volonté de socialiser ..., de recevoir
une écoute active ; au désir de connaître les ressources du quartier ou d'obtenir du
soutien pour réaliser différentes démarches ou dans les tâches parentales »)."""

WEEKS_PER_YEAR = 52
"""Unit conversion of yearly rates into weekly chances (1 - exp(-rate / 52))."""

_PLAUSIBLE: dict[str, tuple[float, float, str, str]] = {
    "network_age_weeks": (0, 520,
                          ("[A] the article dates no network: milieu 1's committees were « mis "
                           "en place », milieu 3's partners are there « depuis longtemps », "
                           "milieu 4's project was funded three years; from the start of "
                           "observation to ten years before (the hard bounds; a first prior of "
                           "one to seven years excluded a young milieu 1 and held milieu 3 "
                           "against its top)"),
                          ("[A] l'article ne date aucun réseau : les comités du milieu 1 ont été "
                           "« mis en place », les partenaires du milieu 3 sont là « depuis "
                           "longtemps », le projet du milieu 4 a été financé trois ans ; du début "
                           "de l'observation à dix ans avant (les bornes ; un premier a priori "
                           "d'un à sept ans excluait un milieu 1 jeune et retenait le milieu 3 "
                           "contre son sommet)")),
    "founding_engagement": (0.2, 0.9,
                            ("[A] from a reluctant to an eager founding table; the value was "
                             "0.35, an assumption that left milieu 1's « au début c'est bien "
                             "parti » out of reach (its posterior held milieu 1's network "
                             "439 weeks old and failed that pattern)"),
                            ("[A] d'une table fondatrice réticente à une table enthousiaste ; "
                             "la valeur était 0,35, une hypothèse qui rendait hors d'atteinte "
                             "le « au début c'est bien parti » du milieu 1 (sa loi a "
                             "posteriori gardait le réseau du milieu 1 vieux de 439 semaines "
                             "et ratait ce motif)")),
    "staff_turnover_rate": (0.1, 0.6,
                            ("[L] CSMO-ÉSAC/CTROC 2019: 15-30 %/y in community organisations, "
                             "widened both ways"),
                            ("[L] CSMO-ÉSAC/CTROC 2019 : 15-30 %/an dans les organismes "
                             "communautaires, élargi des deux côtés")),
    "vacancy_weeks": (2, 16, "[A] weeks to hire in community organisations",
                             "[A] semaines pour embaucher dans les organismes communautaires"),
    "role_retained": (0.1, 0.7, "[A]", "[A]"),
    "turnover_controversy_prob": (0.05, 0.5, "[A]", "[A]"),
    "mediator_presence": (0.2, 1.0, "[S] organisers present in every milieu",
                                    "[S] des organisateur·rices présent·es dans chaque milieu"),
    "room_conflict_rate": (0.01, 0.2, "[A]", "[A]"),
    "role_conflict_rate": (0.01, 0.2, "[A]", "[A]"),
    "table_conflict_rate": (0.005, 0.1, "[A]", "[A]"),
    "tenant_dispute_rate": (0.005, 0.1, "[A]", "[A]"),
    "resolve_base": (0.005, 0.1, "[A] weeks to months without help",
                                 "[A] des semaines à des mois sans aide"),
    "resolve_mediator": (0.02, 0.3, "[A]", "[A]"),
    "intermediary_prob": (0.2, 0.9, "[A]", "[A]"),
    "intermediary_effect": (0.2, 0.9, "[A]", "[A]"),
    "intermediary_wear_rate": (0.1, 2.0, "[A]", "[A]"),
    "confidence_eps": (0.2, 0.8, "[L] Hegselmann & Krause 2002: consensus above ~0.2-0.3",
                                 "[L] Hegselmann & Krause 2002 : consensus au-delà de ~0,2-0,3"),
    "problematised_distance": (0.05, 0.3,
                               ("[A] within a twentieth to nearly a third of the framing "
                                "scale of the committee's mean"),
                               ("[A] d'un vingtième à près d'un tiers de l'échelle des "
                                "cadrages autour de la moyenne du comité")),
    "convergence_mu": (0.1, 0.5, "[L] Deffuant et al. 2000", "[L] Deffuant et al. 2000"),
    "mediator_boost": (0.1, 1.5, "[A]", "[A]"),
    "role_gain": (0.02, 0.2, "[A]", "[A]"),
    "engagement_gain": (0.02, 0.15, "[A]", "[A]"),
    "controversy_drag": (0.005, 0.1, "[A]", "[A]"),
    "purpose_drift": (0.0, 0.02, "[A]", "[A]"),
    "project_rate": (0.01, 0.2, "[A] a few projects a year", "[A] quelques projets par an"),
    "project_min_partner_share": (0.15, 0.6, "[A]", "[A]"),
    "project_min_coorganiser_share": (0.005, 0.05, "[A]", "[A]"),
    "worker_hours": (10.0, 35.0, "[S] part-time to full-time workers",
                                 "[S] des intervenant·es à temps partiel ou à temps plein"),
    "trust_gain": (0.02, 0.3, "[A]", "[A]"),
    "ciusss_reception": (0.5, 2.0,
                         ("[A] straddles 1 so that the patterns decide the direction; [S] "
                          "« davantage perçues positivement » is what milieu-4-worker-trusted "
                          "tests"),
                         ("[A] de part et d'autre de 1 pour que les régularités décident du "
                          "sens ; [S] « davantage perçues positivement » est ce que "
                          "milieu-4-worker-trusted vérifie")),
    "outreach_floor": (0.05, 1.0, "[A]", "[A]"),
    "referral_prob": (0.05, 0.5, "[A]", "[A]"),
    "attend_base": (0.01, 0.1, "[A]", "[A]"),
    "attend_trust": (0.02, 0.3, "[A]", "[A]"),
    "tie_prob": (0.005, 0.1, "[A]", "[A]"),
    "tie_lifetime": (13, 104, "[A] three months to two years", "[A] de trois mois à deux ans"),
    "prior_tie_lapse_rate": (0.05, 0.5, "[A] residential moves and deaths",
                                        "[A] déménagements et décès"),
    "initial_mean_ties": (0.2, 2.0, "[A] no figure found for HLM isolation",
                                    "[A] aucun chiffre trouvé sur l'isolement en HLM"),
    "propensity_shape": (0.2, 1.5, "[S] « c'est toujours les mêmes qui participent »",
                                   "[S] « c'est toujours les mêmes qui participent »"),
}
"""Plausible ranges for designs and calibration priors, narrower than the hard bounds,
with their source."""

_EFFECTS: dict[str, Effect] = {
    "staff_turnover_rate": Effect(
        raises=("departures_partners", "controversies_opened_turnover"),
        lowers=("referrals_per_100",),
        through=("vacancy_weeks", "role_retained", "turnover_controversy_prob")),
    "mediator_presence": Effect(lowers=("mean_resolution_weeks",),
                               through=("resolve_mediator", "mediation_mechanism")),
    "room_conflict_rate": Effect(through=("room_agreement",)),
    "room_agreement": Effect(through=("room_conflict_rate",)),
    "suspension_start_week": Effect(through=("suspension_weeks",)),
    "suspension_weeks": Effect(through=("suspension_start_week",)),
    # no declared direction: whether a CIUSSS worker builds more trust is what
    # ciusss_reception (its prior straddles 1) and the patterns decide
    "worker_employer": Effect(through=("ciusss_reception",), choice="ciusss"),
    "worker_hours": Effect(raises=("residents_reached_share", "referrals_per_100"),
                          through=("hours_per_contact",)),
}
"""What the workshop's levers do in the model (:class:`Lever`)."""

_DECLARATIONS = tuple(
    replace(p, plausible=(float(_PLAUSIBLE[p.name][0]), float(_PLAUSIBLE[p.name][1])),
            plausible_source=_PLAUSIBLE[p.name][2], plausible_source_fr=_PLAUSIBLE[p.name][3])
    if p.name in _PLAUSIBLE else p
    for p in _DECLARATIONS
)
_DECLARATIONS = tuple(replace(p, effect=_EFFECTS.get(p.name)) for p in _DECLARATIONS)

PARAMS: Mapping[str, Param] = {p.name: p for p in _DECLARATIONS}
"""Every declared parameter, by name, in declaration order."""

GROUPS: tuple[str, ...] = tuple(dict.fromkeys(p.group for p in _DECLARATIONS))


def defaults() -> dict[str, Value]:
    """Return the declared default of every parameter."""
    return {p.name: p.default for p in _DECLARATIONS}


def lookup(name: str, where: str) -> Param:
    """Return the declaration of ``name`` or fail naming the nearest valid name."""
    try:
        return PARAMS[name]
    except KeyError:
        raise InputError(f"{where}: unknown parameter {name!r}{suggest(name, PARAMS)}") from None


def suggest(name: str, valid: Mapping[str, object] | tuple[str, ...]) -> str:
    """Return a ``(did you mean ...?)`` hint for a misspelt name, or ''."""
    close = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_assignment(text: str, where: str = "--set") -> tuple[str, Value]:
    """Parse ``NAME=VALUE`` from the command line into a checked pair."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise InputError(f"{where} {text!r}: expected NAME=VALUE")
    param = lookup(name.strip(), where)
    return param.name, param.parse(raw, f"{where} {param.name}")
