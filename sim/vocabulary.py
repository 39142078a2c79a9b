"""The project's words in French and English, shared by the CLI, the reports and the page.

One vocabulary: the names of the translation stages and the households' stages, of
controversy kinds and parameter groups, the choice values a scenario uses (employers,
origins, sectors, focus, ...) and the units, each in English and French. Parameter and
outcome *meanings* stay in their declarations (:mod:`sim.params`, :mod:`sim.outcomes`:
``meaning`` in English, ``sens`` in French); this module turns a declaration into a
plain label and its range in words, so no caller formats bounds on its own.

Words missing here fall back to something readable (an outcome's meaning, a unit as
declared), never to an error: a parameter or an outcome added later shows up at once,
and ``tests/test_vocabulary.py`` says which words still need a translation.
"""

from __future__ import annotations

import math
from typing import Literal

from sim.kinds import BY_KEY, CONTROVERSIES
from sim.outcomes import BY_NAME, Outcome
from sim.params import PARAMS, Param, Value

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
LANG_NAMES: dict[Lang, str] = {"fr": "français", "en": "English"}


def as_lang(value: object) -> Lang:
    """Return ``value`` as a language, French unless it names English."""
    return "en" if str(value).lower().startswith("en") else "fr"


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """The French or English member of an ``(English, French)`` pair."""
    return pair[1] if lang == "fr" else pair[0]


# --- stages ---------------------------------------------------------------------------
STAGE_NAMES: dict[Lang, tuple[str, ...]] = {
    "en": ("outside", "problematised", "interested", "enrolled", "mobilised"),
    "fr": ("hors réseau", "problématisé", "intéressé", "enrôlé", "mobilisé"),
}
"""Partners' translation stages (:data:`sim.model.state.STAGES`), in order."""

RESIDENT_STAGE_NAMES: dict[Lang, tuple[str, ...]] = {
    "en": ("not reached", "reached", "taking part", "co-organising"),
    "fr": ("non rejoints", "rejoints", "participent", "co-organisent"),
}
"""Households' stages (:data:`sim.model.SITE_STAGES`), in order."""

ISOLATED: dict[Lang, str] = {"en": "isolated (no tie)", "fr": "isolés (aucun lien)"}


def stage_name(stage: int, lang: Lang) -> str:
    """Name of partner stage ``stage`` (an index into :data:`sim.model.state.STAGES`)."""
    return STAGE_NAMES[lang][stage]


def resident_stage_name(stage: int, lang: Lang) -> str:
    """Name of household stage ``stage`` (an index into :data:`sim.model.SITE_STAGES`)."""
    return RESIDENT_STAGE_NAMES[lang][stage]


def intermediary_name(kind: str, lang: Lang) -> str:
    """What a resolved controversy of ``kind`` leaves behind (:mod:`sim.kinds`)."""
    found = BY_KEY[kind]
    return found.intermediary_fr if lang == "fr" else found.intermediary_en


# --- groups, kinds and choice values --------------------------------------------------
GROUP_NAMES: dict[str, dict[Lang, str]] = {
    "turnover": {"en": "Staff turnover", "fr": "Roulement du personnel"},
    "controversy": {"en": "Mediation and controversies", "fr": "Médiation et controverses"},
    "translation": {"en": "Translation of partners", "fr": "Traduction des partenaires"},
    "mobilisation": {"en": "Collective projects", "fr": "Projets collectifs"},
    "intervention": {"en": "Proximity intervention", "fr": "Intervention de proximité"},
    "residents": {"en": "Residents: activities and ties", "fr": "Résident·es : activités et liens"},
    "shock": {"en": "Suspension of activities", "fr": "Suspension des activités"},
    "history": {"en": "The network before week 0", "fr": "Le réseau avant la semaine 0"},
}
"""Names of the parameter groups declared in :mod:`sim.params`."""

CONTROVERSY_NAMES: dict[str, dict[Lang, str]] = {
    k.key: {"en": k.over_en, "fr": k.over_fr} for k in CONTROVERSIES}
"""What each kind of controversy is over (:data:`sim.kinds.CONTROVERSIES`)."""

