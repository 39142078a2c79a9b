"""hlm-sim against its peers on the same 500 runs of the same model (issue 20).

    .venv/bin/pip install -e ".[bench]"      # EMA Workbench, for this benchmark only
    .venv/bin/python benchmarks/bench_peers.py [--repeats 3] [--workers 2]

The work: a 5 x 5 grid over ``staff_turnover_rate`` and ``tie_prob`` (their plausible
ranges, the points ``hlm-sim sweep --levels 5`` builds), 20 replicates each, milieu 3,
156 weeks after the milieu's history: 500 runs. Replicate r runs under
``SeedSequence(1, spawn_key=(r,))`` in every contender, so all three compute the same
500 runs (the script checks the mean of one outcome over them).

The contenders, each timed as a whole process (interpreter start, imports, workers,
runs, results), interleaved and in a rotating order, repeated; medians reported:

- ``hlm-sim sweep`` into a fresh run store, ``--workers N``;
- ``mesa.batch_run`` over a thin :class:`~sim.model.hlm.HLMModel` subclass (the
  parameters as keyword arguments, a ``DataCollector`` of the outcomes at the last
  step), ``number_processes=N``, stepping week by week as Mesa does;
- EMA Workbench's ``MultiprocessingEvaluator`` (``n_processes=N``) over a
  ``ReplicatorModel`` whose function is :func:`run_point`, the same model function the
  sweep's evaluator runs.

It prints each median with the machine's load beside it, the ratios of hlm-sim to each
peer, and the floor: runs x the cost of one run (measured here, warm, in this process)
/ workers, with each figure's ratio to it. A benchmark, not a test: nothing fails on a
time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTORS = ("staff_turnover_rate", "tie_prob")
LEVELS, REPLICATES, WEEKS, SEED, MILIEU = 5, 20, 156, 1, "milieu-3"
CHECK = "partner_engagement"
"""The outcome whose mean over the 500 runs each contender prints (the same runs)."""


# --- the work, shared by the peers ------------------------------------------------------
def grid() -> list[dict[str, float]]:
    """The sweep's 25 design points (built by hlm-sim's own design code)."""
    from sim.study.design import DesignSpec, build_design, parse_factor  # noqa: PLC0415

    design = build_design(DesignSpec("grid", tuple(parse_factor(f) for f in FACTORS), LEVELS, seed=0))
    return [design.point(i) for i in range(len(design))]


_BASE: dict[str, object] = {}


def _scenario(**point: float):
    from sim.scenario import find_scenario, load_scenario  # noqa: PLC0415

    if "base" not in _BASE:
        _BASE["base"] = load_scenario(find_scenario(MILIEU))
    return _BASE["base"].with_params(**point)  # type: ignore[attr-defined]


def run_point(staff_turnover_rate: float, tie_prob: float, replicate: int) -> dict[str, float]:
    """One run: the model function of the sweep's evaluator (:func:`sim.run.runner.run_once`)."""
    from sim.run.runner import run_once  # noqa: PLC0415

    scenario = _scenario(staff_turnover_rate=staff_turnover_rate, tie_prob=tie_prob)
    return run_once(scenario, SEED, int(replicate), WEEKS).summary


# --- the contenders, each run as its own process -----------------------------------------
def peer_mesa(workers: int) -> float:
    """``mesa.batch_run`` over HLMModel; returns the mean of CHECK over the runs."""
    import numpy as np  # noqa: PLC0415
    from mesa import batch_run  # noqa: PLC0415

    points = grid()
    levels = {f: sorted({p[f] for p in points}) for f in FACTORS}
    seeds = [np.random.SeedSequence(SEED, spawn_key=(r,)) for r in range(REPLICATES)]
    model_cls = globals()["PeerModel"] = _peer_model_class()  # pickled by this name
    rows = batch_run(model_cls, parameters=levels, number_processes=workers, rng=seeds,
                     max_steps=WEEKS, data_collection_period=-1, display_progress=False)
    assert len(rows) == len(points) * REPLICATES, len(rows)
    return statistics.fmean(row[CHECK] for row in rows)


def _peer_model_class() -> type:
    from mesa import DataCollector  # noqa: PLC0415

    from sim.model.hlm import HLMModel  # noqa: PLC0415
    from sim.outcomes import OUTCOME_NAMES  # noqa: PLC0415

    class _PeerModel(HLMModel):
        """HLMModel as Mesa's batch runner wants it: parameters as keywords."""

        def __init__(self, staff_turnover_rate: float, tie_prob: float, rng=None) -> None:
            scenario = _scenario(staff_turnover_rate=staff_turnover_rate, tie_prob=tie_prob)
            super().__init__(scenario, rng, resident_agents=False, series=False)
            self.datacollector = DataCollector(
                model_reporters={n: (lambda m, n=n: m.latest[n]) for n in OUTCOME_NAMES})

        def step(self) -> None:
            super().step()
            if self.week >= WEEKS:
                self.datacollector.collect(self)

    _PeerModel.__qualname__ = _PeerModel.__name__ = "PeerModel"
    return _PeerModel


