"""No outcome is an input: under every pair of alternative submodels, every outcome varies
across replicates and weeks in every bundled milieu (issue 21, item 3).

An outcome that is the same in every run and every week whatever the replicate, such as
trust fixed at the first contact (0.500 in every run of milieux 1-3 under the former
'reception' submodel) or room controversies ruled out by an agreement (0 in every run of
milieu 2), is decided by the rules, not by what happens; a pattern on it proves nothing.
The milieu files as shipped are checked, and so are draws from the posterior.
"""

import pandas as pd
import pytest

from sim.calibration.posterior import load_posterior
from sim.calibration.problem import MECHANISMS, mechanism_label
from sim.outcomes import OUTCOME_NAMES
from sim.run.patterns import MILIEUX
from sim.run.runner import run_once
from sim.scenario import find_scenario, load_scenario

REPLICATES = 8
MORE = 40
"""Replicates run again, over :data:`LONGER` weeks, for an outcome that did not move in
the first ones: a rare event (a roles controversy in an old network with its grid, an
intermediary worn out in milieu 1's young network: 8 of 400 runs by week 66, 28 of 100 by
week 156) is not a rule deciding the outcome, and these runs tell the two apart."""
WEEKS = 66
LONGER = 156
"""The default run's length: a rule that imposes a value imposes it at any length."""


def constant_outcomes(scenario, seed: int, draws=None) -> list[str]:
    """Outcomes with one value in every week of :data:`REPLICATES` runs and of
    :data:`MORE` others. An outcome undefined in every run (nothing happened to measure,
    such as the week of first enrolment where every partner was enrolled before week 0)
    is not a value the rules impose, and is left out."""
    def run(r: int, series: bool, weeks: int = WEEKS):
        sc = scenario.with_params(**draws(r)) if draws else scenario
        return run_once(sc, seed, r, weeks, series=series)

    series = pd.concat([run(r, True).series for r in range(REPLICATES)])
    still = [n for n in OUTCOME_NAMES if series[n].nunique(dropna=True) == 1
             and series[n].notna().all()]
    if not still:
        return []
    # the reruns keep every week too: a state that comes and goes (a controversy open for
    # a few weeks) is rarely caught at a run's end
    more = pd.concat([run(r, True, LONGER).series for r in range(REPLICATES, REPLICATES + MORE)])
    values = {n: set(series[n].dropna()) | set(more[n].dropna()) for n in still}
    return [n for n in still if len(values[n]) <= 1]


@pytest.mark.slow
@pytest.mark.parametrize("milieu", MILIEUX)
@pytest.mark.parametrize("pair", MECHANISMS, ids=mechanism_label)
def test_no_outcome_is_constant_at_the_shipped_values(milieu, pair):
    scenario = load_scenario(find_scenario(milieu)).with_params(**pair)
    assert constant_outcomes(scenario, seed=5) == []


@pytest.mark.slow
@pytest.mark.parametrize("milieu", MILIEUX)
@pytest.mark.parametrize("pair", MECHANISMS, ids=mechanism_label)
def test_no_outcome_is_constant_over_the_posterior(milieu, pair):
    posterior = load_posterior()
    scenario = load_scenario(find_scenario(milieu))

    def draws(r: int) -> dict:
        return {**posterior.draw(milieu, 6, r), **pair}

    assert constant_outcomes(scenario, seed=6, draws=draws) == []
