"""Every word a person reads, in English and French, and the one accessor to them.

One vocabulary for the command line, the reports and the page: :data:`WORDS` holds each
word or sentence once under one key, and :func:`say` gives it in a language, its
``{fields}`` filled in. Words named after a declaration carry its name under a prefix:
``group.<group>``, ``choice.<value>``, ``unit.<unit>``, ``outcome.<outcome>``,
``direction.<better>``, ``month.<1-12>``, ``kind_count.<what>``, ``edge.<kind>`` (the page's
links), ``axis.<unit>`` (the page's chart axes), ``head.<method>`` (a study's summary).
The names of the stages and of the controversy kinds stay in their declarations
(:mod:`sim.stages`, :mod:`sim.kinds`), parameter and outcome *meanings* in theirs
(:mod:`sim.params`, :mod:`sim.outcomes`: ``meaning`` in English, ``sens`` in French), and so
do parameters' short names (``short``, ``short_fr``); this module turns a declaration into
a plain label (:func:`param_label`: the short name; :func:`param_sentence`: the meaning's
first sentence, to explain it) and its range in words, so no caller formats bounds on its
own.

Words missing here fall back to something readable (an outcome's meaning, a unit as
declared), never to an error: a parameter or an outcome added later shows up at once.
``tests/test_vocabulary.py`` checks that no key is defined twice, that every key is used
somewhere in ``sim/`` and that every key has an English and a French form.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Literal

from sim.kinds import BY_KEY
from sim.outcomes import BY_NAME, Outcome
from sim.params import PARAMS, Param, Value
from sim.stages import HOUSEHOLD_STAGES, PARTNER_STAGES

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
LANG_NAMES: dict[Lang, str] = {"fr": "français", "en": "English"}
"""Each language named in itself (the page's language selector)."""


def as_lang(value: object) -> Lang:
    """Return ``value`` as a language, French unless it names English."""
    return "en" if str(value).lower().startswith("en") else "fr"


WORDS: dict[str, tuple[str, str]] = {
    # key: (English, French); ``{name}`` fields are filled by :func:`say`
    # --- stages and groups ---
    "isolated": ("isolated (no tie)", "isolés (aucun lien)"),
    "group.turnover": ("Staff turnover", "Roulement du personnel"),
    "group.controversy": ("Mediation and controversies", "Médiation et controverses"),
    "group.translation": ("Translation of partners", "Traduction des partenaires"),
    "group.mobilisation": ("Collective projects", "Projets collectifs"),
    "group.intervention": ("Proximity intervention", "Intervention de proximité"),
    "group.residents": ("Residents: activities and ties", "Résident·es : activités et liens"),
    "group.shock": ("Suspension of activities", "Suspension des activités"),
    "group.history": ("The network before week 0", "Le réseau avant la semaine 0"),
    # --- choice values (employers, sectors, origins, focus, roles, needs, households) ---
    "choice.community": ("community group", "organisme communautaire"),
    "choice.leisure": ("youth leisure group", "organisme de loisirs jeunesse"),
    "choice.community_centre": ("community centre", "centre communautaire"),
    "choice.ciusss": ("CIUSSS, health and social services", "CIUSSS, santé et services sociaux"),
    "choice.omh": ("municipal housing office (OMH)", "office municipal d'habitation (OMH)"),
    "choice.municipality": ("municipality", "municipalité"),
    "choice.school": ("school", "école"),
    "choice.funder": ("funder", "bailleur de fonds"),
    "choice.tenants_committee": ("tenants' committee", "comité de locataires"),
    "choice.crisis": ("born of a crisis", "né d'une crise"),
    "choice.vision": ("born of a vision", "né d'une vision"),
    "choice.families": ("families", "familles"),
    "choice.youth": ("youth", "jeunes"),
    "choice.all": ("all households", "tous les ménages"),
    "choice.mediator": ("mediator", "médiateur·rice"),
    "choice.employer": ("employer", "employeur"),
    "choice.core": ("core partner (stays throughout)", "partenaire du noyau (reste en poste)"),
    "choice.socialise": ("socialise, break isolation", "socialiser, briser l'isolement"),
    "choice.listening": ("active listening", "écoute active"),
    "choice.resources": ("knowing local resources", "connaître les ressources"),
    "choice.procedures": ("help with procedures", "aide aux démarches"),
    "choice.parenting": ("parenting support", "soutien parental"),
    "choice.framing": ("mediators widen framings at meetings",
                       "les médiateur·rices rapprochent les cadrages en rencontre"),
    "choice.resolution_only": ("mediators only settle controversies",
                               "les médiateur·rices règlent seulement les controverses"),
    "choice.with_worker": ("trust is lost when the worker leaves",
                      "la confiance se perd au départ de l'intervenant·e"),
    "choice.with_employer": ("trust stays with the employer when the worker changes",
                        "la confiance reste à l'employeur au changement d'intervenant·e"),
    "choice.family": ("family", "famille"),
    "choice.single": ("single person", "personne seule"),
    "choice.senior": ("senior", "aîné·e"),
    # --- declared units ---
    "unit.share": ("share", "part"),
    "unit.probability": ("probability", "probabilité"),
    "unit.0-1": ("0 to 1", "de 0 à 1"),
    "unit.count": ("count", "nombre"),
    "unit.per week": ("per week", "par semaine"),
    "unit.week": ("week", "semaine"),
    "unit.weeks": ("weeks", "semaines"),
    "unit.meetings": ("meetings", "rencontres"),
    "unit.hours": ("hours", "heures"),
    "unit.hours/week": ("hours per week", "heures par semaine"),
    "unit.households": ("households", "ménages"),
    "unit.ties/household": ("ties per household", "liens par ménage"),
    "unit.per 100 households": ("per 100 households", "pour 100 ménages"),
    "unit.departures/person/year": ("departures per person per year",
                                    "départs par personne par an"),
    "unit.framing units": ("framing units", "unités de cadrage"),
    "unit.slots/week/room": ("slots per week per room", "plages par semaine par local"),
    "unit.factor": ("factor", "facteur"),
    "unit.units": ("units", "unités"),
    "unit.weight": ("weight", "poids"),
    "unit.clarity": ("role clarity", "clarté des rôles"),
    "unit.engagement": ("engagement", "engagement"),
    "unit.Beta a": ("Beta shape a", "paramètre a de la loi bêta"),
    "unit.Beta b": ("Beta shape b", "paramètre b de la loi bêta"),
    "unit.Beta a = b": ("Beta shape (a = b)", "forme de la loi bêta (a = b)"),
    "unit.per year": ("per year", "par an"),
    "unit.share of households": ("share of households", "part des ménages"),
    "unit.share of seated partners": ("share of seated partners", "part des partenaires en poste"),
    "unit.slots/worker/week": ("slots per worker per week", "plages par intervenant·e par semaine"),
    "unit.weeks of the last 8": ("weeks of the last 8", "semaines sur les 8 dernières"),
    # --- outcomes' short names ---
    "outcome.partners_problematised_share": ("partners problematised or beyond",
                                             "partenaires problématisés ou au-delà"),
    "outcome.partners_interested_share": ("partners interested or beyond",
                                          "partenaires intéressés ou au-delà"),
    "outcome.partners_enrolled_share": ("partners enrolled or mobilised",
                                        "partenaires enrôlés ou mobilisés"),
    "outcome.partners_mobilised_share": ("partners mobilised", "partenaires mobilisés"),
    "outcome.fallbacks": ("partners' fall-backs", "reculs d'étape des partenaires"),
    "outcome.isolation_rate": ("isolated households", "ménages isolés"),
    "outcome.mean_ties": ("ties per household", "liens par ménage"),
    "outcome.residents_reached_share": ("households reached", "ménages rejoints"),
    "outcome.residents_taking_part_share": ("households taking part", "ménages qui participent"),
    "outcome.residents_coorganising_share": ("households co-organising",
                                             "ménages qui co-organisent"),
    "outcome.resident_trust": ("households' trust in their worker",
                               "confiance des ménages envers l'intervenant·e"),
    "outcome.referrals_per_100": ("referrals per 100 households", "références pour 100 ménages"),
    "outcome.participation_gini": ("inequality of participation (Gini)",
                                   "inégalité de participation (Gini)"),
    "outcome.controversies_opened": ("controversies opened", "controverses ouvertes (cumul)"),
    "outcome.controversies_open": ("controversies open now", "controverses en cours"),
    "outcome.mean_resolution_weeks": ("weeks to settle a controversy",
                                      "semaines pour régler une controverse"),
    "outcome.intermediaries": ("intermediaries in force", "intermédiaires en vigueur"),
    "outcome.collective_projects": ("collective projects", "projets collectifs"),
    "outcome.weeks_to_enrolled": ("week of first enrolment", "semaine du premier enrôlement"),
    "outcome.partner_engagement": ("partners' engagement", "engagement des partenaires"),
    "outcome.engagement_peak": ("peak of partners' engagement",
                                "sommet de l'engagement des partenaires"),
    "outcome.engagement_peak_week": ("week of the engagement peak",
                                     "semaine du sommet d'engagement"),
    "outcome.engagement_decline": ("engagement lost since its peak",
                                   "engagement perdu depuis son sommet"),
    "outcome.departures_partners": ("partner representatives who left",
                                    "départs de représentant·es"),
    "outcome.replacements_partners": ("partner representatives replaced",
                                      "représentant·es remplacé·es"),
    "outcome.departures_workers": ("workers who left", "départs d'intervenant·es"),
    "outcome.replacements_workers": ("workers replaced", "intervenant·es remplacé·es"),
    "outcome.representatives_stayed_share": (
        "partners whose first representative stayed",
        "partenaires dont le ou la représentant·e est resté·e"),
    "outcome.isolation_change": ("change in isolated households", "variation des ménages isolés"),
    "outcome.controversies_resolved": ("controversies settled", "controverses réglées"),
    "outcome.intermediaries_change": ("change in intermediaries", "variation des intermédiaires"),
    "outcome.intermediaries_worn": ("intermediaries worn out",
                                    "intermédiaires tombés en désuétude"),
    "kind_count.opened": ("opened", "ouvertes (cumul)"),
    "kind_count.resolved": ("settled", "réglées"),
    "kind_count.open": ("open now", "en cours"),
    # --- directions, sources, months ---
    "direction.1": ("higher is better", "plus haut = mieux"),
    "direction.-1": ("lower is better", "plus bas = mieux"),
    "direction.0": ("no direction", "sans direction"),
    "source_tags": (
        ("[S] the seed article (Nouvelles pratiques sociales 33(1), 2022), with the passage; "
         "[L] the literature; [A] a modelling assumption, to be calibrated"),
        ("[S] l'article source (Nouvelles pratiques sociales 33(1), 2022), avec le passage ; "
         "[L] la littérature ; [A] une hypothèse de modélisation, à calibrer")),
    "month.1": ("January", "janvier"),
    "month.2": ("February", "février"),
    "month.3": ("March", "mars"),
    "month.4": ("April", "avril"),
    "month.5": ("May", "mai"),
    "month.6": ("June", "juin"),
    "month.7": ("July", "juillet"),
    "month.8": ("August", "août"),
    "month.9": ("September", "septembre"),
    "month.10": ("October", "octobre"),
    "month.11": ("November", "novembre"),
    "month.12": ("December", "décembre"),
    "yes": ("yes", "oui"),
    "no": ("no", "non"),
    "true_or_false": ("true or false", "true ou false"),
    "interval_method": (
        "bootstrap percentile interval of the mean, {level}%, {resamples} resamples",
        ("intervalle bootstrap percentile de la moyenne, {level} %, {resamples} "
         "rééchantillonnages")),
    "posterior_drawn": (
        ("Parameters drawn replicate by replicate from the posterior of {where} (parameter "
         "uncertainty included)"),
        ("Paramètres tirés, réplication par réplication, de la loi a posteriori de {where} "
         "(incertitude des paramètres incluse)")),
    "runs": ("runs", "déroulements"),
    # --- the command line's tables and the reports ---
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
    "n_note": (
        ("n: replicates (or pairs) with a value; an outcome is undefined in a replicate where "
         "nothing happened to measure (no controversy settled, no partner enrolled)"),
        ("n : réplications (ou paires) où l'indicateur a une valeur ; il est indéfini quand "
         "rien n'a eu lieu à mesurer (aucune controverse réglée, aucun partenaire enrôlé)")),
    "method": ("Intervals: {method} (seed {seed}).", "Intervalles : {method} (graine {seed})."),
    "defs": ("Definitions: hlm-sim outcomes", "Définitions : hlm-sim outcomes --lang fr"),
    "whatif": ("What if {change} in {scenario}?", "Et si {change} dans {scenario} ?"),
    "versus": ("{variant} compared with {base} (the base)", "{variant} comparé à {base} (la base)"),
    "pairs": (
        ("{pairs} × {weeks}, seed {seed}: replicate r of both sides draws the same random "
         "numbers"),
        ("{pairs} × {weeks}, graine {seed} : la réplication r des deux côtés tire les mêmes "
         "nombres aléatoires")),
    "pair": ("pair of replicates", "paire de réplications"),
    "pairs_noun": ("pairs of replicates", "paires de réplications"),
    "identical": (
        "Warning: the variant equals the base{why}: every difference is zero by construction.",
        ("Attention : la variante est identique à la base{why} : tous les écarts sont nuls par"
         " construction.")),
    "already": (" ({sets} already in {base})", " ({sets} déjà dans {base})"),
    "base": ("base", "base"),
    "variant": ("variant", "variante"),
    "diff": ("difference [95%]", "écart [95 %]"),
    "counts": ("better/same/worse", "mieux/pareil/pire"),
    "legend": (
        ("↑ higher is better, ↓ lower is better, – no direction (counts then read "
         "higher/same/lower); * the interval excludes 0."),
        ("↑ plus haut = mieux, ↓ plus bas = mieux, – sans direction (les comptes se lisent "
         "alors plus haut/pareil/plus bas) ; * l'intervalle exclut 0.")),
    "summary": (
        ("Summary: better in {better}, worse in {worse}, no clear difference in {same} "
         "(interval including 0)."),
        ("En bref : mieux pour {better}, moins bien pour {worse}, sans écart net pour {same} "
         "(intervalle contenant 0).")),
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
    "better": ("better", "mieux"),
    "title_run": ("Report: {name}", "Rapport : {name}"),
    "title_compare": ("Report: comparison", "Rapport : comparaison"),
    "title_sweep": ("Report: parameter sweep of {name}",
                    "Rapport : balayage de paramètres, {name}"),
    "title_sensitivity": ("Report: sensitivity analysis ({method}) of {name}",
                          "Rapport : analyse de sensibilité ({method}), {name}"),
    "what": ("What was run", "Ce qui a été simulé"),
    "changes": ("Changes from the scenario file: {sets}",
                "Changements par rapport au fichier de scénario : {sets}"),
    "no_changes": ("No change from the scenario file.", "Aucun changement au fichier de scénario."),
    "seeds": ("Root seed {seed}; replicate r draws from {rule}.",
              "Graine racine {seed} ; la réplication r tire de {rule}."),
    "versions": ("hlm-sim {version}, model {model}.", "hlm-sim {version}, modèle {model}."),
    "command": ("Command: hlm-sim {command}", "Commande : hlm-sim {command}"),
    "passages": ("The seed article's passages behind this site's structure:",
                 "Passages de l'article source derrière la structure de ce site :"),
    "description": ("Scenario: {text}", "Scénario : {text}"),
    "file": ("Scenario file: {path}", "Fichier de scénario : {path}"),
    "final": ("Outcomes at the last week", "Indicateurs à la dernière semaine"),
    "series": ("Week by week", "Semaine après semaine"),
    "series_note": (
        ("Median over the replicates (line) and the band holding 80% of them (10th to 90th "
         "percentile)."),
        ("Médiane des réplications (ligne) et bande qui en contient 80 % (du 10e au 90e "
         "centile).")),
    "no_series": ("No weekly series in this folder.",
                  "Pas de séries hebdomadaires dans ce dossier."),
    "sankey_partners": ("Partners through the translation stages",
                        "Les partenaires à travers les étapes de la traduction"),
    "sankey_households": ("Households: reached, taking part, co-organising",
                          "Les ménages : rejoints, participent, co-organisent"),
    "sankey_note": (
        ("Moves between stages recorded by the model after week {first} up to week {last}: "
         "each week the model compares every partner's stage with its stage the week before. "
         "A link's width is the mean number of such moves per replicate; a partner that moves "
         "several times counts each time (red: moves back a stage)."),
        ("Passages d'une étape à une autre enregistrés par le modèle après la semaine {first} "
         "et jusqu'à la semaine {last} : chaque semaine, le modèle compare l'étape de chaque "
         "partenaire à son étape de la semaine précédente. La largeur d'un lien est le nombre "
         "moyen de ces passages par réplication ; un partenaire qui change plusieurs fois "
         "d'étape compte à chaque fois (en rouge : retours d'une étape).")),
    "households_note": (
        ("The same, household by household; a household's stage is the furthest that applies "
         "that week (co-organising, else taking part, else reached)."),
        ("De même, ménage par ménage ; l'étape d'un ménage est la plus avancée qui s'applique "
         "cette semaine-là (co-organise, sinon participe, sinon rejoint).")),
    "contrast": ("Paired differences", "Écarts appariés"),
    "overlay": ("Base and variant, week by week", "Base et variante, semaine après semaine"),
    "effects": ("Each outcome against each parameter", "Chaque indicateur selon chaque paramètre"),
    "effects_note": (
        ("Each point is a design point: the mean over its replicates (bars: ± one standard "
         "deviation)."),
        ("Chaque point est un point du plan : la moyenne de ses réplications (barres : ± un "
         "écart-type).")),
    "indices": ("Indices with their 95% intervals", "Indices et leurs intervalles à 95 %"),
    "indices_note": (
        ("Parameters are ordered by rank; where two intervals overlap the data cannot say "
         "which parameter matters more (listed above)."),
        ("Paramètres par rang ; là où deux intervalles se chevauchent, les données ne disent "
         "pas lequel compte le plus (liste ci-dessus).")),
    "in_short": ("In short", "En bref"),
    "flat": ("does not vary over the design", "ne varie pas sur le plan"),
    "skipped": ("not analysed: {reason}", "non analysé : {reason}"),
    "tied": ("the intervals cannot rank: {pairs}", "les intervalles ne départagent pas : {pairs}"),
    "ranges": ("Parameters varied over: {ranges}", "Paramètres variés sur : {ranges}"),
    "head.sweep": (
        ("Summary: for each outcome, the parameters whose value goes with it most (Spearman's "
         "rho over the design points with its 95% bootstrap interval over the points; + rises "
         "with the parameter, − falls; * the interval excludes 0)"),
        ("En bref : pour chaque indicateur, les paramètres qui vont le plus avec lui (rho de "
         "Spearman sur les points du plan, avec son intervalle bootstrap à 95 % sur les points ;"
         " + monte avec le paramètre, − baisse ; * l'intervalle exclut 0)")),
    "head.sobol": (
        ("Summary: for each outcome, the parameters with the largest total effect ST (share of"
         " the outcome's variance, 95% bootstrap interval); sign: + the outcome rises with the"
         " parameter, − falls"),
        ("En bref : pour chaque indicateur, les paramètres à l'effet total ST le plus grand "
         "(part de la variance de l'indicateur, intervalle bootstrap à 95 %) ; signe : + "
         "l'indicateur monte avec le paramètre, − baisse")),
    "head.morris": (
        ("Summary: for each outcome, the parameters with the largest mu* (mean absolute change"
         " of the outcome, in its unit, when the parameter crosses its design range; 95% "
         "bootstrap interval) and the signed mean mu: + raises it, − lowers it, ± both "
         "depending on the other parameters"),
        ("En bref : pour chaque indicateur, les paramètres au mu* le plus grand (variation "
         "absolue moyenne de l'indicateur, dans son unité, quand le paramètre parcourt sa "
         "plage ; intervalle bootstrap à 95 %) et la moyenne signée mu : + l'augmente, − le "
         "diminue, ± l'un ou l'autre selon les autres paramètres")),
    "median": ("median", "médiane"),
    "band": ("10–90% of replicates", "10–90 % des réplications"),
    "difference": ("difference (variant − base)", "écart (variante − base)"),
    "worse": ("worse", "moins bien"),
    "unclear": ("no clear difference / no direction", "pas d'écart net / sans direction"),
    "parameter": ("parameter", "paramètre"),
    "index": ("index", "indice"),
    # --- the page ---
    "legend_partners": (
        ("Partners: circles on the ring, coloured by translation stage (pale while the seat is"
         " vacant)"),
        ("Partenaires : cercles sur l'anneau, couleur selon l'étape de la traduction (pâle si "
         "le siège est vacant)")),
    "legend_households": (
        ("Households: one circle per group in each HLM, its area by the number of households "
         "(written under it)"),
        ("Ménages : un cercle par groupe dans chaque HLM, sa surface selon le nombre de "
         "ménages (écrit dessous)")),
    "legend_shapes": ("Other shapes", "Autres formes"),
    "shape_worker": ("triangle: proximity worker (white while the post is vacant)",
                     "triangle : intervenant·e de proximité (blanc si le poste est vacant)"),
    "shape_committee": ("square: committee", "carré : comité"),
    "shape_room": (
        "diamond: community room (red outline when demand exceeds its slots)",
        "losange : local communautaire (contour rouge si la demande dépasse ses plages)"),
    "shape_intermediary": ("small square: intermediary (pale until one exists)",
                           "petit carré : intermédiaire (pâle tant qu'il n'existe pas)"),
    "legend_links": ("Links (thicker: more of them)", "Liens (plus épais : plus nombreux)"),
    "network_title": ("Network", "Réseau"),
    "chart_stages": ("Partners by translation stage", "Partenaires par étape de la traduction"),
    "chart_enrolment": ("Partners enrolled or mobilised", "Partenaires enrôlés ou mobilisés"),
    "value_now": ("now {value}", "actuellement {value}"),
    "chart_actants": ("Controversies open and intermediaries in force",
                      "Controverses en cours et intermédiaires en vigueur"),
    "x_weeks": ("week (0 = {month})", "semaine (0 = {month})"),
    "other_outcome": ("Another result of the run", "Un autre résultat du déroulement"),
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
    "ended": (
        ("The run has reached week {horizon} ({month}), its end. To go on: change the levers "
         "and press Reset for a new run, or choose another milieu."),
        ("Le déroulement a atteint la semaine {horizon} ({month}) : il est terminé. Pour "
         "continuer : modifiez les leviers puis « Recommencer » pour un nouveau déroulement, "
         "ou choisissez un autre milieu.")),
    "display": ("Display", "Affichage"),
    "pause_ms": (
        "Pause between two pictures while playing (milliseconds): shorter plays faster",
        ("Pause entre deux images pendant la lecture (millisecondes) : plus courte, la lecture"
         " va plus vite")),
    "weeks_per_picture": (
        "Weeks per picture while playing: more plays faster but less smoothly",
        ("Semaines par image pendant la lecture : plus il y en a, plus c'est rapide, mais "
         "moins fluide")),
    "switch_title": ("Change milieu?", "Changer de milieu ?"),
    "switch_text": (
        "You changed {n} value(s) for this milieu. {milieu} has values of its own.",
        "Vous avez modifié {n} valeur(s) pour ce milieu. {milieu} a ses propres valeurs."),
    "switch_take": ("Use the values of {milieu}", "Prendre les valeurs de {milieu}"),
    "switch_keep": ("Keep my values", "Garder mes valeurs"),
    "switch_cancel": ("Stay on this milieu", "Rester sur ce milieu"),
    "run_seed": ("seed", "germe"),
    "about": ("About this model", "À propos de ce modèle"),
    "about_intro": (
        ("hlm-sim follows the partners of a social housing site (HLM) and the households "
         "around a proximity intervention, week by week from November 2018 (week 0, the start "
         "of the observation), and reads the network through Michel Callon's sociology of "
         "translation: partners move through four stages, and the network holds when they "
         "reach enrolment and mobilisation."),
        ("hlm-sim suit les partenaires d'un milieu HLM et les ménages autour d'une "
         "intervention de proximité, semaine après semaine depuis novembre 2018 (semaine 0, "
         "début de l'observation), et lit le réseau avec la sociologie de la traduction de "
         "Michel Callon : les partenaires traversent quatre étapes, et le réseau tient quand "
         "ils arrivent à l'enrôlement et à la mobilisation.")),
    "about_stages": ("The four stages of translation", "Les quatre étapes de la traduction"),
    "about_levers": ("What the main levers do in the model",
                     "Ce que font les principaux leviers dans le modèle"),
    "lever_raise": ("In the model, raising it", "Dans le modèle, l'augmenter"),
    "lever_set": ("In the model, with it", "Dans le modèle, avec elle"),
    "lever_choose": ("In the model, choosing {choice}", "Dans le modèle, choisir {choice}"),
    "lever_through": ("This lever acts together with", "Ce levier agit avec"),
    "about_milieu": ("Where this milieu comes from", "D'où vient ce milieu"),
    "about_values": ("How far to trust the values", "Quelle confiance accorder aux valeurs"),
    "about_assumptions": (
        ("The structure of each milieu (buildings, partners, committees, workers) comes from "
         "the seed article. The four milieux' dynamics were fitted together to the qualitative"
         " findings the article reports (controversies everywhere, some unresolved, "
         "mobilisation lagging behind, milieu 1's disengagement, trust in milieu 4's worker); "
         "the fit does not yet reproduce all of them, and each value stays uncertain. Read the"
         " curves as the consequences of these values, not as predictions."),
        ("La structure de chaque milieu (HLM, partenaires, comités, intervenant·es) vient de "
         "l'article source. La dynamique des quatre milieux a été ajustée ensemble aux "
         "constats qualitatifs de l'article (des controverses partout, certaines non résolues,"
         " une mobilisation en retard, le désengagement du milieu 1, la confiance envers "
         "l'intervenante du milieu 4) ; l'ajustement ne les reproduit pas encore tous, et "
         "chaque valeur reste incertaine. Lisez les courbes comme les conséquences de ces "
         "valeurs, pas comme des prévisions.")),
    "about_calibration": ("This milieu's file says:", "Le fichier de ce milieu indique :"),
    "about_no_passage": ("The file quotes no passage of the article.",
                         "Le fichier ne cite aucun passage de l'article."),
    "axis.share_partners": ("share of partners (0 to 1)", "part des partenaires (de 0 à 1)"),
    "axis.share_households": ("share of households (0 to 1)", "part des ménages (de 0 à 1)"),
    "axis.count": ("number", "nombre"),
    "title": ("hlm-sim: partner networks around proximity intervention",
              "hlm-sim : réseaux partenariaux et intervention de proximité"),
    "seed": ("Random seed (same seed, same run)", "Germe aléatoire (même germe, même déroulement)"),
    "language": ("Language", "Langue"),
    "pending": ("Changes wait for Reset:", "Changements en attente de « Recommencer » :"),
    "vs_default": ("Compared with the milieu's default run (same seed):",
                   "Comparé au déroulement par défaut du milieu (même germe) :"),
    "enrolled_this": ("enrolled or mobilised (this run)", "enrôlés ou mobilisés (ce déroulement)"),
    "enrolled_default": ("enrolled or mobilised (default run)",
                         "enrôlés ou mobilisés (déroulement par défaut)"),
    "isolation_rate": ("isolation rate (share of households with no tie)",
                       "taux d'isolement (part des ménages sans lien)"),
    "mean_ties": ("mean ties per household", "liens moyens par ménage"),
    "controversies_open": ("open controversies", "controverses ouvertes"),
    "intermediaries": ("intermediaries in force", "intermédiaires en vigueur"),
    "collective_projects": ("collective projects (cumulative)", "projets collectifs (cumul)"),
    "legend_edges": ("Links:", "Liens :"),
    "committee": ("committee", "comité"),
    "room": ("community room", "local communautaire"),
    "vacant": ("seat vacant", "poste vacant"),
    "seated": ("seated", "en poste"),
    "intermediary": ("intermediary", "intermédiaire"),
    "none_yet": ("none yet", "aucun pour l'instant"),
    "building": ("HLM", "HLM"),
    "ties_within": ("ties within the group", "liens dans le groupe"),
    "node": ("node", "nœud"),
    "detail": ("detail", "détail"),
    "stage": ("stage", "étape"),
    "other_params": ("Other parameters", "Autres paramètres"),
    "show_other": ("Show the other parameters", "Afficher les autres paramètres"),
    "apply_hint": (
        "Move the controls, then press Reset to start a new run with them.",
        "Réglez les contrôles, puis « Recommencer » pour lancer un nouveau déroulement."),
    "agreement": ("agreement in force", "entente en vigueur"),
    "contested": ("demand exceeds slots", "demande supérieure aux plages"),
    "slots": ("slots/week", "plages/semaine"),
    "members": ("members", "membres"),
    "every": ("meets every", "se réunit aux"),
    "present": ("at the last meeting", "à la dernière rencontre"),
    "reached_by": ("households contacted", "ménages contactés"),
    "proximity_worker": ("proximity worker", "intervenant·e de proximité"),
    "edge.member": ("committee seat", "siège au comité"),
    "edge.employs": ("employs", "emploie"),
    "edge.referral": ("referral channel open", "canal de référence ouvert"),
    "edge.contact": ("worker's contacts", "contacts de l'intervenant·e"),
    "edge.ties": ("ties between households", "liens entre ménages"),
    "edge.controversy": ("open controversy", "controverse ouverte"),
    "edge.activity": ("activity in the room this week", "activité au local cette semaine"),
    "edge.intermediary": ("intermediary in force", "intermédiaire en vigueur"),
    # the levers (hlm-sim levers) and what-if warnings
    "outside_plausible": (("Warning: {name} = {value} lies outside its plausible range "
                           "{range} ({source}): the model was not made for it"),
                          ("Attention : {name} = {value} est hors de son étendue plausible "
                           "{range} ({source}) : le modèle n'a pas été fait pour cela")),
    "more_outcomes": (("{count} more outcomes: --outcomes all (or their names: hlm-sim "
                       "outcomes)"),
                      ("{count} autres indicateurs : --outcomes all (ou leurs noms : hlm-sim "
                       "outcomes --lang fr)")),
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
    "title_levers": ("Report: levers ranked in {name}", "Rapport : leviers classés, {name}"),
    # --- charts read alone: legends, colour bars, axes and captions (issue 22, item 5) ---
    "chart_value": ("value", "valeur"),
    "chart_base": ("Base: {name} as it is", "Base : {name} tel quel"),
    "chart_variant": ("Variant: {name}", "Variante : {name}"),
    "chart_overlay_note": (
        ("Grey: the base, {base} as it is; orange: the variant, {variant}. In each panel, one "
         "outcome week by week: the line is the median over the replicates, the shaded band "
         "holds 80% of them (10th to 90th percentile)."),
        ("Gris : la base, {base} tel quel ; orange : la variante, {variant}. Dans chaque "
         "panneau, un indicateur semaine après semaine : la ligne est la médiane des "
         "réplications, la bande ombrée en contient 80 % (du 10e au 90e centile).")),
    "chart_contrast_x": ("difference, variant − base, in the unit after each outcome's name",
                         "écart, variante − base, dans l'unité après le nom de l'indicateur"),
    "chart_contrast_note": (
        ("One row per outcome, each on its own scale: the dot is the mean paired difference "
         "(variant − base), the whisker its 95% interval, the dotted line no difference; "
         "green: better, red: worse, grey: no clear difference or no direction of better."),
        ("Une ligne par indicateur, chacun sur sa propre échelle : le point est l'écart apparié"
         " moyen (variante − base), la moustache son intervalle à 95 %, le pointillé l'absence "
         "d'écart ; vert : mieux, rouge : moins bien, gris : pas d'écart net ou pas de sens du "
         "mieux.")),
    "chart_cell_mean": ("mean ({unit})", "moyenne ({unit})"),
    "chart_grid_note": (
        ("One panel per outcome; each cell is a point of the grid (the two parameters' values "
         "on the axes), its colour the outcome's mean over the point's replicates, read on the "
         "colour scale beside the panel (each panel has its own scale, in the outcome's unit)."),
        ("Un panneau par indicateur ; chaque case est un point de la grille (les valeurs des "
         "deux paramètres sur les axes), sa couleur la moyenne de l'indicateur sur les "
         "réplications du point, à lire sur l'échelle de couleurs à côté du panneau (chaque "
         "panneau a sa propre échelle, dans l'unité de l'indicateur).")),
    "chart_point": ("design point: mean over its replicates, bar ± one standard deviation",
                    "point du plan : moyenne de ses réplications, barre ± un écart-type"),
    "chart_s1": ("S1: the parameter's effect alone", "S1 : effet du paramètre seul"),
    "chart_st": ("ST: its total effect, interactions included",
                 "ST : son effet total, interactions comprises"),
    "chart_mu_star": ("mu*: mean absolute effect", "mu* : effet absolu moyen"),
    "chart_sigma": ("sigma: spread of the effect (interactions, curvature)",
                    "sigma : dispersion de l'effet (interactions, courbure)"),
    "chart_variance_share": ("share of the outcome's variance", "part de la variance de l'indicateur"),
    "chart_change_in": ("change in the outcome ({unit})", "variation de l'indicateur ({unit})"),
    "chart_sobol_note": (
        ("One panel per outcome, the parameters (left) from the most to the least influential:"
         " blue S1, the share of the outcome's variance the parameter explains alone; orange "
         "ST, its share with its interactions; whiskers: 95% intervals."),
        ("Un panneau par indicateur, les paramètres (à gauche) du plus au moins influent : en "
         "bleu S1, la part de la variance de l'indicateur que le paramètre explique seul ; en "
         "orange ST, sa part avec ses interactions ; moustaches : intervalles à 95 %.")),
    "chart_morris_note": (
        ("One panel per outcome, the parameters (left) from the most to the least influential:"
         " blue mu*, the mean absolute change of the outcome (in its unit) when the parameter "
         "crosses its range; orange sigma, how much that change varies with the other "
         "parameters; whiskers: 95% intervals."),
        ("Un panneau par indicateur, les paramètres (à gauche) du plus au moins influent : en "
         "bleu mu*, la variation absolue moyenne de l'indicateur (dans son unité) quand le "
         "paramètre parcourt sa plage ; en orange sigma, combien cette variation dépend des "
         "autres paramètres ; moustaches : intervalles à 95 %.")),
    "chart_improves": ("the lever improves the outcome", "le levier améliore l'indicateur"),
    "chart_worsens": ("the lever worsens it", "le levier l'aggrave"),
    "chart_no_change": ("no change", "aucun changement"),
    "chart_tornado_x": ("difference, lever − scenario ({unit})", "écart, levier − scénario ({unit})"),
    # --- progress lines ---
    "progress": ("{label}: {done}/{total} runs", "{label} : {done}/{total} déroulements"),
    "study_start": ("{state} in {out}: {points} points × {replicates} = {runs} runs on {executor}",
                    ("{state} dans {out} : {points} points × {replicates} = {runs} déroulements "
                     "sur {executor}")),
    "study_new": ("new study", "nouvelle étude"),
    "study_desc": ("study", "étude"),
    "study_resume": ("resuming", "reprise"),
    "study_line": (("{total} runs: {done} done, {skipped} skipped (already stored), {failed} "
                    "failed"),
                   ("{total} déroulements : {done} faits, {skipped} sautés (déjà stockés), "
                    "{failed} en échec")),
    "study_failed_before": (" (+{count} stored as failed earlier)",
                            " (+{count} stockés en échec auparavant)"),
    "study_shared": (
        ("; {count} not run twice: their design point has the same parameter values as another "
         "point (a Morris trajectory revisiting a point, or whole-number parameters rounding "
         "alike), so they reuse its runs"),
        (" ; {count} non refaits : leur point du plan a les mêmes valeurs qu'un autre (une "
         "trajectoire de Morris qui repasse par un point, ou des paramètres entiers arrondis "
         "pareil), ils reprennent ses déroulements")),
    "study_where": ("in {seconds} s on {executor}", "en {seconds} s sur {executor}"),
    "study_interrupted": (("study: interrupted; the finished runs are stored, the running ones "
                           "dropped (rerun the same command to resume)"),
                          ("étude : interrompue ; les déroulements finis sont stockés, ceux en "
                           "cours abandonnés (relancez la même commande pour reprendre)")),
    "study_failed": (("{prog}: error: {why}; the runs stored so far are kept: rerun the same "
                      "command to resume"),
                     ("{prog} : erreur : {why} ; les déroulements déjà stockés sont gardés : "
                      "relancez la même commande pour reprendre")),
    "exec_inline": ("1 worker (this process)", "1 processus de calcul (celui-ci)"),
    "exec_local": ("{workers} local worker processes", "{workers} processus de calcul locaux"),
    "exec_dask": ("Dask scheduler {address} ({workers} workers, {threads} threads)",
                  ("ordonnanceur Dask {address} ({workers} processus de calcul, {threads} "
                   "fils d'exécution)")),
    # --- why a study left an outcome out ---
    "skip_missing": (
        ("{missing} of {size} design points have no finite value over their replicates (failed "
         "runs, or an outcome undefined in every replicate); not imputed"),
        ("{missing} points du plan sur {size} n'ont aucune valeur finie sur leurs réplications "
         "(déroulements en échec, ou indicateur indéfini dans chaque réplication) ; non "
         "imputés")),
    "skip_constant": ("constant over the design: no variance to apportion",
                      "constant sur le plan : aucune variance à répartir"),
    "skip_indices": ("SALib could not estimate the indices ({why})",
                     "SALib n'a pas pu estimer les indices ({why})"),
    "skip_measures": ("SALib could not estimate the measures ({why})",
                      "SALib n'a pas pu estimer les mesures ({why})"),
    # --- the pattern scorecard and the validation ---
    "patterns_head": (("Patterns on runs of the milieu files as shipped (hlm-sim validate checks "
                       "the same patterns on posterior runs): week {week}, {replicates} "
                       "replicates per milieu, seed {seed}"),
                      ("Régularités sur des déroulements des fichiers de milieu tels que livrés "
                       "(hlm-sim validate vérifie les mêmes sur des déroulements tirés de la loi a "
                       "posteriori) : semaine {week}, {replicates} réplications par milieu, "
                       "graine {seed}")),
    "pattern_holds": ("holds", "tient"),
    "pattern_fails": ("FAILS", "ÉCHOUE"),
    "pattern_passage": ("seed: {passage}", "article source : {passage}"),
    "pattern_detail": ("share of replicates showing it (target ≥ {target}): {groups}",
                       "part des réplications qui la montrent (cible ≥ {target}) : {groups}"),
    "pattern_group": ("{group} {share} [{low}, {high}] of {n}",
                      "{group} {share} [{low} ; {high}] sur {n}"),
    "pattern_pooled": ("pooled", "ensemble"),
    "prior_check_start": (("prior check: {draws} draws from the calibration prior, {replicates} "
                           "replicates per milieu, {workers} workers"),
                          ("vérification a priori : {draws} tirages de la loi a priori de la "
                           "calibration, {replicates} réplications par milieu, {workers} "
                           "processus de calcul")),
    "prior_check_head": (
        ("Share of {draws} prior draws in which each pattern holds (90% interval; informative: "
         "at most {most} pooled and below 1 under every mechanism pair)"),
        ("Part des {draws} tirages a priori où chaque régularité tient (intervalle à 90 % ; "
         "informative : au plus {most} en tout et sous 1 pour chaque paire de mécanismes)")),
    "prior_informative": ("informative", "informative"),
    "prior_uninformative": ("UNINFORMATIVE", "NON INFORMATIVE"),
    "pattern_use_calibration": ("calibration", "calibration"),
    "pattern_use_validation": ("validation", "validation"),
    "validate_head": (("Patterns on posterior runs ({posterior}; hlm-sim patterns checks the same "
                       "patterns on the milieu files as shipped): {scenario}, {replicates} "
                       "replicates per milieu, week {week}, seed {seed}"),
                      ("Régularités sur des déroulements tirés de la loi a posteriori "
                       "({posterior} ; hlm-sim patterns vérifie les mêmes sur les fichiers de "
                       "milieu tels que livrés) : {scenario}, {replicates} réplications par "
                       "milieu, semaine {week}, graine {seed}")),
    "validate_passes": ("passes", "réussit"),
    "validate_fitted": ("fitted", "ajustée"),
    "validate_held": ("held back (validation)", "gardée à part (validation)"),
    "validate_consistency": (("consistency check, not counted: nearly every prior draw shows it"),
                             ("contrôle de cohérence, non compté : presque chaque tirage de la "
                              "loi a priori la montre")),
    "validate_evidence": ("evidence: {strength}", "preuve : {strength}"),
    "validate_share": (("share of posterior runs reproducing it {share} [90%: {low}, {high}], "
                        "target ≥ {target}"),
                       ("part des déroulements a posteriori qui la reproduisent {share} "
                        "[90 % : {low} ; {high}], cible ≥ {target}")),
    "drivers_head": ("goes with ({over}; 5% false discovery rate):",
                     "va avec ({over} ; taux de fausses découvertes 5 %) :"),
    "drivers_over_posterior": ("posterior runs", "déroulements a posteriori"),
    "drivers_over_prior": ("prior draws", "tirages a priori"),
    "drivers_units_posterior": ("runs", "déroulements"),
    "drivers_units_prior": ("draws", "tirages"),
    "drivers_one": (("{value}: holds in {lower} {lower_ci} of the {units} where the value "
                     "is at most {top}, {upper} {upper_ci} where it is at least {bottom}"),
                    ("{value} : tient dans {lower} {lower_ci} des {units} où la valeur est "
                     "d'au plus {top}, {upper} {upper_ci} où elle est d'au moins {bottom}")),
    "drivers_none": (("no fitted value goes with it at this many {units} (5% false discovery "
                      "rate)"),
                     ("aucune valeur ajustée ne va avec elle sur ce nombre de {units} (taux "
                      "de fausses découvertes 5 %)")),
    "validate_all_pass": ("Result: every calibration pattern passes.",
                          "Résultat : toutes les régularités de calibration réussissent."),
    "validate_one_fails": ("Result: a calibration pattern fails.",
                           "Résultat : une régularité de calibration échoue."),
    "validation_all_hold": ("Every validation pattern (held back from the fit) holds.",
                            ("Toutes les régularités de validation (gardées à part de "
                             "l'ajustement) tiennent.")),
    "validation_some_fail": (("Validation patterns (held back from the fit) that fail: "
                              "{failed} of {total} ({ids})."),
                             ("Régularités de validation (gardées à part de l'ajustement) en "
                              "échec : {failed} sur {total} ({ids}).")),
    # --- errors (made in English where they arise; :func:`in_words` puts them in French) ---
    "error_line": ("{prog}: error: {message}", "{prog} : erreur : {message}"),
    "interrupted": ("{prog}: interrupted", "{prog} : interrompu"),
    "msg_did_you_mean": ("{text} (did you mean {name}?)", "{text} (vouliez-vous dire {name} ?)"),
    "msg_no_scenario": ("{name}: no such scenario file (bundled scenarios: {known})",
                        "{name} : aucun fichier de scénario de ce nom (scénarios fournis : {known})"),
    "msg_no_file": ("{path}: no such scenario file", "{path} : aucun fichier de scénario de ce nom"),
    "msg_unknown_parameter": ("{where}: unknown parameter {name}",
                              "{where} : paramètre inconnu {name}"),
    "msg_unknown_parameter_here": ("{where}: unknown parameter", "{where} : paramètre inconnu"),
    "msg_unknown_key": ("{where}: unknown key {key}", "{where} : clé inconnue {key}"),
    "msg_missing_key": ("{where}: missing key {key}", "{where} : clé manquante {key}"),
    "msg_outside": ("{where}: {value} is outside the declared range [{low}, {high}] ({unit})",
                    "{where} : {value} est hors de l'étendue déclarée [{low} ; {high}] ({unit})"),
    "msg_out_results": (
        ("--out {out}: expected a new or empty folder, found earlier results ({held}); choose "
         "another folder, or add --force to replace them"),
        ("--out {out} : attendu un dossier nouveau ou vide, trouvé des résultats antérieurs "
         "({held}) ; choisissez un autre dossier, ou ajoutez --force pour les remplacer")),
    "msg_out_foreign": (
        ("--out {out}: --force replaces the results of run, compare or levers, found {found} "
         "(a study or a calibration); choose another folder"),
        ("--out {out} : --force remplace les résultats de run, compare ou levers, trouvé "
         "{found} (une étude ou une calibration) ; choisissez un autre dossier")),
    "msg_no_parent": ("{where}: the parent folder {parent} does not exist",
                      "{where} : le dossier parent {parent} n'existe pas"),
    "msg_parent_file": ("{where}: {parent} is a file, not a folder",
                        "{where} : {parent} est un fichier, pas un dossier"),
    "msg_read_only": ("{where}: the folder {parent} cannot be written (permission denied)",
                      "{where} : le dossier {parent} ne peut pas être écrit (permission refusée)"),
    "msg_cannot_write": ("{where}: cannot be written ({reason})",
                         "{where} : ne peut pas être écrit ({reason})"),
    "msg_busy": (("{where}: another process is {what} in this folder; wait for it or choose "
                  "another folder"),
                 ("{where} : un autre processus travaille dans ce dossier ({what}) ; attendez-le "
                  "ou choisissez un autre dossier")),
    "msg_compare_nothing": ("compare: give at least one --set NAME=VALUE or --against BASE",
                            "compare : donnez au moins un --set NOM=VALEUR ou --against BASE"),
    "msg_report_needs_out": (
        "--report: expected --out DIR as well (the report reads the tables written there)",
        "--report : --out DOSSIER est requis aussi (le rapport lit les tableaux qui y sont écrits)"),
    "msg_force_needs_out": (
        ("--force: expected --out DIR as well (it replaces the results a folder holds; without "
         "--out nothing is written)"),
        ("--force : --out DOSSIER est requis aussi (il remplace les résultats d'un dossier ; "
         "sans --out rien n'est écrit)")),
    "msg_report_no_folder": (
        ("report {folder}: expected a folder written by run, compare, sweep or sensitivity "
         "--out, found no such folder"),
        ("report {folder} : attendu un dossier écrit par run, compare, sweep ou sensitivity "
         "--out, trouvé aucun dossier de ce nom")),
    "msg_report_not_results": (
        ("report {folder}: expected run.json (run, compare) or study.json (sweep, sensitivity) "
         "in it, found neither"),
        ("report {folder} : attendu run.json (run, compare) ou study.json (sweep, sensitivity) "
         "dans ce dossier, trouvé ni l'un ni l'autre")),
    "msg_also_varied": ("--set {name}: the parameter is also varied by --params",
                        "--set {name} : le paramètre est aussi varié par --params"),
    "msg_argument": ("argument {name}: {text}", "argument {name} : {text}"),
    "msg_invalid_choice": ("invalid choice: {value} (choose from {choices})",
                           "choix invalide : {value} (parmi {choices})"),
    "msg_required": ("the following arguments are required: {names}",
                     "arguments requis : {names}"),
    "msg_unrecognized": ("unrecognized arguments: {names}", "arguments inconnus : {names}"),
    "msg_expected_found": ("{where}: expected {expected}, found {found}",
                           "{where} : attendu {expected}, trouvé {found}"),
    "msg_expected": ("{where}: expected {expected}", "{where} : attendu {expected}"),
    "msg_one_argument": ("expected one argument", "un argument attendu"),
    "msg_whole": ("a whole number", "un nombre entier"),
    "msg_number": ("a number", "un nombre"),
    "msg_finite": ("a finite number", "un nombre fini"),
    "msg_above": ("a number above {low}", "un nombre supérieur à {low}"),
    "msg_string": ("a string", "une chaîne de caractères"),
    "msg_array": ("an array", "un tableau TOML"),
    "msg_table": ("a table", "une table TOML"),
    "msg_folder": ("a folder", "un dossier"),
    "msg_file": ("a file", "un fichier"),
    "msg_assignment": ("NAME=VALUE", "NOM=VALEUR"),
    "msg_one_of": ("one of {choices}", "l'une des valeurs {choices}"),
    "msg_span": ("{low} to {high}", "{low} à {high}"),
    "msg_or_more": ("{low} or more", "{low} ou plus"),
    "msg_outcome_names": ("outcome names (hlm-sim outcomes) or all",
                          "des noms d'indicateurs (hlm-sim outcomes --lang fr) ou all"),
    "msg_or": ("{one} or {other}", "{one} ou {other}"),
    # rarer errors: the posterior, a study's design, a report's tables, scenario files, viz
    "msg_no_such_folder": ("{where}: no such folder", "{where} : aucun dossier de ce nom"),
    "msg_not_calibrated": ("--posterior {folder}: {name} was not calibrated",
                           "--posterior {folder} : {name} n'a pas été calibré"),
    "msg_no_calibration": ("--posterior: no calibration folder in {root} (run hlm-sim calibrate)",
                           ("--posterior : aucun dossier de calibration dans {root} (lancez "
                            "hlm-sim calibrate)")),
    "msg_not_finished": (("--posterior {folder}: not a finished calibration (expected "
                          "calibration.json and particles.csv)"),
                         ("--posterior {folder} : pas une calibration terminée (attendu "
                          "calibration.json et particles.csv)")),
    "msg_posterior_version": (("--posterior {folder}: made by model version {made}, this is "
                               "{this}; calibrate again"),
                              ("--posterior {folder} : faite par la version {made} du modèle, "
                               "celle-ci est la {this} ; calibrez de nouveau")),
    "msg_bounds_outside": (("{where}: bounds {bounds} are outside the declared range [{low}, "
                            "{high}] ({unit})"),
                           ("{where} : les bornes {bounds} sortent de l'étendue déclarée "
                            "[{low} ; {high}] ({unit})")),
    "msg_not_numeric": (("{where}: expected a numeric (float or int) parameter, found a {kind} "
                         "parameter; fix it with --set {fix}=VALUE"),
                        ("{where} : attendu un paramètre numérique (réel ou entier), trouvé un "
                         "paramètre {kind} ; fixez-le avec --set {fix}=VALEUR")),
    "msg_nothing_to_vary": ("{where}: expected at least one parameter to vary, found none",
                            "{where} : attendu au moins un paramètre à varier, trouvé aucun"),
    "msg_given_twice": ("{where}: parameter {name} is given twice",
                        "{where} : le paramètre {name} est donné deux fois"),
    "msg_too_many_points": (("{where}: the design would have {size} points, more than the {most} "
                             "a study may hold"),
                            ("{where} : le plan aurait {size} points, plus que les {most} "
                             "qu'une étude peut contenir")),
    "msg_sobol_power": (("{where}: Sobol (Saltelli) sampling needs N a power of 2 (2, 4, ..., "
                         "256, ...), found {found}"),
                        ("{where} : l'échantillonnage de Sobol (Saltelli) demande un N puissance "
                         "de 2 (2, 4, ..., 256, ...), trouvé {found}")),
    "msg_morris_trajectories": ("{where}: Morris needs 2 or more trajectories, found {found}",
                                ("{where} : Morris demande 2 trajectoires ou plus, trouvé "
                                 "{found}")),
    "msg_workers_or_scheduler": ("--workers/--scheduler: expected one of them, found both",
                                 "--workers/--scheduler : attendu l'un des deux, trouvé les deux"),
    "msg_n_lhs_only": ("--n: only with --design lhs (a grid takes --levels)",
                       "--n : seulement avec --design lhs (une grille prend --levels)"),
    "msg_levels_grid_only": ("--levels: only with --design grid (lhs takes --n)",
                             "--levels : seulement avec --design grid (lhs prend --n)"),
    "msg_n_required": ("--n: required with --design lhs (number of points)",
                       "--n : requis avec --design lhs (nombre de points)"),
    "msg_levels_morris_only": ("--levels: only with --method morris",
                               "--levels : seulement avec --method morris"),
    "msg_second_order_sobol_only": ("--second-order: only with --method sobol",
                                    "--second-order : seulement avec --method sobol"),
    "msg_html_taken": (("--out {out}: expected a new file or a report of {folder}, found another "
                        "file; choose another name, or add --force to replace it"),
                       ("--out {out} : attendu un nouveau fichier ou un rapport de {folder}, "
                        "trouvé un autre fichier ; choisissez un autre nom, ou ajoutez --force "
                        "pour le remplacer")),
    "msg_report_missing_table": ("report: {path}: no such file (was the command interrupted?)",
                                 ("report : {path} : aucun fichier de ce nom (la commande a-t-elle "
                                  "été interrompue ?)")),
    "msg_report_unreadable_table": ("report: {path}: cannot be read as a table ({why})",
                                    "report : {path} : illisible comme tableau ({why})"),
    "msg_report_truncated": (("report: {path}: truncated (its last line is cut short); run the "
                              "command again"),
                             ("report : {path} : tronqué (sa dernière ligne est coupée) ; relancez "
                              "la commande")),
    "msg_not_toml": ("{path}: not valid TOML: {why}", "{path} : TOML invalide : {why}"),
    "msg_unreadable": ("{path}: cannot be read: {why}", "{path} : illisible : {why}"),
    "msg_extends_cycle": ("{path}: extends cycle: {cycle}",
                          "{path} : cycle d'extends : {cycle}"),
    "msg_nested": ("{path}: nested too deeply to be a scenario",
                   "{path} : imbriqué trop profondément pour être un scénario"),
    "msg_under_params": ("{where}: key {key}: parameters go under [params]: did you mean {hint}?",
                         ("{where} : clé {key} : les paramètres vont sous [params] : vouliez-vous "
                          "dire {hint} ?")),
    "msg_partner_twice": ("{where}: {name} is used by another partner",
                          "{where} : {name} est déjà le nom d'un·e autre partenaire"),
    "msg_no_partner": ("{where}: no partner named {name}",
                       "{where} : aucun·e partenaire nommé·e {name}"),
    "msg_unknown_address": ("--host {host}: unknown address ({why})",
                            "--host {host} : adresse inconnue ({why})"),
    "msg_cannot_serve": ("--port {port}: cannot serve on {host}: {why}",
                         "--port {port} : impossible de servir sur {host} : {why}"),
    "msg_viz_extra": ("viz: the page needs the viz extra (pip install -e '.[viz]'); missing: {names}",
                      ("viz : la page demande l'extra viz (pip install -e '.[viz]') ; manquant : "
                       "{names}")),
    "msg_lo_below_hi": ("LO < HI", "LO < HI"),
    "msg_bounds_syntax": ("bounds LO:HI", "des bornes LO:HI"),
    "msg_name_or_bounds": ("NAME or NAME=LO:HI", "NOM ou NOM=LO:HI"),
    "msg_whole_bounds": ("whole-number bounds", "des bornes entières"),
    "msg_levels_or_more": ("{low} or more levels", "{low} niveaux ou plus"),
    "msg_points_or_more": ("{low} or more points", "{low} points ou plus"),
    "msg_html_name": ("an .html file name", "un nom de fichier .html"),
    "msg_address": ("an address", "une adresse"),
    "msg_one_partner": ("at least one partner", "au moins un·e partenaire"),
    "msg_one_entry": ("at least one entry", "au moins une entrée"),
    "msg_share_0_1": ("a share from 0 to 1", "une part de 0 à 1"),
    "msg_shares_sum": ("shares summing to 1", "des parts dont la somme vaut 1"),
    "msg_extends_target": ("a file path or the name of a bundled scenario",
                           "un chemin de fichier ou le nom d'un scénario fourni"),
    "msg_none": ("none", "aucun"),
}
"""Every word and sentence a person reads, once, by key (English, French)."""


def say(key: str, lang: Lang, /, **fields: object) -> str:
    """The word ``key`` in ``lang``, its ``{fields}`` filled in (when any are given)."""
    en, fr = WORDS[key]
    text = fr if lang == "fr" else en
    return text.format(**fields) if fields else text


MESSAGES: tuple[str, ...] = (
    "study_line", "study_failed_before", "study_shared", "study_where", "study_interrupted",
    "exec_inline", "exec_local", "exec_dask", "skip_missing", "skip_constant", "skip_indices",
    "skip_measures", "msg_did_you_mean", "msg_no_scenario", "msg_no_file",
    "msg_not_calibrated", "msg_no_calibration", "msg_not_finished", "msg_posterior_version",
    "msg_bounds_outside", "msg_not_numeric", "msg_nothing_to_vary", "msg_given_twice",
    "msg_too_many_points", "msg_sobol_power", "msg_morris_trajectories",
    "msg_workers_or_scheduler", "msg_n_lhs_only", "msg_levels_grid_only", "msg_n_required",
    "msg_levels_morris_only", "msg_second_order_sobol_only", "msg_html_taken",
    "msg_report_missing_table", "msg_report_unreadable_table", "msg_report_truncated",
    "msg_not_toml", "msg_unreadable", "msg_extends_cycle", "msg_nested", "msg_under_params",
    "msg_partner_twice", "msg_no_partner", "msg_unknown_address", "msg_cannot_serve",
    "msg_viz_extra", "msg_no_such_folder",
    "msg_unknown_parameter", "msg_unknown_parameter_here", "msg_unknown_key", "msg_missing_key",
    "msg_outside", "msg_out_results", "msg_out_foreign", "msg_no_parent", "msg_parent_file",
    "msg_read_only", "msg_cannot_write", "msg_busy", "msg_compare_nothing",
    "msg_report_needs_out", "msg_force_needs_out", "msg_report_no_folder",
    "msg_report_not_results", "msg_also_varied", "msg_invalid_choice", "msg_required",
    "msg_unrecognized", "msg_argument", "msg_expected_found", "msg_expected",
    "msg_one_argument", "msg_whole", "msg_finite", "msg_above", "msg_number", "msg_string",
    "msg_array", "msg_table", "msg_folder", "msg_file", "msg_assignment", "msg_one_of",
    "msg_outcome_names", "msg_levels_or_more", "msg_points_or_more", "msg_span", "msg_or_more",
    "msg_lo_below_hi", "msg_bounds_syntax", "msg_name_or_bounds", "msg_whole_bounds",
    "msg_html_name", "msg_address", "msg_one_partner", "msg_one_entry", "msg_share_0_1",
    "msg_shares_sum", "msg_extends_target", "msg_none", "msg_or",
)
"""The sentences made in English where they arise (errors deep in the loaders, a study's
notes, an executor's name), most particular first: :func:`in_words` finds the one a
sentence was made from and says it in the reader's language."""

_FIELD = re.compile(r"{(\w+)}")


def _pattern(template: str) -> re.Pattern[str]:
    """A template's English as a pattern, each ``{field}`` any text."""
    parts = _FIELD.split(template)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                              for i, p in enumerate(parts)), re.DOTALL)


