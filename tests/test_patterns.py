"""The seed's patterns (calibration/patterns.toml) are checks that can fail.

For each pattern: a setting under which it holds (the declared defaults where they
suffice, else a plausible setting, which is a hint for calibration: e.g. milieu 1's good
start then disengagement appears for a young network with purpose drift) and a plausible
setting within the declared bounds under which it fails. A pattern no setting could
break would prove nothing. The scorecard of the defaults themselves is printed by
``hlm-sim patterns``: before calibration some calibration patterns fail there, and that
is reported, not hidden.
"""

import pytest

from sim.errors import InputError
from sim.run.patterns import load_patterns, pattern_runs, scorecard

REPLICATES = 30
CASES = {
    # id: (setting under which it holds, plausible setting that breaks it)
    "translation-documented": ({"project_rate": 0.01}, {"role_gain": 0.0}),
    "controversies-everywhere": ({"table_conflict_rate": 0.05, "turnover_controversy_prob": 0.5},
                                 {"role_conflict_rate": 0.0, "room_conflict_rate": 0.0,
                                      "table_conflict_rate": 0.0, "turnover_controversy_prob": 0.0}),
    "some-unresolved": ({"resolve_base": 0.005, "resolve_mediator": 0.04},
                        {"resolve_base": 0.5, "resolve_engagement_floor": 1.0}),
    "resolutions-leave-intermediaries": ({}, {"intermediary_prob": 0.0}),
    "enrolment-varies-between-actors": ({}, {"interest_threshold": 0.05, "enrol_threshold": 0.05,
                                             "hysteresis": 0.0, "quiet_weeks": 0,
                                             "controversy_drag": 0.0, "staff_turnover_rate": 0.0,
                                             "problematised_distance": 0.5,
                                             "meetings_to_problematise": 1}),
    "milieu-1-good-start-then-disengagement": ({"network_age_weeks": 52, "purpose_drift": 0.01,
                                                "purpose_window_weeks": 13},
                                               {"purpose_drift": 0.0, "controversy_drag": 0.0,
                                                "staff_turnover_rate": 0.0}),
    "milieu-3-stable-core-clear-roles": ({}, {"staff_turnover_rate": 2.0}),
    "milieu-4-worker-trusted": ({"trust_mechanism": "reception"}, {"ciusss_reception": 0.5}),
    "milieu-4-concrete-remains": ({"project_rate": 0.015}, {"project_rate": 1.0, "project_min_partner_share": 0.0,
                                       "project_min_coorganiser_share": 0.0,
                                       "mobilised_window": 104}),
    "same-ones-take-part": ({}, {"propensity_shape": 5.0, "propensity_shape_b": 0.5}),
    "activities-break-isolation": ({}, {"tie_prob": 0.0}),
}


def verdict(pattern_id, overrides):
    spec = load_patterns()
    spec["replicates"] = REPLICATES
    spec["pattern"] = [p for p in spec["pattern"] if p["id"] == pattern_id]
    p = spec["pattern"][0]
    milieux = set(p["milieux"]) | {m for ms in p.get("above_milieux", {}).values() for m in ms}
    runs = pattern_runs(spec, tuple(sorted(milieux)), overrides)
    return scorecard(runs, spec)[0]


def test_every_pattern_has_a_case():
    assert {p["id"] for p in load_patterns()["pattern"]} == set(CASES)


@pytest.mark.parametrize("pattern_id", sorted(CASES))
def test_pattern_can_hold_and_can_fail(pattern_id):
    holds_with, breaks_with = CASES[pattern_id]
    good = verdict(pattern_id, holds_with)
    assert good.holds, f"{pattern_id} with {holds_with}: {good.detail}"
    bad = verdict(pattern_id, breaks_with)
    assert not bad.holds, f"{pattern_id} still holds with {breaks_with}: {bad.detail}"
    assert 0.0 <= bad.interval[0] <= bad.share <= bad.interval[1] <= 1.0


def test_patterns_are_tagged_and_sourced():
    for p in load_patterns()["pattern"]:
        assert p["use"] in ("calibration", "validation")
        assert p["passage"].startswith("«")
        assert p["strength"]
        assert p["statement_fr"], p["id"]
        assert p["statement_fr"] != p["statement"], p["id"]
    uses = {p["use"] for p in load_patterns()["pattern"]}
    assert uses == {"calibration", "validation"}


def test_a_malformed_pattern_file_names_the_pattern_and_key(tmp_path):
    bad = tmp_path / "patterns.toml"
    bad.write_text('week = 66\nreplicates = 2\nseed = 1\n[[pattern]]\nid = "x"\nuse = "fitting"\n'
                   'strength = ""\nstatement = ""\nstatement_fr = ""\npassage = ""\n'
                   'milieux = ["milieu-1"]\nmin_share = 0.5\nmin = { isolation_rate = 0 }\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"pattern 'x': use: expected one of calibration"):
        load_patterns(bad)


def test_a_pattern_without_its_french_statement_is_refused(tmp_path):
    bad = tmp_path / "patterns.toml"
    bad.write_text('week = 66\nreplicates = 2\nseed = 1\n[[pattern]]\nid = "x"\n'
                   'use = "validation"\nstrength = ""\nstatement = "Isolation."\npassage = ""\n'
                   'milieux = ["milieu-1"]\nmin_share = 0.5\nmin = { isolation_rate = 0 }\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"pattern 'x': missing key 'statement_fr'"):
        load_patterns(bad)
