"""Every number that shapes the dynamics is a declared parameter: the model and its
rules hold no other numeric literal than a short list of structural ones."""

import ast
import re

import numpy as np
import pytest
from tests_support import ROOT

from sim.errors import InputError
from sim.levers import LEVERS
from sim.params import NEED_MIX, PARAMS, parse_assignment
from sim.scenario import HOUSEHOLD_TYPES, NEEDS, load_scenario

MODEL = ROOT / "sim" / "model"
SCANNED = [MODEL / "hlm.py", MODEL / "state.py", MODEL / "record.py",
           *sorted(p for p in (MODEL / "rules").glob("*.py") if p.name != "jit.py")]
"""The model, its state, its outcomes and every rule (not the compilation plumbing)."""
ALLOWED = {0, 1, -1, 2, 100}
"""0, 1, -1 (identities, axes, sentinels); 2 (a pair, the two parties of a controversy,
the framing plane, the Gini formula's 2i); 100 (per 100 households, a unit)."""
ALLOWED_CONSTANTS = {"FRAMING_CENTRE", "FRAMING_DIMS", "NEVER", "PRIOR", "NO_TIE",
                     "RECENT_WEEKS", "OUTSIDE", "PROBLEMATISED", "INTERESTED", "ENROLLED",
                     "MOBILISED", "ROLES", "ROOM", "TURNOVER", "TABLE", "N_CONTROVERSIES",
                     "ENGAGEMENT_PEAK", "ENGAGEMENT_PEAK_WEEK", "GAUGES"}
"""Structural module constants, each documented where it is defined."""


def literals(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            names |= {e.id for t in targets if isinstance(t, ast.Tuple) for e in t.elts
                      if isinstance(e, ast.Name)}
            if names & ALLOWED_CONSTANTS:
                skip |= {id(n) for n in ast.walk(node)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and type(node.value) in (int, float)
            and id(node) not in skip and node.value not in ALLOWED]


def test_no_undeclared_numeric_literal_in_the_model_or_its_rules():
    found = {path.relative_to(ROOT).as_posix(): hits for path in SCANNED if (hits := literals(path))}
    assert not found, f"numbers outside sim/params.py: {found}"


def test_the_scan_catches_a_literal(tmp_path):
    bad = tmp_path / "rule.py"
    bad.write_text("def rule(x):\n    return x * 0.4\n", encoding="utf-8")
    assert literals(bad) == [(2, 0.4)]


def test_every_rule_module_reads_only_declared_parameters():
    """Each p.name (compiled rules) and p["name"] (initialisation) in the model and its
    rules names a declared parameter."""
    unknown, read = set(), set()
    for path in SCANNED:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "p"):
                read.add(node.attr)
            if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
                    and node.value.id == "p" and isinstance(node.slice, ast.Constant)
                    and isinstance(node.slice.value, str)):
                read.add(node.slice.value)
    unknown = read - set(PARAMS)
    assert not unknown
    assert len(read) > 50


def test_need_mix_is_a_distribution_per_household_type():
    mix = np.asarray(NEED_MIX)
    assert mix.shape == (len(HOUSEHOLD_TYPES), len(NEEDS))
    assert np.allclose(mix.sum(axis=1), 1.0)


def test_plausible_ranges_lie_within_the_bounds():
    for param in PARAMS.values():
        if param.plausible is not None:
            lo, hi = param.plausible
            assert param.low <= lo < hi <= param.high, param.name
            assert param.plausible_source, param.name