CHOICE_NAMES: dict[str, tuple[str, str]] = {
    # value: (English, French); one table for every choice a scenario or --set takes
    "community": ("community group", "organisme communautaire"),
    "leisure": ("youth leisure group", "organisme de loisirs jeunesse"),
    "community_centre": ("community centre", "centre communautaire"),
    "ciusss": ("CIUSSS, health and social services", "CIUSSS, santé et services sociaux"),
    "omh": ("municipal housing office (OMH)", "office municipal d'habitation (OMH)"),
    "municipality": ("municipality", "municipalité"),
    "school": ("school", "école"),
    "funder": ("funder", "bailleur de fonds"),
    "tenants_committee": ("tenants' committee", "comité de locataires"),
    "crisis": ("born of a crisis", "né d'une crise"),
    "vision": ("born of a vision", "né d'une vision"),
    "families": ("families", "familles"),
    "youth": ("youth", "jeunes"),
    "all": ("all households", "tous les ménages"),
    "mediator": ("mediator", "médiateur·rice"),
    "employer": ("employer", "employeur"),
    "socialise": ("socialise, break isolation", "socialiser, briser l'isolement"),
    "listening": ("active listening", "écoute active"),
    "resources": ("knowing local resources", "connaître les ressources"),
    "procedures": ("help with procedures", "aide aux démarches"),
    "parenting": ("parenting support", "soutien parental"),
    "framing": ("mediators widen framings at meetings", "les médiateur·rices rapprochent les cadrages en rencontre"),
    "resolution_only": ("mediators only settle controversies", "les médiateur·rices règlent seulement les controverses"),
    "contact": ("trust grows with each contact", "la confiance croît à chaque contact"),
    "reception": ("trust given at first contact", "confiance donnée au premier contact"),
    "family": ("family", "famille"),
    "single": ("single person", "personne seule"),
    "senior": ("senior", "aîné·e"),
}
"""Choice values in words: employers, sectors, origins, worker focus, roles, needs,
household types (the identifiers stay what scenario files and ``--set`` take)."""


def choice_name(value: str, lang: Lang) -> str:
    """A choice value in words (the value itself when it has no entry)."""
    pair = CHOICE_NAMES.get(value)
    return pick(pair, lang) if pair else value


# --- units ----------------------------------------------------------------------------
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "": ("", ""),
    "share": ("share", "part"),
    "probability": ("probability", "probabilité"),
    "0-1": ("0 to 1", "de 0 à 1"),
    "count": ("count", "nombre"),
    "per week": ("per week", "par semaine"),
    "week": ("week", "semaine"),
    "weeks": ("weeks", "semaines"),
    "meetings": ("meetings", "rencontres"),
    "hours": ("hours", "heures"),
    "hours/week": ("hours per week", "heures par semaine"),
    "households": ("households", "ménages"),
    "partners": ("partners", "partenaires"),
    "ties/household": ("ties per household", "liens par ménage"),
    "per 100 households": ("per 100 households", "pour 100 ménages"),
    "departures/person/year": ("departures per person per year", "départs par personne par an"),
    "framing units": ("framing units", "unités de cadrage"),
    "slots/week/room": ("slots per week per room", "plages par semaine par local"),
    "factor": ("factor", "facteur"),
    "units": ("units", "unités"),
    "weight": ("weight", "poids"),
    "clarity": ("role clarity", "clarté des rôles"),
    "engagement": ("engagement", "engagement"),
    "Beta a": ("Beta shape a", "paramètre a de la loi bêta"),
    "Beta b": ("Beta shape b", "paramètre b de la loi bêta"),
    "Beta a = b": ("Beta shape (a = b)", "forme de la loi bêta (a = b)"),
    "per year": ("per year", "par an"),
    "share of households": ("share of households", "part des ménages"),
    "share of seated partners": ("share of seated partners", "part des partenaires en poste"),
    "slots/worker/week": ("slots per worker per week", "plages par intervenant·e par semaine"),
    "trust": ("trust", "confiance"),
    "weeks of the last 8": ("weeks of the last 8", "semaines sur les 8 dernières"),
}
"""Declared units (:mod:`sim.params`, :mod:`sim.outcomes`) in words."""

BOUNDED_UNITS = frozenset({"share", "probability", "0-1"})
"""Units whose values lie in [0, 1]."""


def unit_name(unit: str, lang: Lang) -> str:
    """A declared unit in words (the unit as declared when it has no entry)."""
    pair = UNIT_NAMES.get(unit)
    return pick(pair, lang) if pair else unit


def unit_range(unit: str) -> tuple[float, float]:
    """The values an outcome of this unit can take: [0, 1] for shares and
    probabilities, [0, inf) for the rest (counts, weeks, rates)."""
    return (0.0, 1.0) if unit in BOUNDED_UNITS else (0.0, math.inf)