_PATTERNS = {key: _pattern(WORDS[key][0]) for key in MESSAGES}


_WORDED = frozenset({"expected", "one", "other", "low", "high"})
"""Fields that hold words of the sentence, not what the user typed: a template applies
only when each of them is one token (``true``, ``20``) or is itself a template's words,
so that no sentence comes out half French, half English."""


def _worded(text: str, lang: Lang, depth: int) -> str | None:
    """``text`` in ``lang`` when a template made it, else None."""
    if depth > 6:
        return None
    for key in MESSAGES:
        found = _PATTERNS[key].fullmatch(text)
        if found is None:
            continue
        fields: dict[str, str] = {}
        for name, value in found.groupdict().items():
            inner = _worded(value, lang, depth + 1)
            if inner is None and name in _WORDED and len(value.split()) > 1:
                break
            fields[name] = unit_name(value, lang) if name == "unit" else inner or value
        else:
            return say(key, lang, **fields)
    return None


def in_words(text: str, lang: Lang) -> str:
    """``text``, a sentence made in English from one of :data:`MESSAGES`, in ``lang``:
    the template it was made from said in ``lang``, each field in turn put in words (a
    user's file, key or value stays as typed); a sentence from no template stays as it is."""
    return text if lang == "en" else _worded(text, lang, 0) or text


