"""The one entry point experiments know the model by: run a scenario with a seed.

Seeds: a run is identified by a root seed (an integer) and a replicate number; its
generator is ``numpy.random.default_rng(SeedSequence(root, spawn_key=(replicate,)))``,
the replicate-th child of the root ``SeedSequence``. Replicate ``i`` of two scenarios
run with the same root shares its stream: what-if contrasts are paired (common
random numbers). Every output records the root seed and the replicate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model import HLMModel
from sim.outcomes import OUTCOME_NAMES
from sim.scenario import Scenario


def run_generator(seed: int, replicate: int) -> np.random.Generator:
    """The generator of replicate ``replicate`` under root seed ``seed``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replicate,)))


@dataclass(frozen=True)
class RunResult:
    """Outcomes of one run: the final summary and, when asked for, the weekly series."""

    seed: int
    replicate: int
    weeks: int
    summary: dict[str, float]
    series: pd.DataFrame | None


def run_once(scenario: Scenario, seed: int, replicate: int = 0, weeks: int = 156,
             *, series: bool = False) -> RunResult:
    """Run ``scenario`` for ``weeks`` weeks under (``seed``, ``replicate``).

    The same arguments give the same numbers, in any process, on any machine with the
    same package versions.
    """
    model = HLMModel(scenario, run_generator(seed, replicate), resident_agents=False,
                     series=series)
    for _ in range(weeks):
        model.step()
    summary = {name: model.latest[name] for name in OUTCOME_NAMES}
    frame = pd.DataFrame(model.history) if series else None
    if frame is not None:
        frame["week"] = frame["week"].astype(int)
    return RunResult(seed, replicate, weeks, summary, frame)