def test_bad_values_of_the_new_parameters_are_refused_in_one_line(tmp_path):
    for text, message in (("trust_mechanism=trusty", "expected one of with_worker, with_employer"),
                          ("mediation_mechanism=both", "expected one of framing, resolution_only"),
                          ("network_age_weeks=600", r"outside the declared range \[0, 520\]"),
                          ("network_age_weeks=1.5", "expected a whole number"),
                          ("project_min_partner_share=-0.1", "outside the declared range")):
        with pytest.raises(InputError, match=message):
            parse_assignment(text)
    site = tmp_path / "site.toml"
    site.write_text(f'extends = "{(ROOT / "scenarios" / "milieu-3.toml").as_posix()}"\n'
                    '[params]\nprior_tie_lapse_rate = "often"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"site.toml.*prior_tie_lapse_rate.*expected a number"):
        load_scenario(site)


_NEUTRAL = re.compile(r"«[^»]*»|\[[SLA]\]|milieux? \d(?:-\d)?|COVID-19|"
                      r"(?:[A-Z][\w&./-]*(?: et al\.|,| &| et)? )+\d{4}")
"""What a source shares in both languages: the seed's passages, the tags, the milieux and
author-year citations."""


def words_to_translate(source: str) -> list[str]:
    """The words of ``source`` left once its passages, tags and citations are taken out."""
    return re.findall(r"[^\W\d_]{2,}", _NEUTRAL.sub(" ", source))


def test_every_source_is_declared_in_french_too():
    """A source with words of its own (not only tags, passages and citations) has a French
    version of its own; the ones that read the same are made of those alone."""
    assert words_to_translate("[A]; [L] Callon 1986") == []
    assert words_to_translate("[S] « le partage » (controversies over the room)") != []
    pairs = [(f"{p.name} source", p.source, p.cited("fr")) for p in PARAMS.values()]
    pairs += [(f"{p.name} plausible", p.plausible_source, p.plausible_cited("fr"))
              for p in PARAMS.values() if p.plausible is not None]
    pairs += [(f"lever {lever.key}", lever.source, lever.cited("fr")) for lever in LEVERS]
    for where, en, fr in pairs:
        assert fr, where
        if fr == en:
            assert words_to_translate(en) == [], where
        else:
            assert words_to_translate(fr) != words_to_translate(en), where


SHORT_WORDS, SHORT_CHARACTERS = 6, 40
"""A short name's bounds: a few words (French needs its articles: « risque de controverse
sur la table »), so that a line naming several parameters stays readable."""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_parameter_has_a_short_name_in_words(lang):
    """Each declared parameter has a short name in each language: a few words, no code
    name, no sentence (no final period), lower case unless an acronym opens it; two
    parameters never share one (summaries and the page tell parameters apart by it)."""
    code = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
    names = {}
    for p in PARAMS.values():
        short = p.named(lang)
        assert short == (p.short_fr if lang == "fr" else p.short), p.name
        assert short, p.name
        assert short == short.strip(), p.name
        assert "_" not in short, p.name
        assert not code.search(short), p.name
        assert not any(name in short for name in PARAMS), p.name
        assert len(short.split()) <= SHORT_WORDS, (p.name, short)
        assert len(short) <= SHORT_CHARACTERS, (p.name, short)
        assert not short.endswith("."), p.name
        assert short[0].islower() or short.split()[0].isupper(), (p.name, short)
        names.setdefault(short.casefold(), []).append(p.name)
    shared = {short: who for short, who in names.items() if len(who) > 1}
    assert not shared, f"short names shared by several parameters: {shared}"


def test_every_short_name_is_written_in_french_too():
    same = [p.name for p in PARAMS.values() if p.short == p.short_fr]
    assert not same, f"short names not translated: {same}"


def test_a_declaration_without_a_short_name_is_refused():
    """The short name is a required part of a declaration (``_p(..., short=(en, fr))``)."""
    from sim.params import _p  # noqa: PLC0415

    with pytest.raises(TypeError, match="short"):
        _p("x_rate", "float", 0.1, 0.0, 1.0, "per week", "Weekly x.", "X hebdomadaire.", "[A]",
           "shock")
    declared = _p("x_rate", "float", 0.1, 0.0, 1.0, "per week", "Weekly x.", "X hebdomadaire.",
                  "[A]", "shock", short=("x hazard", "risque de x"))
    assert (declared.named("en"), declared.named("fr")) == ("x hazard", "risque de x")