def _known(key: str, fallback: str, lang: Lang) -> str:
    """The word ``key`` in ``lang``, or ``fallback`` when the vocabulary has none."""
    return say(key, lang) if key in WORDS else fallback


# --- stages, kinds and groups ---------------------------------------------------------
def stage_name(stage: int, lang: Lang) -> str:
    """Name of partner stage ``stage`` (an index into :data:`sim.stages.STAGES`)."""
    found = PARTNER_STAGES[stage]
    return found.fr if lang == "fr" else found.en


def stage_meaning(stage: int, lang: Lang) -> str:
    """What partner stage ``stage`` means, in Callon's terms (:mod:`sim.stages`)."""
    found = PARTNER_STAGES[stage]
    return found.meaning_fr if lang == "fr" else found.meaning_en


def resident_stage_name(stage: int, lang: Lang) -> str:
    """Name of household stage ``stage`` (an index into :data:`sim.stages.SITE_STAGES`)."""
    found = HOUSEHOLD_STAGES[stage]
    return found.fr if lang == "fr" else found.en


def controversy_name(kind: str, lang: Lang) -> str:
    """What a controversy of ``kind`` is over (:mod:`sim.kinds`)."""
    found = BY_KEY[kind]
    return found.over_fr if lang == "fr" else found.over_en


