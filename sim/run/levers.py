"""Levers ranked: each declared policy step run as a paired what-if against one scenario.

For each lever of :mod:`sim.levers`, the variant is the scenario with that lever's step
taken; replicate ``r`` of the base and of every variant share their seed (and, over a
posterior, their parameter draw: a relative step such as "turnover halved" halves each
replicate's drawn value), so every difference is paired. The base runs once. The levers
are ranked, outcome by outcome, by their paired difference counted in the outcome's
better direction, with its bootstrap interval; a step that changes nothing in the
scenario (an agreement already signed, no suspension to avoid) is listed as such and not
run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from sim.levers import LEVERS, Lever
from sim.outcomes import BY_NAME
from sim.params import PARAMS, Value
from sim.run.experiment import Draws, Progress, replicate
from sim.run.stats import bootstrap_rng, paired_contrast
from sim.scenario import Scenario

RANKED_ON = ("partners_mobilised_share", "isolation_rate")
"""What the levers are ranked on by default: mobilisation and residents' isolation."""


@dataclass(frozen=True)
class Step:
    """One lever as it applies to a scenario: its value before and after the step."""

    lever: Lever
    before: Value
    after: Value

    @property
    def changes(self) -> bool:
        """Whether the step changes the scenario at all."""
        return self.before != self.after

    @property
    def plausible(self) -> bool:
        """Whether the value after the step lies in the parameter's plausible range."""
        p = PARAMS[self.lever.param]
        if p.plausible is None or isinstance(self.after, bool | str):
            return True
        low, high = p.plausible
        return low <= float(self.after) <= high


def steps(scenario: Scenario) -> list[Step]:
    """Every lever's step from the scenario's own values."""
    return [Step(lever, scenario.params[lever.param], lever.apply(scenario.params[lever.param]))
            for lever in LEVERS]


def _variant_draws(step: Step, base: Draws | None) -> Draws | None:
    """Replicate ``r``'s draw for a lever's variant: the base draw with the step taken
    on the drawn value (so the pair shares its draw)."""
    if base is None:
        return None
    lever = step.lever

    def draw(r: int) -> Mapping[str, Value]:
        drawn = dict(base(r))
        if lever.param in drawn:
            drawn[lever.param] = lever.apply(drawn[lever.param])
        return drawn

    return draw


def rank_levers(scenario: Scenario, *, seed: int, replicates: int, weeks: int,
                outcomes: Sequence[str] = RANKED_ON, draws: Draws | None = None,
                progress: Progress | None = None) -> pd.DataFrame:
    """One row per lever and outcome: the step, the paired difference and its interval,
    the gain (the difference in the outcome's better direction) and the lever's rank on
    that outcome (1 = the largest gain; levers that change nothing have no rank)."""
    chosen = [s for s in steps(scenario) if s.changes]
    total = replicates * (1 + len(chosen))

    def at(offset: int) -> Progress | None:
        return None if progress is None else (lambda k, n: progress(offset + k, total))

    base = replicate(scenario, seed=seed, replicates=replicates, weeks=weeks, draws=draws,
                     progress=at(0))
    rows = []
    for step in steps(scenario):
        row = {"lever": step.lever.key, "param": step.lever.param, "before": step.before,
               "after": step.after, "changes": step.changes, "plausible": step.plausible}
        if not step.changes:
            rows += [{**row, "outcome": o} for o in outcomes]
            continue
        k = chosen.index(step)
        variant = replicate(scenario.with_params(**{step.lever.param: step.after}), seed=seed,
                            replicates=replicates, weeks=weeks,
                            draws=_variant_draws(step, draws), progress=at(replicates * (1 + k)))
        contrast = paired_contrast(base.table, variant.table, bootstrap_rng(seed))
        contrast = contrast.set_index("outcome")
        for o in outcomes:
            c = contrast.loc[o]
            rows.append({**row, "outcome": o, "direction": BY_NAME[o].better,
                         "base_mean": c["base_mean"], "variant_mean": c["variant_mean"],
                         "difference": c["difference"], "ci_low": c["ci_low"],
                         "ci_high": c["ci_high"], "excludes_zero": bool(c["excludes_zero"]),
                         "n": int(c["n"])})
    table = pd.DataFrame(rows)
    direction = table["direction"].fillna(0)
    table["gain"] = table["difference"] * direction.where(direction != 0, 1)
    table["rank"] = table.groupby("outcome")["gain"].rank(ascending=False, method="min")
    return table
