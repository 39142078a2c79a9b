"""From the run store to one value per design point: means and spread over replicates.

The analysis reads stored tables only (``study.json``, ``design.parquet`` and the
columns it needs of the runs parts), never a live model. Runs are matched to
(design point, replicate) by their content key, so a run shared by two identical
design points counts for both.

Missing values: an outcome can be NaN in a run (``mean_resolution_weeks`` when no
controversy was resolved, ``weeks_to_enrolled`` when no partner enrolled), and a
failed run has NaN everywhere. A design point's value is the mean over its replicates
with a finite value; its spread is their standard deviation; ``n`` counts them. A
point with no finite replicate has no value (NaN); the sensitivity analysis then
skips that outcome and says why (it does not impute).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.study.store import RunStore, key_prefix, run_key


@dataclass(frozen=True)
class Points:
    """Per design point: the parameters and each outcome's mean, SD and count."""

    manifest: dict
    design: pd.DataFrame  # point, values run, x:NAME nominal sample
    mean: pd.DataFrame  # index point, one column per outcome
    sd: pd.DataFrame
    n: pd.DataFrame
    runs_done: np.ndarray  # per point
    runs_failed: np.ndarray
    runs_missing: np.ndarray

    @property
    def factors(self) -> list[str]:
        """Names of the varied parameters, in design order."""
        return [f["name"] for f in self.manifest["identity"]["design"]["factors"]]

    @property
    def nominal(self) -> np.ndarray:
        """The nominal sample (points x factors) the samplers drew."""
        return self.design[[f"x:{name}" for name in self.factors]].to_numpy(dtype=np.float64)

    def table(self) -> pd.DataFrame:
        """``points.csv``: point, parameters, runs, and per outcome mean, sd and n."""
        frame = self.design[["point", *self.factors]].copy()
        frame["runs_done"] = self.runs_done
        frame["runs_failed"] = self.runs_failed
        frame["runs_missing"] = self.runs_missing
        columns = {}
        for name in self.mean.columns:
            columns[f"{name}_mean"] = self.mean[name].to_numpy()
            columns[f"{name}_sd"] = self.sd[name].to_numpy()
            columns[f"{name}_n"] = self.n[name].to_numpy()
        return pd.concat([frame, pd.DataFrame(columns)], axis=1)


def run_keys(manifest: dict, design: pd.DataFrame) -> pd.DataFrame:
    """The key of every (point, replicate) of a stored study, recomputed from its manifest."""
    ident = manifest["identity"]
    prefix = key_prefix(manifest["scenario_hash"], ident["evaluator"], ident["weeks"],
                        ident["version"])
    names = [f["name"] for f in ident["design"]["factors"]]
    replicates, seed = int(ident["replicates"]), int(ident["seed"])
    values = [design[name].to_numpy() for name in names]
    points, reps, keys = [], [], []
    for i, point in enumerate(design["point"].to_numpy().tolist()):
        params = {name: v[i].item() for name, v in zip(names, values, strict=True)}
        for r in range(replicates):
            points.append(point)
            reps.append(r)
            keys.append(run_key(prefix, params, seed, r))
    return pd.DataFrame({"point": points, "replicate": reps, "key": keys})


def load_points(store: RunStore, outcomes: Sequence[str] | None = None) -> Points:
    """Aggregate the stored runs of ``store`` per design point (only needed columns read)."""
    manifest = store.manifest()
    names = list(outcomes) if outcomes is not None else list(manifest["outcomes"])
    design = store.read_design()
    plan = run_keys(manifest, design)
    runs = store.read_runs(["key", "status", *names]).drop_duplicates("key")
    merged = plan.merge(runs, on="key", how="left", validate="many_to_one")
    status = merged["status"]
    grouped = merged.assign(
        _done=(status == "done").astype(int), _failed=(status == "failed").astype(int),
        _missing=status.isna().astype(int)).groupby("point", sort=True)
    values = merged[names].where(merged["status"].eq("done"))
    values = values.where(np.isfinite(values.to_numpy(dtype=np.float64)))
    by_point = values.groupby(merged["point"], sort=True)
    index = pd.Index(design["point"].to_numpy(), name="point")
    return Points(
        manifest=manifest, design=design,
        mean=by_point.mean().reindex(index), sd=by_point.std(ddof=1).reindex(index),
        n=by_point.count().reindex(index, fill_value=0),
        runs_done=grouped["_done"].sum().reindex(index).to_numpy(),
        runs_failed=grouped["_failed"].sum().reindex(index).to_numpy(),
        runs_missing=grouped["_missing"].sum().reindex(index).to_numpy(),
    )