def intermediary_name(kind: str, lang: Lang) -> str:
    """What a resolved controversy of ``kind`` leaves behind (:mod:`sim.kinds`)."""
    found = BY_KEY[kind]
    return found.intermediary_fr if lang == "fr" else found.intermediary_en


def group_name(group: str, lang: Lang) -> str:
    """Name of a parameter group declared in :mod:`sim.params`."""
    return _known(f"group.{group}", group, lang)


def choice_name(value: str, lang: Lang) -> str:
    """A choice value in words (the value itself when it has no entry); the identifiers
    stay what scenario files and ``--set`` take."""
    return _known(f"choice.{value}", value, lang)


# --- units ----------------------------------------------------------------------------
BOUNDED_UNITS = frozenset({"share", "probability", "0-1"})
"""Units whose values lie in [0, 1]."""


def unit_name(unit: str, lang: Lang) -> str:
    """A declared unit in words (the unit as declared when it has no entry)."""
    return _known(f"unit.{unit}", unit, lang) if unit else ""


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


def fixed(x: float, places: int, lang: Lang = "en") -> str:
    """``x`` with ``places`` decimals (decimal comma in French; em dash if missing)."""
    if x is None or not math.isfinite(float(x)):
        return "—"
    text = f"{float(x):.{places}f}"
    if float(text) == 0:
        text = f"{0.0:.{places}f}"  # no "-0.00"
    return text.replace(".", ",") if lang == "fr" else text


