"""The prior check: how often each pattern holds under draws from the calibration prior."""

from __future__ import annotations

import json

import pytest
from tests_support import ROOT

from sim.calibration.prior_check import (
    MAX_PRIOR_HOLD,
    informative,
    patterns_digest,
    prior_draws,
    summarise,
)
from sim.calibration.problem import MECHANISMS, Problem
from sim.cli.main import main
from sim.run.patterns import load_patterns


def test_a_pattern_is_informative_only_if_the_prior_can_fail_it():
    pairs = {"a": 0.5, "b": 0.9}
    assert informative(0.70, pairs)
    assert not informative(MAX_PRIOR_HOLD + 0.01, pairs)  # nearly every draw passes
    assert not informative(0.60, {"a": 0.2, "b": 1.0})  # one pair makes it true


def test_summarise_counts_draws_pooled_and_by_mechanism():
    spec = {"pattern": [{"id": "p", "use": "validation"}, {"id": "q", "use": "calibration"}]}
    verdicts = [{"p": True, "q": d % 2 == 0} for d in range(8)]
    rows = summarise(spec, [d % 4 for d in range(8)], verdicts)
    p, q = rows
    assert p["prior_hold"] == 1.0
    assert not p["informative"]
    assert q["prior_hold"] == 0.5
    assert q["prior_hold_low"] < 0.5 < q["prior_hold_high"]
    assert q["prior_hold_by_mechanism"] == {"framing+with_worker": 1.0, "framing+with_employer": 0.0,
                                            "resolution_only+with_worker": 1.0,
                                            "resolution_only+with_employer": 0.0}
    assert not q["informative"]  # pairs 1 and 3 pass in every draw


def test_draws_stay_in_their_prior_and_take_every_pair_in_turn():
    problem = Problem(replicates=1)
    draws = prior_draws(problem, 8, seed=3)
    assert [m for _, m in draws] == [0, 1, 2, 3] * 2
    for particle, _ in draws:
        for name, (lo, hi) in problem.prior_ranges().items():
            assert lo <= particle[name] <= hi
    assert prior_draws(problem, 8, seed=3) == draws  # seeded
    assert prior_draws(problem, 8, seed=4) != draws
    assert len(MECHANISMS) == 4


@pytest.mark.slow
def test_the_command_reports_every_pattern(capsys):
    assert main(["patterns", "--prior-check", "--draws", "4", "--replicates", "1",
                 "--workers", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["draws"] == 4
    ids = {row["id"] for row in result["patterns"]}
    assert {"milieu-4-worker-trusted", "same-ones-take-part"} <= ids
    for row in result["patterns"]:
        assert 0 <= row["prior_hold_low"] <= row["prior_hold"] <= row["prior_hold_high"] <= 1
        assert set(row["prior_hold_by_mechanism"]) == {
            "framing+with_worker", "framing+with_employer", "resolution_only+with_worker",
            "resolution_only+with_employer"}


STORED = ROOT / "calibration" / "prior_check.json"


def test_the_stored_prior_check_judged_this_pattern_file():
    """calibration/prior_check.json is ``hlm-sim patterns --prior-check --json`` on this
    very pattern file: change a pattern and the check must be made again."""
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert stored["patterns_sha256"] == patterns_digest()
    assert {row["id"] for row in stored["patterns"]} == {p["id"] for p in load_patterns()["pattern"]}


def test_every_counted_pattern_is_informative_under_the_prior():
    """Each pattern counted as calibration or validation holds in at most 0.85 of the prior
    draws pooled and fails in some draw of every mechanism pair; at least four
    informative validation patterns remain; the consistency ones are those the prior
    makes true (issue 21's first « done when »)."""
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert stored["draws"] >= 200
    for row in stored["patterns"]:
        if row["use"] == "consistency":
            assert not row["informative"], row["id"]
            continue
        assert row["prior_hold"] <= MAX_PRIOR_HOLD, row["id"]
        assert all(share < 1.0 for share in row["prior_hold_by_mechanism"].values()), row["id"]
        assert row["informative"], row["id"]
    validation = [r for r in stored["patterns"] if r["use"] == "validation" and r["informative"]]
    assert len(validation) >= 4


@pytest.mark.parametrize("readme", ["README.md", "calibration/README.md"])
def test_the_readmes_show_the_stored_check(readme):
    from sim.calibration.prior_check import markdown  # noqa: PLC0415

    text = (ROOT / readme).read_text(encoding="utf-8")
    assert markdown(json.loads(STORED.read_text(encoding="utf-8"))) in text


def test_the_calibration_readme_shows_what_each_counted_pattern_can_inform():
    """The stored check records, per pattern, the fitted values it goes with over the
    prior draws; calibration/README.md shows them as the module prints them."""
    from sim.calibration.prior_check import informs_markdown  # noqa: PLC0415

    stored = json.loads(STORED.read_text(encoding="utf-8"))
    counted = [r for r in stored["patterns"] if r["use"] != "consistency"]
    assert all("goes_with" in r for r in counted)
    assert any(r["goes_with"] for r in counted)
    text = (ROOT / "calibration" / "README.md").read_text(encoding="utf-8")
    assert informs_markdown(stored) in text