# --- numbers --------------------------------------------------------------------------
def number(x: float, lang: Lang = "en", digits: int = 6) -> str:
    """A number without float noise: ``digits`` significant figures, no trailing zeros,
    a decimal comma in French, an em dash for a missing value."""
    if x is None or not math.isfinite(float(x)):
        return "—"
    text = f"{float(x):.{digits}g}"
    if "e" in text:  # tiny or huge: write it out, rounded
        text = f"{float(x):.{digits}f}".rstrip("0").rstrip(".")
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace(".", ",") if lang == "fr" else text


def value_text(value: Value, lang: Lang = "en") -> str:
    """A parameter value in words (booleans as yes/no, choices as named)."""
    if isinstance(value, bool):
        return pick(("yes", "oui") if value else ("no", "non"), lang)
    if isinstance(value, str):
        return choice_name(value, lang)
    return number(value, lang)


def value_and_words(value: Value, lang: Lang = "en") -> str:
    """A parameter value as ``--set`` takes it, with its words where they differ:
    ``community (organisme communautaire)``, ``false (non)``, ``0,25``."""
    if isinstance(value, bool):
        return f"{str(value).lower()} ({value_text(value, lang)})"
    if isinstance(value, str):
        words = choice_name(value, lang)
        return value if words == value else f"{value} ({words})"
    return number(value, lang)


def bounds_text(param: Param, lang: Lang = "en", *, design: bool = False) -> str:
    """A parameter's declared range (or its plausible range for designs) and unit, or
    its choices, in words: ``0–2 départs par personne par an``."""
    if param.kind == "bool":
        return pick(("true or false", "true ou false"), lang)
    if param.kind == "choice":
        return " | ".join(value_and_words(c, lang) for c in param.choices)
    low, high = param.design_range if design else (param.low, param.high)
    unit = unit_name(param.unit, lang)
    span = f"{number(float(low or 0.0), lang)}–{number(float(high or 0.0), lang)}"
    return f"{span} {unit}".rstrip()


# --- labels ---------------------------------------------------------------------------
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "partners_problematised_share": ("partners problematised or beyond",
                                     "partenaires problématisés ou au-delà"),
    "partners_interested_share": ("partners interested or beyond",
                                  "partenaires intéressés ou au-delà"),
    "partners_enrolled_share": ("partners enrolled or mobilised",
                                "partenaires enrôlés ou mobilisés"),
    "partners_mobilised_share": ("partners mobilised", "partenaires mobilisés"),
    "fallbacks": ("partners' fall-backs", "reculs d'étape des partenaires"),
    "isolation_rate": ("isolated households", "ménages isolés"),
    "mean_ties": ("ties per household", "liens par ménage"),
    "residents_reached_share": ("households reached", "ménages rejoints"),
    "residents_taking_part_share": ("households taking part", "ménages qui participent"),
    "residents_coorganising_share": ("households co-organising", "ménages qui co-organisent"),
    "resident_trust": ("households' trust in their worker",
                       "confiance des ménages envers l'intervenant·e"),
    "referrals_per_100": ("referrals per 100 households", "références pour 100 ménages"),
    "participation_gini": ("inequality of participation (Gini)",
                           "inégalité de participation (Gini)"),
    "controversies_opened": ("controversies opened", "controverses ouvertes (cumul)"),
    "controversies_open": ("controversies open now", "controverses en cours"),
    "mean_resolution_weeks": ("weeks to settle a controversy",
                              "semaines pour régler une controverse"),
    "intermediaries": ("intermediaries in force", "intermédiaires en vigueur"),
    "collective_projects": ("collective projects", "projets collectifs"),
    "weeks_to_enrolled": ("week of first enrolment", "semaine du premier enrôlement"),
    "partner_engagement": ("partners' engagement", "engagement des partenaires"),
    "engagement_peak": ("peak of partners' engagement", "sommet de l'engagement des partenaires"),
    "engagement_peak_week": ("week of the engagement peak", "semaine du sommet d'engagement"),
    "engagement_decline": ("engagement lost since its peak", "engagement perdu depuis son sommet"),
    "departures_partners": ("partner representatives who left", "départs de représentant·es"),
    "replacements_partners": ("partner representatives replaced", "représentant·es remplacé·es"),
    "departures_workers": ("workers who left", "départs d'intervenant·es"),
    "replacements_workers": ("workers replaced", "intervenant·es remplacé·es"),
    "representatives_stayed_share": ("partners whose first representative stayed",
                                     "partenaires dont le ou la représentant·e est resté·e"),
    "isolation_change": ("change in isolated households", "variation des ménages isolés"),
    "controversies_resolved": ("controversies settled", "controverses réglées"),
    "intermediaries_change": ("change in intermediaries", "variation des intermédiaires"),
    "intermediaries_worn": ("intermediaries worn out", "intermédiaires tombés en désuétude"),
}
"""Short names of the outcomes for tables and charts; an outcome without one is
labelled by its declared meaning."""


