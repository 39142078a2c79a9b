"""Which fitted values move a calibration statistic: a Morris screen (issue 21, item 7).

A value is worth fitting only where some calibration statistic (the share of replicates
showing a calibration pattern, per milieu or pooled, as the fit sees it) moves with it.
Morris's elementary effects (Morris 1991; SALib's sampler and analysis, Campolongo et al.
2007's mu*) are computed over the calibration prior, for each mechanism pair, on each
term; a value's screen is its largest mu* over the terms and the pairs. Shares move by
steps of 1/replicates, and noise alone gives a mu* near a share's standard error, so the
report prints that standard error beside the figures.

``python -m sim.calibration.screen [--trajectories R] [--replicates N] [--workers W]``
prints a Markdown table: one row per fitted value, its largest mu*, the term and pair
where it is reached.
"""

from __future__ import annotations

import argparse
import math
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from sim.calibration.problem import MECHANISMS, Problem, mechanism_label
from sim.errors import positive_int, whole_number

SCREEN_SEED = 31
"""Root seed of the screen's design and runs."""


def _statistics(job: tuple[Problem, int, dict[str, float]]) -> dict[str, float]:
    problem, mechanism, particle = job
    return problem.statistics(particle, MECHANISMS[mechanism])


def screen(trajectories: int = 6, replicates: int = 8, workers: int = 2,
           seed: int = SCREEN_SEED) -> pd.DataFrame:
    """One row per fitted value and pair: its largest mu* over the terms, and the term."""
    problem = Problem(replicates=replicates, seed=seed)
    ranges = problem.prior_ranges()
    names = list(ranges)
    salib = {"num_vars": len(names), "names": names, "bounds": [list(ranges[n]) for n in names]}
    design = morris_sample.sample(salib, trajectories, num_levels=4, seed=seed)
    rows = []
    for m, mechanism in enumerate(MECHANISMS):
        jobs = [(problem, m, dict(zip(names, map(float, x), strict=True))) for x in design]
        with ProcessPoolExecutor(max(1, workers)) as pool:
            stats = pd.DataFrame(list(pool.map(_statistics, jobs, chunksize=4)))
        for term in stats.columns:
            y = stats[term].to_numpy(float)
            if np.ptp(y) == 0:
                continue
            result = morris_analyze.analyze(salib, design, y, num_levels=4, seed=seed)
            for name, mu_star in zip(names, result["mu_star"], strict=True):
                rows.append({"parameter": name, "pair": mechanism_label(mechanism),
                             "term": term, "mu_star": float(mu_star)})
    table = pd.DataFrame(rows)
    best = table.loc[table.groupby("parameter")["mu_star"].idxmax()]
    return best.set_index("parameter").loc[names].reset_index()


def markdown(table: pd.DataFrame, replicates: int) -> str:
    """The screen as a Markdown table, with the noise level of a share."""
    noise = math.sqrt(0.25 / replicates)
    lines = [(f"Largest Morris mu* of each fitted value over the calibration terms and the four "
             f"pairs ({replicates} replicates a milieu: a share's standard error is at most "
             f"{noise:.2f})"), "", "| fitted value | largest mu* | on term | pair |", "|---|---|---|---|"]
    lines += [f"| {r.parameter} | {r.mu_star:.2f} | {r.term} | {r.pair} |" for r in table.itertuples()]
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