def value_text(value: Value, lang: Lang = "en") -> str:
    """A parameter value in words (booleans as yes/no, choices as named)."""
    if isinstance(value, bool):
        return say("yes" if value else "no", lang)
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
        return say("true_or_false", lang)
    if param.kind == "choice":
        return " | ".join(value_and_words(c, lang) for c in param.choices)
    low, high = param.design_range if design else (param.low, param.high)
    unit = unit_name(param.unit, lang)
    span = f"{number(float(low or 0.0), lang)}–{number(float(high or 0.0), lang)}"
    return f"{span} {unit}".rstrip()


# --- labels ---------------------------------------------------------------------------
def _sentence(text: str) -> str:
    """The first sentence of a declared meaning, without its final period."""
    return text.split(". ", maxsplit=1)[0].rstrip(". ")


def _kind_label(name: str, lang: Lang) -> str | None:
    """``controversies_<what>_<kind>``: controversies of one kind opened, settled, open."""
    head, _, kind = name.rpartition("_")
    what = head.removeprefix("controversies_")
    if not head.startswith("controversies_") or kind not in BY_KEY \
            or f"kind_count.{what}" not in WORDS:
        return None
    if lang == "fr":
        return f"controverses {say(f'kind_count.{what}', lang)} : {controversy_name(kind, lang)}"
    return f"controversies {say(f'kind_count.{what}', lang)}: {controversy_name(kind, lang)}"