def __getattr__(name: str) -> type:
    # PeerModel is built on first use, so that importing this script (as spawned workers
    # do) stays light; workers unpickle the class by this name.
    if name == "PeerModel":
        cls = _peer_model_class()
        globals()["PeerModel"] = cls
        return cls
    raise AttributeError(name)


def peer_ema(workers: int) -> float:
    """EMA Workbench's MultiprocessingEvaluator over run_point; the mean of CHECK."""
    import warnings  # noqa: PLC0415

    warnings.filterwarnings("ignore", message="ipyparallel")
    from ema_workbench import (  # noqa: PLC0415
        MultiprocessingEvaluator,
        RealParameter,
        ReplicatorModel,
        Sample,
        ScalarOutcome,
    )

    from sim.study.design import parse_factor  # noqa: PLC0415

    model = ReplicatorModel("hlm", function=run_point)
    model.uncertainties = [RealParameter(f, parse_factor(f).low, parse_factor(f).high)
                           for f in FACTORS]
    model.replications = [{"replicate": r} for r in range(REPLICATES)]
    model.outcomes = [ScalarOutcome(CHECK, function=statistics.fmean)]  # over the replicates
    samples = [Sample(**point) for point in grid()]
    with MultiprocessingEvaluator(model, n_processes=workers) as evaluator:
        _, outcomes = evaluator.perform_experiments(scenarios=samples)
    values = outcomes[CHECK]  # one mean over the replicates per point
    assert values.size == len(samples), values.shape
    return float(values.mean())


def hlm_sweep_command(workers: int, out: Path) -> list[str]:
    return [str(Path(sys.executable).parent / "hlm-sim"), "sweep", MILIEU, "--params", *FACTORS,
            "--levels", str(LEVELS), "--replicates", str(REPLICATES), "--weeks", str(WEEKS),
            "--seed", str(SEED), "--workers", str(workers), "--quiet", "--out", str(out)]


def hlm_mean(out: Path) -> float:
    from sim.study.store import RunStore  # noqa: PLC0415

    return float(RunStore(out).read_runs([CHECK])[CHECK].mean())


# --- measuring ----------------------------------------------------------------------------
def load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{command[:3]} failed: {out.stderr.strip().splitlines()[-1:]}")
    return wall, out.stdout


def run_cost(repeats: int = 60) -> float:
    """The cost of one of these runs, warm, in this process (median over the grid)."""
    points = grid()
    run_point(**points[0], replicate=0)  # load the compiled rules
    times = []
    for i in range(repeats):
        point = points[i % len(points)]
        start = time.perf_counter()
        run_point(**point, replicate=i % REPLICATES)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--peer", choices=("mesa", "ema"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:  # one contender, in its own process
        mean = (peer_mesa if args.peer == "mesa" else peer_ema)(args.workers)
        print(json.dumps({"mean": mean}))
        return
    me = [sys.executable, str(Path(__file__).resolve())]
    names = ("hlm-sim sweep", "mesa.batch_run", "EMA Workbench")
    walls: dict[str, list[float]] = {n: [] for n in names}
    loads: dict[str, list[float]] = {n: [] for n in names}
    means: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(args.repeats):
            order = names[rep % 3:] + names[:rep % 3]
            for name in order:
                loads[name].append(load())
                if name == "hlm-sim sweep":
                    out = Path(tmp) / f"sweep{rep}"
                    wall, _ = timed(hlm_sweep_command(args.workers, out))
                    means[name] = hlm_mean(out)
                else:
                    peer = "mesa" if name.startswith("mesa") else "ema"
                    wall, text = timed([*me, "--peer", peer, "--workers", str(args.workers)])
                    means[name] = json.loads(text.strip().splitlines()[-1])["mean"]
                walls[name].append(wall)
                print(f"  repeat {rep + 1}: {name}: {wall:.2f} s (load {loads[name][-1]:.2f})",
                      file=sys.stderr, flush=True)
    cost = run_cost()
    runs = LEVELS ** len(FACTORS) * REPLICATES
    floor = runs * cost / args.workers
    med = {n: statistics.median(w) for n, w in walls.items()}
    print(f"{runs} runs ({LEVELS} x {LEVELS} grid x {REPLICATES} replicates, {MILIEU}, {WEEKS} "
          f"weeks), {args.workers} processes, whole process, median of {args.repeats} "
          f"interleaved repeats; load = 1-min load average before each (cores: {os.cpu_count()})")
    for n in names:
        print(f"  {n:15s} {med[n]:6.2f} s  (runs {', '.join(f'{w:.2f}' for w in walls[n])}; "
              f"load {statistics.median(loads[n]):.2f}; {med[n] / floor:.1f}x the floor; "
              f"mean {CHECK} {means[n]:.6f})")
    print(f"  floor: {runs} runs x {1000 * cost:.2f} ms / {args.workers} = {floor:.2f} s")
    print(f"  hlm-sim / EMA Workbench: {med[names[0]] / med[names[2]]:.2f}x (target <= 0.7)")
    print(f"  hlm-sim / mesa.batch_run: {med[names[0]] / med[names[1]]:.2f}x (target <= 0.6)")
    same = len({round(m, 9) for m in means.values()}) == 1
    print(f"  the same runs in all three (mean {CHECK} equal): {same}")


if __name__ == "__main__":
    main()
