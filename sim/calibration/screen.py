"""Which fitted values move a calibration statistic: a Morris screen (issue 21, item 7).

A value is worth fitting only where some calibration statistic (the share of replicates
showing a calibration pattern, per milieu or pooled, as the fit sees it) moves with it.
Morris's elementary effects (Morris 1991; SALib's sampler and analysis, Campolongo et al.
2007's mu*) are computed over the calibration prior, for each mechanism pair, on each
term; a value's screen is its largest mu* over the terms and the pairs.

Every point runs on the same random numbers (one root seed), so a value that a term's
runs never read (milieu 2's network age on milieu 1's terms) has an effect of exactly 0
there. A value the runs do read shifts their random draws as well as their dynamics, and
shares move by steps of 1/replicates: that noise is measured, not argued, by a dummy
value in the design that changes nothing but the root seed (:data:`NOISE`). Its largest
mu* is the screen's noise floor; a fitted value at or below it is not shown to move any
calibration statistic.

``python -m sim.calibration.screen [--trajectories R] [--replicates N] [--workers W]``
prints a Markdown table: one row per fitted value, its largest mu*, the term and pair
where it is reached, and the noise floor.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from sim.calibration.problem import MECHANISMS, Problem, mechanism_label
from sim.errors import positive_int, whole_number
from sim.study.executor import map_jobs

SCREEN_SEED = 31
"""Root seed of the screen's design and runs."""
NOISE = "noise (reseeds only)"
"""The dummy value of the design: it changes the runs' root seed and nothing else."""


def _statistics(job: tuple[Problem, int, dict[str, float], int]) -> dict[str, float]:
    """One design point's statistics: the fitted values on the runs' common root seed,
    moved only by the :data:`NOISE` value."""
    problem, mechanism, point, seed = job
    particle = {k: v for k, v in point.items() if k != NOISE}
    return problem.statistics(particle, MECHANISMS[mechanism],
                              seed=seed + int(point[NOISE] * 1000))


def elementary_effects(trajectories: int = 6, replicates: int = 8, workers: int = 2,
                       seed: int = SCREEN_SEED) -> pd.DataFrame:
    """mu* of each fitted value and of :data:`NOISE`, on each term under each pair: one
    row per (parameter, pair, term)."""
    problem = Problem(replicates=replicates, seed=seed)
    ranges = problem.prior_ranges() | {NOISE: (0.0, 1.0)}
    names = list(ranges)
    salib = {"num_vars": len(names), "names": names, "bounds": [list(ranges[n]) for n in names]}
    design = morris_sample.sample(salib, trajectories, num_levels=4, seed=seed)
    rows = []
    for m, mechanism in enumerate(MECHANISMS):
        jobs = [(problem, m, dict(zip(names, map(float, x), strict=True)), seed) for x in design]
        stats = pd.DataFrame(map_jobs(_statistics, jobs, workers))
        for term in stats.columns:
            y = stats[term].to_numpy(float)
            if np.ptp(y) == 0:
                mu_stars = np.zeros(len(names))
            else:
                mu_stars = morris_analyze.analyze(salib, design, y, num_levels=4,
                                                  seed=seed)["mu_star"]
            for name, mu_star in zip(names, mu_stars, strict=True):
                rows.append({"parameter": name, "pair": mechanism_label(mechanism),
                             "term": term, "mu_star": float(mu_star)})
    return pd.DataFrame(rows)


def largest(effects: pd.DataFrame) -> pd.DataFrame:
    """Each parameter's largest mu* over the terms and pairs, with where it is reached,
    in the design's order (the noise last)."""
    best = effects.loc[effects.groupby("parameter", sort=False)["mu_star"].idxmax()]
    return best.reset_index(drop=True)


def screen(trajectories: int = 6, replicates: int = 8, workers: int = 2,
           seed: int = SCREEN_SEED) -> pd.DataFrame:
    """One row per fitted value (and the noise): its largest mu* over the terms, and the
    term and pair where it is reached."""
    return largest(elementary_effects(trajectories, replicates, workers, seed))


def markdown(table: pd.DataFrame, replicates: int) -> str:
    """The screen as a Markdown table, each value against the measured noise floor."""
    floor = float(table.loc[table["parameter"] == NOISE, "mu_star"].iloc[0])
    lines = [(f"Largest Morris mu* of each fitted value over the calibration terms and the four "
              f"pairs ({replicates} replicates a milieu, common random numbers); noise floor "
              f"(the largest mu* of a value that only reseeds the runs): {floor:.2f}"), "",
             "| fitted value | largest mu* | above the noise floor | on term | pair |",
             "|---|---|---|---|---|"]
    for r in table.itertuples():
        if r.parameter == NOISE:
            continue
        ratio = f"{r.mu_star / floor:.1f}×" if floor > 0 else "—"
        term = str(r.term).replace("|", ", ")  # a term is "pattern|group": not a cell's edge
        lines.append(f"| {r.parameter} | {r.mu_star:.2f} | {ratio} | {term} | {r.pair} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.calibration.screen``."""
    parser = argparse.ArgumentParser(prog="python -m sim.calibration.screen",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=positive_int("--trajectories"), default=6)
    parser.add_argument("--replicates", type=positive_int("--replicates"), default=8)
    parser.add_argument("--workers", type=whole_number("--workers", 1), default=2)
    args = parser.parse_args(argv)
    print(markdown(screen(args.trajectories, args.replicates, args.workers), args.replicates))
    return 0


if __name__ == "__main__":
    sys.exit(main())
