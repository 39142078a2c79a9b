"""Replicated runs and paired what-if contrasts of one scenario.

This is the layer the ``run`` and ``compare`` commands (and notebooks) call; it knows
the model only through :func:`sim.runner.run_once`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from sim.runner import run_once
from sim.scenario import Scenario
from sim.stats import bootstrap_rng, paired_contrast, summarise

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Replicates:
    """Outcomes of R replicates of one scenario."""

    scenario: Scenario
    seed: int
    weeks: int
    table: pd.DataFrame  # one row per replicate: replicate, seed, outcomes
    series: pd.DataFrame | None  # one row per (replicate, week)

    def summary(self) -> pd.DataFrame:
        """Mean and bootstrap 95% interval per outcome over the replicates (the
        bootstrap seeded from the run's root seed)."""
        return summarise(self.table, bootstrap_rng(self.seed))


def replicate(scenario: Scenario, *, seed: int, replicates: int, weeks: int,
              series: bool = False, progress: Progress | None = None) -> Replicates:
    """Run replicates 0..R-1 of ``scenario`` under root ``seed``."""
    rows, frames = [], []
    for r in range(replicates):
        result = run_once(scenario, seed, r, weeks, series=series)
        rows.append({"replicate": r, "seed": seed, **result.summary})
        if result.series is not None:
            frames.append(result.series.assign(replicate=r, seed=seed))
        if progress:
            progress(r + 1, replicates)
    table = pd.DataFrame(rows)
    frame = None
    if frames:
        frame = pd.concat(frames, ignore_index=True)
        frame = frame[["replicate", "seed", *[c for c in frame.columns if c not in ("replicate", "seed")]]]
    return Replicates(scenario, seed, weeks, table, frame)


def compare(base: Scenario, variant: Scenario, *, seed: int, replicates: int, weeks: int,
            series: bool = False, progress: Progress | None = None
            ) -> tuple[Replicates, Replicates, pd.DataFrame]:
    """Run base and variant with common random numbers and contrast them, paired."""
    def half(offset: int) -> Progress | None:
        return None if progress is None else (lambda k, n: progress(offset + k, 2 * n))

    a = replicate(base, seed=seed, replicates=replicates, weeks=weeks, series=series,
                  progress=half(0))
    b = replicate(variant, seed=seed, replicates=replicates, weeks=weeks, series=series,
                  progress=half(replicates))
    return a, b, paired_contrast(a.table, b.table, bootstrap_rng(seed))


def same_scenario(base: Scenario, variant: Scenario) -> bool:
    """Whether two scenarios would run the same model (names and file paths aside)."""
    def essence(s: Scenario) -> dict[str, object]:
        data = s.to_dict()
        for key in ("name", "source", "description", "calibration"):
            data.pop(key, None)
        return data
    return essence(base) == essence(variant)
