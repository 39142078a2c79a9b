"""Cost of one batch run with its history, and a digest of what runs compute.

For milieu 3 (66 weeks) and milieu 1 (156 weeks), each with the network's history before
week 0: the median CPU time of ``run_once`` over ``--repeats`` runs (process time, so that
other processes on a shared machine weigh less than in wall time), and a digest of the
outcomes of 20 runs, which must be the same before and after a change that alters no number.
Interleave trees to compare them: ``PYTHONPATH=<tree> python <tree>/benchmarks/bench_run.py``
from a folder outside both (``python -m``-style imports would take the current folder first).

Run: ``.venv/bin/python benchmarks/bench_run.py [--repeats 80]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from sim.run.runner import run_once
from sim.scenario import find_scenario, load_scenario

CASES = (("milieu-3", 66), ("milieu-1", 156))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=80)
    args = parser.parse_args()
    for name, weeks in CASES:
        scenario = load_scenario(find_scenario(name))
        runs = [run_once(scenario, 7, r, weeks).summary for r in range(20)]
        digest = hashlib.sha256(json.dumps(runs, sort_keys=True).encode()).hexdigest()[:12]
        times = []
        for r in range(args.repeats):
            start = time.process_time()
            run_once(scenario, 1, r, weeks)
            times.append(time.process_time() - start)
        print(f"{name}, {weeks} weeks with its history: {statistics.median(times) * 1000:.2f} ms "
              f"a run (median CPU time of {args.repeats}); outcomes digest {digest}; "
              f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
