"""Cost per week of a run, without and with the network's history before week 0.

A run now starts at the network's founding (``network_age_weeks`` before week 0) and
runs the same rules through that history. This reports, for each milieu, the median
wall time of a batch run of ``--weeks`` observed weeks: with the history set to 0, with
the milieu's own history, and the cost per simulated week in each case.

Run: ``.venv/bin/python benchmarks/bench_history.py [--repeats 7] [--weeks 156]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from sim.run.runner import run_once
from sim.scenario import find_scenario, load_scenario


def median_run(scenario, weeks: int, repeats: int) -> float:
    times = []
    for r in range(repeats):
        start = time.perf_counter()
        run_once(scenario, 1, r, weeks)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--weeks", type=int, default=156)
    args = parser.parse_args()
    print(f"{args.weeks} observed weeks, median of {args.repeats} runs (batch run, summary only)")
    for name in ("milieu-1", "milieu-2", "milieu-3", "milieu-4"):
        scenario = load_scenario(find_scenario(name))
        age = int(scenario.params["network_age_weeks"])
        median_run(scenario, 10, 1)  # warm-up
        bare = median_run(scenario.with_params(network_age_weeks=0), args.weeks, args.repeats)
        full = median_run(scenario, args.weeks, args.repeats)
        print(f"  {name}: no history {1000 * bare:6.1f} ms ({1000 * bare / args.weeks:.3f} ms/week); "
              f"with {age} weeks of history {1000 * full:6.1f} ms "
              f"({1000 * full / (args.weeks + age):.3f} ms/week, x{full / bare:.2f} per run)")


if __name__ == "__main__":
    main()