def _sentence(text: str) -> str:
    """The first sentence of a declared meaning, without its final period."""
    return text.split(". ", maxsplit=1)[0].rstrip(". ")


_BY_KIND: dict[str, tuple[str, str]] = {
    "opened": ("opened", "ouvertes (cumul)"),
    "resolved": ("settled", "réglées"),
    "open": ("open now", "en cours"),
}


def _kind_label(name: str, lang: Lang) -> str | None:
    """``controversies_<what>_<kind>``: controversies of one kind opened, settled, open."""
    head, _, kind = name.rpartition("_")
    what = head.removeprefix("controversies_")
    if not head.startswith("controversies_") or kind not in CONTROVERSY_NAMES or what not in _BY_KIND:
        return None
    if lang == "fr":
        return f"controverses {pick(_BY_KIND[what], lang)} : {CONTROVERSY_NAMES[kind]['fr']}"
    return f"controversies {pick(_BY_KIND[what], lang)}: {CONTROVERSY_NAMES[kind]['en']}"


def outcome_label(name: str, lang: Lang) -> str:
    """An outcome's plain label (its short name, else its declared meaning)."""
    if name in OUTCOME_LABELS:
        return pick(OUTCOME_LABELS[name], lang)
    by_kind = _kind_label(name, lang)
    if by_kind:
        return by_kind
    outcome = BY_NAME.get(name)
    if outcome is None:
        return name
    return _sentence(outcome.sens if lang == "fr" else outcome.meaning)


def outcome_meaning(outcome: Outcome, lang: Lang) -> str:
    """An outcome's declared meaning in ``lang``."""
    return outcome.sens if lang == "fr" else outcome.meaning


def outcome_unit(name: str, lang: Lang) -> str:
    """An outcome's unit in words."""
    outcome = BY_NAME.get(name)
    return unit_name(outcome.unit, lang) if outcome else ""


def param_label(name: str, lang: Lang) -> str:
    """A parameter's plain label: its declared meaning's first sentence."""
    param = PARAMS.get(name)
    if param is None:
        return name
    return _sentence(param.sens if lang == "fr" else param.meaning)


def param_meaning(param: Param, lang: Lang) -> str:
    """A parameter's declared meaning in ``lang``."""
    return param.sens if lang == "fr" else param.meaning


DIRECTION_NAMES: dict[int, tuple[str, str]] = {
    1: ("higher is better", "plus haut = mieux"),
    -1: ("lower is better", "plus bas = mieux"),
    0: ("no direction", "sans direction"),
}
"""The declared direction of better (:attr:`sim.outcomes.Outcome.better`) in words."""


def direction_name(better: int, lang: Lang) -> str:
    """The direction of better in words."""
    return pick(DIRECTION_NAMES[int(better)], lang)


SOURCE_TAGS: tuple[str, str] = (
    ("[S] the seed article (Nouvelles pratiques sociales 33(1), 2022), with the passage; "
     "[L] the literature; [A] a modelling assumption, to be calibrated"),
    ("[S] l'article source (Nouvelles pratiques sociales 33(1), 2022), avec le passage ; "
     "[L] la littérature ; [A] une hypothèse de modélisation, à calibrer"),
)
"""What the source tags of the parameter declarations mean (English, French)."""


def source_tags(lang: Lang) -> str:
    """The explanation of the [S]/[L]/[A] tags, citing the article."""
    return pick(SOURCE_TAGS, lang)


def plural(count: int, singular: str, plural_form: str, lang: Lang = "en") -> str:
    """``1 intervenant·e``, ``2 intervenant·es``: the count with its agreeing noun
    (French keeps the singular for 0 and 1, English only for 1)."""
    one = abs(count) < 2 if lang == "fr" else abs(count) == 1
    return f"{count} {singular if one else plural_form}"