def outcome_label(name: str, lang: Lang) -> str:
    """An outcome's plain label (its short name, else its declared meaning)."""
    if f"outcome.{name}" in WORDS:
        return say(f"outcome.{name}", lang)
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
    """A parameter's name in words: its declared short name (« roulement du personnel »,
    :meth:`sim.params.Param.named`), what summaries, tables and controls call it; a name
    that is no parameter stays as it is. :func:`param_sentence` explains it."""
    param = PARAMS.get(name)
    if param is None:
        return name
    return param.named(lang)


def param_sentence(name: str, lang: Lang) -> str:
    """A parameter explained in one sentence: its declared meaning's first sentence,
    without its final period (« Taux annuel de départ de chaque représentant·e partenaire
    et de chaque intervenant·e »), for tooltips and help text; a name that is no parameter
    stays as it is."""
    param = PARAMS.get(name)
    if param is None:
        return name
    return _sentence(param_meaning(param, lang))


def param_phrase(name: str, lang: Lang) -> str:
    """A parameter in words inside a sentence: its short name (:func:`param_label`) with
    no code name in it (:func:`plain`) and no capital unless it opens with an acronym
    (« roulement du personnel », « CIUSSS worker reception »); a name that is no parameter
    stays as it is."""
    if name not in PARAMS:
        return name
    said = plain(param_label(name, lang), lang)
    return said if said[1:2].isupper() else f"{said[:1].lower()}{said[1:]}"


