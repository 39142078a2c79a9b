"""The full Sobol study: 8 parameters, second order, N = 256, 4 replicates, milieu 3.

    .venv/bin/python benchmarks/bench_sobol_full.py [--n 256] [--weeks 156] [--workers 2]

Runs ``hlm-sim sensitivity milieu-3 --method sobol --second-order`` (N (2k + 2) = 4,608
design points x 4 replicates = 18,432 runs of 156 weeks) as a subprocess into a fresh
store, samples the resident memory (RSS) of the whole process tree (the command and
its workers) every half second with psutil, and reports the wall time, the peak RSS
of the tree and of its largest process, and the RSS over the course of the study (it
must not grow with the number of runs done). ``--keep DIR`` keeps the store.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PARAMS = ("staff_turnover_rate", "vacancy_weeks", "mediator_presence", "role_conflict_rate",
          "resolve_mediator", "worker_hours", "tie_prob", "attend_trust")


def tree_rss(proc: psutil.Process, cpu: dict[int, float]) -> tuple[int, int]:
    """Total and largest RSS (bytes) over ``proc`` and its descendants.

    Also records each process's CPU seconds so far in ``cpu`` (by pid).
    """
    sizes = []
    for p in [proc, *proc.children(recursive=True)]:
        try:
            sizes.append(p.memory_info().rss)
            times = p.cpu_times()
            cpu[p.pid] = times.user + times.system
        except psutil.Error:
            continue
    return sum(sizes), max(sizes, default=0)


def machine_busy() -> float:
    """CPU seconds all processes of the machine have used (from /proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=256)
    parser.add_argument("--weeks", type=int, default=156)
    parser.add_argument("--replicates", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    out = args.keep or tmp / "sobol"
    command = [sys.executable, "-m", "sim.cli.main", "sensitivity", "milieu-3", "--method", "sobol",
               "--second-order", "--params", *PARAMS, "--n", str(args.n), "--replicates",
               str(args.replicates), "--weeks", str(args.weeks), "--workers",
               str(args.workers), "--out", str(out), "--json", "--quiet"]
    print(" ".join(["hlm-sim", *command[3:]]))
    start, busy_start = time.perf_counter(), machine_busy()
    cpu: dict[int, float] = {}
    stdout_path, stderr_path = tmp / "stdout.json", tmp / "stderr.txt"
    with stdout_path.open("w") as stdout_file, stderr_path.open("w") as stderr_file:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=stdout_file, stderr=stderr_file)
    watched = psutil.Process(proc.pid)
    samples: list[tuple[float, int, int]] = []
    while proc.poll() is None:
        try:
            total, largest = tree_rss(watched, cpu)
        except psutil.Error:
            break
        samples.append((time.perf_counter() - start, total, largest))
        time.sleep(0.5)
    proc.wait()
    stdout, stderr = stdout_path.read_text(), stderr_path.read_text()
    wall = time.perf_counter() - start
    others = machine_busy() - busy_start - sum(cpu.values())
    if proc.returncode != 0:
        print(stderr)
        raise SystemExit(proc.returncode)
    result = json.loads(stdout)
    report = result["report"]
    mib = 2 ** 20
    print(f"runs: {report['total']} ({report['done']} done, {report['failed']} failed, "
          f"{report['skipped']} skipped, {report['shared']} identical to a run of another "
          f"point); points: {report['total'] // args.replicates}")
    print(f"wall time: {wall:.0f} s ({wall / 60:.1f} min); study part {report['seconds']:.0f} s"
          f" = {report['done'] / report['seconds']:.1f} runs/s")
    print(f"CPU used by the study's processes: {sum(cpu.values()):.0f} s; by other processes "
          f"on the machine meanwhile: {max(others, 0):.0f} s (of {2 * wall:.0f} core-seconds)")
    print(f"peak RSS of the process tree: {max(s[1] for s in samples) / mib:.0f} MiB; "
          f"largest single process: {max(s[2] for s in samples) / mib:.0f} MiB")
    steady = [s for s in samples if s[0] > 10]
    if steady:
        quarter = max(len(steady) // 4, 1)
        marks = [steady[min(i * quarter, len(steady) - 1)] for i in range(4)] + [steady[-1]]
        print("RSS of the tree over the study: " + ", ".join(
            f"{t:.0f} s: {total / mib:.0f} MiB" for t, total, _ in marks))
    skipped = result.get("skipped", {})
    print(f"outcomes analysed: {len({r['outcome'] for r in result['indices']})}; "
          f"skipped: {', '.join(skipped) or 'none'}")
    if args.keep is None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