# --- phrases of the command line and the reports ---------------------------------------
PHRASES: dict[str, tuple[str, str]] = {
    # key: (English, French); ``{name}`` fields are filled by :func:`say`
    "run": ("{name}: {replicates} × {weeks}, seed {seed}",
            "{name} : {replicates} × {weeks}, graine {seed}"),
    "site": ("Site: {hlm} HLM, {households}, {workers} ({employer}), {partners}, {origin}",
             "Site : {hlm} HLM, {households}, {workers} ({employer}), {partners}, {origin}"),
    "committees": ("Committees: {names}", "Comités : {names}"),
    "mediators": ("Mediators: {names}", "Médiateur·rices : {names}"),
    "none": ("none", "aucun"),
    "outcome": ("outcome", "indicateur"),
    "mean": ("mean", "moyenne"),
    "interval": ("95% interval", "intervalle à 95 %"),
    "n": ("n", "n"),
    "n_note": (("n: replicates (or pairs) with a value; an outcome is undefined in a "
               "replicate where nothing happened to measure (no controversy settled, no "
               "partner enrolled)"),
               ("n : réplications (ou paires) où l'indicateur a une valeur ; il est indéfini "
               "quand rien n'a eu lieu à mesurer (aucune controverse réglée, aucun "
               "partenaire enrôlé)")),
    "method": ("Intervals: {method} (seed {seed}).", "Intervalles : {method} (graine {seed})."),
    "defs": ("Definitions: hlm-sim outcomes", "Définitions : hlm-sim outcomes --lang fr"),
    "whatif": ("What if {change} in {scenario}?", "Et si {change} dans {scenario} ?"),
    "versus": ("{variant} compared with {base} (the base)",
               "{variant} comparé à {base} (la base)"),
    "pairs": (("{pairs} × {weeks}, seed {seed}: replicate r of both sides draws the same "
              "random numbers"),
              ("{pairs} × {weeks}, graine {seed} : la réplication r des deux côtés tire les "
              "mêmes nombres aléatoires")),
    "pair": ("pair of replicates", "paire de réplications"),
    "pairs_noun": ("pairs of replicates", "paires de réplications"),
    "identical": (("Warning: the variant equals the base{why}: every difference is zero by "
                  "construction."),
                  ("Attention : la variante est identique à la base{why} : tous les écarts "
                  "sont nuls par construction.")),
    "already": (" ({sets} already in {base})", " ({sets} déjà dans {base})"),
    "better_dir": ("better", "mieux"),
    "base": ("base", "base"),
    "variant": ("variant", "variante"),
    "diff": ("difference [95%]", "écart [95 %]"),
    "counts": ("better/same/worse", "mieux/pareil/pire"),
    "legend": (("↑ higher is better, ↓ lower is better, – no direction (counts then read "
               "higher/same/lower); * the interval excludes 0."),
               ("↑ plus haut = mieux, ↓ plus bas = mieux, – sans direction (les comptes se "
               "lisent alors plus haut/pareil/plus bas) ; * l'intervalle exclut 0.")),
    "summary": (("Summary: better in {better}, worse in {worse}, no clear difference in "
                 "{same} (interval including 0)."),
                ("En bref : mieux pour {better}, moins bien pour {worse}, sans écart net pour "
                 "{same} (intervalle contenant 0).")),
    "indicator": ("outcome", "indicateur"),
    "indicators": ("outcomes", "indicateurs"),
    "wrote": ("wrote {files}", "écrit : {files}"),
    "report_wrote": ("report: {path}", "rapport : {path}"),
    "direction": ("direction of better", "sens du mieux"),
    "replicates": ("replicates", "réplications"),
    "replicate": ("replicate", "réplication"),
    "weeks": ("weeks", "semaines"),
    "week": ("week", "semaine"),
    "households": ("households", "ménages"),
    "household": ("household", "ménage"),
    "partners": ("partners", "partenaires"),
    "partner": ("partner", "partenaire"),
    "workers": ("workers", "intervenant·es"),
    "worker": ("worker", "intervenant·e"),
    "origin": ("origin: {origin}", "origine : {origin}"),
    "unit": ("unit", "unité"),
    "sources": ("Sources: {tags}.", "Sources : {tags}."),
    "default": ("default", "défaut"),
    "plausible": ("plausible", "plausible"),
    "source": ("source:", "source :"),
    "outside_plausible": (("Warning: {name} = {value} lies outside its plausible range "
                           "{range} ({source}): the model was not made for it"),
                          ("Attention : {name} = {value} est hors de son étendue plausible "
                           "{range} ({source}) : le modèle n'a pas été fait pour cela")),
    "more_outcomes": (("{count} more outcomes: --outcomes all (or their names: hlm-sim "
                       "outcomes)"),
                      ("{count} autres indicateurs : --outcomes all (ou leurs noms : hlm-sim "
                       "outcomes --lang fr)")),
    # the levers (hlm-sim levers)
    "levers_title": (("Levers ranked in {scenario}: each policy step as a paired what-if, "
                      "{pairs} × {weeks}, seed {seed}"),
                     ("Leviers classés dans {scenario} : chaque mesure comme un « et si » "
                      "apparié, {pairs} × {weeks}, graine {seed}")),
    "levers_outcome": ("{outcome} ({direction})", "{outcome} ({direction})"),
    "lever": ("lever", "levier"),
    "lever_value": ("value: scenario → lever", "valeur : scénario → levier"),
    "lever_who": ("who", "qui"),
    "lever_rank": ("rank", "rang"),
    "lever_unchanged": ("already so in this scenario: not run",
                        "déjà ainsi dans ce scénario : non simulé"),
    "lever_outside": (("! outside the plausible range {range} of {param} ({source}): read "
                       "with care"),
                      ("! hors de l'étendue plausible {range} de {param} ({source}) : à lire "
                       "avec prudence")),
    "levers_legend": (("Rank 1 = the largest change in the better direction; difference = "
                       "lever − scenario, paired replicate by replicate, 95% bootstrap "
                       "interval; * the interval excludes 0."),
                      ("Rang 1 = le plus grand changement dans le sens du mieux ; écart = "
                       "levier − scénario, apparié réplication par réplication, intervalle "
                       "bootstrap à 95 % ; * l'intervalle exclut 0.")),
    "levers_sources": ("Where each step comes from:", "D'où vient chaque mesure :"),
    "tornado_note": (("green: the lever improves the outcome; red: it worsens it; the whisker "
                      "is the 95% interval of the paired difference"),
                     ("vert : le levier améliore l'indicateur ; rouge : il l'aggrave ; la "
                      "moustache est l'intervalle à 95 % de l'écart apparié")),
}
"""Sentences and column heads of the command line's tables and of the reports."""


