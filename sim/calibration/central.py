"""Milieu files that are the calibrated model: one central posterior particle.

Marginal medians taken one parameter at a time are not a particle of the posterior, and
the files made of them failed a calibration pattern (milieu 1's disengagement, 0.49 of
200 replicates) while the posterior passed them all. So the files get one particle: the
posterior's particles of its heaviest pair are ordered by their distance to the weighted
mean (each fitted value in units of its weighted standard deviation), and the first, at
the page's slider step, whose runs show every calibration pattern both on the runs
``hlm-sim patterns`` makes (the pattern file's replicates and seed) and on
:data:`FRESH` fresh runs per milieu (another seed) is written. The second test keeps a
particle from being chosen because its 20 runs were lucky. When none of the
:data:`CANDIDATES` most central particles passes both, the most central one is written
and the patterns it fails are recorded: the files then show what the posterior shows,
failures included, and ``hlm-sim patterns`` and ``hlm-sim validate`` agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.folder import META, read_meta, read_particles, write_record
from sim.calibration.problem import MECHANISMS, SEP, Problem, mechanism_label
from sim.calibration.writeback import write_back
from sim.params import PARAMS, Value
from sim.run.patterns import MILIEUX, load_patterns, pattern_runs, scorecard
from sim.vocabulary import resolution

CANDIDATES = 30
"""How many of the most central particles are tried before the most central is kept."""
FRESH = 100
"""Fresh runs per milieu a candidate must also pass (seed :data:`FRESH_SEED`)."""
FRESH_SEED = 2


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


def _rounded(name: str, value: float) -> float:
    """``value`` at the page's slider step for the parameter (``name`` may be
    ``name@milieu``), so that the workshop page shows the file's value."""
    step = resolution(PARAMS[name.partition(SEP)[0]])
    return float(f"{round(value / step) * step:.10g}")


def file_values(particle: Mapping[str, float],
                pair: str) -> tuple[dict[str, Value], dict[str, dict[str, Value]]]:
    """The values a particle puts in every milieu file and in each one (a difference
    the seed states for one milieu, a ratio to the shared value, rounded to the slider
    step like the rest)."""
    mechanism = next(m for m in MECHANISMS if mechanism_label(m) == pair)
    shared, per = Problem(replicates=1).scenario_values(particle, mechanism)
    rounded = {m: {k: _rounded(k, float(v)) if isinstance(v, float) else v for k, v in own.items()}
               for m, own in per.items()}
    return shared, rounded


def failing(particle: Mapping[str, float], pair: str, replicates: int | None = None,
            seed: int | None = None) -> list[str]:
    """The calibration patterns the runs with these values fail: the runs ``hlm-sim
    patterns`` makes, or ``replicates`` runs per milieu under ``seed``."""
    shared, per = file_values(particle, pair)
    spec = load_patterns()
    spec["pattern"] = [p for p in spec["pattern"] if p["use"] == "calibration"]
    if replicates is not None:
        spec["replicates"] = replicates
    if seed is not None:
        spec["seed"] = seed
    runs = pattern_runs(spec, MILIEUX, shared, per)
    return [v.id for v in scorecard(runs, spec) if not v.holds]


def choose(folder: Path) -> tuple[dict[str, float], str, int, list[str]]:
    """The particle for the files (rounded), its pair, its rank by centrality (0 = the
    most central) and the calibration patterns its fresh runs fail (none when a particle
    passed)."""
    names = list(read_meta(folder)["fitted"])
    ordered = central_order(read_particles(folder), names)
    for rank, (_, row) in enumerate(ordered.head(CANDIDATES).iterrows()):
        particle = {n: _rounded(n, float(row[n])) for n in names}
        pair = str(row["mechanism"])
        if not failing(particle, pair) and not failing(particle, pair, FRESH, FRESH_SEED):
            return particle, pair, rank, []
    row = ordered.iloc[0]
    particle = {n: _rounded(n, float(row[n])) for n in names}
    return particle, str(row["mechanism"]), 0, failing(particle, str(row["mechanism"]), FRESH, FRESH_SEED)


def write_central(folder: Path, targets: Mapping[str, Path]) -> list[str]:
    """Write the chosen particle into each milieu file of ``targets`` and record the
    choice under ``files`` in the folder's ``calibration.json``; return what was done."""
    particle, pair, rank, fails = choose(folder)
    shared, per = file_values(particle, pair)
    what = ("that shows every calibration pattern" if not fails else
            "(none of the most central shows every calibration pattern on fresh runs; it "
            f"fails {', '.join(fails)})")
    note = (f"calibrated {folder.name[:10]} (calibration/{folder.name}): the posterior's "
            f"particle nearest its centre (rank {rank + 1}) {what}")
    lines = []
    for milieu in MILIEUX:
        values: dict[str, tuple[Value, str]] = {name: (value, note)
                                                for name, value in {**shared, **per[milieu]}.items()}
        lines.append(f"wrote {write_back(folder, milieu, targets[milieu], values)}")
    meta = read_meta(folder)
    meta["files"] = {"rank": rank + 1, "pair": pair, "values": particle, "failing": fails,
                     "checked_on": {"patterns": "the pattern file's replicates and seed",
                                    "fresh": {"replicates": FRESH, "seed": FRESH_SEED}}}
    write_record(folder / META, meta)
    return lines
