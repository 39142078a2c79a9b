"""Milieu files that are the calibrated model: one central posterior particle that passes.

Marginal medians taken one parameter at a time are not a particle of the posterior, and
the files made of them failed a calibration pattern (milieu 1's disengagement, 0.49 of
200 replicates) while the posterior passed them all. So the files get one particle: the
posterior's particles of its heaviest pair are ordered by their distance to the weighted
mean (each fitted value in units of its weighted standard deviation), and the first, at
four significant digits, whose runs show every calibration pattern is written. Its runs
are the very runs ``hlm-sim patterns`` makes on the files (the pattern file's replicates
and seed), so that command passes every calibration pattern on the shipped files.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.folder import read_meta, read_particles
from sim.calibration.problem import MECHANISMS, Problem, mechanism_label
from sim.calibration.writeback import write_back
from sim.errors import InputError
from sim.params import Value
from sim.run.patterns import MILIEUX, load_patterns, pattern_runs, scorecard

CANDIDATES = 30
"""How many of the most central particles are tried before giving up."""


def central_order(particles: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The particles of the heaviest pair, the most central first."""
    weight_by_pair = particles.groupby("mechanism")["weight"].sum()
    mine = particles[particles["mechanism"] == weight_by_pair.idxmax()].reset_index(drop=True)
    x = mine[names].to_numpy(float)
    w = mine["weight"].to_numpy(float) / mine["weight"].sum()
    mean = w @ x
    sd = np.sqrt(w @ (x - mean) ** 2)
    z = (x - mean) / np.where(sd > 0, sd, 1.0)
    return mine.assign(distance=np.sqrt((z ** 2).sum(axis=1))).sort_values("distance", kind="stable")


def _rounded(value: float) -> float:
    return float(f"{value:.4g}")


def passes(problem: Problem, particle: Mapping[str, float], pair: str) -> bool:
    """Whether the runs ``hlm-sim patterns`` makes with these values show every
    calibration pattern."""
    mechanism = next(m for m in MECHANISMS if mechanism_label(m) == pair)
    shared, per = problem.scenario_values(particle, mechanism)
    spec = load_patterns()
    spec["pattern"] = [p for p in spec["pattern"] if p["use"] == "calibration"]
    runs = pattern_runs(spec, MILIEUX, shared, per)
    return all(v.holds for v in scorecard(runs, spec))


def choose(folder: Path) -> tuple[dict[str, float], str, int]:
    """The chosen particle (rounded), its pair and its rank by centrality (0 = the most
    central); one line naming the folder when none of :data:`CANDIDATES` passes."""
    meta = read_meta(folder)
    names = list(meta["fitted"])
    problem = Problem(replicates=1, seed=1)
    ordered = central_order(read_particles(folder), names)
    for rank, (_, row) in enumerate(ordered.head(CANDIDATES).iterrows()):
        particle = {n: _rounded(float(row[n])) for n in names}
        if passes(problem, particle, str(row["mechanism"])):
            return particle, str(row["mechanism"]), rank
    raise InputError(f"{folder}: none of the {CANDIDATES} most central particles shows every "
                     "calibration pattern on the runs of hlm-sim patterns; the milieu files "
                     "are left as they are")


def write_central(folder: Path, targets: Mapping[str, Path]) -> list[str]:
    """Write the chosen particle into each milieu file of ``targets``; return what was done."""
    particle, pair, rank = choose(folder)
    mechanism = next(m for m in MECHANISMS if mechanism_label(m) == pair)
    shared, per = Problem(replicates=1).scenario_values(particle, mechanism)
    note = (f"calibrated {folder.name[:10]} (calibration/{folder.name}): the posterior's "
            f"particle nearest its centre (rank {rank + 1}) that shows every calibration "
            f"pattern on hlm-sim patterns' runs")
    lines = []
    for milieu in MILIEUX:
        values: dict[str, tuple[Value, str]] = {name: (value, note)
                                                for name, value in {**shared, **per[milieu]}.items()}
        lines.append(f"wrote {write_back(folder, milieu, targets[milieu], values)}")
    return lines
