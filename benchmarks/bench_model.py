"""Speed of one model run, against Mesa's Boltzmann wealth example in the same process.

Figures (issues "The HLM network model" and "A run in a few milliseconds"):
- wall time of a 156-week run of milieu 1 (3 HLM, 550 households), median of repeats,
  for a batch run of the observed weeks only (``network_age_weeks`` = 0), a batch run
  with the milieu's history before week 0 (and the cost per simulated week), and with
  the weekly series recorded;
- resident-weeks per second of that run, and agent-steps per second of Mesa's
  BoltzmannWealth example with 1000 agents (100 steps), and their ratio.

Run: ``.venv/bin/python benchmarks/bench_model.py [--repeats 15]`` (one core: the model
is single-threaded; BLAS threads are pinned to 1 below).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from mesa.examples.basic.boltzmann_wealth_model.model import (
    BoltzmannScenario,
    BoltzmannWealth,
)

from sim.model.hlm import HLMModel
from sim.run.runner import run_generator
from sim.scenario import find_scenario, load_scenario


def time_hlm(name: str, weeks: int, repeats: int, *, series: bool, agents: bool,
             history: bool = False) -> list[float]:
    scenario = load_scenario(find_scenario(name))
    if not history:
        scenario = scenario.with_params(network_age_weeks=0)
    times = []
    for r in range(repeats):
        start = time.perf_counter()
        model = HLMModel(scenario, run_generator(1, r), resident_agents=agents, series=series)
        model.run(weeks)
        _ = model.latest
        times.append(time.perf_counter() - start)
    return times


def time_boltzmann(agents: int, steps: int, repeats: int) -> list[float]:
    times = []
    for r in range(repeats):
        model = BoltzmannWealth(BoltzmannScenario(n=agents, rng=r))
        start = time.perf_counter()
        for _ in range(steps):
            model.step()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--scenario", default="milieu-1")
    parser.add_argument("--weeks", type=int, default=156)
    args = parser.parse_args()
    site = load_scenario(find_scenario(args.scenario))
    households, age = site.households, int(site.params["network_age_weeks"])

    time_hlm(args.scenario, 20, 2, series=False, agents=False)  # warm-up (and compile)
    with_history = time_hlm(args.scenario, args.weeks, args.repeats, series=False, agents=False,
                            history=True)
    rows = {
        "batch run (summary only)": time_hlm(args.scenario, args.weeks, args.repeats, series=False, agents=False),
        f"batch run after {age} weeks of history": with_history,
        "weekly series recorded": time_hlm(args.scenario, args.weeks, args.repeats, series=True, agents=False),
        "with Resident agents + series (the page)": time_hlm(args.scenario, args.weeks, max(3, args.repeats // 3), series=True, agents=True),
    }
    print(f"{args.scenario}: {households} households x {args.weeks} weeks, {args.repeats} repeats")
    for label, times in rows.items():
        t = statistics.median(times)
        print(f"  {label:42s} median {1000 * t:6.1f} ms   min {1000 * min(times):6.1f} ms"
              f"   {households * args.weeks / t / 1e6:5.2f} M resident-weeks/s")
    per_week = statistics.median(with_history) / (args.weeks + age)
    print(f"  per simulated week, history included: {1000 * per_week:.3f} ms")
    # The ratio is measured in interleaved pairs (one HLM batch run, then one Boltzmann
    # run), so that load from other processes weighs on both sides alike.
    ratios, boltz_rates = [], []
    for r in range(args.repeats):
        ours = households * args.weeks / time_hlm(args.scenario, args.weeks, 1, series=False, agents=False)[0]
        boltz_rate = 1000 * 100 / time_boltzmann(1000, 100, 1)[0] if r % 3 == 0 else boltz_rates[-1]
        boltz_rates.append(boltz_rate)
        ratios.append(ours / boltz_rate)
    print(f"Mesa BoltzmannWealth, 1000 agents x 100 steps: median "
          f"{statistics.median(boltz_rates) / 1e3:.0f} k agent-steps/s")
    print(f"ratio resident-weeks/s (batch run) / Boltzmann agent-steps/s, interleaved pairs: "
          f"median {statistics.median(ratios):.1f}x (range {min(ratios):.1f}-{max(ratios):.1f})")


if __name__ == "__main__":
    main()
