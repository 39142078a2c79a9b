"""The one entry point experiments know the model by: run a scenario with a seed.

Seeds: a run is identified by a root seed (an integer) and a replicate number; its
generator is ``numpy.random.default_rng(SeedSequence(root, spawn_key=(replicate,)))``,
the replicate-th child of the root ``SeedSequence``. Replicate ``i`` of two scenarios
run with the same root shares its stream: what-if contrasts are paired (common
random numbers). Every output records the root seed and the replicate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim import __version__
from sim.model import HLMModel
from sim.outcomes import OUTCOME_NAMES
from sim.scenario import Scenario

_MODEL_SOURCES = ("model.py", "agents.py", "actants.py", "state.py", "record.py", "params.py",
                  "outcomes.py", "scenario.py", "runner.py", "rules/*.py")


def _model_fingerprint() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for pattern in _MODEL_SOURCES:
        for path in sorted(here.glob(pattern)):
            digest.update(path.relative_to(here).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


MODEL_VERSION = f"{__version__}+{_model_fingerprint()}"
"""The package version plus a fingerprint of the model's source files: stored runs are
keyed by it, so a study resumed after the rules changed does not reuse old runs."""


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
    model.run(weeks)
    summary = {name: model.latest[name] for name in OUTCOME_NAMES}
    frame = pd.DataFrame(model.history) if series else None
    if frame is not None:
        frame["week"] = frame["week"].astype(int)
    return RunResult(seed, replicate, weeks, summary, frame)
