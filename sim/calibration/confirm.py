"""Confirmed particles: the seeds' posterior keeps the particles whose fresh runs show
every calibration pattern too.

A particle is accepted when its 16 replicates a milieu show every calibration pattern.
A share measured on 16 replicates is noisy (a standard error of 0.125 at a target of
0.5), and where the prior puts most of its mass on values that show a pattern a little
less often than its target, most accepted particles are lucky ones. In the calibration
of 2026-12-07 (``calibration/README.md``), 26 of seed 1's 33 particles of the preferred
pair had milieu 1's network older than two years. Run afresh (40 replicates a milieu),
each of eight particles with a network older than 90 weeks fell short of milieu 1's good
start then disengagement, by 0.08 to 0.33, while five of the six with a network younger
than 30 weeks cleared every target (the sixth fell 0.02 short). The posterior was mostly
lucky particles, and the predictive check said so.

The remedy is the ABC one: judge an accepted particle on more runs. Each particle of the
combined posterior runs afresh, as many replicates a milieu as the fit used, under a
seed the fit and its predictive check never used, and is kept when those runs too show
every calibration pattern (its distance is 0 or less). A particle is then accepted with
the product of two independent acceptance chances, a stricter ABC kernel on twice the
runs; its importance weight is unchanged, so the kept particles stay a weighted sample
of that stricter posterior (on ABC's acceptance kernels: Beaumont 2019, Annu. Rev.
Stat. Appl. 6:379). ``calibration.json``'s ``confirmed`` records how many were kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor
from typing import Any

import pandas as pd

from sim.calibration.problem import (
    MECHANISMS,
    Problem,
    ShortfallDistance,
    effective_sample_size,
    mechanism_label,
)
from sim.errors import InputError
from sim.study.executor import map_jobs

CONFIRM_SEED = 17_003
"""Added to the first seed: the confirming runs share no seed with the fits' runs or
with their predictive checks' (:data:`sim.calibration.check.CHECK_SEED`)."""


def _distance(job: tuple[Problem, int, dict[str, float]]) -> float:
    problem, mechanism, particle = job
    shares = problem.statistics(particle, MECHANISMS[mechanism])
    return ShortfallDistance(problem.standard_errors())(shares, problem.targets())


def confirm(posterior: pd.DataFrame, meta: Mapping[str, Any], first_seed: int,
            workers: int = 2, pool: Executor | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The particles of ``posterior`` whose fresh runs show every calibration pattern,
    weights renormalised, and what ``confirmed`` records of it. The runs go to ``pool``,
    else to ``workers`` warm local processes (one: here); their seeds do not depend on
    where they run."""
    problem = Problem(replicates=int(meta["replicates"]), seed=first_seed + CONFIRM_SEED,
                      milieux=tuple(meta["milieux"]), week=int(meta["week"]),
                      fixed=dict(meta.get("fixed", {})))
    labels = [mechanism_label(m) for m in MECHANISMS]
    names = problem.names()
    jobs = [(problem, labels.index(str(row["mechanism"])), {k: float(row[k]) for k in names})
            for _, row in posterior.iterrows()]
    distances = map_jobs(_distance, jobs, workers, pool, chunksize=2)
    kept = posterior[[d <= 0 for d in distances]]
    if kept.empty:
        raise InputError("no particle of the combined posterior shows every calibration "
                         f"pattern on fresh runs ({len(posterior)} run afresh): no posterior "
                         "to keep (calibrate longer, or look at each seed's check.csv)")
    kept = kept.assign(weight=kept["weight"] / kept["weight"].sum()).reset_index(drop=True)
    record = {"replicates": problem.replicates, "seed": problem.seed,
              "particles": len(posterior), "kept": len(kept),
              "effective_before": round(effective_sample_size(posterior["weight"]), 1),
              "effective_after": round(effective_sample_size(kept["weight"]), 1),
              "kept_by_pair": {str(k): int(v) for k, v in kept["mechanism"].value_counts().items()}}
    return kept, record
