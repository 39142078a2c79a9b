"""The uncalibrated milieux reproduce the seed's patterns (calibration/patterns.toml)."""

import pytest

from sim.patterns import load_patterns, pattern_runs, scorecard


@pytest.fixture(scope="module")
def verdicts():
    spec = load_patterns()
    return {v.id: v for v in scorecard(pattern_runs(spec), spec)}


@pytest.mark.parametrize("pattern_id", [p["id"] for p in load_patterns()["pattern"]])
def test_pattern_holds(verdicts, pattern_id):
    verdict = verdicts[pattern_id]
    assert verdict.holds, f"{verdict.statement} — {verdict.detail}"


def test_a_broken_pattern_is_reported(verdicts):
    """The scorecard can fail: a pattern demanding the impossible does not hold."""
    spec = load_patterns()
    spec["pattern"] = [{"id": "impossible", "statement": "", "passage": "", "check": "every_milieu",
                        "min": {"partners_mobilised_share": 1.01}}]
    runs = pattern_runs({**spec, "replicates": 2, "week": 10})
    assert not scorecard(runs, spec)[0].holds