def param_meaning(param: Param, lang: Lang) -> str:
    """A parameter's declared meaning in ``lang``."""
    return param.sens if lang == "fr" else param.meaning


def direction_name(better: int, lang: Lang) -> str:
    """The declared direction of better (:attr:`sim.outcomes.Outcome.better`) in words."""
    return say(f"direction.{int(better)}", lang)


def source_tags(lang: Lang) -> str:
    """The explanation of the [S]/[L]/[A] tags, citing the article."""
    return say("source_tags", lang)


def plural(count: int, singular: str, plural_form: str, lang: Lang = "en") -> str:
    """``1 intervenant·e``, ``2 intervenant·es``: the count with its agreeing noun
    (French keeps the singular for 0 and 1, English only for 1)."""
    one = abs(count) < 2 if lang == "fr" else abs(count) == 1
    return f"{count} {singular if one else plural_form}"


def colon(lang: Lang) -> str:
    """A colon as each language writes it (French puts a space before it)."""
    return " :" if lang == "fr" else ":"


def counted(count: int, noun: str, lang: Lang) -> str:
    """A count with its agreeing noun from :data:`WORDS` (``noun`` is the singular key,
    its plural key adds an s): ``1 intervenant·e``, ``3 semaines``."""
    many = "pairs_noun" if noun == "pair" else noun + "s"
    return plural(count, say(noun, lang), say(many, lang), lang)


# --- the calendar ---------------------------------------------------------------------
WEEK_ZERO = dt.date(2018, 11, 1)
"""The first day of week 0: the start of the observation, November 2018 (week 66 is
February 2020)."""


def month_of_week(week: int, lang: Lang) -> str:
    """The month and year a week falls in: ``mars 2019`` for week 20 in French (without
    relying on the machine's locale)."""
    day = WEEK_ZERO + dt.timedelta(weeks=week)
    return f"{say(f'month.{day.month}', lang)} {day.year}"


# --- declared meanings without code names ----------------------------------------------
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
        return choice_name(code, lang)
    return _CODE.sub(word, text)


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
