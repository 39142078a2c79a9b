"""Replicated runs and paired what-if contrasts of one scenario.

This is the layer the ``run`` and ``compare`` commands (and notebooks) call; it knows
the model only through :func:`sim.run.runner.run_once`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim import __version__
from sim.params import Value
from sim.run.output import write_outputs
from sim.run.runner import MODEL_VERSION, run_once
from sim.run.stats import BOOTSTRAP_KEY, bootstrap_rng, method_text, paired_contrast, summarise
from sim.scenario import Scenario, seed_passages

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


Draws = Callable[[int], Mapping[str, Value]]
"""Replicate ``r``'s parameter values drawn from a posterior (``--posterior``)."""


def replicate(scenario: Scenario, *, seed: int, replicates: int, weeks: int,
              series: bool = False, progress: Progress | None = None,
              draws: Draws | None = None) -> Replicates:
    """Run replicates 0..R-1 of ``scenario`` under root ``seed``; with ``draws``,
    replicate ``r`` first takes the values ``draws(r)`` (parameter uncertainty)."""
    rows, frames = [], []
    for r in range(replicates):
        sc = scenario.with_params(**draws(r)) if draws else scenario
        result = run_once(sc, seed, r, weeks, series=series)
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
            series: bool = False, progress: Progress | None = None,
            draws: tuple[Draws, Draws] | None = None
            ) -> tuple[Replicates, Replicates, pd.DataFrame]:
    """Run base and variant with common random numbers and contrast them, paired; with
    ``draws`` (base, variant), replicate ``r`` of both shares its posterior draw too."""
    def half(offset: int) -> Progress | None:
        return None if progress is None else (lambda k, n: progress(offset + k, 2 * n))

    a = replicate(base, seed=seed, replicates=replicates, weeks=weeks, series=series,
                  progress=half(0), draws=draws[0] if draws else None)
    b = replicate(variant, seed=seed, replicates=replicates, weeks=weeks, series=series,
                  progress=half(replicates), draws=draws[1] if draws else None)
    return a, b, paired_contrast(a.table, b.table, bootstrap_rng(seed))


def same_scenario(base: Scenario, variant: Scenario) -> bool:
    """Whether two scenarios would run the same model (names and file paths aside)."""
    def essence(s: Scenario) -> dict[str, object]:
        data = s.to_dict()
        for key in ("name", "source", "description", "calibration", "name_fr",
                    "description_fr", "calibration_fr"):
            data.pop(key, None)
        return data
    return essence(base) == essence(variant)


def metadata(scenario: Scenario, sets: Mapping[str, Value], *, seed: int, replicates: int,
             weeks: int, command: Sequence[str] = (), **extra: Any) -> dict[str, Any]:
    """What ``run.json`` records: the resolved scenario and its changes, the seed
    passages behind its structure, seeds, versions and how intervals were made."""
    return json_safe({
        "hlm_sim_version": __version__, "model_version": MODEL_VERSION,
        "command": list(command), "weeks": weeks, "seed": seed, "replicates": replicates,
        "replicate_seeds": "numpy SeedSequence(seed, spawn_key=(replicate,))",
        "intervals": {"method": method_text("en"),
                      "bootstrap_seed": f"numpy SeedSequence(seed, spawn_key=({BOOTSTRAP_KEY},))"},
        "set": dict(sets), "structure": scenario.structure(), "scenario": scenario.to_dict(),
        "passages": seed_passages(scenario.source), **extra,
    })


def compare_metadata(base: Scenario, variant: Scenario, sets: Mapping[str, Value], *,
                     seed: int, replicates: int, weeks: int,
                     command: Sequence[str] = ()) -> dict[str, Any]:
    """``run.json`` of a comparison: the variant's metadata, the base, and whether the
    change changes anything (``identical``; ``unchanged`` lists the ``--set`` values the
    base already has)."""
    unchanged = [k for k, v in sets.items() if base.params.get(k) == v]
    return metadata(variant, sets, seed=seed, replicates=replicates, weeks=weeks,
                    command=command, kind="compare", against=base.to_dict(),
                    base_name=base.name, variant_name=variant.name,
                    base_structure=base.structure(), identical=same_scenario(base, variant),
                    unchanged=unchanged)


def json_safe(value: Any) -> Any:
    """A value made JSON-safe (NaN becomes null), recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def save_run(out: Path, result: Replicates, meta: Mapping[str, Any]) -> list[str]:
    """Write a run's tables and ``run.json`` into ``out``; return the file names."""
    files = {"summary.csv": result.summary(), "replicates.csv": result.table,
             "series.csv": result.series, "run.json": dict(meta)}
    write_outputs(out, files)
    return [name for name, content in files.items() if content is not None]


def save_compare(out: Path, base: Replicates, variant: Replicates, contrast: pd.DataFrame,
                 meta: Mapping[str, Any]) -> list[str]:
    """Write a comparison's tables and ``run.json`` into ``out``; return the file names."""
    files = {"contrast.csv": contrast, "base_replicates.csv": base.table,
             "variant_replicates.csv": variant.table, "base_series.csv": base.series,
             "variant_series.csv": variant.series, "run.json": dict(meta)}
    write_outputs(out, files)
    return [name for name, content in files.items() if content is not None]
