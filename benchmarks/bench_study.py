"""Study throughput: runs per second on 1 and 2 workers, milieu 3, 156 weeks.

    .venv/bin/python benchmarks/bench_study.py [--runs 1200] [--weeks 156]

Runs the same Latin-hypercube study (4 parameters, the runs split into points x 4
replicates) into a fresh store with 1 worker (this process) and with 2 local worker
processes, and reports runs/s (wall time of the whole study, pool start-up included)
and the parallel efficiency rate(2) / (2 * rate(1)), then the floor: runs x the mean
cost of one of its runs (measured warm in this process) / workers, and each study's
wall time as a multiple of it. The stored outcomes of the two studies must be identical.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from sim.study.study import Study

# The heavy imports (pandas, the store, the study) are made inside the functions: the
# workers' fork server loads this script's module (the main module) before it forks
# them, and what the module imports at its top would count in the 2-worker study's
# time (0.3 s with pandas and the store: 2.37 s instead of 2.06 s for 2,000 runs of 66
# weeks). A script of one's own that runs studies does well to do the same
# (docs/studies.md).

FACTORS = ("staff_turnover_rate", "mediator_presence", "worker_hours", "tie_prob")


def study(runs: int, weeks: int) -> Study:
    from sim.scenario import find_scenario, load_scenario  # noqa: PLC0415 (see above)
    from sim.study.design import DesignSpec, parse_factor  # noqa: PLC0415
    from sim.study.study import Study  # noqa: PLC0415

    replicates = 4
    spec = DesignSpec("lhs", tuple(parse_factor(n) for n in FACTORS), runs // replicates,
                      seed=11)
    return Study.of_scenario(load_scenario(find_scenario("milieu-3")), spec,
                             replicates=replicates, weeks=weeks, seed=1)


def machine_busy() -> float:
    """CPU seconds all processes of the machine have used (from /proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                 resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def stored(out: Path) -> pd.DataFrame:
    from sim.study.store import RunStore  # noqa: PLC0415 (see above)

    frame = RunStore(out).read_runs()
    return frame.drop(columns=["seconds"]).sort_values("key", ignore_index=True)


def run_cost(s: Study, sample: int = 100) -> float:
    """The mean cost of one of the study's runs, warm, in this process: the first
    ``sample`` runs of the design (points x replicates), one after the other."""
    from sim.study.design import build_design  # noqa: PLC0415 (see above)
    from sim.study.evaluators import hlm  # noqa: PLC0415

    evaluate, design = hlm(s.context), build_design(s.design)
    evaluate(design.point(0), s.seed, 0, 1, False)  # load the compiled rules
    start = time.perf_counter()
    for i in range(sample):
        evaluate(design.point(i // s.replicates), s.seed, i % s.replicates, s.weeks, False)
    return (time.perf_counter() - start) / sample


def main() -> None:
    from sim.study.store import RunStore  # noqa: PLC0415 (see above)
    from sim.study.study import run_study  # noqa: PLC0415

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1200)
    parser.add_argument("--weeks", type=int, default=156)
    args = parser.parse_args()
    s = study(args.runs, args.weeks)
    rates, tables = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            out = Path(tmp) / f"w{workers}"
            start, cpu_start = time.perf_counter(), time.process_time()
            busy_start, own_start = machine_busy(), own_cpu()
            report = run_study(s, out, workers=workers)
            wall, main_cpu = time.perf_counter() - start, time.process_time() - cpu_start
            others = (machine_busy() - busy_start) - (own_cpu() - own_start)
            rates[workers] = report.done / wall
            tables[workers] = stored(out)
            cpu = RunStore(out).read_runs(["seconds"])["seconds"]
            print(f"{workers} worker(s): {report.done} runs in {wall:.1f} s = "
                  f"{rates[workers]:.2f} runs/s (mean {1000 * cpu.mean():.1f} ms per run "
                  f"inside the workers; study process CPU {main_cpu:.1f} s; other "
                  f"processes on the machine used {max(others, 0):.1f} CPU s meanwhile)")
    cost = run_cost(s)
    for workers, rate in rates.items():
        floor = args.runs * cost / workers
        wall = args.runs / rate
        print(f"floor on {workers} worker(s): {args.runs} runs x {1000 * cost:.2f} ms / "
              f"{workers} = {floor:.2f} s; the study took {wall:.2f} s = {wall / floor:.2f}x "
              f"the floor")
    same = tables[1].equals(tables[2])
    print(f"parallel efficiency on 2 workers: {rates[2] / (2 * rates[1]):.1%}")
    print(f"stored outcomes identical on 1 and 2 workers: {same}")


if __name__ == "__main__":
    main()
