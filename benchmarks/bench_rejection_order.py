"""Which milieu early rejection should run first: shares rejected, cost, time per particle.

For proposals around a calibration's posterior (its particles, each moved by a normal
step of one posterior standard deviation per parameter, kept in the prior's range) and
from the prior, at each ``--epsilon``:

- the share of proposals each milieu's terms *alone* reject (its replicates only, every
  other milieu counted as if it showed every pattern), and that share per second of
  running the milieu's replicates;
- the time per particle of :meth:`sim.calibration.problem.Problem.evaluate` with each
  milieu first (the others in :data:`sim.calibration.problem.REJECTION_ORDER`).

The verdicts do not depend on the order; only the cost does.

Run: ``.venv/bin/python benchmarks/bench_rejection_order.py [--particles 60]
[--calibration calibration/<folder>] [--epsilon -0.5 0 2.5]``
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pandas as pd

from sim.calibration.posterior import latest
from sim.calibration.problem import (
    MECHANISMS,
    REJECTION_ORDER,
    Problem,
    ShortfallDistance,
    mechanism_label,
)

Proposal = tuple[dict[str, float], dict[str, str]]


def proposals(problem: Problem, folder: Path | None, n: int, seed: int) -> list[Proposal]:
    """Around the posterior of ``folder`` (or from the prior when it is None)."""
    rng = np.random.default_rng(seed)
    ranges = problem.prior_ranges()
    names = list(ranges)
    if folder is None:
        return [({k: rng.uniform(lo, hi) for k, (lo, hi) in ranges.items()}, MECHANISMS[i % 4])
                for i in range(n)]
    particles = pd.read_csv(folder / "particles.csv")
    step = particles[names].std().to_numpy()
    low, high = (np.array([ranges[k][j] for k in names]) for j in (0, 1))
    labels = [mechanism_label(m) for m in MECHANISMS]
    out = []
    for _ in range(n):
        row = particles.iloc[int(rng.integers(len(particles)))]
        x = np.clip(row[names].to_numpy(float) + rng.normal(0.0, 1.0, len(names)) * step, low, high)
        out.append((dict(zip(names, x, strict=True)), MECHANISMS[labels.index(row["mechanism"])]))
    return out


def alone(problem: Problem, drawn: list[Proposal], epsilons: list[float]) -> None:
    """Print, per threshold, the share each milieu alone rejects and that share per second."""
    distance, targets = ShortfallDistance(problem.standard_errors()), problem.targets()
    rejected = {e: dict.fromkeys(problem.milieux, 0) for e in epsilons}
    seconds = dict.fromkeys(problem.milieux, 0.0)
    for particle, mechanism in drawn:
        for milieu in problem.milieux:
            start = time.perf_counter()
            rows = problem._runs(particle, mechanism, (milieu,))
            seconds[milieu] += time.perf_counter() - start
            shares = problem._shares(problem._columns(rows), {milieu: problem.replicates})
            for eps in epsilons:
                rejected[eps][milieu] += distance(shares, targets) > eps
    n = len(drawn)
    print("  seconds per particle: " + ", ".join(f"{m} {seconds[m] / n:.3f}" for m in problem.milieux))
    for eps in epsilons:
        print(f"  epsilon {eps:g}: " + ", ".join(
            f"{m} {rejected[eps][m] / n:.2f} ({rejected[eps][m] / seconds[m]:.1f}/s)"
            for m in problem.milieux))


def orders(problem: Problem, drawn: list[Proposal], epsilons: list[float]) -> None:
    """Print the time per particle of early rejection with each milieu first."""
    distance = ShortfallDistance(problem.standard_errors())
    for first in problem.milieux:
        order = [first, *(m for m in REJECTION_ORDER if m != first)]
        problem.rejection_order = lambda order=order: order  # type: ignore[method-assign]
        for eps in epsilons:
            start = time.perf_counter()
            for particle, mechanism in drawn:
                problem.evaluate(particle, mechanism, distance, eps)
            spent = (time.perf_counter() - start) / len(drawn)
            print(f"  {' > '.join(order)}, epsilon {eps:g}: {spent:.3f} s per particle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--particles", type=int, default=60)
    parser.add_argument("--calibration", type=Path, default=None,
                        help="calibration folder (default: the newest)")
    parser.add_argument("--epsilon", type=float, nargs="+", default=[-0.5, 0.0, 2.5])
    args = parser.parse_args()
    problem = Problem()
    folder = args.calibration or latest()
    for label, source in ((f"around the posterior of {folder.name}", folder), ("from the prior", None)):
        drawn = proposals(problem, source, args.particles, seed=5)
        problem.statistics(*drawn[0])  # compile and read the milieux
        print(f"{args.particles} proposals {label}, {problem.replicates} replicates per milieu")
        alone(problem, drawn, args.epsilon)
        orders(problem, drawn, args.epsilon)


if __name__ == "__main__":
    main()
