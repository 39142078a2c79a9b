"""What a late generation of the calibration costs: acceptance by proposal kernel and by
replicates.

Takes one generation of a calibration's pyabc database (``--db``, ``--generation``,
counted from 1 like the progress line), draws ``--proposals`` proposals from it as the
fit would for the next generation (a mechanism by its ABC probability, then a particle
of it moved by a kernel fitted to that mechanism's weighted particles; proposals outside
the prior are redrawn), and evaluates each with early rejection
(:meth:`sim.calibration.problem.Problem.evaluate`) on two processes. For each
``--kernel`` (at 16 replicates and the first ``--epsilon``) and each ``--replicates R@E``
(the default kernel), it prints the acceptance, the core seconds per proposal and per
accepted particle, and the accepted particles by mechanism.

Kernels: ``mixture`` (the fit's: one proposal in five from the prior, else pyabc's
multivariate normal kernel), ``half`` (the normal kernel at half the bandwidth, no prior
share), ``local`` (pyabc's local kernel, the covariance of each particle's nearest
quarter). A particle's seed is derived from its values, so resampling a particle
unmoved would repeat its own replicates: every kernel here moves it.

Run: ``.venv/bin/python benchmarks/bench_late_acceptance.py --db
calibration/trials/2026-12-06-0.1.0-2b80dfda37eb-plateau/pyabc.db --generation 13
--epsilon -0.436 --proposals 300``
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from multiprocessing import Pool

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pyabc

from sim.calibration.problem import MECHANISMS, Problem, ShortfallDistance, mechanism_label

PRIOR_SHARE = 0.2


def _kernel(kind: str, particles, weights) -> pyabc.Transition:
    if kind == "local":
        kernel = pyabc.LocalTransition(k_fraction=0.25)
    else:
        kernel = pyabc.MultivariateNormalTransition(scaling=0.5 if kind == "half" else 1.0)
    kernel.fit(particles, weights)
    return kernel


def proposals(db: str, t: int, kind: str, n: int, seed: int) -> list[tuple[int, dict[str, float]]]:
    """``n`` proposals from generation ``t`` (pyabc's count) of ``db`` under kernel ``kind``."""
    history = pyabc.History(f"sqlite:///{db}")
    ranges = Problem().prior_ranges()
    probabilities = history.get_model_probabilities().loc[t]
    models = [int(m) for m, p in probabilities.items() if p > 0]
    fitted = {}
    for m in models:
        particles, weights = history.get_distribution(m=m, t=t)
        fitted[m] = (particles, weights / weights.sum(), _kernel(kind, particles, weights))
    chance = np.array([probabilities[m] for m in models])
    rng, out = np.random.default_rng(seed), []
    while len(out) < n:
        m = models[rng.choice(len(models), p=chance / chance.sum())]
        particles, weights, kernel = fitted[m]
        if kind == "mixture" and rng.random() < PRIOR_SHARE:
            x = {k: rng.uniform(*ranges[k]) for k in particles.columns}
        else:
            i = rng.choice(len(particles), p=weights)
            cov = kernel.covs[i] if kind == "local" else kernel.cov
            x = dict(zip(particles.columns, rng.multivariate_normal(particles.to_numpy()[i], cov),
                         strict=True))
        if all(ranges[k][0] <= v <= ranges[k][1] for k, v in x.items()):
            out.append((m, x))
    return out


def _evaluate(job: tuple[int, dict[str, float], int, float]) -> tuple[bool, float, int]:
    m, x, replicates, epsilon = job
    problem = Problem(replicates=replicates)
    distance = ShortfallDistance(problem.standard_errors())
    start = time.perf_counter()
    verdict = problem.evaluate(x, MECHANISMS[m], distance, epsilon)
    accepted = verdict is not None and verdict[0] <= epsilon
    return accepted, time.perf_counter() - start, m


def report(label: str, jobs: list[tuple[int, dict[str, float], int, float]]) -> None:
    """Evaluate ``jobs`` on two processes and print one line."""
    with Pool(2) as pool:
        results = pool.map(_evaluate, jobs, chunksize=4)
    accepted = sum(r[0] for r in results)
    cost = sum(r[1] for r in results)
    by = Counter(mechanism_label(MECHANISMS[r[2]]) for r in results if r[0])
    print(f"{label}: {accepted} of {len(results)} accepted ({accepted / len(results):.3f}), "
          f"{cost / len(results):.3f} s a proposal, "
          f"{cost / accepted if accepted else float('nan'):.1f} s an accepted particle "
          f"(core seconds); accepted: {dict(by)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a calibration's pyabc.db")
    parser.add_argument("--generation", type=int, required=True, help="counted from 1")
    parser.add_argument("--epsilon", type=float, required=True, help="the next threshold")
    parser.add_argument("--proposals", type=int, default=300)
    parser.add_argument("--kernel", nargs="*", default=["mixture", "half", "local"])
    parser.add_argument("--replicates", nargs="*", default=["32@0"], metavar="R@E")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    t = args.generation - 1
    for kind in args.kernel:
        jobs = [(m, x, 16, args.epsilon)
                for m, x in proposals(args.db, t, kind, args.proposals, args.seed)]
        report(f"kernel {kind}, 16 replicates at {args.epsilon:g}", jobs)
    base = proposals(args.db, t, "mixture", args.proposals, args.seed)
    for spec in args.replicates:
        replicates, _, epsilon = spec.partition("@")
        jobs = [(m, x, int(replicates), float(epsilon)) for m, x in base]
        report(f"kernel mixture, {replicates} replicates at {float(epsilon):g}", jobs)


if __name__ == "__main__":
    main()
