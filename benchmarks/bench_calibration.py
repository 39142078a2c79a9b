"""Cost of a calibration particle: the full run of four milieux against early rejection.

Draws ``--particles`` particles from the calibration's prior (each with a mechanism in
turn) and, for each, times the full statistics (32 runs with their history) and
:meth:`sim.calibration.problem.Problem.evaluate` at each ``--epsilon``, which stops as
soon as the particle is certain to miss the threshold. Reports the time per particle,
how many stopped early and the speed-up; it checks on the way that both give the same
verdict.

Run: ``.venv/bin/python benchmarks/bench_calibration.py [--particles 24] [--epsilon 2.5 1.3 0.5]``
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from sim.calibration.problem import MECHANISMS, Problem, ShortfallDistance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--particles", type=int, default=24)
    parser.add_argument("--replicates", type=int, default=Problem().replicates)
    parser.add_argument("--epsilon", type=float, nargs="+", default=[2.5, 1.3, 0.5, -0.5])
    args = parser.parse_args()
    problem = Problem(replicates=args.replicates)
    distance, targets = ShortfallDistance(problem.standard_errors()), problem.targets()
    rng = np.random.default_rng(2026)
    particles = [{k: rng.uniform(lo, hi) for k, (lo, hi) in problem.prior_ranges().items()}
                 for _ in range(args.particles)]
    problem.statistics(particles[0], MECHANISMS[0])  # compile and read the milieux
    full, distances = 0.0, []
    for i, particle in enumerate(particles):
        start = time.perf_counter()
        distances.append(distance(problem.statistics(particle, MECHANISMS[i % 4]), targets))
        full += time.perf_counter() - start
    print(f"{args.particles} prior particles, {args.replicates} replicates per milieu")
    print(f"full run: {full / args.particles:.3f} s per particle")
    for eps in args.epsilon:
        spent, stopped = 0.0, 0
        for i, particle in enumerate(particles):
            start = time.perf_counter()
            verdict = problem.evaluate(particle, MECHANISMS[i % 4], distance, eps)
            spent += time.perf_counter() - start
            stopped += verdict is None
            assert (verdict is None or verdict[0] > eps) == (distances[i] > eps)
        print(f"epsilon {eps}: {spent / args.particles:.3f} s per particle, "
              f"{stopped} of {args.particles} stopped early, {full / spent:.1f}x faster")


if __name__ == "__main__":
    main()