def colon(lang: Lang) -> str:
    """A colon as each language writes it (French puts a space before it)."""
    return " :" if lang == "fr" else ":"


def say(key: str, lang: Lang, **fields: object) -> str:
    """The phrase ``key`` in ``lang``, its ``{fields}`` filled in."""
    return pick(PHRASES[key], lang).format(**fields)


def counted(count: int, noun: str, lang: Lang) -> str:
    """A count with its agreeing noun from :data:`PHRASES` (``noun`` is the singular key,
    its plural key adds an s): ``1 intervenant·e``, ``3 semaines``."""
    many = "pairs_noun" if noun == "pair" else noun + "s"
    return plural(count, say(noun, lang), say(many, lang), lang)


__all__ = [
    "CHOICE_NAMES",
    "CONTROVERSY_NAMES",
    "DIRECTION_NAMES",
    "GROUP_NAMES",
    "ISOLATED",
    "LANGS",
    "LANG_NAMES",
    "OUTCOME_LABELS",
    "PHRASES",
    "RESIDENT_STAGE_NAMES",
    "STAGE_NAMES",
    "UNIT_NAMES",
    "Lang",
    "as_lang",
    "bounds_text",
    "choice_name",
    "counted",
    "direction_name",
    "intermediary_name",
    "number",
    "outcome_label",
    "outcome_meaning",
    "outcome_unit",
    "param_label",
    "param_meaning",
    "pick",
    "plural",
    "resident_stage_name",
    "say",
    "source_tags",
    "stage_name",
    "unit_name",
    "unit_range",
    "value_and_words",
    "value_text",
]


def resolution(param: Param) -> float:
    """The precision a value of ``param`` is set to: a power of ten giving about 100 to
    1000 positions over its declared range, finer (down to 1000 positions over the
    declared range) where its plausible range would otherwise get fewer than about 100
    (the page's slider step; calibrated values are rounded to it: a project rate of
    0.014, fitted within [0.011, 0.020], needs 0.001 where its range 0-1 alone gives 0.01)."""
    span = float(param.high or 0.0) - float(param.low or 0.0)
    if span <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(span / 100.0))
    low, high = param.design_range
    if high > low:
        plausible = 10.0 ** math.floor(math.log10((high - low) / 100.0))
        step = min(step, max(plausible, 10.0 ** math.ceil(math.log10(span / 1000.0))))
    return step
