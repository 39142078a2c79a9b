"""The shared vocabulary: every declared word has an English and a French form."""

import math

import pytest

from sim.outcomes import OUTCOMES
from sim.params import PARAMS
from sim.scenario import CONTROVERSY_KINDS, FOCUSES, ORIGINS, ROLES, SECTORS
from sim.vocabulary import (
    WORDS,
    bounds_text,
    controversy_name,
    number,
    outcome_label,
    param_label,
    param_phrase,
    param_sentence,
    plural,
    source_tags,
    unit_range,
)


def test_every_declared_unit_group_and_choice_has_words():
    units = {p.unit for p in PARAMS.values()} | {o.unit for o in OUTCOMES}
    assert sorted(u for u in units - {""} if f"unit.{u}" not in WORDS) == []
    assert sorted(g for g in {p.group for p in PARAMS.values()} if f"group.{g}" not in WORDS) == []
    choices = {c for p in PARAMS.values() for c in p.choices}
    choices |= set(SECTORS) | set(ORIGINS) | set(FOCUSES) | set(ROLES)
    assert sorted(c for c in choices if f"choice.{c}" not in WORDS) == []
    for kind in CONTROVERSY_KINDS:
        assert controversy_name(kind, "fr") != controversy_name(kind, "en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_outcome_has_a_label_other_than_its_name(lang):
    for o in OUTCOMES:
        label = outcome_label(o.name, lang)
        assert label
        assert label != o.name
        assert "_" not in label


def test_numbers_carry_no_float_noise():
    assert number(-2.78e-18) == "0"
    assert number(0.1 + 0.2) == "0.3"
    assert number(0.25, "fr") == "0,25"
    assert number(math.nan) == "—"


def test_bounds_in_words_and_plural_agreement():
    assert bounds_text(PARAMS["staff_turnover_rate"], "fr") == "0–2 départs par personne par an"
    assert plural(1, "intervenant·e", "intervenant·es", "fr") == "1 intervenant·e"
    assert plural(3, "intervenant·e", "intervenant·es", "fr") == "3 intervenant·es"
    assert plural(0, "worker", "workers", "en") == "0 workers"


def test_shares_are_bounded_and_the_source_tags_cite_the_article():
    assert unit_range("share") == (0.0, 1.0)
    assert unit_range("count") == (0.0, math.inf)
    assert "Nouvelles pratiques sociales 33(1), 2022" in source_tags("fr")
    assert "seed/" not in source_tags("en")


def test_counts_agree_with_their_noun():
    from sim.vocabulary import counted  # noqa: PLC0415

    assert counted(1, "indicator", "fr") == "1 indicateur"
    assert counted(16, "indicator", "fr") == "16 indicateurs"
    assert counted(1, "pair", "en") == "1 pair of replicates"
    assert counted(1, "worker", "fr") == "1 intervenant·e"


def test_a_parameter_is_named_by_its_short_name_and_explained_by_its_meaning():
    """``param_label`` is the declared short name (what summaries, tables and controls
    call a parameter); ``param_sentence`` the declared meaning's first sentence (what
    tooltips and help text explain it with)."""
    assert param_label("staff_turnover_rate", "en") == "staff turnover"
    assert param_label("staff_turnover_rate", "fr") == "roulement du personnel"
    assert param_label("table_conflict_rate", "fr") == "risque de controverse sur la table"
    assert param_sentence("staff_turnover_rate", "en") == (
        "Yearly departure rate of each partner representative and each proximity worker")
    assert param_sentence("network_age_weeks", "fr").startswith("Semaines d'existence du réseau")
    assert not param_sentence("network_age_weeks", "fr").endswith(".")
    assert param_phrase("ciusss_reception", "en") == "CIUSSS worker reception"  # acronym kept
    for name in ("not_a_parameter",):
        assert param_label(name, "fr") == param_sentence(name, "fr") == name
    for p in PARAMS.values():
        for lang in ("en", "fr"):
            assert param_label(p.name, lang) == p.named(lang)
            meaning = p.sens if lang == "fr" else p.meaning
            assert meaning.startswith(param_sentence(p.name, lang))
